import { fromBase64Url, randomBytes, sha256Hex, toBase64Url } from './crypto'
import { native } from './native'
import { sha256Bytes, sha256HexSync } from './sha256'

/**
 * An attendee token is shown once and only its hash is stored. A registration retried with the same
 * Idempotency-Key must still get the same token back, so a registration that carries a key derives its
 * token from that key and 32 random bytes of its own, the salt:
 *
 *   token = base64url(SHA-256("cabildo-token:" + salt + ":" + Idempotency-Key))
 *
 * The row keeps the salt (`token_sealed`, as `k1.<salt>`); the database keeps only a hash of the key (see
 * `hashedKey`), so a copy of it can rebuild no token, and the client that retries can. The salt makes each
 * token new and unguessable whatever key a client chose: 256 random bits. Registrations stored before
 * kept the token itself, sealed with AES-256-GCM under a key derived from the Idempotency-Key; those are
 * still opened (`keptToken`). The derivation is one hash where the seal took a cipher object per
 * registration, about a fifth of the writer thread's work for one (docs/throughput-log.md).
 *
 * A token begins with its stamp: the moment it was made, in milliseconds, as 12 hex digits. The hash the
 * row keeps, and the unique index finds it by, begins with the same stamp (`tokenHashOf`), so each new
 * registration's entry goes at the end of that index instead of on a page of its own at random: under a
 * stream of registrations, one page fewer written to the WAL, copied by the checkpoint and fsynced per
 * registration. The stamp says when the token was made, which its holder knows; the 256 bits after it
 * are as secret as ever. Tokens made before stamps (43 characters) are found by their plain hash.
 */
const DERIVED = 'k1.'
const STAMPED = 'k2.'
const STAMP_DIGITS = 12
const STAMPED_TOKEN = /^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/

const stampOf = (ms: number) => ms.toString(16).padStart(STAMP_DIGITS, '0')

function derive(salt: string, idempotencyKey: string) {
  const text = `cabildo-token:${salt}:${idempotencyKey}`
  return native.sha256Base64Url ? native.sha256Base64Url(text) : toBase64Url(sha256Bytes(text))
}

/** What a row keeps of its token and the index finds it by: its stamp, if it has one, and its hash. */
export function tokenHashOf(token: string): string {
  const hash = sha256HexSync(token)
  return STAMPED_TOKEN.test(token) ? token.slice(0, STAMP_DIGITS) + hash : hash
}

/**
 * A new token made at `ms` for a registration sent with `idempotencyKey`, and what its row keeps to give
 * it again (`k2.`, the stamp, the salt).
 */
export function keyedToken(idempotencyKey: string, ms: number): { token: string; kept: string } {
  const salt = toBase64Url(randomBytes(32))
  const stamp = stampOf(ms)
  return { token: stamp + derive(salt, idempotencyKey), kept: STAMPED + stamp + salt }
}

/**
 * The token a row's `token_sealed` keeps, given the Idempotency-Key it was registered with, or null. The
 * caller found the row by that key's hash; a token is still given only when its hash is the row's
 * `tokenHash`, so a wrong key, a damaged value or an anonymised row gives none.
 */
export async function keptToken(kept: string, idempotencyKey: string, tokenHash: string) {
  const token = kept.startsWith(STAMPED)
    ? kept.slice(STAMPED.length, STAMPED.length + STAMP_DIGITS) +
      derive(kept.slice(STAMPED.length + STAMP_DIGITS), idempotencyKey)
    : kept.startsWith(DERIVED)
      ? derive(kept.slice(DERIVED.length), idempotencyKey)
      : await unsealed(kept, idempotencyKey)
  return token !== null && tokenHashOf(token) === tokenHash ? token : null
}

/** The AES-GCM key of a token sealed before `keyedToken`: the 12-byte IV, ciphertext, 16-byte tag. */
export const sealKey = (idempotencyKey: string) => sha256Bytes(`cabildo-seal:${idempotencyKey}`)

