import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import Holidays from 'date-holidays'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { termRank } from '../../server/services/term-order'
import { client, freshNit, unique } from './client'
import { sseReader } from './sse'

const event = (slug: string, nit: string, prefix: string) => ({
  slug,
  title: 'Rendición de cuentas PQRSD',
  entity: {
    name: 'Secretaría de Pruebas',
    nit,
    radicadoPrefix: prefix,
    address: 'Calle 1 # 2-3',
    email: 'datos@pruebas.gov.co',
  },
  startsAt: '2026-12-01T15:00:00Z',
  modality: 'hibrida',
  country: 'CO',
  status: 'open',
  areas: [{ key: 'despacho', name: 'Despacho' }],
})

// An oracle independent of the app: date-holidays' public holidays and the weekdays, day by day.
const colombia = new Holidays('CO')
const businessDaysBetween = (fromYmd: string, toYmd: string) => {
  let n = 0
  for (let d = new Date(`${fromYmd}T12:00:00Z`); d.toISOString().slice(0, 10) < toYmd; ) {
    d = new Date(d.getTime() + 86_400_000)
    const ymd = d.toISOString().slice(0, 10)
    const holiday = (colombia.isHoliday(new Date(`${ymd}T12:00:00-05:00`)) || []).some(
      (h) => h.type === 'public',
    )
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !holiday) n++
  }
  return n
}
const bogotaDate = (iso: string) =>
  new Date(new Date(iso).getTime() - 5 * 3600_000).toISOString().slice(0, 10)

type Received = { headers: IncomingHttpHeaders; body: string }
const received: Received[] = []
const receiver = createServer((req, res) => {
  let body = ''
  req.on('data', (d) => (body += d))
  req.on('end', () => {
    received.push({ headers: req.headers, body })
    res.writeHead(204).end()
  })
})
const secretOk = (r: Received, secret: string) => {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const signed = `${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`
  const expected = Buffer.from(`v1,${createHmac('sha256', key).update(signed).digest('base64')}`)
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((s) => s.length === expected.length && timingSafeEqual(Buffer.from(s), expected))
}

beforeAll(() => new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r)))
afterAll(() => new Promise<void>((r) => receiver.close(() => r())))

