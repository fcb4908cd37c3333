import { createRequire } from 'node:module'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { COMMITTED, type Op, runGroup } from './atomic'
import type { Db } from './client'
import {
  type Columns,
  configure,
  errorData,
  type WriterCall,
  type WriterCalls,
  walTruncater,
} from './client-node'
import * as schema from './schema'

/**
 * The writer thread's program (see `startWriter` in db/client-node.ts): its own connection, and each
 * group it is sent run as the main thread would run it, in one transaction. Errors go back as their
 * message, code and name, which is what callers look at (a UNIQUE constraint, say).
 */
const { file, calls, walLong, seq } = workerData as {
  file: string
  calls?: string
  walLong?: Int32Array
  seq: Int32Array
}
const client = new Database(file)
configure(client)
/**
 * This connection commits without flushing, and counts each group it commits in `seq`: the flusher
 * thread (`startWriter` in db/client-node.ts) flushes the WAL past each count, and the main thread
 * answers a group's requests only then. This thread goes on to the next group meanwhile.
 */
client.pragma('synchronous = NORMAL')
const committed = () => {
  Atomics.add(seq, 0, 1)
  Atomics.notify(seq, 0)
}
Object.assign(client, { [COMMITTED]: committed })

/**
 * Once the checkpointer has seen the WAL long (`startCheckpointer` in db/client-node.ts): a checkpoint
 * of what was committed since its pass, so that every frame is copied and the next write starts the WAL
 * over. Called once a group is answered, so that no request of it waits for this.
 */
let walSeen = 0
function startWalOver() {
  const raised = walLong ? Atomics.load(walLong, 0) : 0
  if (raised === walSeen) return
  walSeen = raised
  try {
    client.pragma('wal_checkpoint(PASSIVE)')
  } catch (err) {
    console.error('The writer could not checkpoint; its automatic checkpoint will:', err)
  }
}

/**
 * Once a deletion of personal data has committed, the main thread asks for a truncating checkpoint
 * (`walTruncater` in db/client-node.ts): run here, between groups, with no busy timeout, and tried again
 * on a timer while a reader's older snapshot holds the WAL, so that no group waits on that reader.
 */
const truncateWal = walTruncater(client)

/**
 * The app's own work run here, beside the commit (`callWriter`): a module the entry names, whose
 * `writerCalls(db)` answers calls by name over this thread's connection. Its commits are group commits
 * of this connection, made here without crossing threads.
 */
const answer: WriterCall | undefined = calls
  ? (createRequire(import.meta.url)(calls) as { writerCalls: WriterCalls }).writerCalls(
      drizzle(client, { schema }) as unknown as Db,
    )
  : undefined

/** The SQL of each statement by its number, as the main thread sent it once (see `startWriter`). */
const sql: string[] = []

type Sent = { texts: (string | undefined)[]; jobs: { sql: number | string; rows?: unknown }[][] }
type Called = {
  batch: number
  calls: string | [name: string, input: unknown][]
  carried?: (string | undefined)[]
}
type Truncate = { truncate: true }
type Close = { close: true }

const rowsOf = ({ n, cols }: Columns): unknown[][] =>
  Array.from({ length: n }, (_, r) => cols.map((c) => (Array.isArray(c) ? c[r] : c.same)))

parentPort?.on('message', (m: Sent | Called | Truncate | Close) => {
  if ('truncate' in m) return truncateWal()
  // The server stops (`closeNodeDb`): every group sent here has been answered.
  if ('close' in m) {
    client.close()
    process.exit(0)
  }
  if ('calls' in m) return void answerCalls(m)
  m.texts.forEach((text, n) => {
    if (text !== undefined) sql[n] = text
  })
  for (const ops of m.jobs)
    for (const op of ops) {
      op.sql = sql[op.sql as number]
      if (op.rows) op.rows = rowsOf(op.rows as Columns)
    }
  const outcomes = runGroup(client, m.jobs as Op[][]).map((o) =>
    o.ok ? o : { ok: false, error: errorData(o.error) },
  )
  committed()
  parentPort?.postMessage({ outcomes, seq: Atomics.load(seq, 0) })
  startWalOver()
})

/**
 * The calls of one message run together: each reaches its commit within this turn, so they share one
 * group commit with whatever else arrived meanwhile. One answer for the whole message, once all are done,
 * as one JSON text: the answers are plain data, and the main thread, where every request waits, parses
 * one JSON text for less than it took to rebuild the same objects from a structured clone (about 10 k
 * of its 570 k instructions a survey response, counted by bench/instructions-server.ts).
 */
async function answerCalls({ batch, calls: sent, carried }: Called) {
  const calls = typeof sent === 'string' ? (JSON.parse(sent) as Exclude<Called['calls'], string>) : sent
  const settled = await Promise.allSettled(
    calls.map(([name, input], i) =>
      answer
        ? answer(name, input, carried?.[i])
        : Promise.reject(new Error('This writer thread takes no calls.')),
    ),
  )
  answer?.gather?.(settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined)))
  const results = settled.map((s) =>
    s.status === 'fulfilled' ? { ok: true, value: s.value } : { ok: false, error: errorData(s.reason) },
  )
  parentPort?.postMessage({ batch, results: jsonOf(results), seq: Atomics.load(seq, 0) })
  startWalOver()
}

/**
 * The answers as JSON; one that JSON cannot carry (a BigInt, a cycle) fails alone, as its call's error,
 * rather than leaving every call of the message unanswered.
 */
function jsonOf(results: unknown[]): string {
  try {
    return JSON.stringify(results)
  } catch {
    return JSON.stringify(
      results.map((r) => {
        try {
          JSON.stringify(r)
          return r
        } catch (err) {
          return { ok: false, error: errorData(err) }
        }
      }),
    )
  }
}
