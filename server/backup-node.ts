import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import type { Backup } from './env'

type Client = { name: string; memory: boolean; backup(destination: string): Promise<unknown> }
const clientOf = (db: Db) => (db as unknown as { $client: Client }).$client

/**
 * The server's own backup: SQLite's online backup API on the connection that serves the app. It copies
 * a batch of pages per turn of the event loop, so requests keep being answered, and writes made on this
 * same connection meanwhile are carried into the copy: the result is the database as of the moment it
 * finishes. The copy is written next to the database (same volume, so the space is known to exist),
 * streamed, then removed.
 */
export function sqliteBackup(db: Db): Backup {
  const client = clientOf(db)
  return {
    async snapshot() {
      const dir = await mkdtemp(join(client.memory ? tmpdir() : dirname(client.name), '.cabildo-backup-'))
      const file = join(dir, 'cabildo.db')
      const cleanup = () => rm(dir, { recursive: true, force: true })
      try {
        await client.backup(file)
        const { size } = await stat(file)
        const stream = createReadStream(file)
        stream.once('close', cleanup)
        return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, bytes: size }
      } catch (err) {
        await cleanup()
        throw err
      }
    },
  }
}

/**
 * The command's backup, from a second connection (another process than the server): VACUUM INTO reads one
 * snapshot of the WAL database, so the server's writes neither corrupt the copy nor make it start over
 * (the backup API restarts whenever another connection writes). The copy is compacted as well.
 */
export async function vacuumInto(db: Db, destination: string) {
  await db.run(sql`VACUUM INTO ${destination}`)
}
