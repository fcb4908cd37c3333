import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  answerRequired,
  expectAccessible,
  fieldState,
  inWidget,
  launch,
  openEvent,
  phone,
  screenshot,
} from './chromium'

const server = inject('browserServer')

/** The widget's copy of the event kept on the phone for reopening offline: its status and each form's. */
const offlineCopy = (p: Page, slug: string) =>
  p.evaluate((slug) => {
    const kept = Object.entries(localStorage).find(([k]) => k.endsWith(`:${slug}:forms:es`))?.[1]
    if (!kept) return null
    const b = JSON.parse(kept) as { event: { status: string }; forms: { key: string; open?: boolean }[] }
    return { status: b.event.status, ...Object.fromEntries(b.forms.map((f) => [f.key, f.open !== false])) }
  }, slug)

describe.skipIf(!server)('an attendee on a phone', () => {
  let browser: Browser
  let page: Page
  let event: Awaited<ReturnType<typeof openEvent>>

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
    page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}?canal=whatsapp`)
    await page.getByRole('heading', { name: 'Asistencia' }).waitFor()
  })
  afterAll(async () => browser?.close())

  /** Registers a person with a CC on the attendance form open in `p`, and waits for the confirmation. */
  async function register(p: Page, name: string, documentNumber: string) {
    await p.getByLabel('Nombre completo').fill(name)
    await p.getByLabel('Tipo de documento').selectOption('CC')
    await p.getByLabel('Número de documento').fill(documentNumber)
    await p.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await p.getByRole('button', { name: 'Enviar' }).click()
    await p.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' }).waitFor()
  }

  it('shows the event in its time zone, the stream link and an accessible attendance form', async () => {
    await expect.poll(() => page.title()).toContain('Rendición de cuentas 2026')
    const facts = await page.locator('.facts').innerText()
    expect(facts).toContain('27 de noviembre de 2026')
    expect(facts).toMatch(/2:00\s*p\.\s*m\./)
    expect(facts).toContain('hora de Colombia')
    expect(await page.getByRole('link', { name: 'Ver la transmisión en vivo' }).getAttribute('href')).toBe(
      'https://www.youtube.com/watch?v=demo',
    )
    await screenshot(page, 'page-attendance')
    await expectAccessible(page, 'attendee page with the attendance form')
  })

  it('says before anything is sent that one of document, e-mail or phone is needed, ahead of the fields', async () => {
    const told = 'Escriba al menos uno de estos datos: número de documento, correo o teléfono.'
    const note = await inWidget(page, (root) => {
      const form = root.querySelector('form')!
      const p = Array.from(form.querySelectorAll('p')).find((el) =>
        el.textContent?.includes('Escriba al menos'),
      )
      const first = form.querySelector('input, select, textarea')
      return {
        text: p?.textContent?.trim(),
        shown: p?.checkVisibility() && !p.closest('[aria-hidden=true]'),
        // Read in order, after the form's heading and before its first field.
        afterHeading:
          !!p && !!(form.querySelector('h3')!.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING),
        beforeFields:
          !!p && !!first && !!(p.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING),
      }
    })
    expect(note).toEqual({
      text: `${told} Los campos marcados con * son obligatorios.`,
      shown: true,
      afterHeading: true,
      beforeFields: true,
    })
    // None of the three fields is starred: the note is what says it.
    for (const label of [/^Número de documento/, /^Correo electrónico/, /^Teléfono/])
      expect(await page.getByText(label).first().innerText()).not.toContain('*')
  })

  /**
   * The headings a screen reader lists, in document order: the widget's shadow root where the widget is,
   * nothing of a hidden section.
   */
  const outline = (p: Page) =>
    p.evaluate(() => {
      const out: string[] = []
      const walk = (n: Element | ShadowRoot) => {
        for (const el of Array.from(n.children)) {
          if (!el.checkVisibility()) continue
          const level = /^H([1-6])$/.exec(el.tagName)?.[1]
          if (level) out.push(`h${level} ${(el as HTMLElement).innerText}`)
          else walk(el.shadowRoot ?? el)
        }
      }
      walk(document.body)
      return out
    })
  /** No level skipped on the way down, and the widget's heading one below "Participe", the page's own. */
  async function expectOutline(p: Page, widgetHeading: string) {
    const list = await outline(p)
    const levels = list.map((h) => Number(h[1]))
    expect(levels[0], list.join(' | ')).toBe(1)
    for (let i = 1; i < levels.length; i++)
      expect(levels[i], list.join(' | ')).toBeLessThanOrEqual(levels[i - 1] + 1)
    const at = list.indexOf(`h3 ${widgetHeading}`)
    expect(at, list.join(' | ')).toBeGreaterThan(0)
    expect(list[at - 1]).toBe('h2 Participe')
  }

  it("puts the form's title a level below the page's heading over it", async () => {
    await expectOutline(page, 'Asistencia')
  })

  it('announces missing answers, ties them to their fields and moves focus to the first one', async () => {
    await page.getByRole('button', { name: 'Enviar' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Revise' }).count()).toBe(1)
    await expect.poll(() => inWidget(page, (root) => root.activeElement?.id)).toBe('cbasistencia-name')
    const focused = await inWidget(page, (root) => ({
      id: root.activeElement?.id,
      invalid: root.activeElement?.getAttribute('aria-invalid'),
      describedBy: root.activeElement?.getAttribute('aria-describedby'),
    }))
    expect(focused.id).toBe('cbasistencia-name')
    expect(focused.invalid).toBe('true')
    // Its error, after the note that says when its text reaches its limit.
    const error = focused.describedBy?.split(' ').pop()
    expect(await page.locator(`[id="${error}"]`).innerText()).toBe('Responda esta pregunta.')
    await screenshot(page, 'attendance-errors')
    await expectAccessible(page, 'attendance form with errors')
  })

  it('registers with explicit consent and offers the survey and the question one tap away', async () => {
    await page.getByLabel('Nombre completo').fill('Ana María Pérez')
    await page.getByLabel('Tipo de documento').selectOption('CC')
    await page.getByLabel('Número de documento').fill('52123456')
    await page.getByLabel('Correo electrónico').fill('ana@example.com')
    await page.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' }).waitFor()
    await expectOutline(page, '¡Gracias! Su asistencia quedó registrada.')
    await screenshot(page, 'attendance-done')
    await expectAccessible(page, 'attendance confirmation')
    const list = await event.api.call('GET', `/api/events/${event.slug}/attendance`, { token: event.token })
    const rows = JSON.stringify(list.json)
    expect(rows).toContain('Ana María Pérez')
    expect(rows).toContain('whatsapp')
    // The code the door asks for, in text and as the QR the staff's camera reads.
    const ana = list.json.attendees.find((a: { name: string }) => a.name === 'Ana María Pérez')
    const code = page.locator('cabildo-form p', { hasText: 'Su código de ingreso' })
    expect(await code.locator('strong').innerText()).toBe(ana.checkinCode)
    const qr = code.locator('img')
    await expect
      .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0)
    // Reopened later, at the door, the page still shows it.
    await page.reload()
    await page.locator('cabildo-form strong', { hasText: ana.checkinCode }).waitFor()
  })

  it('tells a person who registers again, from another phone, that the first registration stands', async () => {
    const other = await phone(browser)
    await other.goto(`${server!.url}/e/${event.slug}`)
    await other.getByLabel('Nombre completo').fill('Ana María Pérez')
    await other.getByLabel('Tipo de documento').selectOption('CC')
    await other.getByLabel('Número de documento').fill('52123456')
    await other.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await other.getByRole('button', { name: 'Enviar' }).click()
    await other.getByRole('heading', { name: /^Ya estaba registrado\(a\) en este evento/ }).waitFor()
    expect(await other.getByText(/^Su código de ingreso, para mostrar/).count()).toBe(0)
    await other.close()
  })

  it("asks a minor for their guardian's authorisation and no sensitive question", async () => {
    // An event of its own: the survey it answers is not counted in the other tests' figures.
    const own = await openEvent(server!.url)
    const p = await phone(browser)
    await p.goto(`${server!.url}/e/${own.slug}`)
    const groups = p.getByRole('group', { name: /Grupo poblacional/ })
    const guardian = p.getByRole('checkbox', { name: /representante legal/ })
    await groups.waitFor()
    expect(await guardian.count()).toBe(0)
    await p.getByLabel('Nombre completo').fill('Tomás Rincón')
    await p.getByLabel('Teléfono o celular').fill('3001234567')
    await p
      .getByRole('group', { name: /Rango de edad/ })
      .getByRole('radio', { name: 'Menos de 18' })
      .check()
    expect(await groups.count()).toBe(0)
    await p.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await p.getByRole('button', { name: 'Enviar' }).click()
    // The authorisation is required: its error is announced, tied to the checkbox, and focus moves there.
    await p.getByRole('alert').filter({ hasText: 'Revise' }).waitFor()
    await expect
      .poll(() => inWidget(p, (root) => root.activeElement?.id))
      .toBe('cbasistencia-guardianConsent')
    const focused = await inWidget(p, (root) => ({
      id: root.activeElement?.id,
      describedBy: root.activeElement?.getAttribute('aria-describedby'),
    }))
    expect(focused.id).toBe('cbasistencia-guardianConsent')
    expect(await p.locator(`[id="${focused.describedBy}"]`).innerText()).toBe(
      'El registro de un menor de edad requiere la autorización de su representante legal.',
    )
    await guardian.check()
    await p.getByRole('button', { name: 'Enviar' }).click()
    await p.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' }).waitFor()
    const list = await own.api.call('GET', `/api/events/${own.slug}/attendance`, { token: own.token })
    expect(JSON.stringify(list.json)).toContain('Tomás Rincón')

    // The survey hides its sensitive question from a minor too, rather than refuse the answers.
    await p.getByRole('button', { name: 'Responder la encuesta' }).click()
    const age = p.getByRole('group', { name: /Rango de edad/ })
    await age.waitFor()
    await groups.waitFor()
    await age.getByRole('radio', { name: 'Menos de 18' }).check()
    expect(await groups.count()).toBe(0)
    await age.getByRole('radio', { name: '18 a 28' }).check()
    await groups.getByRole('checkbox', { name: 'Rrom' }).check()
    await age.getByRole('radio', { name: 'Menos de 18' }).check()
    await answerRequired(p)
    await p.getByRole('button', { name: 'Enviar' }).click()
    await p.getByRole('heading', { name: '¡Gracias por responder la encuesta!' }).waitFor()
    await p.close()
  })

  it('says, politely and tied to the field, when a text reaches its limit, not cutting it silently', async () => {
    const own = await openEvent(server!.url)
    const p = await phone(browser)
    await p.goto(`${server!.url}/e/${own.slug}`)
    const name = p.getByLabel('Nombre completo')
    await name.click()
    await p.keyboard.insertText('Ana Pérez')
    const note = async () =>
      inWidget(p, (root) => {
        const field = root.querySelector('#cbasistencia-name')!
        const ids = field.getAttribute('aria-describedby')!.split(' ')
        const live = root.querySelector('#cbasistencia-name-h')
        return {
          described: ids.includes('cbasistencia-name-h'),
          live: live?.getAttribute('aria-live'),
          text: live?.textContent?.trim(),
          length: (field as HTMLInputElement).value.length,
        }
      })
    expect(await note()).toEqual({ described: true, live: 'polite', text: '', length: 9 })
    // A paste longer than the limit keeps the first 200 characters, and says so.
    await name.fill('')
    await p.keyboard.insertText('A'.repeat(250))
    await expect.poll(async () => (await note()).text).toMatch(/^Llegó al límite: .*200$/)
    expect((await note()).length).toBe(200)
    await p.keyboard.press('Backspace')
    await expect.poll(async () => (await note()).text).toBe('')
  })

  it('names in its alert a field the server refused that the phone could not check, as it names its own', async () => {
    const own = await openEvent(server!.url)
    const p = await phone(browser)
    await p.goto(`${server!.url}/e/${own.slug}`)
    await p.getByLabel('Nombre completo').fill('Sara Gómez')
    // A tarjeta de identidad is a minor's document: the server asks for the age range, the phone does not.
    await p.getByLabel('Tipo de documento').selectOption('TI')
    await p.getByLabel('Número de documento').fill('1012345678')
    await p.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await p.getByRole('button', { name: 'Enviar' }).click()
    const alert = p.getByRole('alert').filter({ hasText: 'Revise' })
    await alert.waitFor()
    expect(await alert.innerText()).toBe('Revise: Rango de edad')
    // The server's own words stay beside the field, which takes focus.
    await expect
      .poll(() =>
        inWidget(p, (root) => root.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent),
      )
      .toMatch(/Rango de edad/)
    expect(await p.getByRole('group', { name: /Rango de edad/ }).innerText()).toContain(
      'Con tarjeta de identidad o registro civil, indique su rango de edad',
    )
    await screenshot(p, 'attendance-server-refusal')
    await p.close()
  })

  it('answers the evaluation survey with the attendee token kept on the device', async () => {
    await page.getByRole('button', { name: 'Responder la encuesta' }).click()
    await page.getByRole('heading', { name: /Encuesta de evaluación/ }).waitFor()
    await screenshot(page, 'survey-form')
    await expectAccessible(page, 'survey form')
    await page
      .getByRole('group', { name: /Ocupación/ })
      .getByRole('radio', { name: 'Otra' })
      .check()
    await page.getByLabel('¿Cuál?').fill('Comerciante')
    // Sent with its required questions unanswered, focus lands on the first one's first option, and the
    // option itself says what is missing, as the group does.
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByRole('alert').filter({ hasText: 'Revise' }).waitFor()
    const option = await inWidget(page, (root) => ({
      type: root.activeElement?.getAttribute('type'),
      describedBy: root.activeElement?.getAttribute('aria-describedby'),
    }))
    expect(option.type).toBe('radio')
    expect(await page.locator(`[id="${option.describedBy}"]`).innerText()).toBe('Responda esta pregunta.')
    await answerRequired(page)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByRole('heading', { name: '¡Gracias por responder la encuesta!' }).waitFor()
    const stats = await event.api.call('GET', `/api/events/${event.slug}/forms/evaluacion/stats`, {
      token: event.token,
    })
    expect(stats.json.responses).toBe(1)
  })

  it('offers the survey anew to the next person registered on a shared phone, and shows each their own', async () => {
    // Ana registered and answered above. Her sister registers on the same phone.
    await page.getByRole('button', { name: 'Asistencia', exact: true }).click()
    await page.getByRole('button', { name: 'Registrar a otra persona' }).click()
    // The privacy notice says what it is on screen, not only to a screen reader: its title comes first.
    const notice = page.locator('cabildo-form section.x')
    expect(await notice.locator('p').first().innerText()).toBe(await notice.getAttribute('aria-label'))
    await register(page, 'Lucía Pérez', '52123457')
    await page.getByRole('button', { name: 'Responder la encuesta' }).click()
    // Her own survey, not Ana's thanks; with what the form itself says of her answers.
    await page.getByRole('heading', { name: /Encuesta de evaluación/ }).waitFor()
    await page.getByText(/Sus respuestas son anónimas/).waitFor()
    await answerRequired(page)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByRole('heading', { name: '¡Gracias por responder la encuesta!' }).waitFor()
    const stats = await event.api.call('GET', `/api/events/${event.slug}/forms/evaluacion/stats`, {
      token: event.token,
    })
    expect(stats.json.responses).toBe(2)
    // Opened again, the phone shows Lucía, its last registered person, her confirmation.
    await page.reload()
    await page.getByRole('button', { name: 'Evaluación', exact: true }).click()
    await page.getByRole('heading', { name: '¡Gracias por responder la encuesta!' }).waitFor()
  })

  it('keeps the survey answered for a person who answered before registering', async () => {
    const other = await phone(browser)
    await other.goto(`${server!.url}/e/${event.slug}`)
    await other.getByRole('button', { name: 'Evaluación', exact: true }).click()
    await answerRequired(other)
    await other.getByRole('button', { name: 'Enviar' }).click()
    await other.getByRole('heading', { name: '¡Gracias por responder la encuesta!' }).waitFor()
    await other.getByRole('button', { name: 'Asistencia', exact: true }).click()
    await register(other, 'Pedro Gómez', '79123456')
    // The survey this phone answered stays answered: offered again under his new registration, it would
    // be counted twice.
    await other.getByRole('button', { name: 'Responder la encuesta' }).click()
    await other.getByRole('heading', { name: '¡Gracias por responder la encuesta!' }).waitFor()
    await other.close()
  })

  it('files a question and shows its radicado, its due date in Spanish and how to look it up', async () => {
    await page.getByRole('button', { name: 'Hacer una pregunta' }).click()
    await page.getByRole('heading', { name: 'Pregunta', exact: true }).waitFor()
    await screenshot(page, 'question-form')
    await expectAccessible(page, 'question form')
    await page.getByLabel('Tipo de solicitud').selectOption('pregunta')
    await page.getByLabel('Su pregunta o solicitud').fill('¿Cuándo abre la convocatoria de emprendimiento?')
    await page.getByLabel('Dependencia a la que se dirige').selectOption('cadenas-valor')
    // The privacy notice is there, reachable, before the choice to ask anonymously.
    const notice = page.getByRole('region', { name: 'Aviso de privacidad' })
    expect(await notice.innerText()).toMatch(/Finalidad: radicar su petición/)
    await page.getByRole('checkbox', { name: 'Enviar de forma anónima' }).check()
    expect(await page.getByLabel('Correo electrónico').count()).toBe(0)
    await page.getByRole('button', { name: 'Enviar' }).click()
    const heading = page.getByRole('heading', { name: /Su pregunta quedó radicada/ })
    await heading.waitFor()
    const radicado = /SDE-\d{4}-\d{6}/.exec((await heading.innerText()) ?? '')?.[0]
    expect(radicado).toBeDefined()
    await expectOutline(page, await heading.innerText())
    const done = await page.locator('cabildo-form dl').innerText()
    expect(done).toMatch(/Fecha máxima de respuesta\s+\p{L}+, \d{1,2} de \p{L}+ de 20\d\d/u)
    const link = await page.getByRole('link', { name: 'la página del evento' }).getAttribute('href')
    expect(link).toMatch(
      new RegExp(`^${server!.url}/e/${event.slug}\\?radicado=${radicado}&token=[\\w-]{20,}#consulta$`),
    )
    await screenshot(page, 'question-done')
    await expectAccessible(page, 'question confirmation')

    await page.getByLabel('Número de radicado').fill(radicado!)
    await page.getByRole('button', { name: 'Consultar' }).click()
    await expect.poll(() => page.locator('#lookup-result').innerText()).toContain('Fecha máxima de respuesta')
    // The radicado's own facts, not only their labels.
    const result = await page.locator('#lookup-result').innerText()
    expect(result).toContain(radicado!)
    expect(result).toContain('Recibida')
    expect(result).toMatch(/Fecha máxima de respuesta\s+\p{L}+, \d{1,2} de \p{L}+ de 20\d\d/u)
    expect(result).not.toMatch(/Invalid Date|undefined/)
    // On a phone each value has the width of the result under its label, not what the longest label
    // leaves beside it (a date broken word by word).
    const [box, values] = await Promise.all([
      page.locator('#lookup-result dl').boundingBox(),
      page.locator('#lookup-result dd').evaluateAll((ds) => ds.map((d) => d.getBoundingClientRect().width)),
    ])
    expect(Math.min(...values)).toBeGreaterThan(0.9 * box!.width)
    // Once pending with an office, the lookup says which one answers.
    const staff = await event.api.call('GET', `/api/events/${event.slug}/questions`, { token: event.token })
    const filed = staff.json.questions.find((q: { radicado: string }) => q.radicado === radicado)
    await event.api.call('PATCH', `/api/questions/${filed.id}`, {
      token: event.token,
      body: { status: 'pending', area: 'despacho' },
    })
    await page.getByRole('button', { name: 'Consultar' }).click()
    await expect
      .poll(() => page.locator('#lookup-result').innerText())
      .toMatch(/Dependencia que responde\s+Despacho/)
    await expect.poll(() => page.locator('#lookup-result').innerText()).toContain('En trámite')

    // The confirmation's link: the event page looks the radicado up and, with the receipt's token, offers
    // the constancia; the token leaves the address at once.
    const mine = await phone(browser)
    const lookups: string[] = []
    mine.on(
      'request',
      (r) => void (/\/api\/pqrsd\/[^/]+$/.test(new URL(r.url()).pathname) && lookups.push(r.url())),
    )
    await mine.goto(link!)
    const receipt = mine.getByRole('link', { name: 'Ver e imprimir la constancia de radicación' })
    await receipt.waitFor()
    expect(mine.url()).toBe(`${server!.url}/e/${event.slug}?radicado=${radicado}#consulta`)
    // The server drew the result: the page's script does not ask again (a second lookup against the limit).
    await mine.waitForLoadState('networkidle')
    expect(lookups).toEqual([])
    await receipt.click()
    await mine.waitForURL(/\/constancia\?/)
    expect(await mine.locator('body').innerText()).toContain(radicado!)
    // Without the token the lookup shows the status only.
    await mine.goto(`${server!.url}/e/${event.slug}?radicado=${radicado}`)
    await mine.locator('#lookup-result h3').waitFor()
    expect(await receipt.count()).toBe(0)
    await mine.close()
  })

  it("says in the lookup, with the page's script, that a petition's legal term ran out unanswered", async () => {
    // An event held 60 days ago, and a written petition left there that day: its 10 business days are past.
    const held = Date.now() - 60 * 86_400_000
    const old = await openEvent(server!.url, { startsAt: new Date(held).toISOString() })
    const filed = await old.api.call('POST', `/api/events/${old.slug}/questions`, {
      token: old.token,
      body: {
        type: 'peticion_informacion',
        text: '¿Cuántas ferias campesinas hubo?',
        anonymous: true,
        channel: 'presencial',
        verbal: false,
        receivedOn: new Date(held - 5 * 3600_000).toISOString().slice(0, 10),
      },
    })
    expect(filed.status).toBe(201)
    const p = await phone(browser)
    await p.goto(`${server!.url}/e/${old.slug}`)
    await p.getByLabel('Número de radicado').fill(filed.json.radicado)
    await p.getByRole('button', { name: 'Consultar' }).click()
    const said = p.locator('#lookup-result p.banner')
    await said.waitFor()
    expect(await said.innerText()).toMatch(
      /^El término legal de la entidad para responder venció el \d{1,2} de \p{L}+ de 20\d\d sin respuesta, .* La petición sigue abierta: la entidad aún debe responderle\./u,
    )
    await expectAccessible(p, 'a lookup past the due date')
    await p.context().close()
  })

  it('says what is wrong with a radicado in its own words, once, tied to the field, focus back on it; a failed lookup as such', async () => {
    const p = await phone(browser)
    // An entity with a prefix of its own: the page's examples are in its format.
    const own = await openEvent(server!.url, {
      entity: { name: 'Alcaldía de Santiago de Cali', radicadoPrefix: 'CALI' },
    })
    await p.goto(`${server!.url}/e/${own.slug}`)
    const field = p.getByLabel('Número de radicado')
    const look = p.getByRole('button', { name: 'Consultar' })
    await p.getByRole('heading', { name: 'Asistencia' }).waitFor()
    const result = p.locator('#lookup-result')
    const error = p.locator('#radicado-e')
    /**
     * The number's error, and what a screen reader on the field hears with it: focus moved there, the
     * field reads it as its description, and the live region does not say it a second time.
     */
    const said = async (text: RegExp) => {
      await expect.poll(() => error.allInnerTexts()).toEqual([expect.stringMatching(text)])
      const state = await fieldState(field)
      expect(state).toMatchObject({ focused: true, invalid: 'true' })
      expect(state.described).toContain(await error.innerText())
      expect(await result.innerText()).toBe('')
    }
    const help = await p.locator('#radicado-h').innerText()
    /** A lookup that failed, not the number: said in the live region, the field left alone, a way to retry. */
    const failed = async (text: RegExp) => {
      await expect.poll(() => result.innerText()).toMatch(text)
      expect(await fieldState(field)).toEqual({ focused: false, invalid: null, described: help })
      expect(await error.count()).toBe(0)
      expect(await look.evaluate((b) => b === document.activeElement)).toBe(true)
      expect(await result.getByRole('button', { name: 'Reintentar' }).count()).toBe(1)
      expect(await result.innerText()).not.toMatch(/apoyo/)
    }

    // The example is the entity's own, of this year where the event is.
    const year = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'America/Bogota' }).format(
      new Date(),
    )
    expect(await p.locator('#radicado-h').innerText()).toBe(
      `Escriba el número de radicado que recibió, p. ej. CALI-${year}-000123.`,
    )
    // What is checked on the phone is never sent: every lookup that reaches the server is counted here.
    const sent: string[] = []
    p.on('request', (r) => /\/api\/pqrsd\//.test(r.url()) && sent.push(r.url()))
    // Nothing typed: said, not ignored.
    await look.click()
    await said(/^Escriba el número de radicado que recibió\.$/)
    // Not a radicado's shape: what one looks like, in the entity's format, said on the field at once.
    await field.fill('2026-123')
    await look.click()
    await said(
      new RegExp(
        `^Revise el número: un radicado tiene el prefijo de la entidad, el año y el número, separados por guiones, p\\. ej\\. CALI-${year}-000123\\.$`,
      ),
    )
    expect(sent).toEqual([])
    // Sent with Enter from the field, focus stays there: the live region says it, the one time.
    await field.fill('20261234')
    await field.press('Enter')
    await expect
      .poll(() => result.locator('#radicado-e').allInnerTexts())
      .toEqual([expect.stringMatching(/^Revise el número/)])
    expect(await fieldState(field)).toMatchObject({ focused: true, invalid: 'true' })
    expect(await error.count()).toBe(1)
    expect(sent).toEqual([])
    // A number the entity never gave: asked, and said.
    await field.fill('SDE-2026-999999')
    await look.click()
    await said(
      new RegExp(`^No encontramos ese radicado\\. Revise el número, p\\. ej\\. CALI-${year}-000123\\.$`),
    )
    expect(sent).toEqual([`${server!.url}/api/pqrsd/SDE-2026-999999`])
    // No network, the rate limit, the server down: the lookup failed, which says nothing of the number. Each
    // is said as such, not as the wall's words about a vote; the field is neither marked nor focused.
    await p.route('**/api/pqrsd/**', (route) => route.abort('internetdisconnected'))
    await look.click()
    await failed(/^No pudimos consultar el radicado: no hay conexión/)
    const refuse = (status: number, code: string, headers = {}) =>
      p.route('**/api/pqrsd/**', (route) =>
        route.fulfill({
          status,
          headers,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code, message: 'Demasiadas solicitudes.' } }),
        }),
      )
    await p.unroute('**/api/pqrsd/**')
    await refuse(429, 'RATE_LIMITED', { 'retry-after': '30' })
    await look.click()
    await failed(/^No pudimos consultar el radicado: se hicieron demasiadas consultas .*Espere 30 segundos/)
    await p.unroute('**/api/pqrsd/**')
    await refuse(503, 'UNAVAILABLE')
    await look.click()
    await failed(/^No pudimos consultar el radicado: el servicio no responde en este momento/)
    // "Reintentar" asks again: the button goes with the message, focus to "Consultar", and the number's
    // own error, when the server says it, goes on the field.
    await p.unroute('**/api/pqrsd/**')
    await result.getByRole('button', { name: 'Reintentar' }).click()
    await said(/^No encontramos ese radicado/)
    // Found at last, the field is no longer marked wrong; asked with no network, it is found once the
    // connection returns, with nothing pressed again.
    const filed = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      body: { type: 'sugerencia', text: 'Que la próxima rendición se haga en la vereda El Carmen.' },
    })
    // As a person types it: lower case, spaces, no leading zeros; sent as the series writes it.
    const [prefix, filedYear, number] = (filed.json.radicado as string).split('-')
    await field.fill(` ${prefix.toLowerCase()} ${filedYear} ${Number(number)} `)
    await p.context().setOffline(true)
    await look.click()
    await failed(/^No pudimos consultar el radicado: no hay conexión/)
    await p.context().setOffline(false)
    await p.locator('#lookup-result h3', { hasText: filed.json.radicado }).waitFor()
    expect(sent.at(-1)).toBe(`${server!.url}/api/pqrsd/${filed.json.radicado}`)
    expect(await field.getAttribute('aria-invalid')).toBeNull()
    expect(await field.getAttribute('aria-describedby')).toBe('radicado-h')
    await expectAccessible(p, 'radicado lookup')
    await p.close()
  })

  it('does not scroll sideways at 200 % zoom on a 360 px phone, a long e-mail and address wrapping', async () => {
    const long = await openEvent(server!.url, {
      description:
        'Inscríbase antes en https://www.desarrolloeconomico.gov.co/rendicion-de-cuentas-2026/inscripciones',
      entity: {
        // A NIT of its own: a known one would bring its entity's e-mail.
        name: 'Secretaría Distrital de Desarrollo Económico de la ciudad',
        nit: '900555123-4',
        email: 'atencionalciudadano@desarrolloeconomico.gov.co',
        phone: '+57 (601) 369 7777',
        address: 'Calle 10 # 5-20',
        radicadoPrefix: 'SDDE',
      },
    })
    const p = await phone(browser)
    // 200 % zoom of a 360 px phone: the page is laid out in 180 CSS px.
    await p.setViewportSize({ width: 180, height: 370 })
    await p.goto(`${server!.url}/e/${long.slug}`)
    await p.getByRole('heading', { name: 'Asistencia' }).waitFor()
    await p
      .locator('#wall')
      .getByText(/Aún no hay preguntas/)
      .waitFor()
    const email = p
      .locator('footer')
      .getByRole('link', { name: 'atencionalciudadano@desarrolloeconomico.gov.co' })
    expect(await email.getAttribute('href')).toBe('mailto:atencionalciudadano@desarrolloeconomico.gov.co')
    // Nothing wider than the screen: the e-mail, the description's link and the widget's choices wrap.
    expect(
      await p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true)
    // The lookup's field keeps room to type in: its button goes under it.
    expect((await p.getByLabel('Número de radicado').boundingBox())!.width).toBeGreaterThan(120)
    await p.close()
  })

  it('shows a radicado and a check-in code whole inside a phone at 200 % zoom, 360 px and 320 px wide', async () => {
    const { slug, api, token } = await openEvent(server!.url)
    const promised = await api.call('POST', `/api/events/${slug}/commitments`, {
      token,
      body: {
        description: 'Publicar el cronograma de obras.',
        area: 'despacho',
        dueDate: '2027-03-31',
        published: true,
      },
    })
    expect(promised.status).toBe(201)
    const p = await phone(browser)
    // 200 % zoom of a 360 px phone: 180 CSS px.
    await p.setViewportSize({ width: 180, height: 370 })
    await p.goto(`${server!.url}/e/${slug}`)
    const fits = () =>
      p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)
    const inside = (code: Locator) =>
      code.evaluate((e) => e.getBoundingClientRect().right <= document.documentElement.clientWidth)
    await p.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await p.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await p.getByLabel('Su pregunta o solicitud').fill('Que la próxima rendición se haga en la vereda.')
    await p.getByRole('checkbox', { name: 'Enviar de forma anónima' }).check()
    await p.getByRole('button', { name: 'Enviar', exact: true }).click()
    const heading = p.getByRole('heading', { name: /Su pregunta quedó radicada/ })
    await heading.waitFor()
    const radicado = /SDE-\d{4}-\d{6}/.exec(await heading.innerText())![0]
    // The petitioner's proof, in the heading and in the device's list of earlier ones: never cut off.
    expect(await inside(heading.locator('strong'))).toBe(true)
    expect(await fits()).toBe(true)
    await p.getByRole('button', { name: 'Hacer otra pregunta' }).click()
    expect(await inside(p.locator('cabildo-form li strong', { hasText: radicado }))).toBe(true)
    expect(await fits()).toBe(true)

    // 200 % zoom of a 320 px phone: 160 CSS px. The check-in code and its QR, and the page's headings.
    await p.setViewportSize({ width: 160, height: 320 })
    await p.getByRole('button', { name: 'Asistencia', exact: true }).click()
    await p.getByLabel('Nombre completo').fill('Rosa Elena Quiñones')
    await p.getByLabel('Correo electrónico').fill(`rosa.${slug}@correo.co`)
    await p.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await p.getByRole('button', { name: 'Enviar', exact: true }).click()
    await p.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' }).waitFor()
    await p.getByRole('heading', { name: 'Compromisos de la entidad' }).waitFor()
    expect(await inside(p.locator('cabildo-form img'))).toBe(true)
    expect(await fits()).toBe(true)
    await p.close()
  })

  it('shows the constancia at the width of the phone it is opened on, every line inside the screen', async () => {
    const filed = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      body: {
        type: 'peticion_informacion',
        text: 'Solicito el listado de beneficiarios del programa de emprendimiento rural de 2026.',
        name: 'María de los Ángeles Castañeda Villamizar',
        email: 'maria.de.los.angeles.castaneda.villamizar@correo-institucional.example.org',
      },
    })
    expect(filed.status).toBe(201)
    const p = await phone(browser)
    const { radicado, receiptToken } = filed.json
    await p.goto(
      `${server!.url}/api/pqrsd/${radicado}/constancia?format=html&lang=es&token=${encodeURIComponent(receiptToken)}`,
    )
    await p.getByRole('heading', { name: /Constancia de radicación/ }).waitFor()
    // Laid out at the phone's 360 px, not at a desktop's 980 px shrunk to a third: the text is read at
    // its own size, and nothing (the long e-mail included) needs scrolling sideways.
    const layout = await p.evaluate(() => ({
      width: innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      text: getComputedStyle(document.querySelector('td')!).fontSize,
    }))
    expect(layout).toEqual({ width: 360, scrollWidth: 360, text: '16px' })
    const cells = await p
      .locator('th, td')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right).filter((r) => r > 360))
    expect(cells).toEqual([])
    await screenshot(p, 'constancia-phone')
    await expectAccessible(p, 'constancia on a phone')
    await p.close()
  })

  it('prints the constancia from its own button under the page’s CSP, and shows it whole without JavaScript', async () => {
    const filed = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      body: {
        type: 'peticion',
        text: '¿Cuándo abre la convocatoria?',
        name: 'Ana Pérez',
        email: 'a@example.co',
      },
    })
    const { radicado, receiptToken } = filed.json
    const url = `${server!.url}/api/pqrsd/${radicado}/constancia?format=html&lang=es&token=${encodeURIComponent(receiptToken)}`
    const name = 'Imprimir o guardar como PDF'
    // A phone as WhatsApp's browser is: the page's own CSP enforced (not bypassed, as `phone` does for axe).
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      locale: 'es-CO',
    })
    const p = await context.newPage()
    const refused: string[] = []
    p.on('console', (m) => /Content Security Policy/i.test(m.text()) && refused.push(m.text()))
    await p.goto(url)
    const button = p.getByRole('button', { name })
    await button.waitFor()
    await p.evaluate(() => {
      ;(window as unknown as { printed: number }).printed = 0
      addEventListener('beforeprint', () => (window as unknown as { printed: number }).printed++)
    })
    await button.click()
    await expect.poll(() => p.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
    // On paper (or in the PDF) the button is not there; the receipt is.
    await p.emulateMedia({ media: 'print' })
    expect(await button.isVisible()).toBe(false)
    expect(await p.getByRole('row', { name: /Fecha de vencimiento/ }).isVisible()).toBe(true)
    expect(refused).toEqual([])
    await context.close()
    // Without JavaScript the receipt is all there, and no button offers what cannot happen.
    const plain = await browser.newContext({
      viewport: { width: 360, height: 740 },
      javaScriptEnabled: false,
    })
    const q = await plain.newPage()
    await q.goto(url)
    expect(await q.getByRole('row', { name: /Radicado/ }).innerText()).toContain(radicado)
    expect(await q.getByRole('button', { name }).count()).toBe(0)
    await plain.close()
  })

  it('offers a denunciante the reserve of their identity, and staff below admin see it reserved', async () => {
    const p = await phone(browser)
    await p.goto(`${server!.url}/e/${event.slug}`)
    await p.getByRole('button', { name: 'Pregunta', exact: true }).click()
    const reserve = p.getByRole('checkbox', { name: 'Pido reserva de mi identidad' })
    await p.getByLabel('Tipo de solicitud').waitFor()
    expect(await reserve.count()).toBe(0)
    await p.getByLabel('Tipo de solicitud').selectOption('denuncia')
    await reserve.check()
    await expectAccessible(p, 'denuncia with identity reserve')
    const text = 'Denuncia con reserva: cobro irregular en la ventanilla de impuestos.'
    await p.getByLabel('Su pregunta o solicitud').fill(text)
    await p.getByLabel('Nombre completo').fill('Rosa Elvira Cely')
    await p.getByRole('button', { name: 'Enviar' }).click()
    await p.getByRole('heading', { name: /Su pregunta quedó radicada/ }).waitFor()
    const user = {
      email: `reserva-${event.slug}@sde.gov.co`,
      password: 'moderadora-clave-1',
      name: 'Moderadora',
    }
    const created = await event.api.call('POST', '/api/users', {
      token: event.token,
      body: { ...user, role: 'moderator' },
    })
    expect(created.status).toBe(201)
    const moderator = await event.api.login(user.email, user.password)
    const listed = await event.api.call('GET', `/api/events/${event.slug}/questions`, { token: moderator })
    const filed = listed.json.questions.find((q: { text: string }) => q.text === text)
    expect(filed.identityReserve).toBe(true)
    expect(JSON.stringify(filed)).not.toContain('Rosa Elvira')
    await p.close()
  })

  it('says on each form of an event that has ended, before anything is typed, that it takes no more submissions', async () => {
    const ended = await openEvent(server!.url, { status: 'closed' })
    for (const [lang, notice, tab] of [
      ['es', 'Este evento ya terminó: este formulario no recibe más envíos.', 'Pregunta'],
      ['en', 'This event has ended: this form takes no more submissions.', 'Question'],
    ]) {
      const p = await phone(browser)
      await p.goto(`${server!.url}/e/${ended.slug}?lang=${lang}`)
      const form = p.locator('cabildo-form form')
      await form.getByRole('textbox').first().waitFor()
      // Above the fields, where it is read first, not after a person has filled them in.
      expect(await form.locator('p').first().innerText()).toBe(notice)
      await p.getByRole('button', { name: tab, exact: true }).click()
      await form.getByRole('combobox').first().waitFor()
      expect(await form.locator('p').first().innerText()).toBe(notice)
      await p.close()
    }
    // An open event's forms say nothing of the kind.
    expect(await page.locator('cabildo-form form p', { hasText: 'ya terminó' }).count()).toBe(0)
  })

  it('opens the survey when staff open it at the end of the event, and shuts it when they close it, live', async () => {
    const own = await openEvent(server!.url)
    const survey = (open: boolean) =>
      own.api.call('PATCH', `/api/events/${own.slug}/forms/evaluacion`, { token: own.token, body: { open } })
    expect((await survey(false)).status).toBe(200)
    const p = await phone(browser)
    await p.goto(`${server!.url}/e/${own.slug}`)
    await p.getByText(/^En vivo:/).waitFor()
    await p.getByRole('button', { name: 'Evaluación', exact: true }).click()
    const shut = p.locator('cabildo-form').getByText('Este formulario no recibe respuestas en este momento.')
    await shut.waitFor()
    const send = p.getByRole('button', { name: 'Enviar' })
    expect(await send.isDisabled()).toBe(true)

    // Opened by staff: the form opens on the phone without a reload, and in the copy kept for offline.
    expect((await survey(true)).status).toBe(200)
    await expect.poll(() => send.isDisabled()).toBe(false)
    expect(await shut.count()).toBe(0)
    expect(await offlineCopy(p, own.slug)).toMatchObject({ status: 'open', evaluacion: true })
    await answerRequired(p)
    // Closed again before it is sent: shut, with the answers kept on screen.
    expect((await survey(false)).status).toBe(200)
    await expect.poll(() => send.isDisabled()).toBe(true)
    const chosen = p
      .getByRole('group', { name: /cómo califica la gestión/ })
      .getByRole('radio', { name: 'Buena' })
    expect(await chosen.isChecked()).toBe(true)
    await expectAccessible(p, 'a survey closed while the page is open')
    expect((await survey(true)).status).toBe(200)
    await expect.poll(() => send.isDisabled()).toBe(false)
    await send.click()
    await p.getByRole('heading', { name: '¡Gracias por responder la encuesta!' }).waitFor()
    await p.close()
  })

  it('shuts the forms of an event closed while the page is open, keeping what was typed, and opens them when it reopens', async () => {
    const own = await openEvent(server!.url)
    const asked = await own.api.call('POST', `/api/events/${own.slug}/questions`, {
      body: { type: 'pregunta', text: '¿Habrá rendición de cuentas el próximo año?' },
    })
    const approve = { token: own.token, body: { status: 'approved' } }
    expect((await own.api.call('PATCH', `/api/questions/${asked.json.id}`, approve)).status).toBe(200)
    const p = await phone(browser)
    await p.goto(`${server!.url}/e/${own.slug}`)
    await p.getByText(/^En vivo:/).waitFor()
    const support = p.locator('#wall').getByRole('button', { name: /^Apoyar/ })
    await support.waitFor()
    await p.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await p.getByLabel('Tipo de solicitud').selectOption('peticion')
    const text = 'Escrita antes del cierre: ¿cuándo se arregla el puente de la vereda?'
    const field = p.getByLabel('Su pregunta o solicitud')
    await field.fill(text)
    const send = p.getByRole('button', { name: 'Enviar' })
    const notice = p.locator('cabildo-form').getByRole('status').filter({ hasText: 'ya terminó' })
    const banner = p.locator('#cerrado')
    expect(await banner.isVisible()).toBe(false)
    const status = (body: Record<string, unknown>) =>
      own.api.call('PATCH', `/api/events/${own.slug}`, { token: own.token, body })

    expect((await status({ status: 'closed' })).status).toBe(200)
    // Told by the live stream: no reload, and nothing typed is lost.
    await notice.waitFor()
    expect(await notice.innerText()).toBe('Este evento ya terminó: este formulario no recibe más envíos.')
    await expect.poll(() => field.isDisabled()).toBe(true)
    expect(await send.isDisabled()).toBe(true)
    expect(await p.getByLabel('Tipo de solicitud').isDisabled()).toBe(true)
    expect(await field.inputValue()).toBe(text)
    expect(await banner.isVisible()).toBe(true)
    // The widget's copy for reopening offline says so too: opened with no network, it shows the forms shut.
    expect(await offlineCopy(p, own.slug)).toMatchObject({ status: 'closed' })
    // The wall takes no more votes either: it shows the counts.
    expect(await support.count()).toBe(0)
    // Whoever reaches the shut form hears why: the form is described by the notice.
    const why = await inWidget(p, (root) => {
      const form = root.querySelector('form')
      return root.getElementById(form?.getAttribute('aria-describedby') ?? '')?.textContent
    })
    expect(why).toBe('Este evento ya terminó: este formulario no recibe más envíos.')
    await expectAccessible(p, 'the forms of a closed event')

    // Opened again, the page of a closed event shows the same, with the draft kept on the device.
    await p.reload()
    await notice.waitFor()
    expect(await field.isDisabled()).toBe(true)
    expect(await field.inputValue()).toBe(text)
    await p.getByRole('button', { name: 'Asistencia', exact: true }).click()
    await expect.poll(() => p.getByLabel('Nombre completo').isDisabled()).toBe(true)
    await p.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await p.getByText(/^En vivo:/).waitFor()

    // Reopened: the fields and the button are back, with the text, and the notices go.
    expect((await status({ status: 'open' })).status).toBe(200)
    await expect.poll(() => field.isDisabled()).toBe(false)
    expect(await send.isDisabled()).toBe(false)
    expect(await field.inputValue()).toBe(text)
    expect(await notice.count()).toBe(0)
    expect(await banner.isVisible()).toBe(false)
    await support.waitFor()
    await send.click()
    await p.getByRole('heading', { name: /Su pregunta quedó radicada/ }).waitFor()
    await p.close()
  })

  it('reads the event again when its stream comes back after a gap: a survey opened or an event closed meanwhile is not missed', async () => {
    const own = await openEvent(server!.url)
    const survey = (open: boolean) =>
      own.api.call('PATCH', `/api/events/${own.slug}/forms/evaluacion`, { token: own.token, body: { open } })
    expect((await survey(false)).status).toBe(200)
    const p = await phone(browser)
    // The stream refused while `cut` (a server restarting answers 503): what is published then never reaches
    // the page, and the new stream it opens afterwards has nothing to replay it from.
    let cut = true
    let refused = 0
    await p.route(
      (u) => u.pathname === `/api/events/${own.slug}/live`,
      (r) => {
        if (!cut) return r.continue()
        refused++
        return r.fulfill({ status: 503, body: '' })
      },
    )
    const bundles: string[] = []
    p.on('request', (r) => new URL(r.url()).pathname === `/api/events/${own.slug}` && bundles.push(r.url()))
    await p.goto(`${server!.url}/e/${own.slug}`)
    await p.getByRole('button', { name: 'Evaluación', exact: true }).click()
    const send = p.getByRole('button', { name: 'Enviar' })
    await send.waitFor()
    expect(await send.isDisabled()).toBe(true)
    await expect.poll(() => refused, { timeout: 10_000 }).toBeGreaterThan(0)

    // Opened by staff while the stream is down: the page learns it once the stream is back.
    expect((await survey(true)).status).toBe(200)
    cut = false
    await p.getByText(/^En vivo:/).waitFor({ timeout: 15_000 })
    await expect.poll(() => send.isDisabled(), { timeout: 10_000 }).toBe(false)
    await answerRequired(p)

    // Closed while the stream is down again (the page opened anew): the banner, and the form shut with
    // the answers kept, the widget's copy for reopening offline saying the same.
    cut = true
    const before = refused
    await p.reload()
    await expect.poll(() => refused, { timeout: 10_000 }).toBeGreaterThan(before)
    const status = await own.api.call('PATCH', `/api/events/${own.slug}`, {
      token: own.token,
      body: { status: 'closed' },
    })
    expect(status.status).toBe(200)
    const banner = p.locator('#cerrado')
    expect(await banner.isVisible()).toBe(false)
    const read = bundles.length
    cut = false
    await expect.poll(() => banner.isVisible(), { timeout: 15_000 }).toBe(true)
    await p.getByRole('button', { name: 'Evaluación', exact: true }).click()
    await expect.poll(() => send.isDisabled()).toBe(true)
    expect(
      await p.locator('cabildo-form').getByRole('status').filter({ hasText: 'ya terminó' }).count(),
    ).toBe(1)
    const chosen = p
      .getByRole('group', { name: /cómo califica la gestión/ })
      .getByRole('radio', { name: 'Buena' })
    expect(await chosen.isChecked()).toBe(true)
    expect(bundles.length).toBeGreaterThan(read)
    expect(await offlineCopy(p, own.slug)).toMatchObject({ status: 'closed' })
    await p.close()
  })

  it('works in English with lang=en', async () => {
    const en = await phone(browser)
    await en.goto(`${server!.url}/e/${event.slug}?lang=en`)
    await en.getByRole('heading', { name: 'Attendance' }).waitFor()
    expect(await en.getByText('Fields marked with * are required.').count()).toBe(1)
    expect(await en.locator('.facts').innerText()).toContain('November 27, 2026')
    // The three surveys answered above are published (no embargo), small cells suppressed by the server.
    await en.locator('#resultados').waitFor()
    const results = await en.locator('#resultados').innerText()
    expect(results).toContain('Survey responses: 3')
    // The optional questions nobody answered are named once, not drawn as lists of "0 (0.0 %)".
    expect(results).toMatch(/No answers yet: .*Gender/)
    expect(results).not.toMatch(/· 0 answers/)
    await screenshot(en, 'page-english-results')
    await expectAccessible(en, 'English attendee page')
    await en.close()
  })

  it('marks as Spanish, on an English page, a survey question or option staff wrote in Spanish only', async () => {
    const own = await openEvent(server!.url)
    const add = (body: Record<string, unknown>) =>
      own.api.call('POST', `/api/events/${own.slug}/forms/evaluacion/questions`, { token: own.token, body })
    const added = [
      await add({
        id: 'transporte',
        type: 'single',
        label: '¿Cómo llegó al auditorio?',
        labelEn: 'How did you get to the venue?',
        options: [
          { value: 'bus', label: 'En bus' },
          { value: 'a_pie', label: 'A pie', labelEn: 'On foot' },
        ],
      }),
      await add({ id: 'barrio_origen', type: 'short_text', label: 'Barrio de donde viene' }),
    ]
    expect(added.map((r) => r.status)).toEqual([201, 201])
    const p = await phone(browser)
    await p.goto(`${server!.url}/e/${own.slug}?lang=en`)
    await p.getByRole('button', { name: 'Evaluation', exact: true }).click()
    // The language a screen reader reads each in: the nearest lang attribute's.
    const langOf = (l: Locator) => l.evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))
    const group = p.getByRole('group', { name: 'How did you get to the venue?' })
    expect(await langOf(group)).toBe('en')
    expect(await langOf(group.getByRole('radio', { name: 'En bus' }))).toBe('es')
    expect(await langOf(group.getByRole('radio', { name: 'On foot' }))).toBe('en')
    expect(await langOf(p.getByText('Barrio de donde viene', { exact: true }))).toBe('es')
    // Its field, whose help and error are the widget's own words, stays in the page's language.
    expect(await langOf(p.getByLabel('Barrio de donde viene'))).toBe('en')
    expect(await langOf(p.getByRole('group', { name: 'Gender' }))).toBe('en')
    await p.close()
  })

  it("labels each form with the texts the server sends in the widget's language", async () => {
    // widget.js carries no form text: the labels below can only have come with the event.
    const script = await (await fetch(`${server!.url}/widget.js`)).text()
    expect(script).not.toContain('Nombre completo')
    const seen: Record<string, unknown> = {}
    for (const lang of ['es', 'en']) {
      const p = await phone(browser)
      const en = lang === 'en'
      await p.goto(`${server!.url}/e/${event.slug}?lang=${lang}`)
      await p.getByLabel(en ? 'Full name' : 'Nombre completo').waitFor()
      // The first option is the empty choice, "—".
      const doc = p
        .getByLabel(en ? 'Document type' : 'Tipo de documento')
        .locator('option')
        .nth(1)
      const document = await doc.innerText()
      await p.getByRole('button', { name: en ? 'Question' : 'Pregunta', exact: true }).click()
      const type = p
        .getByLabel(en ? 'Kind of request' : 'Tipo de solicitud')
        .locator('option')
        .nth(1)
      seen[lang] = {
        lang: await inWidget(p, (root) => root.querySelector('.cb')?.getAttribute('lang')),
        document,
        type: await type.innerText(),
      }
      await p.close()
    }
    expect(seen).toEqual({
      es: { lang: 'es', document: 'Cédula de ciudadanía', type: 'Pregunta de rendición de cuentas' },
      en: { lang: 'en', document: 'Citizenship card', type: 'Accountability question' },
    })
  })
})
