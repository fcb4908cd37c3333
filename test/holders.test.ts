import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openNodeDb } from '../db/client-node'
import { countersReport } from '../server/services/maintenance'
import { rectifyRegistration } from '../server/services/rectify'
import { scratchDir } from './fixtures/scratch'
import { commitAtFirstClockRead, sampleEvent, type TestApp, testApp, withD1Limits } from './helpers'

/** The app over a real SQLite file (WAL, the Node server's own driver), not an in-memory database. */
async function fileApp() {
  const file = join(scratchDir('cabildo-holders-'), 'cabildo.db')
  const t = await testApp({ deps: { db: withD1Limits(openNodeDb(file)) } })
  for (const [slug, modality] of [
    ['evento', 'hibrida'],
    ['otro', 'virtual'],
    ['sala', 'presencial'],
  ])
    expect(
      (await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug, modality }) }))
        .status,
    ).toBe(201)
  return t
}

const register = async (t: TestApp, slug: string, body: Record<string, unknown>) => {
  const res = await t.call('POST', `/api/events/${slug}/attendance`, { body: { consent: true, ...body } })
  expect(res.status, res.text).toBe(201)
  return res.json as { id: string; attendeeToken: string }
}
const search = (t: TestApp, body: unknown, token = t.adminToken) =>
  t.call('POST', '/api/holders/search', { token, body })
const rectify = (t: TestApp, id: string, body: unknown, slug = 'evento', lang = '') =>
  t.call('PATCH', `/api/events/${slug}/attendance/${id}${lang}`, { token: t.adminToken, body })
const auditRows = (t: TestApp) =>
  (t.deps.db as any).$client.prepare('select action, data from audit_log order by seq').all() as {
    action: string
    data: string
  }[]
const attendeeRow = (t: TestApp, id: string) =>
  (t.deps.db as any).$client.prepare('select * from attendees where id = ?').get(id)
const counters = (t: TestApp) =>
  (t.deps.db as any).$client
    .prepare('select dimension, value, count from attendance_counters order by 1, 2')
    .all()
const agrees = async (t: TestApp) => {
  const report = await countersReport(t.deps.db, { actor: 'test', now: t.deps.now })
  expect(report.events.flatMap((e) => e.drift)).toEqual([])
  expect(report.ok).toBe(true)
}

