import { is, Param, Placeholder } from 'drizzle-orm'
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch'
import type { Db } from './client'
import { batchOf } from './d1-group'
import {
  BOUND,
  type Bound,
  type DrizzlePrepared,
  fillerOf,
  isBound,
  type RawStatement,
  rowMapperOf,
} from './prepared'

export type Stmt = BatchItem<'sqlite'>

/**
 * One statement of a commit as the SQLite group commit runs it: the statement compiled on this
 * connection and its values, drizzle's per-run work (placeholders, encoders, row mapping) worked out once
 * per statement (see db/prepared.ts). `count` is a counter's `count + delta` upsert: the group adds up
 * the deltas of every request that moves the same row and writes it once.
 */
export type Op =
  | { sql: string; method: 'run' | 'all' | 'get'; raw: boolean; params: unknown[] }
  | {
      sql: string
      method: 'count'
      /** One list of values per row, each with the commit's own delta at `deltaAt`. */
      rows: unknown[][]
      /** Where each row's identity is among its values: rows alike there are the same counter. */
      keyAt: number[]
      delta: number
      /** Counted without working out the count this commit sees. */
      quiet: boolean
      deltaAt: number
      /** Where the count is in the raw row the upsert returns. */
      countAt: number
    }

/** What a SQLite connection must offer the group commit (better-sqlite3's Database). */
export type SqliteClient = {
  transaction<F extends () => unknown>(fn: F): { immediate(): ReturnType<F>; (): ReturnType<F> }
  prepare(sql: string): RawStatement
}
/** A connection that hands its groups to another thread to run (see db/client-node.ts). */
export type GroupRunner = (jobs: Op[][]) => Promise<Outcome[]>
type Client = SqliteClient & {
  [GROUP]?: Job[]
  [RUNNER]?: GroupRunner
  [WRITES]?: number
  [PIPE]?: { next: Job[]; busy: boolean }
  [COMMITTED]?: () => void
}
type Job = { ops: Op[]; resolve: (r: unknown[]) => void; reject: (e: unknown) => void }

const GROUP = Symbol('cabildo.group-commit')
const PIPE = Symbol('cabildo.group-pipe')
export const RUNNER = Symbol.for('cabildo.group-runner')
/** Groups committed on a connection so far, on whichever thread ran them (see `stableQuery`). */
export const WRITES = Symbol.for('cabildo.group-writes')
/** Called on a connection, if set, after each group it commits (the writer thread's counts them). */
export const COMMITTED = Symbol.for('cabildo.group-committed')

/**
 * Commits a list of statements atomically: `db.batch` on D1 (one implicit transaction; shared with
 * other commits on a database that groups them, db/d1-group.ts); on better-sqlite3, a group commit. The
 * only place that opens a transaction: D1 has no interactive ones, so shared code decides first and then
 * hands its writes here.
 */
export async function commit<T extends readonly [Stmt, ...Stmt[]]>(
  db: Db,
  stmts: T,
): Promise<BatchResponse<T>> {
  const d = db as unknown as { batch?: unknown; $client: Client }
  if (typeof d.batch === 'function') return batchOf(db, [...stmts]) as Promise<BatchResponse<T>>
  const wired = stmts.map(wire)
  const ops = wired.map((w) => w.op)
  const values = await new Promise<unknown[]>((resolve, reject) =>
    enqueue(d.$client, { ops, resolve, reject }),
  )
  return wired.map((w, i) => w.map(values[i])) as BatchResponse<T>
}

/**
 * Group commit: the commits requested within one turn of the event loop share one transaction and so
 * one fsync, up to GROUP_MOST of them: the group that reaches it commits at once and the next request
 * starts another. Every caller is answered only after its group's COMMIT has returned.
 */
function enqueue(client: Client, job: Job) {
  if (client[RUNNER]) return pipe(client, job)
  const pending = client[GROUP]
  if (pending) {
    pending.push(job)
    if (pending.length >= GROUP_MOST) commitGroup(client, pending)
    return
  }
  const jobs = [job]
  client[GROUP] = jobs
  // Unless it reached GROUP_MOST and was committed already.
  setImmediate(() => client[GROUP] === jobs && commitGroup(client, jobs))
}

function commitGroup(client: Client, jobs: Job[]) {
  client[GROUP] = undefined
  const outcomes = runGroup(
    client,
    jobs.map((j) => j.ops),
  )
  client[COMMITTED]?.()
  settle(client, jobs, outcomes)
}

