import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { type GroupRunner, type Outcome, RUNNER, WRITES } from './atomic'
import type { Db } from './client'
import * as schema from './schema'

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

/**
 * Opens (creating if needed) a SQLite file or ':memory:', in WAL mode, and applies the migrations. With
 * `checkpointInBackground` (the server), WAL checkpoints run on a thread of their own; with
 * `writerThread`, so do the group commits (see below), and `writerCalls` names a module whose work runs
 * there too (`callWriter`).
 */
export function openNodeDb(
  file: string,
  opts: {
    checkpointInBackground?: boolean
    writerThread?: boolean
    writerCalls?: string
    /** Where the WAL starts over (RESTART_FRAMES); a test sets a smaller one to see it happen. */
    walRestartFrames?: number
  } = {},
): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const client = new Database(file)
  configure(client)
  const db = drizzle(client, { schema })
  migrate(db, { migrationsFolder })
  // Raised by the checkpointer when the WAL should start over, seen by the writer (`startCheckpointer`).
  const walLong = new Int32Array(new SharedArrayBuffer(4))
  if (opts.checkpointInBackground && file !== ':memory:') {
    const worker = startCheckpointer(file, walLong, opts.walRestartFrames ?? RESTART_FRAMES)
    closing(client as Client).push(async () => {
      await worker.terminate()
    })
  }
  // A database in memory has no WAL to empty.
  if (file !== ':memory:') Object.assign(client, { [TRUNCATE_WAL]: walTruncater(client) })
  if (opts.writerThread && file !== ':memory:') startWriter(file, client, opts.writerCalls, walLong)
  return db as unknown as Db
}

/**
 * Closes what `openNodeDb` opened, for a server that stops: the writer thread once every group sent to
 * it is answered and flushed, the flusher, the checkpointer, then this connection. The last connection
 * to close checkpoints the WAL into the file and deletes it, so the file is whole on its own; the
 * caller closes its reader threads (db/client-readers.ts) first, else one of them would be the last.
 */
export async function closeNodeDb(db: Db) {
  const client = (db as unknown as { $client: Client }).$client
  for (const close of closing(client).splice(0)) await close()
  client.close()
}

/** What must stop before the connection closes (`closeNodeDb`), in order. */
const closing = (client: Client) => (client[CLOSERS] ??= [])

/**
 * Asked of a connection (`$client`) once a commit has removed personal data: see `walTruncater`. A
 * global symbol, so that the services, which run on Workers too, ask without importing this module
 * (`forgetErased` in server/services/checkin.ts); on D1 nothing answers it.
 */
export const TRUNCATE_WAL = Symbol.for('cabildo.wal-truncate')

/** The first wait before a truncating checkpoint is tried again (`walTruncater`), and the longest. */
const TRUNCATE_RETRY_MS = [250, 5000] as const

/**
 * Empties the WAL once a deletion has committed. With secure_delete (`configure`) the deletion writes
 * its pages with the row's bytes zeroed, but the pages as they were stay behind: in the WAL's older
 * frames until the WAL starts over and new frames overwrite them (RESTART_FRAMES, which a quiet server
 * may take weeks to reach), and in the database file until a checkpoint copies the new pages over them.
 * A TRUNCATE checkpoint copies every frame and cuts the WAL to nothing.
 *
 * The function returned asks for one on `client`, best effort and never waiting: a connection reading
 * an older snapshot (a reader thread's multi-second tally, db/client-readers.ts, or a backup) holds the
 * frames it reads, and a checkpoint that waited for it under the busy timeout would hold this connection
 * meanwhile, and with the writer's, every submission. So it runs with no busy timeout; one that could
 * not finish (a reader, the checkpointer's pass under way) is tried again on a timer, each wait twice the
 * last up to TRUNCATE_RETRY_MS's longest, until one does. A request while one waits joins it. On the
 * writer thread's connection (the server's, db/client-writer.ts) it runs between groups, like
 * `startWalOver`: no commit is under way, and the writer takes no other connection's lock.
 */
