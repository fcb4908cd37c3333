import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dueDate } from '../server/services/calendar'
import { submitQuestion } from '../server/services/questions'
import { formatRadicado, normalRadicado } from '../web/shared/radicado'
import { sampleEvent, type TestApp, testApp } from './helpers'
import { langAt } from './lang-at'

const ask = (over: Record<string, unknown> = {}) => ({
  type: 'peticion',
  text: '¿Cuándo abre la convocatoria de emprendimiento?',
  name: 'Ana Pérez',
  email: 'ana@example.co',
  ...over,
})

async function withEvent(over: Record<string, unknown> = {}) {
  const t = await testApp()
  const res = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento', ...over }),
  })
  if (res.status !== 201) throw new Error(res.text)
  return t
}

const submit = (t: TestApp, body: Record<string, unknown> = ask(), headers: Record<string, string> = {}) =>
  t.call('POST', '/api/events/evento/questions', { body, headers })

describe('question intake', () => {
  it('files a question with the next radicado of the entity and its legal due date', async () => {
    const t = await withEvent()
    const res = await submit(t)
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      radicado: 'SDE-2026-000001',
      receivedAt: '2026-11-21T15:00:00.000Z',
      // Saturday 21 Nov 2026: 15 business days from Monday, skipping 8 December.
      dueDate: '2026-12-14',
      status: 'received',
      type: 'peticion',
      termDays: 15,
    })
    expect(typeof res.json.id).toBe('string')
    expect((await submit(t, ask({ type: 'consulta' }))).json).toMatchObject({
      radicado: 'SDE-2026-000002',
      dueDate: dueDate({
        country: 'CO',
        timeZone: 'America/Bogota',
        receivedAt: new Date('2026-11-21T15:00:00Z'),
        businessDays: 30,
      }),
    })
  })

  it('numbers by the local year of receipt and starts a new series in January', async () => {
    const t = await withEvent()
    t.setNow(new Date('2027-01-01T04:30:00Z')) // 31 Dec 2026, 23:30 in Bogotá
    expect((await submit(t)).json.radicado).toBe('SDE-2026-000001')
    t.setNow(new Date('2027-01-01T05:30:00Z')) // 1 Jan 2027, 00:30 in Bogotá
    const first = await submit(t)
    expect(first.json.radicado).toBe('SDE-2027-000001')
    expect(first.json.dueDate).toBe('2027-01-25') // from Monday 4 Jan, skipping 11 January
  })

  it('derives a prefix from the entity name when it has none, and keeps it for the series', async () => {
    const t = await withEvent({ entity: { name: 'Alcaldía de Villa Rica', nit: '800000003-4' } })
    expect((await submit(t)).json.radicado).toBe('AVR-2026-000001')
    const entities = await t.call('GET', '/api/entities', { token: t.adminToken })
    expect(entities.json.entities[0].radicadoPrefix).toBe('AVR')
  })

  it('files the first questions of two entities whose names give one prefix, sent at once', async () => {
    const t = await testApp()
    for (const [slug, nit] of [
      ['norte', '800000001-1'],
      ['sur', '800000002-7'],
    ])
      await t.call('POST', '/api/events', {
        token: t.adminToken,
        body: sampleEvent({ slug, entity: { name: 'Alcaldía de Villa Rica', nit } }),
      })
    const [a, b] = await Promise.all(
      ['norte', 'sur'].map((slug) => t.call('POST', `/api/events/${slug}/questions`, { body: ask() })),
    )
    expect([a.status, b.status]).toEqual([201, 201])
    expect([a.json.radicado, b.json.radicado].sort()).toEqual(['AVR-2026-000001', 'AVR2-2026-000001'])
  })

  it("refuses a radicado prefix another entity has, so neither entity's filings are refused later", async () => {
    const t = await withEvent() // Secretaría de Desarrollo Económico, prefix SDE
    const other = sampleEvent({
      slug: 'deportes',
      entity: { name: 'Secretaría de Deportes y Educación', nit: '800111222-7', radicadoPrefix: 'SDE' },
    })
    const refused = await t.call('POST', '/api/events', { token: t.adminToken, body: other })
    expect(refused.status).toBe(409)
    expect(refused.json.error.code).toBe('RADICADO_PREFIX_TAKEN')
    expect(refused.json.error.message).toBe('Otra entidad ya usa ese prefijo de radicado; elija otro.')
    expect((await t.call('GET', '/api/events/deportes', {})).status).toBe(404)
    // Created without it, the second entity cannot take it by a change either.
    const { entity: _, ...rest } = other
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: {
        ...rest,
        entity: {
          name: 'Secretaría de Deportes y Educación',
          nit: '800111222-7',
          address: 'Carrera 7 # 1-1',
          email: 'datos@deportes.gov.co',
        },
      },
    })
    const entities = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities
    const second = entities.find((e: { nit: string }) => e.nit === '800111222-7')
    const taken = await t.call('PATCH', `/api/entities/${second.id}`, {
      token: t.adminToken,
      body: { radicadoPrefix: 'SDE' },
    })
    expect(taken.status).toBe(409)
    expect(taken.json.error.code).toBe('RADICADO_PREFIX_TAKEN')
    // Both file, each in its own series.
    expect((await submit(t)).json.radicado).toBe('SDE-2026-000001')
    const theirs = await t.call('POST', '/api/events/deportes/questions', { body: ask() })
    expect(theirs.status).toBe(201)
    expect(theirs.json.radicado).toBe('SDE2-2026-000001')
  })

  it("keeps a series' prefix once the year's first radicado is given, and takes a new one the next year", async () => {
    const t = await withEvent()
    const [entity] = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities
    // Signed in at each change: the clock moves past a token's 12 hours.
    const rename = async (radicadoPrefix: string) =>
      t.call('PATCH', `/api/entities/${entity.id}`, { token: await t.login(), body: { radicadoPrefix } })
    // Before any radicado, the prefix may change.
    expect((await rename('SDEC')).status).toBe(200)
    t.setNow(new Date('2026-12-31T15:00:00Z'))
    expect((await submit(t)).json.radicado).toBe('SDEC-2026-000001')
    const refused = await rename('NUEVO')
    expect(refused.status).toBe(409)
    expect(refused.json.error.code).toBe('RADICADO_PREFIX_IN_USE')
    // The same prefix again, or another field, is no change of the series.
    expect((await rename('SDEC')).status).toBe(200)
    expect((await submit(t)).json.radicado).toBe('SDEC-2026-000002')
    // 1 January in Bogotá, before its first radicado: the new year's series takes the new prefix.
    t.setNow(new Date('2027-01-01T05:30:00Z'))
    expect((await rename('NUEVO')).status).toBe(200)
    expect((await submit(t)).json.radicado).toBe('NUEVO-2027-000001')
    expect((await rename('OTRO')).status).toBe(409)
  })

  it('gives the same radicado when a submission is retried with its Idempotency-Key', async () => {
    const t = await withEvent()
    const key = { 'idempotency-key': 'widget-7f3a' }
    const first = await submit(t, ask(), key)
    const again = await submit(t, ask(), key)
    expect(again.status).toBe(201)
    expect(again.json).toEqual(first.json)
    expect((await submit(t, ask({ text: 'Otra cosa' }), key)).json.error.code).toBe('IDEMPOTENCY_CONFLICT')
    expect((await submit(t)).json.radicado).toBe('SDE-2026-000002')
  })

  it('keeps the series without gap or duplicate under many concurrent submissions and retries', async () => {
    const t = await withEvent()
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        submit(t, ask({ text: `Pregunta ${i % 40}` }), { 'idempotency-key': `k${i % 40}` }),
      ),
    )
    expect(results.every((r) => r.status === 201)).toBe(true)
    const numbers = [...new Set(results.map((r) => r.json.radicado))].sort()
    expect(numbers).toEqual(
      Array.from({ length: 40 }, (_, i) => `SDE-2026-${String(i + 1).padStart(6, '0')}`),
    )
  })

  it('never gives a later radicado an earlier receipt time, even when the clocks disagree', async () => {
    const t = await withEvent()
    // A clock read after another's but a few milliseconds behind it (another machine's, on Workers):
    // the later number is received no earlier than the one before it, in its record and its constancia.
    t.setNow(new Date('2026-11-21T15:00:00.010Z'))
    const first = await submit(t)
    t.setNow(new Date('2026-11-21T15:00:00.004Z'))
    const second = await submit(t)
    expect(second.json).toMatchObject({ radicado: 'SDE-2026-000002', receivedAt: first.json.receivedAt })
    const constancia = await t.call('GET', `/api/questions/${second.json.id}/constancia`, {
      token: t.adminToken,
    })
    expect(constancia.json.constancia.receivedAt).toBe('2026-11-21T15:00:00.010Z')

    // Two filings whose commits cross: the one that read the earlier time commits second, and its number
    // takes the other's time as it commits, in its record and its constancia.
    const at = (iso: string) => ({ ...t.deps, now: () => new Date(iso) })
    const file = (iso: string, text: string) =>
      submitQuestion(at(iso), 'evento', ask({ text }) as never, { idem: null })
    const [a, b] = await Promise.all([
      file('2026-11-21T15:00:01.009Z', 'La que leyó el reloj después'),
      file('2026-11-21T15:00:01.001Z', 'La que leyó el reloj antes'),
    ])
    expect(a.question).toMatchObject({ radicado: 'SDE-2026-000003', receivedAt: '2026-11-21T15:00:01.009Z' })
    expect(b.question).toMatchObject({ radicado: 'SDE-2026-000004', receivedAt: '2026-11-21T15:00:01.009Z' })
    expect(b.question.constancia).toMatchObject({
      radicado: 'SDE-2026-000004',
      receivedAt: '2026-11-21T15:00:01.009Z',
    })

    // Crossing at local midnight, the later time is another day: the due date counts from that day, so
    // the filing is taken again. Thursday 23:59:59.999 in Bogotá commits after Friday 00:00:00.002.
    const [friday, thursday] = await Promise.all([
      file('2026-11-27T05:00:00.002Z', 'Recibida el viernes'),
      file('2026-11-27T04:59:59.999Z', 'Con el reloj aún en jueves'),
    ])
    expect(friday.question).toMatchObject({ radicado: 'SDE-2026-000005', dueDate: '2026-12-21' })
    expect(thursday.question).toMatchObject({
      radicado: 'SDE-2026-000006',
      receivedAt: '2026-11-27T05:00:00.002Z',
      dueDate: '2026-12-21',
    })
    // Filed alone on Thursday, its term would have counted from Friday: a day earlier.
    expect(
      dueDate({
        country: 'CO',
        timeZone: 'America/Bogota',
        receivedAt: new Date('2026-11-27T04:59:59.999Z'),
        businessDays: 15,
      }),
    ).toBe('2026-12-18')
    const list = await t.call('GET', '/api/events/evento/questions?sort=time&limit=10', {
      token: t.adminToken,
    })
    const bySeq = [...list.json.questions].sort((x, y) => x.radicado.localeCompare(y.radicado))
    for (let i = 1; i < bySeq.length; i++) expect(bySeq[i].receivedAt >= bySeq[i - 1].receivedAt).toBe(true)
  })

  it('files many staff filings at once, each audited, with receipt times in the order of their numbers', async () => {
    const t = await withEvent()
    // A clock that moves on at every read, as a real one does between requests.
    let ms = Date.parse('2026-11-21T15:00:00Z')
    t.deps.now = () => new Date(ms++)
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.call('POST', '/api/events/evento/questions', {
          token: t.adminToken,
          body: { type: 'peticion', text: `Petición número ${i}` },
        }),
      ),
    )
    expect(results.filter((r) => r.status !== 201).map((r) => r.json)).toEqual([])
    const byNumber = results.map((r) => r.json).sort((a, b) => a.radicado.localeCompare(b.radicado))
    expect(byNumber.map((q) => q.radicado)).toEqual(
      Array.from({ length: 40 }, (_, i) => `SDE-2026-${String(i + 1).padStart(6, '0')}`),
    )
    for (let i = 1; i < byNumber.length; i++)
      expect(byNumber[i].receivedAt >= byNumber[i - 1].receivedAt).toBe(true)
    expect((await t.call('GET', '/api/audit/verify', { token: t.adminToken })).json.ok).toBe(true)
  })

  it('accepts an anonymous petition without contact and refuses personal data with it', async () => {
    const t = await withEvent()
    const ok = await submit(t, { type: 'queja', text: 'El parque no tiene luz.', anonymous: true })
    expect(ok.status).toBe(201)
    const bad = await submit(t, ask({ anonymous: true }))
    expect(bad.status).toBe(400)
    expect(bad.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'name'])
  })

  it('takes identity reserve only for a denuncia with an identified denunciante', async () => {
    const t = await withEvent()
    expect((await submit(t, ask({ type: 'denuncia', identityReserve: true }))).status).toBe(201)
    expect((await submit(t, ask({ identityReserve: true }))).json.error.issues[0].path).toBe(
      'identityReserve',
    )
  })

  it('refuses an unknown area, a closed event and an in-person filing from the public', async () => {
    const t = await withEvent()
    expect((await submit(t, ask({ area: 'no-existe' }))).json.error.code).toBe('AREA_UNKNOWN')
    expect((await submit(t, ask({ channel: 'presencial' }))).json.error.issues[0].path).toBe('channel')
    const staffFiled = await t.call('POST', '/api/events/evento/questions', {
      token: t.adminToken,
      body: ask({ channel: 'presencial', area: 'despacho' }),
    })
    expect(staffFiled.status).toBe(201)
    await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { status: 'closed' } })
    expect((await submit(t)).json.error.code).toBe('EVENT_CLOSED')
  })

  it('lets staff file a petition received at the event once it is closed, with the next radicado', async () => {
    // Friday 27 November 2026; the written questions left at the venue are typed in on Monday 30.
    const t = await withEvent()
    t.setNow(new Date('2026-11-27T19:00:00Z'))
    expect((await submit(t)).json.radicado).toBe('SDE-2026-000001')
    const closed = await t.call('PATCH', '/api/events/evento', {
      token: await t.login(),
      body: { status: 'closed' },
    })
    expect(closed.json.event.status).toBe('closed')
    t.setNow(new Date('2026-11-30T14:00:00Z'))
    const token = await t.login()
    const paper = await t.call('POST', '/api/events/evento/questions', {
      token,
      body: ask({ text: 'Pido el listado de beneficiarios del programa de huertas.', channel: 'presencial' }),
    })
    // Its term counts from the day it is filed: 15 business days from Tuesday 1 December, 8 December a holiday.
    expect([paper.status, paper.json.radicado, paper.json.dueDate]).toEqual([
      201,
      'SDE-2026-000002',
      '2026-12-22',
    ])
    const listed = await t.call('GET', '/api/events/evento/questions?sort=time', { token })
    expect(listed.json.questions.map((q: { radicado: string }) => q.radicado)).toEqual([
      'SDE-2026-000001',
      'SDE-2026-000002',
    ])
    // The public still finds it closed, and nothing of theirs is filed.
    expect((await submit(t)).json.error.code).toBe('EVENT_CLOSED')
    expect(listed.json.counts).toEqual({ received: 2 })
  })
})

