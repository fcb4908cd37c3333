import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { openNodeDb } from '../db/client-node'
import { countersReport } from '../server/services/maintenance'
import {
  commitAtClockReads,
  commitAtFirstClockRead,
  countQueries,
  sampleEvent,
  type TestApp,
  testApp,
  withD1Limits,
} from './helpers'

/**
 * A Workers invocation may run at most 1,000 D1 queries (50 on the Free plan). The counters' check and
 * rebuild cover every event: their queries must not grow with the number of events.
 */
describe('checking and rebuilding the counters of many events', () => {
  async function counted() {
    const db = withD1Limits(openNodeDb(':memory:'))
    const queries = countQueries(db)
    const t = await testApp({ deps: { db } })
    const measure = async (run: () => Promise<{ status: number; json: any }>) => {
      const before = queries.n
      const res = await run()
      expect(res.status).toBe(200)
      return { queries: queries.n - before, json: res.json }
    }
    return { t, queries, measure }
  }

  async function addEvents(t: TestApp, from: number, to: number) {
    for (let i = from; i < to; i++) {
      const res = await t.call('POST', '/api/events', {
        token: t.adminToken,
        body: sampleEvent({ slug: `dialogo-${String(i).padStart(3, '0')}` }),
      })
      expect(res.status).toBe(201)
    }
    await t.call('POST', `/api/events/dialogo-${String(to - 1).padStart(3, '0')}/attendance`, {
      body: { name: 'Ana', email: 'ana@correo.co', gender: 'mujer', territory: 'Belén', consent: true },
    })
    // Every event's counters off by one row that no registration made.
    await t.deps.db.run(
      sql`insert or replace into attendance_counters select id, 'gender', 'inventado', null, 3 from events`,
    )
  }

  it('runs as many queries for 300 events as for 3, and far fewer than a Worker may run', async () => {
    const { t, measure } = await counted()
    const check = () => measure(() => t.call('GET', '/api/admin/counters', { token: t.adminToken }))
    const rebuild = (force = false) =>
      measure(() => t.call('POST', '/api/admin/counters/rebuild', { token: t.adminToken, body: { force } }))

    await addEvents(t, 0, 3)
    const few = { check: await check(), rebuild: await rebuild(), force: await rebuild(true) }
    expect(few.check.json.events).toHaveLength(3)
    expect(few.rebuild.json.events.every((e: { rebuilt: boolean }) => e.rebuilt)).toBe(true)

    await addEvents(t, 3, 300)
    const many = { check: await check(), rebuild: await rebuild(), force: await rebuild(true) }
    expect(many.check.json.ok).toBe(false)
    expect(many.check.json.events).toHaveLength(300)
    expect(many.check.json.events[299].drift).toEqual([
      { table: 'attendance_counters', key: 'gender/inventado', stored: 3, actual: 0 },
    ])
    expect(many.rebuild.json.ok).toBe(true)
    expect(many.rebuild.json.events.every((e: { rebuilt: boolean }) => e.rebuilt)).toBe(true)
    expect(many.force.json.events.every((e: { rebuilt: boolean }) => e.rebuilt)).toBe(true)
    const after = await check()
    expect(after.json.ok).toBe(true)
    expect(after.json.events.every((e: { drift: unknown[] }) => !e.drift.length)).toBe(true)

    // The same reads for 300 events as for 3; a rebuild adds only its audit entries, 9 to a statement.
    expect(many.check.queries).toBe(few.check.queries)
    expect(many.rebuild.queries).toBeLessThanOrEqual(few.rebuild.queries + Math.ceil(300 / 9))
    expect(many.force.queries).toBeLessThanOrEqual(few.force.queries + Math.ceil(300 / 9))
    expect(Math.max(many.check.queries, many.rebuild.queries, many.force.queries)).toBeLessThan(60)
    const audit = await t.deps.db.all<{ n: number }>(
      sql`select count(*) n from audit_log where action = 'counters.rebuild'`,
    )
    expect(audit[0].n).toBe(3 + 3 + 300 + 300)
  }, 60_000)

  it('computes again and rewrites apart the event a check-in lands in meanwhile', async () => {
    const { t } = await counted()
    await addEvents(t, 0, 4)
    // Right before the rebuild commits, dialogo-003's attendee is checked in, behind its back.
    const late = commitAtFirstClockRead(
      t,
      `update attendees set checked_in_at = '2026-11-21T15:00:00Z' where event_id = (select id from events where slug = 'dialogo-003')`,
    )
    const r = await countersReport(late.deps.db, { rebuild: true, actor: 'test', now: late.deps.now })
    // The four together, refused; the other three together again; dialogo-003 computed again, alone.
    expect(late.reads()).toBe(3)
    expect(r.ok).toBe(true)
    expect(r.events.map((e) => e.rebuilt)).toEqual([true, true, true, true])
    const checked = await t.deps.db.all<{ count: number }>(
      sql`select count from attendance_counters where dimension = 'checked_in'`,
    )
    expect(checked).toEqual([{ count: 1 }])
    expect((await countersReport(t.deps.db, { actor: 'test', now: t.deps.now })).ok).toBe(true)
  })

  it('rewrites the other events together while one of them keeps receiving registrations', async () => {
    const { t, queries } = await counted()
    await addEvents(t, 0, 300)
    // A live event: a registration lands in dialogo-150 right before each of the first LIVE commits.
    const LIVE = 4
    const late = commitAtClockReads(t, (n) =>
      n > LIVE
        ? undefined
        : `insert into attendees (id, event_id, name, gender, token_hash, checkin_code, consent, created_at)
           select 'live-${n}', id, 'Luz', 'mujer', 'hash-${n}', 'code-${n}', '{}', '2026-11-21T15:00:00Z'
           from events where slug = 'dialogo-150'`,
    )
    const before = queries.n
    const r = await countersReport(late.deps.db, {
      rebuild: true,
      force: true,
      actor: 'test',
      now: late.deps.now,
    })
    // A quiet forced rebuild of 300 events runs about 50 queries; each race lost about 9 more, not 17 an event.
    expect(queries.n - before).toBeLessThan(100)
    expect(late.reads()).toBe(LIVE + 1)
    expect(r.ok).toBe(true)
    expect(r.events).toHaveLength(300)
    expect(r.events.every((e) => e.rebuilt)).toBe(true)
    // Each event rewritten once, dialogo-150 from all the registrations that reached it.
    const audit = await t.deps.db.all<{ n: number }>(
      sql`select count(*) n from audit_log where action = 'counters.rebuild'`,
    )
    expect(audit[0].n).toBe(300)
    const live = await t.deps.db.all<{ dimension: string; value: string; count: number }>(
      sql`select dimension, value, count from attendance_counters
          where event_id = (select id from events where slug = 'dialogo-150') order by dimension, value`,
    )
    expect(live).toEqual([
      { dimension: 'gender', value: '', count: LIVE },
      { dimension: 'gender', value: 'mujer', count: LIVE },
      { dimension: 'registered', value: '', count: LIVE },
      { dimension: 'source', value: 'form', count: LIVE },
    ])
    expect((await countersReport(t.deps.db, { actor: 'test', now: t.deps.now })).ok).toBe(true)
  }, 60_000)

  it('gives up on an event that moves before every attempt, once the others are rewritten', async () => {
    const { t } = await counted()
    await addEvents(t, 0, 3)
    const late = commitAtClockReads(
      t,
      (n) =>
        `insert into attendees (id, event_id, name, token_hash, checkin_code, consent, created_at)
         select 'live-${n}', id, 'Luz', 'hash-${n}', 'code-${n}', '{}', '2026-11-21T15:00:00Z'
         from events where slug = 'dialogo-001'`,
    )
    await expect(
      countersReport(late.deps.db, { rebuild: true, actor: 'test', now: late.deps.now }),
    ).rejects.toThrow(/attendance_counters\.count/)
    // Refused with the others, then on each of its 20 retries alone; the others went in between.
    expect(late.reads()).toBe(1 + 1 + 20)
    const audit = await t.deps.db.all<{ subject: string }>(
      sql`select e.slug subject from audit_log a join events e on e.id = a.subject_id
          where a.action = 'counters.rebuild' order by e.slug`,
    )
    expect(audit).toEqual([{ subject: 'dialogo-000' }, { subject: 'dialogo-002' }])
  })
})
