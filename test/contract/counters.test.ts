import { beforeAll, describe, expect, inject, it } from 'vitest'
import { requiredAnswers } from '../helpers'
import { client, eventBody, unique } from './client'

/**
 * The counters' check and rebuild cover every event of the installation. On Workers a request may run
 * at most 1,000 D1 queries: at about 7 a event (17 to rebuild) they failed past ~140 events.
 */
describe.each(inject('runtimes'))('the counters of many events on $name', ({ url }) => {
  const api = client(url)
  const prefix = unique('contadores')
  const slugs = Array.from({ length: 160 }, (_, i) => `${prefix}-${i}`)
  let admin: string
  beforeAll(async () => {
    admin = await api.login()
    for (const slug of slugs)
      expect((await api.call('POST', '/api/events', { token: admin, body: eventBody(slug) })).status).toBe(
        201,
      )
    const last = slugs[slugs.length - 1]
    const reg = await api.call('POST', `/api/events/${last}/attendance`, {
      body: { name: 'Ana', email: 'ana@correo.co', gender: 'mujer', territory: 'Belén', consent: true },
    })
    expect(reg.status).toBe(201)
    const res = await api.call('POST', `/api/events/${last}/forms/evaluacion/responses`, {
      body: { deviceToken: unique('contadores-device'), answers: requiredAnswers },
    })
    expect(res.status).toBe(201)
  }, 120_000)

  const ours = (json: { events: { slug: string; drift: unknown[]; rebuilt: boolean }[] }) =>
    json.events.filter((e) => e.slug.startsWith(`${prefix}-`))

  it('checks and rebuilds them all in one request', async () => {
    const check = await api.call('GET', '/api/admin/counters', { token: admin })
    expect(check.status).toBe(200)
    expect(ours(check.json).map((e) => e.slug)).toEqual(slugs)
    expect(ours(check.json).every((e) => !e.drift.length && !e.rebuilt)).toBe(true)

    const rebuild = await api.call('POST', '/api/admin/counters/rebuild', {
      token: admin,
      body: { force: true },
    })
    expect(rebuild.status).toBe(200)
    expect(ours(rebuild.json).every((e) => !e.drift.length && e.rebuilt)).toBe(true)

    const again = await api.call('GET', `/api/admin/counters?slug=${slugs[slugs.length - 1]}`, {
      token: admin,
    })
    expect(again.json).toEqual({
      ok: true,
      events: [{ slug: slugs[slugs.length - 1], drift: [], rebuilt: false }],
    })
    const summary = await api.call('GET', `/api/events/${slugs[slugs.length - 1]}/attendance/summary`, {
      token: admin,
    })
    expect(summary.json.registered.value).toBe(1)
  }, 120_000)
})