describe("a holder's data", () => {
  it('finds a person by document, e-mail or phone, normalised as registrations normalise them', async () => {
    const t = await fileApp()
    const ana = await register(t, 'evento', {
      name: 'Ana Pérez',
      documentType: 'CC',
      documentNumber: '1.234.567',
      email: 'ana@example.co',
      gender: 'mujer',
    })
    const byMail = await register(t, 'otro', { name: 'Ana P.', email: 'Ana@Example.CO' })
    const byPhone = await register(t, 'otro', { name: 'Ana', phone: '+57 (300) 123-4567' })
    await register(t, 'evento', { name: 'Otra', documentType: 'CC', documentNumber: '7654321' })
    const asked = await t.call('POST', '/api/events/evento/questions', {
      body: {
        type: 'pregunta',
        text: '¿Cuándo arreglan la vía?',
        name: 'Ana Pérez',
        documentType: 'CC',
        documentNumber: '1234567',
        email: 'ANA@example.co',
      },
    })
    expect(asked.status, asked.text).toBe(201)
    await t.call('PATCH', `/api/questions/${asked.json.id}`, {
      token: t.adminToken,
      body: { status: 'approved' },
    })
    const voted = await t.call('POST', `/api/events/evento/questions/${asked.json.id}/votes`, {
      body: { attendeeToken: ana.attendeeToken },
    })
    expect(voted.status, voted.text).toBe(201)

    const byDoc = await search(t, { documentNumber: '1234567' })
    expect(byDoc.status, byDoc.text).toBe(200)
    expect(byDoc.json.registrations.map((r: { id: string }) => r.id)).toEqual([ana.id])
    expect(byDoc.json.registrations[0]).toMatchObject({
      documentNumber: '1.234.567',
      gender: 'mujer',
      event: { slug: 'evento', country: 'CO', entityName: 'Secretaría de Desarrollo Económico' },
      consent: { version: expect.any(String), accepted: { treatment: true } },
      checkedInAt: null,
      matchedBy: ['documentNumber'],
      votes: [{ questionId: asked.json.id, radicado: asked.json.radicado }],
    })
    expect(byDoc.json.petitions).toMatchObject([
      { radicado: asked.json.radicado, identityReserve: false, matchedBy: ['documentNumber'] },
    ])
    expect(byDoc.json.surveyResponses).toEqual({ linked: false })
    // The type narrows the document to its series: a TI's number is the same person's CC (NUIP), as a
    // registration takes it, so the holder of a TI who now has the CC is found whole either way.
    expect(
      (await search(t, { documentType: 'TI', documentNumber: '1234567' })).json.registrations.map(
        (r: { id: string; matchedBy: string[] }) => [r.id, r.matchedBy],
      ),
    ).toEqual([[ana.id, ['documentNumber']]])
    expect(
      (await search(t, { documentType: 'TI', documentNumber: '1234567' })).json.petitions.map(
        (x: { radicado: string }) => x.radicado,
      ),
    ).toEqual([asked.json.radicado])
    // A foreigner's CE with the same digits is another person at the same event, found beside her
    // without a type and alone with his.
    const jean = await register(t, 'evento', { name: 'Jean', documentType: 'CE', documentNumber: '1234567' })
    const ids = async (q: Record<string, string>) =>
      (await search(t, q)).json.registrations.map((r: { id: string }) => r.id).sort()
    expect(await ids({ documentNumber: '1.234.567' })).toEqual([ana.id, jean.id].sort())
    expect(await ids({ documentType: 'CE', documentNumber: '1234567' })).toEqual([jean.id])
    expect(await ids({ documentType: 'CC', documentNumber: '1234567' })).toEqual([ana.id])

    const mail = await search(t, { email: ' ana@EXAMPLE.co ' })
    expect(mail.json.registrations.map((r: { id: string }) => r.id).sort()).toEqual(
      [ana.id, byMail.id].sort(),
    )
    expect(mail.json.petitions.map((x: { matchedBy: string[] }) => x.matchedBy)).toEqual([['email']])

    const phone = await search(t, { phone: '+57 300 123 4567' })
    expect(phone.json.registrations.map((r: { id: string }) => r.id)).toEqual([byPhone.id])
    expect(phone.json.registrations[0].matchedBy).toEqual(['phone'])
  })

  it('gives the words of the notice each registration accepted, though the notice has changed since', async () => {
    const t = await fileApp()
    const before = (await t.call('GET', '/api/events/evento')).json
    const ana = await register(t, 'evento', { name: 'Ana', email: 'ana@example.co' })
    const title = 'Rendición de cuentas 2026, segunda sesión'
    expect(
      (await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { title } })).status,
    ).toBe(200)
    const luis = await register(t, 'evento', { name: 'Luis', email: 'luis@example.co' })
    const found = async (email: string) => (await search(t, { email })).json.registrations[0]
    const first = await found('ana@example.co')
    const second = await found('luis@example.co')
    expect(second.id).toBe(luis.id)
    expect(first.consent.version).not.toBe(second.consent.version)
    expect(first.consentNotice.purpose).toContain(`«${before.event.title}»`)
    expect(second.consentNotice.purpose).toContain(`«${title}»`)
    expect(first.consentNotice.controller).toMatch(/^Responsable del tratamiento: /)
    // One row per version, whatever the number of people who accepted it.
    await register(t, 'evento', { name: 'Rosa', email: 'rosa@example.co' })
    const kept = (t.deps.db as any).$client.prepare('select version from consent_notices order by 1').all()
    expect(kept.map((r: { version: string }) => r.version).sort()).toEqual(
      [first.consent.version, second.consent.version].sort(),
    )
    // Accepted before the notices were kept: found again while the notice still hashes to its version,
    // and none once its words have changed, rather than words that were not the ones shown.
    ;(t.deps.db as any).$client.prepare('delete from consent_notices').run()
    expect((await found('luis@example.co')).consentNotice.purpose).toContain(`«${title}»`)
    expect((await found('ana@example.co')).consentNotice).toBeNull()
    expect(ana.id).toBe(first.id)
  })

  it('finds a phone written with or without its country code, and not one that only ends like it', async () => {
    const t = await fileApp()
    const mobile = await register(t, 'evento', { name: 'Ana', phone: '300 123 4567' })
    const abroad = await register(t, 'otro', { name: 'Ana', phone: '0057 (300) 123-4567' })
    const quito = await register(t, 'evento', {
      name: 'Luis',
      email: 'luis@example.ec',
      phone: '099 123 4567',
    })
    const landline = await register(t, 'otro', {
      name: 'Luis',
      email: 'l2@example.ec',
      phone: '+593 2 234 5678',
    })
    // Ends with Ana's ten digits, but a longer number: someone else's.
    await register(t, 'sala', {
      name: 'Otro',
      documentType: 'CC',
      documentNumber: '5550001',
      phone: '9 300 123 4567',
    })
    await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'peticion', text: '¿Y mis datos?', name: 'Ana', phone: '+57 300 1234567' },
    })
    const ids = (res: Awaited<ReturnType<typeof search>>) =>
      res.json.registrations.map((r: { id: string }) => r.id).sort()

    for (const phone of ['+57 300 123 4567', '3001234567', '(300) 123-4567', '57 300 123 4567']) {
      const res = await search(t, { phone })
      expect(ids(res), phone).toEqual([mobile.id, abroad.id].sort())
      expect(res.json.registrations.map((r: { matchedBy: string[] }) => r.matchedBy)).toEqual([
        ['phone'],
        ['phone'],
      ])
      expect(
        res.json.petitions.map((x: { phone: string }) => x.phone),
        phone,
      ).toEqual(['+57 300 1234567'])
    }
    expect(ids(await search(t, { phone: '+593 99 123 4567' }))).toEqual([quito.id])
    expect(ids(await search(t, { phone: '02 234 5678' }))).toEqual([landline.id])
    // Another number, however it ends: nothing.
    expect(ids(await search(t, { phone: '1 234 5678' }))).toEqual([])
  })

  it('refuses an empty or bad search in the envelope, and audits nothing', async () => {
    const t = await fileApp()
    const before = auditRows(t).length
    for (const body of [
      {},
      { documentType: 'CC' },
      { email: 'no-es-correo' },
      { phone: '12' },
      { name: 'Ana' },
    ]) {
      const res = await search(t, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_ERROR')
      expect(res.json.error.issues.length).toBeGreaterThan(0)
    }
    const en = await t.call('POST', '/api/holders/search?lang=en', { token: t.adminToken, body: {} })
    expect(en.json.error.issues[0].message).toBe("Give the person's document, e-mail or phone.")
    expect(auditRows(t)).toHaveLength(before)
  })

  it('audits each search with the kinds of key used and never the values searched', async () => {
    const t = await fileApp()
    const ana = await register(t, 'evento', {
      name: 'Ana',
      documentType: 'CC',
      documentNumber: '99.887.766',
      email: 'ana.secreta@example.co',
      phone: '3105550000',
    })
    await search(t, { documentNumber: '99887766', email: 'ana.secreta@example.co', phone: '310 555 0000' })
    const rows = auditRows(t).filter((r) => r.action === 'holder.search')
    expect(rows).toHaveLength(1)
    expect(JSON.parse(rows[0].data)).toEqual({
      keys: ['documentNumber', 'email', 'phone'],
      attendees: [ana.id],
      questions: [],
      truncated: false,
    })
    const all = JSON.stringify((t.deps.db as any).$client.prepare('select * from audit_log').all())
    for (const clear of ['99887766', '99.887.766', 'ana.secreta', '3105550000', '310 555 0000'])
      expect(all).not.toContain(clear)
  })

  it('is for admins only', async () => {
    const t = await fileApp()
    for (const role of ['moderator', 'analyst'] as const) {
      const token = await t.staffToken(role)
      expect((await search(t, { email: 'a@b.co' }, token)).status).toBe(403)
    }
  })
})

