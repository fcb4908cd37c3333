import { describe, expect, it } from 'vitest'
import { setCheckin } from '../server/services/checkin'
import { commitAtFirstClockRead, sampleEvent, type TestApp, testApp } from './helpers'

const person = (over: Record<string, unknown> = {}) => ({
  name: 'Ana Pérez',
  documentType: 'CC',
  documentNumber: '1.020.304.050',
  consent: true,
  ...over,
})

async function withEvents(...events: [string, Record<string, unknown>][]) {
  const t = await testApp()
  for (const [slug, over] of events) {
    const res = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug, ...over }),
    })
    expect(res.status, res.text).toBe(201)
  }
  return t
}

const register = async (t: TestApp, slug: string, body: Record<string, unknown>) => {
  const res = await t.call('POST', `/api/events/${slug}/attendance`, { token: t.adminToken, body })
  expect(res.status, res.text).toBe(201)
  return res.json as { id: string; checkinCode: string }
}
const door = (t: TestApp, code: string, token = t.adminToken, headers: Record<string, string> = {}) =>
  t.call('POST', '/api/events/evento/checkins', { token, body: { code }, headers })
const undo = (t: TestApp, code: string) =>
  t.call('DELETE', `/api/events/evento/checkins/${code}`, { token: t.adminToken })
const checkedIn = async (t: TestApp) =>
  (await t.call('GET', '/api/events/evento/attendance/summary', { token: t.adminToken })).json.checkedIn.value
const setStatus = (t: TestApp, status: string) =>
  t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { status } })
const auditActions = async (t: TestApp) =>
  ((await t.call('GET', '/api/audit', { token: t.adminToken })).json.entries as { action: string }[])
    .map((e) => e.action)
    .filter((a) => a.startsWith('attendance.checkin'))

describe('check-in and the state of the event', () => {
  it("refuses a check-in or its undo once the event is closed, as its registrations are, and keeps the report's figures", async () => {
    const t = await withEvents(['evento', {}])
    const ana = await register(t, 'evento', person())
    const luis = await register(t, 'evento', person({ name: 'Luis Mora', documentNumber: '79111222' }))
    expect((await door(t, ana.checkinCode)).status).toBe(200)
    expect((await setStatus(t, 'closed')).status).toBe(200)

    const late = await door(t, luis.checkinCode)
    expect(late.status).toBe(409)
    expect(late.json.error).toMatchObject({
      code: 'EVENT_CLOSED',
      message: expect.stringMatching(
        /^El evento está cerrado: su asistencia es la del informe y ya no cambia\. .*un administrador puede reabrir el evento para registrar su ingreso/,
      ),
      requestId: expect.any(String),
    })
    const taken = await undo(t, ana.checkinCode)
    expect([taken.status, taken.json.error.code]).toEqual([409, 'EVENT_CLOSED'])
    expect(taken.json.error.message).toMatch(
      /Si ese ingreso fue un error, un administrador puede reabrir el evento/,
    )
    const en = await door(t, luis.checkinCode, t.adminToken, { 'accept-language': 'en' })
    expect(en.json.error.message).toMatch(/^The event is closed: its attendance is the report’s/)
    expect(await checkedIn(t)).toBe(1)
    expect(await auditActions(t)).toEqual(['attendance.checkin'])

    // A late entry from the paper list: reopened, recorded, closed again; the audit log shows each step.
    expect((await setStatus(t, 'open')).status).toBe(200)
    expect((await door(t, luis.checkinCode)).json.alreadyCheckedIn).toBe(false)
    expect((await setStatus(t, 'closed')).status).toBe(200)
    expect(await checkedIn(t)).toBe(2)
  })

  it('refuses a check-in at a draft with 409 EVENT_NOT_OPEN, and lets a check-in made while it was open be undone', async () => {
    const t = await withEvents(['evento', { status: 'draft' }])
    const ana = await register(t, 'evento', person())
    const res = await door(t, ana.checkinCode, await t.staffToken('moderator'))
    expect(res.status).toBe(409)
    expect(res.json.error).toMatchObject({
      code: 'EVENT_NOT_OPEN',
      message: 'El evento aún es un borrador: un administrador debe abrirlo antes de registrar ingresos.',
    })
    expect(await checkedIn(t)).toBe(0)
    await setStatus(t, 'open')
    expect((await door(t, ana.checkinCode)).json.alreadyCheckedIn).toBe(false)
    await setStatus(t, 'draft')
    expect((await undo(t, ana.checkinCode)).json.changed).toBe(true)
    expect(await checkedIn(t)).toBe(0)
  })

  it('refuses a check-in whose event is closed between its read and its commit, and counts nothing', async () => {
    const t = await withEvents(['evento', {}])
    const ana = await register(t, 'evento', person())
    const race = commitAtFirstClockRead(t, `update events set status = 'closed' where slug = 'evento'`)
    const user = { id: 'u1', email: 'a@b.co', role: 'admin' as const, tokenId: 't1', entityIds: null }
    await expect(setCheckin(race.deps, user, 'evento', ana.checkinCode, true)).rejects.toMatchObject({
      code: 'EVENT_CLOSED',
    })
    expect(await checkedIn(t)).toBe(0)
    expect(await auditActions(t)).toEqual([])
  })
})
