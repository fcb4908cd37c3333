import type { BatchItem, BatchResponse } from 'drizzle-orm/batch'
import type { Db } from './client'

export type Stmt = BatchItem<'sqlite'>

type SyncClient = { transaction<F extends () => unknown>(fn: F): { immediate(): ReturnType<F> } }

/**
 * Commits a list of statements atomically: `db.batch` on D1 (one implicit transaction), one synchronous
 * IMMEDIATE transaction on better-sqlite3. The only place that opens a transaction: D1 has no
 * interactive ones, so shared code decides first and then hands its writes here.
 */
export async function commit<T extends readonly [Stmt, ...Stmt[]]>(
  db: Db,
  stmts: T,
): Promise<BatchResponse<T>> {
  const d = db as unknown as { batch?: (s: T) => Promise<BatchResponse<T>>; $client: SyncClient }
  if (typeof d.batch === 'function') return d.batch(stmts)
  const run = () => stmts.map((s) => (s as unknown as Prepared)._prepare(true).execute().sync())
  return d.$client.transaction(run).immediate() as BatchResponse<T>
}

type Prepared = { _prepare(oneTime: boolean): { execute(): { sync(): unknown } } }