describe('the question lists', () => {
  it('shows the public only questions on the wall, without personal data; staff see all with filters', async () => {
    const t = await withEvent()
    const a = await submit(t, ask({ area: 'despacho' }))
    const b = await submit(t, ask({ type: 'queja', text: 'Queja sin aprobar' }))
    const mod = await t.staffToken('moderator')
    await t.call('PATCH', `/api/questions/${a.json.id}`, { token: mod, body: { status: 'approved' } })
    const wall = await t.call('GET', '/api/events/evento/questions')
    expect(wall.json.questions).toHaveLength(1)
    expect(wall.json.questions[0]).toMatchObject({ id: a.json.id, radicado: 'SDE-2026-000001', votes: 0 })
    expect(JSON.stringify(wall.json)).not.toMatch(/Ana|ana@example|receiptToken/)
    const all = await t.call('GET', '/api/events/evento/questions?sort=time', { token: mod })
    expect(all.json.questions.map((q: { id: string }) => q.id)).toEqual([a.json.id, b.json.id])
    expect(all.json.questions[0].petitioner).toMatchObject({ name: 'Ana Pérez', email: 'ana@example.co' })
    expect(all.json.counts).toEqual({ approved: 1, received: 1 })
    // Newest first, as the moderation console loads it: a limit keeps the latest.
    const recent = await t.call('GET', '/api/events/evento/questions?sort=recent&limit=1', { token: mod })
    expect(recent.json.questions.map((q: { id: string }) => q.id)).toEqual([b.json.id])
    expect(recent.json.counts).toEqual({ approved: 1, received: 1 })
    const quejas = await t.call('GET', '/api/events/evento/questions?type=queja&status=received', {
      token: mod,
    })
    expect(quejas.json.questions.map((q: { id: string }) => q.id)).toEqual([b.json.id])
    const byArea = await t.call('GET', '/api/events/evento/questions?area=despacho', { token: mod })
    expect(byArea.json.questions).toHaveLength(1)
  })

  it('hides a reserved identity from moderators but not from admins', async () => {
    const t = await withEvent()
    await submit(t, ask({ type: 'denuncia', identityReserve: true }))
    const mod = await t.staffToken('moderator')
    const seen = await t.call('GET', '/api/events/evento/questions', { token: mod })
    expect(seen.json.questions[0].petitioner).toEqual({ reserved: true })
    const admin = await t.call('GET', '/api/events/evento/questions', { token: t.adminToken })
    expect(admin.json.questions[0].petitioner.name).toBe('Ana Pérez')
  })
})