export function walTruncater(client: Database.Database) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let wait: number = TRUNCATE_RETRY_MS[0]
  const attempt = () => {
    timer = undefined
    if (!client.open) return
    let done = false
    try {
      client.pragma('busy_timeout = 0')
      const [{ busy }] = client.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
      done = busy === 0
    } catch {
      // Inside a transaction (SQLITE_LOCKED), or any other refusal: tried again as when busy.
    } finally {
      client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    }
    if (done) {
      wait = TRUNCATE_RETRY_MS[0]
      return
    }
    timer = setTimeout(attempt, wait)
    timer.unref()
    wait = Math.min(wait * 2, TRUNCATE_RETRY_MS[1])
  }
  return () => {
    if (!timer) attempt()
  }
}

/**
 * Whether `file` holds Cabildo's schema: its migrations table and its events, read without writing (a
 * path mistyped onto an empty or foreign file must not be migrated and then reported as intact).
 */
export function holdsCabildo(path: string): boolean {
  try {
    const probe = new Database(path, { readonly: true, fileMustExist: true })
    try {
      const names = probe
        .prepare(
          "select name from sqlite_master where type = 'table' and name in ('__drizzle_migrations', 'events', 'audit_log')",
        )
        .all()
      return names.length === 3
    } finally {
      probe.close()
    }
  } catch {
    return false
  }
}

/**
 * `file` opened read-only, for a command that only reads (checking the counters or the audit chain, a
 * dry run): a backup checked is left byte for byte as it was, its journal mode and schema untouched.
 * Null when the file's schema is older than this code's migrations: reading it could fail on what they
 * add, and only a connection that writes can apply them.
 */
export function openReadOnly(file: string): Db | null {
  const client = new Database(file, { readonly: true, fileMustExist: true })
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: { when: number }[]
  }
  const last = Math.max(...journal.entries.map((e) => e.when))
  const { applied } = client.prepare('select max(created_at) applied from __drizzle_migrations').get() as {
    applied: number | null
  }
  if ((applied ?? 0) < last) {
    client.close()
    return null
  }
  return drizzle(client, { schema }) as unknown as Db
}

/**
 * Whether the server may open `path` as its database: a file that is not there yet, or an empty one, or a
 * SQLite database with no tables or with Cabildo's. 'not-sqlite' and 'foreign' (another application's
 * tables) are refused at start rather than migrated into (server/node-config.ts).
 */
export function startable(path: string): 'ok' | 'folder' | 'not-sqlite' | 'foreign' {
  if (!existsSync(path)) return 'ok'
  const stat = statSync(path)
  if (stat.isDirectory()) return 'folder'
  if (stat.size === 0) return 'ok'
  let tables: number
  try {
    const probe = new Database(path, { readonly: true, fileMustExist: true })
    try {
      tables = (
        probe.prepare("select count(*) n from sqlite_master where type = 'table'").get() as { n: number }
      ).n
    } finally {
      probe.close()
    }
  } catch {
    return 'not-sqlite'
  }
  return tables === 0 || holdsCabildo(path) ? 'ok' : 'foreign'
}

/** The settings of every connection that writes: this module's and the writer thread's. */
export function configure(client: Database.Database) {
  client.pragma('journal_mode = WAL')
  // FULL: an acknowledged submission survives a power cut, not only a crash of the process. The writer
  // thread's connection then commits with NORMAL, its groups flushed by the flusher (`startWriter`).
  client.pragma('synchronous = FULL')
  // A group commit is one long transaction: its statement and savepoint journals outgrow SQLite's 64 KiB
  // in-memory limit within a few requests and then go to a temporary file, which measured here doubled
  // the cost of each insert (and tripled it in savepoints). Temporary storage stays in memory.
  client.pragma('temp_store = MEMORY')
  // The writer's own checkpoint, at ~160 MB of WAL instead of 4 MB: with the checkpointer running
  // (`startCheckpointer`), only a safety net, far past where the WAL starts over (RESTART_FRAMES);
  // without it, the pages that every commit touches (counters, the ends of the indexes) are copied into
  // the database once per checkpoint, not once per few commits.
  client.pragma('wal_autocheckpoint = 40000')
  client.pragma('foreign_keys = ON')
  client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  // A deletion must remove the data (Ley 1581 de 2012 and its Decreto 1377, art. 11; Ecuador's LOPDP):
  // SQLite otherwise only unlinks a deleted row, whose bytes stay in its page, and in pages put on the
  // freelist, until something overwrites them. ON zeroes them as they are deleted, rectified or
  // anonymised; what the old pages leave in the WAL and in the database file goes with a truncating
  // checkpoint (`walTruncater`).
  client.pragma('secure_delete = ON')
}

