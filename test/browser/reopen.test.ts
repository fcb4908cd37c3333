import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launch, openEvent, phone } from './chromium'

const server = inject('browserServer')

/** A page reloaded or opened again shows what the person left there, and nothing of it to the next one. */
describe.skipIf(!server)('a page opened again', () => {
  let browser: Browser
  let event: Awaited<ReturnType<typeof openEvent>>

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
  })
  afterAll(async () => browser?.close())

  const open = async (page: Page, slug = event.slug) => {
    await page.goto(`${server!.url}/e/${slug}`)
    await page.getByRole('navigation', { name: 'Formularios del evento' }).waitFor()
  }
  const tab = (page: Page, name: string) => page.getByRole('button', { name, exact: true })
  const filed = (page: Page) => page.getByRole('heading', { name: /Su pregunta quedó radicada/ })
  const eventPage = (page: Page) =>
    page.getByRole('link', { name: 'la página del evento' }).getAttribute('href')

  it("keeps the constancia's link across a reload of the tab, and keeps its token nowhere the tab outlives", async () => {
    const page = await phone(browser)
    await open(page)
    await tab(page, 'Pregunta').click()
    await page.getByLabel('Tipo de solicitud').selectOption('peticion_informacion')
    await page.getByLabel('Su pregunta o solicitud').fill('¿Cuántos emprendimientos se apoyaron en 2026?')
    await page.getByLabel('Nombre completo').fill('Petra Peticionaria Gómez')
    await page.getByRole('button', { name: 'Enviar' }).click()
    await filed(page).waitFor()
    const radicado = /SDE-\d{4}-\d{6}/.exec(await filed(page).innerText())![0]
    const link = await eventPage(page)
    const token = new URL(link!).searchParams.get('token')
    expect(token).toMatch(/^[\w-]{20,}$/)

    // Reloaded, the same tab still offers the constancia…
    await page.reload()
    await tab(page, 'Pregunta').click()
    await filed(page).waitFor()
    expect(await eventPage(page)).toBe(link)
    // …which the token still opens.
    const receipt = await page.context().newPage()
    await receipt.goto(link!)
    await receipt.getByRole('link', { name: 'Ver e imprimir la constancia de radicación' }).waitFor()
    await receipt.close()

    // The token opens the petitioner's name and petition: it is nowhere on the device past this tab.
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token)
    // The next person to open the page on this phone sees the radicado, whose status is public, and no
    // way to the constancia.
    const next = await page.context().newPage()
    await open(next)
    await tab(next, 'Pregunta').click()
    await filed(next).waitFor()
    expect(await eventPage(next)).toBe(`${server!.url}/e/${event.slug}?radicado=${radicado}#consulta`)
    await page.context().close()
  })
})
