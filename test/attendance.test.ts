import { renderSVG } from 'uqr'
import { describe, expect, it } from 'vitest'
import { MemoryRateLimiter } from '../server/ratelimit/memory'
import { sha256HexSync } from '../server/services/sha256'
import { sealKey } from '../server/services/token-seal'
import { sampleEvent, type TestApp, testApp } from './helpers'

const person = (over: Record<string, unknown> = {}) => ({
  name: 'Ana Pérez',
  documentType: 'CC',
  documentNumber: '1.020.304.050',
  email: 'ana@example.co',
  consent: true,
  ...over,
})

async function withEvent(over: Record<string, unknown> = {}, opts: Parameters<typeof testApp>[0] = {}) {
  const t = await testApp(opts)
  const res = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento', ...over }),
  })
  expect(res.status).toBe(201)
  return t
}

const register = (t: TestApp, body: unknown, headers: Record<string, string> = {}) =>
  t.call('POST', '/api/events/evento/attendance', { body, headers })
const summary = async (t: TestApp) =>
  (await t.call('GET', '/api/events/evento/attendance/summary', { token: t.adminToken })).json
const breakdown = (s: any, id: string) => s.breakdowns.find((b: { id: string }) => b.id === id)

describe('attendance registration', () => {
  it('registers a person with consent and gives a token and a check-in code once', async () => {
    const t = await withEvent()
    const res = await register(t, person())
    expect(res.status).toBe(201)
    expect(Object.keys(res.json).sort()).toEqual(['attendeeToken', 'checkinCode', 'id'])
    // Its stamp (the moment it was made, in ms, 12 hex digits), then 256 random bits.
    const stamp = Date.parse('2026-11-21T15:00:00Z').toString(16).padStart(12, '0')
    expect(res.json.attendeeToken).toMatch(new RegExp(`^${stamp}[A-Za-z0-9_-]{43}$`))
    expect(res.json.checkinCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/)
    // Kept as its stamp and its hash: the index that finds tokens takes each new one at its end.
    const [kept] = (t.deps.db as any).$client
      .prepare('select token_hash from attendees where id = ?')
      .all(res.json.id)
    expect(kept.token_hash).toBe(stamp + sha256HexSync(res.json.attendeeToken))
    const list = await t.call('GET', '/api/events/evento/attendance', { token: t.adminToken })
    const [row] = list.json.attendees
    expect(row).toMatchObject({
      id: res.json.id,
      name: 'Ana Pérez',
      source: 'form',
      checkinCode: res.json.checkinCode,
    })
    expect(row).not.toHaveProperty('tokenHash')
    expect(row.consent).toEqual({
      version: (await t.call('GET', '/api/events/evento')).json.consent.version,
      at: '2026-11-21T15:00:00.000Z',
      lang: 'es',
      accepted: { treatment: true, sensitive: false, guardian: false },
    })
  })

  it('serves the consent notice built from the entity with the event, and versions it by its text', async () => {
    const t = await withEvent()
    const view = (await t.call('GET', '/api/events/evento')).json
    expect(view.consent.controller).toMatchObject({
      name: 'Secretaría de Desarrollo Económico',
      nit: '899999061-9',
    })
    expect(view.consent.authority.name).toMatch(/Superintendencia de Industria y Comercio/)
    expect(view.consent.text.sensitive).toMatch(/facultativo/)
    expect(view.consent.text.minors).toMatch(/menor de 18/)
    expect(view.forms.map((f: { key: string }) => f.key)).toEqual(['evaluacion'])
    const en = (await t.call('GET', '/api/events/evento', { headers: { 'accept-language': 'en' } })).json
      .consent
    expect(en.version).toBe(view.consent.version)
    expect(en.text.purpose).toMatch(/^Purpose/)
    const entity = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities[0]
    await t.call('PATCH', `/api/entities/${entity.id}`, {
      token: t.adminToken,
      body: { address: 'Calle 10 # 5-20' },
    })
    const after = (await t.call('GET', '/api/events/evento')).json.consent
    expect(after.version).not.toBe(view.consent.version)
    expect(after.text.controller).toContain('Calle 10 # 5-20')
    const old = await register(t, person({ consentVersion: view.consent.version }))
    expect(old.status).toBe(409)
    expect(old.json.error.code).toBe('CONSENT_OUTDATED')
    expect((await register(t, person({ consentVersion: after.version }))).status).toBe(201)
  })

  it('refuses a registration without explicit consent and stores nothing', async () => {
    const t = await withEvent()
    for (const consent of [false, undefined, 'true', 1]) {
      const res = await register(t, person({ consent }))
      expect(res.status).toBe(400)
      expect(res.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['consent'])
    }
    expect((await summary(t)).registered.value).toBe(0)
  })

  it('gives the same person the first registration, by document number or else by e-mail', async () => {
    const t = await withEvent()
    const first = await register(t, person())
    const again = await register(
      t,
      person({ name: 'Ana M. Pérez', documentNumber: '1020304050', email: 'otra@x.co' }),
    )
    expect(again.status).toBe(200)
    expect(again.json).toEqual({ id: first.json.id, alreadyRegistered: true })
    const byMail = await register(t, { name: 'Luis', email: 'Luis@Example.co', consent: true })
    const byMailAgain = await register(t, { name: 'Luis R.', email: 'luis@example.co ', consent: true })
    expect(byMailAgain.json.id).toBe(byMail.json.id)
    expect((await summary(t)).registered.value).toBe(2)
  })

  it('tells apart two people whose documents of different kinds share their digits, not one person’s TI and CC', async () => {
    const t = await withEvent()
    const colombian = await register(t, person())
    // A foreigner's cédula de extranjería with the same digits is another person.
    const foreigner = await register(
      t,
      person({ name: 'Jean Dupont', documentType: 'CE', documentNumber: '1020304050', email: 'jd@x.co' }),
    )
    expect([colombian.status, foreigner.status]).toEqual([201, 201])
    expect(foreigner.json.id).not.toBe(colombian.json.id)
    // The TI's number stays the person's for life (NUIP) and is the CC's: the same person.
    const young = await register(
      t,
      person({
        name: 'Luis',
        documentType: 'TI',
        documentNumber: '1122334455',
        ageRange: 'menos_18',
        guardianConsent: true,
      }),
    )
    expect(young.status, young.text).toBe(201)
    const grown = await register(
      t,
      person({ name: 'Luis', documentType: 'CC', documentNumber: '1122334455' }),
    )
    expect(grown.json).toEqual({ id: young.json.id, alreadyRegistered: true })
    expect((await summary(t)).registered.value).toBe(3)
  })

  it('counts two people who share one phone as two, and a retry of one of them once', async () => {
    // A household often has one phone: a phone is a way to reach someone, not who they are.
    const t = await withEvent()
    const mother = { name: 'Carmen Rojas', phone: '3104445566', consent: true }
    const first = await register(t, mother, { 'idempotency-key': 'registro-carmen' })
    const retry = await register(t, mother, { 'idempotency-key': 'registro-carmen' })
    expect(retry.json).toEqual(first.json)
    const son = await register(t, { name: 'Julián Rojas', phone: '310 444 5566', consent: true })
    expect(son.status).toBe(201)
    expect(son.json.id).not.toBe(first.json.id)
    expect((await summary(t)).registered.value).toBe(2)
  })

  it('takes a phone written as people write it, and refuses one with too few or too many digits', async () => {
    const t = await withEvent()
    const withPhone = (name: string, phone: string) => register(t, { name, phone, consent: true })
    for (const [i, phone] of ['(601) 234 5678', '+57 300-123.4567', '3001234567', ' 601 2345 '].entries())
      expect((await withPhone(`Persona ${i}`, phone)).status).toBe(201)
    for (const phone of [
      '12',
      '(601) 23',
      'llámeme 3001234567',
      '1'.repeat(21),
      '+57 (300)) 123 45 67 ext 2',
    ]) {
      const res = await withPhone('Nadie', phone)
      expect(res.status).toBe(400)
      expect(res.json.error.issues).toEqual([
        {
          path: 'phone',
          message: 'Escriba un teléfono de 7 a 20 dígitos; puede llevar espacios, guiones y paréntesis.',
        },
      ])
    }
    expect((await summary(t)).registered.value).toBe(4)
  })

  it('answers an Idempotency-Key retry with the first answer, token included', async () => {
    const t = await withEvent()
    const headers = { 'idempotency-key': 'registro-7f3a' }
    const first = await register(t, person(), headers)
    const retry = await register(t, person(), headers)
    expect(retry.status).toBe(201)
    expect(retry.json).toEqual(first.json)
    expect((await register(t, person({ name: 'Otra' }), headers)).json.error.code).toBe(
      'IDEMPOTENCY_CONFLICT',
    )
    const duplicate = await register(t, person({ name: 'Ana' }), { 'idempotency-key': 'segundo' })
    expect((await register(t, person({ name: 'Ana' }), { 'idempotency-key': 'segundo' })).json).toEqual(
      duplicate.json,
    )
    expect((await summary(t)).registered.value).toBe(1)
  })

  it('answers a retry of a stored registration with it after the event closed or its notice changed', async () => {
    const t = await withEvent()
    const headers = { 'idempotency-key': 'registro-antes-del-cierre' }
    const view = (await t.call('GET', '/api/events/evento')).json
    const body = person({ consentVersion: view.consent.version })
    const first = await register(t, body, headers)
    expect(first.status).toBe(201)
    // The notice changes (the entity's address), then the event closes: the reply was lost meanwhile.
    const entity = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities[0]
    await t.call('PATCH', `/api/entities/${entity.id}`, { token: t.adminToken, body: { address: 'Calle 1' } })
    expect((await register(t, body, headers)).json).toEqual(first.json)
    expect((await register(t, body)).json.error.code).toBe('CONSENT_OUTDATED')
    await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { status: 'closed' } })
    const retry = await register(t, body, headers)
    expect([retry.status, retry.json]).toEqual([201, first.json])
    expect((await register(t, body, { 'idempotency-key': 'otra' })).json.error.code).toBe('EVENT_CLOSED')
    expect((await summary(t)).registered.value).toBe(1)
  })

  it('keeps a key made as the widget makes them in time order, and keys at an event that kept them before as before', async () => {
    const t = await withEvent()
    const client = (t.deps.db as any).$client
    const keys = () =>
      (client.prepare('select key from idempotency_keys order by key').all() as { key: string }[]).map(
        (r) => r.key,
      )
    const hashed = (key: string) => sha256HexSync(`cabildo-idem:${key}`)
    // The widget's keys begin with the moment they were made, in milliseconds.
    const made = `${Date.now()}1234567890-987654321-55`
    const first = await register(t, person(), { 'idempotency-key': made })
    expect(first.status).toBe(201)
    expect(keys()).toEqual([`${made.slice(0, 13)}:${hashed(made)}`])
    expect((await register(t, person(), { 'idempotency-key': made })).json).toEqual(first.json)
    // Another form of key is kept as its hash alone, as before.
    const other = person({ documentNumber: '52.111.222', email: 'b@example.co' })
    await register(t, other, { 'idempotency-key': 'clave-sin-hora' })
    expect(keys()).toContain(hashed('clave-sin-hora'))

    // An event whose keys were kept before they were ordered (migration 0029) keeps each as its hash, so
    // that a retry of one kept then finds it, token included, after the event closed too.
    const old = await withEvent()
    const oldClient = (old.deps.db as any).$client
    oldClient.prepare("update events set stored_keys = 'hashed'").run()
    const kept = () => oldClient.prepare('select key from idempotency_keys').all()
    const before = await register(old, person(), { 'idempotency-key': made })
    expect(kept()).toEqual([{ key: hashed(made) }])
    expect((await register(old, person(), { 'idempotency-key': made })).json).toEqual(before.json)
    await old.call('PATCH', '/api/events/evento', { token: old.adminToken, body: { status: 'closed' } })
    expect((await register(old, person(), { 'idempotency-key': made })).json).toEqual(before.json)
    expect(kept()).toHaveLength(1)
    expect((await summary(old)).registered.value).toBe(1)
  })

  it('stores only hashes of the token and of the Idempotency-Key', async () => {
    const t = await withEvent()
    const res = await register(t, person(), { 'idempotency-key': 'clave-secreta' })
    const client = (t.deps.db as any).$client
    const dump = JSON.stringify([
      client.prepare('select * from attendees').all(),
      client.prepare('select * from idempotency_keys').all(),
    ])
    expect(dump).not.toContain(res.json.attendeeToken)
    expect(dump).not.toContain('clave-secreta')
  })

  it('gives a retry the token of a registration stored before tokens were derived, sealed with AES-GCM', async () => {
    const t = await withEvent()
    const headers = { 'idempotency-key': 'registro-de-antes' }
    const first = await register(t, person(), headers)
    // The row as the earlier version stored it: the token itself, sealed under a key from the key.
    const old = 'token-de-una-version-anterior'
    const iv = crypto.getRandomValues(new Uint8Array(12))
    const key = await crypto.subtle.importKey('raw', sealKey('registro-de-antes'), 'AES-GCM', false, [
      'encrypt',
    ])
    const sealed = new Uint8Array([
      ...iv,
      ...new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(old)),
      ),
    ])
    const client = (t.deps.db as any).$client
    client
      .prepare('update attendees set token_sealed = ?, token_hash = ? where id = ?')
      .run(Buffer.from(sealed).toString('base64url'), sha256HexSync(old), first.json.id)
    const retry = await register(t, person(), headers)
    expect([retry.status, retry.json]).toEqual([201, { ...first.json, attendeeToken: old }])
    // A row whose kept value no longer matches its token hash gives the first id, never a wrong token.
    client
      .prepare('update attendees set token_hash = ? where id = ?')
      .run(sha256HexSync('otro'), first.json.id)
    expect(await register(t, person(), headers)).toMatchObject({
      status: 200,
      json: { id: first.json.id, alreadyRegistered: true },
    })
  })

  it('closes registration with the event and hides drafts and unknown events', async () => {
    const t = await withEvent({ status: 'closed' })
    const closed = await register(t, person())
    expect(closed.status).toBe(409)
    expect(closed.json.error.code).toBe('EVENT_CLOSED')
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'borrador', status: 'draft' }),
    })
    expect((await t.call('POST', '/api/events/borrador/attendance', { body: person() })).status).toBe(404)
    expect(
      (await t.call('POST', '/api/events/no-existe/attendance', { body: person() })).json.error.code,
    ).toBe('EVENT_NOT_FOUND')
  })

  it('answers bad input with the envelope and stores nothing', async () => {
    const t = await withEvent()
    const cases: [unknown, number][] = [
      ['{"name": ', 400],
      [person({ extra: 1 }), 400],
      [person({ name: 42 }), 400],
      [person({ name: 'x'.repeat(5000) }), 400],
      [person({ gender: 'otro' }), 400],
      [person({ populationGroups: ['ninguno', 'afro'] }), 400],
      [{ ...person(), documentNumber: undefined, email: undefined }, 400],
      [person({ territory: 'y'.repeat(70_000) }), 413],
    ]
    for (const [body, status] of cases) {
      const res = await register(t, body)
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status)
      expect(res.json.error.code).toBeTypeOf('string')
    }
    expect((await summary(t)).registered.value).toBe(0)
  })

  it('asks for the document in an in-person event and for a guardian when the person is a minor', async () => {
    const t = await withEvent({ modality: 'presencial' })
    const noDoc = await register(t, { name: 'Sin documento', email: 'a@b.co', consent: true })
    expect(noDoc.json.error.issues[0].path).toBe('documentNumber')
    const minor = await register(t, person({ ageRange: 'menos_18', populationGroups: ['afro'] }))
    expect(minor.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'guardianConsent',
      'populationGroups',
    ])
    const ok = await register(t, person({ ageRange: 'menos_18', guardianConsent: true }))
    expect(ok.status).toBe(201)
    // A minor's document without the age: the age is asked for, so the guard above can apply.
    const ti = person({ documentType: 'TI', documentNumber: '1098765432', email: 'ti@x.co' })
    expect((await register(t, ti)).json.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'ageRange',
    ])
    // "Prefer not to answer" would let a minor past the guard, sensitive answers and all.
    const unsaid = { ...ti, ageRange: 'prefiero_no_responder', populationGroups: ['victima'] }
    expect((await register(t, unsaid)).json.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'ageRange',
    ])
    expect((await register(t, { ...ti, ageRange: 'menos_18' })).json.error.issues[0].path).toBe(
      'guardianConsent',
    )
    // Just turned 18 and still with the tarjeta: an adult.
    expect((await register(t, { ...ti, ageRange: '18_28' })).status).toBe(201)
  })

  it("checks an Ecuadorian cédula's province and check digit, so a typo is not another person", async () => {
    const t = await withEvent({ modality: 'presencial' })
    const person = (documentNumber: string) => ({
      name: 'Rosa',
      documentType: 'CI',
      documentNumber,
      consent: true,
    })
    for (const typo of ['1710034066', '9999999999', '17100340', 'ABC']) {
      const res = await register(t, person(typo))
      expect([res.status, res.json.error.issues.map((i: { path: string }) => i.path)], typo).toEqual([
        400,
        ['documentNumber'],
      ])
    }
    expect((await register(t, person('171003406-5'))).status).toBe(201)
    expect((await register(t, person('0926687856'))).status).toBe(201)
    expect((await summary(t)).registered.value).toBe(2)
  })
})