/**
 * The most commits one group takes. On the writer thread every submission of a turn joined one group:
 * under 100 clients, half the groups held all 100, so the request thread waited while the writer
 * decided and committed all of them, then the writer waited while the request thread answered them and
 * read the next hundred. Committed sixteen at a time, the first answers go out while the writer decides
 * the rest. Measured in rounds taking turns with uncapped groups (100 clients): registrations +12 % and
 * survey responses +10 % on the mean, each group's commit and flush costing the writer a little more
 * (docs/throughput-log.md).
 */
export const GROUP_MOST = 16

function settle(client: Client, jobs: Job[], outcomes: Outcome[]) {
  client[WRITES] = (client[WRITES] ?? 0) + 1
  jobs.forEach((j, i) => {
    const o = outcomes[i]
    if (o.ok) j.resolve(o.value)
    else j.reject(o.error)
  })
}

/**
 * Group commit on a writer thread: one group there at a time, and whatever arrives while it commits is
 * the next group, sent as soon as the first is answered. This thread keeps serving requests meanwhile.
 */
function pipe(client: Client, job: Job) {
  const p = client[PIPE] ?? { next: [], busy: false }
  client[PIPE] = p
  p.next.push(job)
  if (p.busy || p.next.length > 1) return
  // The first of a turn: the others of the same turn join it before it leaves.
  setImmediate(function send() {
    const jobs = p.next
    if (p.busy || !jobs.length) return
    p.next = []
    const runner = client[RUNNER]
    // The writer thread has stopped: this thread runs the groups again.
    const ops = jobs.map((j) => j.ops)
    if (!runner) return settle(client, jobs, runGroup(client, ops))
    p.busy = true
    runner(ops).then(
      (outcomes) => {
        p.busy = false
        settle(client, jobs, outcomes)
        send()
      },
      (error) => {
        p.busy = false
        for (const j of jobs) j.reject(error)
        send()
      },
    )
  })
}

// ——— Statements as ops ———

type Wired = { op: Op; map: (value: unknown) => unknown }
const same = (v: unknown) => v

/** A statement as an `Op`, and how to turn what SQLite returns into what drizzle would have returned. */
function wire(s: Stmt): Wired {
  if (isBound(s)) {
    const pq = s.prep
    if (s[BOUND] === 'count') return wireCount(pq, s)
    return wireQuery(pq, s.params)
  }
  const pq = (s as unknown as { _prepare(oneTime: boolean): DrizzlePrepared })._prepare(true)
  return wireQuery(pq, {})
}

function wireQuery(pq: DrizzlePrepared, values: object): Wired {
  const { query, executeMethod: method, fields, customResultMapper: custom } = pq
  const params = fillerOf(query.params)(values as Record<string, unknown>)
  if (method === 'run' || (!fields && !custom))
    return { op: { sql: query.sql, method, raw: false, params }, map: same }
  const row = rowMapperOf(pq)
  const map =
    method === 'get'
      ? (v: unknown) =>
          v === undefined ? undefined : custom ? custom([v as unknown[]]) : row(v as unknown[])
      : (v: unknown) => (custom ? custom(v as unknown[][]) : (v as unknown[][]).map(row))
  return { op: { sql: query.sql, method, raw: true, params }, map }
}

type CountShape = { deltaAt: number; countAt: number; keyAt: number[]; map: (v: unknown) => unknown }
const countShapes = new WeakMap<object, CountShape>()

function wireCount(pq: DrizzlePrepared, s: Extract<Bound, { [BOUND]: 'count' }>): Wired {
  let shape = countShapes.get(pq)
  if (!shape) {
    const at = (name: string) =>
      pq.query.params.findIndex(
        (p) =>
          (is(p, Placeholder) && p.name === name) ||
          (is(p, Param) && is(p.value, Placeholder) && p.value.name === name),
      )
    const row = rowMapperOf(pq)
    shape = {
      deltaAt: at('delta'),
      countAt: pq.fields?.findIndex((f) => f.path.length === 1 && f.path[0] === 'count') ?? -1,
      keyAt: s.keys.map(at),
      // Made once per statement: a closure made for each commit was named, under the TypeScript loader,
      // by an Object.defineProperty of its own.
      map: (v) => (v as unknown[][]).map(row),
    }
    if (shape.deltaAt < 0 || shape.countAt < 0)
      throw new Error('A counter statement must bind `delta` and return `count`.')
    if (shape.keyAt.some((i) => i < 0)) throw new Error('A counter statement must bind each of its keys.')
    countShapes.set(pq, shape)
  }
  const fill = fillerOf(pq.query.params, 'delta')
  const rows: unknown[][] = []
  for (const r of s.rows as Record<string, unknown>[]) {
    const values = fill(r)
    values[shape.deltaAt] = s.delta
    rows.push(values)
  }
  const { deltaAt, countAt, keyAt, map } = shape
  return {
    op: { sql: pq.query.sql, method: 'count', rows, delta: s.delta, quiet: s.quiet, deltaAt, countAt, keyAt },
    map,
  }
}

