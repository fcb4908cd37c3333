import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { statement } from '../../db/prepared'
import { checkinSequence } from '../../db/schema'
import { randomBytes, toHex } from './crypto'
import { CHECKIN_CODE_LENGTH, CODE_ALPHABET, isCodeShaped } from './token-seal'

/**
 * Check-in codes from a sequence. A code was drawn at random and kept in the unique index on (event,
 * code), so each registration landed on a page of that index at random: one more page to write to the
 * WAL, copy at the checkpoint and flush, about a tenth of a registration's cost under load
 * (docs/throughput-log.md). Now each registration takes the installation's next number, in the same
 * commit, and its code is that number through a secret permutation of the code space:
 *
 * - unique by construction: a permutation never gives two numbers one code, and a number is issued once
 *   (`checkin_sequence.issued` only grows, whatever is deleted or anonymised);
 * - as hard to guess as a random code while the key stays secret, and the key is in the same database as
 *   the codes themselves;
 * - found by decoding it: the row keeps its number, as `~` and nine digits (`storedOf`), in the same
 *   column and index as before, where each new one now goes in at the end of its event's entries.
 *
 * The permutation is a Feistel network over the code's two halves of three characters (31³ values
 * each), eight rounds, each round's function a table of pseudo-random values drawn from AES-CTR under
 * the key (Luby–Rackoff): 31⁶ codes, no cycle-walking needed. The tables (8 × 31³ two-byte values,
 * 466 KiB) are made once a process and database; a code then costs some table lookups.
 *
 * Events that already had registrations when the sequence arrived (`events.checkin_codes = 'random'`)
 * keep drawing codes at random, so no event mixes the two kinds and no two of its codes can match.
 */
const BASE = CODE_ALPHABET.length
const HALF = BASE ** (CHECKIN_CODE_LENGTH / 2)
/** 31⁶: how many numbers the sequence can issue, some 887 million. */
export const CODE_SPACE = HALF * HALF
const ROUNDS = 8
const MARK = '~'
const DIGITS = 9

/** What a row keeps for the code of number `n`: sorted after every letter, digit and 'anonymized:'. */
export const storedOf = (n: number) => MARK + String(n).padStart(DIGITS, '0')
const isStored = (stored: string) => stored.length === DIGITS + 1 && stored[0] === MARK

export type Codes = {
  /** The key, written back with each number taken (`takeNumber`). */
  key: string
  /** The code a row's `checkin_code` stands for: a number's code, else the value itself (a random code). */
  shown(stored: string): string
  /** What a row keeps for a typed code (normalised), or null if it cannot be a code. */
  storedFor(code: string): string | null
  /** The values a row with a typed code (normalised) keeps: as drawn at random, or as its number. */
  lookedFor(code: string): string[]
}

function encode(n: number) {
  let s = ''
  for (let i = 0; i < CHECKIN_CODE_LENGTH; i++) {
    s = CODE_ALPHABET[n % BASE] + s
    n = Math.floor(n / BASE)
  }
  return s
}

const decode = (code: string) => [...code].reduce((n, ch) => n * BASE + CODE_ALPHABET.indexOf(ch), 0)

/** The keyed permutation of [0, 31⁶) and its inverse. */
export function permutation(tables: Uint16Array[]) {
  return {
    forward(n: number) {
      let l = Math.floor(n / HALF)
      let r = n % HALF
      for (let i = 0; i < ROUNDS; i++) {
        const next = (l + tables[i][r]) % HALF
        l = r
        r = next
      }
      return l * HALF + r
    },
    backward(c: number) {
      let l = Math.floor(c / HALF)
      let r = c % HALF
      for (let i = ROUNDS - 1; i >= 0; i--) {
        const before = (r - tables[i][l] + HALF) % HALF
        r = l
        l = before
      }
      return l * HALF + r
    },
  }
}

/** The rounds' tables: AES-128-CTR's keystream under `key` (32 hex digits), 4 bytes a value. */
export async function tablesOf(key: string): Promise<Uint16Array[]> {
  if (!/^[0-9a-f]{32}$/.test(key)) throw new Error('The check-in codes key is not 32 hex digits')
  const raw = new Uint8Array(key.match(/../g)!.map((h) => Number.parseInt(h, 16)))
  const aes = await crypto.subtle.importKey('raw', raw, { name: 'AES-CTR' }, false, ['encrypt'])
  const stream = new DataView(
    await crypto.subtle.encrypt(
      { name: 'AES-CTR', counter: new Uint8Array(16), length: 64 },
      aes,
      new Uint8Array(ROUNDS * HALF * 4),
    ),
  )
  return Array.from({ length: ROUNDS }, (_, i) => {
    const table = new Uint16Array(HALF)
    for (let x = 0; x < HALF; x++) table[x] = stream.getUint32((i * HALF + x) * 4, true) % HALF
    return table
  })
}

export function codesWith(key: string, tables: Uint16Array[]): Codes {
  const p = permutation(tables)
  const storedFor = (code: string) => (isCodeShaped(code) ? storedOf(p.backward(decode(code))) : null)
  return {
    key,
    shown: (stored) => (isStored(stored) ? encode(p.forward(Number(stored.slice(1)))) : stored),
    storedFor,
    lookedFor: (code) => {
      const stored = storedFor(code)
      return stored ? [code, stored] : [code]
    },
  }
}

const made = new WeakMap<object, Promise<Codes>>()

/**
 * The installation's codes, made once a process and database. The row is written by its migration; if it
 * is missing (a database emptied by hand), a key is drawn and written first, once.
 */
export function codesOf(db: Db): Promise<Codes> {
  let codes = made.get(db)
  if (!codes) {
    codes = (async () => {
      const read = () =>
        db.select({ key: checkinSequence.key }).from(checkinSequence).where(sql`${checkinSequence.id} = 1`)
      let [row] = await read()
      if (!row) {
        await db
          .insert(checkinSequence)
          .values({ id: 1, key: toHex(randomBytes(16)), issued: 0 })
          .onConflictDoNothing()
        ;[row] = await read()
      }
      return codesWith(row.key, await tablesOf(row.key))
    })()
    made.set(db, codes)
    codes.catch(() => made.delete(db))
  }
  return codes
}

/**
 * The next number, taken in the registration's own commit; the row is written again with the same key if
 * it was missing. Read back by `takenNumber`, not by a RETURNING: SQLite gathers a RETURNING's rows in a
 * table of its own before giving them, about twice the cost of the upsert and a read by primary key.
 */
export const takeNumber = statement((db, p: { key: string }) =>
  db
    .insert(checkinSequence)
    .values({ id: 1, key: p.key, issued: 1 })
    .onConflictDoUpdate({ target: checkinSequence.id, set: { issued: sql`${checkinSequence.issued} + 1` } }),
)

/** The number `takeNumber` took just before, in the same commit. */
export const takenNumber = statement((db) =>
  db.select({ issued: checkinSequence.issued }).from(checkinSequence).where(sql`${checkinSequence.id} = 1`),
)

/**
 * The value `checkin_code` takes for the number just taken in the same commit. Past the last code (some
 * 887 million registrations) it is null, and the registration fails on NOT NULL rather than take a code
 * that is not one.
 */
export const takenCode = sql.raw(
  `(select '${MARK}' || printf('%0${DIGITS}d', "issued") from "checkin_sequence" where "id" = 1 and "issued" < ${CODE_SPACE})`,
)
