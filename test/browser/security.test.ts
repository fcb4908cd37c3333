import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launch, openEvent } from './chromium'

const server = inject('browserServer')
const xss = '<script>alert("xss")</script><img src=x onerror=alert(1)>'

/** A phone with the page's own CSP enforced (the other suites bypass it to inject axe-core). */
async function strictPhone(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'es-CO' })
  const page = await context.newPage()
  const dialogs: string[] = []
  page.on('dialog', async (d) => {
    dialogs.push(d.message())
    await d.dismiss()
  })
  await page.addInitScript(() => {
    ;(window as any).__violations = []
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    )
  })
  return { page, dialogs, violations: () => page.evaluate(() => (window as any).__violations as string[]) }
}

describe.skipIf(!server)('the attendee page under its own CSP', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => browser?.close())

  it('works with nothing blocked and shows a question with markup in it as plain text', async () => {
    const { slug, api, token } = await openEvent(server!.url)
    const q = await api.call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'pregunta', text: xss },
    })
    await api.call('PATCH', `/api/questions/${q.json.id}`, { token, body: { status: 'approved' } })
    const { page, dialogs, violations } = await strictPhone(browser)
    await page.goto(`${server!.url}/e/${slug}`)
    await page.getByRole('heading', { name: 'Asistencia' }).waitFor()
    const item = page.locator('#wall li', { hasText: 'alert("xss")' })
    await item.waitFor()
    expect(await item.locator('p.q').innerText()).toBe(xss)
    expect(await page.locator('#wall script, #wall img').count()).toBe(0)
    expect(dialogs).toEqual([])
    expect(await violations()).toEqual([])
  })
})

describe.skipIf(!server)('the widget embedded on another site', () => {
  let browser: Browser
  let site: Server
  let siteUrl = ''
  beforeAll(async () => {
    browser = await launch()
    site = createServer((req, res) => {
      const slug = new URL(req.url!, 'http://x').searchParams.get('evento')
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.end(`<!doctype html><html lang="es"><title>Alcaldía</title><main>
        <script src="${server!.url}/widget.js" data-event="${slug}" data-form="asistencia" async></script></main>`)
    })
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r))
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await browser?.close()
    site?.close()
  })

  const registerOn = async (page: Page, slug: string) => {
    await page.goto(`${siteUrl}/?evento=${slug}`)
    await page.getByLabel('Nombre completo').fill('Rosa Gómez')
    await page.getByLabel('Correo electrónico').fill(`rosa-${slug}@correo.co`)
    await page.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await page.getByRole('button', { name: 'Enviar' }).click()
  }

  it('registers from a site the event allows', async () => {
    const { slug, api, token } = await openEvent(server!.url, {
      modality: 'virtual',
      allowedOrigins: [siteUrl],
    })
    const { page } = await strictPhone(browser)
    await registerOn(page, slug)
    await page.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' }).waitFor()
    const list = await api.call('GET', `/api/events/${slug}/attendance`, { token })
    expect(JSON.stringify(list.json)).toContain('Rosa Gómez')
  })

  it('stores nothing sent from a site the event does not list', async () => {
    const { slug, api, token } = await openEvent(server!.url, { modality: 'virtual' })
    const { page } = await strictPhone(browser)
    await registerOn(page, slug)
    // The browser refuses the preflight, so the widget keeps the submission on the device.
    await page.getByText(/Guardado en este dispositivo/).waitFor()
    const list = await api.call('GET', `/api/events/${slug}/attendance`, { token })
    expect(list.json.attendees).toEqual([])
  })
})