describe('attendance figures', () => {
  it('counts registrations by characterisation and by the channel of the join link', async () => {
    const t = await withEvent()
    const people = [
      { gender: 'mujer', territory: 'Comuna 3', linkChannel: 'whatsapp', channel: 'redes_sociales' },
      {
        gender: 'mujer',
        territory: 'comuna 3 ',
        linkChannel: 'WhatsApp',
        populationGroups: ['afro', 'victima'],
      },
      { gender: 'hombre', territory: 'Corregimiento Santa Elena', linkChannel: 'facebook' },
      { gender: 'prefiero_no_responder', linkChannel: 'telepatía' },
      // A link that a social network or a mailer tagged: counted as "otro", never refused.
      { linkChannel: `whatsapp&utm_source=${'x'.repeat(80)}` },
    ]
    for (const [i, extra] of people.entries())
      expect(
        (await register(t, person({ documentNumber: `1000${i}`, email: `p${i}@x.co`, ...extra }))).status,
      ).toBe(201)
    const s = await summary(t)
    expect(s.registered).toEqual({ value: 5, source: 'registro' })
    expect(s.bySource).toEqual({ form: 5, staff: 0 })
    const gender = breakdown(s, 'gender')
    expect(gender.surveyId).toBe('genero')
    expect(gender.answered).toBe(4)
    expect(gender.options.map((o: any) => [o.value, o.count, o.percent])).toEqual([
      ['mujer', 2, 50],
      ['hombre', 1, 25],
      ['no_binario', 0, 0],
      ['prefiero_no_responder', 1, 25],
    ])
    expect(breakdown(s, 'territory').options.map((o: any) => [o.label, o.count])).toEqual([
      ['Comuna 3', 2],
      ['Corregimiento Santa Elena', 1],
    ])
    expect(breakdown(s, 'linkChannel').options.map((o: any) => [o.value, o.count, o.label])).toEqual([
      ['otro', 2, 'Otro'],
      ['whatsapp', 2, 'WhatsApp'],
      ['facebook', 1, 'Facebook'],
    ])
    // In English, the channels' names too, as the breakdown's own name.
    const en = (
      await t.call('GET', '/api/events/evento/attendance/summary', {
        token: t.adminToken,
        headers: { 'accept-language': 'en' },
      })
    ).json
    expect(breakdown(en, 'linkChannel').label).toBe('Invitation link channel')
    expect(breakdown(en, 'linkChannel').options.map((o: any) => o.label)).toEqual([
      'Other',
      'WhatsApp',
      'Facebook',
    ])
    const groups = breakdown(s, 'populationGroups')
    expect([groups.answered, groups.sensitive]).toEqual([1, true])
  })

  it('suppresses small cells and sensitive breakdowns in the public summary', async () => {
    const t = await withEvent()
    const genders = [
      'mujer',
      'mujer',
      'mujer',
      'mujer',
      'mujer',
      'mujer',
      'hombre',
      'hombre',
      'hombre',
      'hombre',
      'hombre',
      'no_binario',
    ]
    for (const [i, gender] of genders.entries())
      await register(
        t,
        person({ documentNumber: `2000${i}`, email: `g${i}@x.co`, gender, populationGroups: ['afro'] }),
      )
    const pub = (await t.call('GET', '/api/events/evento/attendance/summary')).json
    expect(pub.registered.value).toBe(12)
    const gender = breakdown(pub, 'gender')
    // The one non-binary person is hidden with the next smallest cell that has people, never with a zero
    // (which zero was picked would tell which of the two holds the person).
    expect(gender.options.map((o: any) => [o.value, o.count])).toEqual([
      ['mujer', 6],
      ['hombre', null],
      ['no_binario', null],
      ['prefiero_no_responder', 0],
    ])
    const groups = breakdown(pub, 'populationGroups')
    expect(groups.suppressed).toBe(true)
    expect(groups.options.every((o: any) => o.count === null)).toBe(true)
  })

  it('merges the places fewer than 5 people typed into one unnamed row in public, and keeps them in the staff summary', async () => {
    const t = await withEvent()
    const places = [
      ...Array(6).fill('Comuna 3'),
      ...Array(5).fill('Comuna 5'),
      'Vereda El Rosal',
      'vereda el rosal',
      'Corregimiento Santa Elena',
    ]
    for (const [i, territory] of places.entries())
      await register(t, person({ documentNumber: `3000${i}`, email: `t${i}@x.co`, territory }))
    const pub = (await t.call('GET', '/api/events/evento/attendance/summary')).json
    const territory = breakdown(pub, 'territory')
    expect(territory.answered).toBe(14)
    // Three people from two named places: one row, hidden, and beside it the next smallest, or it
    // would be 14 − 6 − 5.
    expect(territory.options.map((o: any) => [o.label, o.count, o.suppressed])).toEqual([
      ['Comuna 3', 6, undefined],
      ['Comuna 5', null, true],
      ['Otros territorios', null, true],
    ])
    expect(JSON.stringify(pub)).not.toMatch(/Rosal|Santa Elena/)
    const en = await t.call('GET', '/api/events/evento/attendance/summary', {
      headers: { 'accept-language': 'en' },
    })
    expect(breakdown(en.json, 'territory').options.at(-1).label).toBe('Other territories')
    // Five or more together: the merged row is shown, still unnamed.
    for (const [i, territory] of ['La Honda', 'Vereda El Rosal'].entries())
      await register(t, person({ documentNumber: `3100${i}`, email: `u${i}@x.co`, territory }))
    const more = breakdown((await t.call('GET', '/api/events/evento/attendance/summary')).json, 'territory')
    expect(more.options.map((o: any) => [o.label, o.count])).toEqual([
      ['Comuna 3', 6],
      ['Comuna 5', 5],
      ['Otros territorios', 5],
    ])
    // Staff see every place, exact.
    expect(breakdown(await summary(t), 'territory').options.map((o: any) => [o.label, o.count])).toEqual([
      ['Comuna 3', 6],
      ['Comuna 5', 5],
      ['Vereda El Rosal', 3],
      ['Corregimiento Santa Elena', 1],
      ['La Honda', 1],
    ])
  })

  it('keeps staff-entered figures apart from registrations and check-ins', async () => {
    const t = await withEvent()
    await register(t, person())
    await t.call('PATCH', '/api/events/evento', {
      token: t.adminToken,
      body: { peakViewers: 81, reactions: 240, figuresSource: 'Facebook Live' },
    })
    const s = await summary(t)
    expect(s.registered.value).toBe(1)
    expect(s.checkedIn.value).toBe(0)
    expect(s.figures.peakViewers).toMatchObject({ value: 81, source: 'Facebook Live' })
  })

  it('counts staff registrations at the door apart and audits them', async () => {
    const t = await withEvent()
    const res = await t.call('POST', '/api/events/evento/attendance', { token: t.adminToken, body: person() })
    expect(res.status).toBe(201)
    expect((await summary(t)).bySource).toEqual({ form: 0, staff: 1 })
    const audit = await t.call('GET', '/api/audit', { token: t.adminToken })
    expect(audit.json.entries.map((e: { action: string }) => e.action)).toContain('attendance.register')
  })
})

