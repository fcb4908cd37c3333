import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { events } from '../../db/schema'
import { ApiError } from '../errors'
import { commitAudited } from './audit'
import { type Drift, type Plan, plan } from './maintenance-plan'
import { isGuard, moved, rewrite } from './maintenance-rewrite'

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

/** Rewrites `ids` in one audited batch; the guard's error, instead, if any of them moved since planned. */
async function commitPlans(db: Db, ids: string[], plans: Map<string, Plan>, opts: Opts) {
  const chosen = ids.map((id) => [id, plans.get(id)!] as [string, Plan])
  try {
    await commitAudited(
      db,
      rewrite(db, chosen),
      chosen.map(([id, p]) => auditOf(opts, id, p)),
      opts.now(),
    )
    return null
  } catch (err) {
    if (!isGuard(err)) throw err
    return err
  }
}

/**
 * Checks a group of events and, with `rebuild`, rewrites those that drifted (`force`: all) in one
 * audited batch, which refuses to run if a submission landed in any of them since they were computed.
 * Then only the events that moved are computed again, and rewritten apart from the others, which go
 * again as they were: during a live event one event keeps moving, and redoing each of hundreds of
 * events on its own would run past D1's queries. An event refused again after 20 retries gives up.
 */
async function checkGroup(db: Db, group: Ev[], opts: Opts): Promise<EventCounters[]> {
  const plans = await plan(
    db,
    group.map((e) => e.id),
    !!opts.rebuild,
  )
  const wanted = (id: string) => opts.force || !!plans.get(id)!.drift.length
  const rebuilt = new Set<string>()
  const moves = new Map<string, number>()
  const batches = opts.rebuild ? [group.map((e) => e.id).filter(wanted)] : []
  for (let ids = batches.pop(); ids; ids = batches.pop()) {
    if (!ids.length) continue
    const err = await commitPlans(db, ids, plans, opts)
    if (!err) {
      for (const id of ids) rebuilt.add(id)
      continue
    }
    const found = await moved(
      db,
      ids.map((id) => [id, plans.get(id)!]),
    )
    // None left moved (their rows changed and changed back): computing all of them again is as cheap.
    const again = new Set(found.length ? found : ids)
    for (const id of again) {
      const n = (moves.get(id) ?? 0) + 1
      if (n > 20) throw err
      moves.set(id, n)
    }
    for (const [id, p] of await plan(db, [...again], true)) plans.set(id, p)
    batches.push(
      [...again].filter(wanted),
      ids.filter((id) => !again.has(id)),
    )
  }
  return group.map((ev) => ({ slug: ev.slug, drift: plans.get(ev.id)!.drift, rebuilt: rebuilt.has(ev.id) }))
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
