import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { commit } from '../db/atomic'
import { addBusinessDays, holidays } from '../server/services/calendar'
import { calendarFor, isCalendarRace } from '../server/services/calendar-days'
import { submitQuestion } from '../server/services/questions'
import { longDate } from '../web/shared/format'
import { commitAtFirstClockRead, countQueries, sampleEvent, type TestApp, testApp } from './helpers'

/**
 * The official calendar staff keep (server/services/calendar-days.ts): a day recorded by decree counts
 * in every legal term of its country from then on, and the terms still running move with it.
 */
const DECREE = { rest: true, source: 'Decreto Ejecutivo 999 de 20-XI-2026' }
// Monday 23 November 2026, 10:00 in Guayaquil.
const MONDAY = new Date('2026-11-23T15:00:00Z')

const ask = (over: Record<string, unknown> = {}) => ({
  type: 'peticion',
  text: '¿Cuándo se pavimenta la vía a la parroquia?',
  name: 'Rosa Quishpe',
  email: 'rosa@example.ec',
  ...over,
})

async function setup() {
  const t = await testApp({ now: MONDAY })
  /** An open Ecuadorian event of its own entity; answers the entity's id. */
  const ecuadorian = async (slug: string, entity: Record<string, string>) => {
    const res = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug, country: 'EC', entity }),
    })
    if (res.status !== 201) throw new Error(res.text)
    return res.json.event.entityId as string
  }
  const entityId = await ecuadorian('dialogo-quito', {
    name: 'GAD Parroquial de Nayón',
    nit: '1768000000001',
    radicadoPrefix: 'GPN',
  })
  const co = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'rendicion-bogota' }),
  })
  if (co.status !== 201) throw new Error(co.text)
  const submit = async (slug = 'dialogo-quito', over: Record<string, unknown> = {}) => {
    const res = await t.call('POST', `/api/events/${slug}/questions`, { body: ask(over) })
    if (res.status !== 201) throw new Error(res.text)
    return res.json as { id: string; radicado: string; dueDate: string }
  }
  // A fresh token each time: the tests move the clock past a token's 12 hours.
  const question = async (id: string) =>
    (await t.call('GET', `/api/questions/${id}`, { token: await t.login() })).json.question
  const setDay = (country: string, date: string, body: unknown, token = t.adminToken) =>
    t.call('PUT', `/api/calendar/${country}/days/${date}`, { token, body })
  const removeDay = (country: string, date: string, token = t.adminToken) =>
    t.call('DELETE', `/api/calendar/${country}/days/${date}`, { token })
  return { t, submit, question, setDay, removeDay, entityId, ecuadorian }
}

const rows = (t: TestApp, query = 'select * from calendar_days') =>
  (t.deps.db as unknown as { $client: { prepare(s: string): { all(): unknown[] } } }).$client
    .prepare(query)
    .all()

