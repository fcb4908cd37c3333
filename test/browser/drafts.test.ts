import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { unique } from '../contract/client'
import { answerRequired, inWidget, launch, openEvent, phone, retryUntilShown } from './chromium'

const server = inject('browserServer')

/** What an attendee types and is told does not depend on the page staying open, the tab, or the notice. */
describe.skipIf(!server)('what the attendee typed', () => {
  let browser: Browser
  let event: Awaited<ReturnType<typeof openEvent>>

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
  })
  afterAll(async () => browser?.close())

  const consent = (page: Page) => page.getByRole('checkbox', { name: /autorizo el tratamiento/ })
  const registered = (page: Page) =>
    page.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' })
  const attendees = async (slug: string, token: string, name: string) => {
    const res = await event.api.call('GET', `/api/events/${slug}/attendance`, { token })
    return res.json.attendees.filter((a: { name: string }) => a.name === name)
  }

  it('loads the new privacy notice when it changed since the form opened, and registers once it is accepted', async () => {
    // An entity of its own: its notice changes here without touching the other tests' events.
    const own = await openEvent(server!.url, {
      entity: { name: unique('Secretaría de Prueba'), email: 'antes@sde.gov.co' },
    })
    const notice = async () => (await own.api.call('GET', `/api/events/${own.slug}`)).json.consent
    const before = await notice()
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${own.slug}`)
    const name = 'Aviso Cambiado Rodríguez'
    await page.getByLabel('Nombre completo').fill(name)
    await page.getByLabel('Correo electrónico').fill('aviso@example.com')
    await consent(page).check()
    expect(await page.locator('cabildo-form section').innerText()).toContain('antes@sde.gov.co')

    // Staff change the entity's contact while the form is open: the notice, and its version, change.
    const staff = await own.api.call('GET', `/api/events/${own.slug}`, { token: own.token })
    const patched = await own.api.call('PATCH', `/api/entities/${staff.json.event.entityId}`, {
      token: own.token,
      body: { email: 'despues@sde.gov.co' },
    })
    expect(patched.status).toBe(200)
    expect((await notice()).version).not.toBe(before.version)

    await page.getByRole('button', { name: 'Enviar' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'El aviso de privacidad cambió' })
    await alert.waitFor()
    // The new notice is shown, its box is to be ticked again, and the rest of the answers are still there.
    await expect.poll(() => page.locator('cabildo-form section').innerText()).toContain('despues@sde.gov.co')
    expect(await consent(page).isChecked()).toBe(false)
    expect(await page.getByLabel('Nombre completo').inputValue()).toBe(name)
    expect(await page.getByLabel('Correo electrónico').inputValue()).toBe('aviso@example.com')
    expect(await attendees(own.slug, own.token, name)).toHaveLength(0)

    await consent(page).check()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await registered(page).waitFor()
    const rows = await attendees(own.slug, own.token, name)
    expect(rows).toHaveLength(1)
    await page.close()
  })

  it('keeps what one tab typed when an older tab of the same form types afterwards', async () => {
    const older = await phone(browser)
    const tabs = older.context()
    await older.goto(`${server!.url}/e/${event.slug}`)
    await older.getByLabel('Nombre completo').waitFor()

    const newer = await tabs.newPage()
    await newer.goto(`${server!.url}/e/${event.slug}`)
    const name = 'María de los Ángeles Castañeda Villamizar de la Torre'
    await newer.getByLabel('Nombre completo').fill(name)
    await newer.getByLabel('Teléfono o celular').fill('3001234567')

    // One keystroke in the older tab, which never saw what the newer one typed…
    await older.getByLabel('Correo electrónico').pressSequentially('m')
    // …then the phone discards the newer tab, and the form is opened again.
    await newer.close()
    const reopened = await tabs.newPage()
    await reopened.goto(`${server!.url}/e/${event.slug}`)
    await reopened.getByLabel('Nombre completo').waitFor()
    expect(await reopened.getByLabel('Nombre completo').inputValue()).toBe(name)
    expect(await reopened.getByLabel('Teléfono o celular').inputValue()).toBe('3001234567')
    expect(await reopened.getByLabel('Correo electrónico').inputValue()).toBe('m')
    await tabs.close()
  })

  /** The element that has focus, through the widget's shadow root, as `tag#id text`. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      let el = document.activeElement
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
      return `${el?.tagName.toLowerCase()}#${el?.id} ${el?.textContent?.trim()}`
    })

  it('leaves focus and the page where they are when a queued question is delivered while the person types elsewhere', async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page
      .getByLabel('Su pregunta o solicitud')
      .fill('Entregada al volver la conexión: ¿dónde queda el foco?')
    await page.context().setOffline(true)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.locator('cabildo-form [role=status]').filter({ hasText: 'aún sin enviar' }).waitFor()
    // Meanwhile the person looks up an earlier radicado further down the page.
    const lookup = page.locator('#radicado')
    await lookup.click()
    await page.keyboard.type('SDE-20')
    const y = await page.evaluate(() => scrollY)
    await page.context().setOffline(false)
    await page.getByRole('heading', { name: /Su pregunta quedó radicada/ }).waitFor()
    // Not scrolled to the confirmation, which focus would have done.
    expect(await page.evaluate(() => scrollY)).toBe(y)
    await page.keyboard.type('26-000001')
    expect(await lookup.inputValue()).toBe('SDE-2026-000001')
    expect(await focused(page)).toBe('input#radicado ')
    await page.close()
  })

  it('leaves focus on a link or button of the page when a queued question is delivered meanwhile', async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page
      .getByLabel('Su pregunta o solicitud')
      .fill('Entregada mientras se usa otro botón de la página.')
    await page.context().setOffline(true)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.locator('cabildo-form [role=status]').filter({ hasText: 'aún sin enviar' }).waitFor()
    // Meanwhile the person goes by keyboard to the lookup's button, below the form.
    const button = page.getByRole('button', { name: 'Consultar' })
    await button.focus()
    const y = await page.evaluate(() => scrollY)
    await page.context().setOffline(false)
    await page.getByRole('heading', { name: /Su pregunta quedó radicada/ }).waitFor()
    expect(await focused(page)).toBe('button# Consultar')
    expect(await page.evaluate(() => scrollY)).toBe(y)
    await page.close()
  })

  it('keeps focus in the form while sending, says so, and puts it on the next form a confirmation leads to', async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await page.getByLabel('Nombre completo').fill('Foco Siempre Visible')
    await page.getByLabel('Correo electrónico').fill(`foco-${unique('a')}@example.com`)
    await consent(page).check()
    let release = () => {}
    let posts = 0
    await page.route('**/attendance', async (route) => {
      posts++
      await new Promise<void>((r) => {
        release = r
      })
      await route.continue()
    })
    await page.getByRole('button', { name: 'Enviar' }).focus()
    await page.keyboard.press('Enter')
    // The button keeps focus and says it is sending, in the live region it sits in, which says it too.
    await expect.poll(() => focused(page)).toBe('button# Enviando…')
    const button = await inWidget(page, (root) => ({
      disabled: root.activeElement?.getAttribute('aria-disabled'),
      live: root.activeElement?.closest('[role=status]')?.textContent,
    }))
    expect(button).toEqual({ disabled: 'true', live: 'Enviando…' })
    // What is on its way cannot be changed meanwhile: a correction typed then would be neither sent nor
    // kept once the confirmation came.
    expect(await page.getByLabel('Nombre completo').isEditable()).toBe(false)
    expect(await consent(page).isEnabled()).toBe(false)
    // A second press while it is out sends nothing more.
    await page.keyboard.press('Enter')
    release()
    await registered(page).waitFor()
    expect(posts).toBe(1)
    await expect.poll(() => focused(page)).toBe('h3# ¡Gracias! Su asistencia quedó registrada.')
    await page.getByRole('button', { name: 'Responder la encuesta' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toMatch(/^h3#cbevaluacion /)
    await page.getByRole('button', { name: 'Asistencia', exact: true }).click()
    await page.getByRole('button', { name: 'Registrar a otra persona' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toBe('h3#cbasistencia Asistencia')
    expect(await attendees(event.slug, event.token, 'Foco Siempre Visible')).toHaveLength(1)
    await page.close()
  })

  it('shows a survey closed since shut, and throws nothing, when a confirmation leads to it', async () => {
    const own = await openEvent(server!.url)
    const page = await phone(browser)
    const errors: Error[] = []
    page.on('pageerror', (e) => errors.push(e))
    await page.goto(`${server!.url}/e/${own.slug}`)
    await page.getByLabel('Nombre completo').fill('Encuesta Cerrada Después')
    await page.getByLabel('Correo electrónico').fill(`cerrada-${unique('a')}@example.com`)
    await consent(page).check()
    const closed = await own.api.call('PATCH', `/api/events/${own.slug}/forms/evaluacion`, {
      token: own.token,
      body: { open: false },
    })
    expect(closed.status).toBe(200)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await registered(page).waitFor()
    // The form was loaded open; the event, loaded again, says it is closed.
    await page.reload()
    await page.getByRole('button', { name: 'Responder la encuesta' }).click()
    await page.getByText('Este formulario no recibe respuestas en este momento.').waitFor()
    expect(await page.getByRole('button', { name: 'Enviar' }).isDisabled()).toBe(true)
    expect(errors).toEqual([])
    await page.close()
  })

  it('tells assistive technology which fields are required, the consent box included', async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    const required = (name: string | RegExp, role: 'textbox' | 'checkbox' = 'textbox') =>
      page.getByRole(role, { name }).evaluate((e) => e.matches(':required'))
    expect(await required('Nombre completo')).toBe(true)
    expect(await required(/autorizo el tratamiento/, 'checkbox')).toBe(true)
    expect(await required('Correo electrónico')).toBe(false)
    await page.close()
  })

  it('keeps the earlier radicados of the device, most recent first, after "Hacer otra pregunta"', async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    const filed = page.getByRole('heading', { name: /Su pregunta quedó radicada/ })
    const ask = async (text: string) => {
      await page.getByLabel('Tipo de solicitud').selectOption('peticion')
      await page.getByLabel('Su pregunta o solicitud').fill(text)
      await page.getByRole('button', { name: 'Enviar' }).click()
      return (await filed.locator('strong').innerText()).trim()
    }
    const earlier = page.locator('cabildo-form li > strong')
    const first = await ask('Primera de la familia: copia del contrato de la vía.')
    await page.getByRole('button', { name: 'Hacer otra pregunta' }).click()
    await page.reload()
    await page.getByText('Sus radicados anteriores en este dispositivo:').waitFor()
    expect(await earlier.allInnerTexts()).toEqual([first])
    const second = await ask('Segunda de la familia: ¿cuándo abren la convocatoria?')
    expect(await earlier.allInnerTexts()).toEqual([first])
    await page.getByRole('button', { name: 'Hacer otra pregunta' }).click()
    expect(await earlier.allInnerTexts()).toEqual([second, first])
    await page.close()
  })

  it('keeps the earlier check-in code of the device after "Registrar a otra persona"', async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await page.getByLabel('Nombre completo').fill('Primera Persona Familia')
    await page.getByLabel('Correo electrónico').fill(`familia-${unique('a')}@example.com`)
    await consent(page).check()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await registered(page).waitFor()
    const code = (await page.locator('cabildo-form p > strong').innerText()).trim()
    await page.getByRole('button', { name: 'Registrar a otra persona' }).click()
    await page.getByText('Códigos de ingreso anteriores en este dispositivo:').waitFor()
    expect(await page.locator('cabildo-form li > strong').allInnerTexts()).toEqual([code])
    await page.close()
  })

  it('opens the form for the next person with no error left from the last one', async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    const invalid = () =>
      inWidget(page, (root) => [...root.querySelectorAll('[aria-invalid=true]')].map((e) => e.id))
    await page.getByLabel('Nombre completo').fill('Persona Sin Documento')
    await consent(page).check()
    // Sent without a document, an e-mail or a phone: the rule between them is said on the document.
    await page.getByRole('button', { name: 'Enviar' }).click()
    await expect.poll(invalid).toEqual(['cbasistencia-documentNumber'])
    // Answered with an e-mail instead: the registration goes through…
    await page.getByLabel('Correo electrónico').fill(`sin-documento-${unique('a')}@example.com`)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await registered(page).waitFor()
    // …and the next person's empty form says nothing is wrong with a field they have not touched.
    await page.getByRole('button', { name: 'Registrar a otra persona' }).click()
    await page.getByLabel('Nombre completo').waitFor()
    expect(await invalid()).toEqual([])
    expect(await page.getByText('Indique un documento, un correo o un teléfono').count()).toBe(0)
    await page.close()
  })

  it('shows a question staff made required while the survey was being answered, and sends the survey once it is answered', async () => {
    // An event of its own: its survey changes here.
    const own = await openEvent(server!.url)
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${own.slug}`)
    await page.getByRole('button', { name: 'Evaluación', exact: true }).click()
    await answerRequired(page)
    // Meanwhile staff add a required question: the form on the phone does not have it.
    const added = await own.api.call('POST', `/api/events/${own.slug}/forms/evaluacion/questions`, {
      token: own.token,
      body: { id: 'transporte', type: 'yesno', label: '¿Usó el transporte gratuito?', required: true },
    })
    expect(added.status).toBe(201)
    await page.getByRole('button', { name: 'Enviar' }).click()
    // Not a bare "the data sent is not valid", which nothing on screen could fix: the form is read again,
    // the new question shows with what the server said of it, and the alert says why.
    await page
      .getByRole('alert')
      .filter({ hasText: 'Las preguntas de este formulario cambiaron mientras lo respondía' })
      .waitFor()
    const asked = page.getByRole('group', { name: /transporte gratuito/ })
    await asked.getByText('Esta pregunta es obligatoria.').waitFor()
    expect(await asked.getByRole('radio', { name: 'Sí', exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    )
    // What was answered stays; the new question answered, the survey goes.
    expect(await page.getByRole('radio', { name: 'Buena', exact: true }).isChecked()).toBe(true)
    await asked.getByRole('radio', { name: 'Sí', exact: true }).check()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByRole('heading', { name: '¡Gracias por responder la encuesta!' }).waitFor()
    const stats = await own.api.call('GET', `/api/events/${own.slug}/forms/evaluacion/stats`, {
      token: own.token,
    })
    expect(stats.json.responses).toBe(1)
    await page.close()
  })

  it("never brings back a guardian's authorisation ticked from the device's draft, as it never does consent", async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    const guardian = page.getByRole('checkbox', { name: /representante legal autoriza/ })
    await page.getByLabel('Nombre completo').fill('Menor Con Borrador')
    await page.getByRole('radio', { name: 'Menos de 18', exact: true }).check()
    await guardian.check()
    await consent(page).check()
    // The page closed and opened again (the same person later, or the next one on a shared phone): what
    // was typed is there, and every authorisation is asked again, unticked.
    await page.reload()
    await expect.poll(() => page.getByLabel('Nombre completo').inputValue()).toBe('Menor Con Borrador')
    expect(await page.getByRole('radio', { name: 'Menos de 18', exact: true }).isChecked()).toBe(true)
    expect(await guardian.isChecked()).toBe(false)
    expect(await consent(page).isChecked()).toBe(false)
    await page.close()
  })

  it('says when "Reintentar" could not send either, and that a busy server, not the connection, holds it', async () => {
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page.getByLabel('Su pregunta o solicitud').fill('¿Reintentar dice algo cuando no puede?')
    let reply = (route: Route) => route.abort('internetdisconnected')
    await page.route('**/questions', (route) =>
      route.request().method() === 'POST' ? reply(route) : route.continue(),
    )
    await page.getByRole('button', { name: 'Enviar' }).click()
    // The queued status is a live region: what is added to it is said.
    const status = page.locator('cabildo-form [role=status]')
    await status.filter({ hasText: 'cuando vuelva la conexión' }).waitFor()
    await page.getByRole('button', { name: 'Reintentar' }).click()
    await status
      .filter({
        hasText: 'Todavía no se pudo enviar. Sigue guardado en este dispositivo y se intentará de nuevo.',
      })
      .waitFor()

    // The connection is fine; the server is not.
    reply = (route: Route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'No disponible.' } }),
      })
    await page.getByRole('button', { name: 'Reintentar' }).click()
    await status.filter({ hasText: 'el servicio está ocupado' }).waitFor()
    expect(await page.getByText('cuando vuelva la conexión').count()).toBe(0)
    reply = (route: Route) => route.continue()
    await retryUntilShown(page, /Su pregunta quedó radicada/)
    await page.close()
  })

  it('says to keep the page open when the browser cannot store a queued submission, and delivers it', async () => {
    const page = await phone(browser)
    // As in some in-app browsers and private modes: any use of localStorage throws.
    await page.addInitScript(() =>
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError')
        },
      }),
    )
    await page.goto(`${server!.url}/e/${event.slug}`)
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    const text = 'Sin almacenamiento: ¿se publicarán las diapositivas?'
    await page.getByLabel('Su pregunta o solicitud').fill(text)
    const offline = (route: Route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()
    await page.route('**/questions', offline)
    await page.getByRole('button', { name: 'Enviar' }).click()

    // The queued status (the form's other live region, the earlier people's refusals, is empty).
    const status = page.locator('cabildo-form [role=status].k')
    await status.filter({ hasText: 'no cierre esta página' }).waitFor()
    expect(await status.innerText()).toContain(
      'Este navegador no permite guardarlo en el dispositivo: no cierre esta página; se enviará al reconectar.',
    )
    expect(await page.getByText('Guardado en este dispositivo').count()).toBe(0)

    // Kept open, it goes out when the connection is back.
    await page.unroute('**/questions', offline)
    await retryUntilShown(page, /Su pregunta quedó radicada/)
    const res = await event.api.call('GET', `/api/events/${event.slug}/questions`, { token: event.token })
    expect(res.json.questions.filter((q: { text: string }) => q.text === text)).toHaveLength(1)
    await page.close()
  })
})