/** How long a connection waits for a lock another holds (busy_timeout), in ms. */
const BUSY_TIMEOUT_MS = 5000

const driver = createRequire(import.meta.url).resolve('better-sqlite3')

// The flusher's whole program (see `startWriter`): plain CommonJS, like the checkpointer's. It waits on
// the writer's count of committed groups, flushes the WAL past it, and posts how far; [1] stops it.
const flusher = `
const { workerData, parentPort } = require('node:worker_threads')
const { fdatasyncSync, openSync } = require('node:fs')
const { seq, wal } = workerData
let fd
let flushed = 0
for (;;) {
  if (Atomics.load(seq, 1)) break
  const committed = Atomics.load(seq, 0)
  if (committed === flushed) {
    Atomics.wait(seq, 0, committed, 500)
    continue
  }
  try {
    // Kept open for the life of the process: SQLite never deletes the WAL while it is open.
    fd ??= openSync(wal, 'r+')
    fdatasyncSync(fd)
  } catch (err) {
    parentPort.postMessage({ failed: String((err && err.message) || err) })
    break
  }
  flushed = committed
  parentPort.postMessage(flushed)
}
`

// The checkpointer's whole program: plain CommonJS, so the thread needs no TypeScript loader.
const checkpointer = `
const { workerData } = require('node:worker_threads')
const { fsyncSync, openSync } = require('node:fs')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('synchronous = FULL')
db.pragma('busy_timeout = 5000')
// Every connection that writes the file deletes securely (see configure): this one only copies pages
// the writer has already cleared, but none is left with the setting off.
db.pragma('secure_delete = ON')
// Never closed: closing any descriptor of the file would drop this process's SQLite locks on it.
const file = openSync(workerData.file, 'r+')
let copied = -1
// A pass, and what it copied flushed (an idle server's passes copy nothing). Returns the WAL's frames.
function pass() {
  const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)')
  if (checkpointed !== copied) fsyncSync(file)
  copied = checkpointed
  return log
}
setInterval(() => {
  try {
    if (pass() < workerData.restartFrames) return
    // Two more passes, each copying what came during the one before: what is left for the writer
    // to copy when it starts the WAL over is what came during the last, the shortest.
    pass()
    pass()
    Atomics.add(workerData.walLong, 0, 1)
  } catch {}
}, workerData.everyMs)
`

