import { describe, expect, it } from 'vitest'
import { anonymizeAttendance } from '../server/services/anonymize'
import { deleteRegistration } from '../server/services/checkin'
import { countersReport } from '../server/services/maintenance'
import { sha256HexSync } from '../server/services/sha256'
import { all, anonymize, auditOf, close, fileApp, people, populated, rowsOf } from './fixtures/retention'
import { commitAtFirstClockRead, type TestApp } from './helpers'

/** Every figure staff read of an event: the report's sections, the attendance summary, the survey's stats. */
async function figures(t: TestApp, slug = 'evento') {
  const get = async (path: string) => {
    const res = await t.call('GET', path, { token: t.adminToken })
    expect(res.status, `${path}: ${res.text}`).toBe(200)
    return res.json
  }
  const {
    generatedAt: _a,
    generatedAtText: _b,
    ...report
  } = await get(`/api/events/${slug}/report?format=json`)
  const csv = (await t.call('GET', `/api/events/${slug}/report?format=csv`, { token: t.adminToken })).text
  return {
    report,
    csv,
    summary: await get(`/api/events/${slug}/attendance/summary`),
    stats: await get(`/api/events/${slug}/forms/evaluacion/stats`),
    totals: await get('/api/reports/totals?from=2026-01-01&to=2026-12-31'),
    counters: all(t, 'select * from attendance_counters order by 1, 2, 3'),
  }
}

describe("anonymising a closed event's attendance", () => {
  it('erases who the people were and keeps every figure of the report and the statistics', async () => {
    const t = await fileApp()
    const { regs, questionId } = await populated(t)
    await populated(t, 'otro')
    await close(t)
    const before = await figures(t)
    const otherBefore = rowsOf(t, 'otro')
    const question = all(t, 'select * from questions where id = ?', questionId)
    const responses = all(t, 'select * from form_responses order by id')
    expect(all(t, "select * from idempotency_keys where scope = 'attendance:evento'")).toHaveLength(1)

    const res = await anonymize(t)
    expect(res.status, res.text).toBe(200)
    expect(res.json).toEqual({ anonymized: people.length })

    const rows = rowsOf(t, 'evento')
    expect(rows).toHaveLength(people.length)
    for (const row of rows) {
      expect(row).toMatchObject({
        name: '',
        document_type: null,
        document_number: null,
        email: null,
        phone: null,
        person_key: null,
        token_sealed: null,
        anonymized_at: '2026-11-21T15:00:00.000Z',
      })
      // The token and the code the person keeps lead to nothing.
      const reg = regs.find((r) => r.id === row.id)!
      expect(row.token_hash).not.toBe(sha256HexSync(reg.attendeeToken))
      expect(row.checkin_code).not.toBe(reg.checkinCode)
      expect(String(row.checkin_code)).toMatch(/^anonymized:/)
    }
    const ana = rows.find((r) => r.id === regs[0].id)!
    expect(ana).toMatchObject({ gender: 'mujer', age_range: '29_40', territory: 'Comuna 1' })
    expect(JSON.parse(String(ana.population_groups))).toEqual(['campesino'])
    expect(ana.checked_in_at).not.toBeNull()
    expect(JSON.parse(String(ana.consent)).accepted.treatment).toBe(true)
    // The first answer kept for a retried registration held a hash of what was sent.
    expect(all(t, "select * from idempotency_keys where scope = 'attendance:evento'")).toEqual([])

    expect(await figures(t)).toEqual(before)
    // The spreadsheet still lists each registration, saying it was anonymised.
    const csv = (await t.call('GET', '/api/events/evento/attendance?format=csv', { token: t.adminToken }))
      .text
    expect(csv.match(/\(registro anonimizado\)/g)).toHaveLength(people.length)
    expect(csv).not.toMatch(/anonymized:|Ana Pérez|1\.234\.567/)
    const check = await countersReport(t.deps.db, { actor: 'test', now: t.deps.now })
    expect(check.events.flatMap((e) => e.drift)).toEqual([])
    // The petition runs to its own legal term, and the survey's responses were never anyone's.
    expect(all(t, 'select * from questions where id = ?', questionId)).toEqual(question)
    expect(all(t, 'select * from form_responses order by id')).toEqual(responses)
    expect(rowsOf(t, 'otro')).toEqual(otherBefore)
  })

  it('leaves survey responses alone, which hold nothing that leads to a person', async () => {
    const t = await fileApp()
    const columns = (table: string) =>
      (all(t, `select name from pragma_table_info('${table}') order by cid`) as { name: string }[]).map(
        (c) => c.name,
      )
    // No token, device, registration or address on a response; the one-per-person check keeps hashes only.
    expect(columns('form_responses')).toEqual([
      'id',
      'form_id',
      'event_id',
      'submitted_at',
      'answers',
      'others',
    ])
    expect(columns('form_respondents')).toEqual(['key_hash', 'event_id'])
  })

  it('keeps proof in the audit log, with the rows and who asked, and no value', async () => {
    const t = await fileApp()
    await populated(t)
    await close(t)
    await anonymize(t)
    const [entry] = auditOf(t, 'attendance.anonymize')
    const event = all(t, "select id from events where slug = 'evento'")[0] as { id: string }
    expect(entry).toMatchObject({ event_id: event.id, data: { rows: people.length, retention: null } })
    expect(entry.actor).toMatch(/^user:/)
    const log = JSON.stringify(all(t, 'select * from audit_log'))
    for (const clear of ['Ana Pérez', '1.234.567', 'ana@example.co', '3001112233', 'X-998877'])
      expect(log).not.toContain(clear)
    expect((await t.call('GET', '/api/audit/verify', { token: t.adminToken })).json.ok).toBe(true)
  })

  it('changes nothing and answers 0 when asked again', async () => {
    const t = await fileApp()
    await populated(t)
    await close(t)
    expect((await anonymize(t)).json).toEqual({ anonymized: people.length })
    const rows = rowsOf(t, 'evento')
    const audit = all(t, 'select count(*) n from audit_log')
    const again = await anonymize(t)
    expect([again.status, again.json]).toEqual([200, { anonymized: 0 }])
    expect(rowsOf(t, 'evento')).toEqual(rows)
    expect(all(t, 'select count(*) n from audit_log')).toEqual(audit)
  })

  it('refuses an event that is not closed with 409 EVENT_NOT_CLOSED, in Spanish by default, and changes nothing', async () => {
    const t = await fileApp()
    await populated(t)
    const rows = rowsOf(t, 'evento')
    const open = await anonymize(t)
    expect(open.status).toBe(409)
    expect(open.json.error).toMatchObject({
      code: 'EVENT_NOT_CLOSED',
      message: expect.stringContaining('aún no está cerrado'),
      requestId: expect.any(String),
    })
    const en = await anonymize(t, 'evento', t.adminToken, '?lang=en')
    expect(en.json.error.message).toMatch(/^The event is not closed yet/)
    await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { status: 'draft' } })
    expect((await anonymize(t)).json.error.code).toBe('EVENT_NOT_CLOSED')
    expect(rowsOf(t, 'evento')).toEqual(rows)
    expect(auditOf(t, 'attendance.anonymize')).toEqual([])
    expect((await anonymize(t, 'no-existe')).json.error.code).toBe('EVENT_NOT_FOUND')
  })

  it('is for admins only', async () => {
    const t = await fileApp()
    await close(t)
    for (const role of ['moderator', 'analyst'] as const)
      expect((await anonymize(t, 'evento', await t.staffToken(role))).status).toBe(403)
    expect((await t.call('POST', '/api/events/evento/attendance/anonymize')).status).toBe(401)
  })

  it('counts exactly what it changed when a registration is deleted between its count and its commit', async () => {
    const t = await fileApp()
    const { regs } = await populated(t)
    await close(t)
    const race = commitAtFirstClockRead(t, `delete from attendees where id = '${regs[4].id}'`)
    const n = await anonymizeAttendance(race.deps, 'user:test', 'evento')
    expect(n).toBe(people.length - 1)
    expect(auditOf(t, 'attendance.anonymize').map((e) => e.data.rows)).toEqual([people.length - 1])
  })
})

