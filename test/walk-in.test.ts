import { describe, expect, it } from 'vitest'
import { csvRecords, xlsxSheets } from './fixtures/csv-tables'
import { sampleEvent, type TestApp, testApp } from './helpers'

const person = (over: Record<string, unknown> = {}) => ({
  name: 'Gilberto Arango',
  documentType: 'CC',
  documentNumber: '8.123.456',
  ageRange: '60_mas',
  consent: true,
  ...over,
})

async function withEvent(over: Record<string, unknown> = {}) {
  const t = await testApp()
  const res = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento', ...over }),
  })
  expect(res.status, res.text).toBe(201)
  return t
}

const walkIn = (t: TestApp, body: unknown, headers: Record<string, string> = {}, token = t.adminToken) =>
  t.call('POST', '/api/events/evento/walk-ins', { token, body, headers })
const list = async (t: TestApp) =>
  (await t.call('GET', '/api/events/evento/attendance', { token: t.adminToken })).json.attendees as {
    id: string
    source: string
    checkedInAt: string | null
    consent: Record<string, unknown>
  }[]
const totals = async (t: TestApp) => {
  const s = (await t.call('GET', '/api/events/evento/attendance/summary', { token: t.adminToken })).json
  return { registered: s.registered.value, checkedIn: s.checkedIn.value }
}
const audit = async (t: TestApp) =>
  (
    (await t.call('GET', '/api/audit', { token: t.adminToken })).json.entries as {
      action: string
      data: any
    }[]
  )
    .filter((e) => e.action.startsWith('attendance.') && e.action !== 'attendance.read')
    .map((e) => [e.action, e.data])

describe('registering a walk-in at the door', () => {
  it('registers the person with their consent given in person and checks them in, in one request', async () => {
    const t = await withEvent()
    const res = await walkIn(t, person())
    expect(res.status, res.text).toBe(201)
    expect(res.json).toEqual({
      attendee: {
        id: expect.any(String),
        name: 'Gilberto Arango',
        documentType: 'CC',
        documentNumber: '8.123.456',
        checkinCode: expect.stringMatching(/^[A-Z0-9]{6}$/),
        checkedInAt: t.deps.now().toISOString(),
      },
      registered: true,
      alreadyCheckedIn: false,
    })
    // No attendee token: the person has no device here to keep it on.
    expect(res.text).not.toContain('attendeeToken')
    const [row] = await list(t)
    expect(row).toMatchObject({ id: res.json.attendee.id, source: 'staff', checkedInAt: expect.any(String) })
    expect(row.consent).toMatchObject({
      version: expect.stringMatching(/^v-/),
      accepted: { treatment: true },
      given: 'in_person',
      receivedBy: expect.stringMatching(/^user:/),
    })
    expect(await totals(t)).toEqual({ registered: 1, checkedIn: 1 })
    expect(await audit(t)).toEqual([
      ['attendance.register', { consentVersion: row.consent.version, consentGiven: 'in_person' }],
      ['attendance.checkin', {}],
    ])
  })

  it('checks in a person registered before by the same document, and says so, without registering them again', async () => {
    const t = await withEvent()
    const first = await t.call('POST', '/api/events/evento/attendance', {
      body: person({ documentNumber: '8123456', email: 'gilberto@example.co' }),
    })
    expect(first.status).toBe(201)
    const res = await walkIn(t, person({ name: 'Gilberto Arango Ruiz' }))
    expect(res.status, res.text).toBe(200)
    expect(res.json).toMatchObject({
      attendee: { id: first.json.id, name: 'Gilberto Arango', checkinCode: first.json.checkinCode },
      registered: false,
      alreadyCheckedIn: false,
    })
    expect(res.json.attendee.checkedInAt).toBeTruthy()
    const again = await walkIn(t, person())
    expect(again.json).toMatchObject({ registered: false, alreadyCheckedIn: true })
    const rows = await list(t)
    expect(rows).toHaveLength(1)
    // The consent is the one the person gave on their own form.
    expect(rows[0]).toMatchObject({ source: 'form' })
    expect(rows[0].consent.given).toBeUndefined()
    expect(await totals(t)).toEqual({ registered: 1, checkedIn: 1 })
  })

  it('answers a retry with the same Idempotency-Key from the first registration, registering no one twice', async () => {
    const t = await withEvent()
    const key = { 'idempotency-key': 'walk-in-0001' }
    const first = await walkIn(t, person(), key)
    expect(first.status).toBe(201)
    const retry = await walkIn(t, person(), key)
    expect(retry.status).toBe(201)
    expect(retry.json).toMatchObject({
      attendee: { id: first.json.attendee.id, checkedInAt: first.json.attendee.checkedInAt },
      registered: true,
      alreadyCheckedIn: true,
    })
    expect(await list(t)).toHaveLength(1)
    expect(await totals(t)).toEqual({ registered: 1, checkedIn: 1 })
    expect((await audit(t)).map(([a]) => a)).toEqual(['attendance.register', 'attendance.checkin'])
    // The same key with other data is refused, and changes nothing.
    const other = await walkIn(t, person({ name: 'Otra Persona', documentNumber: '1000200' }), key)
    expect(other.status).toBe(422)
    expect(other.json.error.code).toBe('IDEMPOTENCY_CONFLICT')
    expect(await list(t)).toHaveLength(1)
  })

  it('refuses a draft or a closed event as a check-in is refused, and writes nothing', async () => {
    const t = await withEvent({ status: 'draft' })
    const draft = await walkIn(t, person())
    expect(draft.status).toBe(409)
    expect(draft.json.error).toMatchObject({
      code: 'EVENT_NOT_OPEN',
      message: 'El evento aún es un borrador: un administrador debe abrirlo antes de registrar ingresos.',
    })
    expect(await list(t)).toHaveLength(0)
    expect(
      (await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { status: 'open' } })).status,
    ).toBe(200)
    expect(
      (await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { status: 'closed' } }))
        .status,
    ).toBe(200)
    const closed = await walkIn(t, person(), {}, t.adminToken)
    expect(closed.status).toBe(409)
    expect(closed.json.error.code).toBe('EVENT_CLOSED')
    expect(closed.json.error.message).toMatch(/^El evento está cerrado: su asistencia es la del informe/)
    expect(await list(t)).toHaveLength(0)
    expect(await audit(t)).toEqual([])
  })

  it('refuses what the form refuses, field by field, in Spanish or English, and writes nothing', async () => {
    const t = await withEvent({ modality: 'presencial' })
    const bad = await walkIn(t, { name: 'Sin Documento', phone: '3001234567', consent: false })
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('VALIDATION_ERROR')
    expect(bad.json.error.issues.map((i: { path: string }) => i.path)).toContain('consent')
    const noDoc = await walkIn(t, { name: 'Sin Documento', phone: '3001234567', consent: true })
    expect(noDoc.status).toBe(400)
    expect(noDoc.json.error.issues).toEqual([
      { path: 'documentNumber', message: 'En un evento presencial, indique su documento de identidad.' },
    ])
    const en = await walkIn(t, person({ documentNumber: '!' }), { 'accept-language': 'en' })
    expect(en.json.error.issues).toEqual([
      { path: 'documentNumber', message: 'From 3 to 25 letters, digits, dots or hyphens.' },
    ])
    expect(await list(t)).toHaveLength(0)
    expect(await totals(t)).toEqual({ registered: 0, checkedIn: 0 })
  })

  it('is staff work at the door: refused without a session and to analysts', async () => {
    const t = await withEvent()
    expect((await t.call('POST', '/api/events/evento/walk-ins', { body: person() })).status).toBe(401)
    expect((await walkIn(t, person(), {}, await t.staffToken('analyst'))).status).toBe(403)
    expect((await walkIn(t, person(), {}, await t.staffToken('moderator'))).status).toBe(201)
  })
})