// ——— The group commit itself ———

export type Outcome = { ok: true; value: unknown[] } | { ok: false; error: unknown }

const compiled = new WeakMap<object, Map<string, RawStatement>>()

/** The statement compiled on this connection for this SQL, once: the writer thread has its own. */
function stmtOf(client: SqliteClient, sql: string): RawStatement {
  let byText = compiled.get(client)
  if (!byText) {
    byText = new Map()
    compiled.set(client, byText)
  }
  let stmt = byText.get(sql)
  if (!stmt) {
    stmt = client.prepare(sql)
    byText.set(sql, stmt)
  }
  return stmt
}

/** Thrown out of the optimistic pass to roll it back: the request at `index` failed with `error`. */
class Failed {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {}
}

/**
 * Runs the op lists of a group in one transaction; one that fails rolls back alone. First every list
 * runs straight in the shared transaction, which almost always succeeds. When one fails (a repeated
 * respondent, a key race), that pass is rolled back and the group runs again with each list in its own
 * SAVEPOINT, so the failing one rolls back alone: savepoints copy every page they touch to a
 * sub-journal, a cost not worth paying on every group for the rare one that needs it.
 */
export function runGroup(client: SqliteClient, jobs: Op[][]): Outcome[] {
  try {
    return client.transaction(() => together(client, jobs)).immediate()
  } catch (failure) {
    if (failure instanceof Failed && jobs.length === 1) return [{ ok: false, error: failure.error }]
    if (!(failure instanceof Failed)) return jobs.map(() => ({ ok: false, error: failure }))
    try {
      return client.transaction(() => apart(client, jobs)).immediate()
    } catch (error) {
      return jobs.map(() => ({ ok: false, error }))
    }
  }
}

function together(client: SqliteClient, jobs: Op[][]): Outcome[] {
  const counters = new Counters(client)
  const outcomes = jobs.map((ops, index): Outcome => {
    const deferred: Deferred[] = []
    try {
      const value = ops.map((op) => exec(client, op, deferred))
      for (const d of deferred) counters.add(d)
      return { ok: true, value }
    } catch (error) {
      throw new Failed(index, error)
    }
  })
  counters.apply()
  return outcomes
}