describe('votes', () => {
  it('counts one vote per device and per registered attendee, and sorts the wall by votes', async () => {
    const t = await withEvent()
    const mod = await t.staffToken('moderator')
    const ids: string[] = []
    for (const text of ['Primera', 'Segunda']) {
      const q = await submit(t, ask({ text }))
      await t.call('PATCH', `/api/questions/${q.json.id}`, { token: mod, body: { status: 'approved' } })
      ids.push(q.json.id)
    }
    const voteFor = (id: string, device: string, body?: unknown) =>
      t.call('POST', `/api/events/evento/questions/${id}/votes`, {
        body,
        headers: { 'x-device-token': device },
      })
    expect((await voteFor(ids[1], 'device-aaaa')).json).toMatchObject({ votes: 1, counted: true })
    const twice = await voteFor(ids[1], 'device-aaaa')
    expect(twice.status).toBe(200)
    expect(twice.json).toMatchObject({ votes: 1, counted: false })
    const registered = await t.call('POST', '/api/events/evento/attendance', {
      body: { name: 'Luz Gómez', email: 'luz@example.co', consent: true },
    })
    const attendeeToken = registered.json.attendeeToken
    expect((await voteFor(ids[1], 'device-bbbb', { attendeeToken })).json.votes).toBe(2)
    // The same attendee on another device is still one person.
    expect((await voteFor(ids[1], 'device-cccc', { attendeeToken })).json.counted).toBe(false)
    // A token that is no attendee's counts as its device; without a device it is refused.
    const stale = await voteFor(ids[1], 'device-dddd', { attendeeToken: 'no-es-un-token-real' })
    expect(stale.json).toMatchObject({ votes: 3, counted: true })
    const path = `/api/events/evento/questions/${ids[1]}/votes`
    const forged = await t.call('POST', path, { body: { attendeeToken: 'no-es-un-token-real' } })
    expect(forged.json.error.issues[0].path).toBe('attendeeToken')
    const wall = await t.call('GET', '/api/events/evento/questions')
    expect(wall.json.questions.map((q: { votes: number }) => q.votes)).toEqual([3, 0])
  })

  it('refuses votes once the event is closed, leaving the counts as they were', async () => {
    const t = await withEvent()
    const q = await submit(t)
    await t.call('PATCH', `/api/questions/${q.json.id}`, {
      token: t.adminToken,
      body: { status: 'approved' },
    })
    const path = `/api/events/evento/questions/${q.json.id}/votes`
    const voteAs = (device: string) => t.call('POST', path, { headers: { 'x-device-token': device } })
    expect((await voteAs('device-aaaa')).json.votes).toBe(1)
    // A client that labels every POST as JSON sends the token in the header and an empty body: no body.
    for (const [i, body] of ['', '  '].entries())
      expect(
        (
          await t.call('POST', path, {
            headers: { 'x-device-token': `device-json-${i}`, 'content-type': 'application/json' },
            body,
          })
        ).json,
      ).toMatchObject({ votes: 2 + i, counted: true })
    const half = await t.call('POST', path, {
      headers: { 'x-device-token': 'device-half', 'content-type': 'application/json' },
      body: '{',
    })
    expect([half.status, half.json.error.code]).toEqual([400, 'BAD_JSON'])
    const closed = await t.call('PATCH', '/api/events/evento', {
      token: t.adminToken,
      body: { status: 'closed' },
    })
    expect(closed.status).toBe(200)
    const late = await voteAs('device-bbbb')
    expect(late.status).toBe(409)
    expect(late.json.error).toMatchObject({
      code: 'EVENT_CLOSED',
      message: 'El evento está cerrado y ya no recibe envíos.',
    })
    const wall = await t.call('GET', '/api/events/evento/questions')
    expect(wall.json.questions[0].votes).toBe(3)
  })

  it('refuses a vote for a question not on the wall and one without a device or attendee', async () => {
    const t = await withEvent()
    const q = await submit(t)
    const path = `/api/events/evento/questions/${q.json.id}/votes`
    expect(
      (await t.call('POST', path, { headers: { 'x-device-token': 'device-aaaa' } })).json.error.code,
    ).toBe('QUESTION_NOT_PUBLIC')
    await t.call('PATCH', `/api/questions/${q.json.id}`, {
      token: t.adminToken,
      body: { status: 'approved' },
    })
    const anonymous = await t.call('POST', path)
    expect(anonymous.status).toBe(400)
    expect(anonymous.json.error.issues[0].path).toBe('X-Device-Token')
  })
})

