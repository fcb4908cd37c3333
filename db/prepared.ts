import { Column, is, Param, Placeholder, SQL, sql } from 'drizzle-orm'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import * as drizzleUtils from 'drizzle-orm/utils'
import type { Stmt } from './atomic'
import type { Db } from './client'
import { sharedRead } from './d1-group'

/**
 * Statements for the hot paths, defined once and reused. On better-sqlite3 each definition is built by
 * drizzle and compiled by SQLite once per database, with placeholders, and then only bound and run: no
 * query building, no SQL parsing per request. On D1 the same definition is built with the values, as
 * any drizzle query, and goes to `db.batch`. A build function receives either the values or placeholders
 * named after them, so it must only place them (no arithmetic, no branching on a value).
 */

/** The parts of drizzle's prepared query for better-sqlite3 that running it ourselves needs. */
export type DrizzlePrepared = {
  all(params?: object): unknown[]
  query: { sql: string; params: unknown[] }
  executeMethod: 'run' | 'all' | 'get'
  fields?: { path: string[]; field: unknown }[]
  joinsNotNullableMap?: Record<string, boolean>
  customResultMapper?: (rows: unknown[][]) => unknown
  /** The statement compiled on this connection (better-sqlite3). */
  stmt: RawStatement
}
export type RawStatement = {
  run(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
  get(...params: unknown[]): unknown
  raw(on?: boolean): RawStatement
}

type Filler = (values: Record<string, unknown>) => unknown[]
const fillers = new WeakMap<unknown[], Map<string, Filler>>()
const same = (v: unknown) => v

/**
 * drizzle's `fillPlaceholders`, worked out once per statement: which values are fixed, which come from
 * which placeholder and through which column's encoder. drizzle's own looks that up on every run.
 */
export function fillerOf(params: unknown[], unfilled = ''): Filler {
  let byUnfilled = fillers.get(params)
  if (!byUnfilled) {
    byUnfilled = new Map<string, Filler>()
    fillers.set(params, byUnfilled)
  }
  const known = byUnfilled.get(unfilled)
  if (known) return known
  type Slot = { name: string; encode: (v: unknown) => unknown } | { name?: undefined; value: unknown }
  const slots = params.map((p): Slot => {
    if (is(p, Placeholder)) return { name: p.name, encode: same }
    if (is(p, Param) && is(p.value, Placeholder))
      return { name: p.value.name, encode: (v: unknown) => p.encoder.mapToDriverValue(v) }
    return { value: p }
  })
  const fill: Filler = slots.some((s) => s.name !== undefined) ? compileFill(slots, unfilled) : () => params
  byUnfilled.set(unfilled, fill)
  return fill
}

/**
 * The filler as a function of its own for each statement, `(v) => [fixed[0], encoders[1](v["name"]), …]`,
 * instead of one loop over the slots shared by every statement: V8 sees each statement's values object
 * at one site of its own, so reading them stays monomorphic, where the shared loop's reads and `in`
 * checks went megamorphic. With the counters' rows, this ran some 25 times a survey response; counted
 * under callgrind it was 5 % of the writer thread's instructions (docs/throughput-log.md). The names come from
 * the statements' own placeholders and are quoted with JSON.stringify. On better-sqlite3 only: D1's
 * statements are built by drizzle with their values, and Workers do not allow code from strings.
 */
function compileFill(
  slots: ({ name: string; encode: (v: unknown) => unknown } | { name?: undefined; value: unknown })[],
  unfilled: string,
): Filler {
  const names = slots.map((s) => s.name)
  const fixed = slots.map((s) => (s.name === undefined ? s.value : undefined))
  const encoders = slots.map((s) => (s.name === undefined ? same : s.encode))
  const parts = slots.map((s, i) => {
    if (s.name === undefined) return `fixed[${i}]`
    if (s.name === unfilled) return 'undefined'
    const key = JSON.stringify(s.name)
    return `(${key} in v ? encoders[${i}](v[${key}]) : missing(${i}))`
  })
  const missing = (i: number) => {
    throw new Error(`No value for placeholder "${names[i]}" was provided`)
  }
  return new Function('fixed', 'encoders', 'missing', `return (v) => [${parts.join(', ')}]`)(
    fixed,
    encoders,
    missing,
  ) as Filler
}

type RowMapper = (row: unknown[]) => unknown
const mappers = new WeakMap<object, RowMapper>()
const { mapResultRow } = drizzleUtils as unknown as {
  mapResultRow(fields: unknown, row: unknown[], joins?: Record<string, boolean>): unknown
}
type Decoder = { mapFromDriverValue(v: unknown): unknown }

/**
 * drizzle's `mapResultRow` for one statement, worked out once: a flat selection becomes a loop over its
 * columns' decoders. Nested selections (joins) keep drizzle's own.
 */
export function rowMapperOf(pq: DrizzlePrepared): RowMapper {
  const known = mappers.get(pq)
  if (known) return known
  const fields = pq.fields ?? []
  const decoderOf = (field: unknown): Decoder | undefined => {
    if (is(field, Column)) return field
    if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder
    if (is(field, SQL.Aliased)) return (field.sql as unknown as { decoder: Decoder }).decoder
  }
  const decoders = fields.map((f) => decoderOf(f.field))
  let map: RowMapper
  if (pq.joinsNotNullableMap || fields.some((f, i) => f.path.length !== 1 || !decoders[i]))
    map = (row) => mapResultRow(fields, row, pq.joinsNotNullableMap)
  else {
    const names = fields.map((f) => f.path[0])
    const ds = decoders as Decoder[]
    map = (row) => {
      const out: Record<string, unknown> = {}
      for (let i = 0; i < names.length; i++)
        out[names[i]] = row[i] === null ? null : ds[i].mapFromDriverValue(row[i])
      return out
    }
  }
  mappers.set(pq, map)
  return map
}

export const BOUND = Symbol('cabildo.bound')
/** A prepared statement and its values, as `commit` runs it on better-sqlite3. */
export type Bound =
  | { [BOUND]: 'run'; prep: DrizzlePrepared; params: object }
  /** Commutative `count + delta` upserts: the group commit adds up the deltas of the same row. */
  | {
      [BOUND]: 'count'
      prep: DrizzlePrepared
      keys: readonly string[]
      rows: object[]
      delta: number
      /** No counts wanted back: the group commit only adds the deltas up. */
      quiet: boolean
    }

/**
 * Marks a statement's values as bound. Stored after the literal, not written in it: a computed key in an
 * object literal takes V8's runtime on every evaluation, and a response builds several of these.
 */
function bound<K extends Bound[typeof BOUND]>(
  s: Omit<Extract<Bound, { [BOUND]: K }>, typeof BOUND>,
  kind: K,
): Extract<Bound, { [BOUND]: K }> {
  ;(s as Record<symbol, unknown>)[BOUND] = kind
  return s as Extract<Bound, { [BOUND]: K }>
}

export const isBound = (s: unknown): s is Bound => typeof s === 'object' && s !== null && BOUND in s

const isSync = (db: Db) => typeof (db as { batch?: unknown }).batch !== 'function'

// Keyed by database, so apps and tests never share compiled statements.
const compiled = new WeakMap<object, Map<object, DrizzlePrepared>>()

function prepared(db: Db, def: object, build: () => unknown): DrizzlePrepared {
  let byDef = compiled.get(db)
  if (!byDef) {
    byDef = new Map<object, DrizzlePrepared>()
    compiled.set(db, byDef)
  }
  let prep = byDef.get(def)
  if (!prep) {
    prep = (build() as { prepare(): DrizzlePrepared }).prepare()
    byDef.set(def, prep)
  }
  return prep
}

/** Stands for any values object: each property read is the placeholder of that name. */
const placeholders = <P>() =>
  new Proxy({}, { get: (_, name) => sql.placeholder(String(name)) }) as unknown as P

/**
 * A read: `all` rows of the prepared select on SQLite, the awaited query on D1. SQLite compiles a
 * statement again on every run when its plan looked at a bound value: a LIMIT, or the column of a
 * partial index's condition (`current = ?`). Measured here at 25-70 µs a run, five to ten times the
 * lookup itself; so leave out `.limit(1)` on a unique key and write such constants into the SQL.
 */
export function query<P extends object, Q extends PromiseLike<unknown>>(build: (db: Db, p: P) => Q) {
  const now = syncQuery(build)
  return async (db: Db, params: P): Promise<Awaited<Q>> =>
    isSync(db) ? now(db, params) : await build(db, params)
}

/** `query` on better-sqlite3, run in the caller's turn. */
function syncQuery<P extends object, Q extends PromiseLike<unknown>>(build: (db: Db, p: P) => Q) {
  const def = {}
  return (db: Db, params: P): Awaited<Q> => {
    const pq = prepared(db, def, () => build(db, placeholders<P>()))
    if (!pq.fields || pq.customResultMapper) return pq.all(params) as Awaited<Q>
    const rows = pq.stmt
      .raw(true)
      .all(...fillerOf(pq.query.params)(params as Record<string, unknown>)) as unknown[][]
    const row = rowMapperOf(pq)
    return rows.map(row) as Awaited<Q>
  }
}

/** How often, at most, a kept read looks whether another connection has committed (`stableQuery`). */
export const OTHER_WRITERS_MS = 100

type Marks = { client: object; changes: RawStatement; version: RawStatement; seen: unknown; at: number }
/** Counted by db/atomic.ts: groups committed, on this thread or on the writer thread. */
const WRITES = Symbol.for('cabildo.group-writes')
const marks = new WeakMap<object, Marks>()

/**
 * What the database has seen written since this connection opened: the group commits run for it (on the
 * writer thread too), this connection's own other changes, which `total_changes()` counts without a
 * transaction (about 0.1 µs), and another connection's commits (the maintenance CLI, say), which
 * `PRAGMA data_version` shows at the cost of a read; so the latter is looked at once every
 * `OTHER_WRITERS_MS` at most.
 */
function writeMark(db: Db): string {
  let m = marks.get(db)
  if (!m) {
    const client = (db as unknown as { $client: { prepare(sql: string): RawStatement } }).$client
    m = {
      client,
      changes: client.prepare('select total_changes()').raw(true),
      version: client.prepare('pragma data_version').raw(true),
      seen: undefined,
      at: -Infinity,
    }
    marks.set(db, m)
  }
  const now = Date.now()
  if (now - m.at >= OTHER_WRITERS_MS || now < m.at) {
    m.seen = (m.version.get() as unknown[])[0]
    m.at = now
  }
  const groups = (m.client as { [WRITES]?: number })[WRITES] ?? 0
  return `${groups}:${(m.changes.get() as unknown[])[0]}:${m.seen}`
}

/**
 * A read the hot paths make on every request with the same answer almost every time (an event and its
 * form, by slug): on better-sqlite3 its rows are kept per `keyOf(params)` until anything is written to
 * the database; a write by this process shows at once, one by another process within
 * `OTHER_WRITERS_MS`, which no request can tell from having arrived that much earlier. The rows are
 * frozen, since every caller shares them. Misses are not kept, and no more than `max` answers are. On D1
 * it is `query`, as each request there may run in an isolate of its own, except that in an event's
 * writer object the callers that ask while the same read is on its way share it (`sharedRead`).
 * `fresh`: a read that must see what its caller has just written some other way than `commit`.
 */
export function stableQuery<P extends object, Q extends PromiseLike<unknown[]>>(
  build: (db: Db, p: P) => Q,
  keyOf: (p: P) => string,
  max = 1000,
) {
  const read = query(build)
  const now = syncQuery(build)
  const kept = new WeakMap<object, { mark: string; rows: Map<string, Awaited<Q>> }>()
  return async (db: Db, params: P, fresh = false): Promise<Awaited<Q>> => {
    if (!isSync(db)) return fresh ? read(db, params) : sharedRead(db, keyOf(params), () => read(db, params))
    const mark = writeMark(db)
    let memo = kept.get(db)
    if (memo?.mark !== mark) {
      memo = { mark, rows: new Map() }
      kept.set(db, memo)
    }
    const key = keyOf(params)
    const known = memo.rows.get(key)
    if (known) return known
    // Read and kept in this turn: nothing is written between the mark and these rows, and the callers
    // that ask in the same turn (the calls of one message to the writer thread) find them kept instead
    // of each reading them again.
    const rows = now(db, params)
    if (!rows.length) return rows
    if (memo.rows.size >= max) memo.rows.clear()
    for (const row of rows) Object.freeze(row)
    memo.rows.set(key, Object.freeze(rows) as Awaited<Q>)
    return rows
  }
}

/** One write, to commit with others. */
export function statement<P extends object>(build: (db: Db, p: P) => Stmt) {
  const def = {}
  return (db: Db, params: P): Stmt => {
    if (!isSync(db)) return build(db, params)
    const prep = prepared(db, def, () => build(db, placeholders<P>()))
    return bound({ prep, params }, 'run') as unknown as Stmt
  }
}

/**
 * Counters moved by `delta`: the build inserts `delta` as the count and on conflict adds
 * `excluded.count` (see `plusExcluded`), returning at least `count`. `keys` name the row's identity; the
 * other values are kept from the first row that creates it. Within one group commit the deltas of every
 * request that succeeded are added up and written once per row, and each request still gets back the
 * count as it stood after its own change; so nothing else in the same commit may read these counters.
 * `quiet` counters give nothing back on SQLite (D1 still returns their rows): most of a submission's
 * counters are moved, not read, and working out each request's own count for them is wasted.
 */
export function counterStatement<R extends object>(opts: {
  chunk: number
  keys: readonly (keyof R & string)[]
  build: (db: Db, rows: (R & { delta: number })[]) => Stmt
}) {
  const def = {}
  return (db: Db, rows: R[], delta: number, quiet = false): Stmt[] => {
    if (!rows.length) return []
    if (!isSync(db)) {
      // Inlined, not bound: a bound delta per row would take D1's 100 values per statement sooner.
      const d = sql.raw(String(Math.trunc(delta))) as unknown as number
      return chunks(rows, opts.chunk).map((part) =>
        opts.build(
          db,
          part.map((r) => ({ ...r, delta: d })),
        ),
      )
    }
    const prep = prepared(db, def, () => opts.build(db, [placeholders<R & { delta: number }>()]))
    return [bound({ prep, keys: opts.keys, rows, delta, quiet }, 'count') as unknown as Stmt]
  }
}

/** The `set` of a counter's upsert: the stored count plus the row's own inserted delta. */
export const plusExcluded = (count: AnySQLiteColumn): SQL =>
  sql`${count} + excluded.${sql.identifier(count.name)}`

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
