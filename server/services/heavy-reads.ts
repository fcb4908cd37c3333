import type { Db } from '../../db/client'
import { crosstab } from './crosstab'
import { filteredQuestions } from './filters'

/**
 * The reads that scan the raw responses instead of the counters: filtered stats and crosstabs, about
 * 1 s of SQLite at 100,000 responses and 9 s at 1,000,000. On Node, better-sqlite3 reads synchronously,
 * so in the request they would stop every other request for as long; there they run on reader threads
 * (db/client-readers.ts, server/node-reads.ts). On Workers, D1 reads elsewhere, and they run in the request.
 */
export const heavyReads = { filteredQuestions, crosstab }
export type HeavyRead = keyof typeof heavyReads
type Args<K extends HeavyRead> = (typeof heavyReads)[K] extends (db: Db, ...args: infer A) => unknown
  ? A
  : never
type Result<K extends HeavyRead> = ReturnType<(typeof heavyReads)[K]>

/** Runs a heavy read elsewhere, or answers undefined for the caller to run it in the request. */
export type Reader = (name: HeavyRead, args: unknown[]) => Promise<unknown> | undefined

/**
 * A heavy read, on the deps' reader when there is one, else here over `deps.db`. Its arguments and its
 * answer cross threads by structured clone: plain data only. What can be refused (a 400) is checked by
 * the caller before, so that only a failure of the database itself comes back from a reader.
 */
export function heavyRead<K extends HeavyRead>(
  deps: { db: Db; reader?: Reader },
  name: K,
  ...args: Args<K>
): Result<K> {
  const elsewhere = deps.reader?.(name, args)
  if (elsewhere) return elsewhere as Result<K>
  return (heavyReads[name] as (db: Db, ...a: unknown[]) => Result<K>)(deps.db, ...args)
}
