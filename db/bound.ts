import { type SQL, type SQLWrapper, sql } from 'drizzle-orm'
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core'

/**
 * D1 binds at most 100 parameters a statement (its documented limits; workerd's local D1 refuses the
 * 101st too), where SQLite itself takes 32,766. A list that grows with the data — an entity's events,
 * an event's commitments, a form's questions or versions, a page of deliveries — must never become one
 * parameter per item, or the statement that works on Node fails on Workers with a 500.
 */
export const MAX_BOUND = 100

/**
 * D1 also takes at most 5 SELECTs in one compound statement (`… union all …`; workerd's local D1 refuses
 * the 6th), where SQLite takes 500: a union of one part per item must be cut at 5 parts a statement too.
 */
export const MAX_COMPOUND = 5

/**
 * The values of an `in (...)` list as one parameter: a JSON array, opened by json_each(). SQLite plans
 * `x in (select value from json_each(?))` as it plans `x in (?, ?, …)`, searching x's index once per
 * value. Write `${column} in (${listOf(values)})` in raw SQL, or `inList(column, values)` in drizzle's
 * query builder.
 */
export const listOf = (values: readonly unknown[]): SQL =>
  sql`select value from json_each(${JSON.stringify(values)})`

export const inList = (column: SQLWrapper, values: readonly unknown[]): SQL =>
  sql`${column} in (${listOf(values)})`

const dialect = new SQLiteSyncDialect()

/** How many parameters a statement binds. */
export const boundOf = (statement: SQL) => dialect.sqlToQuery(statement).params.length

/**
 * Splits `items` into runs whose statements (`build(run)`) each bind at most MAX_BOUND parameters, for
 * statements that repeat a part per item (a union of one subquery per form version, say), and, for such
 * a union, hold at most `most` parts (MAX_COMPOUND). The size is worked out from one item's statement and
 * two items', so it holds for parts that all bind alike.
 */
export function boundRuns<T>(items: T[], build: (run: T[]) => SQL, most = Number.POSITIVE_INFINITY): T[][] {
  if (items.length <= 1) return [items]
  const one = boundOf(build(items.slice(0, 1)))
  const each = boundOf(build(items.slice(0, 2))) - one
  const fit = each > 0 ? Math.max(1, Math.floor((MAX_BOUND - (one - each)) / each)) : items.length
  const size = Math.min(fit, most)
  const runs: T[][] = []
  for (let i = 0; i < items.length; i += size) runs.push(items.slice(i, i + size))
  return runs
}