// The backup thread's whole program (see `vacuumIntoOnThread`), plain CommonJS like the checkpointer's.
const vacuumer = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { readonly: true, fileMustExist: true })
try {
  db.pragma('busy_timeout = 5000')
  db.prepare('VACUUM INTO ?').run(workerData.destination)
} finally {
  db.close()
}
`

/**
 * Writes a copy of the database `file` to `destination` (a new file) with VACUUM INTO, from a read-only
 * connection on a thread of its own: the backup endpoint's (`sqliteBackup` in server/backup-node.ts). It
 * reads one snapshot, so writes meanwhile neither corrupt the copy nor hold it back, and it blocks
 * neither the writer nor this thread, which keeps answering requests. The copy is built afresh, row by
 * row: it holds no free pages and none of the bytes of deleted rows.
 */
export function vacuumIntoOnThread(file: string, destination: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(vacuumer, { eval: true, workerData: { driver, file, destination } })
    let failed: unknown
    worker.once('error', (err) => {
      failed = err
    })
    worker.once('exit', (code) =>
      failed || code ? reject(failed ?? new Error(`The backup thread exited (${code}).`)) : resolve(),
    )
  })
}

/** WAL frames (4 KiB pages) past which the WAL should start over (see `startCheckpointer`). */
export const RESTART_FRAMES = 16000

/**
 * A checkpoint copies the pages committed to the WAL back into the database file and fsyncs it. Run by
 * the connection that commits, it stops every request for as long as it takes: measured here, 100 ms
 * every 40 MB of WAL under a stream of submissions, which alone put the p99 of a submission over 50 ms.
 * A second connection on a thread of its own runs PASSIVE checkpoints five times a second instead:
 * PASSIVE never waits for or blocks the writer.
 *
 * Under a steady stream of commits a pass never reaches the end of the WAL: the writer has committed
 * again before it ends. SQLite fsyncs the database file only after a checkpoint that reaches the end,
 * and the WAL starts over only when a write begins with every frame copied. So the passes' pages waited
 * unflushed in the OS's cache while the WAL grew to the writer's own automatic checkpoint
 * (wal_autocheckpoint above), whose fsync then flushed them all: every request stopped for 50–80 ms,
 * every second or two under load (`strace`, docs/throughput-log.md). Now each pass fsyncs what it copied,
 * here; and once the WAL holds RESTART_FRAMES, two more passes close in on its end (each copies what
 * came during the one before) and raise `walLong`. The writer thread, once it has answered its group,
 * checkpoints the little committed since (a PASSIVE checkpoint of its own: a few pages and a short
 * fsync, 2–12 ms where one pass left it 4–25), so that its next write starts the WAL over. The writer
 * does it, not this thread, because the writer alone can without taking a lock from another
 * connection: a RESTART checkpoint here takes the writer's lock, and measured here it made some commits
 * fail as busy. The writer's automatic checkpoint stays the safety net should this thread fall behind
 * or die. The thread is unref'd: it never keeps the process alive, and a crash of the process loses
 * nothing of it.
 */
function startCheckpointer(file: string, walLong: Int32Array, restartFrames: number) {
  const worker = new Worker(checkpointer, {
    eval: true,
    workerData: { driver, file, everyMs: 200, restartFrames, walLong },
  })
  worker.unref()
  worker.on('error', (err) => console.error('Checkpoint thread stopped; the writer checkpoints alone:', err))
  return worker
}

// The writer's program is TypeScript (so are the readers', db/client-readers.ts): the thread loads it
// through tsx, as `npm start` runs the server (a worker thread does not inherit the main thread's
// `--import tsx`). Its workerData names `tsx` (tsxApi) and the `entry` to load.
export const tsxApi = createRequire(import.meta.url).resolve('tsx/cjs/api')
export const threadBoot = `
const { workerData } = require('node:worker_threads')
require(workerData.tsx).register()
require(workerData.entry)
`

/** An error as it crosses to another thread: what callers look at (its message, code and name). */
export const errorData = (error: unknown) => {
  const e = error as { message?: unknown; code?: unknown; name?: unknown }
  return { message: String(e?.message ?? error), code: e?.code, name: e?.name }
}

/**
 * A call or commit refused because the writer thread (or its flusher) stopped while it waited: `retryable`,
 * so the app answers 503 with a Retry-After (server/transient.ts) rather than a 500. Nothing it asked is
 * lost by a retry: the commits now run on the main thread, and a retry with its key finds a group that
 * committed as the thread ended.
 */
export const stoppedError = (cause?: unknown) =>
  Object.assign(
    new Error(`The writer thread stopped${cause === undefined ? '.' : `: ${errorData(cause).message}`}`, {
      cause,
    }),
    { retryable: true },
  )

/** The error again on this side of the thread. */
export const revive = (error: Error) => Object.assign(new Error(), error)

type Revived = { ok: true; value: unknown[] } | { ok: false; error: Error }
type Reply = { ok: true; value: unknown } | { ok: false; error: Error }

/**
 * What a `writerCalls` module gives the writer thread: an answer to each call, by name. A call's answer
 * goes back as JSON (db/client-writer.ts): plain data, no Dates, Maps or undefined in arrays; one JSON
 * cannot carry fails as its call's error. `gather`, if the module gives one, sees the answers of one
 * message before they go back, in place (undefined where a call failed): what they share can travel
 * once rather than once an answer.
 */
export type WriterCall = ((name: string, input: unknown, carried?: string) => Promise<unknown>) & {
  gather?: (values: unknown[]) => void
}
export type WriterCalls = (db: Db) => WriterCall
type Pending = {
  name: string
  input: unknown
  /** The call `[name, input]` as JSON, when the caller has it written already. */
  text: string | undefined
  /** A string carried beside the call's JSON rather than in it (`callWriter`). */
  carried: string | undefined
  resolve: (v: unknown) => void
  reject: (e: unknown) => void
}
type Client = Database.Database & {
  [CLOSERS]?: (() => Promise<void>)[]
  [RUNNER]?: GroupRunner
  [CALLS]?: (name: string, input: unknown, text?: string, carried?: string) => Promise<unknown>
  [WRITES]?: number
  [TRUNCATE_WAL]?: () => void
}

/**
 * The group commit (db/atomic.ts) on a thread of its own, with a connection of its own: a survey
 * response's statements, counters and COMMIT are a sixth of the time this thread spends on it, and with
 * them elsewhere this thread serves the next requests meanwhile. One group is there at a time; what
 * arrives while it commits is the next group. Reads stay on this thread's connection and see each group
 * once it is answered. The thread holds the process open only while a group is on it. Should it stop,
 * its group fails (and is rolled back, so a retry is safe) and the groups run on this thread again.
 *
 * Its connection commits without flushing (`synchronous=NORMAL`) and counts its groups in `seq`; a third
 * thread, the flusher, fdatasyncs the WAL whenever the count has moved and says how far it has flushed.
 * Each answer comes back with the count after its group, and is held here until the WAL is flushed that
 * far: an acknowledged commit is on disk as with FULL, and the writer goes on with the next group while
 * the flush runs (docs/throughput-log.md). Should the flush fail or the flusher stop, what waits is refused
 * (`stoppedError`: a 503 to try again) and the groups run on this thread again, flushed in COMMIT.
 *
 * With `calls`, the thread also answers `callWriter`: the calls of one turn go in one message (up to
 * SEND_EVERY of them), and each runs there over the thread's connection, its commit joining that
 * thread's group commits directly.
 */
function startWriter(file: string, client: Client, calls: string | undefined, walLong: Int32Array) {
  const entry = fileURLToPath(new URL('./client-writer.ts', import.meta.url))
  // [0]: the groups the writer has committed; [1]: set once the flusher should stop.
  const seq = new Int32Array(new SharedArrayBuffer(8))
  const worker = new Worker(threadBoot, {
    eval: true,
    workerData: { file, entry, tsx: tsxApi, calls, walLong, seq },
  })
  worker.unref()
  const flush = new Worker(flusher, { eval: true, workerData: { seq, wal: `${file}-wal` } })
  flush.unref()
  const writerGone = new Promise((resolve) => worker.once('exit', resolve))
  const flusherGone = new Promise((resolve) => flush.once('exit', resolve))
  // Answers committed by the writer, each released once the WAL is flushed past its group.
  let flushed = 0
  const held: { seq: number; go: () => void; fail: (err: unknown) => void }[] = []
  // The answers arrive, and are held, in the order of their counts.
  const release = () => {
    while (held.length && held[0].seq <= flushed) held.shift()!.go()
    if (!held.length) flush.unref()
    settle()
  }
  const whenFlushed = (at: number, go: () => void, fail: (err: unknown) => void) => {
    if (at <= flushed) return go()
    held.push({ seq: at, go, fail })
    flush.ref()
  }
  flush.on('message', (m: number | { failed: string }) => {
    if (typeof m === 'number') {
      flushed = m
      return release()
    }
    // After a failed flush a later one proves nothing (the kernel may have dropped the pages it could
    // not write): what waited is refused, and the commits come back here, flushed in COMMIT.
    stop(new Error(`Flushing the WAL failed: ${m.failed}`))
  })
  flush.on('error', (err) => stop(err))
  // Without it nothing the writer commits could be answered: the writer's work comes back here.
  flush.on('exit', (code) => stop(new Error(`The WAL flusher exited (${code}).`)))
  const waiting: { resolve: (o: Outcome[]) => void; reject: (e: unknown) => void }[] = []
  const batches = new Map<number, Pending[]>()
  let nextBatch = 0
  // The calls of one turn of this thread's event loop leave together, SEND_EVERY at a time at most.
  let queued: Pending[] = []
  worker.on(
    'message',
    (m: { outcomes: Revived[]; seq: number } | { batch: number; results: string; seq: number }) => {
      if ('outcomes' in m) {
        const w = waiting.shift()
        whenFlushed(
          m.seq,
          () => w?.resolve(m.outcomes.map((o) => (o.ok ? o : { ok: false, error: revive(o.error) }))),
          (err) => w?.reject(err),
        )
      } else {
        // What the calls committed is the writer's: this connection's kept reads must read again.
        client[WRITES] = (client[WRITES] ?? 0) + 1
        const pending = batches.get(m.batch) ?? []
        batches.delete(m.batch)
        whenFlushed(
          m.seq,
          () => {
            const results = JSON.parse(m.results) as Reply[]
            pending.forEach((p, i) => {
              const r = results[i]
              if (r.ok) p.resolve(r.value)
              else p.reject(revive(r.error))
            })
          },
          (err) => {
            for (const p of pending) p.reject(err)
          },
        )
      }
      if (!waiting.length && !batches.size) worker.unref()
      settle()
    },
  )
  const stop = (cause: unknown) => {
    if (client[RUNNER] !== run) return
    client[RUNNER] = undefined
    client[CALLS] = undefined
    console.error('Writer thread stopped; commits run on the main thread:', cause)
    // What waited is refused as a passing failure (503 with Retry-After, server/transient.ts): sent again,
    // with its Idempotency-Key, it runs on this thread and finds what was kept.
    const err = stoppedError(cause)
    for (const w of waiting.splice(0)) w.reject(err)
    for (const h of held.splice(0)) h.fail(err)
    Atomics.store(seq, 1, 1)
    Atomics.notify(seq, 0)
    for (const p of [...batches.values(), queued].flat()) p.reject(err)
    batches.clear()
    queued = []
    // Nothing is sent to it any more: its thread, heap and connection go too. A group it was running
    // when stopped either commits or is rolled back as its connection closes; its callers were refused
    // above, and a retry with its key finds what was kept.
    void worker.terminate()
    settle()
  }
  // Whether something sent to the writer, or queued for it, is still to be answered; `idle` is told when
  // nothing is any more.
  const busy = () => waiting.length > 0 || batches.size > 0 || held.length > 0 || queued.length > 0
  let idle: (() => void) | undefined
  const settle = () => {
    if (idle && !busy()) idle()
  }
  closing(client).push(async () => {
    if (client[RUNNER] === run) {
      if (busy()) await new Promise<void>((resolve) => (idle = resolve))
      // Anything committed from here on (there should be nothing) runs on the main thread's connection.
      client[RUNNER] = undefined
      client[CALLS] = undefined
      // The thread closes its connection and ends (db/client-writer.ts).
      worker.postMessage({ close: true })
      await writerGone
    }
    // Every answer given was flushed first: nothing is left for the flusher to do.
    Atomics.store(seq, 1, 1)
    Atomics.notify(seq, 0)
    await flusherGone
  })
  worker.on('error', stop)
  worker.on('exit', (code) => stop(new Error(`The writer thread exited (${code}).`)))
  // Each statement's SQL crosses once, with its number; the ops then carry the number. Copying the text
  // of every op of every request into the message was a third of the cost of sending it.
  const numbers = new Map<string, number>()
  const run: GroupRunner = (jobs) =>
    new Promise((resolve, reject) => {
      if (client[RUNNER] !== run) return reject(stoppedError())
      const texts: string[] = []
      const numbered = jobs.map((ops) =>
        ops.map((op) => {
          let n = numbers.get(op.sql)
          if (n === undefined) {
            n = numbers.size
            numbers.set(op.sql, n)
            texts[n] = op.sql
          }
          return op.method === 'count' ? { ...op, sql: n, rows: columns(op.rows) } : { ...op, sql: n }
        }),
      )
      waiting.push({ resolve, reject })
      worker.ref()
      worker.postMessage({ texts, jobs: numbered })
    })
  client[RUNNER] = run
  // A truncating checkpoint asked for once a deletion commits (`walTruncater`) runs on the writer's
  // connection, between its groups, after the deletion's own; once the writer has stopped, on this one.
  const here = client[TRUNCATE_WAL]
  client[TRUNCATE_WAL] = () => (client[RUNNER] === run ? worker.postMessage({ truncate: true }) : here?.())
  Object.assign(client, {
    [WRITER]: worker,
    [FLUSHER]: { worker: flush, committed: () => Atomics.load(seq, 0), flushed: () => flushed },
  })
  if (!calls) return
  const send = () => {
    const pending = queued
    queued = []
    if (!pending.length) return
    const batch = nextBatch++
    batches.set(batch, pending)
    worker.ref()
    let text: string | undefined
    try {
      text = `[${pending.map((p) => p.text ?? JSON.stringify([p.name, p.input])).join(',')}]`
    } catch {
      // Not plain data (a BigInt, a cycle): as a structured clone, which carries more.
    }
    const carried = pending.some((p) => p.carried !== undefined) ? pending.map((p) => p.carried) : undefined
    worker.postMessage({ batch, calls: text ?? pending.map((p) => [p.name, p.input]), carried })
  }
  client[CALLS] = (name, input, text, carried) =>
    new Promise((resolve, reject) => {
      queued.push({ name, input, text, carried, resolve, reject })
      if (queued.length === 1) setImmediate(send)
      else if (queued.length === SEND_EVERY) send()
    })
}

/**
 * The most calls one message to the writer thread carries. Under load one turn of this thread parses
 * some fifty requests; sent all at the end of the turn, they reached the writer together and it sat idle
 * meanwhile, then this thread sat idle while it worked. Sent eight at a time, the writer decides the
 * first while this thread parses the rest, and whatever has reached it by its next group commit still
 * shares that commit. Measured here in interleaved rounds (100 clients): survey responses +10 to +27 %,
 * registrations +6 %; 2, 4 and 16 measured alike to 8.
 */
const SEND_EVERY = 8

/**
 * Runs `name` of the writer thread's `writerCalls` module with `input` there, or answers undefined when
 * this connection has no writer thread taking calls (none was started, or it stopped): the caller then
 * does the work itself. `input` is plain data (a validated JSON body and a few strings) and crosses as
 * JSON text, the calls of a message in one: building the same objects from a structured clone cost the
 * writer thread twice what parsing the text does (bench/instructions-server.ts). Input that JSON cannot
 * carry crosses by structured clone. The answer comes back as JSON text too (db/client-writer.ts).
 * `text`, if given, is `[name, input]` as JSON already written by the caller, sent as it is.
 * `carried`, if given, crosses beside that JSON and is handed to the call with its input: a long text
 * (a request's body, unread) that inside the JSON would be escaped here and unescaped there.
 */
export function callWriter(
  db: Db,
  name: string,
  input: unknown,
  text?: string,
  carried?: string,
): Promise<unknown> | undefined {
  return (db as unknown as { $client: Client }).$client[CALLS]?.(name, input, text, carried)
}

/**
 * A counter op's rows by column, a value alike in every row sent once: a survey response moves some 25
 * counters of one form, and copying the form's id into the message 25 times cost more than the rest of
 * the response. The writer thread puts the rows back together (`rowsOf` in db/client-writer.ts).
 */
export type Columns = { n: number; cols: ({ same: unknown } | unknown[])[] }
function columns(rows: unknown[][]): Columns {
  const cols: Columns['cols'] = []
  for (let c = 0; c < rows[0].length; c++) {
    const first = rows[0][c]
    let same = true
    for (let r = 1; r < rows.length && same; r++) same = rows[r][c] === first
    cols.push(same ? { same: first } : rows.map((row) => row[c]))
  }
  return { n: rows.length, cols }
}

/** The writer thread of a connection, for tests that stop it. */
export const WRITER = Symbol.for('cabildo.writer-thread')
/** The flusher thread of a connection and its two counts, for the test that watches and stops it. */
export const FLUSHER = Symbol.for('cabildo.wal-flusher')
const CALLS = Symbol.for('cabildo.writer-calls')
const CLOSERS = Symbol.for('cabildo.closers')
