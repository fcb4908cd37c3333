import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { type Op, runGroup } from './atomic'
import { configure } from './client-node'

/**
 * The writer thread's program (see `startWriter` in db/client-node.ts): its own connection, and each
 * group it is sent run as the main thread would run it, in one transaction. Errors go back as their
 * message, code and name, which is what callers look at (a UNIQUE constraint, say).
 */
const client = new Database((workerData as { file: string }).file)
configure(client)

parentPort?.on('message', (jobs: Op[][]) => {
  const outcomes = runGroup(client, jobs).map((o) => {
    if (o.ok) return o
    const e = o.error as { message?: unknown; code?: unknown; name?: unknown }
    return { ok: false, error: { message: String(e?.message ?? o.error), code: e?.code, name: e?.name } }
  })
  parentPort?.postMessage(outcomes)
})
