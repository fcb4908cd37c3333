import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import type { Db } from './client'
import * as schema from './schema'

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

/** Opens (creating if needed) a SQLite file or ':memory:', in WAL mode, and applies the migrations. */
export function openNodeDb(file: string): Db {
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
  return db as unknown as Db
}
