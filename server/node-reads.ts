import type { Db } from '../db/client'
import type { ReaderCall } from '../db/client-readers'
import { type HeavyRead, heavyReads } from './services/heavy-reads'

/**
 * The reader threads' side (Node), loaded there by db/client-reader.ts: each call runs its heavy read
 * (server/services/heavy-reads.ts) over the thread's read-only connection.
 */
export const readerCalls =
  (db: Db): ReaderCall =>
  async (name, args) => {
    if (!Object.hasOwn(heavyReads, name)) throw new Error(`No heavy read is called ${name}.`)
    return (heavyReads[name as HeavyRead] as (db: Db, ...a: unknown[]) => Promise<unknown>)(db, ...args)
  }
