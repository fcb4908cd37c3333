import type { Browser, Locator, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, laptop, launch, openEvent, phone, screenshot } from './chromium'

const server = inject('browserServer')
const moderator = { email: 'moderadora@sde.gov.co', password: 'clave-de-moderacion-2026' }

describe.skipIf(!server)('the console on a laptop', () => {
  let browser: Browser
  let page: Page
  let event: Awaited<ReturnType<typeof openEvent>>
  let checkinCode: string
  const ask = async (text: string, type = 'pregunta') => {
    const r = await event.api.call('POST', `/api/events/${event.slug}/questions`, { body: { type, text } })
    expect(r.status).toBe(201)
    return r.json as { id: string; radicado: string; dueDate: string }
  }
  const card = (text: string) => page.locator('article.question', { hasText: text })
  /** The moderator's session ends elsewhere (revoked, as an expired token is refused). */
  const endSession = () =>
    page.evaluate(async () => {
      const { token } = JSON.parse(sessionStorage.getItem('cabildo:console') ?? '{}')
      await fetch('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    })
  /** Signs the moderator in on the sign-in form shown. */
  const signIn = async () => {
    await page.getByLabel('Correo electrónico').fill(moderator.email)
    await page.getByLabel('Contraseña').fill(moderator.password)
    await page.getByRole('button', { name: 'Ingresar' }).click()
  }

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
    const user = await event.api.call('POST', '/api/users', {
      token: event.token,
      body: { ...moderator, email: `${event.slug}@sde.gov.co`, role: 'moderator' },
    })
    expect(user.status).toBe(201)
    moderator.email = `${event.slug}@sde.gov.co`
    const reg = await event.api.call('POST', `/api/events/${event.slug}/attendance`, {
      body: { name: 'Luz Dary Ramírez', documentType: 'CC', documentNumber: '43111222', consent: true },
    })
    expect(reg.status).toBe(201)
    checkinCode = reg.json.checkinCode
    // A few survey answers, so the summary has charts to draw.
    for (const [i, rating] of ['buena', 'buena', 'excelente', 'regular'].entries()) {
      const answers = {
        explicacion_procedimiento: 'clara',
        oportunidad_opinar: i % 2 ? 'adecuada' : 'inadecuada',
        tiempo_exposicion: 'adecuado',
        responde_intereses: 'si',
        muestra_resultados: 'si',
        calificacion_gestion: rating,
        volveria_participar: 'si',
        // Two suggest the same topic: the summary lists it once, with how many.
        ...(i < 3 && { temas_proximo: i < 2 ? 'Mercados campesinos' : 'Vías rurales' }),
      }
      const r = await event.api.call('POST', `/api/events/${event.slug}/forms/evaluacion/responses`, {
        body: { answers, deviceToken: `device-token-console-${i}-abcdef` },
      })
      expect(r.status).toBe(201)
    }
    page = await laptop(browser)
  })
  afterAll(async () => browser?.close())

  it('signs a moderator in, keeps the token in sessionStorage and never puts it in a URL', async () => {
    const urls: string[] = []
    page.on('request', (r) => urls.push(r.url()))
    await page.goto(`${server!.url}/console`)
    await page.getByRole('heading', { name: 'Ingreso del personal' }).waitFor()
    await expectAccessible(page, 'console login')
    await signIn()
    await page.getByRole('heading', { name: 'Eventos' }).waitFor()
    await page
      .getByRole('link', { name: /Rendición de cuentas 2026/ })
      .first()
      .waitFor()
    await expectAccessible(page, 'console events list')
    const token = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem('cabildo:console') ?? '{}').token,
    )
    expect(token).toMatch(/\S{20,}/)
    expect(urls.filter((u) => u.includes(token))).toEqual([])
    // Signed in, and after each link, focus is on the new page's heading, as after a page load; the
    // event's page has none until it has loaded, and focus waits for it.
    const focused = () =>
      page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`)
    await expect.poll(focused).toBe('H1 Eventos')
    await page.locator(`a[href$="/${event.slug}/moderacion"]`).click()
    await expect.poll(focused).toMatch(/^H1 Rendición de cuentas 2026/)
  })

  it('approves a question and the attendee page shows it on the public wall at once', async () => {
    const text = '¿Cuándo se publicará el informe de ejecución presupuestal?'
    await ask(text)
    const attendee = await phone(browser)
    await attendee.goto(`${server!.url}/e/${event.slug}`)
    await attendee.getByText(/^En vivo:/).waitFor()

    await page.goto(`${server!.url}/console/eventos/${event.slug}/moderacion`)
    await page.getByText('En vivo', { exact: true }).waitFor()
    await card(text).getByRole('button', { name: 'Aprobar' }).click()
    await card(text).getByText('Aprobada', { exact: true }).waitFor()
    await attendee.locator('#wall li', { hasText: text }).waitFor({ timeout: 10_000 })
    await attendee.close()
  })

  it('shows a question that arrives while the view is open, without reloading', async () => {
    const text = 'Pregunta en vivo: ¿habrá rutas de transporte a las veredas?'
    const q = await ask(text, 'peticion')
    await card(text).waitFor({ timeout: 10_000 })
    // Announced by its type, its radicado and what it asks: a moderator listening can tell it apart.
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Nueva petición' }).allInnerTexts())
      .toEqual([`Nueva petición ${q.radicado}: «${text}»`])
  })

  it('takes no click that lands, with the pointer at rest, on a card an arrival just moved under it', async () => {
    const read = 'Leída: ¿dónde quedará la nueva plaza de mercado?'
    await ask(read)
    await card(read).waitFor({ timeout: 10_000 })
    // The pointer rests on "Aprobar" of the newest card, the one at the top.
    const box = (await card(read).getByRole('button', { name: 'Aprobar' }).boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    const unread = 'No leída: ¿cuánto cuesta el alumbrado navideño?'
    const q = await ask(unread)
    await card(unread).waitFor({ timeout: 10_000 })
    // It took the top slot: the click, with the pointer where it rested, lands on the one never read.
    await page.mouse.down()
    await page.mouse.up()
    await page.waitForTimeout(300)
    const after = await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })
    expect(after.json.question.status).toBe('received')
    // Once the pointer moves, it aims: the click is taken.
    await card(unread).getByRole('button', { name: 'Aprobar' }).click()
    await card(unread).getByText('Aprobada', { exact: true }).waitFor()
  })

  it("leaves a moderator's place alone when another's decision takes a card they were not in away", async () => {
    const texts = Array.from(
      { length: 6 },
      (_, i) => `Lista larga ${i + 1}: ¿qué pasa con el barrio ${i + 1}?`,
    )
    const ids: string[] = []
    for (const text of texts) ids.push((await ask(text)).id)
    await page.locator('#f-status').selectOption({ label: 'Recibida' })
    for (const text of texts) await card(text).waitFor({ timeout: 10_000 })
    // Reading further down, the focus on no card (a click on the page's background, say).
    await expect
      .poll(() =>
        page.evaluate(() => {
          ;(document.activeElement as HTMLElement | null)?.blur()
          scrollTo(0, document.body.scrollHeight)
          return scrollY
        }),
      )
      .toBeGreaterThan(0)
    await event.api.call('PATCH', `/api/questions/${ids[5]}`, {
      token: event.token,
      body: { status: 'approved' },
    })
    await expect.poll(() => card(texts[5]).count()).toBe(0)
    await page.waitForTimeout(200)
    expect(await page.evaluate(() => document.activeElement?.id ?? '')).not.toBe('mod-h')
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(0)
    await page.locator('#f-status').selectOption({ label: 'Todos' })
  })

  it('shows each running legal deadline and sorts the nearest first', async () => {
    const text = 'Solicito copia del contrato de la obra del parque'
    const q = await ask(text, 'peticion_informacion')
    const due = new Date(`${q.dueDate}T12:00:00Z`).toLocaleDateString('es-CO', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    })
    await card(text).getByText(`Vence ${due}`).waitFor({ timeout: 10_000 })
    // Ten business days against fifteen: the nearest deadline leads once sorted by it.
    await page.getByRole('radio', { name: 'Vencimiento' }).check()
    await expect.poll(() => page.locator('article.question').first().innerText()).toContain(text)
    await expectAccessible(page, 'moderation sorted by due date')
    // Returned to the petitioner to complete it (Ley 1755, art. 17), its term is suspended: it goes after
    // every question whose term runs, even one due later.
    const running = 'Queja por el horario de atención de la ventanilla'
    await ask(running, 'queja')
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Bogota' })
    const returned = await event.api.call('PATCH', `/api/questions/${q.id}`, {
      token: event.token,
      body: { status: 'incomplete', requestedOn: today, requested: 'El número del contrato' },
    })
    expect(returned.status).toBe(200)
    await card(text).getByText('Por completar', { exact: true }).waitFor()
    const order = async () => {
      // Text content: a card off screen is not rendered (content-visibility), and has no inner text.
      const shown = await page.locator('article.question').allTextContents()
      return [shown.findIndex((c) => c.includes(running)), shown.findIndex((c) => c.includes(text))]
    }
    await expect.poll(async () => (([r, t]) => r >= 0 && r < t)(await order())).toBe(true)
    await page.getByRole('radio', { name: 'Orden de llegada' }).check()
  })

  it('hides a question with the reason, which the record keeps', async () => {
    const text = 'Mensaje ofensivo que no debe salir en pantalla'
    const q = await ask(text, 'queja')
    await card(text).getByRole('button', { name: 'Ocultar' }).click()
    await card(text)
      .getByLabel(/Razón para ocultarla/)
      .fill('Lenguaje ofensivo')
    // One button is called "Ocultar" (the one that opened the form, pressed); the form's is "Confirmar",
    // as in every other form of the card.
    expect(await card(text).getByRole('button', { name: 'Ocultar', exact: true }).count()).toBe(1)
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await card(text).getByText('Oculta', { exact: true }).waitFor()
    const r = await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })
    expect(r.json.question).toMatchObject({ status: 'hidden', statusReason: 'Lenguaje ofensivo' })
  })

  it('marks a question answered live with the answer, and puts another on the projector', async () => {
    const text = '¿Qué pasará con el mercado campesino del parque principal?'
    const q = await ask(text)
    await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).click()
    const said = 'Se mantiene todos los sábados desde febrero.'
    await card(text).getByLabel('Respuesta dada en vivo').fill(said)
    // Escape folds the form away and keeps the answer for when it opens again.
    await card(text).getByLabel('Respuesta dada en vivo').press('Escape')
    expect(await card(text).getByLabel('Respuesta dada en vivo').count()).toBe(0)
    await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).click()
    expect(await card(text).getByLabel('Respuesta dada en vivo').inputValue()).toBe(said)
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    // The status badge, not the button of the same name, which is there before the answer is saved.
    await card(text).locator('.badge').getByText('Respondida en vivo', { exact: true }).waitFor()
    const r = await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })
    expect(r.json.question).toMatchObject({ status: 'answered_live', answerPublished: true })
    expect(r.json.question.answer).toBe('Se mantiene todos los sábados desde febrero.')

    await card(text).getByRole('button', { name: 'Poner en pantalla' }).click()
    await card(text).getByText('En pantalla', { exact: true }).waitFor()
    await screenshot(page, 'console-moderation')
    await expectAccessible(page, 'moderator view')

    const projector = await laptop(browser)
    await projector.goto(`${server!.url}/console/proyector/${event.slug}`)
    await projector.locator('blockquote', { hasText: text }).waitFor()
    await projector.getByText('En vivo', { exact: true }).waitFor()
    expect(await projector.evaluate(() => sessionStorage.length)).toBe(0)
    await screenshot(projector, 'console-projector')
    await expectAccessible(projector, 'projector view')
    // A vote changes the count on screen, but the live region, which announces the question put on
    // screen, holds no count: a screen reader is not read every vote.
    const live = projector.locator('[aria-live]', { has: projector.locator('blockquote') })
    expect(await live.innerText()).not.toMatch(/voto/)
    await event.api.call('POST', `/api/events/${event.slug}/questions/${q.id}/votes`, {
      headers: { 'x-device-token': 'dispositivo-proyector-1' },
    })
    await projector.locator('.votes', { hasText: '1 voto' }).waitFor({ timeout: 10_000 })
    expect(await live.innerText()).not.toMatch(/voto/)
    // In a 720p browser source, a question of three lines with its answer leaves the figures and the
    // QR code on screen, with nothing to scroll.
    await projector.setViewportSize({ width: 1280, height: 720 })
    const fits = () =>
      projector.evaluate(() => {
        const qr = document.querySelector('.projector footer img')!.getBoundingClientRect()
        const figures = document.querySelector('.projector .figures')!.getBoundingClientRect()
        const root = document.documentElement
        return (
          qr.bottom <= innerHeight &&
          figures.bottom <= innerHeight &&
          root.scrollHeight <= root.clientHeight &&
          root.scrollWidth <= root.clientWidth
        )
      })
    await event.api.call('PATCH', `/api/questions/${q.id}`, {
      token: event.token,
      body: {
        displayText:
          '¿Cuándo se arreglará la vía que comunica el corregimiento La Esperanza con el casco urbano, y quién responde por el puente de la vereda El Salitre?',
      },
    })
    await projector.locator('blockquote', { hasText: 'El Salitre' }).waitFor({ timeout: 10_000 })
    expect(await fits()).toBe(true)
    // A long text without a space stays within the screen, the figures and the QR code beside it.
    await event.api.call('PATCH', `/api/questions/${q.id}`, {
      token: event.token,
      body: { displayText: `Vea https://ejemplo.gov.co/${'tramite'.repeat(200)}` },
    })
    await projector.locator('blockquote', { hasText: 'tramitetramite' }).waitFor({ timeout: 10_000 })
    expect(await fits()).toBe(true)
    // On a screen in English what people wrote stays marked Spanish, for a screen reader (WCAG 3.1.2).
    const en = await projector.context().newPage()
    await en.goto(`${server!.url}/console/proyector/${event.slug}?lang=en`)
    const quote = en.locator('blockquote', { hasText: 'tramitetramite' })
    await quote.waitFor()
    const langOf = (l: Locator) => l.evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))
    expect(await langOf(quote)).toBe('es')
    expect(await langOf(en.locator('.projector .answer'))).toBe('es')
    expect(await langOf(en.locator('.projector h1'))).toBe('es')
    expect(await langOf(en.locator('#pinned-h'))).toBe('en')
    await en.close()
    // A question far longer than the screen shows its first lines whole and ends in "…", not cut mid-line
    // by the edge of its box (moderators shorten it with "Editar texto").
    await event.api.call('PATCH', `/api/questions/${q.id}`, {
      token: event.token,
      body: { displayText: `Larga: ${'la vía del corregimiento sigue sin arreglo '.repeat(60)}` },
    })
    await projector.locator('blockquote', { hasText: 'Larga:' }).waitFor({ timeout: 10_000 })
    expect(await fits()).toBe(true)
    const shown = await projector.evaluate(() => {
      const quote = document.querySelector('.projector blockquote')!
      const box = quote.closest('[aria-live]')!.getBoundingClientRect()
      const style = getComputedStyle(quote)
      return {
        clamped: quote.scrollHeight > quote.clientHeight && style.webkitLineClamp === '7',
        whole: quote.getBoundingClientRect().bottom <= box.bottom + 1,
      }
    })
    expect(shown).toEqual({ clamped: true, whole: true })
    await projector.close()
  })

  it('takes an action whose reply was lost as done, once the question reads back as asked', async () => {
    const text = '¿Habrá transporte gratuito para el evento de cierre?'
    const q = await ask(text)
    await card(text).waitFor({ timeout: 10_000 })
    // The server takes the PATCH; its reply never reaches the page.
    let cut = 0
    await page.route('**/api/questions/*', async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue()
      cut++
      await route.fetch()
      await route.abort('connectionreset')
    })
    try {
      await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).click()
      await card(text).getByLabel('Respuesta dada en vivo').fill('Sí, desde la plaza principal.')
      await card(text).getByRole('button', { name: 'Confirmar' }).click()
      await page
        .getByRole('status')
        .filter({ hasText: `${q.radicado} marcada como respondida en vivo.` })
        .waitFor()
      await card(text).locator('.badge').getByText('Respondida en vivo', { exact: true }).waitFor()
      expect(await card(text).getByLabel('Respuesta dada en vivo').count()).toBe(0)
      expect(await card(text).getByRole('alert').count()).toBe(0)
      expect(cut).toBe(1)
    } finally {
      await page.unroute('**/api/questions/*')
    }
  })

  it('merges a duplicate into its primary and edits the text shown on screen', async () => {
    const primary = '¿Cuándo abren las inscripciones del programa Emprende?'
    const duplicate = 'Inscripciones Emprende cuando abren???'
    const first = await ask(primary)
    await ask(duplicate)
    await card(duplicate).getByRole('button', { name: 'Unir a otra' }).click()
    await card(duplicate).getByLabel('Pregunta principal').selectOption(first.id)
    await card(duplicate).getByRole('button', { name: 'Unir a otra' }).last().click()
    await card(duplicate).getByText(`Unida a ${first.radicado}`).waitFor()

    await card(primary).getByRole('button', { name: 'Editar texto' }).click()
    await card(primary)
      .getByLabel(/Texto que se muestra/)
      .fill('¿Cuándo abren las inscripciones de Emprende?')
    await card(primary).getByRole('button', { name: 'Confirmar' }).click()
    await page.getByText(`Texto original: ${primary}`).waitFor()
  })

  it("refuses a text edit begun before another moderator's saved one, instead of writing over it", async () => {
    const text = '¿Cuánto costó la pavimentación de la calle 10?'
    const q = await ask(text)
    await card(text).getByRole('button', { name: 'Editar texto' }).click()
    await card(text)
      .getByLabel(/Texto que se muestra/)
      .fill('¿Cuánto costó pavimentar la calle 10?')
    // Another moderator saves an edit first; the stream brings it to this card while the form is open.
    const other = '¿Cuál fue el costo de pavimentar la calle 10?'
    const first = await event.api.call('PATCH', `/api/questions/${q.id}`, {
      token: event.token,
      body: { displayText: other },
    })
    expect(first.status).toBe(200)
    await expect
      .poll(async () => (await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })).json)
      .toMatchObject({ question: { displayText: other } })
    await page.waitForTimeout(300)
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    const told = card(text)
      .getByRole('alert')
      .filter({ hasText: /Otro moderador cambió esta pregunta/ })
    await told.waitFor()
    // The focus stays in the card, on its heading, not thrown to the page's start.
    expect(await page.evaluate(() => document.activeElement?.closest('article.question') !== null)).toBe(true)
    const kept = await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })
    expect(kept.json.question.displayText).toBe(other)
    // The form closed on the stale text; the card shows the other moderator's, and quotes this one's.
    expect(
      await card(text)
        .getByLabel(/Texto que se muestra/)
        .count(),
    ).toBe(0)
    await card(text).getByText(other, { exact: true }).waitFor()
    expect(await told.locator('blockquote').innerText()).toBe('¿Cuánto costó pavimentar la calle 10?')
    // Told, the moderator may still save theirs: opened again, the form has it, now an edit of the
    // version on screen.
    await card(text).getByRole('button', { name: 'Editar texto' }).click()
    expect(
      await card(text)
        .getByLabel(/Texto que se muestra/)
        .inputValue(),
    ).toBe('¿Cuánto costó pavimentar la calle 10?')
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await expect
      .poll(async () => (await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })).json)
      .toMatchObject({ question: { displayText: '¿Cuánto costó pavimentar la calle 10?' } })
  })

  it('closes the form when another moderator answered first, shows the question as they left it, keeps the typed answer, and pins once on a double click', async () => {
    const text = '¿Habrá alumbrado público en la vereda El Salitre?'
    const q = await ask(text)
    await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).click()
    await card(text).getByLabel('Respuesta dada en vivo').fill('Sí, en marzo.')
    // Another moderator (here, the admin through the API) answers it first.
    const first = await event.api.call('PATCH', `/api/questions/${q.id}`, {
      token: event.token,
      body: { status: 'answered_live', answer: 'En abril.' },
    })
    expect(first.status).toBe(200)
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    const told = card(text)
      .getByRole('alert')
      .filter({ hasText: /Otro moderador cambió esta pregunta/ })
    await told.waitFor()
    expect(await told.locator('p').first().innerText()).toBe(
      'Otro moderador cambió esta pregunta mientras usted actuaba: ahora está «Respondida en vivo». Su acción no se aplicó; revise la pregunta tal como quedó y decida de nuevo.',
    )
    // The stale form is gone; the card shows the question as the server has it, read again.
    expect(await card(text).getByLabel('Respuesta dada en vivo').count()).toBe(0)
    await card(text).locator('.badge').getByText('Respondida en vivo', { exact: true }).waitFor()
    expect(await card(text).locator('.answer').innerText()).toBe('Respuesta: En abril.')
    expect(await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).count()).toBe(0)
    // What this moderator typed is not lost: quoted in the notice, and still the form's draft.
    expect(await told.locator('blockquote').innerText()).toBe('Sí, en marzo.')
    expect(await page.evaluate((k) => sessionStorage.getItem(k), `cabildo:draft:q-${q.id}-answer`)).toBe(
      'Sí, en marzo.',
    )
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`q-${q.id}`)
    await expectAccessible(page, 'a card another moderator changed')
    const r = await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })
    expect(r.json.question.answer).toBe('En abril.')
    await card(text).getByRole('button', { name: 'Entendido' }).click()
    expect(await told.count()).toBe(0)

    // A double click on "Poner en pantalla" puts it on screen once; the second click does not take it off.
    await card(text).getByRole('button', { name: 'Poner en pantalla' }).dblclick()
    await card(text).getByText('En pantalla', { exact: true }).waitFor()
    await page.waitForTimeout(500)
    const after = await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })
    expect(after.json.question.pinned).toBe(true)
  })

  it('keeps a card being answered in a filtered list when another moderator changes it', async () => {
    const text = '¿Quién responde por el puente peatonal del barrio Kennedy?'
    const q = await ask(text)
    const after = '¿Cuándo abre el centro de salud de Bosa?'
    await ask(after)
    await page.locator('#f-status').selectOption({ label: 'Recibida' })
    await card(after).waitFor({ timeout: 10_000 })
    await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).click()
    await card(text).getByLabel('Respuesta dada en vivo').fill('La Secretaría de Obras, en mayo.')
    await event.api.call('PATCH', `/api/questions/${q.id}`, {
      token: event.token,
      body: { status: 'approved' },
    })
    await card(text).getByText('Aprobada', { exact: true }).waitFor()
    expect(await card(text).getByLabel('Respuesta dada en vivo').inputValue()).toBe(
      'La Secretaría de Obras, en mayo.',
    )
    // Answered, its form closed: it leaves the filtered list, and focus goes to the heading of the card
    // that takes its place (the next, or at the end the one before), or the list's heading with none.
    const takesItsPlace = await card(text).evaluate((a) => {
      const next = a.nextElementSibling ?? a.previousElementSibling
      return next?.getAttribute('aria-labelledby') ?? 'mod-h'
    })
    expect(takesItsPlace).toMatch(/^q-/)
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await expect.poll(() => card(text).count()).toBe(0)
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(takesItsPlace)
    await page.locator('#f-status').selectOption({ label: 'Todos' })
  })

  it('keeps what a moderator typed when the session ends before it is sent', async () => {
    const text = '¿Se ampliará el horario de la biblioteca municipal?'
    await ask(text)
    await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).click()
    await card(text).getByLabel('Respuesta dada en vivo').fill('Sí, hasta las 8 de la noche.')
    // The session ends (revoked, as an expired token is refused): the sign-in comes back.
    await endSession()
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await page.getByLabel('Contraseña').waitFor()
    await signIn()
    // Signed in again, the console is back where it was, the card's answer form open again with the
    // text, and the focus in it: the moderator goes on where they were interrupted.
    await page.getByLabel('Contraseña').waitFor({ state: 'detached' })
    const answer = card(text).getByLabel('Respuesta dada en vivo')
    await answer.waitFor()
    expect(await answer.inputValue()).toBe('Sí, hasta las 8 de la noche.')
    await expect.poll(() => answer.evaluate((f) => f === document.activeElement)).toBe(true)
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await card(text).locator('.badge').getByText('Respondida en vivo', { exact: true }).waitFor()
    // Answered, the form is not opened again by a reload.
    await page.reload()
    await card(text).waitFor()
    expect(await card(text).locator('form').count()).toBe(0)
  })

  it('opens a text edit again after a sign-in, still refused if another moderator saved one meanwhile', async () => {
    const text = '¿Cuándo se pinta la escuela de la vereda El Salitre?'
    const q = await ask(text)
    await card(text).getByRole('button', { name: 'Editar texto' }).click()
    await card(text)
      .getByLabel(/Texto que se muestra/)
      .fill('¿Cuándo pintan la escuela de El Salitre?')
    await endSession()
    // While this moderator is signed out, another saves an edit of the same text.
    const other = '¿Cuándo se pinta la escuela de El Salitre?'
    expect(
      (
        await event.api.call('PATCH', `/api/questions/${q.id}`, {
          token: event.token,
          body: { displayText: other },
        })
      ).status,
    ).toBe(200)
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await page.getByLabel('Contraseña').waitFor()
    await signIn()
    await page.getByLabel('Contraseña').waitFor({ state: 'detached' })
    const field = card(text).getByLabel(/Texto que se muestra/)
    await field.waitFor()
    expect(await field.inputValue()).toBe('¿Cuándo pintan la escuela de El Salitre?')
    // The edit still carries the version it began from: the other moderator's is not written over.
    await card(text).getByRole('button', { name: 'Confirmar' }).click()
    await card(text)
      .getByRole('alert')
      .filter({ hasText: /Otro moderador cambió esta pregunta/ })
      .waitFor()
    const now = await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })
    expect(now.json.question.displayText).toBe(other)
    await card(text).getByRole('button', { name: 'Entendido' }).click()
  })

  it('keeps the list current while the live stream cannot get through', async () => {
    // A proxy that lets the API through but not event streams.
    const blocked = (route: Route) => route.abort('connectionrefused')
    await page.route('**/live/moderation', blocked)
    try {
      await page.goto(`${server!.url}/console/eventos/${event.slug}/moderacion`)
      await page.getByText(/reconectando/).waitFor()
      const text = '¿Llega el internet gratuito a la biblioteca de la vereda?'
      await ask(text)
      await card(text).waitFor({ timeout: 20_000 })
    } finally {
      await page.unroute('**/live/moderation', blocked)
    }
    await page.reload()
    await page.getByText('En vivo', { exact: true }).waitFor()
  })

  it('shows the votes cast while the live stream cannot get through, with the list read again', async () => {
    // An event of its own: the votes here would put this question first in the vote order of the others.
    const own = await openEvent(server!.url)
    const text = '¿Se abrirá un punto de atención en la vereda El Hato?'
    const asked = await own.api.call('POST', `/api/events/${own.slug}/questions`, {
      body: { type: 'pregunta', text },
    })
    const q = asked.json as { id: string }
    const approved = await own.api.call('PATCH', `/api/questions/${q.id}`, {
      token: own.token,
      body: { status: 'approved' },
    })
    expect(approved.status).toBe(200)
    const meta = card(text).locator('.meta').first()
    const blocked = (route: Route) => route.abort('connectionrefused')
    await page.route('**/live/moderation', blocked)
    try {
      await page.goto(`${server!.url}/console/eventos/${own.slug}/moderacion`)
      // Signed in by the tests before this one; alone (`-t`), it signs in here.
      const password = page.getByLabel('Contraseña')
      await password
        .or(page.getByText(/reconectando/))
        .first()
        .waitFor()
      if (await password.isVisible()) await signIn()
      await page.getByText(/reconectando/).waitFor()
      await expect.poll(() => meta.innerText()).toContain('· 0 votos ·')
      // Votes change no version of the question: the list read again (every 10 s while the stream is
      // away) must still bring their counts, not keep the ones it showed.
      for (const deviceToken of ['sin-transmision-voto-1', 'sin-transmision-voto-2']) {
        const vote = await own.api.call('POST', `/api/events/${own.slug}/questions/${q.id}/votes`, {
          body: { deviceToken },
        })
        expect(vote.status).toBe(201)
      }
      await expect.poll(() => meta.innerText(), { timeout: 20_000 }).toContain('· 2 votos ·')
    } finally {
      await page.unroute('**/live/moderation', blocked)
    }
    await page.reload()
    await page.getByText('En vivo', { exact: true }).waitFor()
  })

  it('marks what people asked and staff wrote as Spanish on a moderation console in English', async () => {
    const text = '¿Habrá cupos para adultos mayores en el programa de huertas?'
    const q = await ask(text)
    const answered = await event.api.call('PATCH', `/api/questions/${q.id}`, {
      token: event.token,
      body: { status: 'pending', area: 'despacho' },
    })
    expect(answered.status).toBe(200)
    await event.api.call('PATCH', `/api/questions/${q.id}`, {
      token: event.token,
      body: {
        status: 'answered_live',
        answer: 'Sí, cien cupos desde marzo.',
        displayText: '¿Cupos en huertas?',
      },
    })
    await page.goto(`${server!.url}/console/eventos/${event.slug}/moderacion?lang=en`)
    // Signed in by the tests before this one; alone (`-t`), it signs in here.
    const password = page.getByLabel('Password')
    const here = card('¿Cupos en huertas?')
    await password.or(here).first().waitFor()
    if (await password.isVisible()) {
      await password.fill(moderator.password)
      await page.getByLabel('E-mail').fill(moderator.email)
      await page.getByRole('button', { name: 'Sign in' }).click()
    }
    await here.getByText('Answered live', { exact: true }).waitFor()
    // A screen reader reads each in its own language (WCAG 3.1.2), as the projector does.
    const langOf = (l: Locator) => l.evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))
    expect(await langOf(here.locator('.text'))).toBe('es')
    expect(await langOf(here.getByText(text, { exact: true }))).toBe('es')
    expect(await langOf(here.getByText('Sí, cien cupos desde marzo.', { exact: true }))).toBe('es')
    expect(await langOf(here.getByText('Despacho', { exact: true }))).toBe('es')
    expect(await langOf(here.locator('h3'))).toBe('en')
    expect(await here.locator('.answer').innerText()).toBe('Answer: Sí, cien cupos desde marzo.')
    await page.goto(`${server!.url}/console/eventos/${event.slug}/moderacion`)
    await page.getByText('En vivo', { exact: true }).waitFor()
  })

  it('keeps the projector on the latest decision when an earlier read of the wall answers last', async () => {
    // An event of its own, whose question on screen is this one alone.
    const own = await openEvent(server!.url)
    const text = '¿Cuándo llega el alumbrado al parque de Villa Luz?'
    const asked = await own.api.call('POST', `/api/events/${own.slug}/questions`, {
      body: { type: 'pregunta', text },
    })
    const q = asked.json as { id: string }
    const moderate = async (body: Record<string, unknown>) =>
      expect((await own.api.call('PATCH', `/api/questions/${q.id}`, { token: own.token, body })).status).toBe(
        200,
      )
    await moderate({ status: 'approved' })
    const projector = await laptop(browser)
    await projector.goto(`${server!.url}/console/proyector/${own.slug}`)
    await projector.getByText('En vivo', { exact: true }).waitFor()
    // A venue's weak network: the read that follows the pin answers three seconds late, with the wall as
    // it was when it was read, after the read that follows the answer.
    let reads = 0
    await projector.route(`**/api/events/${own.slug}/questions`, async (route) => {
      if (++reads > 1) return route.continue()
      const then = await route.fetch()
      await new Promise((r) => setTimeout(r, 3000))
      await route.fulfill({ response: then })
    })
    await moderate({ pinned: true })
    await expect.poll(() => reads).toBe(1)
    await moderate({ status: 'answered_live', answer: 'En diciembre, con luminarias LED.' })
    const answer = projector.locator('.answer', { hasText: 'En diciembre, con luminarias LED.' })
    await answer.waitFor()
    await projector.waitForTimeout(3500)
    // The late read is not shown over the later one: the answer stays on screen.
    expect(await answer.count()).toBe(1)
    expect(await projector.locator('blockquote').innerText()).toBe(text)
    await projector.close()
  })

  it('forgets what was typed when the moderator signs out, so the next person does not find it', async () => {
    const text = '¿Cuándo se arregla el techo del salón comunal de La Paz?'
    await ask(text)
    await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).click()
    await card(text).getByLabel('Respuesta dada en vivo').fill('Lo revisa Obras Públicas el lunes.')
    await page.getByRole('button', { name: 'Cerrar sesión' }).click()
    await page.getByLabel('Contraseña').waitFor()
    expect(
      await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('cabildo:draft:'))),
    ).toEqual([])
    await signIn()
    await page.getByLabel('Contraseña').waitFor({ state: 'detached' })
    await page.goto(`${server!.url}/console/eventos/${event.slug}/moderacion`)
    await card(text).getByRole('button', { name: 'Marcar respondida en vivo' }).click()
    expect(await card(text).getByLabel('Respuesta dada en vivo').inputValue()).toBe('')
    await card(text).getByRole('button', { name: 'Cancelar' }).click()
  })

  it('brings the sign-in back when the live list finds the session ended, rather than stop following silently', async () => {
    await page.goto(`${server!.url}/console/eventos/${event.slug}/moderacion`)
    await page.getByText('En vivo', { exact: true }).waitFor()
    // The session ends elsewhere (signed out on another device). The server closes the stream at its
    // next check of the token (every 2 s for this suite's server: CABILDO_LIVE_RECHECK_SECONDS), and
    // refuses the reconnection.
    await endSession()
    await page.getByText(/Su sesión terminó/).waitFor({ timeout: 20_000 })
    await signIn()
    await page.getByText('En vivo', { exact: true }).waitFor()
  })

  it('keeps the cards still while sorted by votes, and reorders them only when the moderator asks', async () => {
    const leading = '¿Se pavimentará este año la vía a la vereda La Esperanza?'
    const rising = '¿Cuántos cupos tendrá el programa de primer empleo?'
    const a = await ask(leading)
    const b = await ask(rising)
    for (const q of [a, b]) {
      const r = await event.api.call('PATCH', `/api/questions/${q.id}`, {
        token: event.token,
        body: { status: 'approved' },
      })
      expect(r.status).toBe(200)
    }
    const vote = async (id: string, deviceToken: string) => {
      const r = await event.api.call('POST', `/api/events/${event.slug}/questions/${id}/votes`, {
        body: { deviceToken },
      })
      expect(r.status).toBe(201)
    }
    await vote(a.id, 'dispositivo-votos-1')
    await card(leading).getByText('1 voto').waitFor({ timeout: 10_000 })
    const order = () =>
      page.locator('article.question').evaluateAll((els) => els.map((e) => e.getAttribute('aria-labelledby')))
    const reorder = page.getByRole('button', { name: 'Reordenar por votos' })

    await page.getByRole('radio', { name: 'Votos' }).check()
    await expect.poll(async () => (await order())[0]).toBe(`q-${a.id}`)
    const before = await order()
    expect(before.indexOf(`q-${b.id}`)).toBeGreaterThan(0)
    expect(await reorder.count()).toBe(0)
    const top = () => card(leading).evaluate((e) => e.getBoundingClientRect().top)
    const y = await top()

    // Two votes for the lower question: its count changes on its card, the cards stay where they were.
    await vote(b.id, 'dispositivo-votos-2')
    await vote(b.id, 'dispositivo-votos-3')
    await card(rising).getByText('2 votos').waitFor({ timeout: 10_000 })
    expect(await order()).toEqual(before)
    // A question that arrives goes to the end, the others where they were.
    const later = 'Pregunta que llega con la lista ordenada por votos'
    const c = await ask(later)
    await card(later).waitFor({ timeout: 10_000 })
    expect(await order()).toEqual([...before, `q-${c.id}`])

    // The button says the vote order changed, politely, without taking the focus.
    await page.locator('[aria-live="polite"]').getByRole('button', { name: 'Reordenar por votos' }).waitFor()
    // Its room was kept: its appearing does not push the cards down either.
    expect(await top()).toBe(y)
    // Arrivals said together (the first of three alone, the others at the end of its window) take no
    // more room than one: the notes keep their height, so the cards keep their place under the pointer.
    for (const text of ['Tres preguntas que llegan juntas: la primera', 'La segunda', 'Y la tercera'])
      await ask(text)
    await page
      .locator('.notes')
      .getByText(/\d preguntas nuevas/)
      .waitFor({ timeout: 10_000 })
    expect(await top()).toBe(y)
    await screenshot(page, 'console-moderation-votes')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('radio')
    await expectAccessible(page, 'moderation sorted by votes, its order out of date')
    await reorder.focus()
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await order())[0]).toBe(`q-${b.id}`)
    expect((await order())[1]).toBe(`q-${a.id}`)
    await expect.poll(() => reorder.count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('mod-h')
    await page.getByRole('radio', { name: 'Orden de llegada' }).check()
  })

  it("announces arrivals and the moderator's own results in separate live regions", async () => {
    const mine = '¿Habrá jornada de vacunación en el corregimiento San Antonio?'
    const q = await ask(mine)
    await card(mine).getByRole('button', { name: 'Aprobar' }).click()
    const approved = `${q.radicado} aprobada: ya está en el muro público.`
    await page.getByRole('status').filter({ hasText: approved }).waitFor()

    // A question arrives: its note does not take the place of the confirmation.
    const other = '¿Qué día se entregan los subsidios de arriendo?'
    const r = await ask(other)
    // Alone, or with those that came just before it (arrivals are announced together, below).
    const note = page
      .getByRole('status')
      .filter({ hasText: new RegExp(`^Nueva pregunta ${r.radicado}:| a ${r.radicado}\\.`) })
    await note.waitFor({ timeout: 10_000 })
    const arrived = await note.innerText()
    const statuses = () => page.getByRole('status').allInnerTexts()
    expect(await statuses()).toEqual(expect.arrayContaining([approved, arrived]))

    // The moderator acts again: the confirmation replaces the last one. The arrival, announced before
    // the action, goes: left below the confirmation it would read as news that came after it.
    await card(other).getByRole('button', { name: 'Aprobar' }).click()
    const second = `${r.radicado} aprobada: ya está en el muro público.`
    await page.getByRole('status').filter({ hasText: second }).waitFor()
    expect(await page.locator('.notes [role=status]').allInnerTexts()).toEqual([second, ''])
    expect(await statuses()).not.toContain(arrived)

    // A burst is announced together, not question by question: what a screen reader has to read out.
    await page.waitForTimeout(2100)
    await page.evaluate(() => {
      const w = window as unknown as { told: string[] }
      w.told = []
      // The arrivals' region: the second of the notes (the first is the moderator's own results).
      const region = document.querySelectorAll('.notes [role=status]')[1]
      new MutationObserver(() => w.told.push(region.textContent ?? '')).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      })
    })
    const burst: string[] = []
    for (let i = 1; i <= 6; i++) burst.push((await ask(`Ráfaga ${i}: ¿habrá refrigerio?`)).radicado)
    await page
      .getByRole('status')
      .filter({ hasText: `preguntas nuevas, de ${burst[1]} a ${burst[5]}` })
      .waitFor({ timeout: 10_000 })
    const told = await page.evaluate(() => (window as unknown as { told: string[] }).told)
    // The first alone; the five of the next two seconds by their count and the first two of them.
    expect(new Set(told)).toEqual(
      new Set([
        `Nueva pregunta ${burst[0]}: «Ráfaga 1: ¿habrá refrigerio?»`,
        `5 preguntas nuevas, de ${burst[1]} a ${burst[5]}. Pregunta ${burst[1]}: «Ráfaga 2: ¿habrá refrigerio?». Pregunta ${burst[2]}: «Ráfaga 3: ¿habrá refrigerio?». Y 3 más.`,
      ]),
    )
  })

  it('checks an attendee in at the door by the typed code', async () => {
    await page.getByRole('link', { name: 'Ingreso', exact: true }).click()
    await page.getByLabel('Código de ingreso').fill(checkinCode.toLowerCase())
    await page.getByRole('button', { name: 'Registrar ingreso' }).click()
    await page.getByText('Ingreso registrado: Luz Dary Ramírez.').waitFor()
    await expectAccessible(page, 'check-in')
    await page.getByLabel('Código de ingreso').fill(checkinCode)
    await page.getByRole('button', { name: 'Registrar ingreso' }).click()
    await page.getByText('Luz Dary Ramírez ya había ingresado.').waitFor()
  })

  it('shows the live figures and every staff view with no accessibility violation', async () => {
    await page.getByRole('link', { name: 'Resumen' }).click()
    await expect.poll(() => page.locator('.figures').innerText()).toMatch(/Ingresaron\s+1/)
    // "Preguntas recibidas" is the report's figure: the question hidden above is one of them, and is named.
    const report = await event.api.call('GET', `/api/events/${event.slug}/report?format=json`, {
      token: event.token,
    })
    const received = report.json.pqrsd.received
    expect(received).toBeGreaterThan(0)
    const figure = page.locator('.figures > div', { hasText: 'Preguntas recibidas' })
    await expect.poll(() => figure.locator('dd').first().innerText()).toBe(String(received))
    expect(await figure.locator('dd.aside').innerText()).toBe(
      'Incluye 1 oculta del muro por moderación (spam o insultos)',
    )
    await page.getByRole('figure', { name: /califica la gestión/ }).waitFor()
    await screenshot(page, 'console-summary')
    await expectAccessible(page, 'summary')
    for (const [tab, heading] of [
      ['Formularios', 'Formularios'],
      ['Exportes e informe', 'Exportes'],
      ['Compromisos', 'Compromisos'],
      ['Datos del evento', 'Datos del evento'],
    ]) {
      await page.getByRole('link', { name: tab, exact: true }).click()
      await page.getByRole('heading', { name: heading, exact: true }).waitFor()
      await expectAccessible(page, `staff view: ${tab}`)
    }
  })

  it('lists the open answers of the survey, grouped where they repeat, beside the charts', async () => {
    await page.goto(`${server!.url}/console/eventos/${event.slug}`)
    await page.getByRole('heading', { name: 'Respuestas abiertas' }).waitFor()
    const topics = page.getByRole('figure', { name: /Temas que le gustaría/ })
    await expect.poll(() => topics.locator('figcaption').innerText()).toMatch(/3 respuestas$/)
    expect(await topics.getByRole('listitem').allInnerTexts()).toEqual([
      'Mercados campesinos (2 personas)',
      'Vías rurales',
    ])
    await expectAccessible(page, 'summary with open answers')
  })

  it("charts every form's results under its title, and says which form has no answers yet", async () => {
    // Made after the console loaded the event: the summary finds them all the same.
    const form = (key: string, title: string, questions: unknown[]) =>
      event.api.call('POST', `/api/events/${event.slug}/forms`, {
        token: event.token,
        body: { key, title, questions },
      })
    const mobility = await form('consulta_movilidad', 'Consulta sobre movilidad', [
      {
        id: 'medio_transporte',
        type: 'single',
        label: '¿Cómo llegó al auditorio?',
        options: [
          { value: 'bus', label: 'Bus' },
          { value: 'a_pie', label: 'A pie' },
          { value: 'bici', label: 'Bicicleta' },
        ],
      },
      {
        id: 'prioridades',
        type: 'multi',
        label: '¿Qué obras deberían ir primero?',
        options: [
          { value: 'vias', label: 'Vías' },
          { value: 'andenes', label: 'Andenes' },
          { value: 'ciclorrutas', label: 'Ciclorrutas' },
        ],
      },
      // The id of an evaluation question: two charts of the same id stay apart.
      {
        id: 'volveria_participar',
        type: 'yesno',
        label: '¿Volvería a una consulta como esta?',
      },
      { id: 'propuesta', type: 'long_text', label: 'Su propuesta' },
    ])
    expect(mobility.status).toBe(201)
    const workshop = await form('inscripcion_taller', 'Inscripción al taller de presupuestos', [
      {
        id: 'taller',
        type: 'single',
        label: 'Taller',
        options: [
          { value: 'manana', label: 'Mañana' },
          { value: 'tarde', label: 'Tarde' },
        ],
      },
    ])
    expect(workshop.status).toBe(201)
    const answer = async (i: number, answers: Record<string, unknown>) => {
      const r = await event.api.call('POST', `/api/events/${event.slug}/forms/consulta_movilidad/responses`, {
        body: { answers, deviceToken: `device-token-mobility-${i}-abcdef` },
      })
      expect(r.status).toBe(201)
    }
    await answer(0, {
      medio_transporte: 'bus',
      prioridades: ['vias', 'andenes'],
      volveria_participar: 'si',
      propuesta: 'Ciclorruta hasta la vereda',
    })
    await answer(1, {
      medio_transporte: 'bus',
      prioridades: ['vias'],
      propuesta: 'Ciclorruta hasta la vereda',
    })
    await answer(2, { medio_transporte: 'a_pie', prioridades: ['ciclorrutas', 'vias'] })

    await page.getByRole('link', { name: 'Formularios', exact: true }).click()
    await page.getByRole('heading', { name: 'Formularios', exact: true }).waitFor()
    await page.getByRole('link', { name: 'Resumen', exact: true }).click()
    const section = page.getByRole('region', { name: 'Resultados: Consulta sobre movilidad', exact: true })
    const rows = (name: string) =>
      section
        .getByRole('table', { name, exact: true })
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent)),
        )
    const nbsp = '\u00a0'
    await expect
      .poll(() => rows('¿Cómo llegó al auditorio?'))
      .toEqual([
        ['Bus', '2', `66,7${nbsp}%`],
        ['A pie', '1', `33,3${nbsp}%`],
        ['Bicicleta', '0', `0,0${nbsp}%`],
      ])
    // Shares of the people who answered: a multi-choice question's add up to more than 100 %.
    expect(await rows('¿Qué obras deberían ir primero?')).toEqual([
      ['Vías', '3', `100,0${nbsp}%`],
      ['Andenes', '1', `33,3${nbsp}%`],
      ['Ciclorrutas', '1', `33,3${nbsp}%`],
    ])
    const multi = section.getByRole('figure', { name: /¿Qué obras deberían ir primero\?/ })
    expect(await multi.locator('figcaption').innerText()).toBe(
      '¿Qué obras deberían ir primero? · 3 respuestas',
    )
    await multi
      .getByText(
        'Pregunta de respuesta múltiple: los porcentajes son de quienes respondieron y pueden sumar más de 100 %.',
        { exact: true },
      )
      .waitFor()
    expect(await rows('¿Volvería a una consulta como esta?')).toEqual([
      ['Sí', '1', `100,0${nbsp}%`],
      ['No', '0', `0,0${nbsp}%`],
    ])
    // Its open answers under its own heading, grouped where they repeat.
    const proposals = section.getByRole('figure', { name: /Su propuesta/ })
    expect(await proposals.getByRole('listitem').allInnerTexts()).toEqual([
      'Ciclorruta hasta la vereda (2 personas)',
    ])
    // The report's "Evaluación" is the evaluation survey's: the other forms say where their figures are.
    expect(await section.locator('p.hint').first().innerText()).toBe(
      'El informe del evento no incluye este formulario: su sección «4. Evaluación» presenta solo la encuesta de evaluación. Sus estadísticas, en Excel y CSV, están en Exportes e informe.',
    )
    expect(await section.getByRole('link', { name: 'Exportes e informe' }).getAttribute('href')).toBe(
      `/console/eventos/${event.slug}/informe`,
    )
    const report = await event.api.call('GET', `/api/events/${event.slug}/report?format=json`, {
      token: event.token,
    })
    expect(report.json.evaluacion.questions.map((q: { label: string }) => q.label)).not.toContain(
      '¿Volvería a una consulta como esta?',
    )
    // The evaluation survey first, then the forms in the order they were made, each headed by its title.
    expect(await page.locator('main h2').allInnerTexts()).toEqual([
      'Enlace para los asistentes',
      'En vivo',
      'Asistencia: quiénes se registraron',
      'Resultados de la encuesta de evaluación',
      'Resultados: Consulta sobre movilidad',
      'Resultados: Inscripción al taller de presupuestos',
    ])
    const empty = page.getByRole('region', {
      name: 'Resultados: Inscripción al taller de presupuestos',
      exact: true,
    })
    await empty.getByText('Aún no hay respuestas.', { exact: true }).waitFor()
    expect(await empty.getByRole('figure').count()).toBe(0)
    // The evaluation survey's chart of the same question id is still its own.
    const evaluation = page.getByRole('region', {
      name: 'Resultados de la encuesta de evaluación',
      exact: true,
    })
    expect(
      await evaluation
        .getByRole('figure', { name: /Volvería a participar/ })
        .locator('figcaption')
        .innerText(),
    ).toMatch(/· 4 respuestas$/)
    await expectAccessible(page, 'summary with every form')

    // An answer that arrives while the summary is open shows without a reload.
    await answer(3, { medio_transporte: 'bici', prioridades: ['andenes'] })
    await expect
      .poll(() => rows('¿Cómo llegó al auditorio?'))
      .toEqual([
        ['Bus', '2', `50,0${nbsp}%`],
        ['A pie', '1', `25,0${nbsp}%`],
        ['Bicicleta', '1', `25,0${nbsp}%`],
      ])
  })

  it("charts who registered as the report's attendance breakdowns, and follows each new registration live", async () => {
    // An event of its own: its registrations are these alone.
    const own = await openEvent(server!.url)
    const register = async (i: number, characterisation: Record<string, unknown>) => {
      const r = await own.api.call('POST', `/api/events/${own.slug}/attendance`, {
        body: {
          name: `Asistente ${i}`,
          email: `asistente${i}@example.org`,
          consent: true,
          ...characterisation,
        },
      })
      expect(r.status).toBe(201)
    }
    await register(1, {
      gender: 'mujer',
      ageRange: '29_40',
      occupation: 'empleado',
      populationGroups: ['campesino'],
      channel: 'redes_sociales',
      linkChannel: 'whatsapp',
    })
    await register(2, {
      gender: 'mujer',
      ageRange: '41_59',
      occupation: 'independiente',
      populationGroups: ['victima', 'campesino'],
      channel: 'voz_a_voz',
      linkChannel: 'whatsapp',
    })
    await register(3, { gender: 'hombre', ageRange: '29_40', channel: 'redes_sociales' })

    await page.goto(`${server!.url}/console/eventos/${own.slug}`)
    // Signed in by the tests before this one; alone (`-t`), it signs in here.
    const password = page.getByLabel('Contraseña')
    await password
      .or(page.getByRole('heading', { name: 'En vivo', exact: true }))
      .first()
      .waitFor()
    if (await password.isVisible()) await signIn()
    const section = page.getByRole('region', { name: 'Asistencia: quiénes se registraron', exact: true })
    // Every row of a breakdown's table, or those with people when `counted`.
    const rows = async (name: string, counted = false, region = section) =>
      (
        await region
          .getByRole('table', { name, exact: true })
          .locator('tbody tr')
          .evaluateAll((trs) =>
            trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent ?? '')),
          )
      ).filter((r) => !counted || r[1] !== '0')
    const caption = (name: string) =>
      section
        .getByRole('figure', { name: new RegExp(`^${name} ·`) })
        .locator('figcaption')
        .innerText()
    const nbsp = '\u00a0'
    await expect
      .poll(() => rows('Género'))
      .toEqual([
        ['Mujer', '2', `66,7${nbsp}%`],
        ['Hombre', '1', `33,3${nbsp}%`],
        ['No binario / otra identidad', '0', `0,0${nbsp}%`],
        ['Prefiero no responder', '0', `0,0${nbsp}%`],
      ])
    expect(await caption('Género')).toBe('Género · 3 respuestas')
    expect(await rows('Rango de edad', true)).toEqual([
      ['29 a 40', '2', `66,7${nbsp}%`],
      ['41 a 59', '1', `33,3${nbsp}%`],
    ])
    expect(await rows('Ocupación', true)).toEqual([
      ['Empleado(a)', '1', `50,0${nbsp}%`],
      ['Independiente', '1', `50,0${nbsp}%`],
    ])
    // Sensitive, yet staff see it exact as the API gives it to them; the report hides its small cells.
    // Shares of those who answered: a multi-choice breakdown adds up to more than 100 %.
    expect(await rows('Grupo poblacional', true)).toEqual([
      ['Víctima del conflicto armado', '1', `50,0${nbsp}%`],
      ['Campesino(a)', '2', `100,0${nbsp}%`],
    ])
    await section
      .getByRole('figure', { name: /^Grupo poblacional/ })
      .getByText(
        'Pregunta de respuesta múltiple: los porcentajes son de quienes respondieron y pueden sumar más de 100 %.',
        { exact: true },
      )
      .waitFor()
    expect(await rows('Medio por el que se enteró', true)).toEqual([
      ['Redes sociales', '2', `66,7${nbsp}%`],
      ['Voz a voz', '1', `33,3${nbsp}%`],
    ])
    expect(await rows('Canal del enlace de invitación')).toEqual([['WhatsApp', '2', `100,0${nbsp}%`]])
    // Nobody gave schooling nor a territory: named once, not drawn as zeros.
    expect(await section.getByRole('figure').count()).toBe(6)
    await section
      .getByText('Sin respuestas todavía: Nivel de escolaridad · Territorio', { exact: true })
      .waitFor()
    // The report's order: attendance before the evaluation.
    expect(await page.locator('main h2').allInnerTexts()).toEqual([
      'Enlace para los asistentes',
      'En vivo',
      'Asistencia: quiénes se registraron',
      'Resultados de la encuesta de evaluación',
    ])
    await expectAccessible(page, 'summary with the registrations')

    // One more registration while the summary is open: its charts follow, with no reload.
    await page.evaluate(() => {
      ;(window as unknown as { stayed: boolean }).stayed = true
    })
    await register(4, { gender: 'hombre', territory: 'Comuna 3', linkChannel: 'facebook' })
    await expect
      .poll(() => rows('Género', true))
      .toEqual([
        ['Mujer', '2', `50,0${nbsp}%`],
        ['Hombre', '2', `50,0${nbsp}%`],
      ])
    expect(await caption('Género')).toBe('Género · 4 respuestas')
    expect(await rows('Canal del enlace de invitación')).toEqual([
      ['WhatsApp', '2', `66,7${nbsp}%`],
      ['Facebook', '1', `33,3${nbsp}%`],
    ])
    expect(await rows('Territorio')).toEqual([['Comuna 3', '1', `100,0${nbsp}%`]])
    await section.getByText('Sin respuestas todavía: Nivel de escolaridad', { exact: true }).waitFor()
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
    await expect.poll(() => page.locator('.figures').innerText()).toMatch(/Registrados\s+4/)

    // In English, in the server's English words and the console's English figures.
    await page.goto(`${server!.url}/console/eventos/${own.slug}?lang=en`)
    const english = page.getByRole('region', { name: 'Attendance: who registered', exact: true })
    await expect
      .poll(() => rows('Gender', false, english))
      .toEqual([
        ['Woman', '2', '50.0%'],
        ['Man', '2', '50.0%'],
        ['Non-binary / other identity', '0', '0.0%'],
        ['Prefer not to say', '0', '0.0%'],
      ])
    await english.getByText('No answers yet: Education', { exact: true }).waitFor()
    await page.goto(`${server!.url}/console/eventos/${own.slug}`)
    await page.getByRole('heading', { name: 'En vivo', exact: true }).waitFor()
  })

  it('says when the live figures lost their stream, and keeps them current meanwhile', async () => {
    const registered = async () =>
      Number((await page.locator('.figures').innerText()).match(/Registrados\s+(\d+)/)?.[1])
    // A proxy that lets the API through but not event streams.
    const blocked = (route: Route) => route.abort('connectionrefused')
    await page.route('**/live/moderation', blocked)
    try {
      await page.goto(`${server!.url}/console/eventos/${event.slug}`)
      await page.getByRole('status').filter({ hasText: 'Sin conexión: reconectando…' }).waitFor()
      await expect.poll(registered).toBeGreaterThan(0)
      const before = await registered()
      const reg = await event.api.call('POST', `/api/events/${event.slug}/attendance`, {
        body: {
          name: 'Óscar Iván Peña',
          documentType: 'CC',
          documentNumber: '79555111',
          gender: 'hombre',
          consent: true,
        },
      })
      expect(reg.status).toBe(201)
      await expect.poll(registered, { timeout: 20_000 }).toBe(before + 1)
      // Who registered is read again with the figures: the only one who gave a gender is there.
      const gender = page
        .getByRole('region', { name: 'Asistencia: quiénes se registraron', exact: true })
        .getByRole('table', { name: 'Género', exact: true })
      await expect
        .poll(() => gender.locator('tbody tr', { hasText: 'Hombre' }).locator('th, td').allTextContents())
        .toEqual(['Hombre', '1', '100,0\u00a0%'])
    } finally {
      await page.unroute('**/live/moderation', blocked)
    }
    await page.reload()
    await expect.poll(registered).toBeGreaterThan(0)
  })

  it('lists every question of a large event, the oldest too, and sorts its nearest deadline first', async () => {
    const large = await openEvent(server!.url)
    const file = async (type: string, text: string) => {
      const r = await large.api.call('POST', `/api/events/${large.slug}/questions`, {
        token: large.token,
        body: { type, text },
      })
      expect(r.status).toBe(201)
    }
    // The oldest has ten business days, the 1,004 after it fifteen: past the first page of a thousand.
    const oldest = 'La primera de muchas: copia del acta del consejo de planeación'
    await file('peticion_informacion', oldest)
    // Filed by staff (not rate limited), ten at a time: the server takes them fastest so.
    let next = 0
    const filer = async () => {
      for (let i = next++; i < 1004; i = next++) await file('peticion', `Petición número ${i}`)
    }
    await Promise.all(Array.from({ length: 10 }, filer))
    await page.goto(`${server!.url}/console/eventos/${large.slug}/moderacion`)
    await page.getByRole('radio', { name: 'Vencimiento' }).check()
    await expect
      .poll(() => page.locator('article.question').first().innerText(), { timeout: 20_000 })
      .toContain(oldest)
    await expect.poll(() => page.locator('article.question').count(), { timeout: 20_000 }).toBe(1005)

    // A card far below the screen is drawn only when it comes near (content-visibility), yet it is in the
    // accessibility tree as any other, and the keyboard reaches it: its first button, focused, is on screen.
    const cdp = await page.context().newCDPSession(page)
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: `document.querySelectorAll('article.question')[1004]`,
    })
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', {
      objectId: result.objectId,
      fetchRelatives: false,
    })
    expect(nodes[0].ignored).toBe(false)
    expect(nodes[0].role?.value).toBe('article')
    const lastButton = page.locator('article.question').nth(1004).getByRole('button').first()
    // Skipped: not drawn while far from the screen.
    expect(await lastButton.evaluate((b) => b.checkVisibility({ contentVisibilityAuto: true }))).toBe(false)
    const onScreen = () =>
      lastButton.evaluate((b) => {
        const r = b.getBoundingClientRect()
        return document.activeElement === b && r.top >= 0 && r.bottom <= innerHeight
      })
    await lastButton.evaluate((b: HTMLElement) => b.focus())
    await expect.poll(onScreen).toBe(true)
    await cdp.detach()

    // Sorted by votes before the later pages are in, the order is taken again once they are: the oldest,
    // the one voted question, comes first rather than after the thousand of the first page.
    const staffList = await large.api.call('GET', `/api/events/${large.slug}/questions?sort=time&limit=1`, {
      token: large.token,
    })
    const first = staffList.json.questions[0]
    await large.api.call('PATCH', `/api/questions/${first.id}`, {
      token: large.token,
      body: { status: 'approved' },
    })
    const vote = await large.api.call('POST', `/api/events/${large.slug}/questions/${first.id}/votes`, {
      body: { deviceToken: 'dispositivo-de-prueba-votos' },
    })
    expect(vote.status).toBe(201)
    let release = () => {}
    const held = new Promise<void>((r) => {
      release = r
    })
    const later = async (route: Route) => {
      await held
      await route.continue()
    }
    const paged = (url: URL) => url.pathname.endsWith('/questions') && url.searchParams.has('cursor')
    await page.route(paged, later)
    await page.reload()
    await page.locator('article.question').first().waitFor()
    await page.getByRole('radio', { name: 'Votos' }).check()
    release()
    await expect.poll(() => page.locator('article.question').count(), { timeout: 20_000 }).toBe(1005)
    await expect.poll(() => page.locator('article.question').first().innerText()).toContain(oldest)
    await page.unroute(paged, later)
  })
})