describe('an anonymised registration', () => {
  it('cannot be rectified: 409 REGISTRATION_ANONYMIZED, and nothing changes', async () => {
    const t = await fileApp()
    const { regs } = await populated(t)
    await close(t)
    await anonymize(t)
    const rows = rowsOf(t, 'evento')
    const res = await t.call('PATCH', `/api/events/evento/attendance/${regs[0].id}`, {
      token: t.adminToken,
      body: { name: 'Ana Pérez', gender: 'hombre' },
    })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('REGISTRATION_ANONYMIZED')
    expect(res.json.error.message).toMatch(/fue anonimizado/)
    expect(rowsOf(t, 'evento')).toEqual(rows)
    expect(auditOf(t, 'attendance.rectify')).toEqual([])
  })

  it('cannot be deleted: 409 REGISTRATION_ANONYMIZED, and the figures stay', async () => {
    const t = await fileApp()
    const { regs } = await populated(t)
    await close(t)
    await anonymize(t)
    const rows = rowsOf(t, 'evento')
    const before = await figures(t)
    const res = await t.call('DELETE', `/api/events/evento/attendance/${regs[0].id}`, { token: t.adminToken })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('REGISTRATION_ANONYMIZED')
    expect(res.json.error.message).toMatch(/corregir ni suprimir/)
    expect(rowsOf(t, 'evento')).toEqual(rows)
    expect(await figures(t)).toEqual(before)
    expect(auditOf(t, 'attendance.delete')).toEqual([])
  })

  it('is not deleted when the anonymisation lands between the read and the commit of a deletion', async () => {
    const t = await fileApp()
    const { regs } = await populated(t)
    await close(t)
    const before = await figures(t)
    const race = commitAtFirstClockRead(
      t,
      `update attendees set anonymized_at = '2026-11-21T15:00:00.000Z' where id = '${regs[0].id}'`,
    )
    const admin = {
      id: 'admin',
      email: 'admin@test.co',
      role: 'admin' as const,
      tokenId: 'x',
      entityIds: null,
    }
    await expect(deleteRegistration(race.deps, admin, 'evento', regs[0].id)).rejects.toMatchObject({
      code: 'REGISTRATION_ANONYMIZED',
    })
    expect(race.reads()).toBe(1)
    expect(rowsOf(t, 'evento')).toHaveLength(people.length)
    expect(await figures(t)).toEqual(before)
    expect(auditOf(t, 'attendance.delete')).toEqual([])
  })

  it('is never found by a holder search, while the same person elsewhere still is', async () => {
    const t = await fileApp()
    await populated(t)
    const other = await populated(t, 'otro')
    await close(t)
    await anonymize(t)
    for (const key of [
      { documentNumber: '1234567' },
      { email: 'ana@example.co' },
      { phone: '300 111 2233' },
    ]) {
      const found = await t.call('POST', '/api/holders/search', { token: t.adminToken, body: key })
      expect(found.status).toBe(200)
      expect(
        found.json.registrations.map((r: { id: string }) => r.id),
        JSON.stringify(key),
      ).toEqual([other.regs[0].id])
    }
  })
})
