import { createReadStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { vacuumIntoOnThread } from '../db/client-node'
import type { Backup } from './env'

type Client = { name: string; memory: boolean }
const clientOf = (db: Db) => (db as unknown as { $client: Client }).$client

/**
 * The server's own backup: VACUUM INTO, as the command's (`vacuumInto`), from a read-only connection on a
 * thread of its own (`vacuumIntoOnThread` in db/client-node.ts), so requests keep being answered and
 * submissions keep committing meanwhile. It reads one snapshot: the copy is the database as of the
 * moment it starts. Not SQLite's online backup API: that copies the file page by page, free pages and
 * the unused space of pages included, which still held the bytes of deleted, rectified and anonymised
 * rows; VACUUM INTO builds the copy afresh from the live rows, so nothing deleted before the copy is in
 * it. The copy is written next to the database (same volume, so the space is known to exist), streamed,
 * then removed. A database in memory, which no other connection can open, is copied by its own.
 */
export function sqliteBackup(db: Db): Backup {
  const client = clientOf(db)
  return {
    async snapshot() {
      const dir = await mkdtemp(join(client.memory ? tmpdir() : dirname(client.name), '.cabildo-backup-'))
      const file = join(dir, 'cabildo.db')
      const cleanup = () => rm(dir, { recursive: true, force: true })
      try {
        if (client.memory) await vacuumInto(db, file)
        else await vacuumIntoOnThread(client.name, file)
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
 * (the backup API restarts whenever another connection writes). The copy is compacted as well: built
 * afresh from the live rows, it holds no free pages and nothing of deleted rows.
 */
export async function vacuumInto(db: Db, destination: string) {
  await db.run(sql`VACUUM INTO ${destination}`)
}
