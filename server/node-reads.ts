import { fileURLToPath } from 'node:url'
import type { Db } from '../db/client'
import { type ReaderCall, readerStopped, startReaders } from '../db/client-readers'
import { type Reader, runHeavyRead } from './services/heavy-reads'

/**
 * The reader threads' side (Node), loaded there by db/client-reader.ts: each call runs its heavy read
 * (server/services/heavy-reads.ts) over the thread's read-only connection.
 */
export const readerCalls =
  (db: Db): ReaderCall =>
  async (name, args) =>
    runHeavyRead(db, name, args)

/**
 * The main thread's side: `deps.reader`. A read whose thread stopped before answering is run again
 * here over `db` (a read changes nothing), as are all reads once no thread is left.
 */
export function nodeReader(db: Db, file: string, threads: number): Reader & { close(): Promise<void> } {
  const call = startReaders(file, fileURLToPath(import.meta.url), threads)
  const read: Reader = (name, args) =>
    call(name, args)?.catch((err) => {
      if (readerStopped(err)) return runHeavyRead(db, name, args)
      throw err
    })
  return Object.assign(read, { close: call.close })
}
