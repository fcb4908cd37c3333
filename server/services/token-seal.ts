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
 * registration, about a fifth of the writer thread's work for one (docs/scaling.md).
 */
const DERIVED = 'k1.'

const derive = (salt: string, idempotencyKey: string) =>
  toBase64Url(sha256Bytes(`cabildo-token:${salt}:${idempotencyKey}`))

/** A new token for a registration sent with `idempotencyKey`, and what its row keeps to give it again. */
export function keyedToken(idempotencyKey: string): { token: string; kept: string } {
  const salt = toBase64Url(randomBytes(32))
  return { token: derive(salt, idempotencyKey), kept: DERIVED + salt }
}

/**
 * The token a row's `token_sealed` keeps, given the Idempotency-Key it was registered with, or null. The
 * caller found the row by that key's hash; a token is still given only when its hash is the row's
 * `tokenHash`, so a wrong key, a damaged value or an anonymised row gives none.
 */
export async function keptToken(kept: string, idempotencyKey: string, tokenHash: string) {
  const token = kept.startsWith(DERIVED)
    ? derive(kept.slice(DERIVED.length), idempotencyKey)
    : await unsealed(kept, idempotencyKey)
  return token !== null && sha256HexSync(token) === tokenHash ? token : null
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

/** What the idempotency table stores instead of the key itself. */
export const hashedKey = (idempotencyKey: string) => sha256Hex(`cabildo-idem:${idempotencyKey}`)

/** A fresh attendee token: 256 random bits, URL-safe. */
export const newToken = () => toBase64Url(randomBytes(32))

// No I, L, O, 0 or 1: a code read aloud or typed at the door has no look-alikes.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const CHECKIN_CODE_LENGTH = 6

export const newCheckinCode = () =>
  Array.from(randomBytes(CHECKIN_CODE_LENGTH), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')

/** What staff type, as stored: upper case, without spaces or dashes. */
export const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '')