describe('how consent was given, in the staff list export', () => {
  it('says in each row of the CSV and XLSX whether the person ticked it, staff typed it in, or it was given in person and to whom', async () => {
    const t = await withEvent()
    expect((await walkIn(t, person())).status).toBe(201)
    const own = await t.call('POST', '/api/events/evento/attendance', {
      body: person({ name: 'Luz Marina Ocampo', documentNumber: '43111222' }),
    })
    expect(own.status).toBe(201)
    const typed = await t.call('POST', '/api/events/evento/attendance', {
      token: t.adminToken,
      body: person({ name: 'Héctor Fabio Ríos', documentNumber: '16222333' }),
    })
    expect(typed.status).toBe(201)
    // The staff account as the audit log names it (the actor of the registration's entry), not its e-mail.
    const entries = (await t.call('GET', '/api/audit', { token: t.adminToken })).json.entries
    const by = entries.find((e: { action: string }) => e.action === 'attendance.register').actor
    expect(by).toMatch(/^user:/)
    const byName = (records: unknown[][], column: string) =>
      Object.fromEntries(records.slice(1).map((r) => [r[0], r[records[0].indexOf(column)]]))

    const es = csvRecords(
      (await t.call('GET', '/api/events/evento/attendance?format=csv', { token: t.adminToken })).text,
    )
    const at = es[0].indexOf('Autorización')
    expect(es[0].slice(at, at + 2)).toEqual(['Autorización', 'Forma de la autorización'])
    expect(byName(es, 'Forma de la autorización')).toEqual({
      'Gilberto Arango': `En persona, ante el personal (${by})`,
      'Luz Marina Ocampo': 'Formulario, marcada por la persona',
      'Héctor Fabio Ríos': 'Formulario, diligenciado por el personal',
    })
    expect(es.flat().join(' ')).not.toContain('@')

    const en = csvRecords(
      (
        await t.call('GET', '/api/events/evento/attendance?format=csv', {
          token: t.adminToken,
          headers: { 'accept-language': 'en' },
        })
      ).text,
    )
    const atEn = en[0].indexOf('Consent')
    expect(en[0].slice(atEn, atEn + 2)).toEqual(['Consent', 'How consent was given'])
    expect(byName(en, 'How consent was given')).toEqual({
      'Gilberto Arango': `In person, to staff (${by})`,
      'Luz Marina Ocampo': 'Form, ticked by the person',
      'Héctor Fabio Ríos': 'Form, filled in by staff',
    })

    const xlsx = await t.app.request('/api/events/evento/attendance?format=xlsx', {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    const [sheet] = await xlsxSheets(await xlsx.arrayBuffer())
    expect(byName([sheet.headers, ...sheet.rows], 'Forma de la autorización')).toEqual(
      byName(es, 'Forma de la autorización'),
    )
  })
})
