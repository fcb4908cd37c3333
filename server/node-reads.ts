import { fileURLToPath } from 'node:url'
import type { Db } from '../db/client'
import { type ReaderCall, readerStopped, startReaders } from '../db/client-readers'
import { type HeavyRead, heavyReads, type Reader } from './services/heavy-reads'

const run = (db: Db, name: string, args: unknown[]) => {
  if (!Object.hasOwn(heavyReads, name)) throw new Error(`No heavy read is called ${name}.`)
  return (heavyReads[name as HeavyRead] as (db: Db, ...a: unknown[]) => Promise<unknown>)(db, ...args)
}

/**
 * The reader threads' side (Node), loaded there by db/client-reader.ts: each call runs its heavy read
 * (server/services/heavy-reads.ts) over the thread's read-only connection.
 */
export const readerCalls =
  (db: Db): ReaderCall =>
  async (name, args) =>
    run(db, name, args)

/**
 * The main thread's side: `deps.reader`. A read whose thread stopped before answering is run again
 * here over `db` (a read changes nothing), as are all reads once no thread is left.
 */
export function nodeReader(db: Db, file: string, threads: number): Reader {
  const call = startReaders(file, fileURLToPath(import.meta.url), threads)
  return (name, args) =>
    call(name, args)?.catch((err) => {
      if (readerStopped(err)) return run(db, name, args)
      throw err
    })
}
