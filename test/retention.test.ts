import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Event } from '../db/schema'
import { parseRetentionDays } from '../server/env'
import { anonymizeDue, dueAt, isDue, periodOf, RETENTION_CRON } from '../server/services/retention'
import { auditOf, close, fileApp, people, populated, rowsOf, startedBefore } from './fixtures/retention'
import { sampleEvent, type TestApp } from './helpers'

const at = (iso: string) => new Date(iso)
const ev = (over: Partial<Event> = {}): Event =>
  ({
    status: 'closed',
    endsAt: '2026-01-10T20:00:00.000Z',
    closedAt: '2026-02-01T00:00:00.000Z',
    details: {},
    ...over,
  }) as Event

describe('when an event is due', () => {
  it("counts the event's own period from its end, or without one from its close", () => {
    const own = ev({ details: { retentionDays: 30 } })
    expect(periodOf(own, 365)).toEqual({ days: 30, source: 'event' })
    expect(dueAt(own, 365)).toEqual(at('2026-02-09T20:00:00.000Z'))
    expect(isDue(own, null, at('2026-02-09T19:59:59.999Z'))).toBe(false)
    expect(isDue(own, null, at('2026-02-09T20:00:00.000Z'))).toBe(true)
    expect(dueAt(ev({ endsAt: null, details: { retentionDays: 1 } }), null)).toEqual(
      at('2026-02-02T00:00:00.000Z'),
    )
  })

  it("uses the installation's period only for an event without its own, and none when neither is set", () => {
    expect(periodOf(ev(), 90)).toEqual({ days: 90, source: 'installation' })
    expect(dueAt(ev(), 90)).toEqual(at('2026-04-10T20:00:00.000Z'))
    // An archive rule set on the event keeps it longer than the installation's default.
    expect(isDue(ev({ details: { retentionDays: 3650 } }), 1, at('2030-01-01T00:00:00Z'))).toBe(false)
    expect(periodOf(ev(), null)).toBeNull()
    expect(dueAt(ev(), null)).toBeNull()
    expect(isDue(ev(), null, at('2100-01-01T00:00:00Z'))).toBe(false)
  })

  it('is never due while it is open or a draft', () => {
    for (const status of ['open', 'draft'] as const)
      expect(dueAt(ev({ status, details: { retentionDays: 1 } }), 1)).toBeNull()
  })

  it('reads CABILDO_RETENTION_DAYS as off when unset, empty or 0, and refuses anything but whole days', () => {
    for (const off of [undefined, '', ' ', '0', '000']) expect(parseRetentionDays(off)).toBeNull()
    expect(parseRetentionDays('365')).toBe(365)
    for (const bad of ['-1', '1.5', 'un año', '30d'])
      expect(() => parseRetentionDays(bad)).toThrow(/CABILDO_RETENTION_DAYS inválido/)
  })

  it('runs on Workers on the daily cron trigger of wrangler.toml, where nothing is erased by default', () => {
    const toml = readFileSync(new URL('../wrangler.toml', import.meta.url), 'utf8')
    expect(/^crons = \[(.*)\]$/m.exec(toml)?.[1]).toContain(`"${RETENTION_CRON}"`)
    expect(toml).toMatch(/^CABILDO_RETENTION_DAYS = "0"$/m)
    // The webhook messages' bodies go after the installation's default, as on Node.
    expect(toml).toMatch(/^CABILDO_WEBHOOK_LOG_DAYS = "30"$/m)
  })
})

