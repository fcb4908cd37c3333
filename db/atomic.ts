import type { BatchItem, BatchResponse } from 'drizzle-orm/batch'
import type { Db } from './client'

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
 * one fsync, each inside its own savepoint, so one that fails rolls back alone. Every caller is
 * answered only after the shared COMMIT has returned.
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

function flush(client: SyncClient, jobs: Job[]) {
  const outcomes: ({ ok: true; value: unknown[] } | { ok: false; error: unknown })[] = []
  try {
    client
      .transaction(() => {
        for (const job of jobs) {
          try {
            // Nested inside the open transaction, better-sqlite3 runs this in a SAVEPOINT.
            const value = client.transaction(() =>
              job.stmts.map((s) => (s as unknown as Prepared)._prepare(true).execute().sync()),
            )()
            outcomes.push({ ok: true, value })
          } catch (error) {
            outcomes.push({ ok: false, error })
          }
        }
      })
      .immediate()
  } catch (error) {
    for (const job of jobs) job.reject(error)
    return
  }
  jobs.forEach((job, i) => {
    const o = outcomes[i]
    if (o.ok) job.resolve(o.value)
    else job.reject(o.error)
  })
}