describe('check-in at the door', () => {
  it('checks a person in by code once, lets staff undo it, and counts exactly', async () => {
    const t = await withEvent()
    const { checkinCode } = (await register(t, person())).json
    const moderator = await t.staffToken('moderator')
    const typed = `${checkinCode.slice(0, 3).toLowerCase()}-${checkinCode.slice(3)}`
    const first = await t.call('POST', '/api/events/evento/checkins', {
      token: moderator,
      body: { code: typed },
    })
    expect(first.status).toBe(200)
    expect(first.json).toMatchObject({
      alreadyCheckedIn: false,
      attendee: { name: 'Ana Pérez', checkedInAt: '2026-11-21T15:00:00.000Z' },
    })
    const twice = await Promise.all(
      [1, 2, 3].map(() =>
        t.call('POST', '/api/events/evento/checkins', { token: moderator, body: { code: checkinCode } }),
      ),
    )
    expect(twice.every((r) => r.json.alreadyCheckedIn)).toBe(true)
    expect((await summary(t)).checkedIn.value).toBe(1)
    const undo = await t.call('DELETE', `/api/events/evento/checkins/${checkinCode}`, { token: moderator })
    expect(undo.json.changed).toBe(true)
    expect((await summary(t)).checkedIn.value).toBe(0)
    const unknown = await t.call('POST', '/api/events/evento/checkins', {
      token: moderator,
      body: { code: 'ZZZZZZ' },
    })
    expect(unknown.json.error.code).toBe('ATTENDEE_NOT_FOUND')
    const analyst = await t.staffToken('analyst')
    expect(
      (await t.call('POST', '/api/events/evento/checkins', { token: analyst, body: { code: checkinCode } }))
        .status,
    ).toBe(403)
    const audit = await t.call('GET', '/api/audit', { token: t.adminToken })
    const actions = audit.json.entries.map((e: { action: string }) => e.action)
    expect(actions.filter((a: string) => a.startsWith('attendance.checkin'))).toEqual([
      'attendance.checkin',
      'attendance.checkin_undo',
    ])
  })

  it('checks a person in by the document number they say, with its dots, and asks for the code when two share it', async () => {
    const t = await withEvent()
    const moderator = await t.staffToken('moderator')
    const door = (code: string) =>
      t.call('POST', '/api/events/evento/checkins', { token: moderator, body: { code } })
    await register(t, person({ documentNumber: '1234567', email: undefined }))
    // As the person says it, with the dots of the card; counted once however it is typed again.
    const first = await door('1.234.567')
    expect(first.status).toBe(200)
    expect(first.json).toMatchObject({ alreadyCheckedIn: false, attendee: { name: 'Ana Pérez' } })
    expect((await door('1234567')).json.alreadyCheckedIn).toBe(true)
    expect((await door('1 234 567')).json.alreadyCheckedIn).toBe(true)
    expect((await summary(t)).checkedIn.value).toBe(1)
    // Someone else's digits, or none at all, find no one.
    expect((await door('7654321')).json.error.code).toBe('ATTENDEE_NOT_FOUND')

    // A CC and a CE with the same digits are two people: the number alone does not say which one.
    await register(t, person({ name: 'Luis Mora', documentNumber: '88.777.666', email: undefined }))
    await register(
      t,
      person({ name: 'Jean Dupont', documentType: 'CE', documentNumber: '88777666', email: undefined }),
    )
    const both = await door('88.777.666')
    expect(both.status).toBe(400)
    expect(both.json.error.issues).toEqual([
      {
        path: 'code',
        message: 'Más de un registro tiene ese número de documento: pida el código de ingreso.',
      },
    ])
    expect((await summary(t)).checkedIn.value).toBe(1)
  })

  it('undoes only the check-in the door saw, not one made again since at another door', async () => {
    const t = await withEvent()
    const { checkinCode } = (await register(t, person())).json
    const scan = () =>
      t.call('POST', '/api/events/evento/checkins', { token: t.adminToken, body: { code: checkinCode } })
    const undo = (seen: string) =>
      t.call('DELETE', `/api/events/evento/checkins/${checkinCode}?checkedInAt=${encodeURIComponent(seen)}`, {
        token: t.adminToken,
      })
    const first = (await scan()).json.attendee.checkedInAt
    // Another door undoes it and checks the person in again, a minute later.
    expect((await undo(first)).json.changed).toBe(true)
    t.setNow(new Date('2026-11-21T15:01:00Z'))
    const again = (await scan()).json.attendee.checkedInAt
    expect(again).toBe('2026-11-21T15:01:00.000Z')
    // The first door's undo, still on its screen, no longer applies: the person is inside.
    const stale = await undo(first)
    expect([stale.status, stale.json.error.code]).toEqual([409, 'CHECKIN_CHANGED'])
    expect((await summary(t)).checkedIn.value).toBe(1)
    // The same instant written another way is the same check-in.
    const current = await undo('2026-11-21T10:01:00-05:00')
    expect([current.status, current.json.changed]).toEqual([200, true])
    expect((await summary(t)).checkedIn.value).toBe(0)
  })

  it('takes one of many scans or deletions at once, with one audit entry', async () => {
    const t = await withEvent()
    const { id, checkinCode } = (await register(t, person())).json
    const scans = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.call('POST', '/api/events/evento/checkins', { token: t.adminToken, body: { code: checkinCode } }),
      ),
    )
    expect(scans.filter((r) => r.json.alreadyCheckedIn === false)).toHaveLength(1)
    expect(scans.every((r) => r.status === 200)).toBe(true)
    expect((await summary(t)).checkedIn.value).toBe(1)
    const deletions = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.call('DELETE', `/api/events/evento/attendance/${id}`, { token: t.adminToken }),
      ),
    )
    expect(deletions.map((r) => r.status).sort()).toEqual([204, ...Array(9).fill(404)])
    expect([(await summary(t)).registered.value, (await summary(t)).checkedIn.value]).toEqual([0, 0])
    const audit = await t.call('GET', '/api/audit', { token: t.adminToken })
    const actions = audit.json.entries.map((e: { action: string }) => e.action)
    expect(actions.filter((a: string) => a === 'attendance.checkin')).toHaveLength(1)
    expect(actions.filter((a: string) => a === 'attendance.delete')).toHaveLength(1)
  })

  it("answers a scan that meets the registration's deletion as not found, with no audit entry", async () => {
    const t = await withEvent()
    for (let round = 0; round < 5; round++) {
      const { id, checkinCode } = (await register(t, person())).json
      const [deleted, ...scans] = await Promise.all([
        t.call('DELETE', `/api/events/evento/attendance/${id}`, { token: t.adminToken }),
        ...Array.from({ length: 10 }, () =>
          t.call('POST', '/api/events/evento/checkins', { token: t.adminToken, body: { code: checkinCode } }),
        ),
      ])
      expect(deleted.status).toBe(204)
      // Each scan either checked the person in before the deletion, or finds no one: never a 500.
      for (const r of scans) expect([200, 404]).toContain(r.status)
      const audit = (await t.call('GET', '/api/audit', { token: t.adminToken })).json.entries.filter(
        (e: { subjectId: string }) => e.subjectId === id,
      )
      const actions = audit.map((e: { action: string }) => e.action)
      // The deletion is the last word on the registration: no check-in is audited after it.
      expect(actions.filter((a: string) => a === 'attendance.delete')).toHaveLength(1)
      expect(actions.filter((a: string) => a === 'attendance.checkin').length).toBe(
        scans.filter((r) => r.status === 200 && r.json.alreadyCheckedIn === false).length,
      )
      expect((await summary(t)).checkedIn.value).toBe(0)
    }
    expect((await summary(t)).registered.value).toBe(0)
  })

  it('serves the join link and a check-in code as QR codes in SVG', async () => {
    const t = await withEvent()
    const join = await t.call('GET', '/api/events/evento/qr.svg?canal=WhatsApp')
    expect(join.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    expect(join.text).toBe(
      renderSVG('http://localhost/e/evento?canal=whatsapp', { ecc: 'M', border: 2, pixelSize: 10 }),
    )
    const code = await t.call('GET', '/api/events/evento/checkin-qr.svg?code=abc-234')
    expect(code.text).toBe(renderSVG('ABC234', { ecc: 'M', border: 2, pixelSize: 10 }))
    expect((await t.call('GET', '/api/events/evento/checkin-qr.svg?code=abc')).status).toBe(400)
  })

  it("gives an Ecuadorian event Ecuador's documents and groups in the page's forms, its summary and its export", async () => {
    const t = await withEvent()
    const ec = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({
        slug: 'quito',
        country: 'EC',
        timezone: 'America/Guayaquil',
        entity: { name: 'GAD Parroquial de Nayón', nit: '1768000000001', radicadoPrefix: 'GPN' },
      }),
    })
    expect(ec.status, ec.text).toBe(201)
    const page = (await t.call('GET', '/api/events/quito')).json
    type Q = { id: string; options?: { value: string; label: string }[] }
    const attendance = page.fixedForms.find((f: { key: string }) => f.key === 'asistencia').questions as Q[]
    expect(attendance.find((q) => q.id === 'documentType')!.options![0]).toMatchObject({ value: 'CI' })
    const survey = page.forms.find((f: { key: string }) => f.key === 'evaluacion').questions as Q[]
    const groups = survey.find((q) => q.id === 'grupo_poblacional')!.options!.map((o) => o.value)
    expect(groups).toContain('montubio')
    expect(groups).not.toContain('victima')
    const reg = await t.call('POST', '/api/events/quito/attendance', {
      body: {
        name: 'María Quishpe',
        documentType: 'CI',
        documentNumber: '1710034065',
        populationGroups: ['afro'],
        consent: true,
      },
    })
    expect(reg.status, reg.text).toBe(201)
    const summary = (await t.call('GET', '/api/events/quito/attendance/summary', { token: t.adminToken }))
      .json
    const rows = breakdown(summary, 'populationGroups').options
    expect(rows.find((o: { value: string }) => o.value === 'afro').label).toBe(
      'Afroecuatoriano(a), afrodescendiente, negro(a) o mulato(a)',
    )
    expect(rows.map((o: { value: string }) => o.value)).not.toContain('victima')
    const csv = (await t.call('GET', '/api/events/quito/attendance?format=csv', { token: t.adminToken })).text
    expect(csv).toContain('Afroecuatoriano(a), afrodescendiente, negro(a) o mulato(a)')
    // A Colombian event keeps Colombia's.
    const co = (await t.call('GET', '/api/events/evento')).json
    expect(co.fixedForms[0].questions.find((q: Q) => q.id === 'documentType').options[0].value).toBe('CC')
  })

  it('deletes a registration on request and takes it out of every count', async () => {
    const t = await withEvent()
    const sent = person({ gender: 'mujer' })
    const key = { 'idempotency-key': 'registro-borrado-0001' }
    const { id, checkinCode } = (await register(t, sent, key)).json
    await t.call('POST', '/api/events/evento/checkins', { token: t.adminToken, body: { code: checkinCode } })
    const del = await t.call('DELETE', `/api/events/evento/attendance/${id}`, { token: t.adminToken })
    expect(del.status).toBe(204)
    const s = await summary(t)
    expect([s.registered.value, s.checkedIn.value, breakdown(s, 'gender').answered]).toEqual([0, 0, 0])
    // A late retry of the deleted registration does not register the person again, and the hash of what
    // they sent is gone with them.
    const retry = await register(t, sent, key)
    expect([retry.status, retry.json.error.code]).toEqual([422, 'IDEMPOTENCY_CONFLICT'])
    const kept = (t.deps.db as any).$client
      .prepare(`select request_hash from idempotency_keys where resource_id = ?`)
      .all(id)
    expect(kept).toEqual([{ request_hash: 'erased' }])
    expect((await register(t, person())).status).toBe(201)
    expect(
      (await t.call('DELETE', `/api/events/evento/attendance/${id}`, { token: t.adminToken })).status,
    ).toBe(404)
  })
})

