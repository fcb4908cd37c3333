import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { unique } from '../contract/client'
import { expectAccessible, inWidget, launch, openEvent, phone, retryUntilShown } from './chromium'

const server = inject('browserServer')

/** What waits on the device to be sent: who is told when it goes, what a reload says of it. */
describe.skipIf(!server)('a submission waiting on the device', () => {
  let browser: Browser
  let event: Awaited<ReturnType<typeof openEvent>>

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
  })
  afterAll(async () => browser?.close())

  const queued =
    'Guardado en este dispositivo, aún sin enviar: se enviará cuando vuelva la conexión, con esta página abierta. Si la cierra, vuelva a abrirla para enviarlo.'
  const busy =
    'Guardado en este dispositivo, aún sin enviar: el servicio está ocupado en este momento y se enviará automáticamente en unos minutos, con esta página abierta. Si la cierra, vuelva a abrirla para enviarlo.'
  /** A POST meets no network; anything else goes through. */
  const offline = (route: Route) =>
    route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()
  const status = (page: Page) => page.locator('cabildo-form [role=status].k')
  const filed = (page: Page) => page.getByRole('heading', { name: /Su pregunta quedó radicada/ })
  /** The submissions this phone keeps to send. */
  const outbox = (page: Page) =>
    page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), `cabildo:${server!.url}:outbox`)
  /** How many `beforeunload` listeners the window has: one keeps a page out of Firefox's bfcache. */
  const beforeUnload = async (page: Page) => {
    const cdp = await page.context().newCDPSession(page)
    const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' })
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! })
    await cdp.detach()
    return listeners.filter((l) => l.type === 'beforeunload').length
  }
  const invalid = (page: Page) =>
    inWidget(page, (root) => root.querySelectorAll('[aria-invalid=true]').length)
  const questionsWith = async (text: string) => {
    const res = await event.api.call('GET', `/api/events/${event.slug}/questions`, { token: event.token })
    return res.json.questions.filter((q: { text: string }) => q.text === text)
  }
  async function ask(page: Page, text: string, query = '') {
    await page.goto(`${server!.url}/e/${event.slug}${query}`)
    await page.getByRole('button', { name: query ? 'Question' : 'Pregunta', exact: true }).click()
    await page.getByLabel(query ? 'Kind of request' : 'Tipo de solicitud').selectOption('sugerencia')
    await page.getByLabel(query ? 'Your question or request' : 'Su pregunta o solicitud').fill(text)
    await page.getByRole('button', { name: query ? 'Send' : 'Enviar' }).click()
  }

  it('tells the tab that waits for a question when another tab of the phone delivers it', async () => {
    const first = await phone(browser)
    const text = 'Entregada por la otra pestaña: ¿habrá transmisión en lengua de señas?'
    await first.route('**/questions', offline)
    await ask(first, text)
    await first.getByText(queued).waitFor()
    // The same page open in a second tab, which cannot send anything itself: it shows the question waiting.
    const second = await first.context().newPage()
    await second.route('**/questions', offline)
    await second.goto(`${server!.url}/e/${event.slug}`)
    await second.getByText(queued).waitFor()

    // The first tab gets the network back and delivers it.
    await first.unroute('**/questions', offline)
    await retryUntilShown(first, /Su pregunta quedó radicada/)
    const rows = await questionsWith(text)
    expect(rows).toHaveLength(1)
    // The second tab says so too, with the same radicado, rather than "aún sin enviar".
    await filed(second).waitFor()
    expect(await filed(second).innerText()).toContain(rows[0].radicado)
    expect(await second.getByText(queued).count()).toBe(0)
    expect(await questionsWith(text)).toHaveLength(1)
    await first.context().close()
  })

  it('says after a reload why a question waits: no network, a busy server, its Retry-After, in the page language', async () => {
    const page = await phone(browser)
    // After a reload, the retry it makes is answered only once the form has said why it waits: only what
    // the device kept can tell it then.
    let reply = offline
    let held: Route[] | undefined
    await page.route('**/questions', (route) =>
      route.request().method() !== 'POST' ? route.continue() : held ? held.push(route) : reply(route),
    )
    // `retries`: the reopened page sends what waits 300 ms after it opens, unless a Retry-After holds it.
    // That attempt is waited for, and answered, before the test goes on, so that the reason each step reads
    // is the answer it gave (an attempt a reload takes with it is the next test's).
    const reload = async (retries = true) => {
      held = []
      await page.reload()
      await status(page).waitFor()
      const said = await status(page).innerText()
      if (retries) await expect.poll(() => held!.length).toBeGreaterThan(0)
      for (const route of held!) await reply(route)
      held = undefined
      return said
    }
    await ask(page, `Motivo tras recargar ${unique('a')}`)
    await status(page).filter({ hasText: queued }).waitFor()
    expect(await reload()).toContain(queued)

    // The server fails (503, no Retry-After).
    reply = (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'No disponible.' } }),
      })
    await page.getByRole('button', { name: 'Reintentar' }).click()
    await status(page).filter({ hasText: busy }).waitFor()
    expect(await reload()).toContain(busy)

    // Connection lost again: the reason changes back, and stays after a reload.
    reply = offline
    await page.getByRole('button', { name: 'Reintentar' }).click()
    await status(page).filter({ hasText: queued }).waitFor()
    expect(await reload()).toContain(queued)

    // Rate-limited for a minute (429 with Retry-After), reopened on a weak connection: the event comes
    // after the outbox's first look at its queue, and the form still says the server holds it back.
    reply = (route) =>
      route.fulfill({
        status: 429,
        headers: { 'retry-after': '60' },
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Demasiadas solicitudes.' } }),
      })
    await page.getByRole('button', { name: 'Reintentar' }).click()
    await status(page).filter({ hasText: busy }).waitFor()
    const slow = async (route: Route) => {
      await new Promise((r) => setTimeout(r, 1500))
      await route.continue()
    }
    await page.route(`**/api/events/${event.slug}`, slow)
    expect(await reload(false)).toContain(busy)
    await page.unroute(`**/api/events/${event.slug}`, slow)
    await page.close()
  })

  it('keeps the server’s reason when a reload takes an attempt still under way with it', async () => {
    const page = await phone(browser)
    // The server is busy (503); then an attempt gets no answer before the page reloads, and leaves with it.
    let answer = true
    const held: Route[] = []
    await page.route('**/questions', (route) =>
      route.request().method() !== 'POST'
        ? route.continue()
        : answer
          ? route.fulfill({
              status: 503,
              contentType: 'application/json',
              body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'No disponible.' } }),
            })
          : held.push(route),
    )
    await ask(page, `Recarga con un intento en curso ${unique('a')}`)
    await status(page).filter({ hasText: busy }).waitFor()
    // Listened to only while an attempt is out, so the page (an embedding site's too) stays cacheable.
    expect(await beforeUnload(page)).toBe(0)
    answer = false
    await page.getByRole('button', { name: 'Reintentar' }).click()
    await expect.poll(() => held.length).toBe(1)
    expect(await beforeUnload(page)).toBe(1)
    await page.reload()
    // The reopened page's own attempt is held too: what the status says is what the device kept.
    await status(page).waitFor()
    expect(await status(page).innerText()).toContain(busy)
    expect(await outbox(page)).toMatchObject([{ status: 503 }])
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await page.close()
  })

  it('goes on retrying, and says so, when an attempt fails after a «leave this page?» the person stayed on', async () => {
    const page = await phone(browser)
    const text = `Se quedó en la página ${unique('a')}`
    // The first attempt is held unanswered, then fails with no network; the next ones go through.
    const held: Route[] = []
    const keys: string[] = []
    let through = false
    await page.route('**/questions', (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      keys.push(route.request().headers()['idempotency-key'])
      return through ? route.continue() : held.push(route)
    })
    await page.goto(`${server!.url}/e/${event.slug}`)
    // The embedding site asks before the page is left, as some do while something of theirs is unsaved.
    await page.evaluate(() =>
      addEventListener('beforeunload', (e) => {
        e.preventDefault()
        e.returnValue = ''
      }),
    )
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page.getByLabel('Su pregunta o solicitud').fill(text)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await expect.poll(() => held.length).toBe(1)
    // The person starts to leave, is asked, and stays.
    const asked = new Promise<void>((done) =>
      page.once('dialog', (d) => {
        expect(d.type()).toBe('beforeunload')
        done(d.dismiss())
      }),
    )
    await page.close({ runBeforeUnload: true })
    await asked
    expect(page.isClosed()).toBe(false)
    // The attempt under way then fails: the form says the question waits on the device, its controls
    // back, and the outbox tries again on its own (no `online`, no reload, no button pressed).
    await held[0].abort('internetdisconnected')
    await status(page).filter({ hasText: queued }).waitFor()
    expect(await page.getByRole('button', { name: 'Enviando…' }).count()).toBe(0)
    through = true
    await filed(page).waitFor({ timeout: 15_000 })
    // With the key of the first attempt: one question filed.
    expect(keys.length).toBeGreaterThan(1)
    expect(new Set(keys).size).toBe(1)
    expect(await questionsWith(text)).toHaveLength(1)
    expect(await outbox(page)).toEqual([])
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await page.close()
  })

  it('says why a question waits after a reload in English on an English page', async () => {
    const page = await phone(browser)
    await page.route('**/questions', (route) =>
      route.request().method() !== 'POST'
        ? route.continue()
        : route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'Service unavailable.' } }),
          }),
    )
    await ask(page, `Reason after reload ${unique('a')}`, '?lang=en')
    const english = 'Saved on this device, not sent yet: the service is busy right now'
    await status(page).filter({ hasText: english }).waitFor()
    // The retry after the reload is not answered before the form shows.
    await page.unrouteAll()
    await page.route('**/questions', (route) =>
      route.request().method() === 'POST' ? undefined : route.continue(),
    )
    await page.reload()
    await status(page).waitFor()
    expect(await status(page).innerText()).toContain(english)
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await page.close()
  })

  it('keeps each registration a shared phone queues offline, frees the form for the next person, and delivers every one once', async () => {
    const page = await phone(browser)
    await page.route('**/attendance', offline)
    await page.goto(`${server!.url}/e/${event.slug}`)
    const people = [unique('Primera Kiosco'), unique('Segunda Kiosco')]
    for (const [i, name] of people.entries()) {
      await page.getByLabel('Nombre completo').fill(name)
      await page.getByLabel('Correo electrónico').fill(`kiosco-${i}-${unique('a')}@example.com`)
      await page.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
      await page.getByRole('button', { name: 'Enviar' }).click()
      await page.getByText(queued).waitFor()
      if (i) break
      // The next person in line: the form, empty, while the first registration waits to be sent.
      await page.getByRole('button', { name: 'Registrar a otra persona' }).click()
      await expect.poll(() => inWidget(page, (root) => root.activeElement?.textContent)).toBe('Asistencia')
      expect(await page.getByLabel('Nombre completo').inputValue()).toBe('')
      expect(await page.getByRole('checkbox', { name: /autorizo el tratamiento/ }).isChecked()).toBe(false)
    }
    const keys = (await outbox(page)).map((j: { key: string }) => j.key)
    expect(keys).toHaveLength(2)
    expect(new Set(keys).size).toBe(2)
    // A reload keeps both, and the form shows the one it waits for: the second person's.
    await page.reload()
    await page.getByText(queued).waitFor()
    expect(await outbox(page)).toHaveLength(2)

    await page.unroute('**/attendance', offline)
    await retryUntilShown(page, '¡Gracias! Su asistencia quedó registrada.')
    await expect.poll(() => outbox(page)).toEqual([])
    const res = await event.api.call('GET', `/api/events/${event.slug}/attendance`, { token: event.token })
    const rows = res.json.attendees.filter((a: { name: string }) => people.includes(a.name))
    expect(rows.map((a: { name: string }) => a.name).sort()).toEqual([...people].sort())
    // The second's code on the confirmation; the first's among the earlier ones under it.
    const code = (name: string) => rows.find((a: { name: string }) => a.name === name).checkinCode
    expect(await page.locator('cabildo-form p > strong').innerText()).toBe(code(people[1]))
    await page.getByRole('button', { name: 'Registrar a otra persona' }).click()
    expect(await page.locator('cabildo-form li > strong').allInnerTexts()).toEqual([
      code(people[1]),
      code(people[0]),
    ])
    await expectAccessible(page, 'the form for the next person')
    await page.close()
  })

  it('tells an earlier person’s refused registration apart from the next person’s form, and puts it back to correct', async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    const net = page.context()
    const first = unique('Primera Rechazada')
    const second = unique('Segundo en la Fila')
    const formAlert = page.locator('cabildo-form form [role=alert]')
    // A minor's document with no age range: a rule the device leaves to the server, which refuses it.
    await net.setOffline(true)
    await page.getByLabel('Nombre completo').fill(first)
    await page.getByLabel('Tipo de documento').selectOption('TI')
    await page.getByLabel('Número de documento').fill('1002003004')
    await page.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByText(queued).waitFor()
    await page.getByRole('button', { name: 'Registrar a otra persona' }).click()
    await page.getByLabel('Nombre completo').fill(second)

    // The connection returns while the next person types: the server refuses the first registration.
    await net.setOffline(false)
    const notice = page.locator('cabildo-form [role=status] > p').filter({ hasText: first })
    await notice.waitFor()
    expect(await notice.innerText()).toContain(`No se pudo registrar a ${first}`)
    expect(await notice.innerText()).toContain('indique su rango de edad')
    // The form on screen is the next person's: what they typed, and no error of the first's.
    const theirs = async () => {
      expect(await page.getByLabel('Nombre completo').inputValue()).toBe(second)
      expect(await invalid(page)).toBe(0)
      expect(await formAlert.innerText()).toBe('')
    }
    await theirs()
    // While they type, nothing takes their form away: the first is only said, and can be let go.
    expect(await notice.getByRole('button', { name: 'Corregir' }).count()).toBe(0)
    await page.reload()
    await notice.waitFor()
    await theirs()
    expect(await outbox(page)).toEqual([])

    // The next person registers; then the first registration goes back in the form, to be corrected.
    await page.getByLabel('Correo electrónico').fill(`fila-${unique('b')}@example.com`)
    await page.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' }).waitFor()
    expect(await notice.count()).toBe(1)
    await notice.getByRole('button', { name: 'Corregir' }).click()
    expect(await notice.count()).toBe(0)
    expect(await page.getByLabel('Nombre completo').inputValue()).toBe(first)
    expect(await page.getByLabel('Número de documento').inputValue()).toBe('1002003004')
    // Consent is given afresh, never restored; the server's words are on the field it named, which has focus.
    expect(await page.getByRole('checkbox', { name: /autorizo el tratamiento/ }).isChecked()).toBe(false)
    expect(await formAlert.innerText()).toBe('Revise: Rango de edad')
    const age = page.getByRole('group', { name: /Rango de edad/ })
    expect(await age.innerText()).toContain('indique su rango de edad')
    await expect.poll(() => inWidget(page, (root) => root.activeElement?.getAttribute('type'))).toBe('radio')
    await expectAccessible(page, 'an earlier registration put back to correct')
    await age.getByRole('radio', { name: '18 a 28', exact: true }).check()
    await page.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' }).waitFor()

    const res = await event.api.call('GET', `/api/events/${event.slug}/attendance`, { token: event.token })
    const names = res.json.attendees.map((a: { name: string }) => a.name)
    expect(names.filter((n: string) => n === first || n === second).sort()).toEqual([first, second].sort())
    await page.close()
  })

  it('lets an earlier person’s refused question go, said by its first words, with the next person’s form left alone', async () => {
    const page = await phone(browser)
    const text = `${unique('Denuncia de la fila')} sobre el alumbrado del parque central, que lleva meses apagado`
    let refuse = false
    await page.route('**/questions', (route) =>
      route.request().method() !== 'POST'
        ? route.continue()
        : refuse
          ? route.fulfill({
              status: 409,
              contentType: 'application/json',
              body: JSON.stringify({
                error: { code: 'EVENT_CLOSED', message: 'El evento está cerrado y ya no recibe envíos.' },
              }),
            })
          : offline(route),
    )
    await ask(page, text)
    await status(page).filter({ hasText: queued }).waitFor()
    await page.getByRole('button', { name: 'Hacer otra pregunta' }).click()
    // The next person sends the form empty, and it says what it lacks.
    await page.getByRole('button', { name: 'Enviar' }).click()
    await expect.poll(() => invalid(page)).toBe(2)
    // The connection returns, and the server refuses the earlier question as a closed event's.
    refuse = true
    await page.evaluate(() => dispatchEvent(new Event('online')))
    const notice = page.locator('cabildo-form [role=status] > p').filter({ hasText: 'No se pudo radicar' })
    await notice.waitFor()
    const said = await notice.innerText()
    expect(said).toContain(text.slice(0, 40))
    expect(said).not.toContain('meses apagado')
    expect(said).toContain('El evento está cerrado')
    // The next person's form still says only what it lacks.
    expect(await invalid(page)).toBe(2)
    expect(await page.locator('cabildo-form form [role=alert]').innerText()).toBe(
      'Revise: Tipo de solicitud; Su pregunta o solicitud',
    )
    await notice.getByRole('button', { name: 'Descartar' }).click()
    expect(await notice.count()).toBe(0)
    await page.reload()
    await page.getByLabel('Su pregunta o solicitud').waitFor()
    expect(await notice.count()).toBe(0)
    expect(await outbox(page)).toEqual([])
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await page.close()
  })

  it('takes the next question on a shared phone while the last waits offline, and files each with its own radicado', async () => {
    const page = await phone(browser)
    await page.route('**/questions', offline)
    const texts = [unique('Primera en espera'), unique('Segunda en espera')]
    await ask(page, texts[0])
    await status(page).filter({ hasText: queued }).waitFor()
    await page.getByRole('button', { name: 'Hacer otra pregunta' }).click()
    expect(await page.getByLabel('Su pregunta o solicitud').inputValue()).toBe('')
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page.getByLabel('Su pregunta o solicitud').fill(texts[1])
    await page.getByRole('button', { name: 'Enviar' }).click()
    await status(page).filter({ hasText: queued }).waitFor()
    expect(await outbox(page)).toHaveLength(2)

    await page.unroute('**/questions', offline)
    await retryUntilShown(page, /Su pregunta quedó radicada/)
    await expect.poll(() => outbox(page)).toEqual([])
    const [first, second] = await Promise.all(texts.map(questionsWith))
    expect([first.length, second.length]).toEqual([1, 1])
    // The second's radicado on the confirmation, the first's already among the earlier ones under it.
    expect(await filed(page).innerText()).toContain(second[0].radicado)
    expect(await page.locator('cabildo-form li > strong').allInnerTexts()).toEqual([first[0].radicado])
    await page.getByRole('button', { name: 'Hacer otra pregunta' }).click()
    expect(await page.locator('cabildo-form li > strong').allInnerTexts()).toEqual([
      second[0].radicado,
      first[0].radicado,
    ])
    await page.close()
  })

  it('names each «¿Cuál?» box of the survey by its question, with an id of its own', async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await page.getByRole('button', { name: 'Evaluación', exact: true }).click()
    const other = (group: RegExp, option: string) =>
      page.getByRole('group', { name: group }).getByRole('radio', { name: option, exact: true })
    await other(/^Ocupación/, 'Otra').check()
    await page
      .getByRole('group', { name: /Grupo poblacional/ })
      .getByRole('checkbox', { name: 'Otro', exact: true })
      .check()
    await page
      .getByRole('group', { name: /qué medio se enteró/ })
      .getByRole('checkbox', { name: 'Otro', exact: true })
      .check()
    const boxes = page.getByRole('textbox', { name: /^¿Cuál\?/ })
    await expect.poll(() => boxes.count()).toBe(3)
    for (const name of [
      '¿Cuál? Ocupación',
      '¿Cuál? ¿Grupo poblacional, comunitario o social al que pertenece?',
      '¿Cuál? ¿A través de qué medio se enteró de la actividad?',
    ])
      expect(await page.getByRole('textbox', { name, exact: true }).count(), name).toBe(1)
    const ids = await inWidget(page, (root) =>
      [...root.querySelectorAll('input.t')].filter((e) => e.closest('fieldset')).map((e) => e.id),
    )
    expect(ids).toHaveLength(3)
    expect(ids.every(Boolean)).toBe(true)
    expect(new Set(ids).size).toBe(3)
    // What each says is sent with its question.
    await page.getByRole('textbox', { name: '¿Cuál? Ocupación', exact: true }).fill('Comerciante')
    expect(await page.getByRole('textbox', { name: /medio se enteró/ }).inputValue()).toBe('')
    await expectAccessible(page, 'the survey with three «¿Cuál?» boxes')
    await page.close()
  })
})
