import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { events } from '../../db/schema'
import { ApiError } from '../errors'
import { commitAudited } from './audit'
import { type Drift, type Plan, plan } from './maintenance-plan'
import { isGuard, rewrite } from './maintenance-rewrite'

export type { Drift }

/**
 * Counters are kept in each submission's own commit; this recomputes them from the raw rows, reports
 * where they differ and, when asked, rewrites them. Shared code: the CLI runs it on the SQLite file, the
 * admin endpoint on D1, where an invocation may run at most 1,000 queries: the events are read and
 * rewritten GROUP at a time, each step one statement for all of them, so the queries grow with the raw
 * rows (pages of 2,000) and not with the events.
 */
export type EventCounters = { slug: string; drift: Drift[]; rebuilt: boolean }
export type CountersReport = { ok: boolean; events: EventCounters[] }

/** Events read and rewritten together: bounds what one group holds in memory. */
const GROUP = 500

type Ev = { id: string; slug: string }
type Opts = { slug?: string; rebuild?: boolean; force?: boolean; actor: string; now: () => Date }

const auditOf = (opts: Opts, id: string, p: Plan) => ({
  actor: opts.actor,
  action: 'counters.rebuild',
  subjectType: 'event',
  subjectId: id,
  eventId: id,
  data: { drift: p.drift.length, tables: [...new Set(p.drift.map((d) => d.table))] },
})

/**
 * Checks a group of events and, with `rebuild`, rewrites those that drifted (`force`: all) in one
 * audited batch, which refuses to run if a submission landed in any of them since they were computed.
 * Then each of those events is computed and rewritten again on its own, until one attempt holds.
 */
async function checkGroup(db: Db, group: Ev[], opts: Opts): Promise<EventCounters[]> {
  const plans = await plan(
    db,
    group.map((e) => e.id),
    !!opts.rebuild,
  )
  const result = (ev: Ev, rebuilt: boolean, p = plans.get(ev.id)!) => ({
    slug: ev.slug,
    drift: p.drift,
    rebuilt,
  })
  const todo = new Set(opts.rebuild ? group.filter((ev) => opts.force || plans.get(ev.id)!.drift.length) : [])
  if (!todo.size) return group.map((ev) => result(ev, false))
  const chosen = [...todo].map((ev) => [ev.id, plans.get(ev.id)!] as [string, Plan])
  try {
    await commitAudited(
      db,
      rewrite(db, chosen),
      chosen.map(([id, p]) => auditOf(opts, id, p)),
      opts.now(),
    )
    return group.map((ev) => result(ev, todo.has(ev)))
  } catch (err) {
    if (!isGuard(err)) throw err
  }
  const out: EventCounters[] = []
  for (const ev of group) {
    if (!todo.has(ev)) {
      out.push(result(ev, false))
      continue
    }
    for (let attempt = 0; ; attempt++) {
      const p = (await plan(db, [ev.id], true)).get(ev.id)!
      if (!p.drift.length && !opts.force) {
        out.push(result(ev, false, p))
        break
      }
      try {
        await commitAudited(db, rewrite(db, [[ev.id, p]]), [auditOf(opts, ev.id, p)], opts.now())
        out.push(result(ev, true, p))
        break
      } catch (err) {
        if (!isGuard(err) || attempt >= 20) throw err
      }
    }
  }
  return out
}

/**
 * Checks the counters of one event (`slug`) or of all, and with `rebuild` rewrites those that drifted
 * (`force`: every event's, drift or not), atomically per group of events, audited per event.
 */
export async function countersReport(db: Db, opts: Opts): Promise<CountersReport> {
  const list = await db
    .select({ id: events.id, slug: events.slug })
    .from(events)
    .where(opts.slug ? eq(events.slug, opts.slug) : undefined)
    .orderBy(sql`"events"."rowid"`)
  if (opts.slug && !list.length) throw new ApiError('EVENT_NOT_FOUND')
  const out: EventCounters[] = []
  for (let i = 0; i < list.length; i += GROUP)
    out.push(...(await checkGroup(db, list.slice(i, i + GROUP), opts)))
  return { ok: out.every((e) => !e.drift.length || e.rebuilt), events: out }
}
