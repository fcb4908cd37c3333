import { beforeAll, describe, expect, inject, it } from 'vitest'
import { client, unique } from './client'

const event = (slug: string) => ({
  slug,
  title: 'Audiencia de titulares',
  entity: {
    name: 'Alcaldía de Titulares',
    nit: '800000009-8',
    address: 'Plaza principal',
    email: 'datos@titulares.gov.co',
  },
  startsAt: '2026-12-01T15:00:00Z',
  modality: 'hibrida',
  country: 'CO',
  status: 'open',
})
/** A document number no other test or run has used: the servers' databases are shared. */
const documentOf = () =>
  String(Date.now() % 1e9).padStart(9, '1') + String(Math.floor(Math.random() * 90 + 10))

describe.each(inject('runtimes'))("a holder's data on $name", ({ url }) => {
  const api = client(url)
  let admin: string
  let slug: string
  const path = (p: string) => `/api/events/${slug}${p}`
  const register = async (body: Record<string, unknown>) => {
    const res = await api.call('POST', path('/attendance'), { body: { consent: true, ...body } })
    expect(res.status).toBe(201)
    return res.json.id as string
  }
  const summary = async () =>
    (await api.call('GET', path('/attendance/summary'), { token: admin })).json.breakdowns.find(
      (b: { id: string }) => b.id === 'gender',
    ).options as { value: string; count: number }[]
  const count = (rows: { value: string; count: number }[], value: string) =>
    rows.find((r) => r.value === value)?.count ?? 0

  beforeAll(async () => {
    admin = await api.login()
    slug = unique('titulares')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(slug) })).status).toBe(201)
  })

  it('finds a person by a document written otherwise, and corrects the registration with its counters', async () => {
    const doc = documentOf()
    const dotted = doc.replace(/(\d{3})(?=\d)/g, '$1.')
    const id = await register({ name: 'Ana', documentType: 'CC', documentNumber: dotted, gender: 'mujer' })
    const found = await api.call('POST', '/api/holders/search', {
      token: admin,
      body: { documentNumber: doc },
    })
    expect(found.status).toBe(200)
    expect(found.json.registrations).toMatchObject([
      // The event's country: the console offers the correction that country's documents and groups.
      { id, documentNumber: dotted, event: { slug, country: 'CO' }, matchedBy: ['documentNumber'] },
    ])
    expect(found.json.surveyResponses).toEqual({ linked: false })

    const before = await summary()
    const res = await api.call('PATCH', path(`/attendance/${id}`), {
      token: admin,
      body: { gender: 'hombre', email: 'Ana.Titular@Example.co', populationGroups: null },
    })
    expect(res.status).toBe(200)
    expect(res.json.attendee).toMatchObject({ id, gender: 'hombre', email: 'ana.titular@example.co' })
    const after = await summary()
    expect(count(after, 'mujer')).toBe(count(before, 'mujer') - 1)
    expect(count(after, 'hombre')).toBe(count(before, 'hombre') + 1)
    // Nothing to change: the same answer, and the counters stay.
    const same = await api.call('PATCH', path(`/attendance/${id}`), {
      token: admin,
      body: { gender: 'hombre' },
    })
    expect(same.status).toBe(200)
    expect(await summary()).toEqual(after)
    const byMail = await api.call('POST', '/api/holders/search', {
      token: admin,
      body: { email: 'ANA.titular@example.co' },
    })
    expect(byMail.json.registrations.map((r: { id: string }) => r.id)).toEqual([id])
  })

  it('finds a phone written with its country code where it was registered without', async () => {
    // Ten digits no other run used: a Colombian mobile starts with 3.
    const phone = `3${documentOf().slice(-9)}`
    const id = await register({ name: 'Ana', email: `${unique('tel')}@example.co`, phone })
    const found = await api.call('POST', '/api/holders/search', {
      token: admin,
      body: { phone: `+57 ${phone.slice(0, 3)} ${phone.slice(3)}` },
    })
    expect(found.status).toBe(200)
    expect(found.json.registrations).toMatchObject([{ id, phone, matchedBy: ['phone'] }])
  })

  it("refuses another registration's document with 409 and a bad correction with 400, changing nothing", async () => {
    const mine = documentOf()
    const theirs = `${documentOf()}9`
    const id = await register({ name: 'Luis', documentType: 'CC', documentNumber: mine, gender: 'hombre' })
    await register({ name: 'Otra', documentType: 'CC', documentNumber: theirs })
    const before = await summary()
    const taken = await api.call('PATCH', path(`/attendance/${id}`), {
      token: admin,
      body: { documentNumber: theirs, gender: 'mujer' },
    })
    expect(taken.status).toBe(409)
    expect(taken.json.error.code).toBe('PERSON_ALREADY_REGISTERED')
    const bad = await api.call('PATCH', path(`/attendance/${id}`), {
      token: admin,
      body: { email: 'no-es-correo', consent: false },
      headers: { 'accept-language': 'en' },
    })
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('VALIDATION_ERROR')
    expect(bad.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['consent', 'email'])
    expect(await summary()).toEqual(before)
    const found = await api.call('POST', '/api/holders/search', {
      token: admin,
      body: { documentNumber: mine },
    })
    expect(found.json.registrations).toMatchObject([{ id, gender: 'hombre' }])
    const empty = await api.call('POST', '/api/holders/search', { token: admin, body: {} })
    expect(empty.status).toBe(400)
    expect(empty.json.error.issues[0].path).toBe('documentNumber')
  })

  it('refuses both to a staff member who is not an admin, and to no one signed in', async () => {
    const email = `${unique('moderadora')}@cabildo.test`
    await api.call('POST', '/api/users', {
      token: admin,
      body: { email, password: 'moderator-password', role: 'moderator' },
    })
    const moderator = await api.login(email, 'moderator-password')
    const id = await register({ name: 'Eva', documentType: 'CC', documentNumber: documentOf() })
    const search = await api.call('POST', '/api/holders/search', {
      token: moderator,
      body: { email: 'eva@example.co' },
    })
    expect(search.status).toBe(403)
    expect(search.json.error.code).toBe('FORBIDDEN')
    const patch = await api.call('PATCH', path(`/attendance/${id}`), {
      token: moderator,
      body: { name: 'X' },
    })
    expect(patch.status).toBe(403)
    expect(
      (await api.call('POST', '/api/holders/search', { body: { email: 'eva@example.co' } })).status,
    ).toBe(401)
  })
})
