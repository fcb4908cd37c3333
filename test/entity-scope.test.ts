import { describe, expect, it } from 'vitest'
import { auditLog, users } from '../db/schema'
import { operations } from '../server/openapi'
import { sseReader } from './contract/sse'
import { sampleEvent, type TestApp, testApp } from './helpers'

/**
 * Staff scoped to some entities (a user's `entityIds`): in an installation that serves several entities,
 * a moderator or analyst of one reads and changes that entity's events only.
 */

const other = {
  name: 'Alcaldía de Ejemplo',
  nit: '890399011-3',
  email: 'datos@ejemplo.gov.co',
  radicadoPrefix: 'ALC',
}

async function setup() {
  const t = await testApp()
  const admin = t.adminToken
  for (const [slug, over] of [
    ['evento-a', {}],
    ['borrador-a', { status: 'draft' }],
    ['evento-b', { entity: other }],
    ['borrador-b', { entity: other, status: 'draft' }],
  ] as const) {
    const res = await t.call('POST', '/api/events', { token: admin, body: sampleEvent({ slug, ...over }) })
    expect(res.status, res.text).toBe(201)
  }
  const listed = (await t.call('GET', '/api/entities', { token: admin })).json.entities as {
    id: string
    name: string
  }[]
  const idOf = (name: string) => listed.find((e) => e.name === name)!.id
  const a = idOf('Secretaría de Desarrollo Económico')
  const b = idOf(other.name)
  const question = async (slug: string) =>
    (
      await t.call('POST', `/api/events/${slug}/questions`, {
        body: { type: 'peticion', text: `¿Y la vía de ${slug}?`, name: 'Ana Pérez', email: 'ana@example.co' },
      })
    ).json.id as string
  const commitment = async (slug: string) => {
    const res = await t.call('POST', `/api/events/${slug}/commitments`, {
      token: admin,
      body: { description: 'Arreglar la vía', area: 'despacho', origin: 'observacion', dueMonth: '2027-05' },
    })
    expect(res.status, res.text).toBe(201)
    return res.json.commitment.id as string
  }
  const fixtures = {
    a: { slug: 'evento-a', question: await question('evento-a'), commitment: await commitment('evento-a') },
    b: { slug: 'evento-b', question: await question('evento-b'), commitment: await commitment('evento-b') },
  }
  const scoped = async (role: 'moderator' | 'analyst', entityIds: string[] | null = [a]) => {
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@test.co`
    const res = await t.call('POST', '/api/users', {
      token: admin,
      body: { email, password: 'staff-password-1', role, entityIds },
    })
    expect(res.status, res.text).toBe(201)
    return { id: res.json.user.id as string, token: await t.login(email, 'staff-password-1') }
  }
  return { t, admin, a, b, fixtures, scoped }
}

/** A route's path with the event, question or commitment of one side, and any other parameter filled. */
function fill(path: string, side: { slug: string; question: string; commitment: string }) {
  return path
    .replace(':slug', side.slug)
    .replace(/^\/api\/questions\/:id/, `/api/questions/${side.question}`)
    .replace(/^\/api\/commitments\/:id/, `/api/commitments/${side.commitment}`)
    .replace(':formKey', 'evaluacion')
    .replace(/:[A-Za-z]+/g, 'x')
}

const countUsers = async (t: TestApp) => (await t.deps.db.select().from(users)).length

describe('staff scoped to entities', async () => {
  const s = await setup()
  const mod = await s.scoped('moderator')
  const analyst = await s.scoped('analyst')
  const ops = operations(s.t.app)

  it('declares, on every route staff other than admins reach, how it finds the entity', () => {
    for (const op of ops) {
      const label = `${op.method} ${op.path}`
      const reached = op.access.roles === null || op.access.roles.length > 1
      if (!reached) continue
      expect(['event', 'question', 'commitment', 'listed', 'none'], label).toContain(op.access.scope)
      if (op.access.scope === 'event') expect(op.path, label).toContain(':slug')
      if (op.access.scope === 'question') expect(op.path, label).toMatch(/\/questions\/:id/)
      if (op.access.scope === 'commitment') expect(op.path, label).toMatch(/\/commitments\/:id/)
    }
  })

  for (const op of ops.filter((o) => o.access.roles && o.access.roles.length > 1)) {
    if (!['event', 'question', 'commitment'].includes(op.access.scope)) continue
    const label = `${op.method} ${op.path}`
    it(`answers 403 OUT_OF_SCOPE to ${label} on another entity's event, and lets its own through`, async () => {
      const body = op.method === 'GET' ? undefined : {}
      for (const [role, user] of [
        ['moderator', mod],
        ['analyst', analyst],
      ] as const) {
        if (!op.access.roles!.includes(role)) continue
        const refused = await s.t.call(op.method, fill(op.path, s.fixtures.b), { token: user.token, body })
        expect([refused.status, refused.json?.error?.code], `${role} ${label}`).toEqual([403, 'OUT_OF_SCOPE'])
        expect(refused.json.error.message).toMatch(/entidad que no está asignada a su usuario/)
        // Its own entity's: past the scope (the route may still refuse the empty body or a filled-in id).
        if (op.access.media?.includes('text/event-stream')) {
          const res = await s.t.app.request(fill(op.path, s.fixtures.a), {
            headers: { authorization: `Bearer ${user.token}` },
          })
          expect(res.status, `${role} ${label}`).toBe(200)
          await res.body?.cancel()
          continue
        }
        const own = await s.t.call(op.method, fill(op.path, s.fixtures.a), { token: user.token, body })
        expect(own.status, `${role} ${label}: ${own.text.slice(0, 200)}`).not.toBe(403)
      }
    })
  }

  it('changes nothing when it refuses: a moderation of another entity’s question stays undone', async () => {
    const id = s.fixtures.b.question
    const before = (await s.t.call('GET', `/api/questions/${id}`, { token: s.admin })).json.question
    const res = await s.t.call('PATCH', `/api/questions/${id}`, {
      token: mod.token,
      body: { status: 'hidden' },
    })
    expect(res.status).toBe(403)
    const seen = await s.t.call('GET', `/api/questions/${id}`, { token: s.admin })
    expect(seen.json.question).toEqual(before)
  })

  it('refuses what does not exist as its route would, without saying whose it is', async () => {
    const res = await s.t.call('GET', '/api/events/no-existe/attendance', { token: mod.token })
    expect([res.status, res.json.error.code]).toEqual([404, 'EVENT_NOT_FOUND'])
    const q = await s.t.call('GET', '/api/questions/no-existe', { token: mod.token })
    expect([q.status, q.json.error.code]).toEqual([404, 'QUESTION_NOT_FOUND'])
  })

  it("lists its entities' events and entities only", async () => {
    const events = (await s.t.call('GET', '/api/events', { token: mod.token })).json.events
    expect(events.map((e: { slug: string }) => e.slug).sort()).toEqual(['borrador-a', 'evento-a'])
    const entities = (await s.t.call('GET', '/api/entities', { token: analyst.token })).json.entities
    expect(entities.map((e: { id: string }) => e.id)).toEqual([s.a])
    // Unscoped staff and admins see the installation's.
    const all = await s.scoped('moderator', null)
    expect((await s.t.call('GET', '/api/events', { token: all.token })).json.events).toHaveLength(4)
    expect((await s.t.call('GET', '/api/events', { token: s.admin })).json.events).toHaveLength(4)
  })

  it("adds up its entities' events only, and refuses naming another's", async () => {
    const totals = await s.t.call('GET', '/api/reports/totals', { token: analyst.token })
    expect(totals.status).toBe(200)
    // Its draft, never opened, is not one of the events held; picked by its slug, it counts.
    expect(totals.json.events.map((e: { slug: string }) => e.slug)).toEqual(['evento-a'])
    const picked = await s.t.call('GET', '/api/reports/totals?slugs=evento-a,borrador-a', {
      token: analyst.token,
    })
    expect(picked.json.events.map((e: { slug: string }) => e.slug).sort()).toEqual(['borrador-a', 'evento-a'])
    for (const query of [`entityId=${s.b}`, 'slugs=evento-a,evento-b']) {
      const res = await s.t.call('GET', `/api/reports/totals?${query}`, { token: analyst.token })
      expect([res.status, res.json.error.code], query).toEqual([403, 'OUT_OF_SCOPE'])
    }
    const compare = await s.t.call('GET', '/api/reports/compare?a=evento-a&b=evento-b', {
      token: analyst.token,
    })
    expect([compare.status, compare.json.error.code]).toEqual([403, 'OUT_OF_SCOPE'])
    const own = await s.t.call('GET', '/api/reports/compare?a=evento-a&b=borrador-a', {
      token: analyst.token,
    })
    expect(own.status, own.text).toBe(200)
  })

  it("reads its entities' calendars only", async () => {
    const own = await s.t.call('GET', `/api/calendar/CO/2026?entityId=${s.a}`, { token: mod.token })
    expect(own.status, own.text).toBe(200)
    const others = await s.t.call('GET', `/api/calendar/CO/2026?entityId=${s.b}`, { token: mod.token })
    expect([others.status, others.json.error?.code]).toEqual([403, 'OUT_OF_SCOPE'])
    expect((await s.t.call('GET', '/api/calendar/CO/2026', { token: mod.token })).status).toBe(200)
  })

  it("sees another entity's event as the public does: no draft, no pending question, no petitioner", async () => {
    expect((await s.t.call('GET', '/api/events/borrador-a', { token: mod.token })).status).toBe(200)
    const draft = await s.t.call('GET', '/api/events/borrador-b', { token: mod.token })
    expect([draft.status, draft.json.error.code]).toEqual([404, 'EVENT_NOT_FOUND'])
    const wall = await s.t.call('GET', '/api/events/evento-b/questions', { token: mod.token })
    expect(wall.status).toBe(200)
    expect(wall.text).not.toMatch(/Ana Pérez|ana@example|vía de evento-b/)
    const ownWall = await s.t.call('GET', '/api/events/evento-a/questions', { token: mod.token })
    expect(ownWall.text).toMatch(/vía de evento-a/)
  })

  it('keeps the scope in the user, checked by the admin, shown by /me, and in the audit log', async () => {
    const me = await s.t.call('GET', '/api/auth/me', { token: mod.token })
    expect(me.json.user).toMatchObject({ role: 'moderator', entityIds: [s.a] })
    const before = await countUsers(s.t)
    for (const [body, code] of [
      [{ role: 'admin', entityIds: [s.a] }, 'ADMIN_NOT_SCOPED'],
      [{ role: 'moderator', entityIds: [s.a, 'no-existe'] }, 'UNKNOWN_ENTITY'],
    ] as const) {
      const res = await s.t.call('POST', '/api/users', {
        token: s.admin,
        body: { email: `x-${code}@test.co`, password: 'staff-password-1', ...body },
      })
      expect([res.status, res.json.error.code]).toEqual([400, code])
    }
    expect(await countUsers(s.t)).toBe(before)
    const listed = (await s.t.call('GET', '/api/users', { token: s.admin })).json.users
    expect(listed.find((u: { id: string }) => u.id === mod.id).entityIds).toEqual([s.a])
    const entries = await s.t.deps.db.select().from(auditLog)
    const created = entries.find((e) => e.action === 'user.create' && e.subjectId === mod.id)!
    expect(JSON.parse(created.data)).toMatchObject({ entityIds: [s.a] })
  })

  it('applies a change of scope to the sessions there are, at once', async () => {
    const user = await s.scoped('moderator')
    const path = `/api/events/evento-b/attendance`
    expect((await s.t.call('GET', path, { token: user.token })).status).toBe(403)
    const both = await s.t.call('PATCH', `/api/users/${user.id}`, {
      token: s.admin,
      body: { entityIds: [s.b, s.a, s.b] },
    })
    expect(both.json.user.entityIds).toEqual([s.a, s.b].sort())
    expect((await s.t.call('GET', path, { token: user.token })).status).toBe(200)
    // Back to none: no event at all, not every event.
    await s.t.call('PATCH', `/api/users/${user.id}`, { token: s.admin, body: { entityIds: [] } })
    expect((await s.t.call('GET', '/api/events', { token: user.token })).json.events).toEqual([])
    expect((await s.t.call('GET', '/api/events/evento-a/attendance', { token: user.token })).status).toBe(403)
    // An admin is never scoped; made one, the scope goes, and stays gone if it is made a moderator again.
    const promoted = await s.t.call('PATCH', `/api/users/${user.id}`, {
      token: s.admin,
      body: { role: 'admin' },
    })
    expect(promoted.json.user.entityIds).toBeNull()
    const again = await s.t.call('PATCH', `/api/users/${user.id}`, {
      token: s.admin,
      body: { role: 'moderator' },
    })
    expect(again.json.user.entityIds).toBeNull()
  })

  it("ends a moderator's live stream once its entities change", async () => {
    const t = s.t
    t.deps.config.liveRecheckMs = 50
    const user = await s.scoped('moderator', [s.a, s.b])
    const res = await t.app.request('/api/events/evento-b/live/moderation', {
      headers: { authorization: `Bearer ${user.token}` },
    })
    expect(res.status).toBe(200)
    const live = sseReader(res.body!)
    await t.call('POST', '/api/events/evento-b/questions', {
      body: { type: 'pregunta', text: '¿Antes del cambio?', name: 'Ana Pérez', email: 'ana@example.co' },
    })
    await live.until('question.created')
    await t.call('PATCH', `/api/users/${user.id}`, { token: s.admin, body: { entityIds: [s.a] } })
    await new Promise((r) => setTimeout(r, 200))
    await t.call('POST', '/api/events/evento-b/questions', {
      body: { type: 'pregunta', text: '¿Después del cambio?', name: 'Ana Pérez', email: 'ana@example.co' },
    })
    await expect(live.until('question.created')).rejects.toThrow('SSE stream ended')
    const again = await t.call('GET', '/api/events/evento-b/live/moderation', { token: user.token })
    expect([again.status, again.json.error.code]).toEqual([403, 'OUT_OF_SCOPE'])
  })
})
