import { type SQL, sql } from 'drizzle-orm'
import { ApiError, someCause } from '../errors'

/**
 * Optimistic writes for D1, which has no interactive transactions: a change decided in JS on a row it
 * read is written only if that row is still as read. `value` goes into a NOT NULL column when `still`
 * holds, else NULL, which the column refuses, failing the whole batch (nothing written, audited or
 * announced). The caller then decides again on a fresh read (`decideAfresh`).
 */
export const unlessChanged = (still: SQL, value: unknown) =>
  sql`case when ${still} then ${value} else null end`

/** The batch failed on the guard of `unlessChanged` in `table.column`. */
export const isStale = (err: unknown, table: string, column: string): boolean =>
  someCause(err, (e) => String(e.message).includes(`NOT NULL constraint failed: ${table}.${column}`))

const TRIES = 20

/**
 * Runs a decision again from a fresh read when its commit found the row changed since it was read: it is
 * then judged on what the other request left (refused, or applied on top when it still applies). Each
 * round lets at least one of the racing requests through; a request that loses twenty in a row gets
 * `gaveUp` (a 409).
 */
export async function decideAfresh<T>(
  decide: (attempt: number) => Promise<T>,
  stale: (err: unknown) => boolean,
  gaveUp: () => ApiError = () => new ApiError('CONFLICT'),
): Promise<T> {
  for (let attempt = 0; ; attempt++)
    try {
      return await decide(attempt)
    } catch (err) {
      if (!stale(err)) throw err
      if (attempt === TRIES - 1) throw gaveUp()
      // A short, random pause: requests that collided once do not all come back at the same instant.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)))
    }
}
