import { createRequire } from 'node:module'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import type { Db } from './client'
import { errorData } from './client-node'
import type { ReaderCall } from './client-readers'
import * as schema from './schema'

/**
 * A reader thread's program (see `startReaders` in db/client-readers.ts): a read-only connection of its
 * own, and the calls it is sent answered one after another by the `readerCalls` module it was given.
 * Errors go back as their message, code and name (SQLite's, where drizzle wrapped one).
 */
const { file, calls } = workerData as { file: string; calls: string }
const client = new Database(file, { readonly: true })
client.pragma('busy_timeout = 5000')
const answer = (createRequire(import.meta.url)(calls) as { readerCalls: (db: Db) => ReaderCall }).readerCalls(
  drizzle(client, { schema }) as unknown as Db,
)

parentPort?.on('message', async ({ id, name, args }: { id: number; name: string; args: unknown[] }) => {
  try {
    parentPort?.postMessage({ id, ok: true, value: await answer(name, args) })
  } catch (error) {
    // drizzle wraps what SQLite refused ("Failed to run the query …"); SQLite's own error is its cause.
    const cause = (error as { cause?: { code?: unknown } })?.cause
    parentPort?.postMessage({ id, ok: false, error: errorData(cause?.code ? cause : error) })
  }
})
