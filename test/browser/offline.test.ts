import { rmSync } from 'node:fs'
import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startNode } from '../contract/servers'
import { requiredAnswers } from '../fixtures/answers'
import { expectAccessible, inWidget, launch, openEvent, phone, screenshot } from './chromium'

// This file stops and restarts its own server, so the shared one of the suite is only a presence check.
const enabled = Boolean(inject('browserServer'))
type Server = Awaited<ReturnType<typeof startNode>>

describe.skipIf(!enabled)('nothing typed is lost', () => {
  let browser: Browser
  let server: Server
  let event: Awaited<ReturnType<typeof openEvent>>

  beforeAll(async () => {
    browser = await launch()
    server = await startNode({}, { keepData: true })
    event = await openEvent(server.url)
  })
  afterAll(async () => {
    await browser?.close()
    await server.stop()
    rmSync(server.dir, { recursive: true, force: true })
  })

  async function fillQuestion(page: Page, text: string) {
    await page.goto(`${server.url}/e/${event.slug}`)
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page.getByLabel('Su pregunta o solicitud').fill(text)
  }
  const questionsWith = async (text: string) => {
    const res = await event.api.call('GET', `/api/events/${event.slug}/questions`, { token: event.token })
    return res.json.questions.filter((q: { text: string }) => q.text === text)
  }

  it('keeps a draft across a reload', async () => {
    const page = await phone(browser)
    await fillQuestion(page, 'Borrador que no se debe perder')
    await page.reload()
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    expect(await page.getByLabel('Su pregunta o solicitud').inputValue()).toBe(
      'Borrador que no se debe perder',
    )
    await page.close()
  })

  const html = (status: number) => (route: Route) =>
    route.fulfill({
      status,
      contentType: 'text/html',
      body: `<html><body><h1>${status}</h1>Portal</body></html>`,
    })

  it('reopens a form in its language from the copy on the device when the event cannot be fetched', async () => {
    const page = await phone(browser)
    const url = `${server.url}/e/${event.slug}?lang=en`
    const unreachable = (route: Route) => route.abort('internetdisconnected')
    // Never loaded on this device: it says so in English, with a way to try again.
    await page.route(`**/api/events/${event.slug}`, unreachable)
    await page.goto(url)
    await page.getByText("Couldn't load. Check your connection.").waitFor()
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(1)
    await page.unroute(`**/api/events/${event.slug}`, unreachable)
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.getByLabel('Full name').waitFor()

    // Loaded once: reopened without the event, the form comes back from the device, still in English.
    await page.route(`**/api/events/${event.slug}`, unreachable)
    await page.reload()
    await page.getByLabel('Full name').waitFor()
    expect(await page.getByText('Fields marked with * are required.').count()).toBe(1)
    expect(await page.getByRole('checkbox', { name: /authorise the processing/ }).count()).toBe(1)
    await expectAccessible(page, 'form reopened offline')

    // Behind a captive portal the event's address answers 200 with the portal's page: the copy, too.
    await page.unroute(`**/api/events/${event.slug}`, unreachable)
    const portal = html(200)
    await page.route(`**/api/events/${event.slug}`, portal)
    await page.reload()
    await page.getByLabel('Full name').waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
    // A refusal of the server's own (the event was taken down) is not taken for a portal: it says so.
    await page.unroute(`**/api/events/${event.slug}`, portal)
    const gone = (route: Route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'The event does not exist.' } }),
      })
    await page.route(`**/api/events/${event.slug}`, gone)
    await page.reload()
    await page.getByRole('alert').filter({ hasText: 'The event does not exist.' }).waitFor()
    expect(await page.getByLabel('Full name').count()).toBe(0)
    await page.close()
  })

  it('says so when the forms’ script is lost on the way, and loads it again when asked or back online', async () => {
    const page = await phone(browser)
    // The page and its own script arrive; widget.js, loaded on its own, is cut on the way.
    let lost = true
    let asked = 0
    await page.route('**/widget.js', (route) => {
      asked++
      return lost ? route.abort('connectionreset') : route.continue()
    })
    await page.goto(`${server.url}/e/${event.slug}`)
    const forms = page.getByRole('region', { name: 'Participe' })
    // Read at once, found or not, so that the poll says what the page shows instead of waiting on it.
    const said = () => forms.getByRole('status').allInnerTexts()
    // Not "Cargando los formularios… active JavaScript" for good: what happened, and a way out.
    await expect.poll(said).toEqual(['No pudimos cargar los formularios: revise su conexión.'])
    expect(await forms.innerText()).not.toMatch(/JavaScript/)
    await expectAccessible(page, 'forms lost')
    // Pressed while it is still lost: tried, and said again, focus kept on the button.
    const retry = forms.getByRole('button', { name: 'Reintentar' })
    await retry.click()
    await expect.poll(() => asked).toBe(2)
    await expect.poll(said).toEqual(['No pudimos cargar los formularios: revise su conexión.'])
    expect(await retry.evaluate((b) => b === document.activeElement)).toBe(true)
    // Back: the forms take its place, and focus goes to their heading (the button is gone).
    lost = false
    await retry.click()
    await forms.getByRole('heading', { name: 'Asistencia' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('participe-h')
    expect(await page.getByLabel('Nombre completo').count()).toBe(1)
    await page.close()

    // With no one pressing anything, the connection coming back loads it too.
    const other = await phone(browser)
    lost = true
    await other.route('**/widget.js', (route) => (lost ? route.abort('connectionreset') : route.continue()))
    await other.goto(`${server.url}/e/${event.slug}`)
    await expect
      .poll(() => other.getByRole('region', { name: 'Participe' }).getByRole('status').allInnerTexts())
      .toEqual(['No pudimos cargar los formularios: revise su conexión.'])
    lost = false
    await other.context().setOffline(true)
    await other.context().setOffline(false)
    await other.getByLabel('Nombre completo').waitFor()
    await other.close()
  })

  it('says so when the wall’s script or its chunk is lost on the way, and loads it again when asked or back online', async () => {
    const page = await phone(browser)
    // The page arrives, and the forms; its own script, which draws the wall, is cut on the way.
    let lost = true
    let asked = 0
    await page.route('**/app/page.js*', (route) => {
      asked++
      return lost ? route.abort('connectionreset') : route.continue()
    })
    await page.goto(`${server.url}/e/${event.slug}`)
    const wall = page.getByRole('region', { name: 'Preguntas de la ciudadanía' })
    // Read at once, found or not, so that the poll says what the page shows instead of waiting on it.
    const said = () => wall.getByRole('status').allInnerTexts()
    // Not "Cargando las preguntas… active JavaScript" for good: what happened, and a way out.
    await expect.poll(said).toEqual(['No pudimos cargar las preguntas: revise su conexión.'])
    expect(await wall.innerText()).not.toMatch(/JavaScript/)
    await expectAccessible(page, 'wall lost')
    // Pressed while it is still lost: tried, and said again, focus kept on the button.
    const retry = wall.getByRole('button', { name: 'Reintentar' })
    await retry.click()
    await expect.poll(() => asked).toBe(2)
    await expect.poll(said).toEqual(['No pudimos cargar las preguntas: revise su conexión.'])
    expect(await retry.evaluate((b) => b === document.activeElement)).toBe(true)
    // Back: the wall takes its place, focus goes to its heading (the button is gone), and the rest of the
    // page's script runs too: the lookup answers in place.
    lost = false
    await retry.click()
    await wall.getByText(/Aún no hay preguntas/).waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('preguntas-h')
    expect(await retry.count()).toBe(0)
    await page.getByLabel('Número de radicado').fill('20261234')
    await page.getByRole('button', { name: 'Consultar' }).click()
    await page.locator('#radicado-e', { hasText: 'Revise el número' }).waitFor()
    expect(new URL(page.url()).search).toBe('')
    await page.close()

    // The chunk the page's script imports is lost instead: the connection coming back loads both, with no
    // one pressing anything. On a phone that keeps to the page's CSP (the others bypass it for axe-core):
    // the notice's script runs there by its hash.
    const other = await (
      await browser.newContext({
        viewport: { width: 360, height: 740 },
        locale: 'es-CO',
        serviceWorkers: 'block',
      })
    ).newPage()
    const refused: string[] = []
    other.on('console', (m) => /Content Security Policy/.test(m.text()) && refused.push(m.text()))
    lost = true
    await other.route('**/app/shared-*.js', (route) =>
      lost ? route.abort('connectionreset') : route.continue(),
    )
    await other.goto(`${server.url}/e/${event.slug}`)
    await expect
      .poll(() =>
        other.getByRole('region', { name: 'Preguntas de la ciudadanía' }).getByRole('status').allInnerTexts(),
      )
      .toEqual(['No pudimos cargar las preguntas: revise su conexión.'])
    lost = false
    await other.context().setOffline(true)
    await other.context().setOffline(false)
    await other.getByText(/Aún no hay preguntas/).waitFor()
    expect(refused).toEqual([])
    await other.context().close()
  })

  it('keeps the place of a person who presses "Reintentar" when the event could not load, failed or not', async () => {
    // Never loaded on this phone, so there is no copy to fall back on: the message and its button.
    const page = await phone(browser)
    let down = true
    await page.route(`**/api/events/${event.slug}`, (route) =>
      down ? route.abort('internetdisconnected') : route.continue(),
    )
    await page.goto(`${server.url}/e/${event.slug}`)
    const retry = page.getByRole('button', { name: 'Reintentar' })
    await retry.waitFor()
    /** What a screen reader is on, inside the widget or not. */
    const focused = () =>
      page.evaluate(() => {
        const inside = document.querySelector('cabildo-form')?.shadowRoot?.activeElement
        return inside ? inside.textContent : document.activeElement?.tagName
      })
    // Still no network: back on the message that says so, its button in it, not on the page's <body>.
    await retry.click()
    await expect.poll(focused).toBe('No se pudo cargar. Revise su conexión. Reintentar')
    // Back: on the form's heading, where the form begins.
    down = false
    await retry.click()
    await page.getByLabel('Nombre completo').waitFor()
    await expect.poll(focused).toBe('Asistencia')
    await page.close()
  })

  it('opens the event page again with no network once it has been opened, from the copy on the device', async () => {
    const page = await phone(browser, { serviceWorker: true })
    const url = `${server.url}/e/${event.slug}`
    // Opened once, from a shared link.
    await page.goto(`${url}?canal=whatsapp`)
    await page.getByLabel('Nombre completo').fill('Abierta sin conexión')
    const kept = () =>
      page.evaluate(async () => {
        const names = await caches.keys()
        const all = await Promise.all(names.map(async (n) => (await caches.open(n)).keys()))
        return all.flat().map((r) => r.url)
      })
    await expect.poll(async () => (await kept()).includes(url)).toBe(true)
    await server.stop()
    try {
      await page.reload()
      await page.getByLabel('Nombre completo').waitFor()
      expect(await page.getByLabel('Nombre completo').inputValue()).toBe('Abierta sin conexión')
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^Rendición de cuentas 2026/)
      await expectAccessible(page, 'page reopened with no network')
      // The page and its scripts are kept; nothing of the API, and no address's query.
      const urls = await kept()
      expect(urls.some((u) => u.endsWith('/widget.js'))).toBe(true)
      expect(urls.filter((u) => new URL(u).pathname.startsWith('/api/') || u.includes('canal='))).toEqual([])
    } finally {
      server = await startNode({}, { dir: server.dir, port: server.port, keepData: true })
    }
    await page.close()
  })

  it('shows the published results once the network is back on a page reopened without it', async () => {
    const answered = await event.api.call('POST', `/api/events/${event.slug}/forms/evaluacion/responses`, {
      body: { answers: requiredAnswers, deviceToken: 'resultados-sin-red' },
    })
    expect(answered.status).toBe(201)
    const page = await phone(browser, { serviceWorker: true })
    const url = `${server.url}/e/${event.slug}`
    await page.goto(url)
    const results = page.locator('#resultados')
    await results.waitFor()
    await expect
      .poll(() =>
        page.evaluate(async (u) => {
          const names = await caches.keys()
          const all = await Promise.all(names.map(async (n) => (await caches.open(n)).keys()))
          return all.flat().some((r) => r.url === u)
        }, url),
      )
      .toBe(true)
    await server.stop()
    try {
      await page.reload()
      await page.getByLabel('Nombre completo').waitFor()
      expect(await results.isHidden()).toBe(true)
    } finally {
      server = await startNode({}, { dir: server.dir, port: server.port, keepData: true })
    }
    // The phone finds its network again: the results come without a reload.
    await page.context().setOffline(true)
    await page.context().setOffline(false)
    await results.waitFor({ timeout: 10_000 })
    expect(await results.innerText()).toContain('Respuestas a la encuesta: 1')
    await page.close()
  })

  it('queues a submission while the server is down and delivers it once when it is back', async () => {
    const page = await phone(browser)
    const text = 'Enviada sin conexión: ¿habrá transporte para las veredas?'
    await fillQuestion(page, text)
    await server.stop()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page
      .getByText(
        'Guardado en este dispositivo, aún sin enviar: se enviará cuando vuelva la conexión, con esta página abierta. Si la cierra, vuelva a abrirla para enviarlo.',
      )
      .waitFor()
    await screenshot(page, 'question-queued-offline')
    await expectAccessible(page, 'queued state')

    server = await startNode({}, { dir: server.dir, port: server.port, keepData: true })
    await page.getByRole('heading', { name: /Su pregunta quedó radicada/ }).waitFor({ timeout: 30_000 })
    expect(await questionsWith(text)).toHaveLength(1)
    await page.close()
  })

  it('stores a question once when the answer to the first attempt is lost on the way back', async () => {
    const page = await phone(browser)
    const text = 'Respuesta perdida: ¿cuándo se publica el informe?'
    await fillQuestion(page, text)
    let lost = 0
    await page.route('**/questions', async (route) => {
      if (route.request().method() !== 'POST' || lost) return route.continue()
      lost++
      await route.fetch() // the server stores it…
      await route.abort('connectionreset') // …and the phone never hears back
    })
    await page.getByRole('button', { name: 'Enviar' }).click()
    const heading = page.getByRole('heading', { name: /Su pregunta quedó radicada/ })
    await heading.waitFor({ timeout: 30_000 })
    const stored = await questionsWith(text)
    expect(stored).toHaveLength(1)
    expect(await heading.innerText()).toContain(stored[0].radicado)
    await page.close()
  })

  // What the widget keeps on the device: its queue of unsent submissions, and what it last sent per form.
  const stored = (page: Page, key: string) =>
    page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? 'null'), `cabildo:${server.url}:${key}`)
  const queued =
    'Guardado en este dispositivo, aún sin enviar: se enviará cuando vuelva la conexión, con esta página abierta. Si la cierra, vuelva a abrirla para enviarlo.'
  /** Answers each POST of a question with the next of `replies` (then lets it through), noting its key. */
  async function interceptQuestions(page: Page, replies: ((route: Route) => Promise<void>)[]) {
    const keys: string[] = []
    await page.route('**/questions', async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      keys.push(route.request().headers()['idempotency-key'])
      await (replies[keys.length - 1] ?? ((r: Route) => r.continue()))(route)
    })
    return keys
  }
  /** Presses "Reintentar" until the `n`th attempt has gone out (a click while one is out does nothing). */
  const retryUntil = (page: Page, keys: string[], n: number) =>
    expect
      .poll(async () => {
        if (keys.length < n)
          await page
            .getByRole('button', { name: 'Reintentar' })
            .click({ timeout: 2000 })
            .catch(() => {})
        return keys.length
      })
      .toBeGreaterThanOrEqual(n)
  const lost = async (route: Route) => {
    await route.fetch() // the server stores it…
    await route.abort('connectionreset') // …and the phone never hears back
  }
  it("never takes replies lost twice for a refused site on the event's own page: queued with one key, stored once", async () => {
    const page = await phone(browser)
    const text = 'Dos respuestas perdidas: ¿habrá intérprete de señas?'
    await fillQuestion(page, text)
    const keys = await interceptQuestions(page, [lost, lost])
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByText(queued).waitFor()
    // The status takes focus, so a screen reader says it.
    await expect.poll(() => inWidget(page, (root) => root.activeElement?.getAttribute('role'))).toBe('status')
    await retryUntil(page, keys, 2)
    await page.getByText(queued).waitFor()
    expect(await page.getByText(/no se puede enviar desde este sitio/).count()).toBe(0)
    expect((await stored(page, 'outbox')).map((j: { key: string }) => j.key)).toEqual([keys[0]])
    await retryUntil(page, keys, 3)
    const heading = page.getByRole('heading', { name: /Su pregunta quedó radicada/ })
    await heading.waitFor()
    const rows = await questionsWith(text)
    expect(rows).toHaveLength(1)
    expect(await heading.innerText()).toContain(rows[0].radicado)
    expect(new Set(keys).size).toBe(1)
    expect(await stored(page, 'outbox')).toEqual([])
    await page.close()
  })

  it('refuses offline, on the device, a registration the server would refuse, rather than queueing it', async () => {
    const page = await phone(browser)
    await page.goto(`${server.url}/e/${event.slug}`)
    await page.getByLabel('Nombre completo').fill('Ana Pérez')
    await page.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await page.context().setOffline(true)
    try {
      await page.getByRole('button', { name: 'Enviar' }).click()
      // No document, e-mail or phone: said on the document's field, and nothing waits to be sent.
      await page.getByText(/Indique un documento, un correo o un teléfono/).waitFor()
      await page.getByLabel('Teléfono o celular').fill('123')
      await page.getByRole('button', { name: 'Enviar' }).click()
      await page.getByText(/Escriba un teléfono de 7 a 20 dígitos/).waitFor()
      await page.getByLabel('Correo electrónico').fill('josé@correo.co')
      await page.getByLabel('Teléfono o celular').fill('')
      await page.getByRole('button', { name: 'Enviar' }).click()
      await page.getByText(/Escriba un correo válido/).waitFor()
      expect(await page.getByText(queued).count()).toBe(0)
      expect((await stored(page, 'outbox')) ?? []).toEqual([])
      // Put right, it is queued and, once the connection is back, stored.
      await page.getByLabel('Correo electrónico').fill('jose@correo.co')
      await page.getByRole('button', { name: 'Enviar' }).click()
      await page.getByText(queued).waitFor()
    } finally {
      await page.context().setOffline(false)
    }
    await page.getByRole('heading', { name: /Su asistencia quedó registrada/ }).waitFor()
    await page.close()
  })

  it("keeps a submission queued with its key when a portal or a proxy answers with a page instead of Cabildo's", async () => {
    const page = await phone(browser)
    const text = 'Detrás de un portal cautivo: ¿dónde consulto el informe?'
    await fillQuestion(page, text)
    // A captive portal's 200, then a proxy's 413, 403 and 502, all in HTML: none is the server's answer.
    const keys = await interceptQuestions(page, [html(200), html(413), html(403), html(502)])
    await page.getByRole('button', { name: 'Enviar' }).click()
    for (const n of [1, 2, 3, 4]) {
      await retryUntil(page, keys, n)
      await page.getByText(queued).waitFor()
      expect(await stored(page, 'outbox')).toHaveLength(1)
      expect(await page.getByRole('alert').count()).toBe(0)
    }
    await retryUntil(page, keys, 5)
    await page.getByRole('heading', { name: /Su pregunta quedó radicada/ }).waitFor()
    expect(await questionsWith(text)).toHaveLength(1)
    expect(new Set(keys).size).toBe(1)
    await page.close()
  })

  it('says a final refusal without a message of its own with its status, and sends the same answers again with the same key', async () => {
    const page = await phone(browser)
    const text = 'Rechazo sin mensaje: ¿cuál es el presupuesto de 2027?'
    await fillQuestion(page, text)
    // The server stores it, and something on the way answers a final refusal whose message is empty.
    const keys = await interceptQuestions(page, [
      async (route) => {
        await route.fetch()
        await route.fulfill({ status: 409, json: { error: { code: 'EVENT_CLOSED', message: '' } } })
      },
    ])
    await page.getByRole('button', { name: 'Enviar' }).click()
    const alert = page.getByRole('alert')
    await alert.filter({ hasText: 'HTTP 409' }).waitFor()
    expect(await alert.innerText()).toBe(
      'El servidor no pudo atender la solicitud (HTTP 409). Intente más tarde.',
    )
    await expect.poll(() => inWidget(page, (root) => root.activeElement?.getAttribute('role'))).toBe('alert')
    expect(await page.getByLabel('Su pregunta o solicitud').inputValue()).toBe(text)
    expect(await stored(page, 'outbox')).toEqual([])

    // Sent again unchanged: the same key, so the server answers with what it stored the first time.
    await page.getByRole('button', { name: 'Enviar' }).click()
    const heading = page.getByRole('heading', { name: /Su pregunta quedó radicada/ })
    await heading.waitFor()
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
    const rows = await questionsWith(text)
    expect(rows).toHaveLength(1)
    expect(await heading.innerText()).toContain(rows[0].radicado)
    // Nothing of the answers stays on the device once they are in.
    expect(await stored(page, `${event.slug}:sent:pregunta`)).toBeNull()
    await page.close()
  })

  it('shows a final refusal that came while its form was not on screen when the form is shown next, once', async () => {
    const closing = await openEvent(server.url)
    const page = await phone(browser)
    await page.goto(`${server.url}/e/${closing.slug}`)
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    const text = 'Enviada cuando el evento ya había cerrado'
    await page.getByLabel('Su pregunta o solicitud').fill(text)
    const offline = (route: Route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()
    await page.route('**/questions', offline)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByText(queued).waitFor()

    // On another form when the event closes and the connection comes back: the retry meets the refusal.
    await page.getByRole('button', { name: 'Asistencia', exact: true }).click()
    await page.getByLabel('Nombre completo').waitFor()
    await closing.api.call('PATCH', `/api/events/${closing.slug}`, {
      token: closing.token,
      body: { status: 'closed' },
    })
    await page.unroute('**/questions', offline)
    await page.evaluate(() => dispatchEvent(new Event('online')))
    await expect.poll(() => stored(page, 'outbox')).toEqual([])

    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'El evento está cerrado' })
    await alert.waitFor()
    expect(await alert.innerText()).toBe('El evento está cerrado y ya no recibe envíos.')
    expect(await page.getByLabel('Su pregunta o solicitud').inputValue()).toBe(text)

    // Said once: shown again, the form is back to its draft with nothing announced.
    await page.getByRole('button', { name: 'Asistencia', exact: true }).click()
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    expect(await page.getByLabel('Su pregunta o solicitud').inputValue()).toBe(text)
    expect(await page.getByRole('alert').count()).toBe(0)
    await page.close()
  })
})
