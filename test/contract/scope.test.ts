import { beforeAll, describe, expect, inject, it } from 'vitest'
import { client, eventBody, freshNit, unique } from './client'

describe.each(inject('runtimes'))('staff scoped to entities on $name', ({ url }) => {
  const api = client(url)
  let admin: string
  beforeAll(async () => {
    admin = await api.login()
  })

  /** An open event of a new entity: its slug and the entity's id. */
  const event = async () => {
    const slug = unique('alcance')
    const res = await api.call('POST', '/api/events', {
      token: admin,
      body: eventBody(slug, { entity: { name: unique('Alcaldía'), nit: freshNit().hyphen } }),
    })
    expect(res.status).toBe(201)
    return { slug, entityId: res.json.event.entityId as string }
  }

  it("lets a moderator scoped to one entity work on its events only, and list no other's", async () => {
    const [mine, theirs] = [await event(), await event()]
    const email = `${unique('mod')}@cabildo.test`
    const created = await api.call('POST', '/api/users', {
      token: admin,
      body: { email, password: 'Alcance-de-prueba-26', role: 'moderator', entityIds: [mine.entityId] },
    })
    expect(created.status).toBe(201)
    expect(created.json.user.entityIds).toEqual([mine.entityId])
    const mod = await api.login(email, 'Alcance-de-prueba-26')

    const own = await api.call('GET', `/api/events/${mine.slug}/attendance`, { token: mod })
    expect(own.status).toBe(200)
    const refused = await api.call('GET', `/api/events/${theirs.slug}/attendance`, { token: mod })
    expect([refused.status, refused.json.error.code]).toEqual([403, 'OUT_OF_SCOPE'])

    const asked = await api.call('POST', `/api/events/${theirs.slug}/questions`, {
      body: { type: 'pregunta', text: '¿Y el parque?', name: 'Ana Pérez', email: 'ana@example.co' },
    })
    expect(asked.status).toBe(201)
    const moderated = await api.call('PATCH', `/api/questions/${asked.json.id}`, {
      token: mod,
      body: { status: 'approved' },
    })
    expect([moderated.status, moderated.json.error.code]).toEqual([403, 'OUT_OF_SCOPE'])

    const listed = (await api.call('GET', '/api/events', { token: mod })).json.events as { slug: string }[]
    expect(listed.map((e) => e.slug)).toEqual([mine.slug])
    const entities = (await api.call('GET', '/api/entities', { token: mod })).json.entities as {
      id: string
    }[]
    expect(entities.map((e) => e.id)).toEqual([mine.entityId])
  })
})