describe.each(inject('runtimes'))('PQRSD on $name', ({ name, url }) => {
  const api = client(url)
  let admin: string
  let slug: string
  let prefix: string
  beforeAll(async () => {
    admin = await api.login()
    slug = unique('pqrsd')
    prefix = `T${Math.random().toString(36).slice(2, 7).toUpperCase()}`
    const nit = freshNit().hyphen
    expect(
      (await api.call('POST', '/api/events', { token: admin, body: event(slug, nit, prefix) })).status,
    ).toBe(201)
  })
  const submit = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api.call('POST', `/api/events/${slug}/questions`, { body, headers })

  it('files a question with a radicado of the entity series and its legal due date', async () => {
    const res = await submit({ type: 'peticion_informacion', text: '¿Cuánto costó el parque?', name: 'Luis' })
    expect(res.status).toBe(201)
    const year = bogotaDate(res.json.receivedAt).slice(0, 4)
    expect(res.json).toMatchObject({ radicado: `${prefix}-${year}-000001`, status: 'received' })
    expect(res.json.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(businessDaysBetween(bogotaDate(res.json.receivedAt), res.json.dueDate)).toBe(10)
    expect([0, 6]).not.toContain(new Date(`${res.json.dueDate}T12:00:00Z`).getUTCDay())
    const own = `/api/pqrsd/${res.json.radicado}/constancia?token=${res.json.receiptToken}`
    expect((await api.call('GET', own)).json.constancia).toMatchObject({
      radicado: res.json.radicado,
      receivedAt: res.json.receivedAt,
      dueDate: res.json.dueDate,
      petitioner: { anonymous: false, name: 'Luis' },
    })
    // The receipt the petitioner keeps writes its dates as the widget does, with plain spaces on every runtime.
    const text: string = (await api.call('GET', `${own}&format=txt`)).json
    const due = new Date(`${res.json.dueDate}T12:00:00Z`)
    const dueText = new Intl.DateTimeFormat('es-CO', { dateStyle: 'full', timeZone: 'UTC' }).format(due)
    expect(text).toContain(`Fecha de vencimiento: ${dueText}\n`)
    expect(text).toMatch(
      /^Fecha y hora de recepción: (lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d\d? de [a-z]+ de \d{4}, \d\d?:\d\d:\d\d [ap]\. m\. \(hora de Colombia\)$/m,
    )
  })

  it('forwards within its five business days and returns a petition to be completed (Ley 1755, arts. 21 and 17)', async () => {
    const forwarded = (await submit({ type: 'queja', text: 'La vía es departamental', anonymous: true })).json
    const incomplete = (await submit({ type: 'peticion', text: 'Pido el subsidio', name: 'Rosa' })).json
    const today = bogotaDate(new Date().toISOString())
    const moved = await api.call('PATCH', `/api/questions/${forwarded.id}`, {
      token: admin,
      body: { status: 'forwarded', forwardedTo: 'Gobernación' },
    })
    expect(moved.status).toBe(200)
    const q = moved.json.question
    expect(businessDaysBetween(bogotaDate(forwarded.receivedAt), q.forwardDueDate)).toBe(5)
    expect(bogotaDate(q.forwardedAt)).toBe(today)
    expect((await api.call('GET', `/api/pqrsd/${forwarded.radicado}`)).json.pqrsd).toMatchObject({
      forwardedTo: 'Gobernación',
      forwardedAt: q.forwardedAt,
    })
    const path = `/api/questions/${incomplete.id}`
    const asked = { status: 'incomplete', requestedOn: today, requested: 'Copia de la cédula' }
    expect((await api.call('PATCH', path, { token: admin, body: asked })).json.question.status).toBe(
      'incomplete',
    )
    expect((await api.call('GET', `/api/pqrsd/${incomplete.radicado}`)).json.pqrsd.completion).toMatchObject({
      requestedOn: today,
      requested: 'Copia de la cédula',
      completedOn: null,
    })
    const done = await api.call('PATCH', path, {
      token: admin,
      body: { status: 'received', completedOn: today },
    })
    expect(done.status).toBe(200)
    expect(businessDaysBetween(today, done.json.question.dueDate)).toBe(15)
    const own = `/api/pqrsd/${incomplete.radicado}/constancia?token=${incomplete.receiptToken}`
    expect((await api.call('GET', own)).json.constancia).toMatchObject({
      dueDate: done.json.question.dueDate,
      completion: { requestedOn: today, completedOn: today },
    })
  })

  it('lets an admin correct the day an answer was sent, with its reason, audited, and not a moderator', async () => {
    // An event held three days ago: a written petition left there, filed with the day it was received.
    const held = new Date(Date.now() - 3 * 86_400_000).toISOString()
    const other = unique('fecha')
    const own = `F${Math.random().toString(36).slice(2, 7).toUpperCase()}`
    const body = { ...event(other, freshNit().hyphen, own), startsAt: held }
    expect((await api.call('POST', '/api/events', { token: admin, body })).status).toBe(201)
    const receivedOn = bogotaDate(held)
    const today = bogotaDate(new Date().toISOString())
    const filed = await api.call('POST', `/api/events/${other}/questions`, {
      token: admin,
      body: {
        type: 'peticion',
        text: 'Pido copia del acta',
        name: 'Marta',
        receivedOn,
        channel: 'presencial',
      },
    })
    expect(filed.status).toBe(201)
    const q = filed.json
    const answered = await api.call('PATCH', `/api/questions/${q.id}`, {
      token: admin,
      body: { status: 'answered', answer: 'Se le envió el acta.', publishAnswer: true },
    })
    expect(answered.json.question).toMatchObject({ status: 'answered', answeredOn: today })
    const email = `${unique('mod')}@example.co`
    const mod = await api.call('POST', '/api/users', {
      token: admin,
      body: { email, password: 'moderator-password', role: 'moderator' },
    })
    expect(mod.status).toBe(201)
    const path = `/api/questions/${q.id}/sent-on`
    const reason = 'El correo salió el día en que se recibió.'
    const refused = await api.call('PATCH', path, {
      token: await api.login(email, 'moderator-password'),
      body: { answeredOn: receivedOn, reason },
    })
    expect(refused.status).toBe(403)
    const early = await api.call('PATCH', path, {
      token: admin,
      body: { answeredOn: bogotaDate(new Date(Date.now() - 5 * 86_400_000).toISOString()), reason },
    })
    expect(early.status).toBe(400)
    expect(early.json.error.issues[0]).toMatchObject({ path: 'answeredOn' })
    expect((await api.call('GET', `/api/pqrsd/${q.radicado}`)).json.pqrsd.answer).toMatchObject({
      answeredOn: today,
    })
    const fixed = await api.call('PATCH', path, { token: admin, body: { answeredOn: receivedOn, reason } })
    expect(fixed.status).toBe(200)
    expect(fixed.json.question).toMatchObject({
      answeredOn: receivedOn,
      answeredAt: answered.json.question.answeredAt,
    })
    expect((await api.call('GET', `/api/pqrsd/${q.radicado}`)).json.pqrsd.answer).toMatchObject({
      answeredOn: receivedOn,
    })
    const constancia = `/api/pqrsd/${q.radicado}/constancia?token=${q.receiptToken}`
    expect((await api.call('GET', constancia)).json.constancia.answer).toMatchObject({ on: receivedOn })
    const history = (await api.call('GET', `/api/questions/${q.id}`, { token: admin })).json.history
    expect(history.at(-1)).toMatchObject({
      action: 'question.sent_on_correct',
      data: { field: 'answeredOn', from: today, to: receivedOn, reason },
    })
  })

  it("schedules a prefix for next year once this year's series has begun, reserves it and cancels it", async () => {
    const first = await submit({ type: 'pregunta', text: 'Antes del cambio', anonymous: true })
    const year = Number(bogotaDate(first.json.receivedAt).slice(0, 4))
    const { entityId } = (await api.call('GET', `/api/events/${slug}`, { token: admin })).json.event
    const patch = (body: Record<string, unknown>, id = entityId) =>
      api.call('PATCH', `/api/entities/${id}`, { token: admin, body })
    const next = `${prefix}N`
    expect((await patch({ radicadoPrefix: next })).json.error.code).toBe('RADICADO_PREFIX_IN_USE')
    const scheduled = await patch({ radicadoPrefixNext: { prefix: next, fromYear: year + 1 } })
    expect(scheduled.status).toBe(200)
    expect(scheduled.json.entity).toMatchObject({
      radicadoPrefix: prefix,
      radicadoPrefixNext: { prefix: next, fromYear: year + 1 },
    })
    // This year's series goes on with its prefix.
    const again = await submit({ type: 'pregunta', text: 'Con el cambio programado', anonymous: true })
    expect(again.json.radicado.startsWith(`${prefix}-${year}-`)).toBe(true)
    // Reserved: another entity can neither take nor schedule it (the trigger's refusal on this runtime).
    const otherSlug = unique('pqrsd-otra')
    const taken = await api.call('POST', '/api/events', {
      token: admin,
      body: {
        ...event(otherSlug, freshNit().hyphen, next),
        entity: {
          name: 'Otra Secretaría',
          nit: freshNit().hyphen,
          radicadoPrefix: next,
          address: 'Calle 2 # 3-4',
          email: 'datos@otra.gov.co',
        },
      },
    })
    expect(taken.status).toBe(409)
    expect(taken.json.error.code).toBe('RADICADO_PREFIX_TAKEN')
    const cancelled = await patch({ radicadoPrefixNext: null })
    expect(cancelled.json.entity).toMatchObject({ radicadoPrefix: prefix, radicadoPrefixNext: null })
  })

  it('keeps the series free of gaps and duplicates under many concurrent submissions and retries', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => `Pregunta simultánea ${i}`)
    const sent = [...texts, ...texts.slice(0, 10)].map((text, i) =>
      submit({ type: 'pregunta', text, anonymous: true }, { 'idempotency-key': `${slug}-${i % 30}` }),
    )
    const results = await Promise.all(sent)
    expect(results.filter((r) => r.status !== 201).map((r) => [r.status, r.json])).toEqual([])
    const seqs = [...new Set(results.map((r) => r.json.radicado as string))].map((r) =>
      Number(r.split('-')[2]),
    )
    seqs.sort((a, b) => a - b)
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => seqs[0] + i))
    const byKey = new Map<string, string>()
    results.forEach((r, i) => {
      const key = String(i % 30)
      expect(byKey.get(key) ?? r.json.radicado).toBe(r.json.radicado)
      byKey.set(key, r.json.radicado)
    })
    // In the order of their numbers, their receipt times never go back.
    const byNumber = [...new Map(results.map((r) => [r.json.radicado as string, r.json])).values()].sort(
      (a, b) => a.radicado.localeCompare(b.radicado),
    )
    for (let i = 1; i < byNumber.length; i++)
      expect(byNumber[i].receivedAt >= byNumber[i - 1].receivedAt).toBe(true)
  })

  it('gives a retry with its Idempotency-Key the first answer, even after a moderator decided', async () => {
    // docs/API.md: "An Idempotency-Key header makes a retry return the first answer."
    const key = { 'idempotency-key': `${slug}-decidida` }
    const body = { type: 'pregunta', text: '¿Y la ciclorruta?', name: 'Nora', email: 'nora@example.co' }
    const first = await submit(body, key)
    expect([first.status, first.json.status]).toEqual([201, 'received'])
    const approved = await api.call('PATCH', `/api/questions/${first.json.id}`, {
      token: admin,
      body: { status: 'approved' },
    })
    expect(approved.status).toBe(200)
    const retry = await submit(body, key)
    expect(retry.status).toBe(201)
    expect(retry.json).toEqual(first.json)
    // The decision is the lookup's to tell.
    expect((await api.call('GET', `/api/pqrsd/${first.json.radicado}`)).json.pqrsd.status).toBe('approved')
  })

  it('records the petitioner’s own withdrawal, which closes the term (Ley 1755, art. 18)', async () => {
    const q = (await submit({ type: 'peticion', text: 'Retiro mi solicitud', name: 'Inés' })).json
    const today = bogotaDate(new Date().toISOString())
    const how = 'Escrito entregado en la ventanilla'
    const res = await api.call('PATCH', `/api/questions/${q.id}`, {
      token: admin,
      body: { status: 'desisted', desistedOn: today, reason: how },
    })
    expect(res.status).toBe(200)
    expect(res.json.question).toMatchObject({ status: 'desisted', desistedOn: today, statusReason: how })
    expect((await api.call('GET', `/api/pqrsd/${q.radicado}`)).json.pqrsd).toMatchObject({
      status: 'desisted',
      desistedOn: today,
    })
    const own = `/api/pqrsd/${q.radicado}/constancia?token=${q.receiptToken}`
    expect((await api.call('GET', own)).json.constancia.desistance).toMatchObject({ on: today, how })
    // By due date, as the console: running terms, then suspended ones, then settled ones such as this.
    const listed = await api.call('GET', `/api/events/${slug}/questions?sort=due&limit=1000`, {
      token: admin,
    })
    const ranks = listed.json.questions.map((x: { status: string }) => termRank(x.status))
    expect(ranks).toEqual([...ranks].sort())
    expect(ranks.at(-1)).toBe(2)
  })

  it('takes a withdrawn petition back to its status and term when the entity continues it ex officio (Ley 1755, art. 18)', async () => {
    const q = (await submit({ type: 'peticion', text: 'Seguridad en la plaza de mercado', name: 'Eva' })).json
    const today = bogotaDate(new Date().toISOString())
    const moderate = (body: unknown) => api.call('PATCH', `/api/questions/${q.id}`, { token: admin, body })
    expect((await moderate({ status: 'pending', area: 'despacho' })).status).toBe(200)
    const desisted = await moderate({ status: 'desisted', desistedOn: today, reason: 'Por teléfono' })
    expect(desisted.json.question).toMatchObject({
      status: 'desisted',
      dueDate: q.dueDate,
      continuedExOfficioAt: null,
    })
    const resolution = 'Resolución 52: la seguridad de la plaza es de interés público'
    const refused = await moderate({ continueExOfficio: true })
    expect(refused.status).toBe(400)
    expect(refused.json.error).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'reason' }] })
    expect(refused.json.error.requestId).toEqual(expect.any(String))
    const res = await moderate({ continueExOfficio: true, reason: resolution })
    expect(res.status).toBe(200)
    expect(res.json.question).toMatchObject({
      status: 'pending',
      area: { key: 'despacho' },
      desistedOn: null,
      statusReason: null,
      dueDate: q.dueDate,
      continuedExOfficioAt: expect.any(String),
    })
    const lookup = (await api.call('GET', `/api/pqrsd/${q.radicado}`)).json.pqrsd
    expect(lookup).toMatchObject({ status: 'pending', dueDate: q.dueDate, desistedOn: null })
    expect(lookup).not.toHaveProperty('continuedExOfficioAt')
    const own = `/api/pqrsd/${q.radicado}/constancia?token=${q.receiptToken}`
    // The staff view says when the entity continued it: the instant its constancia and its audit entry give.
    const continuedAt = res.json.question.continuedExOfficioAt
    expect((await api.call('GET', own)).json.constancia.exOfficio).toMatchObject({
      desistedOn: today,
      resolution,
      at: continuedAt,
    })
    const text: string = (await api.call('GET', `${own}&format=txt`)).json
    expect(text).not.toContain('ya no corre')
    expect(text).toContain(`Resolución motivada: ${resolution}\n`)
    const history = (await api.call('GET', `/api/questions/${q.id}`, { token: admin })).json.history
    expect(history.at(-1)).toMatchObject({
      at: continuedAt,
      action: 'question.continued_ex_officio',
      data: { from: 'desisted', status: 'pending', desistedOn: today, reason: resolution },
    })
    // The report counts it under its status again, and apart as continued ex officio, read from the question.
    const report = async (format: string) =>
      api.call('GET', `/api/events/${slug}/report?format=${format}`, { token: admin })
    expect((await report('json')).json.pqrsd.continuedExOfficio).toBe(1)
    expect((await report('md')).json).toContain(
      '| Continuadas de oficio tras el desistimiento del peticionario (art. 18) | 1 |',
    )
    // Continued ex officio, a new withdrawal by its petitioner no longer ends it, and changes nothing.
    const again = await moderate({ status: 'desisted', desistedOn: today, reason: 'Otro escrito' })
    expect(again.status).toBe(422)
    expect(again.json.error).toMatchObject({
      code: 'DESISTANCE_NOT_ALLOWED',
      message: expect.stringMatching(/^La entidad continuó de oficio esta actuación el /),
      requestId: expect.any(String),
    })
    expect((await api.call('GET', `/api/questions/${q.id}`, { token: admin })).json).toMatchObject({
      question: { status: 'pending', desistedOn: null, continuedExOfficioAt: continuedAt },
      history: history,
    })
    // Answered, there is no withdrawal left to continue from: the one envelope, in English when asked.
    expect((await moderate({ status: 'answered', answer: 'Se reforzó la vigilancia.' })).status).toBe(200)
    const answered = await api.call('PATCH', `/api/questions/${q.id}`, {
      token: admin,
      body: { continueExOfficio: true, desistedOn: today, reason: resolution },
      headers: { 'accept-language': 'en' },
    })
    expect(answered.status).toBe(422)
    expect(answered.json.error).toMatchObject({
      code: 'DESISTANCE_NOT_ALLOWED',
      message: expect.stringMatching(/^The question's status is «Answered/),
    })
  })

  it('keeps a question hidden by moderation off the wall once its petitioner withdraws it', async () => {
    const q = (await submit({ type: 'queja', text: 'El vecino Pedro Gómez del 302 roba la luz' })).json
    const today = bogotaDate(new Date().toISOString())
    const moderate = async (body: unknown) =>
      expect((await api.call('PATCH', `/api/questions/${q.id}`, { token: admin, body })).status).toBe(200)
    await moderate({ status: 'approved' })
    await moderate({ status: 'hidden', reason: 'Nombra a un vecino' })
    await moderate({ status: 'desisted', desistedOn: today, reason: 'Por teléfono' })
    const wall = (await api.call('GET', `/api/events/${slug}/questions`)).json.questions
    expect(wall.map((x: { id: string }) => x.id)).not.toContain(q.id)
  })

  it('takes an approved question off the wall and its live stream once its petitioner withdraws it, and keeps one returned to be completed', async () => {
    const withdrawn = (await submit({ type: 'pregunta', text: '¿Cuándo abre el centro de salud?' })).json
    const returned = (await submit({ type: 'peticion', text: '¿Me dan el subsidio de mejoramiento?' })).json
    const today = bogotaDate(new Date().toISOString())
    const moderate = async (id: string, body: unknown) =>
      expect((await api.call('PATCH', `/api/questions/${id}`, { token: admin, body })).status).toBe(200)
    for (const q of [withdrawn, returned]) await moderate(q.id, { status: 'approved' })
    const res = await fetch(`${url}/api/events/${slug}/live`, { headers: { accept: 'text/event-stream' } })
    const live = sseReader(res.body!)
    await live.next(10_000) // the opening comment: the stream is connected
    await moderate(returned.id, {
      status: 'incomplete',
      requestedOn: today,
      requested: 'El número del predio',
    })
    await moderate(withdrawn.id, { status: 'desisted', desistedOn: today, reason: 'Por teléfono' })
    // The stream takes the withdrawn one down on every open page; the one returned stays, with its status.
    const updated = await live.until('question.updated', (d) => d.id === returned.id, 10_000)
    expect(updated.json.status).toBe('incomplete')
    await live.until('question.removed', (d) => d.id === withdrawn.id, 10_000)
    await live.close()
    const wall = (await api.call('GET', `/api/events/${slug}/questions`)).json.questions
    const ids = wall.map((x: { id: string }) => x.id)
    expect(ids).not.toContain(withdrawn.id)
    expect(ids).toContain(returned.id)
    const vote = (id: string) =>
      api.call('POST', `/api/events/${slug}/questions/${id}/votes`, {
        body: { deviceToken: `votante-${name}-desistida-0001` },
      })
    const refused = await vote(withdrawn.id)
    expect([refused.status, refused.json.error.code]).toEqual([409, 'QUESTION_NOT_PUBLIC'])
    expect((await vote(returned.id)).status).toBe(201)
  })

  it.each(['recent', 'due'])(
    'pages the staff list by its cursor (sort=%s), each question once even when times and due dates tie',
    async (sort) => {
      const list = (q: string) =>
        api.call('GET', `/api/events/${slug}/questions?sort=${sort}&${q}`, { token: admin })
      const whole = await list('limit=1000')
      expect(whole.json.nextCursor).toBeNull()
      const ids: string[] = []
      let cursor = ''
      for (let res = await list('limit=4'); ; res = await list(`limit=4&cursor=${cursor}`)) {
        expect(res.status).toBe(200)
        ids.push(...res.json.questions.map((q: { id: string }) => q.id))
        if (!res.json.nextCursor) break
        cursor = res.json.nextCursor
      }
      expect(ids.length).toBeGreaterThan(8)
      expect(ids).toEqual(whole.json.questions.map((q: { id: string }) => q.id))
      // By due date, the cursor carries the term's rank and the due date in force, which the database
      // compares with its own (a number and a day, on D1 as on SQLite).
      if (sort === 'due')
        expect(new Set(whole.json.questions.map((q: { dueDate: string }) => q.dueDate)).size).toBeLessThan(
          ids.length,
        )
      const other = await api.call('GET', `/api/events/${slug}/questions?sort=time&cursor=${cursor}`, {
        token: admin,
      })
      expect([other.status, other.json.error.code]).toEqual([400, 'VALIDATION_ERROR'])
    },
  )

  it('changes the public wall and the status lookup when a moderator decides', async () => {
    const q = await submit({
      type: 'pregunta',
      text: '¿Cuándo llega el acueducto?',
      name: 'Marta',
      email: 'marta@example.co',
    })
    const lookup = async () => (await api.call('GET', `/api/pqrsd/${q.json.radicado}`)).json.pqrsd
    const wall = async () => (await api.call('GET', `/api/events/${slug}/questions`)).json.questions as any[]
    expect(await lookup()).toMatchObject({ status: 'received', dueDate: q.json.dueDate, answer: null })
    expect((await wall()).some((w) => w.id === q.json.id)).toBe(false)
    await api.call('PATCH', `/api/questions/${q.json.id}`, { token: admin, body: { status: 'approved' } })
    expect((await wall()).find((w) => w.id === q.json.id)).toMatchObject({
      text: '¿Cuándo llega el acueducto?',
    })
    const answer = 'En el segundo semestre.'
    const res = await api.call('PATCH', `/api/questions/${q.json.id}`, {
      token: admin,
      body: { status: 'answered_live', answer },
    })
    expect(res.status).toBe(200)
    expect(await lookup()).toMatchObject({ status: 'answered_live', answer: { text: answer, live: true } })
    expect(JSON.stringify(await lookup())).not.toMatch(/Marta|marta@example/)
    expect((await wall()).find((w) => w.id === q.json.id)).toMatchObject({ status: 'answered_live', answer })
  })

  it("answers the event page's lookup without script with the API's status, in the page, kept by no cache", async () => {
    const q = await submit({
      type: 'queja',
      text: 'El parque sigue cerrado.',
      name: 'Marta',
      email: 'marta@example.co',
    })
    const answer = 'Se reabre el lunes.'
    await api.call('PATCH', `/api/questions/${q.json.id}`, {
      token: admin,
      body: { status: 'answered', answer, publishAnswer: true },
    })
    const page = async (query: string) => {
      const res = await fetch(`${url}/e/${slug}${query}`, { headers: { accept: 'text/html' } })
      return { status: res.status, headers: res.headers, text: await res.text() }
    }
    const found = await page(`?radicado=${q.json.radicado}`)
    expect(found.status).toBe(200)
    expect(found.headers.get('content-type')).toMatch(/^text\/html/)
    expect(found.headers.get('cache-control')).toBe('private, no-store')
    expect(found.text).toContain(`<h3 id="resultado" tabindex="-1">${q.json.radicado}</h3>`)
    expect(found.text).toContain('<dd>Respondida por escrito</dd>')
    expect(found.text).toContain(answer)
    expect(found.text).not.toMatch(/Marta|marta@example|parque sigue/)
    // The example of what to type is the entity's own: its prefix, this year where the event is.
    const example = `${prefix}-${bogotaDate(new Date().toISOString()).slice(0, 4)}-000123`
    const unknown = await page(`?lang=en&radicado=${prefix}-2026-999999`)
    expect(unknown.status).toBe(404)
    expect(unknown.text).toContain(`We found no request with that number. Check it, e.g. ${example}.`)
    // As a person types it, in the page and in the API: lower case, spaces, no leading zeros.
    const [, year, number] = q.json.radicado.split('-')
    const typed = encodeURIComponent(` ${prefix.toLowerCase()} ${year} ${Number(number)} `)
    expect((await page(`?radicado=${typed}`)).text).toContain(
      `<h3 id="resultado" tabindex="-1">${q.json.radicado}</h3>`,
    )
    expect((await api.call('GET', `/api/pqrsd/${typed}`)).json.pqrsd.radicado).toBe(q.json.radicado)
    // Not a radicado's shape: what one looks like, the API in its envelope, the page on the field.
    const malformed = await api.call('GET', `/api/pqrsd/${year}-${number}`)
    expect([malformed.status, malformed.json.error.code, malformed.json.error.issues[0].path]).toEqual([
      400,
      'VALIDATION_ERROR',
      'radicado',
    ])
    const said = await page(`?radicado=${year}-${number}`)
    expect(said.status).toBe(400)
    expect(said.text).toContain(
      `<p class="err" id="radicado-e">Revise el número: un radicado tiene el prefijo de la entidad, el año y el número, separados por guiones, p. ej. ${example}.</p>`,
    )
    // The plain page is kept and revalidated as before, and gives the same example.
    const plain = await page('')
    expect(plain.headers.get('cache-control')).toBe('no-cache')
    expect(plain.text).not.toContain('id="resultado"')
    expect(plain.text).toContain(`data-example="${example}"`)
  })

  it('settles decisions taken at once on one question once: the others are refused and change nothing', async () => {
    const q = await submit({ type: 'pregunta', text: '¿Quién decide primero?', anonymous: true })
    const id = q.json.id as string
    const patch = (body: unknown) => api.call('PATCH', `/api/questions/${id}`, { token: admin, body })
    const history = async () =>
      ((await api.call('GET', `/api/questions/${id}`, { token: admin })).json.history as { action: string }[])
        .map((h) => h.action)
        .filter((a) => a !== 'question.create')
    const seen = (await api.call('GET', `/api/questions/${id}`, { token: admin })).json.question.updatedAt
    // Two moderators on the same state, ten clicks each: one to show it, one to hide it.
    const decided = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        patch(
          i % 2
            ? { status: 'approved', expectedUpdatedAt: seen }
            : { status: 'hidden', reason: 'Repetida', expectedUpdatedAt: seen },
        ),
      ),
    )
    const won = decided.filter((r) => r.status === 200)
    expect(won).toHaveLength(1)
    expect(
      new Set(decided.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.json.error.code}`)),
    ).toEqual(new Set(['409 QUESTION_CHANGED']))
    expect(await history()).toEqual(['question.status'])
    const status = won[0].json.question.status
    // The same decision clicked again and again, with no state given: taken once, the rest told it is done.
    const to = status === 'approved' ? { status: 'hidden', reason: 'Repetida' } : { status: 'approved' }
    const clicks = await Promise.all(Array.from({ length: 10 }, () => patch(to)))
    expect(clicks.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)])
    expect(new Set(clicks.filter((r) => r.status === 409).map((r) => r.json.error.code))).toEqual(
      new Set(['ALREADY_IN_STATUS']),
    )
    // Annulled at once by several: one number annulled, once.
    const annuls = await Promise.all(
      Array.from({ length: 6 }, () =>
        api.call('POST', `/api/questions/${id}/annul`, { token: admin, body: { reason: 'Duplicada' } }),
      ),
    )
    expect(annuls.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409])
    expect(await history()).toEqual(['question.status', 'question.status', 'question.annul'])
  })

  it('merges at once without a question merged into itself, and answers a duplicate merged meanwhile', async () => {
    const patch = (id: string, body: unknown) =>
      api.call('PATCH', `/api/questions/${id}`, { token: admin, body })
    const read = async (id: string) =>
      (await api.call('GET', `/api/questions/${id}`, { token: admin })).json.question
    for (let round = 0; round < 4; round++) {
      const a = (await submit({ type: 'pregunta', text: `¿Primera ${round}?`, anonymous: true })).json.id
      const b = (await submit({ type: 'pregunta', text: `¿Segunda ${round}?`, anonymous: true })).json.id
      const crossed = await Promise.all([patch(a, { mergeInto: b }), patch(b, { mergeInto: a })])
      expect(crossed.map((r) => r.status).sort()).toEqual([200, 409])
      const [qa, qb] = [await read(a), await read(b)]
      // One is the primary, the other its duplicate; neither points at itself.
      expect([qa.mergedInto, qb.mergedInto].filter(Boolean)).toHaveLength(1)
      expect(qa.mergedInto).not.toBe(a)
      expect(qb.mergedInto).not.toBe(b)
      const p = (await submit({ type: 'pregunta', text: `¿Principal ${round}?`, anonymous: true })).json.id
      const d = (await submit({ type: 'pregunta', text: `¿Duplicada ${round}?`, anonymous: true })).json.id
      const answer = 'Se responde por escrito.'
      const both = await Promise.all([
        patch(d, { mergeInto: p }),
        patch(p, { status: 'answered', answer, area: 'despacho' }),
      ])
      expect(both.map((r) => r.status)).toEqual([200, 200])
      // Merged into an answered question, the duplicate has its answer, whichever came first.
      expect(await read(d)).toMatchObject({ mergedInto: p, status: 'answered', answer })
    }
  })

  it('counts for the primary every vote cast while its duplicate was being merged', async () => {
    const patch = (id: string, body: unknown) =>
      api.call('PATCH', `/api/questions/${id}`, { token: admin, body })
    // The merge is sent a little later each round, to land among the votes.
    for (let round = 0; round < 8; round++) {
      const p = (await submit({ type: 'pregunta', text: `¿Votada ${round}?`, anonymous: true })).json.id
      const d = (await submit({ type: 'pregunta', text: `¿Repetida ${round}?`, anonymous: true })).json.id
      for (const id of [p, d]) expect((await patch(id, { status: 'approved' })).status).toBe(200)
      const votes = Array.from({ length: 16 }, (_, i) =>
        api.call('POST', `/api/events/${slug}/questions/${d}/votes`, {
          body: { deviceToken: `votante-${round}-${i}-dispositivo` },
        }),
      )
      const [merged, ...cast] = await Promise.all([
        new Promise((r) => setTimeout(r, round * 2)).then(() => patch(d, { mergeInto: p })),
        ...votes,
      ])
      expect(merged.status).toBe(200)
      expect(cast.every((r) => r.status === 201)).toBe(true)
      const primary = (await api.call('GET', `/api/questions/${p}`, { token: admin })).json.question
      expect(primary.votes).toBe(16)
    }
    // And so no stored vote count differs from the votes themselves.
    const counters = await api.call('GET', `/api/admin/counters?slug=${slug}`, { token: admin })
    expect(counters.json.ok).toBe(true)
  })

  it('posts a signed Standard Webhooks message for each new radicado', async () => {
    const { port } = receiver.address() as { port: number }
    const hook = await api.call('POST', '/api/webhooks', {
      token: admin,
      body: { url: `http://127.0.0.1:${port}/hooks/${name}`, eventTypes: ['question.created'] },
    })
    expect(hook.status).toBe(201)
    const q = await submit({ type: 'reclamo', text: 'El recibo llegó mal.', anonymous: true })
    const deadline = Date.now() + 10_000
    let got: Received | undefined
    while (!got && Date.now() < deadline) {
      got = received.find((r) => r.body.includes(q.json.radicado))
      if (!got) await new Promise((r) => setTimeout(r, 100))
    }
    expect(got, 'no webhook arrived').toBeDefined()
    expect(secretOk(got!, hook.json.webhook.secret)).toBe(true)
    expect(JSON.parse(got!.body)).toMatchObject({
      type: 'question.created',
      data: { radicado: q.json.radicado, type: 'reclamo', dueDate: q.json.dueDate },
    })
    await api.call('PATCH', `/api/webhooks/${hook.json.webhook.id}`, {
      token: admin,
      body: { active: false },
    })
  })
})
