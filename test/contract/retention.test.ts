import { beforeAll, describe, expect, inject, it } from 'vitest'
import { client, eventBody, unique } from './client'

/** A document number no other test or run has used: the servers' databases are shared. */
const documentOf = () =>
  String(Date.now() % 1e9).padStart(9, '2') + String(Math.floor(Math.random() * 90 + 10))

// Ended long ago, with a period of one day of its own: due as soon as it is closed.
const ended = { modality: 'hibrida', startsAt: '2020-03-01T18:00:00Z', endsAt: '2020-03-01T20:00:00Z' }

describe.each(inject('runtimes'))("anonymising a closed event's attendance on $name", ({ name, url }) => {
  const api = client(url)
  let admin: string
  const register = async (slug: string, body: Record<string, unknown>) => {
    const res = await api.call('POST', `/api/events/${slug}/attendance`, { body: { consent: true, ...body } })
    expect(res.status).toBe(201)
    return res.json.id as string
  }
  const create = async (slug: string, over: Record<string, unknown> = {}) => {
    const res = await api.call('POST', '/api/events', { token: admin, body: eventBody(slug, over) })
    expect(res.status).toBe(201)
    return res.json.event.id as string
  }
  const patch = (slug: string, body: unknown) =>
    api.call('PATCH', `/api/events/${slug}`, { token: admin, body })
  const listed = async (slug: string) =>
    (await api.call('GET', `/api/events/${slug}/attendance`, { token: admin })).json.attendees as {
      id: string
      name: string
      email: string | null
      gender: string | null
      anonymizedAt: string | null
    }[]

  beforeAll(async () => {
    admin = await api.login()
  })

  it('refuses an open event with 409 EVENT_NOT_CLOSED, then erases the people and keeps the figures', async () => {
    const slug = unique('retencion')
    await create(slug, { ...ended, retentionDays: 1 })
    const doc = documentOf()
    const ana = await register(slug, {
      name: 'Ana Retenida',
      documentType: 'CC',
      documentNumber: doc,
      email: `${slug}@example.co`,
      gender: 'mujer',
      territory: 'Comuna 1',
    })
    await register(slug, { name: 'Luis', phone: '3005550101', gender: 'hombre' })
    const path = `/api/events/${slug}/attendance/anonymize`

    const open = await api.call('POST', path, { token: admin })
    expect(open.status).toBe(409)
    expect(open.json.error).toMatchObject({ code: 'EVENT_NOT_CLOSED', requestId: expect.any(String) })
    expect(open.json.error.message).toMatch(/aún no está cerrado/)
    expect((await listed(slug)).every((a) => a.anonymizedAt === null)).toBe(true)

    expect((await patch(slug, { status: 'closed' })).json.event).toMatchObject({
      retentionDays: 1,
      closedAt: expect.any(String),
    })
    const summary = (await api.call('GET', `/api/events/${slug}/attendance/summary`, { token: admin })).json
    const report = await api.call('GET', `/api/events/${slug}/report?format=csv`, { token: admin })
    const done = await api.call('POST', path, { token: admin })
    expect([done.status, done.json]).toEqual([200, { anonymized: 2 }])
    const again = await api.call('POST', path, { token: admin })
    expect([again.status, again.json]).toEqual([200, { anonymized: 0 }])

    const rows = await listed(slug)
    expect(rows.map((a) => [a.name, a.email, a.anonymizedAt !== null]).sort()).toEqual([
      ['', null, true],
      ['', null, true],
    ])
    expect(rows.map((a) => a.gender).sort()).toEqual(['hombre', 'mujer'])
    expect((await api.call('GET', `/api/events/${slug}/attendance/summary`, { token: admin })).json).toEqual(
      summary,
    )
    expect(
      (await api.call('GET', `/api/events/${slug}/report?format=csv`, { token: admin })).json,
      `${name}: the report's figures`,
    ).toEqual(report.json)

    const rectify = await api.call('PATCH', `/api/events/${slug}/attendance/${ana}`, {
      token: admin,
      body: { name: 'Ana Retenida' },
      headers: { 'accept-language': 'en' },
    })
    expect(rectify.status).toBe(409)
    expect(rectify.json.error).toMatchObject({ code: 'REGISTRATION_ANONYMIZED' })
    expect(rectify.json.error.message).toMatch(/^This registration was anonymised/)
    const found = await api.call('POST', '/api/holders/search', {
      token: admin,
      body: { documentNumber: doc },
    })
    expect([found.status, found.json.registrations]).toEqual([200, []])
  })

  it('is for admins only', async () => {
    const slug = unique('retencion')
    await create(slug, { status: 'closed' })
    const email = `${unique('moderadora')}@cabildo.test`
    await api.call('POST', '/api/users', {
      token: admin,
      body: { email, password: 'moderator-password', role: 'moderator' },
    })
    const moderator = await api.login(email, 'moderator-password')
    const path = `/api/events/${slug}/attendance/anonymize`
    expect((await api.call('POST', path, { token: moderator })).json.error.code).toBe('FORBIDDEN')
    expect((await api.call('POST', path)).status).toBe(401)
    expect(
      (await api.call('POST', `/api/events/${unique('nada')}/attendance/anonymize`, { token: admin })).json
        .error.code,
    ).toBe('EVENT_NOT_FOUND')
  })

  it.runIf(name === 'workerd')(
    'runs on the daily cron trigger: the due events with a period, and nothing where none is set',
    async () => {
      const [due, kept, open] = [unique('vencido'), unique('sin-plazo'), unique('abierto')]
      const dueId = await create(due, { ...ended, retentionDays: 1 })
      await create(kept, ended)
      await create(open, { ...ended, retentionDays: 1 })
      for (const slug of [due, kept, open])
        await register(slug, { name: 'Persona', email: `${slug}@example.co`, gender: 'mujer' })
      await patch(due, { status: 'closed' })
      await patch(kept, { status: 'closed' })

      // Only the retention's trigger erases: the every-minute one delivers webhooks.
      await fetch(`${url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`)
      await new Promise((r) => setTimeout(r, 1000))
      expect((await listed(due))[0].anonymizedAt).toBeNull()
      const ran = await fetch(`${url}/__scheduled?cron=${encodeURIComponent('17 8 * * *')}`)
      expect(ran.status).toBe(200)
      await expect.poll(async () => (await listed(due))[0].anonymizedAt, { timeout: 10_000 }).not.toBeNull()
      expect((await listed(due))[0]).toMatchObject({ name: '', email: null, gender: 'mujer' })
      // CABILDO_RETENTION_DAYS is "0" in wrangler.toml: without a period of its own, an event is kept.
      expect((await listed(kept))[0]).toMatchObject({ name: 'Persona', anonymizedAt: null })
      expect((await listed(open))[0]).toMatchObject({ name: 'Persona', anonymizedAt: null })
      const audit = await api.call('GET', `/api/audit?eventId=${dueId}`, { token: admin })
      expect(
        audit.json.entries.filter((e: { action: string }) => e.action === 'attendance.anonymize'),
      ).toMatchObject([{ actor: 'system:cron', data: { rows: 1, retention: { days: 1, source: 'event' } } }])
    },
  )
})
