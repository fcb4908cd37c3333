import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { inWidget, launch, openEvent, phone, retryUntilShown } from './chromium'

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
  const pressed = (page: Page) =>
    page
      .getByRole('navigation', { name: 'Formularios del evento' })
      .locator('[aria-pressed=true]')
      .innerText()
  const filed = (page: Page) => page.getByRole('heading', { name: /Su pregunta quedó radicada/ })
  const eventPage = (page: Page) =>
    page.getByRole('link', { name: 'la página del evento' }).getAttribute('href')
  const queued =
    'Guardado en este dispositivo, aún sin enviar: se enviará cuando vuelva la conexión, con esta página abierta. Si la cierra, vuelva a abrirla para enviarlo.'
  const offline = (route: Route) =>
    route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()

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

  it("takes the confirmation's link to the radicado's status and constancia, not back to the confirmation", async () => {
    const page = await phone(browser)
    await open(page)
    await tab(page, 'Pregunta').click()
    await page.getByLabel('Tipo de solicitud').selectOption('pregunta')
    await page.getByLabel('Su pregunta o solicitud').fill('¿Cuándo abren los cupos de las huertas urbanas?')
    await page.getByLabel('Nombre completo').fill('Luz Dary Gómez')
    await page.getByRole('button', { name: 'Enviar' }).click()
    await filed(page).waitFor()
    // The confirmation that has just arrived takes focus, so that it is announced: its heading, an h3
    // under the page's "Participe".
    await expect.poll(() => inWidget(page, (root) => root.activeElement?.tagName)).toBe('H3')

    // Followed in the same tab, the link opens the page at the lookup, where the constancia is offered…
    await page.getByRole('link', { name: 'la página del evento' }).click()
    const receipt = page.getByRole('link', { name: 'Ver e imprimir la constancia de radicación' })
    await receipt.waitFor()
    await filed(page).waitFor()
    await page.waitForTimeout(500)
    // …and the confirmation, shown again from the device, neither takes focus nor pulls the page back up.
    expect(await inWidget(page, (root) => root.activeElement?.tagName ?? null)).toBeNull()
    const box = await receipt.boundingBox()
    expect(box!.y).toBeGreaterThanOrEqual(0)
    expect(box!.y + box!.height).toBeLessThanOrEqual(740)
    await page.context().close()
  })

  it('looks up again in place of the status the page opened with, the constancia still offered for one’s own', async () => {
    const page = await phone(browser)
    await open(page)
    await tab(page, 'Pregunta').click()
    await page.getByLabel('Tipo de solicitud').selectOption('queja')
    await page.getByLabel('Su pregunta o solicitud').fill('El parque del barrio lleva un mes sin luz.')
    await page.getByLabel('Nombre completo').fill('Nubia Quejosa Ríos')
    await page.getByRole('button', { name: 'Enviar' }).click()
    await filed(page).waitFor()
    const mine = /SDE-\d{4}-\d{6}/.exec(await filed(page).innerText())![0]
    const token = new URL((await eventPage(page))!).searchParams.get('token')
    // Someone else's, whose status is public.
    const other = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      body: { type: 'sugerencia', text: 'Que haya más bancas en el parque.' },
    })
    const theirs = other.json.radicado as string

    // The confirmation's link: the page opens with the status the server drew, and the constancia.
    await page.getByRole('link', { name: 'la página del evento' }).click()
    const result = page.locator('#lookup-result')
    const receipt = result.getByRole('link', { name: 'Ver e imprimir la constancia de radicación' })
    await receipt.waitFor()
    const field = page.getByLabel('Número de radicado')
    const look = page.getByRole('button', { name: 'Consultar' })
    /** The radicados whose status the lookup shows, and whether the constancia is offered. */
    const shown = async () => ({
      radicados: await result.getByRole('heading').allInnerTexts(),
      receipt: await receipt.count(),
    })
    // Another radicado: its status alone, not under the one the page opened with.
    await field.fill(theirs)
    await look.click()
    await expect.poll(shown).toEqual({ radicados: [theirs], receipt: 0 })
    // One's own again, as typed: its constancia is still offered, from this tab.
    const [prefix, year, n] = mine.split('-')
    await field.fill(`${prefix.toLowerCase()} ${year} ${Number(n)}`)
    await look.click()
    await expect.poll(shown).toEqual({ radicados: [mine], receipt: 1 })
    expect(await page.evaluate(() => document.querySelectorAll('#resultado, #radicado-e').length)).toBe(0)
    await page.context().close()

    // From a site that embeds the form, the token comes in the address alone: a lookup asked again on the
    // page it opened still offers the constancia (the address no longer carries it).
    const away = await phone(browser)
    await away.goto(`${server!.url}/e/${event.slug}?radicado=${mine}&token=${token}#consulta`)
    await away.getByRole('link', { name: 'Ver e imprimir la constancia de radicación' }).waitFor()
    expect(away.url()).not.toContain('token=')
    await away.getByRole('button', { name: 'Consultar' }).click()
    await away.locator('#lookup-result p', { hasText: 'Consultando…' }).waitFor({ state: 'detached' })
    await expect
      .poll(async () => ({
        radicados: await away.locator('#lookup-result').getByRole('heading').allInnerTexts(),
        receipt: await away.getByRole('link', { name: 'Ver e imprimir la constancia de radicación' }).count(),
      }))
      .toEqual({ radicados: [mine], receipt: 1 })
    await away.context().close()
  })

  it('reopens the form last used, with its draft, rather than the first', async () => {
    const page = await phone(browser)
    await open(page)
    await tab(page, 'Evaluación').click()
    await page.getByLabel('Observaciones o sugerencias').fill('Que la próxima sea en la vereda')
    await page.reload()
    await page.getByLabel('Observaciones o sugerencias').waitFor()
    expect(await page.getByLabel('Observaciones o sugerencias').inputValue()).toBe(
      'Que la próxima sea en la vereda',
    )
    expect(await pressed(page)).toBe('Evaluación')
    // Back on the first form, that is the one a new visit opens.
    await tab(page, 'Asistencia').click()
    await open(page)
    await page.getByLabel('Nombre completo').waitFor()
    expect(await pressed(page)).toBe('Asistencia')
    await page.context().close()
  })

  it('reopens the form whose submission waits to be sent, where it is then confirmed', async () => {
    const page = await phone(browser)
    await page.route('**/questions', offline)
    await open(page)
    await tab(page, 'Pregunta').click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page.getByLabel('Su pregunta o solicitud').fill('Sin conexión: ¿habrá refrigerio?')
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByText(queued).waitFor()
    // The phone drops the page while it waits for the network; opened again, it says the question waits.
    await page.reload()
    await page.getByText(queued).waitFor()
    expect(await pressed(page)).toBe('Pregunta')
    // Sent once the network is back, it is confirmed where it was asked.
    await page.unroute('**/questions', offline)
    await retryUntilShown(page, /Su pregunta quedó radicada/)
    await page.context().close()
  })

  it('reopens the form whose submission was refused while another was on screen, and says why', async () => {
    const closing = await openEvent(server!.url)
    const page = await phone(browser)
    await page.route('**/questions', offline)
    await open(page, closing.slug)
    await tab(page, 'Pregunta').click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    const text = 'Enviada cuando el evento ya había cerrado'
    await page.getByLabel('Su pregunta o solicitud').fill(text)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByText(queued).waitFor()
    // On the attendance form when the event closes and the connection comes back: the retry is refused.
    await tab(page, 'Asistencia').click()
    await page.getByLabel('Nombre completo').waitFor()
    await closing.api.call('PATCH', `/api/events/${closing.slug}`, {
      token: closing.token,
      body: { status: 'closed' },
    })
    await page.unroute('**/questions', offline)
    const outbox = () => page.evaluate((k) => localStorage.getItem(k), `cabildo:${server!.url}:outbox`)
    await page.evaluate(() => dispatchEvent(new Event('online')))
    await expect.poll(outbox).toBe('[]')

    await page.reload()
    await page.getByRole('alert').filter({ hasText: 'El evento está cerrado' }).waitFor()
    expect(await pressed(page)).toBe('Pregunta')
    expect(await page.getByLabel('Su pregunta o solicitud').inputValue()).toBe(text)
    await page.context().close()
  })
})