async function unsealed(sealed: string, idempotencyKey: string): Promise<string | null> {
  try {
    const bytes = fromBase64Url(sealed)
    if (native.open) return new TextDecoder().decode(native.open(sealKey(idempotencyKey), bytes))
    const key = await crypto.subtle.importKey('raw', sealKey(idempotencyKey), 'AES-GCM', false, ['decrypt'])
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, 12) },
      key,
      bytes.slice(12),
    )
    return new TextDecoder().decode(plain)
  } catch {
    return null
  }
}

/** What the idempotency table stores instead of a registration's key itself (see `keptKey`). */
const hashedKey = (idempotencyKey: string) => sha256Hex(`cabildo-idem:${idempotencyKey}`)

/**
 * The moment a key or device token says it was made, as it begins, or undefined: the 13 decimal digits of
 * milliseconds the widget's keys and device tokens begin with (web/widget/storage.ts, `newKey`). Never
 * asked of an attendee token: the registration's row keeps its stamp in front of its token's hash
 * (`tokenHashOf`), and a survey's respondent kept after it could be joined to the registration by it,
 * which the respondent's key is made not to allow (services/responses.ts, `respondentKey`); and a stamp
 * whose twelve hex digits are all decimal ones may be followed by a thirteenth digit.
 */
function madeOf(value: string): string | undefined {
  return /^\d{13}/.exec(value)?.[0]
}

/**
 * A hash as an event whose keys are `ordered` (events.stored_keys) keeps it: after the moment the hashed
 * token or key was made (`madeOf`), so that the unique index it goes in fills near its end, among pages
 * just written, where the hash alone landed each on a page at random, one page more to write, copy and
 * flush. Used for a registration's Idempotency-Key (`keptKey`) and a survey's respondent: in runs taking
 * turns, the kernel's part of a registration fell by 14 µs and a survey response's by 9
 * (docs/throughput-log.md). The moment says when the token or key was made, which the row says about as
 * well; what follows it, from which a token is derived or which proves a device, stays hashed. Events
 * whose keys were kept before (`hashed`) keep the hash alone, so that a retry or a second answer finds it.
 */
export const inOrder = (ordered: boolean, made: string, hash: string) => {
  const at = ordered ? madeOf(made) : undefined
  return at ? `${at}:${hash}` : hash
}

/** How a registration's Idempotency-Key is kept: its hash, in order where the event keeps keys so (`inOrder`). */
export const keptKey = async (idempotencyKey: string, ordered: boolean) =>
  inOrder(ordered, idempotencyKey, await hashedKey(idempotencyKey))

/** A fresh attendee token made at `ms`: its stamp, then 256 random bits, URL-safe. */
export const newToken = (ms: number) => stampOf(ms) + toBase64Url(randomBytes(32))

// No I, L, O, 0 or 1: a code read aloud or typed at the door has no look-alikes.
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const CHECKIN_CODE_LENGTH = 6

/** A code drawn at random: the codes of events that had registrations before the sequence (checkin-codes.ts). */
export const newCheckinCode = () =>
  Array.from(randomBytes(CHECKIN_CODE_LENGTH), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')

/** What staff type, as stored: upper case, without spaces or dashes. */
export const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '')

/** A normalised entry that could be a check-in code: its length, and only the code's characters. */
export const isCodeShaped = (code: string) =>
  code.length === CHECKIN_CODE_LENGTH && [...code].every((ch) => CODE_ALPHABET.includes(ch))

/**
 * A normalised entry of a code's length, with a letter, that has one of the characters codes leave out
 * (O, 0, I, 1, L): a code misread or mistyped, which can never match. All digits, it is a document.
 */
export const isMisreadCode = (code: string) =>
  code.length === CHECKIN_CODE_LENGTH && /[A-Z]/.test(code) && /[OIL01]/.test(code)