describe('attendance list and export', () => {
  it('exports a CSV that Excel opens: BOM, chosen delimiter, labels, neutralised formulas', async () => {
    const t = await withEvent()
    await register(
      t,
      person({ name: '=HYPERLINK("http://x.co","clic")', phone: '+57 300 123 4567', gender: 'mujer' }),
    )
    const res = await t.app.request('/api/events/evento/attendance?format=csv', {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="asistencia-evento.csv"')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes.slice(3))
    const [header, line] = text.split('\r\n')
    expect(header.split(';').slice(0, 3)).toEqual(['Nombre', 'Tipo de documento', 'Número de documento'])
    expect(line).toContain(`"'=HYPERLINK(""http://x.co"",""clic"")"`)
    expect(line).toContain(";'+57 300 123 4567;Mujer;")
    expect(line).toContain(';2026-11-21 10:00;')
    const comma = await t.call('GET', '/api/events/evento/attendance?format=csv&delimiter=,', {
      token: t.adminToken,
    })
    expect(comma.text.split('\r\n')[0].split(',')[0]).toContain('Nombre')
  })

  it('exports XLSX and lists with search and paging', async () => {
    const t = await withEvent()
    for (const i of [1, 2, 3])
      await register(t, person({ name: `Persona ${i}`, documentNumber: `300${i}`, email: `x${i}@y.co` }))
    const xlsx = await t.app.request('/api/events/evento/attendance?format=xlsx', {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    const bytes = new Uint8Array(await xlsx.arrayBuffer())
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b])
    const page = await t.call('GET', '/api/events/evento/attendance?limit=2', { token: t.adminToken })
    expect(page.json.attendees.map((a: { name: string }) => a.name)).toEqual(['Persona 1', 'Persona 2'])
    const next = await t.call('GET', `/api/events/evento/attendance?limit=2&cursor=${page.json.nextCursor}`, {
      token: t.adminToken,
    })
    expect(next.json).toMatchObject({ attendees: [{ name: 'Persona 3' }], nextCursor: null })
    const found = await t.call('GET', '/api/events/evento/attendance?q=3002', { token: t.adminToken })
    expect(found.json.attendees.map((a: { name: string }) => a.name)).toEqual(['Persona 2'])
    const audit = await t.call('GET', '/api/audit', { token: t.adminToken })
    // The export, then each page read, the search marked as one.
    expect(audit.json.entries.slice(-4)).toMatchObject([
      { action: 'attendance.export', data: { format: 'xlsx', rows: 3 } },
      { action: 'attendance.read', data: { rows: 2 } },
      { action: 'attendance.read', data: { rows: 1, page: 'next' } },
      { action: 'attendance.read', data: { rows: 1, search: true } },
    ])
  })
})

describe('sensitive data in the staff list', () => {
  it('shows population groups to analysts and admins but not to moderators at the door', async () => {
    const t = await withEvent()
    await register(t, person({ populationGroups: ['victima'] }))
    const moderator = await t.staffToken('moderator')
    const analyst = await t.staffToken('analyst')
    const list = async (token: string) =>
      (await t.call('GET', '/api/events/evento/attendance', { token })).json
    expect((await list(analyst)).attendees[0].populationGroups).toEqual(['victima'])
    expect((await list(moderator)).attendees[0]).not.toHaveProperty('populationGroups')
    const csv = await t.call('GET', '/api/events/evento/attendance?format=csv', { token: moderator })
    expect(csv.text).not.toContain('Grupo poblacional')
    expect(csv.text).not.toContain('Víctima')
  })
})

describe('rate limits on public submissions', () => {
  it('answers 429 with Retry-After past the per-IP limit, and does not limit staff', async () => {
    const limiter = new MemoryRateLimiter(
      { ip: { limit: 3, windowSeconds: 60 }, event: null },
      () => 1_000_000,
    )
    const t = await withEvent({}, { deps: { rateLimiter: limiter, clientIp: () => '203.0.113.9' } })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++)
      statuses.push((await register(t, person({ documentNumber: `9${i}00`, email: `r${i}@x.co` }))).status)
    expect(statuses).toEqual([201, 201, 201, 429, 429])
    const refused = await register(t, person({ documentNumber: '77777' }))
    expect(refused.json.error.code).toBe('RATE_LIMITED')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    const staff = await t.call('POST', '/api/events/evento/attendance', {
      token: t.adminToken,
      body: person({ documentNumber: '5555' }),
    })
    expect(staff.status).toBe(201)
  })
})
