import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { client, unique } from '../contract/client'
import { expectAccessible, launch, screenshot, signIn } from './chromium'

const server = inject('browserServer')
const LINKS = ['Eventos', 'Calendario', 'Informes', 'Titulares de datos', 'Personal', 'Webhooks']

/** Where each of the header's items sits: its top and bottom, and whether it spills out of the page. */
const layout = (page: Page) =>
  page.evaluate(() => {
    const header = document.querySelector('header.top') as HTMLElement
    const items = [...header.querySelectorAll('nav a, .brand, .who, header > a, header > button')].map(
      (el) => {
        const r = el.getBoundingClientRect()
        return {
          text: (el as HTMLElement).innerText.trim(),
          top: Math.round(r.top),
          bottom: Math.round(r.bottom),
        }
      },
    )
    const links = [...header.querySelectorAll('nav a')].map((a) => (a as HTMLElement).offsetTop)
    return {
      height: header.getBoundingClientRect().height,
      items,
      links,
      overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    }
  })

describe.skipIf(!server)("the console's header", () => {
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    browser = await launch()
    // An admin whose address is as long as an office's often is: every link of the header is theirs.
    const api = client(server!.url)
    const email = `${unique('participacion.ciudadana')}@alcaldiadeejemplo.gov.co`
    const made = await api.call('POST', '/api/users', {
      token: await api.login(),
      body: {
        email,
        password: 'frase de paso del area 2026',
        role: 'admin',
        name: 'Oficina de Participación',
      },
    })
    expect(made.status).toBe(201)
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'es-CO',
      bypassCSP: true,
    })
    page = await context.newPage()
    await signIn(page, server!.url, email, 'frase de paso del area 2026')
  })
  afterAll(async () => browser?.close())

  it('fits on one line at 1366 px wide with every admin link, the account and its buttons', async () => {
    const nav = page.getByRole('navigation', { name: 'Cabildo · Consola' })
    for (const name of LINKS)
      expect(await nav.getByRole('link', { name, exact: true }).isVisible(), name).toBe(true)
    const at1366 = await layout(page)
    // One line: every item of the header shares the first item's row, and the header is one row high.
    expect(new Set(at1366.links).size, JSON.stringify(at1366.links)).toBe(1)
    for (const item of at1366.items) {
      expect(item.top, item.text).toBeLessThan(at1366.items[0].bottom)
      expect(item.bottom, item.text).toBeGreaterThan(at1366.items[0].top)
    }
    expect(at1366.height).toBeLessThan(64)
    expect(at1366.overflow).toBe(false)
    // The whole address is still there for a screen reader, and on hover, where it is cut short on screen.
    const who = page.locator('header .who')
    expect(await who.textContent()).toContain('@alcaldiadeejemplo.gov.co')
    await screenshot(page, 'console-header-1366')
  })

  it('reaches every admin link by keyboard, in their order', async () => {
    await page.goto(`${server!.url}/console`)
    await page.getByRole('heading', { name: 'Eventos' }).waitFor()
    const reached: string[] = []
    for (let i = 0; i < 12 && reached.length < LINKS.length; i++) {
      await page.keyboard.press('Tab')
      const text = await page.evaluate(() =>
        document.activeElement?.closest('nav') ? (document.activeElement as HTMLElement).innerText : '',
      )
      if (text) reached.push(text)
    }
    expect(reached).toEqual(LINKS)
  })

  it('wraps onto more lines at narrower widths, every link still shown and nothing off the page', async () => {
    for (const width of [1024, 768, 390]) {
      await page.setViewportSize({ width, height: 800 })
      const nav = page.getByRole('navigation', { name: 'Cabildo · Consola' })
      for (const name of LINKS)
        expect(await nav.getByRole('link', { name, exact: true }).isVisible(), `${name} at ${width}`).toBe(
          true,
        )
      const at = await layout(page)
      expect(at.overflow, `${width}`).toBe(false)
      for (const item of at.items)
        expect(item.bottom - item.top, `${item.text} at ${width}`).toBeGreaterThan(0)
    }
    await screenshot(page, 'console-header-390')
    await expectAccessible(page, 'the header on a phone')
    await page.setViewportSize({ width: 1366, height: 768 })
  })

  it('fits on one line in English too', async () => {
    await page.goto(`${server!.url}/console?lang=en`)
    await page.getByRole('heading', { name: 'Events' }).waitFor()
    const at = await layout(page)
    expect(new Set(at.links).size, JSON.stringify(at.links)).toBe(1)
    for (const item of at.items) expect(item.top, item.text).toBeLessThan(at.items[0].bottom)
    await page.goto(`${server!.url}/console?lang=es`)
    await page.getByRole('heading', { name: 'Eventos' }).waitFor()
  })
})
