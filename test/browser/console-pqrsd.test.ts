import { readFileSync } from 'node:fs'
import Holidays from 'date-holidays'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, openEvent, phone } from './chromium'

const server = inject('browserServer')

/** A calendar day as the console writes it: "jueves, 17 de diciembre de 2026". */
const spoken = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('es-CO', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
/** A calendar day as the server's messages write it: "17 de diciembre de 2026". */
const dated = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('es-CO', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
const plus = (day: string, days: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
/** The card's line for a petition the entity continued ex officio on `day`. */
const continued = (day: string) =>
  `La entidad la continuó de oficio el ${spoken(day)}: un nuevo desistimiento del peticionario ya no la termina`
/** Today in Bogotá, where the suite's events are held. */
const bogotaToday = () => new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10)

// An oracle independent of the app for the legal terms: date-holidays' public holidays and the weekdays.
const colombia = new Holidays('CO')
const businessDay = (day: string) =>
  ![0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay()) &&
  !(colombia.isHoliday(new Date(`${day}T12:00:00-05:00`)) || []).some((h) => h.type === 'public')
/** The `n`th business day after `day`. */
const businessDaysAfter = (day: string, n: number) => {
  let d = day
  for (let left = n; left > 0; ) {
    d = plus(d, 1)
    if (businessDay(d)) left--
  }
  return d
}
/** `months` months from `day` (Ley 4 de 1913): the same day of that month or its last, then a business day. */
const monthAfter = (day: string, months = 1) => {
  const [y, m, d] = day.split('-').map(Number)
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate()
  const end = new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10)
  return businessDay(end) ? end : businessDaysAfter(end, 1)
}

describe.skipIf(!server)('the PQRSD work in the console', () => {
  let browser: Browser
  let admin: Page
  let event: Awaited<ReturnType<typeof openEvent>>
  const moderator = { email: '', password: 'clave-de-moderacion-2026' }
  const urls: string[] = []
  const token = () =>
    admin.evaluate(() => JSON.parse(sessionStorage.getItem('cabildo:console') ?? '{}').token as string)
  const ask = async (text: string, type = 'peticion') => {
    const r = await event.api.call('POST', `/api/events/${event.slug}/questions`, { body: { type, text } })
    expect(r.status).toBe(201)
    return r.json as { id: string; radicado: string; dueDate: string }
  }
  const stored = async (id: string) =>
    (await event.api.call('GET', `/api/questions/${id}`, { token: event.token })).json.question
  const card = (page: Page, text: string) => page.locator('article.question', { hasText: text })
  const signIn = async (page: Page, who: { email: string; password: string }) => {
    await page.goto(`${server!.url}/console`)
    await page.getByLabel('Correo electrónico').fill(who.email)
    await page.getByLabel('Contraseña').fill(who.password)
    await page.getByRole('button', { name: 'Ingresar' }).click()
    await page.getByRole('heading', { name: 'Eventos' }).waitFor()
    await page.goto(`${server!.url}/console/eventos/${event.slug}/moderacion`)
    await page.getByText('En vivo', { exact: true }).waitFor()
  }
  const filingForm = (page: Page) =>
    page.getByRole('form', { name: 'Radicar una petición verbal o de la transmisión' })

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
    moderator.email = `${event.slug}-mod@sde.gov.co`
    const user = await event.api.call('POST', '/api/users', {
      token: event.token,
      body: { ...moderator, role: 'moderator' },
    })
    expect(user.status).toBe(201)
    admin = await laptop(browser)
    admin.on('request', (r) => urls.push(r.url()))
    await signIn(admin, CONTRACT_ADMIN)
  })
  afterAll(async () => browser?.close())

  it('files a spoken petition once on a double click and shows its radicado, due date and constancia', async () => {
    const text = '¿Cuántos créditos del fondo Emprende se entregaron en la comuna 4?'
    await admin.getByRole('button', { name: 'Radicar una petición recibida en el evento' }).click()
    const form = filingForm(admin)
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe('fq-h')
    expect(await form.getByLabel('De viva voz, en el lugar').isChecked()).toBe(true)
    await form.getByLabel('Tipo de petición').selectOption('peticion_informacion')
    await form.getByLabel('Lo que pidió o preguntó').fill(text)
    await form.getByLabel('Nombre').fill('Jairo Andrés Mosquera')
    await form.getByLabel('Tipo de documento').selectOption('CC')
    await form.getByLabel('Número de documento').fill('1020304050')
    await form.getByLabel('Dependencia que responderá (opcional)').selectOption('cadenas-valor')
    await expectAccessible(admin, 'the filing form')
    // Where the focus goes, kept as it moves: once the reply has replaced the form, a double click's
    // second click lands on the page and takes the focus from the heading, as it would for a person.
    await admin.evaluate(() => {
      const seen: string[] = []
      Object.assign(window, { focusedIds: seen })
      document.addEventListener('focusin', (e) => seen.push((e.target as Element).id))
    })
    await form.getByRole('button', { name: 'Radicar', exact: true }).dblclick()

    const heading = admin.getByRole('heading', { name: /^Radicado / })
    await heading.waitFor()
    const radicado = (await heading.innerText()).replace('Radicado ', '')
    expect(radicado).toMatch(/^SDE-\d{4}-\d{6}$/)
    await expect
      .poll(() => admin.evaluate(() => (window as unknown as { focusedIds: string[] }).focusedIds))
      .toContain('filed-h')
    // Stored once, as staff filed it: received by the signed-in admin, spoken, at the venue.
    await card(admin, text).waitFor({ timeout: 10_000 })
    const list = await event.api.call('GET', `/api/events/${event.slug}/questions?limit=1000`, {
      token: event.token,
    })
    const mine = list.json.questions.filter((q: { text: string }) => q.text === text)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({
      radicado,
      type: 'peticion_informacion',
      channel: 'presencial',
      receivedBy: CONTRACT_ADMIN.email,
      area: { key: 'cadenas-valor' },
    })
    await admin.getByText(`Debe responderse a más tardar el ${spoken(mine[0].dueDate)}`).waitFor()
    await admin
      .getByRole('status')
      .filter({ hasText: `Petición radicada con el número ${radicado}` })
      .waitFor()
    const json = await event.api.call('GET', `/api/questions/${mine[0].id}/constancia`, {
      token: event.token,
    })
    expect(json.json.constancia).toMatchObject({ radicado, verbal: true })

    // The constancia comes as a file fetched with the token in a header, never in a URL.
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: 'Constancia en texto' }).click(),
    ])
    expect(readFileSync((await download.path())!, 'utf8')).toContain(radicado)
    await admin.getByRole('status').filter({ hasText: 'Constancia descargada.' }).waitFor()
    await expectAccessible(admin, 'the filed petition with its radicado')
    const secret = await token()
    expect(urls.filter((u) => u.includes(secret))).toEqual([])
  })

  it('files once when the reply is lost and the same attempt is sent again', async () => {
    const text = 'Pido copia del acta de la mesa de trabajo con los comerciantes del parque'
    let lost = false
    await admin.route('**/api/events/*/questions', async (route) => {
      if (route.request().method() !== 'POST' || lost) return route.fallback()
      lost = true
      await route.fetch()
      await route.abort('connectionreset')
    })
    await admin.getByRole('button', { name: 'Radicar una petición recibida en el evento' }).click()
    const form = filingForm(admin)
    await form.getByLabel('Por escrito, en el chat de la transmisión').check()
    await form.getByLabel('Anónima: no dio sus datos').check()
    expect(await form.getByLabel('Nombre').count()).toBe(0)
    await form.getByLabel('Lo que pidió o preguntó').fill(text)
    await form.getByRole('button', { name: 'Radicar', exact: true }).click()
    await form.getByRole('alert').filter({ hasText: 'No hay conexión' }).waitFor()
    // The alert took the focus when the error came; a change to the form that redraws it (named after
    // all, then anonymous again) leaves the focus where the moderator put it, not back on the alert.
    const anonymous = form.getByLabel('Anónima: no dio sus datos')
    await anonymous.focus()
    await admin.keyboard.press('Space')
    await form.getByLabel('Nombre').waitFor()
    await admin.keyboard.press('Space')
    await expect.poll(() => form.getByLabel('Nombre').count()).toBe(0)
    expect(await anonymous.evaluate((el) => el === document.activeElement)).toBe(true)
    await form.getByRole('button', { name: 'Radicar', exact: true }).click()
    const heading = admin.getByRole('heading', { name: /^Radicado / })
    await heading.waitFor()
    await admin.unroute('**/api/events/*/questions')
    const list = await event.api.call('GET', `/api/events/${event.slug}/questions?limit=1000`, {
      token: event.token,
    })
    const mine = list.json.questions.filter((q: { text: string }) => q.text === text)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ channel: 'transmision', anonymous: true, petitioner: null })
    expect(await heading.innerText()).toBe(`Radicado ${mine[0].radicado}`)
  })

  it('answers a question in writing, publishing it under the radicado', async () => {
    const text = '¿Cuándo se abre la convocatoria de ferias para artesanos?'
    const q = await ask(text)
    const c = card(admin, text)
    await c.getByRole('button', { name: 'Responder por escrito' }).click()
    await c
      .getByLabel('Respuesta escrita o su resumen')
      .fill('La convocatoria abre el 2 de febrero en la web.')
    // No way to reach the petitioner: published under the radicado, not the moderator's choice.
    const publish = c.getByLabel('Publicar la respuesta bajo el radicado')
    expect(await publish.isChecked()).toBe(true)
    expect(await publish.isDisabled()).toBe(true)
    await c.getByText('Sin datos de contacto, se publica bajo el radicado').waitFor()
    await expectAccessible(admin, 'the written answer form')
    await c.getByRole('button', { name: 'Responder por escrito' }).last().click()
    await c.locator('.badge').getByText('Respondida', { exact: true }).waitFor()
    await admin
      .getByRole('status')
      .filter({ hasText: `${q.radicado} respondida por escrito.` })
      .waitFor()
    expect(await stored(q.id)).toMatchObject({
      status: 'answered',
      answer: 'La convocatoria abre el 2 de febrero en la web.',
      answerPublished: true,
    })
    // Answered: no more written answer, extension nor forwarding on its card.
    for (const name of ['Responder por escrito', 'Prorrogar', 'Trasladar'])
      expect(await c.getByRole('button', { name }).count()).toBe(0)
  })

  it("extends the term to the new due date, taking no date past twice the term, and shows the server's refusal of a rest day", async () => {
    const text = '¿Qué pasó con el contrato de señalización del corredor comercial?'
    const q = await ask(text)
    const c = card(admin, text)
    await c.getByRole('button', { name: 'Prorrogar' }).click()
    await c.getByLabel('Razón de la prórroga').fill('Se requiere información de la Secretaría de Movilidad.')
    const newDate = c.getByLabel(/Nueva fecha de respuesta/)
    // Past twice the term: the field itself refuses it, and nothing is sent.
    await newDate.fill(plus(q.dueDate, 120))
    await c.getByRole('button', { name: 'Prorrogar' }).last().click()
    expect(await newDate.evaluate((el) => (el as HTMLInputElement).validity.rangeOverflow)).toBe(true)
    expect(await c.getByRole('alert').count()).toBe(0)
    // A Saturday within it is the server's to refuse: a term ends on a business day.
    let saturday = plus(q.dueDate, 1)
    while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6) saturday = plus(saturday, 1)
    await newDate.fill(saturday)
    await c.getByRole('button', { name: 'Prorrogar' }).last().click()
    const refusal = c.getByRole('alert').filter({ hasText: /no es día hábil/ })
    await refusal.waitFor()
    // The refusal is tied to the fields it is about, and nothing changed.
    expect(await newDate.getAttribute('aria-invalid')).toBe('true')
    const described = await newDate.getAttribute('aria-describedby')
    expect(described?.split(' ')).toContain(await refusal.getAttribute('id'))
    await expectAccessible(admin, 'the extension form with the refusal')
    expect((await stored(q.id)).status).toBe('received')

    const due = plus(q.dueDate, 1)
    await newDate.fill(due)
    await c.getByRole('button', { name: 'Prorrogar' }).last().click()
    await c.locator('.badge').getByText('Prorrogada', { exact: true }).waitFor()
    await c.getByText(`Vence ${spoken(due)} (prorrogada)`).waitFor()
    expect(await stored(q.id)).toMatchObject({ status: 'extended', extendedDueDate: due })
    expect(await c.getByRole('button', { name: 'Prorrogar' }).count()).toBe(0)
  })

  it('forwards a question to the competent entity', async () => {
    const text = '¿Por qué no ha llegado el subsidio de vivienda a mi familia?'
    const q = await ask(text, 'reclamo')
    const c = card(admin, text)
    await c.getByRole('button', { name: 'Trasladar' }).click()
    await c
      .getByLabel('Entidad competente a la que se traslada')
      .fill('Ministerio de Vivienda, Ciudad y Territorio')
    await c
      .getByLabel('Razón del traslado (opcional)')
      .fill('Los subsidios de vivienda los asigna el Ministerio.')
    await c.getByRole('button', { name: 'Trasladar' }).last().click()
    await c.locator('.badge').getByText('Trasladada', { exact: true }).waitFor()
    await c.getByText('Trasladada a: Ministerio de Vivienda, Ciudad y Territorio').waitFor()
    expect(await stored(q.id)).toMatchObject({
      status: 'forwarded',
      forwardedTo: 'Ministerio de Vivienda, Ciudad y Territorio',
      statusReason: 'Los subsidios de vivienda los asigna el Ministerio.',
    })
  })

  it('dates a petition left at the venue, its written answer and its forwarding by the days they happened', async () => {
    const today = bogotaToday()
    // Three days back, and never before the event's own day (27 November 2026).
    const received = [plus(today, -3), '2026-11-27'].sort()[1]
    const sent = plus(received, 1)
    const text = '¿Me entregan copia del acta de la feria de emprendimiento?'
    await admin.getByRole('button', { name: 'Radicar una petición recibida en el evento' }).click()
    const form = filingForm(admin)
    const day = form.getByLabel('Día en que se recibió (el término cuenta desde el día siguiente)')
    // Today by default; from the event's day to today, shown before anything is sent.
    expect(await day.inputValue()).toBe(today)
    expect([await day.getAttribute('min'), await day.getAttribute('max')]).toEqual(['2026-11-27', today])
    await form.getByLabel('Por escrito, en el lugar').check()
    await day.fill(received)
    await form.getByLabel('Tipo de petición').selectOption('peticion_documentos')
    await form.getByLabel('Lo que pidió o preguntó').fill(text)
    await expectAccessible(admin, 'the filing form with the day received')
    await form.getByRole('button', { name: 'Radicar', exact: true }).click()
    await admin.getByRole('heading', { name: /^Radicado / }).waitFor()
    // Its term counts from the day it was received, not from today.
    const due = businessDaysAfter(received, 10)
    await admin.getByText(`Debe responderse a más tardar el ${spoken(due)}`).waitFor()
    const list = await event.api.call('GET', `/api/events/${event.slug}/questions?limit=1000`, {
      token: event.token,
    })
    const filed = list.json.questions.find((x: { text: string }) => x.text === text)
    expect(filed).toMatchObject({ receivedOn: received, dueDate: due, channel: 'presencial' })
    const c = card(admin, text)
    await c.getByText(`recibida el ${spoken(received)}`).waitFor()

    // Answered in writing the day after it was received, recorded today.
    await c.getByRole('button', { name: 'Responder por escrito' }).click()
    const answeredOn = c.getByLabel(/^Fecha en que se envió la respuesta/)
    expect(await answeredOn.inputValue()).toBe(today)
    expect([await answeredOn.getAttribute('min'), await answeredOn.getAttribute('max')]).toEqual([
      received,
      today,
    ])
    await c.getByLabel('Respuesta escrita o su resumen').fill('Se le envió copia del acta.')
    await answeredOn.fill(sent)
    await c.getByRole('button', { name: 'Responder por escrito' }).last().click()
    await c.locator('.badge').getByText('Respondida', { exact: true }).waitFor()
    await c.getByText(`Respuesta enviada el ${spoken(sent)}`).waitFor()
    expect(await stored(filed.id)).toMatchObject({ status: 'answered', answeredOn: sent })

    // Forwarded on a day before today: the card says that day, not the day it was typed in.
    const other = '¿Quién repara el puente de la vía departamental a la vereda?'
    const made = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      token: event.token,
      body: { type: 'peticion', text: other, channel: 'presencial', verbal: false, receivedOn: received },
    })
    expect(made.status).toBe(201)
    const o = card(admin, other)
    await o.getByRole('button', { name: 'Trasladar' }).click()
    const forwardedOn = o.getByLabel('Fecha en que se trasladó')
    expect([await forwardedOn.getAttribute('min'), await forwardedOn.getAttribute('max')]).toEqual([
      received,
      today,
    ])
    await o.getByLabel('Entidad competente a la que se traslada').fill('Gobernación de Antioquia')
    await forwardedOn.fill(sent)
    await o.getByRole('button', { name: 'Trasladar' }).last().click()
    await o.getByText(`Trasladada a: Gobernación de Antioquia · el ${spoken(sent)}`).waitFor()
    expect(await stored(made.json.id)).toMatchObject({ status: 'forwarded', forwardedOn: sent })
    // Sent within the five business days from its receipt: not marked late.
    expect(await o.getByText('Traslado fuera de plazo').count()).toBe(0)
  })

  it('offers on a card only the term actions the server would take, with their limits up front, and marks the last day', async () => {
    const today = bogotaToday()
    const docs = await ask('¿Me dan copia de los estudios previos del parque lineal?', 'peticion_documentos')
    const other = await ask('¿Cuándo se amplía el horario de la biblioteca del barrio?', 'peticion')
    // Both received today: 10 business days to ask that they be completed (art. 17), the petición de
    // documentos due the same day, the other's extension up to twice its 15 days.
    const requestBy = businessDaysAfter(today, 10)
    expect(docs.dueDate).toBe(requestBy)
    const at = async (day: string) => {
      const page = await laptop(browser)
      // The console's own clock, where the event is held at noon: it judges the terms as the server would then.
      await page.clock.setFixedTime(new Date(`${day}T17:00:00Z`))
      await signIn(page, CONTRACT_ADMIN)
      return page
    }
    const buttons = async (page: Page, text: string) => {
      const c = card(page, text)
      await c.waitFor()
      return c.getByRole('button').allInnerTexts()
    }

    // On its due date: "Vence hoy", not yet "Vencida"; it may still be extended and returned to be completed.
    const last = await at(docs.dueDate)
    const d = card(last, '¿Me dan copia de los estudios previos')
    await d.locator('.badge.due-today').getByText('Vence hoy', { exact: true }).waitFor()
    expect(await d.getByText('Vencida', { exact: true }).count()).toBe(0)
    expect(await buttons(last, '¿Me dan copia de los estudios previos')).toEqual(
      expect.arrayContaining(['Prorrogar', 'Pedir que la completen']),
    )
    await expectAccessible(last, 'a card on its due date')
    // The extension form says its latest date before anything is sent, and takes no later one.
    const o = card(last, '¿Cuándo se amplía el horario')
    await o.getByRole('button', { name: 'Prorrogar' }).click()
    const latest = businessDaysAfter(today, 30)
    const newDate = o.getByLabel(/Nueva fecha de respuesta/)
    expect([await newDate.getAttribute('min'), await newDate.getAttribute('max')]).toEqual([
      plus(other.dueDate, 1),
      latest,
    ])
    await o.getByText(`A más tardar el ${spoken(latest)}.`).waitFor()
    expect(await o.getByRole('alert').count()).toBe(0)
    await o.getByRole('button', { name: 'Cancelar' }).click()
    // The request to complete it: from receipt to the last of its 10 business days.
    await d.getByRole('button', { name: 'Pedir que la completen' }).click()
    const requestedOn = d.getByLabel(/^Fecha del requerimiento/)
    expect([await requestedOn.getAttribute('min'), await requestedOn.getAttribute('max')]).toEqual([
      today,
      requestBy,
    ])
    await last.context().close()

    // The next day: "Vencida"; no extension of a term already ended, nor a request past its 10 days.
    const after = await at(plus(docs.dueDate, 1))
    const late = card(after, '¿Me dan copia de los estudios previos')
    await late.locator('.badge.overdue').getByText('Vencida', { exact: true }).waitFor()
    expect(await late.getByText('Vence hoy', { exact: true }).count()).toBe(0)
    const offered = await buttons(after, '¿Me dan copia de los estudios previos')
    expect(offered).toContain('Responder por escrito')
    expect(offered).not.toContain('Prorrogar')
    expect(offered).not.toContain('Pedir que la completen')
    // The other one's term still runs: it may be extended, but its 10 days to ask are over.
    const running = await buttons(after, '¿Cuándo se amplía el horario')
    expect(running).toContain('Prorrogar')
    expect(running).not.toContain('Pedir que la completen')
    await after.context().close()
  })

  it('answers in writing a petition hidden from the wall, which stays off it', async () => {
    const text = 'Denuncio que el inspector Gómez cobra por agilizar las licencias'
    const q = await ask(text, 'denuncia')
    const c = card(admin, text)
    for (const body of [{ status: 'approved' }, { status: 'hidden', reason: 'Nombra a un funcionario' }]) {
      const r = await event.api.call('PATCH', `/api/questions/${q.id}`, { token: event.token, body })
      expect(r.status).toBe(200)
    }
    await c.locator('.badge').getByText('Oculta', { exact: true }).waitFor()
    // Its term runs: the written procedure is on its card, as on any other petition's.
    for (const name of ['Prorrogar', 'Trasladar', 'Pedir que la completen'])
      await c.getByRole('button', { name }).waitFor()
    await c.getByRole('button', { name: 'Responder por escrito' }).click()
    await c.getByLabel('Respuesta escrita o su resumen').fill('Se abrió indagación disciplinaria.')
    await c.getByRole('button', { name: 'Responder por escrito' }).last().click()
    await c.locator('.badge').getByText('Respondida', { exact: true }).waitFor()
    expect(await stored(q.id)).toMatchObject({ status: 'answered', approvedAt: null })
    const wall = await event.api.call('GET', `/api/events/${event.slug}/questions`)
    expect(wall.json.questions.map((x: { id: string }) => x.id)).not.toContain(q.id)
  })

  it('asks before merging a petition into a primary due after it, saying both dates, and merges only when told', async () => {
    const primary = await ask('¿Qué normas rigen las ferias campesinas del municipio?', 'consulta')
    const short = await ask('¿Cuántas ferias campesinas hubo este año?', 'peticion_informacion')
    expect(short.dueDate < primary.dueDate).toBe(true)
    const c = card(admin, '¿Cuántas ferias campesinas hubo este año?')
    const merge = async () => {
      await c.getByRole('button', { name: 'Unir a otra' }).first().click()
      await c.getByLabel('Pregunta principal').selectOption(primary.id)
      await c.getByRole('button', { name: 'Unir a otra' }).last().click()
    }
    await merge()
    const asked = c.locator('fieldset.confirm legend')
    await asked.waitFor()
    expect(await asked.innerText()).toBe(
      `${short.radicado} vence el ${spoken(short.dueDate)}, antes que la principal ${primary.radicado} (${spoken(primary.dueDate)}). Unida, conserva su propio término: si la principal no se responde a más tardar el ${spoken(short.dueDate)}, ${short.radicado} quedará vencida. ¿Unirla de todos modos?`,
    )
    await expectAccessible(admin, 'a merge asked about before it is sent')
    // "No" goes back to the form, and nothing was sent.
    await c.getByRole('button', { name: 'No, volver al formulario' }).click()
    expect(await asked.count()).toBe(0)
    expect((await stored(short.id)).mergedInto).toBeNull()
    await c.getByRole('button', { name: 'Unir a otra' }).last().click()
    await c.getByRole('button', { name: 'Sí, unirla de todos modos' }).click()
    await c.getByText(`Unida a ${primary.radicado}`).waitFor()
    expect((await stored(short.id)).mergedInto).toBe(primary.id)
    // The primary's card says, from then on, the earlier date its merged petition binds it to.
    const p = card(admin, '¿Qué normas rigen las ferias campesinas del municipio?')
    const bound = `Una petición unida vence antes: ${spoken(short.dueDate)} (${short.radicado})`
    await p.getByText(bound).waitFor({ timeout: 10_000 })
    expect(await c.getByText('Una petición unida vence antes').count()).toBe(0)
    // Into a primary due first, nothing to ask: merged at once.
    const soon = await ask('¿Cuánto costó la feria campesina de octubre?', 'peticion_informacion')
    const long = await ask('¿Puede la feria campesina cobrar por los puestos?', 'consulta')
    const l = card(admin, '¿Puede la feria campesina cobrar por los puestos?')
    await l.getByRole('button', { name: 'Unir a otra' }).first().click()
    await l.getByLabel('Pregunta principal').selectOption(soon.id)
    await l.getByRole('button', { name: 'Unir a otra' }).last().click()
    await l.getByText(`Unida a ${soon.radicado}`).waitFor()
    expect((await stored(long.id)).mergedInto).toBe(soon.id)
    // Due after its primary, it binds it to nothing sooner: the primary's card says nothing of it.
    await expect.poll(async () => (await stored(soon.id)).mergedDueFirst).toBeNull()
    expect(
      await card(admin, '¿Cuánto costó la feria campesina de octubre?')
        .getByText('Una petición unida vence antes')
        .count(),
    ).toBe(0)
    // Separated again, the primary's card no longer says it.
    await c.getByRole('button', { name: 'Separar' }).click()
    await p.getByText(bound).waitFor({ state: 'detached', timeout: 10_000 })
  })

  it('confirms a reason or an answer with Ctrl+Enter from its text area, as the hint there says', async () => {
    /** The text the field's aria-describedby points at, as a screen reader reads it after the label. */
    const description = (field: ReturnType<Page['getByLabel']>) =>
      field.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      )
    const hint = 'Para confirmar desde el teclado: Ctrl + Enter (⌘ + Enter en Mac).'

    const hidden = await ask('Publicidad de una tienda, sin relación con el evento', 'sugerencia')
    const h = card(admin, 'Publicidad de una tienda')
    await h.getByRole('button', { name: 'Ocultar' }).click()
    const reason = h.getByLabel(/Razón para ocultarla/)
    expect(await description(reason)).toBe(hint)
    await expectAccessible(admin, 'a reason with its keyboard hint')
    // Empty, the browser says the field is required and nothing is sent.
    await reason.press('Control+Enter')
    expect(await reason.evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing)).toBe(true)
    expect((await stored(hidden.id)).status).toBe('received')
    // Enter alone is a new line; Ctrl+Enter sends.
    await reason.pressSequentially('Publicidad')
    await reason.press('Enter')
    await reason.pressSequentially('comercial')
    await reason.press('Control+Enter')
    await h.locator('.badge').getByText('Oculta', { exact: true }).waitFor()
    expect(await stored(hidden.id)).toMatchObject({ status: 'hidden', statusReason: 'Publicidad\ncomercial' })

    const live = await ask('¿Cuándo abre la convocatoria de emprendimiento?')
    const l = card(admin, '¿Cuándo abre la convocatoria de emprendimiento?')
    await l.getByRole('button', { name: 'Marcar respondida en vivo' }).click()
    const answer = l.getByLabel('Respuesta dada en vivo')
    expect(await description(answer)).toBe(hint)
    await answer.fill('En febrero, en la página de la Secretaría.')
    // ⌘+Enter, as on a Mac.
    await answer.press('Meta+Enter')
    await l.locator('.badge').getByText('Respondida en vivo', { exact: true }).waitFor()
    expect(await stored(live.id)).toMatchObject({
      status: 'answered_live',
      answer: 'En febrero, en la página de la Secretaría.',
    })

    // A form with a second text area (the forwarding's reason) confirms from it too.
    const moved = await ask('¿Quién arregla la vía nacional que pasa por el municipio?', 'peticion')
    const m = card(admin, '¿Quién arregla la vía nacional')
    await m.getByRole('button', { name: 'Trasladar' }).click()
    await m.getByLabel('Entidad competente a la que se traslada').fill('Instituto Nacional de Vías')
    const why = m.getByLabel('Razón del traslado (opcional)')
    expect(await description(why)).toBe(hint)
    await why.fill('La vía es nacional.')
    await why.press('Control+Enter')
    await m.locator('.badge').getByText('Trasladada', { exact: true }).waitFor()
    expect(await stored(moved.id)).toMatchObject({
      status: 'forwarded',
      forwardedTo: 'Instituto Nacional de Vías',
      statusReason: 'La vía es nacional.',
    })
  })

  it('lets an admin annul a question, keeping its number, and shows a moderator no annul action', async () => {
    const text = 'Pregunta radicada dos veces por error en la mesa de registro'
    const q = await ask(text)
    const mod = await laptop(browser)
    await signIn(mod, moderator)
    await card(mod, text).getByRole('button', { name: 'Prorrogar' }).waitFor()
    expect(await mod.getByRole('button', { name: 'Anular' }).count()).toBe(0)

    const c = card(admin, text)
    await c.getByRole('button', { name: 'Anular' }).click()
    await c.getByLabel(/Razón de la anulación/).fill('Duplicada de otra radicada en la mesa.')
    await expectAccessible(admin, 'the annulment form')
    await c.getByRole('button', { name: 'Anular' }).last().click()
    await c.locator('.badge').getByText('Anulada', { exact: true }).waitFor()
    expect(await stored(q.id)).toMatchObject({
      status: 'annulled',
      radicado: q.radicado,
      statusReason: 'Duplicada de otra radicada en la mesa.',
    })
    expect(await c.getByRole('button', { name: 'Anular' }).count()).toBe(0)
    // The moderator's list follows live.
    await card(mod, text).locator('.badge').getByText('Anulada', { exact: true }).waitFor({ timeout: 10_000 })
    await mod.close()
  })

  it('lets an admin correct the day an answer was sent, with a reason, and shows a moderator no such action', async () => {
    const today = bogotaToday()
    const received = [plus(today, -3), '2026-11-27'].sort()[1]
    const sent = plus(received, 1)
    const text = '¿Me dan copia del contrato de mantenimiento del polideportivo?'
    const made = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      token: event.token,
      body: { type: 'peticion', text, channel: 'presencial', verbal: false, receivedOn: received },
    })
    expect(made.status).toBe(201)
    // Answered with today's date, typed in on the day it was recorded instead of the day it was sent.
    const answered = await event.api.call('PATCH', `/api/questions/${made.json.id}`, {
      token: event.token,
      body: { status: 'answered', answer: 'Se le envió copia del contrato.' },
    })
    expect(answered.json.question).toMatchObject({ answeredOn: today })
    const mod = await laptop(browser)
    await signIn(mod, moderator)
    await card(mod, text)
      .getByText(`Respuesta enviada el ${spoken(today)}`)
      .waitFor({ timeout: 10_000 })
    expect(await card(mod, text).getByRole('button', { name: 'Corregir fecha' }).count()).toBe(0)
    await mod.close()

    const c = card(admin, text)
    await c.getByText(`Respuesta enviada el ${spoken(today)}`).waitFor({ timeout: 10_000 })
    await c.getByRole('button', { name: 'Corregir fecha' }).click()
    const day = c.getByLabel('Fecha en que de verdad se envió la respuesta')
    // The day recorded, within the limits it was recorded under: from receipt to today.
    expect(await day.inputValue()).toBe(today)
    expect([await day.getAttribute('min'), await day.getAttribute('max')]).toEqual([received, today])
    await day.fill(sent)
    await c.getByLabel(/^Motivo de la corrección/).fill('El correo salió al día siguiente de recibida.')
    await expectAccessible(admin, 'the form that corrects the day an answer was sent')
    await c.getByRole('button', { name: 'Corregir la fecha' }).click()
    await c.getByText(`Respuesta enviada el ${spoken(sent)}`).waitFor()
    expect(await stored(made.json.id)).toMatchObject({ status: 'answered', answeredOn: sent })
    const history = (await event.api.call('GET', `/api/questions/${made.json.id}`, { token: event.token }))
      .json.history
    expect(history.at(-1)).toMatchObject({
      action: 'question.sent_on_correct',
      data: { from: today, to: sent, reason: 'El correo salió al día siguiente de recibida.' },
    })
    // The form closes once taken; the action stays for a later correction.
    expect(await c.getByLabel('Fecha en que de verdad se envió la respuesta').count()).toBe(0)
    await c.getByRole('button', { name: 'Corregir fecha' }).waitFor()
  })

  it('lets an admin correct the day an answer said live took when it was marked later, within the event', async () => {
    const today = bogotaToday()
    // Said at the event on the day it was received, marked as said live only today.
    const said = [plus(today, -2), '2026-11-27'].sort()[1]
    const text = '¿Cuándo se abre la convocatoria de emprendimiento juvenil?'
    const made = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      token: event.token,
      body: { type: 'peticion', text, channel: 'presencial', verbal: true, receivedOn: said },
    })
    expect(made.status).toBe(201)
    const live = await event.api.call('PATCH', `/api/questions/${made.json.id}`, {
      token: event.token,
      body: { status: 'answered_live', answer: 'Se abre en febrero.' },
    })
    expect(live.json.question).toMatchObject({ status: 'answered_live', answeredOn: today })
    const c = card(admin, text)
    await c.getByText(`Respondida en vivo el ${spoken(today)}`).waitFor({ timeout: 10_000 })
    await c.getByRole('button', { name: 'Corregir fecha' }).click()
    const day = c.getByLabel('Fecha en que de verdad se dio la respuesta en vivo')
    expect(await day.inputValue()).toBe(today)
    await day.fill(said)
    const reason = 'Se respondió en la audiencia; se marcó después.'
    await c.getByLabel(/^Motivo de la corrección/).fill(reason)
    await c.getByRole('button', { name: 'Corregir la fecha' }).click()
    await c.getByText(`Respondida en vivo el ${spoken(said)}`).waitFor()
    expect(await stored(made.json.id)).toMatchObject({ status: 'answered_live', answeredOn: said })
    const history = (await event.api.call('GET', `/api/questions/${made.json.id}`, { token: event.token }))
      .json.history
    expect(history.at(-1)).toMatchObject({
      action: 'question.sent_on_correct',
      data: { field: 'answeredOn', from: today, to: said, reason },
    })
  })

  it("offers an answer said live only the event's days, says them, and shows the server's refusal once they changed", async () => {
    const today = bogotaToday()
    // An event of its own, held over several days: begun three days ago at 20:30 in Bogotá (already the
    // next day in UTC). A petition received that day, said live, and marked as such only today.
    const own = await openEvent(server!.url, { startsAt: `${plus(today, -3)}T20:30:00-05:00` })
    const text = '¿Cuándo se entregan los kits escolares de la vereda?'
    const made = await own.api.call('POST', `/api/events/${own.slug}/questions`, {
      token: own.token,
      body: { type: 'peticion', text, channel: 'presencial', verbal: true, receivedOn: plus(today, -3) },
    })
    expect(made.status).toBe(201)
    const said = await own.api.call('PATCH', `/api/questions/${made.json.id}`, {
      token: own.token,
      body: { status: 'answered_live', answer: 'En la primera semana de clases.' },
    })
    expect(said.json.question).toMatchObject({ status: 'answered_live', answeredOn: today })
    // Its start put off to the next evening: what was said live was said from then on, not before.
    const startOn = (day: string) =>
      own.api.call('PATCH', `/api/events/${own.slug}`, {
        token: own.token,
        body: { startsAt: `${day}T20:30:00-05:00` },
      })
    const first = plus(today, -2)
    expect((await startOn(first)).status).toBe(200)
    const page = await laptop(browser)
    const sent: string[] = []
    page.on('request', (r) => r.method() === 'PATCH' && r.url().endsWith('/sent-on') && sent.push(r.url()))
    await signIn(page, CONTRACT_ADMIN)
    await page.goto(`${server!.url}/console/eventos/${own.slug}/moderacion`)
    const c = card(page, text)
    await c.getByRole('button', { name: 'Corregir fecha' }).click()
    const day = c.getByLabel('Fecha en que de verdad se dio la respuesta en vivo')
    // From the event's first day where it is held (not the day it was received, nor UTC's) to today.
    expect([await day.getAttribute('min'), await day.getAttribute('max')]).toEqual([first, today])
    const hint = `Una respuesta en vivo se dio durante el evento: del ${dated(first)} al ${dated(today)}.`
    await c.getByText(hint).waitFor()
    const describedBy = () =>
      day.evaluate((input) =>
        (input.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent)
          .join(' '),
      )
    expect(await describedBy()).toBe(hint)
    await expectAccessible(page, "the correction of a live answer's day, with the event's days")
    // A day before them is not taken: the browser says so at the field, and nothing is sent.
    await day.fill(plus(first, -1))
    await c.getByLabel(/^Motivo de la corrección/).fill('Se respondió en la audiencia; se marcó después.')
    await c.getByRole('button', { name: 'Corregir la fecha' }).click()
    expect(await day.evaluate((input: HTMLInputElement) => input.validity.rangeUnderflow)).toBe(true)
    expect(sent).toEqual([])
    // The event's start moves again meanwhile: the day the form still offers is refused by the server,
    // whose reason is shown at the field, and the day stays as it was.
    expect((await startOn(plus(today, -1))).status).toBe(200)
    await day.fill(first)
    await c.getByRole('button', { name: 'Corregir la fecha' }).click()
    const refusal = `Una respuesta en vivo se dio durante el evento: del ${dated(plus(today, -1))}.`
    await c.getByRole('alert').getByText(refusal).waitFor()
    expect(sent).toHaveLength(1)
    expect(await day.getAttribute('aria-invalid')).toBe('true')
    expect(await describedBy()).toBe(`${hint} ${refusal}`)
    expect(await stored(made.json.id)).toMatchObject({ status: 'answered_live', answeredOn: today })
    await page.close()
  })

  it('says on the card of a petition answered by its merge whose answer it took, who merged it and when', async () => {
    const primary = await ask('¿Cuándo se publica el informe de gestión del año?')
    const text = '¿En qué fecha sale el informe de gestión?'
    const dupe = await ask(text)
    const answered = await event.api.call('PATCH', `/api/questions/${primary.id}`, {
      token: event.token,
      body: { status: 'answered', answer: 'Se publica el 30 de enero.' },
    })
    expect(answered.status).toBe(200)
    const merged = await event.api.call('PATCH', `/api/questions/${dupe.id}`, {
      token: event.token,
      body: { mergeInto: primary.id },
    })
    expect(merged.status).toBe(200)
    const by = merged.json.question.answeredByMerge
    expect(by).toMatchObject({ id: primary.id, radicado: primary.radicado })
    await card(admin, text)
      .getByText(`Respondida con la respuesta de ${primary.radicado}: la unió ${by.by} el `)
      .waitFor({ timeout: 10_000 })
    // The primary's own card says nothing of the kind.
    expect(
      await card(admin, '¿Cuándo se publica el informe de gestión del año?')
        .getByText('Respondida con la respuesta de')
        .count(),
    ).toBe(0)
  })

  it('shows the last day to forward a pending question, and when it was forwarded (Ley 1755, art. 21)', async () => {
    const text = '¿Cuándo pavimentan la vía departamental que sube a la vereda El Retiro?'
    const q = await ask(text)
    const c = card(admin, text)
    await c.getByRole('button', { name: 'Dejar pendiente' }).click()
    await c.getByLabel('Dependencia que responderá').selectOption('despacho')
    await c.getByRole('button', { name: 'Confirmar' }).click()
    await c.locator('.badge').getByText('Pendiente', { exact: true }).waitFor()
    // Five business days from the day after receipt, on Colombia's calendar.
    const limit = businessDaysAfter(bogotaToday(), 5)
    expect((await stored(q.id)).forwardDueDate).toBe(limit)
    await c.getByRole('button', { name: 'Trasladar' }).click()
    await c.getByText(`Plazo para trasladarla si no es de la entidad: ${spoken(limit)}`).waitFor()
    await c.getByLabel('Entidad competente a la que se traslada').fill('Gobernación de Antioquia')
    await expectAccessible(admin, 'the forwarding form with its limit')
    await c.getByRole('button', { name: 'Trasladar' }).last().click()
    await c.locator('.badge').getByText('Trasladada', { exact: true }).waitFor()
    const forwarded = await stored(q.id)
    expect(forwarded).toMatchObject({ status: 'forwarded', forwardDueDate: limit })
    const on = new Date(forwarded.forwardedAt).toLocaleString('es-CO', {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: 'America/Bogota',
    })
    expect(await c.getByText(/^Trasladada a: Gobernación de Antioquia · el /).innerText()).toBe(
      `Trasladada a: Gobernación de Antioquia · el ${on}`,
    )
    // Forwarded within its days: not marked late.
    expect(await c.getByText('Traslado fuera de plazo').count()).toBe(0)
  })

  it('returns a petition to be completed, suspends its term on the card and the lookup, and counts it again once completed (Ley 1755, art. 17)', async () => {
    const text = '¿Me asignan el subsidio de arriendo para el local de mi negocio?'
    const asked = 'Copia del contrato de arrendamiento del local'
    const q = await ask(text)
    const today = bogotaToday()
    const mod = await laptop(browser)
    await signIn(mod, moderator)
    await card(mod, text).waitFor({ timeout: 10_000 })
    const c = card(admin, text)
    await c.getByRole('button', { name: 'Pedir que la completen' }).click()
    await c.getByLabel(/Lo que debe aportar el peticionario/).fill(asked)
    expect(await c.getByLabel(/Fecha del requerimiento/).inputValue()).toBe(today)
    await expectAccessible(admin, 'the request to complete a petition')
    await c.getByRole('button', { name: 'Pedir que la completen' }).last().click()
    await c.locator('.badge').getByText('Por completar', { exact: true }).waitFor()
    await admin
      .getByRole('status')
      .filter({ hasText: `Se pidió completar ${q.radicado}: su término queda suspendido.` })
      .waitFor()
    const deadline = monthAfter(today)
    const suspended = `Término suspendido: se pidió completarla el ${spoken(today)}; tiene hasta el ${spoken(deadline)}`
    await c.getByText(suspended).waitFor()
    // What was asked, which staff check when the petitioner comes back.
    await c.getByText(`Se pidió al peticionario: ${asked}`).waitFor()
    // No due date while it waits: the old one is not running.
    expect(await c.getByText(/^Vence /).count()).toBe(0)
    expect(await stored(q.id)).toMatchObject({
      status: 'incomplete',
      completionRequestedOn: today,
      completionRequest: asked,
      completionDeadline: deadline,
    })
    // The moderator's list follows live.
    await card(mod, text).getByText(suspended).waitFor({ timeout: 10_000 })
    await mod.close()
    // Its term is its own while it waits: it is merged into no other, and no other into it.
    expect(await c.getByRole('button', { name: 'Unir a otra' }).count()).toBe(0)
    const similar = '¿Hay subsidio de arriendo para locales comerciales?'
    await ask(similar)
    const s = card(admin, similar)
    await s.getByRole('button', { name: 'Unir a otra' }).click()
    const targets = await s.getByLabel('Pregunta principal').locator('option').allInnerTexts()
    expect(targets.length).toBeGreaterThan(0)
    expect(targets.filter((o) => o.startsWith(q.radicado))).toEqual([])
    await s.getByRole('button', { name: 'Cancelar' }).click()

    // The petitioner looks the radicado up on the event's page.
    const petitioner = await phone(browser)
    await petitioner.goto(`${server!.url}/e/${event.slug}`)
    const lookUp = async () => {
      await petitioner.getByLabel('Número de radicado').fill(q.radicado)
      await petitioner.getByRole('button', { name: 'Consultar' }).click()
    }
    const fact = (name: string) =>
      petitioner.locator('#lookup-result dt', { hasText: name }).locator('xpath=following-sibling::dd[1]')
    await lookUp()
    await expect
      .poll(() => fact('Fecha máxima de respuesta').innerText())
      .toBe('Suspendida hasta que complete la petición')
    expect(await fact('Estado').innerText()).toBe('Debe completarla: el término está suspendido')
    expect(await fact('Se le pidió completarla con').innerText()).toBe(asked)
    expect(await fact('Plazo para completarla').innerText()).toBe(spoken(deadline))
    await expectAccessible(petitioner, 'the lookup of a petition to be completed')

    // The petitioner asks for more time, once (art. 17): a month more, and no second extension offered.
    await c.getByRole('button', { name: 'Prorrogar un mes el plazo para completarla' }).click()
    await admin
      .getByRole('status')
      .filter({ hasText: `Plazo para completar ${q.radicado} prorrogado.` })
      .waitFor()
    const extended = monthAfter(today, 2)
    await c
      .getByText(`se pidió completarla el ${spoken(today)}; tiene hasta el ${spoken(extended)}`)
      .waitFor()
    expect(await c.getByRole('button', { name: 'Prorrogar un mes el plazo para completarla' }).count()).toBe(
      0,
    )

    // The petitioner completes it today: the whole term counts again from tomorrow.
    await c.getByRole('button', { name: 'Registrar que la completó' }).click()
    expect(await c.getByLabel('Sigue como').inputValue()).toBe('received')
    expect(await c.getByLabel(/Fecha en que la completó/).inputValue()).toBe(today)
    // Only the days the server takes: from the request to complete it to today.
    const completedOn = c.getByLabel(/Fecha en que la completó/)
    expect([await completedOn.getAttribute('min'), await completedOn.getAttribute('max')]).toEqual([
      today,
      today,
    ])
    await expectAccessible(admin, 'the completion form')
    await c.getByRole('button', { name: 'Registrar que la completó' }).last().click()
    await c.locator('.badge').getByText('Recibida', { exact: true }).waitFor()
    const due = businessDaysAfter(today, 15)
    await c.getByText(`Vence ${spoken(due)} (completada el ${spoken(today)})`).waitFor()
    expect(await c.getByText(/^Término suspendido/).count()).toBe(0)
    expect(await c.getByText('Se pidió al peticionario').count()).toBe(0)
    expect(await stored(q.id)).toMatchObject({ status: 'received', completedOn: today, dueDate: due })
    await lookUp()
    await expect.poll(() => fact('Fecha máxima de respuesta').innerText()).toBe(spoken(due))
    expect(await fact('Completada el').innerText()).toBe(spoken(today))
    await expectAccessible(petitioner, 'the lookup of a completed petition')
    await petitioner.close()
  })

  it('records a petitioner’s withdrawal once confirmed, on the card, live and in the lookup, or the continuation ex officio (Ley 1755, art. 18)', async () => {
    const text = '¿Me pueden dar copia del acta de la junta de acción comunal del barrio Olaya?'
    const how = 'Escrito entregado en la ventanilla: ya obtuvo la copia en la junta'
    const q = await ask(text)
    const today = bogotaToday()
    const mod = await laptop(browser)
    await signIn(mod, moderator)
    await card(mod, text).waitFor({ timeout: 10_000 })
    const c = card(admin, text)
    await c.getByRole('button', { name: 'Registrar el desistimiento' }).click()
    await c.getByLabel(/Cómo expresó el peticionario que desiste/).fill(how)
    expect(await c.getByLabel('Fecha en que desistió').inputValue()).toBe(today)
    // Only the days the server takes: from its receipt to today.
    const desistedOn = c.getByLabel('Fecha en que desistió')
    expect([await desistedOn.getAttribute('min'), await desistedOn.getAttribute('max')]).toEqual([
      today,
      today,
    ])
    await expectAccessible(admin, 'the withdrawal form')
    await c.getByRole('button', { name: 'Registrar el desistimiento' }).last().click()
    // Asked once more, with "No" focused: an Enter pressed by habit settles nothing.
    const ask18 = c.getByRole('group', {
      name: `¿Registrar que el peticionario desistió de ${q.radicado}?`,
      exact: false,
    })
    await ask18.waitFor()
    await expect
      .poll(() => admin.evaluate(() => document.activeElement?.textContent))
      .toBe('No, volver al formulario')
    await expectAccessible(admin, 'the withdrawal confirmation')
    expect((await stored(q.id)).status).toBe('received')
    await ask18.getByRole('button', { name: 'No, volver al formulario' }).click()
    expect(await ask18.count()).toBe(0)
    expect(await c.getByLabel(/Cómo expresó el peticionario que desiste/).inputValue()).toBe(how)
    await c.getByRole('button', { name: 'Registrar el desistimiento' }).last().click()
    await ask18.getByRole('button', { name: 'Sí, registrar el desistimiento' }).click()
    await c.locator('.badge').getByText('Desistida por el peticionario', { exact: true }).waitFor()
    await admin
      .getByRole('status')
      .filter({ hasText: `Desistimiento de ${q.radicado} registrado: su término ya no corre.` })
      .waitFor()
    await c.getByText(`El peticionario desistió el ${spoken(today)}`).waitFor()
    // Its term no longer runs: no due date, and nothing more to record.
    expect(await c.getByText(/^Vence /).count()).toBe(0)
    expect(await c.getByRole('button', { name: 'Registrar el desistimiento' }).count()).toBe(0)
    expect(await c.getByRole('button', { name: 'Responder por escrito' }).count()).toBe(0)
    expect(await stored(q.id)).toMatchObject({ status: 'desisted', desistedOn: today, statusReason: how })
    // The moderator's list follows live.
    await card(mod, text)
      .locator('.badge')
      .getByText('Desistida por el peticionario', { exact: true })
      .waitFor({ timeout: 10_000 })
    await mod.close()

    // The petitioner reads that their withdrawal was taken, not that the petition was deemed withdrawn.
    const petitioner = await phone(browser)
    await petitioner.goto(`${server!.url}/e/${event.slug}`)
    await petitioner.getByLabel('Número de radicado').fill(q.radicado)
    await petitioner.getByRole('button', { name: 'Consultar' }).click()
    const fact = (name: string) =>
      petitioner.locator('#lookup-result dt', { hasText: name }).locator('xpath=following-sibling::dd[1]')
    await expect.poll(() => fact('Estado').innerText()).toBe('Desistida por el peticionario')
    expect(await fact('Fecha máxima de respuesta').innerText()).toBe(
      'Ya no corre: usted desistió de la petición',
    )
    expect(await fact('Fecha del desistimiento').innerText()).toBe(spoken(today))
    expect(await petitioner.getByText(how).count()).toBe(0)
    await expectAccessible(petitioner, 'the lookup of a withdrawn petition')
    await petitioner.close()

    // Another petitioner withdraws, but the entity continues ex officio: the petition stays as it was.
    const kept = '¿Qué medidas hay contra las inundaciones en la quebrada La Picacha?'
    const resolution = 'Resolución 77: el riesgo de inundación es de interés público'
    const k = await ask(kept)
    const e = card(admin, kept)
    await e.getByRole('button', { name: 'Registrar el desistimiento' }).click()
    await e.getByLabel(/continúa de oficio la actuación/).check()
    await e.getByLabel(/Resolución motivada/).fill(resolution)
    await e.getByRole('button', { name: 'Continuar de oficio' }).click()
    await e.getByRole('button', { name: 'Sí, continuar de oficio' }).click()
    await admin
      .getByRole('status')
      .filter({ hasText: `${k.radicado} continúa de oficio: su término sigue corriendo.` })
      .waitFor()
    expect(await e.getByLabel(/Resolución motivada/).count()).toBe(0)
    await e.getByText(`Vence ${spoken(k.dueDate)}`).waitFor()
    // Continued with the withdrawal, it says so, and a new withdrawal is no longer offered; a petition
    // never continued still offers it, and says nothing of the kind.
    await e.getByText(continued(today), { exact: true }).waitFor()
    expect(await e.getByRole('button', { name: 'Registrar el desistimiento' }).count()).toBe(0)
    const never = '¿Cuándo podan los árboles del parque de La Floresta?'
    await ask(never)
    const n = card(admin, never)
    await n.getByRole('button', { name: 'Registrar el desistimiento' }).waitFor()
    expect(await n.getByText(/continuó de oficio/).count()).toBe(0)
    const history = (await event.api.call('GET', `/api/questions/${k.id}`, { token: event.token })).json
    expect(history.question).toMatchObject({ status: 'received', desistedOn: null })
    expect(history.history.at(-1)).toMatchObject({
      action: 'question.continued_ex_officio',
      data: { status: 'received', desistedOn: today, reason: resolution },
    })
  })

  it('does not report a continuation ex officio as recorded when another moderator changed the petition first', async () => {
    const text = '¿Cuándo limpian el caño de la calle 45 que se desborda cada aguacero?'
    const resolution = 'Resolución 81: el caño desbordado es un riesgo sanitario para el barrio'
    const q = await ask(text)
    const c = card(admin, text)
    await c.getByRole('button', { name: 'Registrar el desistimiento' }).click()
    await c.getByLabel(/continúa de oficio la actuación/).check()
    await c.getByLabel(/Resolución motivada/).fill(resolution)
    await c.getByRole('button', { name: 'Continuar de oficio' }).click()
    // Another moderator approves it just before this decision reaches the server, which refuses it.
    const path = `**/api/questions/${q.id}`
    await admin.route(path, async (route) => {
      if (route.request().method() === 'PATCH') {
        const other = await event.api.call('PATCH', `/api/questions/${q.id}`, {
          token: event.token,
          body: { status: 'approved' },
        })
        expect(other.status).toBe(200)
      }
      await route.continue()
    })
    await c.getByRole('button', { name: 'Sí, continuar de oficio' }).click()
    await c.getByText(/Otro moderador cambió esta pregunta mientras usted actuaba/).waitFor()
    await admin.unroute(path)
    expect(
      await admin
        .getByRole('status')
        .filter({ hasText: `${q.radicado} continúa de oficio` })
        .count(),
    ).toBe(0)
    const { history } = (await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })).json
    expect(history.map((h: { action: string }) => h.action)).not.toContain('question.continued_ex_officio')
    // What was typed is kept: the moderator decides again on the petition as it now is. This time the
    // server takes it and the reply is lost: read back, the history says it was taken, once.
    await c.getByText(resolution).waitFor()
    await c.getByRole('button', { name: 'Entendido' }).click()
    await c.getByRole('button', { name: 'Registrar el desistimiento' }).click()
    await c.getByLabel(/continúa de oficio la actuación/).check()
    expect(await c.getByLabel(/Resolución motivada/).inputValue()).toBe(resolution)
    await c.getByRole('button', { name: 'Continuar de oficio' }).click()
    await admin.route(path, async (route) => {
      if (route.request().method() !== 'PATCH') return route.continue()
      await route.fetch()
      await route.abort('internetdisconnected')
    })
    await c.getByRole('button', { name: 'Sí, continuar de oficio' }).click()
    await admin
      .getByRole('status')
      .filter({ hasText: `${q.radicado} continúa de oficio: su término sigue corriendo.` })
      .waitFor()
    await admin.unroute(path)
    const after = (await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })).json
    expect(
      after.history.filter((h: { action: string }) => h.action === 'question.continued_ex_officio'),
    ).toMatchObject([{ data: { status: 'approved', reason: resolution } }])
  })

  it('continues ex officio a petition already withdrawn, once confirmed, back to the status it had (Ley 1755, art. 18)', async () => {
    const text = '¿Quién responde por el puente peatonal de la quebrada La Iguaná, que se está cayendo?'
    const resolution = 'Resolución 90: el puente en riesgo de caer es de interés público'
    const q = await ask(text)
    const today = bogotaToday()
    const moderate = async (body: unknown) =>
      expect(
        (await event.api.call('PATCH', `/api/questions/${q.id}`, { token: event.token, body })).status,
      ).toBe(200)
    await moderate({ status: 'approved' })
    await moderate({ status: 'desisted', desistedOn: today, reason: 'Por teléfono' })
    const c = card(admin, text)
    await c.locator('.badge').getByText('Desistida por el peticionario', { exact: true }).waitFor()
    await c.getByRole('button', { name: 'Continuar de oficio' }).click()
    await c.getByLabel(/Resolución motivada/).fill(resolution)
    await expectAccessible(admin, 'the continuation form')
    await c.getByRole('button', { name: 'Continuar de oficio' }).last().click()
    // Asked once more, with "No" focused.
    const confirm = c.getByRole('group', {
      name: `¿Registrar que la entidad continúa de oficio ${q.radicado}, que su peticionario retiró?`,
      exact: false,
    })
    await confirm.waitFor()
    await expect
      .poll(() => admin.evaluate(() => document.activeElement?.textContent))
      .toBe('No, volver al formulario')
    expect((await stored(q.id)).status).toBe('desisted')
    await confirm.getByRole('button', { name: 'No, volver al formulario' }).click()
    expect(await confirm.count()).toBe(0)
    expect(await c.getByLabel(/Resolución motivada/).inputValue()).toBe(resolution)
    await c.getByRole('button', { name: 'Continuar de oficio' }).last().click()
    await confirm.getByRole('button', { name: 'Sí, continuar de oficio' }).click()
    await admin
      .getByRole('status')
      .filter({
        hasText: `${q.radicado} continúa de oficio: vuelve al estado que tenía antes del desistimiento.`,
      })
      .waitFor()
    // Back to what it was: approved, its term running to the same date, and nothing left to continue. It
    // says the entity continued it, and offers no new withdrawal, which the server would refuse.
    await c.locator('.badge').getByText('Aprobada', { exact: true }).waitFor()
    await c.getByText(`Vence ${spoken(q.dueDate)}`).waitFor()
    expect(await c.getByText(/El peticionario desistió el/).count()).toBe(0)
    await c.getByText(continued(today), { exact: true }).waitFor()
    expect(await c.getByRole('button', { name: 'Continuar de oficio' }).count()).toBe(0)
    expect(await c.getByRole('button', { name: 'Registrar el desistimiento' }).count()).toBe(0)
    const after = (await event.api.call('GET', `/api/questions/${q.id}`, { token: event.token })).json
    expect(after.question).toMatchObject({
      status: 'approved',
      desistedOn: null,
      dueDate: q.dueDate,
      continuedExOfficioAt: expect.any(String),
    })
    expect(after.history.at(-1)).toMatchObject({
      action: 'question.continued_ex_officio',
      data: { from: 'desisted', status: 'approved', desistedOn: today, reason: resolution },
    })
  })

  it("keeps showing an admin a denunciante's reserved identity when another moderator changes the denuncia", async () => {
    const text = 'Denuncia: cobran por los turnos del puesto de salud de la vereda La Palma.'
    const filed = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      body: { type: 'denuncia', text, name: 'Ana Beatriz Rojas', identityReserve: true },
    })
    expect(filed.status).toBe(201)
    const c = card(admin, text)
    await c.getByText(/Ana Beatriz Rojas/).waitFor({ timeout: 10_000 })
    const mod = await event.api.login(moderator.email, moderator.password)
    const approved = await event.api.call('PATCH', `/api/questions/${filed.json.id}`, {
      token: mod,
      body: { status: 'approved' },
    })
    expect(approved.status).toBe(200)
    // The moderator's own answer says only that it is reserved; the admin's card, updated live, still names her.
    expect(JSON.stringify(approved.json)).not.toContain('Ana Beatriz')
    await c.locator('.badge').getByText('Aprobada', { exact: true }).waitFor({ timeout: 10_000 })
    await expect.poll(() => c.locator('.meta').first().innerText()).toContain('Ana Beatriz Rojas')
    expect(await c.getByText('Identidad reservada').count()).toBe(0)
  })

  it('tells a moderator who files a denuncia with identity reserve that its constancia is for admins', async () => {
    const mod = await laptop(browser)
    await signIn(mod, moderator)
    await mod.getByRole('button', { name: 'Radicar una petición recibida en el evento' }).click()
    const form = filingForm(mod)
    await form.getByLabel('Tipo de petición').selectOption('denuncia')
    await form
      .getByLabel('Lo que pidió o preguntó')
      .fill('Denuncia verbal: cobros por los cupos del comedor.')
    await form.getByLabel('Nombre').fill('Martha Lucía Quintero')
    await form.getByLabel('Pide reserva de identidad (denuncia)').check()
    await form.getByRole('button', { name: 'Radicar', exact: true }).click()
    await mod.getByRole('heading', { name: /^Radicado / }).waitFor()
    await mod
      .getByText('Con reserva de identidad, la constancia la descarga solo quien administra Cabildo')
      .waitFor()
    expect(await mod.getByRole('button', { name: /Constancia/ }).count()).toBe(0)
    await expectAccessible(mod, 'a reserved denuncia filed by a moderator')
    await mod.close()
  })

  it('lays the filing form out on a phone without sideways scrolling', async () => {
    const small = await phone(browser)
    await signIn(small, CONTRACT_ADMIN)
    await small.getByRole('button', { name: 'Radicar una petición recibida en el evento' }).click()
    await filingForm(small).waitFor()
    await filingForm(small).getByLabel('Tipo de petición').selectOption('denuncia')
    await filingForm(small).getByLabel('Pide reserva de identidad (denuncia)').waitFor()
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectAccessible(small, 'the filing form on a phone')
    await small.close()
  })

  it('keeps the written procedure behind one disclosure while the event runs', async () => {
    // This suite's event was last month: its cards show every action. One that runs now keeps the
    // written answer, the extension, the forwarding and the annulment behind "Después del evento".
    const running = await openEvent(server!.url, { startsAt: new Date().toISOString() })
    const text = '¿Cuántos kilómetros de vías terciarias se arreglaron este año?'
    const asked = await running.api.call('POST', `/api/events/${running.slug}/questions`, {
      body: { type: 'peticion', text },
    })
    expect(asked.status).toBe(201)
    await admin.goto(`${server!.url}/console/eventos/${running.slug}/moderacion`)
    const live = card(admin, text)
    await live.getByRole('button', { name: 'Marcar respondida en vivo' }).waitFor()
    for (const name of ['Responder por escrito', 'Prorrogar', 'Trasladar', 'Anular'])
      expect(await live.getByRole('button', { name }).isVisible()).toBe(false)
    await live.getByText('Después del evento').click()
    for (const name of ['Responder por escrito', 'Prorrogar', 'Trasladar', 'Anular'])
      expect(await live.getByRole('button', { name }).isVisible()).toBe(true)
    await expectAccessible(admin, 'a card of a running event')

    await admin.goto(`${server!.url}/console/eventos/${event.slug}/moderacion`)
    const past = await ask('¿Y el informe de la vigencia anterior?')
    await card(admin, '¿Y el informe de la vigencia anterior?')
      .getByRole('button', { name: 'Responder por escrito' })
      .waitFor()
    expect(
      await card(admin, '¿Y el informe de la vigencia anterior?').getByText('Después del evento').count(),
    ).toBe(0)
    expect(past.radicado).toBeTruthy()
  })

  it("cites Ley 1755's articles on the withdrawal form of a Colombian entity's petition only", async () => {
    // The suite's event is Colombian: its form names art. 18 beside the continuation ex officio.
    await admin.goto(`${server!.url}/console/eventos/${event.slug}/moderacion`)
    const co = '¿Cuándo abre la convocatoria del fondo de cultura?'
    await ask(co)
    await card(admin, co).getByRole('button', { name: 'Registrar el desistimiento' }).click()
    expect(
      await card(admin, co)
        .getByLabel(/continúa de oficio la actuación/)
        .count(),
    ).toBe(1)
    await card(admin, co).getByText('por razones de interés público (art. 18)').waitFor()
    // A GAD's: the same rule, without the article of another country's law.
    const gad = await openEvent(server!.url, {
      country: 'EC',
      timezone: 'America/Guayaquil',
      entity: {
        name: 'GAD Municipal de Prueba',
        nit: `176${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}001`,
        radicadoPrefix: `GP${Date.now().toString(36).toUpperCase().slice(-5)}`,
      },
    })
    const ec = '¿Cuándo se repara el puente de la parroquia?'
    const asked = await gad.api.call('POST', `/api/events/${gad.slug}/questions`, {
      body: { type: 'peticion', text: ec },
    })
    expect(asked.status).toBe(201)
    await admin.goto(`${server!.url}/console/eventos/${gad.slug}/moderacion`)
    await card(admin, ec).getByRole('button', { name: 'Registrar el desistimiento' }).click()
    const label = card(admin, ec).getByLabel(/continúa de oficio la actuación/)
    await label.waitFor()
    const form = await card(admin, ec).innerText()
    expect(form).toContain('La entidad continúa de oficio la actuación, por razones de interés público')
    expect(form).not.toMatch(/art\. \d|Ley 1755/)
  })

  it("offers the documents of the event's country on the filing form: Ecuador's cédula de identidad at a GAD's", async () => {
    const offered = async (slug: string) => {
      await admin.goto(`${server!.url}/console/eventos/${slug}/moderacion`)
      await admin.getByRole('button', { name: 'Radicar una petición recibida en el evento' }).click()
      const form = filingForm(admin)
      await form.getByLabel('Tipo de documento').waitFor()
      const options = await form.getByLabel('Tipo de documento').locator('option').allInnerTexts()
      await form.getByRole('button', { name: 'Cancelar' }).click()
      return options
    }
    // The suite's Colombian event: Colombia's documents, its citizenship card first, as its attendance form.
    const co = await offered(event.slug)
    expect(co.slice(0, 3)).toEqual(['—', 'Cédula de ciudadanía', 'Tarjeta de identidad'])
    const gad = await openEvent(server!.url, {
      country: 'EC',
      timezone: 'America/Guayaquil',
      entity: {
        name: 'GAD Parroquial de Prueba',
        nit: `176${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}001`,
        radicadoPrefix: `GQ${Date.now().toString(36).toUpperCase().slice(-5)}`,
      },
    })
    // A GAD's: Ecuador's cédula first; a Colombian's cédula named as Colombian; no Colombian permit.
    expect(await offered(gad.slug)).toEqual([
      '—',
      'Cédula de identidad (Ecuador)',
      'Pasaporte',
      'Cédula de ciudadanía (Colombia)',
      'Documento de identidad de otro país',
      'Otro',
    ])
  })
})