const servers: Server[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

/** A webhook receiver on loopback: the bodies it was sent. */
async function receiver() {
  const bodies: string[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      bodies.push(body)
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  servers.push(server)
  const { port } = server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}/cabildo`, bodies }
}

describe('the official calendar kept by staff', () => {
  it('shows a year of holidays with the decrees Cabildo knows and the days staff recorded', async () => {
    const { t, setDay } = await setup()
    const view = await t.call('GET', '/api/calendar/EC/2026', { token: await t.staffToken('analyst') })
    expect(view.status).toBe(200)
    expect(view.json).toMatchObject({ country: 'EC', year: 2026, days: [] })
    expect(view.json.holidays.map((h: { date: string }) => h.date)).toEqual(holidays('EC', 2026))
    // Each holiday with the act behind it: the law's own computation, or a decree this release knows.
    const decree249 = { date: '2026-01-02', rest: true, source: 'Decreto Ejecutivo 249 de 17-XII-2025' }
    expect(view.json.decrees).toEqual([decree249])
    expect(view.json.holidays.slice(0, 2)).toEqual([
      { date: '2026-01-01', source: null },
      { date: '2026-01-02', source: decree249.source },
    ])
    expect((await setDay('EC', '2026-12-04', DECREE)).status).toBe(200)
    const after = await t.call('GET', '/api/calendar/EC/2026', { token: t.adminToken })
    expect(after.json.holidays).toContainEqual({ date: '2026-12-04', source: DECREE.source })
    expect(after.json.days).toEqual([
      {
        entityId: null,
        date: '2026-12-04',
        rest: true,
        source: DECREE.source,
        createdBy: 'admin@test.co',
        createdAt: MONDAY.toISOString(),
      },
    ])
    // Another country's and another year's calendars are their own.
    const colombia = await t.call('GET', '/api/calendar/CO/2026', { token: t.adminToken })
    expect(colombia.json.holidays.map((h: { date: string }) => h.date)).toEqual(holidays('CO', 2026))
    expect(colombia.json.decrees).toEqual([])
    expect((await t.call('GET', '/api/calendar/EC/2027', { token: t.adminToken })).json.days).toEqual([])
  })

  it('refuses the public, non-admins and bad input in the envelope, changing nothing', async () => {
    const { t, setDay, removeDay } = await setup()
    expect((await t.call('GET', '/api/calendar/EC/2026')).status).toBe(401)
    const moderator = await t.staffToken('moderator')
    expect((await setDay('EC', '2026-12-04', DECREE, moderator)).json.error.code).toBe('FORBIDDEN')
    expect((await removeDay('EC', '2026-12-04', moderator)).status).toBe(403)
    for (const [country, date, body] of [
      ['PE', '2026-12-04', DECREE],
      ['EC', '2026-02-30', DECREE],
      ['EC', '1999-12-03', DECREE],
      ['EC', '2026-12-04', { rest: true }],
      ['EC', '2026-12-04', { ...DECREE, rest: 'yes' }],
      ['EC', '2026-12-04', { ...DECREE, extra: 1 }],
    ] as const) {
      const res = await setDay(country, date, body)
      expect(res.status, `${country} ${date} ${JSON.stringify(body)}`).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_ERROR')
    }
    expect((await t.call('GET', '/api/calendar/EC/20266', { token: t.adminToken })).status).toBe(400)
    const saturday = await setDay('EC', '2026-12-05', DECREE)
    expect(saturday.json.error.issues).toEqual([
      { path: 'date', message: expect.stringContaining('sábados') },
    ])
    // Christmas is already a holiday; Tuesday 1 December already a working day.
    const already = await setDay('EC', '2026-12-25', DECREE)
    expect(already.status).toBe(409)
    expect(already.json.error).toMatchObject({
      code: 'CALENDAR_UNCHANGED',
      message: 'El 2026-12-25 ya es feriado en EC.',
    })
    const working = await setDay('EC', '2026-12-01', { ...DECREE, rest: false }, t.adminToken)
    expect(working.json.error.code).toBe('CALENDAR_UNCHANGED')
    expect((await removeDay('EC', '2026-12-04')).json.error.code).toBe('CALENDAR_DAY_NOT_FOUND')
    expect(rows(t)).toEqual([])
  })

  it('counts a recorded rest day in the due dates given from then on, in that country only', async () => {
    const { submit, setDay } = await setup()
    // 15 business days from Tuesday 24 November: 14 December.
    expect((await submit()).dueDate).toBe('2026-12-14')
    await setDay('EC', '2026-12-04', DECREE)
    expect((await submit()).dueDate).toBe('2026-12-15')
    expect((await submit('rendicion-bogota')).dueDate).toBe(addBusinessDays('CO', '2026-11-23', 15))
  })

  it('moves the running terms it crosses, with their constancia, an audit entry, a webhook and the live stream', async () => {
    const { t, submit, question, setDay, removeDay, entityId } = await setup()
    const hook = await receiver()
    await t.call('POST', '/api/webhooks', {
      token: t.adminToken,
      body: { url: hook.url, entityId, eventTypes: ['question.updated'] },
    })
    const running = await submit()
    const answered = await submit()
    await t.call('PATCH', `/api/questions/${answered.id}`, {
      token: t.adminToken,
      body: { status: 'answered', answer: 'Se pavimenta en enero.' },
    })
    const bogota = await submit('rendicion-bogota')
    t.setNow(new Date('2026-12-07T15:00:00Z'))
    const later = await submit() // received after the day: its term never crossed it
    const admin = await t.login()
    const published: {
      type: string
      audience: string
      data: { id: string; dueDate: string; updatedAt: string }
    }[] = []
    const publish = t.deps.live.publish.bind(t.deps.live)
    t.deps.live.publish = async (eventId, message) => {
      published.push(message as (typeof published)[number])
      return publish(eventId, message)
    }

    const set = await setDay('EC', '2026-12-04', DECREE, admin)
    expect(set.status).toBe(200)
    expect(set.json).toEqual({
      day: {
        entityId: null,
        date: '2026-12-04',
        rest: true,
        source: DECREE.source,
        createdBy: 'admin@test.co',
        createdAt: '2026-12-07T15:00:00.000Z',
      },
      moved: [{ id: running.id, radicado: running.radicado, from: '2026-12-14', to: '2026-12-15' }],
    })
    expect(published.map((m) => [m.type, m.audience, m.data.id, m.data.dueDate, m.data.updatedAt])).toEqual([
      ['question.updated', 'moderation', running.id, '2026-12-15', '2026-12-07T15:00:00.000Z'],
    ])
    expect((await question(running.id)).dueDate).toBe('2026-12-15')
    expect((await question(answered.id)).dueDate).toBe('2026-12-14')
    expect((await question(later.id)).dueDate).toBe(later.dueDate)
    expect((await question(bogota.id)).dueDate).toBe(bogota.dueDate)
    const constancia = await t.call('GET', `/api/questions/${running.id}/constancia?format=json`, {
      token: admin,
    })
    expect(constancia.json.constancia).toMatchObject({
      dueDate: '2026-12-15',
      dueDateMoved: {
        from: '2026-12-14',
        reason: `2026-12-04: ${DECREE.source}`,
        at: '2026-12-07T15:00:00.000Z',
      },
      updatedAt: '2026-12-07T15:00:00.000Z',
    })
    // The petitioner's copy says when, from what and why.
    const text = await t.call('GET', `/api/questions/${running.id}/constancia?format=txt`, { token: admin })
    expect(text.text).toContain(`Vencimiento recalculado`)
    expect(text.text).toContain('Fecha de vencimiento: martes, 15 de diciembre de 2026\n')
    expect(text.text).toContain(`(antes lunes, 14 de diciembre de 2026): 2026-12-04: ${DECREE.source}`)
    // An answered question's constancia is left as it was.
    const untouched = await t.call('GET', `/api/questions/${answered.id}/constancia?format=json`, {
      token: admin,
    })
    expect(untouched.json.constancia.dueDateMoved).toBeUndefined()
    const audit = await t.call('GET', '/api/audit?limit=500', { token: admin })
    // The last change (sign-ins are audited too, and may come after it).
    const changes = audit.json.entries.filter((e: { action: string }) => !e.action.startsWith('auth.'))
    expect(changes.at(-1)).toMatchObject({
      action: 'calendar.day_set',
      subjectType: 'calendar',
      subjectId: 'EC:2026-12-04',
      data: { ...DECREE, country: 'EC', entityId: null, date: '2026-12-04', moved: set.json.moved },
    })
    expect((await t.call('GET', '/api/audit/verify', { token: admin })).json.ok).toBe(true)
    // The answer above was one update; the moved term is the next.
    for (let i = 0; i < 200 && hook.bodies.length < 2; i++) await new Promise((r) => setTimeout(r, 10))
    const sent = hook.bodies.map((b) => JSON.parse(b))
    expect(sent.map((m) => [m.type, m.data.id, m.data.dueDate])).toEqual([
      ['question.updated', answered.id, '2026-12-14'],
      ['question.updated', running.id, '2026-12-15'],
    ])

    // Taken back out: the computed calendar counts again.
    const removed = await removeDay('EC', '2026-12-04', admin)
    expect(removed.json).toEqual({
      moved: [{ id: running.id, radicado: running.radicado, from: '2026-12-15', to: '2026-12-14' }],
    })
    expect((await question(running.id)).dueDate).toBe('2026-12-14')
    const back = await t.call('GET', `/api/questions/${running.id}/constancia?format=json`, { token: admin })
    expect(back.json.constancia).toMatchObject({
      dueDate: '2026-12-14',
      dueDateMoved: { from: '2026-12-15', reason: `2026-12-04: ${DECREE.source} (sin efecto)` },
    })
    // Each copy says in its own language that the day no longer counts; the source as staff wrote it.
    for (const [lang, said] of [
      ['es', '(sin efecto)'],
      ['en', '(no longer in effect)'],
    ]) {
      const copy = await t.call('GET', `/api/questions/${running.id}/constancia?format=txt`, {
        token: admin,
        headers: { 'accept-language': lang },
      })
      expect(copy.text).toContain(`: 2026-12-04: ${DECREE.source} ${said}\n`)
      if (lang === 'en') expect(copy.text).not.toContain('sin efecto')
    }
    expect(rows(t)).toEqual([])
  })

  it('moves 120 running terms at once, past the 100 parameters D1 binds in a statement', async () => {
    const { t, submit, question, setDay } = await setup()
    const many = []
    for (let i = 0; i < 120; i++) many.push(await submit('dialogo-quito', { text: `Pregunta ${i}` }))
    const res = await setDay('EC', '2026-12-04', DECREE)
    expect(res.status).toBe(200)
    expect(res.json.moved).toHaveLength(120)
    expect(new Set(res.json.moved.map((m: { id: string }) => m.id))).toEqual(new Set(many.map((q) => q.id)))
    for (const q of [many[0], many[119]]) expect((await question(q.id)).dueDate).toBe('2026-12-15')
    const stored = rows(t, 'select distinct due_date d from questions')
    expect(stored).toEqual([{ d: '2026-12-15' }])
  })

  it('shortens the terms that skipped a holiday now worked, and counts it in the limit of an extension', async () => {
    const { t, submit, question, setDay } = await setup()
    t.setNow(new Date('2026-12-10T15:00:00Z'))
    const q = await submit() // from Friday 11 December, skipping 25 December and 1 January
    expect(q.dueDate).toBe('2027-01-04')
    const worked = { rest: false, source: 'Decreto Ejecutivo 1000 de 1-XII-2026' }
    const res = await setDay('EC', '2026-12-25', worked, await t.login())
    expect(res.json.moved).toEqual([{ id: q.id, radicado: q.radicado, from: '2027-01-04', to: '2026-12-31' }])
    expect((await question(q.id)).dueDate).toBe('2026-12-31')
    // Twice the term counts 25 December too.
    const limit = addBusinessDays('EC', '2026-12-10', 30, [{ date: '2026-12-25', rest: false }])
    expect(limit).not.toBe(addBusinessDays('EC', '2026-12-10', 30))
    const admin = await t.login()
    await t.call('PATCH', `/api/questions/${q.id}`, { token: admin, body: { status: 'pending' } })
    const extend = (newDueDate: string) =>
      t.call('PATCH', `/api/questions/${q.id}`, {
        token: admin,
        body: { status: 'extended', reason: 'Falta un informe', noticeDate: '2026-12-10', newDueDate },
      })
    const tooFar = await extend(addBusinessDays('EC', limit, 1))
    expect(tooFar.json.error).toMatchObject({ code: 'EXTENSION_NOT_ALLOWED' })
    expect(tooFar.json.error.message).toContain(`no pasar del ${longDate(limit, 'es')}`)
    expect((await extend(limit)).status).toBe(200)
  })

  it('carries an extended term whose date becomes a rest day to the next business day, and back', async () => {
    const { t, submit, question, setDay, removeDay } = await setup()
    const q = await submit()
    expect(q.dueDate).toBe('2026-12-14')
    const admin = await t.login()
    const extended = await t.call('PATCH', `/api/questions/${q.id}`, {
      token: admin,
      body: {
        status: 'extended',
        reason: 'Falta un informe',
        noticeDate: '2026-11-23',
        newDueDate: '2026-12-18',
      },
    })
    expect(extended.status).toBe(200)
    // Friday 18 December, the date the petitioner was told, is decreed a rest day: the term ends Monday 21.
    const set = await setDay('EC', '2026-12-18', DECREE, admin)
    expect(set.json.moved).toEqual([
      { id: q.id, radicado: q.radicado, from: '2026-12-18', to: '2026-12-21', extended: true },
    ])
    expect(await question(q.id)).toMatchObject({ dueDate: '2026-12-14', extendedDueDate: '2026-12-21' })
    const text = await t.call('GET', `/api/questions/${q.id}/constancia?format=txt`, { token: admin })
    expect(text.text).toContain('Término prorrogado hasta: lunes, 21 de diciembre de 2026 (aviso del')
    expect(text.text).toContain(`(antes viernes, 18 de diciembre de 2026): 2026-12-18: ${DECREE.source}`)
    const lookup = await t.call('GET', `/api/pqrsd/${q.radicado}`)
    expect(lookup.json.pqrsd).toMatchObject({
      extendedDueDate: '2026-12-21',
      extensionReason: 'Falta un informe',
    })
    // Taken back out: the date told counts again.
    const removed = await removeDay('EC', '2026-12-18', admin)
    expect(removed.json.moved).toEqual([
      { id: q.id, radicado: q.radicado, from: '2026-12-21', to: '2026-12-18', extended: true },
    ])
    expect((await question(q.id)).extendedDueDate).toBe('2026-12-18')
  })

  it("keeps a petition's day of receipt when its event's zone changes later", async () => {
    const { t, submit, question, setDay } = await setup()
    // Friday 30 October at 00:30 in Guayaquil, where the event is; still Thursday 29 in Galápagos.
    t.setNow(new Date('2026-10-30T05:30:00Z'))
    const q = await submit()
    expect(q.dueDate).toBe('2026-11-24')
    const admin = await t.login()
    const moved = await t.call('PATCH', '/api/events/dialogo-quito', {
      token: admin,
      body: { timezone: 'Pacific/Galapagos' },
    })
    expect(moved.status).toBe(200)
    // A rest day on the due date puts it off by one, counted from the day the petition was received.
    const rest = { rest: true, source: 'Decreto Ejecutivo 1001 de 1-XI-2026' }
    const res = await setDay('EC', '2026-11-24', rest, await t.login())
    expect(res.json.moved).toEqual([{ id: q.id, radicado: q.radicado, from: '2026-11-24', to: '2026-11-25' }])
    expect((await question(q.id)).dueDate).toBe('2026-11-25')
    // An extension's limit, twice the term, counts from that day too.
    const limit = addBusinessDays('EC', '2026-10-30', 30, [{ date: '2026-11-24', rest: true }])
    await t.call('PATCH', `/api/questions/${q.id}`, { token: admin, body: { status: 'pending' } })
    const extend = (newDueDate: string) =>
      t.call('PATCH', `/api/questions/${q.id}`, {
        token: admin,
        body: { status: 'extended', reason: 'Falta un informe', noticeDate: '2026-10-30', newDueDate },
      })
    expect((await extend(addBusinessDays('EC', limit, 1))).json.error).toMatchObject({
      code: 'EXTENSION_NOT_ALLOWED',
    })
    expect((await extend(limit)).status).toBe(200)
  })

  it("counts an entity's own rest day in its terms alone, beside another entity of the same country", async () => {
    const { t, submit, question, entityId, ecuadorian } = await setup()
    const otherId = await ecuadorian('dialogo-guayaquil', {
      name: 'GAD Municipal de Guayaquil',
      nit: '0960000000001',
      radicadoPrefix: 'GMG',
    })
    const mine = await submit()
    const theirs = await submit('dialogo-guayaquil')
    expect([mine.dueDate, theirs.dueDate]).toEqual(['2026-12-14', '2026-12-14'])
    // Quito's foundation, 6 December, a Sunday in 2026: its offices rest on Monday 7.
    const local = { rest: true, source: 'Fundación de Quito (Ordenanza de feriados locales 2026)' }
    const put = (id: string, body: unknown = local, date = '2026-12-07') =>
      t.call('PUT', `/api/entities/${id}/calendar/days/${date}`, { token: t.adminToken, body })
    const res = await put(entityId)
    expect(res.status).toBe(200)
    expect(res.json.day).toMatchObject({ entityId, date: '2026-12-07', rest: true })
    expect(res.json.moved).toEqual([
      { id: mine.id, radicado: mine.radicado, from: '2026-12-14', to: '2026-12-15' },
    ])
    expect((await question(theirs.id)).dueDate).toBe('2026-12-14')
    // New questions: the entity's count the day, the other's do not.
    expect((await submit()).dueDate).toBe('2026-12-15')
    expect((await submit('dialogo-guayaquil')).dueDate).toBe('2026-12-14')
    const view = (query = '') => t.call('GET', `/api/calendar/EC/2026${query}`, { token: t.adminToken })
    expect((await view(`?entityId=${entityId}`)).json).toMatchObject({
      entityId,
      holidays: expect.arrayContaining([{ date: '2026-12-07', source: local.source }]),
      days: [expect.objectContaining({ entityId, date: '2026-12-07' })],
    })
    expect((await view()).json.holidays).not.toContainEqual(expect.objectContaining({ date: '2026-12-07' }))
    // The same day for another entity is its own record; a day already off for the entity is refused.
    expect((await put(otherId)).json.moved).toHaveLength(2)
    expect((await put(entityId, local, '2026-12-25')).json.error.code).toBe('CALENDAR_UNCHANGED')
    // An entity of another country, or none at all.
    const colombian = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities.find(
      (e: { country: string }) => e.country === 'CO',
    )
    expect((await view(`?entityId=${colombian.id}`)).json.error.code).toBe('VALIDATION_ERROR')
    expect((await view('?entityId=no-existe')).status).toBe(404)
    expect((await put('no-existe')).status).toBe(404)
    // Taken back, for this entity only.
    const back = await t.call('DELETE', `/api/entities/${entityId}/calendar/days/2026-12-07`, {
      token: t.adminToken,
    })
    expect(back.json.moved.map((m: { to: string }) => m.to)).toEqual(['2026-12-14', '2026-12-14'])
    expect((await question(theirs.id)).dueDate).toBe('2026-12-15')
  })

  it('computes a question again when the calendar changes between its reads and its commit', async () => {
    const { t } = await setup()
    // The intake reads the clock once, after its reads and right before its commit: there, an admin's
    // change lands, as another request's commit would.
    const { deps, reads } = commitAtFirstClockRead(
      t,
      `insert into calendar_days (country, entity_id, date, rest, source, created_by)
        values ('EC', '', '2026-12-04', 1, 'Decreto', 'admin@test.co');
        insert into calendar_versions (country, version) values ('EC', 1)
        on conflict (country) do update set version = version + 1`,
      () => MONDAY,
    )
    const { question } = await submitQuestion(deps, 'dialogo-quito', ask() as never, { idem: null })
    expect(reads()).toBe(2) // refused once, computed again
    expect(question).toMatchObject({ radicado: 'GPN-2026-000001', dueDate: '2026-12-15' })
    expect(rows(t, 'select radicado, due_date from questions')).toEqual([
      { radicado: 'GPN-2026-000001', due_date: '2026-12-15' },
    ])
    // The guard left only its count behind: the version the admin's change wrote, one petition dated on
    // it, and no other row.
    expect(rows(t, 'select * from calendar_versions')).toEqual([{ country: 'EC', version: 1, dated: 1 }])
  })
})

describe('the calendar a decision on a term reads (calendarFor)', () => {
  it('reads its version and its days in one statement, and its guard fails the commit once a day is recorded', async () => {
    const { t, setDay, entityId } = await setup()
    const db = t.deps.db
    const queries = countQueries(db)
    const empty = await calendarFor(db, 'EC', entityId)
    expect(empty.changes).toEqual([])
    expect((await setDay('EC', '2026-12-07', DECREE)).status).toBe(200)
    const own = await t.call('PUT', `/api/entities/${entityId}/calendar/days/2026-12-08`, {
      token: t.adminToken,
      body: { rest: true, source: 'Ordenanza 1 de 2026' },
    })
    expect(own.status).toBe(200)
    // The version and the days as of one moment: two reads may reach D1 in either order.
    const before = queries.n
    const read = await calendarFor(db, 'EC', entityId)
    expect(queries.n - before).toBe(1)
    expect(read.changes.map((d) => [d.date, d.rest])).toEqual([
      ['2026-12-07', true],
      ['2026-12-08', true],
    ])
    // Another entity of the country counts the country's day, not this entity's own.
    expect((await calendarFor(db, 'EC', 'otra')).changes.map((d) => d.date)).toEqual(['2026-12-07'])
    // Committed as read, the guard counts one term dated and keeps the version; read before a day was
    // recorded, it fails the commit and writes nothing.
    await commit(db, [read.guard])
    const stale = await commit(db, [empty.guard]).catch((err: unknown) => err)
    expect(isCalendarRace(stale)).toBe(true)
    expect(rows(t, 'select * from calendar_versions')).toEqual([{ country: 'EC', version: 2, dated: 1 }])
    // The first term dated in a country with no day recorded yet starts its count at version 0.
    await commit(db, [(await calendarFor(db, 'CO', '')).guard])
    expect(rows(t, "select * from calendar_versions where country = 'CO'")).toEqual([
      { country: 'CO', version: 0, dated: 1 },
    ])
  })
})
