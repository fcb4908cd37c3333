import type { Db } from '../../db/client'
import { crosstab } from './crosstab'
import { filteredQuestions } from './filters'
import { versionTexts } from './version-texts'

/**
 * The reads that scan the raw responses instead of the counters: filtered stats, crosstabs and one
 * version's free texts, about
 * 1 s of SQLite at 100,000 responses and 9 s at 1,000,000. On Node, better-sqlite3 reads synchronously,
 * so in the request they would stop every other request for as long; there they run on reader threads
 * (db/client-readers.ts, server/node-reads.ts). On Workers, D1 reads elsewhere, and they run in the request.
 */
export const heavyReads = { filteredQuestions, crosstab, versionTexts }
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
  return (deps.reader?.(name, args) ?? runHeavyRead(deps.db, name, args)) as Result<K>
}

/** A heavy read by name, here over `db`: in the request, or on a reader thread (server/node-reads.ts). */
export function runHeavyRead(db: Db, name: string, args: unknown[]): Promise<unknown> {
  if (!Object.hasOwn(heavyReads, name)) throw new Error(`No heavy read is called ${name}.`)
  return (heavyReads[name as HeavyRead] as (db: Db, ...a: unknown[]) => Promise<unknown>)(db, ...args)
}