describe('the scheduled anonymisation', () => {
  const run = (t: TestApp, installationDays: number | null, dryRun = false) =>
    anonymizeDue(t.deps, { installationDays, actor: 'system:cron', dryRun })

  it('anonymises nothing when no period is set anywhere', async () => {
    const t = await fileApp()
    await populated(t)
    await close(t, 'evento', { endsAt: '2020-01-01T00:00:00Z' })
    const rows = rowsOf(t, 'evento')
    expect(await run(t, null)).toEqual({ events: [], anonymized: 0 })
    expect(rowsOf(t, 'evento')).toEqual(rows)
    expect(auditOf(t, 'attendance.anonymize')).toEqual([])
  })

  it("takes the event's period, else the installation's, and leaves open events and running periods alone", async () => {
    const t = await fileApp()
    for (const slug of ['propio', 'general', 'largo', 'abierto']) {
      await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug }) })
      await populated(t, slug)
    }
    // Closed on 21 November 2026 (the tests' clock), ended on 1 September.
    await close(t, 'propio', { endsAt: '2026-09-01T00:00:00Z', retentionDays: 30 })
    await close(t, 'general', { endsAt: '2026-09-01T00:00:00Z' })
    await close(t, 'largo', { endsAt: '2026-09-01T00:00:00Z', retentionDays: 3650 })
    await t.call('PATCH', '/api/events/abierto', {
      token: t.adminToken,
      body: { ...startedBefore('2020-01-01T00:00:00Z'), endsAt: '2020-01-01T00:00:00Z', retentionDays: 1 },
    })

    const listed = await run(t, 60, true)
    expect(listed.events.map((e) => [e.slug, e.period, e.rows])).toEqual([
      ['propio', { days: 30, source: 'event' }, people.length],
      ['general', { days: 60, source: 'installation' }, people.length],
    ])
    expect(auditOf(t, 'attendance.anonymize')).toEqual([])
    expect(rowsOf(t, 'propio').every((r) => r.anonymized_at === null)).toBe(true)

    // Without the installation's period only the event that set its own is due.
    expect((await run(t, null)).events.map((e) => e.slug)).toEqual(['propio'])
    const done = await run(t, 60)
    expect(done).toMatchObject({ anonymized: people.length, events: [{ slug: 'general' }] })
    for (const slug of ['propio', 'general'])
      expect(rowsOf(t, slug).every((r) => r.anonymized_at && r.name === '')).toBe(true)
    for (const slug of ['largo', 'abierto', 'evento'])
      expect(rowsOf(t, slug).every((r) => r.anonymized_at === null)).toBe(true)
    expect(auditOf(t, 'attendance.anonymize').map((e) => [e.actor, e.data])).toEqual([
      ['system:cron', { rows: people.length, retention: { days: 30, source: 'event' } }],
      ['system:cron', { rows: people.length, retention: { days: 60, source: 'installation' } }],
    ])
    expect(await run(t, 60)).toEqual({ events: [], anonymized: 0 })
  })
})

describe("an event's retention period and close date", () => {
  it('are set where the event is edited: null gives the period back to the installation', async () => {
    const t = await fileApp()
    const patch = (body: unknown) => t.call('PATCH', '/api/events/evento', { token: t.adminToken, body })
    expect((await patch({ retentionDays: 365 })).json.event).toMatchObject({
      retentionDays: 365,
      closedAt: null,
    })
    expect((await patch({ place: 'Auditorio' })).json.event.retentionDays).toBe(365)
    expect((await patch({ retentionDays: null })).json.event.retentionDays).toBeNull()
    for (const bad of [0, -5, 1.5, '30'])
      expect((await patch({ retentionDays: bad })).json.error?.issues?.[0]?.path, String(bad)).toBe(
        'retentionDays',
      )
  })

  it('dates the close, keeps it on later edits and clears it on a reopening', async () => {
    const t = await fileApp()
    let token = t.adminToken
    const patch = (body: unknown) => t.call('PATCH', '/api/events/evento', { token, body })
    expect((await patch({ status: 'closed' })).json.event.closedAt).toBe('2026-11-21T15:00:00.000Z')
    t.setNow(new Date('2026-11-25T15:00:00Z'))
    token = await t.login()
    expect((await patch({ status: 'closed', place: 'Otro' })).json.event.closedAt).toBe(
      '2026-11-21T15:00:00.000Z',
    )
    expect((await patch({ status: 'open' })).json.event.closedAt).toBeNull()
    expect((await patch({ status: 'closed' })).json.event.closedAt).toBe('2026-11-25T15:00:00.000Z')
  })
})
