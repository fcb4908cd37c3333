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

describe('what the door says when it finds no one', () => {
  it("says that the event's join QR, or another link, is not an attendee's code", async () => {
    const t = await withEvents(['evento', {}])
    const page = await door(t, 'https://cabildo.alcaldia.gov.co/e/evento?canal=qr')
    expect(page.status).toBe(400)
    expect(page.json.error.issues).toEqual([
      {
        path: 'code',
        message:
          'Ese es el código QR de la página del evento, no el de un asistente: lea el QR del comprobante de la persona, o escriba su código o su documento.',
      },
    ])
    const link = await door(t, 'https://www.youtube.com/watch?v=demo1234567')
    expect(link.json.error.issues[0].message).toMatch(
      /^Ese código QR lleva un enlace, no un código de ingreso/,
    )
    // Anything else too long is still said to be.
    expect((await door(t, 'A'.repeat(31))).json.error.issues[0].message).toBe(
      'Escriba como máximo 30 caracteres.',
    )
  })

  it('names the other event a code is from, to staff who may see it, and nothing to staff of another entity', async () => {
    const other = { name: 'Alcaldía de Otro Lugar', nit: '890000001-7', radicadoPrefix: 'AOL' }
    const t = await withEvents(
      ['evento', {}],
      ['anterior', { title: 'Diálogo ciudadano 2025', startsAt: '2025-03-05T14:00:00-05:00' }],
      ['ajeno', { title: 'Audiencia de otra entidad', entity: other }],
    )
    const earlier = await register(t, 'anterior', person())
    const foreign = await register(t, 'ajeno', person())
    const res = await door(t, earlier.checkinCode.toLowerCase())
    expect([res.status, res.json.error.code]).toEqual([404, 'ATTENDEE_NOT_FOUND'])
    expect(res.json.error.message).toBe(
      'Ese código es de otro evento: «Diálogo ciudadano 2025», del 5 de marzo de 2025. Si la persona viene a este, debe registrarse en él.',
    )
    // Nothing of the person: neither the name nor the document.
    expect(res.text).not.toContain('Ana')
    expect(res.text).not.toContain('1020304050')

    const entities = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities as {
      id: string
      name: string
    }[]
    const own = entities.find((e) => e.name !== other.name)!.id
    await t.call('POST', '/api/users', {
      token: t.adminToken,
      body: { email: 'puerta@test.co', password: 'staff-password-1', role: 'moderator', entityIds: [own] },
    })
    const scoped = await t.login('puerta@test.co', 'staff-password-1')
    expect((await door(t, earlier.checkinCode, scoped)).json.error.message).toMatch(
      /«Diálogo ciudadano 2025»/,
    )
    // Another entity's event is not named to a moderator of this one.
    const outside = await door(t, foreign.checkinCode, scoped)
    expect(outside.json.error.message).toBe('No hay ningún registro en este evento con ese código.')
    expect(outside.text).not.toContain('otra entidad')
    expect(await checkedIn(t)).toBe(0)
  })

  it('says a code has a character codes never have, and a document number is not a code', async () => {
    const t = await withEvents(['evento', {}])
    const message = async (code: string) => (await door(t, code)).json.error.message
    for (const typed of ['AB0CDE', 'abc-1ef', 'QOLKJH'])
      expect(await message(typed), typed).toBe(
        'Los códigos de ingreso no llevan O, 0, I, 1 ni L: revise con la persona el código de su comprobante y escríbalo de nuevo.',
      )
    expect(await message('ZZZZZZ')).toBe('No hay ningún registro en este evento con ese código.')
    for (const typed of ['1.020.304.050', '987601', 'AB1234567'])
      expect(await message(typed), typed).toBe(
        'No hay ningún registro en este evento con ese número de documento.',
      )
    // Six digits a code may have: it may be either.
    expect(await message('234567')).toBe(
      'No hay ningún registro en este evento con ese código ni con ese número de documento.',
    )
    const en = await door(t, 'AB0CDE', t.adminToken, { 'accept-language': 'en' })
    expect(en.json.error.message).toMatch(/^Check-in codes never have O, 0, I, 1 or L/)
  })
})