describe('rectifying a registration', () => {
  it('corrects the fields and moves the counters with them, as the counters check finds', async () => {
    const t = await fileApp()
    const a = await register(t, 'evento', {
      name: 'Ana',
      documentType: 'CC',
      documentNumber: '1234567',
      gender: 'mujer',
      territory: 'Comuna 1',
      populationGroups: ['campesino'],
      channel: 'voz_a_voz',
    })
    await register(t, 'evento', {
      name: 'Luis',
      documentType: 'CC',
      documentNumber: '2222222',
      gender: 'hombre',
    })
    const res = await rectify(t, a.id, {
      name: 'Ana María Pérez',
      documentNumber: '1.234.568',
      email: 'Ana@Example.co',
      gender: 'hombre',
      territory: 'El Poblado',
      populationGroups: null,
      ageRange: '29_40',
    })
    expect(res.status, res.text).toBe(200)
    expect(res.json.attendee).toMatchObject({
      id: a.id,
      name: 'Ana María Pérez',
      documentNumber: '1.234.568',
      email: 'ana@example.co',
      gender: 'hombre',
      populationGroups: null,
      ageRange: '29_40',
    })
    expect(attendeeRow(t, a.id).person_key).toBe('doc:CO:1234568')
    await agrees(t)
    const summary = (await t.call('GET', '/api/events/evento/attendance/summary', { token: t.adminToken }))
      .json
    const gender = summary.breakdowns.find((b: { id: string }) => b.id === 'gender')
    expect(gender.options.find((r: { value: string }) => r.value === 'hombre').count).toBe(2)
    // The person is now found by the new document, and the old one finds no one.
    expect((await search(t, { documentNumber: '1234568' })).json.registrations).toHaveLength(1)
    expect((await search(t, { documentNumber: '1234567' })).json.registrations).toHaveLength(0)
  })

  it('forgets the hash of what was first sent, which the corrected values could be matched against', async () => {
    const t = await fileApp()
    const sent = {
      consent: true,
      name: 'Ana',
      documentType: 'CC',
      documentNumber: '1234567',
      gender: 'mujer',
    }
    const key = { 'idempotency-key': 'registro-rectificado-0001' }
    const post = () => t.call('POST', '/api/events/evento/attendance', { body: sent, headers: key })
    const first = await post()
    expect(first.status).toBe(201)
    // A retry of the same body is recognised by that hash: it gets the first answer back.
    expect((await post()).json).toEqual(first.json)
    expect((await rectify(t, first.json.id, { documentNumber: '1234568' })).status).toBe(200)
    const kept = (t.deps.db as any).$client
      .prepare('select request_hash from idempotency_keys where resource_id = ?')
      .all(first.json.id)
    expect(kept).toEqual([{ request_hash: 'erased' }])
    // The old body is no longer recognised, and is not registered again either.
    const late = await post()
    expect([late.status, late.json.error.code]).toEqual([422, 'IDEMPOTENCY_CONFLICT'])
    const list = await t.call('GET', '/api/events/evento/attendance', { token: t.adminToken })
    expect(list.json.attendees.map((a: { documentNumber: string }) => a.documentNumber)).toEqual(['1234568'])
  })

  it('audits the names of the fields changed, never their values', async () => {
    const t = await fileApp()
    const a = await register(t, 'evento', { name: 'Ana', email: 'ana@example.co' })
    await rectify(t, a.id, { name: 'Ana Zuleta', phone: '3001112233' })
    const entry = auditRows(t).find((r) => r.action === 'attendance.rectify')!
    expect(JSON.parse(entry.data)).toEqual({ fields: ['name', 'phone'] })
    expect(entry.data).not.toContain('Zuleta')
  })

  it("refuses a document or e-mail that is another registration's at the event, and changes nothing", async () => {
    const t = await fileApp()
    const a = await register(t, 'evento', {
      name: 'Ana',
      documentType: 'CC',
      documentNumber: '1234567',
      gender: 'mujer',
    })
    await register(t, 'evento', { name: 'Luis', documentType: 'CC', documentNumber: '7654321' })
    await register(t, 'otro', { name: 'Ana', documentType: 'CC', documentNumber: '5555555' })
    const row = attendeeRow(t, a.id)
    const before = [counters(t), auditRows(t).length]
    const res = await rectify(t, a.id, { documentNumber: '7.654.321', gender: 'hombre' })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('PERSON_ALREADY_REGISTERED')
    expect(attendeeRow(t, a.id)).toEqual(row)
    expect([counters(t), auditRows(t).length]).toEqual(before)
    // The same document at another event is no one's here.
    expect((await rectify(t, a.id, { documentNumber: '5555555' })).status).toBe(200)
    await agrees(t)
  })

  it('refuses what a registration would refuse, in the envelope, and changes nothing', async () => {
    const t = await fileApp()
    const a = await register(t, 'evento', { name: 'Ana', documentType: 'CC', documentNumber: '1234567' })
    const b = await register(t, 'sala', { name: 'Luis', documentType: 'CC', documentNumber: '1234567' })
    const row = attendeeRow(t, a.id)
    const before = [counters(t), auditRows(t).length]
    const refused: [Record<string, unknown>, string, string?][] = [
      [{ email: 'no-es-correo' }, 'email'],
      [{ gender: 'otro-valor' }, 'gender'],
      [{ name: '' }, 'name'],
      [{ consent: false }, 'consent'],
      [{ linkChannel: 'whatsapp' }, 'linkChannel'],
      [{ documentType: null }, 'documentType'],
      [{ documentNumber: null }, 'documentNumber'],
      [{ ageRange: 'menos_18' }, 'guardianConsent'],
      [{ populationGroups: ['campesino'] }, 'populationGroups'],
      [{ documentNumber: null }, 'documentNumber', 'sala'],
    ]
    for (const [body, path, slug] of refused) {
      const res = await rectify(t, slug ? b.id : a.id, body, slug)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_ERROR')
      expect(
        res.json.error.issues.map((i: { path: string }) => i.path),
        JSON.stringify(body),
      ).toContain(path)
    }
    const en = await rectify(t, a.id, { populationGroups: ['campesino'] }, 'evento', '?lang=en')
    expect(en.json.error.issues[0].message).toMatch(/does not cover sensitive data/)
    expect(attendeeRow(t, a.id)).toEqual(row)
    expect([counters(t), auditRows(t).length]).toEqual(before)
    const gone = await rectify(t, 'no-existe', { name: 'X' })
    expect(gone.status).toBe(404)
    expect(gone.json.error.code).toBe('ATTENDEE_NOT_FOUND')
  })

  it('answers a change of nothing with the registration as it was, and writes nothing', async () => {
    const t = await fileApp()
    const a = await register(t, 'evento', {
      name: 'Ana',
      email: 'ana@example.co',
      gender: 'mujer',
      populationGroups: ['campesino', 'victima'],
    })
    const before = [counters(t), auditRows(t).length]
    for (const body of [
      {},
      { name: 'Ana', email: 'ANA@example.co', gender: 'mujer' },
      { populationGroups: ['campesino', 'victima'] },
    ]) {
      const res = await rectify(t, a.id, body)
      expect(res.status).toBe(200)
      expect(res.json.attendee).toMatchObject({ id: a.id, name: 'Ana', email: 'ana@example.co' })
    }
    expect([counters(t), auditRows(t).length]).toEqual(before)
  })

  it('decides again on what a concurrent deletion left: the registration is gone', async () => {
    const t = await fileApp()
    const a = await register(t, 'evento', { name: 'Ana', email: 'ana@example.co', gender: 'mujer' })
    const [patch, del] = await Promise.all([
      rectify(t, a.id, { gender: 'hombre' }),
      t.call('DELETE', `/api/events/evento/attendance/${a.id}`, { token: t.adminToken }),
    ])
    expect(del.status).toBe(204)
    // Corrected then deleted, or found deleted already: never a correction of a registration that is gone.
    if (patch.status !== 200) expect(patch.json.error.code).toBe('ATTENDEE_NOT_FOUND')
    await agrees(t)
  })

  it('writes only on the registration as it was read, and decides again on one changed meanwhile', async () => {
    const t = await fileApp()
    const a = await register(t, 'evento', { name: 'Ana', email: 'ana@example.co', territory: 'Belén' })
    // Another correction lands between this one's read and its commit.
    const race = commitAtFirstClockRead(t, `update attendees set name = 'Ana B.' where id = '${a.id}'`)
    const user = { id: 'u1', email: 'admin@test.co', role: 'admin' as const, tokenId: 't1', entityIds: null }
    const done = await rectifyRegistration(race.deps, user, {
      slug: 'evento',
      id: a.id,
      body: { territory: 'El Poblado' },
      lang: 'es',
    })
    expect(race.reads()).toBe(2)
    expect(done).toMatchObject({ name: 'Ana B.', territory: 'El Poblado' })
    expect(auditRows(t).filter((r) => r.action === 'attendance.rectify')).toHaveLength(1)
    await agrees(t)
  })

  it("corrects a petitioner's data at their request, in the question and its constancia, and audits only the fields", async () => {
    const t = await fileApp()
    const filed = await t.call('POST', '/api/events/evento/questions', {
      body: {
        type: 'peticion',
        text: '¿Cuándo arreglan la vía?',
        name: 'Rosa Malescrita',
        email: 'rosa@mal.example.org',
        phone: '3001234567',
      },
    })
    expect(filed.status).toBe(201)
    const fix = (id: string, body: unknown, token = t.adminToken) =>
      t.call('PATCH', `/api/questions/${id}/petitioner`, { token, body })
    const res = await fix(filed.json.id, {
      name: 'Rosa Bienescrita',
      email: 'rosa@bien.example.org',
      phone: null,
    })
    expect(res.status, res.text).toBe(200)
    expect(res.json.question.petitioner).toMatchObject({
      name: 'Rosa Bienescrita',
      email: 'rosa@bien.example.org',
      phone: null,
    })
    const constancia = await t.call('GET', `/api/questions/${filed.json.id}/constancia?format=json`, {
      token: t.adminToken,
    })
    expect(constancia.json.constancia.petitioner).toMatchObject({
      name: 'Rosa Bienescrita',
      email: 'rosa@bien.example.org',
      phone: null,
    })
    expect(constancia.json.constancia.petitionerRectifiedAt).toBe('2026-11-21T15:00:00.000Z')
    expect(constancia.json.constancia.text).toBe('¿Cuándo arreglan la vía?')
    // The holder is found by what they now are, not by what was wrong.
    expect((await search(t, { email: 'rosa@bien.example.org' })).json.petitions).toHaveLength(1)
    expect((await search(t, { email: 'rosa@mal.example.org' })).json.petitions).toHaveLength(0)
    const audit = auditRows(t).filter((r) => r.action === 'question.petitioner_rectify')
    expect(audit.map((r) => JSON.parse(r.data))).toEqual([{ fields: ['name', 'email', 'phone'] }])
    expect(JSON.stringify(auditRows(t))).not.toContain('Bienescrita')
    // The first answer kept for a retry of the petition no longer holds a hash of the old data: that
    // body is no longer recognised, and is not filed twice.
    const retry = await t.call('POST', '/api/events/evento/questions', {
      headers: { 'idempotency-key': 'peticion-rectificada-01' },
      body: {
        type: 'peticion',
        text: '¿Y el alumbrado?',
        name: 'Rosa Malescrita',
        email: 'rosa@mal.example.org',
      },
    })
    expect(retry.status).toBe(201)
    expect((await fix(retry.json.id, { email: 'rosa@bien.example.org' })).status).toBe(200)
    const kept = (t.deps.db as any).$client
      .prepare('select request_hash from idempotency_keys where resource_id = ?')
      .all(retry.json.id)
    expect(kept).toEqual([{ request_hash: 'erased' }])
    const late = await t.call('POST', '/api/events/evento/questions', {
      headers: { 'idempotency-key': 'peticion-rectificada-01' },
      body: {
        type: 'peticion',
        text: '¿Y el alumbrado?',
        name: 'Rosa Malescrita',
        email: 'rosa@mal.example.org',
      },
    })
    expect([late.status, late.json.error.code]).toEqual([422, 'IDEMPOTENCY_CONFLICT'])
    const listed = await t.call('GET', '/api/events/evento/questions', { token: t.adminToken })
    expect(listed.json.questions).toHaveLength(2)
    // Refused: a bad e-mail, nothing to correct, an anonymous petition, a moderator.
    expect((await fix(filed.json.id, { email: 'no-es-correo' })).json.error.issues[0].path).toBe('email')
    expect((await fix(filed.json.id, {})).status).toBe(400)
    const anon = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'peticion', text: 'Anónima', anonymous: true },
    })
    expect((await fix(anon.json.id, { name: 'Alguien' })).json.error.code).toBe('PETITION_ANONYMOUS')
    expect((await fix(filed.json.id, { name: 'Otra' }, await t.staffToken('moderator'))).status).toBe(403)
  })
})
