import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import type { Db } from './client'
import * as schema from './schema'

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

/**
 * Opens (creating if needed) a SQLite file or ':memory:', in WAL mode, and applies the migrations. With
 * `checkpointInBackground` (the server), WAL checkpoints run on a thread of their own (see below).
 */
export function openNodeDb(file: string, opts: { checkpointInBackground?: boolean } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const client = new Database(file)
  client.pragma('journal_mode = WAL')
  // FULL: an acknowledged submission survives a power cut, not only a crash of the process.
  client.pragma('synchronous = FULL')
  // A group commit is one long transaction: its statement and savepoint journals outgrow SQLite's 64 KiB
  // in-memory limit within a few requests and then go to a temporary file, which measured here doubled
  // the cost of each insert (and tripled it in savepoints). Temporary storage stays in memory.
  client.pragma('temp_store = MEMORY')
  // Checkpoint every ~40 MB of WAL instead of 4 MB: the pages that every commit touches (counters, the
  // ends of the indexes) are copied into the database once per checkpoint, not once per few commits.
  client.pragma('wal_autocheckpoint = 10000')
  client.pragma('foreign_keys = ON')
  client.pragma('busy_timeout = 5000')
  const db = drizzle(client, { schema })
  migrate(db, { migrationsFolder })
  if (opts.checkpointInBackground && file !== ':memory:') startCheckpointer(file)
  return db as unknown as Db
}

const driver = createRequire(import.meta.url).resolve('better-sqlite3')

// The checkpointer's whole program: plain CommonJS, so the thread needs no TypeScript loader.
const checkpointer = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('synchronous = FULL')
db.pragma('busy_timeout = 5000')
setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
}, workerData.everyMs)
`

/**
 * A checkpoint copies the pages committed to the WAL back into the database file and fsyncs it. Run by
 * the connection that commits, it stops every request for as long as it takes: measured here, 100 ms
 * every 40 MB of WAL under a stream of submissions, which alone put the p99 of a submission over 50 ms.
 * A second connection on a thread of its own runs PASSIVE checkpoints five times a second instead:
 * PASSIVE never waits for or blocks the writer, and once it has copied everything the writer starts the
 * WAL over from its beginning, so it stays short. The writer keeps its own automatic checkpoint
 * (wal_autocheckpoint above) as the safety net should this thread fall behind or die. The thread is
 * unref'd: it never keeps the process alive, and a crash of the process loses nothing of it.
 */
function startCheckpointer(file: string) {
  const worker = new Worker(checkpointer, { eval: true, workerData: { driver, file, everyMs: 200 } })
  worker.unref()
  worker.on('error', (err) => console.error('Checkpoint thread stopped; the writer checkpoints alone:', err))
}
