import type Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { submitQuestion } from '../server/services/questions'
import { sampleEvent, type TestApp, testApp } from './helpers'

const ask = (text = '¿Cuándo abre la convocatoria de emprendimiento?') => ({ type: 'peticion', text })

async function withEvent() {
  const t = await testApp()
  const res = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento' }),
  })
  if (res.status !== 201) throw new Error(res.text)
  const [entity] = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities
  // Signed in at each change: the clock moves past a token's 12 hours.
  const patch = async (body: Record<string, unknown>, id = entity.id) =>
    t.call('PATCH', `/api/entities/${id}`, { token: await t.login(), body })
  return { t, entity, patch }
}

const submit = async (t: TestApp, slug = 'evento') =>
  (await t.call('POST', `/api/events/${slug}/questions`, { body: ask() })).json.radicado

describe('scheduled radicado prefix', () => {
  it("schedules a new prefix for next year once this year's series has begun, and its first radicado takes it", async () => {
    const { t, entity, patch } = await withEvent()
    expect(entity.radicadoPrefixNext).toBeNull()
    t.setNow(new Date('2026-12-31T15:00:00Z'))
    expect(await submit(t)).toBe('SDE-2026-000001')
    // Changed now, the rest of this year's series would carry another prefix: still refused.
    expect((await patch({ radicadoPrefix: 'NUEVO' })).json.error.code).toBe('RADICADO_PREFIX_IN_USE')
    const scheduled = await patch({ radicadoPrefixNext: { prefix: 'NUEVO', fromYear: 2027 } })
    expect(scheduled.status).toBe(200)
    expect(scheduled.json.entity).toMatchObject({
      radicadoPrefix: 'SDE',
      radicadoPrefixNext: { prefix: 'NUEVO', fromYear: 2027 },
    })
    expect(scheduled.json.entity).not.toHaveProperty('radicadoPrefixNextYear')
    const view = await t.call('GET', '/api/events/evento', { token: await t.login() })
    expect(view.json.event.radicadoPrefixNext).toEqual({ prefix: 'NUEVO', fromYear: 2027 })
    // The rest of this year keeps its series.
    expect(await submit(t)).toBe('SDE-2026-000002')
    // 00:05 on 1 January in Bogotá: the new year's first radicado already carries the new prefix.
    t.setNow(new Date('2027-01-01T05:05:00Z'))
    expect(await submit(t)).toBe('NUEVO-2027-000001')
    expect(await submit(t)).toBe('NUEVO-2027-000002')
    const [after] = (await t.call('GET', '/api/entities', { token: await t.login() })).json.entities
    expect(after).toMatchObject({ radicadoPrefix: 'NUEVO', radicadoPrefixNext: null })
    // The old year's radicados are as they were given.
    for (const r of ['SDE-2026-000001', 'SDE-2026-000002'])
      expect((await t.call('GET', `/api/pqrsd/${r}`, {})).status).toBe(200)
    expect((await t.call('GET', '/api/pqrsd/SDE-2027-000001', {})).status).toBe(404)
    // NUEVO's series has begun: a change waits for 2028 in turn.
    expect((await patch({ radicadoPrefixNext: { prefix: 'OTRO', fromYear: 2027 } })).status).toBe(409)
  })

  it('refuses a prefix scheduled for a past year or for a year whose series has begun', async () => {
    const { t, patch } = await withEvent()
    const past = await patch({ radicadoPrefixNext: { prefix: 'NUEVO', fromYear: 2025 } })
    expect(past.status).toBe(409)
    expect(past.json.error.code).toBe('RADICADO_PREFIX_IN_USE')
    expect(await submit(t)).toBe('SDE-2026-000001')
    const begun = await patch({ radicadoPrefixNext: { prefix: 'NUEVO', fromYear: 2026 } })
    expect(begun.json.error.code).toBe('RADICADO_PREFIX_IN_USE')
    expect(begun.json.error.message).toMatch(/^La serie de radicados de ese año ya empezó/)
    // The prefix it already has: a change of nothing, refused with what to do instead.
    const same = await patch({ radicadoPrefixNext: { prefix: 'SDE', fromYear: 2027 } })
    expect(same.status).toBe(400)
    expect(same.json.error.issues).toEqual([
      { path: 'radicadoPrefixNext.prefix', message: 'La entidad ya usa ese prefijo: indique otro.' },
    ])
    const [unchanged] = (await t.call('GET', '/api/entities', { token: await t.login() })).json.entities
    expect(unchanged.radicadoPrefixNext).toBeNull()
  })

  it('takes a prefix scheduled for this year at its first radicado, when none was given yet', async () => {
    const { t, patch } = await withEvent()
    const res = await patch({ radicadoPrefixNext: { prefix: 'NUEVO', fromYear: 2026 } })
    expect(res.json.entity.radicadoPrefixNext).toEqual({ prefix: 'NUEVO', fromYear: 2026 })
    expect(await submit(t)).toBe('NUEVO-2026-000001')
  })

  it("lets a change made now, before the year's first radicado, replace the one scheduled for this year", async () => {
    const { t, patch } = await withEvent()
    await patch({ radicadoPrefixNext: { prefix: 'NUEVO', fromYear: 2026 } })
    const now = await patch({ radicadoPrefix: 'OTRO' })
    expect(now.json.entity).toMatchObject({ radicadoPrefix: 'OTRO', radicadoPrefixNext: null })
    expect(await submit(t)).toBe('OTRO-2026-000001')
  })

  it('cancels a scheduled change, and the next year keeps the prefix', async () => {
    const { t, patch } = await withEvent()
    expect(await submit(t)).toBe('SDE-2026-000001')
    await patch({ radicadoPrefixNext: { prefix: 'NUEVO', fromYear: 2027 } })
    const cancelled = await patch({ radicadoPrefixNext: null })
    expect(cancelled.status).toBe(200)
    expect(cancelled.json.entity).toMatchObject({ radicadoPrefix: 'SDE', radicadoPrefixNext: null })
    t.setNow(new Date('2027-01-01T05:05:00Z'))
    expect(await submit(t)).toBe('SDE-2027-000001')
    // Cancelled, the prefix is free for another entity.
    const other = await t.call('POST', '/api/events', {
      token: await t.login(),
      body: sampleEvent({
        slug: 'otra',
        entity: { name: 'Otra Entidad', nit: '800111222-7', radicadoPrefix: 'NUEVO' },
      }),
    })
    expect(other.status).toBe(201)
  })

  it('files with the prefix in effect when staff cancel a change between the reads and the commit', async () => {
    const { t, patch } = await withEvent()
    await patch({ radicadoPrefixNext: { prefix: 'NUEVO', fromYear: 2027 } })
    const raw = (t.deps.db as unknown as { $client: Database.Database }).$client
    let cancelled = false
    const deps = {
      ...t.deps,
      now: () => {
        // Read after every read of the filing: the cancel commits before the filing's batch.
        if (!cancelled)
          raw
            .prepare('update entities set radicado_prefix_next = null, radicado_prefix_next_year = null')
            .run()
        cancelled = true
        return new Date('2027-01-01T05:05:00Z')
      },
    }
    const { question } = await submitQuestion(deps, 'evento', ask() as never, { idem: null })
    expect(question.radicado).toBe('SDE-2027-000001')
  })

  it('reserves a scheduled prefix: no other entity can have, schedule or derive it', async () => {
    const { t, entity, patch } = await withEvent()
    expect((await patch({ radicadoPrefixNext: { prefix: 'AVR', fromYear: 2027 } })).status).toBe(200)
    const created = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({
        slug: 'villa',
        entity: { name: 'Alcaldía de Villa Rica', nit: '800111222-7', radicadoPrefix: 'AVR' },
      }),
    })
    expect(created.json.error.code).toBe('RADICADO_PREFIX_TAKEN')
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'villa', entity: { name: 'Alcaldía de Villa Rica', nit: '800111222-7' } }),
    })
    const other = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities.find(
      (e: { id: string }) => e.id !== entity.id,
    )
    for (const body of [
      { radicadoPrefix: 'AVR' },
      { radicadoPrefixNext: { prefix: 'AVR', fromYear: 2028 } },
    ]) {
      const res = await patch(body, other.id)
      expect(res.status).toBe(409)
      expect(res.json.error.code).toBe('RADICADO_PREFIX_TAKEN')
    }
    // Nor may this entity schedule one the other has.
    expect((await patch({ radicadoPrefix: 'VR' }, other.id)).status).toBe(200)
    expect((await patch({ radicadoPrefixNext: { prefix: 'VR', fromYear: 2027 } })).json.error.code).toBe(
      'RADICADO_PREFIX_TAKEN',
    )
    expect((await patch({ radicadoPrefix: null as never }, other.id)).status).toBe(400)
  })

  it("derives another entity's prefix past one scheduled by someone else", async () => {
    const { t, patch } = await withEvent()
    await patch({ radicadoPrefixNext: { prefix: 'AVR', fromYear: 2027 } })
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'villa', entity: { name: 'Alcaldía de Villa Rica', nit: '800111222-7' } }),
    })
    expect(await submit(t, 'villa')).toBe('AVR2-2026-000001')
  })
})