function apart(client: SqliteClient, jobs: Op[][]): Outcome[] {
  const counters = new Counters(client)
  const outcomes = jobs.map((ops): Outcome => {
    const deferred: Deferred[] = []
    try {
      // Nested inside the open transaction, better-sqlite3 runs this in a SAVEPOINT.
      const value = client.transaction(() => ops.map((op) => exec(client, op, deferred)))()
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

type CountOp = Extract<Op, { method: 'count' }>
/** A counter op of a commit, and the array its rows will be written into once applied. */
type Deferred = { op: CountOp; out: unknown[] }

function exec(client: SqliteClient, op: Op, deferred: Deferred[]): unknown {
  if (op.method === 'count') {
    const out = new Array<unknown>(op.quiet ? 0 : op.rows.length)
    deferred.push({ op, out })
    return out
  }
  const stmt = stmtOf(client, op.sql)
  if (op.method === 'run') return stmt.run(...op.params)
  const read = stmt.raw(op.raw)
  return op.method === 'get' ? read.get(...op.params) : read.all(...op.params)
}

/** A commit's row of a counter, and the sum of the group's deltas to that counter up to its own. */
type Share = { out: unknown[]; at: number; running: number }
type Pending = { op: CountOp; values: unknown[]; total: number; shares: Share[] }
type Tree = Map<unknown, Tree | Pending>

/**
 * The counter changes of a group's successful commits, added up per row: a row that fifty requests move
 * is written once. Each commit's result still shows the count as it stood after its own change; so
 * nothing else in the same commit may read these counters.
 */
class Counters {
  /** By statement: its rows in the order first moved, and a tree of Maps down its key columns to each. */
  readonly #rows = new Map<string, { tree: Tree; list: Pending[] }>()

  constructor(readonly client: SqliteClient) {}

  add({ op, out }: Deferred) {
    let mine = this.#rows.get(op.sql)
    if (!mine) {
      mine = { tree: new Map(), list: [] }
      this.#rows.set(op.sql, mine)
    }
    // A plain loop: a survey response moves some 25 counters, and this runs for each in every group. A
    // Map a key column, not one key joined from the columns: joining, flattening and hashing a new
    // string a row was 11 % of the writer thread's instructions a survey response (docs/throughput-log.md).
    const { rows, keyAt, delta, quiet } = op
    const last = keyAt.length - 1
    for (let at = 0; at < rows.length; at++) {
      const values = rows[at]
      let level = mine.tree
      for (let k = 0; k < last; k++) {
        const v = values[keyAt[k]]
        let next = level.get(v) as Tree | undefined
        if (!next) {
          next = new Map()
          level.set(v, next)
        }
        level = next
      }
      let p = level.get(values[keyAt[last]]) as Pending | undefined
      if (!p) {
        p = { op, values, total: 0, shares: [] }
        level.set(values[keyAt[last]], p)
        mine.list.push(p)
      }
      p.total += delta
      if (!quiet) p.shares.push({ out, at, running: p.total })
    }
  }

  apply() {
    for (const { list } of this.#rows.values()) {
      // Rows no commit reads back: written together, many to a statement (`quietly`).
      const quiet: Pending[] = []
      for (const pending of list) {
        const { op, values, total, shares } = pending
        if (!shares.length && manyRows(op.sql, values.length)) {
          quiet.push(pending)
          continue
        }
        const params = values.slice()
        params[op.deltaAt] = total
        const [row] = stmtOf(this.client, op.sql)
          .raw(true)
          .all(...params) as unknown[][]
        // What the counter held before this group; each commit sees it plus the deltas up to its own.
        const before = (row[op.countAt] as number) - total
        for (const { out, at, running } of shares) {
          const mine = row.slice()
          mine[op.countAt] = before + running
          out[at] = mine
        }
      }
      if (quiet.length) this.quietly(quiet)
    }
  }

  /**
   * The rows of one counter statement that nothing reads back, up to MANY_ROWS to an upsert and without
   * its RETURNING: a survey response moves some 25 counters, most of them read by nobody, and a group of
   * them ran one upsert a row, each a call into SQLite that built the row it returned.
   */
  quietly(rows: Pending[]) {
    const { op } = rows[0]
    const many = manyRows(op.sql, rows[0].values.length)!
    let from = 0
    // Statements of 64, 32, …, 1 rows: seven texts at most a counter statement, each compiled once.
    for (let size = MANY_ROWS; size >= 1; size >>= 1)
      while (rows.length - from >= size) {
        const params: unknown[] = []
        for (let i = from; i < from + size; i++) {
          const { values, total } = rows[i]
          for (let v = 0; v < values.length; v++) params.push(v === op.deltaAt ? total : values[v])
        }
        stmtOf(this.client, many(size)).run(...params)
        from += size
      }
  }
}

/** The most counter rows one upsert writes (`quietly`). */
const MANY_ROWS = 64

const manyForms = new Map<string, ((n: number) => string) | null>()

/**
 * A single-row counter upsert (`insert … values (?, …) on conflict … do update …`) as the same upsert of
 * `n` rows, without its RETURNING; null when the text is not of that form, or binds anything outside
 * its one row of values.
 */
function manyRows(sql: string, width: number): ((n: number) => string) | null {
  let many = manyForms.get(sql)
  if (many !== undefined) return many
  many = null
  const m = /^(insert into .+? values )(\([?, ]+\))( on conflict .+?)(?: returning .+)?$/is.exec(sql)
  if (m && (m[2].match(/\?/g) ?? []).length === width && !m[1].includes('?') && !m[3].includes('?')) {
    const [, head, row, tail] = m
    const texts = new Map<number, string>()
    many = (n) => {
      let text = texts.get(n)
      if (!text) {
        text = head + Array.from({ length: n }, () => row).join(', ') + tail
        texts.set(n, text)
      }
      return text
    }
  }
  manyForms.set(sql, many)
  return many
}