describe('constancia and status lookup', () => {
  it('stores the constancia at intake and serves it to staff and to the petitioner with the receipt token', async () => {
    const t = await withEvent()
    const q = await submit(t, ask({ reasons: 'Soy emprendedora.', annexes: ['foto.jpg'] }))
    const json = await t.call('GET', `/api/questions/${q.json.id}/constancia`, { token: t.adminToken })
    expect(json.json.constancia).toMatchObject({
      radicado: 'SDE-2026-000001',
      receivedAt: '2026-11-21T15:00:00.000Z',
      petitioner: { anonymous: false, name: 'Ana Pérez', email: 'ana@example.co' },
      text: '¿Cuándo abre la convocatoria de emprendimiento?',
      reasons: 'Soy emprendedora.',
      annexes: ['foto.jpg'],
      receivedBy: 'Cabildo (formulario en línea)',
      verbal: false,
      answer: null,
    })
    const html = await t.call('GET', `/api/questions/${q.json.id}/constancia?format=html`, {
      token: t.adminToken,
    })
    expect(html.headers.get('content-type')).toMatch(/text\/html/)
    expect(html.text).toContain('SDE-2026-000001')
    // Its dates as the widget and the lookup write them, the same on Workers (test/dates-runtimes.test.ts).
    expect(html.text).toContain('<td>sábado, 21 de noviembre de 2026, 10:00:00 a. m. (hora de Colombia)</td>')
    expect(html.text).toContain('<td>lunes, 14 de diciembre de 2026</td>')
    const own = `/api/pqrsd/SDE-2026-000001/constancia?format=txt&token=${q.json.receiptToken}`
    const txt = await t.call('GET', own)
    expect(txt.text).toContain('Recibida por: Cabildo (formulario en línea)')
    expect((await t.call('GET', '/api/pqrsd/SDE-2026-000001/constancia?token=adivinado')).status).toBe(404)
  })

  it("marks what people typed as Spanish in an English constancia, and not the constancia's own words", async () => {
    const t = await withEvent()
    const q = await submit(t, ask({ reasons: 'Soy emprendedora.' }))
    await t.call('PATCH', `/api/questions/${q.json.id}`, {
      token: t.adminToken,
      body: { status: 'answered_live', answer: 'Abre en febrero.' },
    })
    const own = `/api/pqrsd/SDE-2026-000001/constancia?format=html&lang=en&token=${q.json.receiptToken}`
    const html = (await t.call('GET', own)).text.replace(/<head>.*<\/head>/s, '')
    const written = [
      'Secretaría de Desarrollo Económico',
      '¿Cuándo abre la convocatoria de emprendimiento?',
      'Soy emprendedora.',
      'Cabildo (formulario en línea)',
      'Abre en febrero.',
    ]
    for (const text of written) expect(langAt(html, text), text).toBe('es')
    for (const text of ['What was asked', 'Online form', 'Received by'])
      expect(langAt(html, text), text).toBe('en')
  })

  it('offers a print button that a script of its own origin shows, under a CSP that runs no inline script', async () => {
    const t = await withEvent()
    const q = await submit(t)
    const own = `/api/pqrsd/SDE-2026-000001/constancia?format=html&token=${q.json.receiptToken}`
    const html = await t.call('GET', own)
    expect(html.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/)
    expect(html.text).toContain(
      '<button type="button" id="print" hidden>Imprimir o guardar como PDF</button>',
    )
    expect(html.text).toContain('@media print{#print{display:none}}')
    const scripts = [...html.text.matchAll(/<script\b([^>]*)>([^<]*)<\/script>/g)]
    expect(scripts.map(([, attrs, body]) => [attrs.trim(), body])).toEqual([
      ['src="/constancia.js" defer', ''],
    ])
    const script = await t.call('GET', '/constancia.js')
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(script.text).toContain('window.print()')
    const en = await t.call('GET', `${own}&lang=en`)
    expect(en.text).toContain('>Print or save as PDF</button>')
  })

  it('records a verbal petition filed by staff at the venue with who received it', async () => {
    const t = await withEvent()
    const q = await t.call('POST', '/api/events/evento/questions', {
      token: t.adminToken,
      body: { type: 'pregunta', text: 'Pregunta en el auditorio', anonymous: true, channel: 'presencial' },
    })
    const c = await t.call('GET', `/api/questions/${q.json.id}/constancia`, { token: t.adminToken })
    expect(c.json.constancia).toMatchObject({
      verbal: true,
      receivedBy: 'admin@test.co',
      petitioner: { anonymous: true },
    })
  })

  it('answers the status lookup with dates and status, never personal data', async () => {
    const t = await withEvent()
    await submit(t, ask({ area: 'despacho' }))
    const res = await t.call('GET', '/api/pqrsd/sde-2026-000001')
    expect(res.status).toBe(200)
    expect(res.json.pqrsd).toMatchObject({
      radicado: 'SDE-2026-000001',
      status: 'received',
      dueDate: '2026-12-14',
      area: { key: 'despacho', name: 'Despacho' },
      question: null,
      answer: null,
    })
    expect(JSON.stringify(res.json)).not.toMatch(/Ana|ana@example|convocatoria/)
    expect((await t.call('GET', '/api/pqrsd/SDE-2026-999999')).json.error.code).toBe('RADICADO_NOT_FOUND')
  })

  it('takes a radicado as people type it, and says what is wrong with one that cannot be a radicado', async () => {
    const t = await withEvent()
    const filed = await submit(t, ask())
    const { radicado, receiptToken } = filed.json
    // Lower case, spaces for the hyphens or around them, the number without its leading zeros.
    for (const typed of [' sde-2026-1 ', 'SDE 2026 000001', 'sde – 2026 – 01', 'SDE-2026-0000001']) {
      const res = await t.call('GET', `/api/pqrsd/${encodeURIComponent(typed)}`)
      expect([res.status, res.json.pqrsd?.radicado], typed).toEqual([200, radicado])
    }
    const own = await t.call(
      'GET',
      `/api/pqrsd/${encodeURIComponent('sde 2026 1')}/constancia?token=${encodeURIComponent(receiptToken)}`,
    )
    expect([own.status, own.json.constancia?.radicado]).toEqual([200, radicado])
    // Not a radicado's shape: a 400 that says what one looks like, in the request's language.
    for (const typed of [
      'x',
      'SDE-2026',
      '2026-000001',
      'SDE-26-000001',
      'SDE/2026/000001',
      '9'.repeat(41),
    ]) {
      const res = await t.call('GET', `/api/pqrsd/${encodeURIComponent(typed)}`)
      expect([res.status, res.json.error.code], typed).toEqual([400, 'VALIDATION_ERROR'])
      expect(res.json.error.issues, typed).toEqual([
        {
          path: 'radicado',
          message:
            'Un radicado tiene el prefijo de la entidad, el año y el número, separados por guiones, p. ej. SDE-2026-000123.',
        },
      ])
    }
    const en = await t.call('GET', '/api/pqrsd/x', { headers: { 'accept-language': 'en' } })
    expect(en.json.error.issues[0].message).toBe(
      "A radicado has the entity's prefix, the year and the number, separated by hyphens, e.g. SDE-2026-000123.",
    )
  })
})

describe('the shape of a radicado, as the server and the attendee page check it', () => {
  it('reads every radicado a series can give as itself, however it is typed', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z0-9]{1,12}$/),
        fc.integer({ min: 2000, max: 9999 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.constantFrom('-', ' ', ' - ', '–', '  -'),
        fc.boolean(),
        (prefix, year, n, sep, lower) => {
          const radicado = formatRadicado(prefix, year, n)
          expect(normalRadicado(radicado)).toBe(radicado)
          const typed = ` ${[prefix, year, n].join(sep)} `
          expect(normalRadicado(lower ? typed.toLowerCase() : typed)).toBe(radicado)
        },
      ),
    )
  })

  it('refuses what cannot be one: a part missing, a short year, another separator, letters in the number', () => {
    for (const typed of [
      '',
      'SDE',
      'SDE-2026',
      'SDE-26-000001',
      'SDE/2026/000001',
      'SDE-2026-00A001',
      'SDE2026000001',
    ])
      expect(normalRadicado(typed), typed).toBeNull()
  })
})
