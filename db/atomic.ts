import type { BatchItem, BatchResponse } from 'drizzle-orm/batch'
import type { Db } from './client'
import { BOUND, type Bound, isBound, type SyncPrepared } from './prepared'

export type Stmt = BatchItem<'sqlite'>

type Tx = <F extends () => unknown>(fn: F) => { immediate(): ReturnType<F>; (): ReturnType<F> }
type SyncClient = { transaction: Tx; inTransaction: boolean; [GROUP]?: Job[] }
type Job = { stmts: readonly Stmt[]; resolve: (r: unknown[]) => void; reject: (e: unknown) => void }
type Prepared = { _prepare(oneTime: boolean): { execute(): { sync(): unknown } } }

const GROUP = Symbol('cabildo.group-commit')

/**
 * Commits a list of statements atomically: `db.batch` on D1 (one implicit transaction); on
 * better-sqlite3, a group commit. The only place that opens a transaction: D1 has no interactive
 * ones, so shared code decides first and then hands its writes here.
 */
export async function commit<T extends readonly [Stmt, ...Stmt[]]>(
  db: Db,
  stmts: T,
): Promise<BatchResponse<T>> {
  const d = db as unknown as { batch?: (s: T) => Promise<BatchResponse<T>>; $client: SyncClient }
  if (typeof d.batch === 'function') return d.batch(stmts)
  return new Promise((resolve, reject) =>
    enqueue(d.$client, { stmts, resolve: resolve as Job['resolve'], reject }),
  )
}

/**
 * Group commit: the commits requested within one turn of the event loop share one transaction and so
 * one fsync; one that fails rolls back alone. Every caller is answered only after the shared COMMIT has
 * returned.
 */
function enqueue(client: SyncClient, job: Job) {
  const pending = client[GROUP]
  if (pending) {
    pending.push(job)
    return
  }
  const jobs = [job]
  client[GROUP] = jobs
  setImmediate(() => {
    client[GROUP] = undefined
    flush(client, jobs)
  })
}

type Outcome = { ok: true; value: unknown[] } | { ok: false; error: unknown }

/** Thrown out of the optimistic pass to roll it back: the request at `index` failed with `error`. */
class Failed {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {}
}

/**
 * First every list runs straight in the shared transaction, which almost always succeeds. When one
 * fails (a repeated respondent, a key race), that pass is rolled back and the group runs again with each
 * list in its own SAVEPOINT, so the failing one rolls back alone: savepoints copy every page they touch
 * to a sub-journal, a cost not worth paying on every group for the rare one that needs it.
 */
function flush(client: SyncClient, jobs: Job[]) {
  let outcomes: Outcome[]
  try {
    outcomes = client.transaction(() => together(jobs)).immediate()
  } catch (failure) {
    if (failure instanceof Failed && jobs.length === 1) outcomes = [{ ok: false, error: failure.error }]
    else if (failure instanceof Failed) {
      try {
        outcomes = client.transaction(() => apart(client, jobs)).immediate()
      } catch (error) {
        outcomes = jobs.map(() => ({ ok: false, error }))
      }
    } else outcomes = jobs.map(() => ({ ok: false, error: failure }))
  }
  jobs.forEach((job, i) => {
    const o = outcomes[i]
    if (o.ok) job.resolve(o.value)
    else job.reject(o.error)
  })
}

function together(jobs: Job[]): Outcome[] {
  const counters = new Counters()
  const outcomes = jobs.map((job, index): Outcome => {
    const deferred: Deferred[] = []
    try {
      const value = job.stmts.map((s) => run(s, deferred))
      for (const d of deferred) counters.add(d)
      return { ok: true, value }
    } catch (error) {
      throw new Failed(index, error)
    }
  })
  counters.apply()
  return outcomes
}

function apart(client: SyncClient, jobs: Job[]): Outcome[] {
  const counters = new Counters()
  const outcomes = jobs.map((job): Outcome => {
    const deferred: Deferred[] = []
    try {
      // Nested inside the open transaction, better-sqlite3 runs this in a SAVEPOINT.
      const value = client.transaction(() => job.stmts.map((s) => run(s, deferred)))()
      for (const d of deferred) counters.add(d)
      return { ok: true, value }
    } catch (error) {
      return { ok: false, error }
    }
  })
  // Inside the same transaction: if this fails, every commit of the group fails with it.
  counters.apply()
  return outcomes
}

type CountStmt = Extract<Bound, { [BOUND]: 'count' }>
/** A counter statement of a commit, and the array its results will be written into once applied. */
type Deferred = { s: CountStmt; out: unknown[] }

function run(s: Stmt, deferred: Deferred[]): unknown {
  if (!isBound(s)) return (s as unknown as Prepared)._prepare(true).execute().sync()
  if (s[BOUND] === 'count') {
    const out = new Array<unknown>(s.rows.length)
    deferred.push({ s, out })
    return out
  }
  if (s.rows.length === 1) return s.prep.execute(s.rows[0]).sync()
  const results = s.rows.map((r) => s.prep.execute(r).sync())
  return Array.isArray(results[0]) ? results.flat() : results
}

type Share = { out: unknown[]; at: number; delta: number }
type Pending = { prep: SyncPrepared; params: object; total: number; shares: Share[] }

/**
 * The counter changes of a group's successful commits, added up per row: a row that fifty requests move
 * is written once. Each commit's result still shows the count as it stood after its own change.
 */
class Counters {
  readonly #rows = new Map<SyncPrepared, Map<string, Pending>>()

  add({ s, out }: Deferred) {
    const byKey = this.#rows.get(s.prep) ?? new Map<string, Pending>()
    this.#rows.set(s.prep, byKey)
    s.rows.forEach((row, at) => {
      const key = s.keys.map((k) => String((row as Record<string, unknown>)[k])).join('\u0000')
      const p = byKey.get(key) ?? { prep: s.prep, params: row, total: 0, shares: [] }
      byKey.set(key, p)
      p.total += s.delta
      p.shares.push({ out, at, delta: s.delta })
    })
  }

  apply() {
    for (const byKey of this.#rows.values())
      for (const p of byKey.values()) {
        const [row] = p.prep.all({ ...p.params, delta: p.total }) as { count: number }[]
        let count = row.count
        for (let i = p.shares.length - 1; i >= 0; i--) {
          const { out, at, delta } = p.shares[i]
          out[at] = { ...row, count }
          count -= delta
        }
      }
  }
}
