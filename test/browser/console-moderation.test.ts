import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, laptop, launch, openEvent, screenshot, signIn } from './chromium'

const server = inject('browserServer')

/** The moderation console when another moderator decides first, and when the list or the stream fails. */
describe.skipIf(!server)('the moderation console under pressure', () => {
  let browser: Browser
  let page: Page
  let event: Awaited<ReturnType<typeof openEvent>>
  const moderator = { email: '', password: 'clave-de-moderacion-2026' }
  const ask = async (text: string) => {
    const r = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      body: { type: 'pregunta', text },
    })
    expect(r.status).toBe(201)
    return r.json as { id: string; radicado: string }
  }
  const card = (text: string) => page.locator('article.question', { hasText: text })
  const moderation = () => `${server!.url}/console/eventos/${event.slug}/moderacion`
  const focused = () => page.evaluate(() => document.activeElement?.id ?? '')

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
    moderator.email = `${event.slug}@sde.gov.co`
    const user = await event.api.call('POST', '/api/users', {
      token: event.token,
      body: { ...moderator, role: 'moderator' },
    })
    expect(user.status).toBe(201)
    page = await laptop(browser)
    await signIn(page, server!.url, moderator.email, moderator.password)
  })
  afterAll(async () => browser?.close())

  it('announces an arrival by its type, radicado and first words, and never who asked', async () => {
    await page.goto(moderation())
    await page.getByText('En vivo', { exact: true }).waitFor()
    const text =
      'Denuncio que en la inspección de policía del corregimiento San Isidro cobran por un trámite que es gratuito, y a quien no paga le demoran el certificado varias semanas.'
    const r = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      body: {
        type: 'denuncia',
        text,
        name: 'Marta Lucía Restrepo',
        email: 'marta.restrepo@correo.co',
        identityReserve: true,
      },
    })
    expect(r.status).toBe(201)
    const said = `Nueva denuncia ${r.json.radicado}: «Denuncio que en la inspección de policía del corregimiento San Isidro cobran…»`
    await page.getByRole('status').filter({ hasText: said }).waitFor({ timeout: 10_000 })
    expect((await page.getByRole('status').allInnerTexts()).join(' ')).not.toMatch(/Marta|Restrepo/)
    await card(text).getByText('Identidad reservada').waitFor()
  })

  it("keeps a long question's actions in sight, its whole text a keyboard press away", async () => {
    const start = '¿Qué pasó con los recursos del acueducto veredal de Montecristo?'
    const text =
      `${start} ${'La junta de acción comunal pidió en tres ocasiones la revisión de las cuentas y nadie respondió. '.repeat(40)}`.trim()
    expect(text.length).toBeGreaterThan(3800)
    const q = await ask(text)
    const short = '¿Dónde queda la nueva sede de la Registraduría?'
    await ask(short)
    await page.goto(moderation())
    const long = card(start)
    await long.waitFor()
    await long.evaluate((a) => a.scrollIntoView({ block: 'start' }))
    const fits = () =>
      long.evaluate((a) => ({
        card: Math.round(a.getBoundingClientRect().height),
        actions: a.querySelector('fieldset.actions')!.getBoundingClientRect().bottom <= innerHeight,
      }))
    // On a 1280×800 laptop, its first lines and its buttons, not a page of text with the buttons below it.
    const folded = await fits()
    expect(folded.card).toBeLessThan(450)
    expect(folded.actions).toBe(true)
    // The whole text stays in the page, for a screen reader and find-in-page: folded only to the eye.
    const body = long.locator('.text')
    expect(await body.textContent()).toBe(text)
    const more = long.getByRole('button', { name: `Ver todo: texto de ${q.radicado}` })
    expect(await more.getAttribute('aria-expanded')).toBe('false')
    expect(await more.getAttribute('aria-controls')).toBe(await body.getAttribute('id'))
    await expectAccessible(page, 'a long question folded, with its "Ver todo"')
    await more.focus()
    await page.keyboard.press('Enter')
    const less = long.getByRole('button', { name: `Ver menos: texto de ${q.radicado}` })
    expect(await less.getAttribute('aria-expanded')).toBe('true')
    expect(await body.evaluate((p) => p.scrollHeight <= p.clientHeight + 1)).toBe(true)
    expect((await fits()).card).toBeGreaterThan(800)
    // Read to its end, where the button now is.
    await less.evaluate((b) => b.scrollIntoView({ block: 'end' }))
    await page.keyboard.press(' ')
    await more.waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Ver todo/)
    expect((await fits()).card).toBeLessThan(450)
    // Folded back from further down the page, the text's start, the button and the actions are in sight.
    await expect.poll(async () => (await fits()).actions).toBe(true)
    expect(await more.evaluate((b) => b.getBoundingClientRect().top >= 0)).toBe(true)
    // A short question has nothing folded, and no button.
    expect(
      await card(short)
        .getByRole('button', { name: /^Ver todo/ })
        .count(),
    ).toBe(0)
  })

  it('says while a form is open that another moderator changed the question, and asks before going against it', async () => {
    const text = '¿Por qué cerraron el puesto de salud de la vereda Alto Bonito?'
    const q = await ask(text)
    await page.goto(moderation())
    await page.getByText('En vivo', { exact: true }).waitFor()
    const status = async () =>
      (await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })).json.question
    const other = async (body: Record<string, unknown>) =>
      expect(
        (await event.api.call('PATCH', `/api/questions/${q.id}`, { token: event.token, body })).status,
      ).toBe(200)
    const said = card(text).getByRole('status')
    const asked = card(text).getByRole('group', { name: /Otro moderador cambió esta pregunta/ })

    // Hiding it while another approves it: said politely beside the form, then asked about.
    await card(text).getByRole('button', { name: 'Ocultar', exact: true }).click()
    const reason = card(text).getByLabel(/Razón para ocultarla/)
    await reason.fill('Repetida')
    await other({ status: 'approved' })
    await said
      .filter({ hasText: 'Otro moderador cambió esta pregunta: ahora está «Aprobada».' })
      .waitFor({ timeout: 10_000 })
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await asked.waitFor()
    expect(await asked.locator('legend').innerText()).toBe(
      'Otro moderador cambió esta pregunta: ahora está «Aprobada». ¿Aplicar de todos modos «Ocultar»?',
    )
    expect((await status()).status).toBe('approved')
    await expectAccessible(page, 'a hide asked about after another approved the question')
    // No: back to the form, with what was typed.
    await asked.getByRole('button', { name: 'No, volver al formulario' }).click()
    await expect.poll(() => reason.evaluate((f) => f === document.activeElement)).toBe(true)
    expect(await reason.inputValue()).toBe('Repetida')
    expect((await status()).status).toBe('approved')
    // Asked again, and confirmed: applied on the question as it now is.
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await asked.getByRole('button', { name: 'Sí, aplicarla' }).click()
    await card(text).locator('.badge').getByText('Oculta', { exact: true }).waitFor()
    expect(await status()).toMatchObject({ status: 'hidden', statusReason: 'Repetida' })
    expect(await reason.count()).toBe(0)
    await card(text).getByRole('button', { name: 'Deshacer', exact: true }).click()
    await card(text).locator('.badge').getByText('Aprobada', { exact: true }).waitFor()

    // Answering it live while another leaves it pending with an office: asked about too.
    await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).click()
    await card(text).getByLabel('Respuesta dada en vivo').fill('Reabre el lunes.')
    await other({ status: 'pending', area: 'despacho' })
    await said
      .filter({ hasText: 'ahora está «Pendiente», asignada a «Despacho».' })
      .waitFor({ timeout: 10_000 })
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await asked.getByRole('button', { name: 'Sí, aplicarla' }).waitFor()
    expect((await status()).status).toBe('pending')
    await asked.getByRole('button', { name: 'Sí, aplicarla' }).click()
    await card(text).locator('.badge').getByText('Respondida en vivo', { exact: true }).waitFor()
    expect(await status()).toMatchObject({ status: 'answered_live', answer: 'Reabre el lunes.' })
  })

  it('says while the answer is typed that another hid the question, and then never answers it', async () => {
    const text = '¿Cuándo entregan los mercados a las familias damnificadas?'
    const q = await ask(text)
    await page.goto(moderation())
    await page.getByText('En vivo', { exact: true }).waitFor()
    await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).click()
    await card(text).getByLabel('Respuesta dada en vivo').fill('El viernes.')
    const hidden = await event.api.call('PATCH', `/api/questions/${q.id}`, {
      token: event.token,
      body: { status: 'hidden', reason: 'Datos personales en el texto' },
    })
    expect(hidden.status).toBe(200)
    await card(text)
      .getByRole('status')
      .filter({
        hasText:
          'Otro moderador cambió esta pregunta: ahora está «Oculta». «Marcar respondida en vivo» ya no se puede aplicar.',
      })
      .waitFor({ timeout: 10_000 })
    // The form stays, with what was typed, until the moderator decides; sent, it is refused and said so.
    expect(await card(text).getByLabel('Respuesta dada en vivo').inputValue()).toBe('El viernes.')
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await card(text)
      .getByRole('alert')
      .filter({ hasText: /ahora está «Oculta»/ })
      .waitFor()
    const now = await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })
    expect(now.json.question).toMatchObject({ status: 'hidden', answer: null })
    await card(text).getByRole('button', { name: 'Entendido' }).click()
  })

  it("says a one-click decision was refused when another moderator's took the card out of the filtered list", async () => {
    const text = '¿Quién arregla el puente de la vereda La Esperanza?'
    const next = '¿Cuándo abre la biblioteca del barrio Kennedy?'
    const q = await ask(text)
    await ask(next)
    // The stream hangs before its first byte (a proxy holding it): another moderator's decision has not
    // reached this page when the moderator clicks, as on a stream that lags by a second.
    await page.route('**/live/moderation', () => new Promise(() => {}))
    try {
      await page.goto(moderation())
      await page.locator('#f-status').selectOption({ label: 'Recibida' })
      await card(text).waitFor()
      const hidden = await event.api.call('PATCH', `/api/questions/${q.id}`, {
        token: event.token,
        body: { status: 'hidden', reason: 'Repetida en el chat' },
      })
      expect(hidden.status).toBe(200)
      await card(text).getByRole('button', { name: 'Aprobar' }).click()
      // The card stays, as the question now is, and says the approval was not applied.
      const told = card(text)
        .getByRole('alert')
        .filter({ hasText: /Otro moderador cambió esta pregunta/ })
      await told.waitFor()
      expect(await told.innerText()).toContain('ahora está «Oculta»')
      await card(text).locator('.badge').getByText('Oculta', { exact: true }).waitFor()
      await expect.poll(focused).toBe(`q-${q.id}`)
      const now = await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })
      expect(now.json.question.status).toBe('hidden')
      // Read, it leaves the filtered list, and the focus goes on to the question that takes its place.
      const takesItsPlace = await card(text).evaluate(
        (a) => (a.nextElementSibling ?? a.previousElementSibling)?.getAttribute('aria-labelledby') ?? 'mod-h',
      )
      await card(text).getByRole('button', { name: 'Entendido' }).click()
      await expect.poll(() => card(text).count()).toBe(0)
      await expect.poll(focused).toBe(takesItsPlace)
      expect(await card(next).count()).toBe(1)
    } finally {
      await page.unroute('**/live/moderation')
    }
  })

  it('undoes a mistaken hide: received again and never on the wall, or back on the wall if it had been approved', async () => {
    const wall = async () =>
      (
        (await event.api.call('GET', `/api/events/${event.slug}/questions`)).json.questions as {
          id: string
        }[]
      ).map((q) => q.id)
    const status = async (id: string) =>
      (await event.api.call('GET', `/api/questions/${id}`, { token: event.token })).json.question
    const hide = async (text: string) => {
      await card(text).getByRole('button', { name: 'Ocultar', exact: true }).click()
      await card(text)
        .getByLabel(/Razón para ocultarla/)
        .fill('Por error')
      await card(text).getByRole('button', { name: 'Confirmar' }).click()
      await card(text).locator('.badge').getByText('Oculta', { exact: true }).waitFor()
    }
    const said = page.getByRole('status').filter({ hasText: /oculta/ })
    const never = '¿Cuándo pasa el camión de la basura por la vereda Montecristo?'
    const next = '¿Dónde se inscriben los artesanos para la feria de diciembre?'
    const q = await ask(never)
    await ask(next)
    await page.goto(moderation())
    await page.getByText('En vivo', { exact: true }).waitFor()
    await page.locator('#f-status').selectOption({ label: 'Recibida' })
    await hide(never)
    // Hidden under "Recibida", the card stays, says so and offers to undo it; so does the moderator's
    // status line, for a screen reader. The focus is on the card's heading, as after any decision.
    const notice = card(never).locator('.notice', { hasText: 'Pregunta oculta. ¿Fue un error?' })
    await notice.waitFor()
    await said.filter({ hasText: `${q.radicado} oculta. Puede deshacerlo en su tarjeta.` }).waitFor()
    await expect.poll(focused).toBe(`q-${q.id}`)
    expect((await status(q.id)).status).toBe('hidden')
    await screenshot(page, 'console-moderation-undo')
    await expectAccessible(page, 'a card just hidden, with its undo')
    await notice.getByRole('button', { name: 'Deshacer', exact: true }).click()
    // Back where it was: received, never approved, and never on the public wall.
    await card(never).locator('.badge').getByText('Recibida', { exact: true }).waitFor()
    await said.filter({ hasText: `${q.radicado} ya no está oculta: vuelve a «Recibida»` }).waitFor()
    await expect.poll(focused).toBe(`q-${q.id}`)
    expect(await status(q.id)).toMatchObject({ status: 'received', approvedAt: null, statusReason: null })
    expect(await wall()).not.toContain(q.id)
    expect(await card(never).locator('.notice').count()).toBe(0)

    // Hidden again and the notice dismissed: the card leaves the filtered list, and the focus goes on to
    // the question that takes its place.
    await hide(never)
    const takesItsPlace = await card(never).evaluate(
      (a) => (a.nextElementSibling ?? a.previousElementSibling)?.getAttribute('aria-labelledby') ?? 'mod-h',
    )
    await notice.getByRole('button', { name: 'Cerrar' }).click()
    await expect.poll(() => card(never).count()).toBe(0)
    await expect.poll(focused).toBe(takesItsPlace)

    // An approved one, hidden from the "Aprobada" list, then undone under "Oculta" with the card's own
    // button: back on the wall, approved as it was, without the hide's reason.
    const shown = '¿Qué pasó con la placa huella de la vereda Los Alpes?'
    const a = await ask(shown)
    expect(
      (
        await event.api.call('PATCH', `/api/questions/${a.id}`, {
          token: event.token,
          body: { status: 'approved' },
        })
      ).status,
    ).toBe(200)
    const approvedAt = (await status(a.id)).approvedAt
    await page.locator('#f-status').selectOption({ label: 'Aprobada' })
    await hide(shown)
    expect(await wall()).not.toContain(a.id)
    // The moderator's next decision, on another card, takes the undo away: the card leaves the list.
    await page.locator('#f-status').selectOption('')
    await card(next).getByRole('button', { name: 'Aprobar' }).click()
    await card(next).locator('.badge').getByText('Aprobada', { exact: true }).waitFor()
    expect(await card(shown).locator('.notice').count()).toBe(0)
    await page.locator('#f-status').selectOption({ label: 'Oculta' })
    await card(shown).getByRole('button', { name: 'Deshacer ocultar' }).click()
    await said
      .filter({ hasText: `${a.radicado} ya no está oculta: vuelve a «Aprobada», en el muro público.` })
      .waitFor()
    await expect.poll(() => card(shown).count()).toBe(0)
    expect(await status(a.id)).toMatchObject({ status: 'approved', approvedAt, statusReason: null })
    expect(await wall()).toContain(a.id)
    await page.locator('#f-status').selectOption('')
  })

  it('drops a question hidden meanwhile from the projector while its live stream is blocked', async () => {
    const text = '¿Por qué no han pagado los subsidios del adulto mayor?'
    const q = await ask(text)
    for (const body of [{ status: 'approved' }, { pinned: true }])
      expect(
        (await event.api.call('PATCH', `/api/questions/${q.id}`, { token: event.token, body })).status,
      ).toBe(200)
    const projector = await laptop(browser)
    // A proxy that lets the API through but not event streams.
    await projector.route('**/live', (route) => route.abort('connectionrefused'))
    try {
      await projector.goto(`${server!.url}/console/proyector/${event.slug}`)
      await projector.locator('blockquote', { hasText: text }).waitFor()
      await projector.getByText(/reconectando/).waitFor()
      const hidden = await event.api.call('PATCH', `/api/questions/${q.id}`, {
        token: event.token,
        body: { status: 'hidden', reason: 'Lenguaje ofensivo' },
      })
      expect(hidden.status).toBe(200)
      // Read again within the poll (10 s, and a moment for the read), with no stream to say so.
      await projector.getByText('En un momento, la siguiente pregunta.').waitFor({ timeout: 13_000 })
      expect(await projector.locator('blockquote').count()).toBe(0)
    } finally {
      await projector.close()
    }
  })

  it('reads the list again when its first read is lost, rather than say "Cargando…" under "En vivo"', async () => {
    const text = '¿Habrá ruta escolar para la vereda El Salitre?'
    await ask(text)
    // The venue's network drops the list's first read; the live stream gets through.
    let cut = 0
    await page.route('**/api/events/*/questions?*', (route) =>
      cut++ ? route.continue() : route.abort('connectionreset'),
    )
    try {
      await page.goto(moderation())
      await page.getByText('En vivo', { exact: true }).waitFor()
      await card(text).waitFor()
      expect(cut).toBeGreaterThan(1)
      await expect.poll(() => page.getByRole('alert').count()).toBe(0)
      expect(await page.getByText('Cargando…').count()).toBe(0)
    } finally {
      await page.unroute('**/api/events/*/questions?*')
    }
  })

  it('reads the list again when its live stream first opens late, for what came after the last read', async () => {
    // A proxy holds the stream back from the start: the list is read every 10 s meanwhile. Each of those
    // reads answers as the first did, so the question asked below reaches the page only by the read that
    // the stream's late opening must bring (it has no id to replay from).
    let first: { status: number; headers: Record<string, string>; body: Buffer } | undefined
    let stale = true
    await page.route('**/api/events/*/questions?*', async (route) => {
      if (!stale) return route.continue()
      if (!first) {
        const r = await route.fetch()
        first = { status: r.status(), headers: r.headers(), body: await r.body() }
      }
      return route.fulfill(first)
    })
    await page.route('**/live/moderation', (route) => route.abort('connectionrefused'))
    try {
      await page.goto(moderation())
      await page.getByText(/reconectando/).waitFor()
      await page.locator('article.question').first().waitFor()
      const text = '¿Cuándo abren la biblioteca del corregimiento La Esperanza?'
      await ask(text)
      stale = false
      await page.unroute('**/live/moderation')
      await page.getByText('En vivo', { exact: true }).waitFor({ timeout: 40_000 })
      await card(text).waitFor({ timeout: 5_000 })
    } finally {
      await page.unroute('**/live/moderation')
      await page.unroute('**/api/events/*/questions?*')
    }
  })

  it('announces the questions that a read of the list brings while the live stream is away', async () => {
    // A proxy that lets the API through but not event streams: the list is read again every 10 s.
    await page.route('**/live/moderation', (route) => route.abort('connectionrefused'))
    try {
      await page.goto(moderation())
      await page.getByText(/reconectando/).waitFor()
      await page.locator('article.question').first().waitFor()
      const arrivals = page.getByRole('status').filter({ hasText: /pregunta/ })
      // What the first read lists is no news.
      expect(await arrivals.count()).toBe(0)
      const text = '¿Se construirá el polideportivo del corregimiento San Isidro?'
      const q = await ask(text)
      await card(text).waitFor({ timeout: 20_000 })
      const said = `Nueva pregunta ${q.radicado}: «${text}»`
      await arrivals.filter({ hasText: said }).waitFor()
      // Read again with nothing new, it says nothing new.
      await page.waitForTimeout(11_000)
      expect(await arrivals.allInnerTexts()).toEqual([said])
    } finally {
      await page.unroute('**/live/moderation')
    }
  })
})
