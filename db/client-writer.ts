import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { type Op, runGroup } from './atomic'
import { type Columns, configure } from './client-node'

/**
 * The writer thread's program (see `startWriter` in db/client-node.ts): its own connection, and each
 * group it is sent run as the main thread would run it, in one transaction. Errors go back as their
 * message, code and name, which is what callers look at (a UNIQUE constraint, say).
 */
const client = new Database((workerData as { file: string }).file)
configure(client)

/** The SQL of each statement by its number, as the main thread sent it once (see `startWriter`). */
const sql: string[] = []

type Sent = { texts: (string | undefined)[]; jobs: { sql: number | string; rows?: unknown }[][] }

const rowsOf = ({ n, cols }: Columns): unknown[][] =>
  Array.from({ length: n }, (_, r) => cols.map((c) => (Array.isArray(c) ? c[r] : c.same)))

parentPort?.on('message', (group: Sent) => {
  group.texts.forEach((text, n) => {
    if (text !== undefined) sql[n] = text
  })
  for (const ops of group.jobs)
    for (const op of ops) {
      op.sql = sql[op.sql as number]
      if (op.rows) op.rows = rowsOf(op.rows as Columns)
    }
  const outcomes = runGroup(client, group.jobs as Op[][]).map((o) => {
    if (o.ok) return o
    const e = o.error as { message?: unknown; code?: unknown; name?: unknown }
    return { ok: false, error: { message: String(e?.message ?? o.error), code: e?.code, name: e?.name } }
  })
  parentPort?.postMessage(outcomes)
})
