import { randomBytes, sha256Hex, toBase64Url } from './crypto'
import { native } from './native'
import { sha256Bytes } from './sha256'

/**
 * An attendee token is shown once and only its hash is stored. A registration retried with the same
 * Idempotency-Key must still get the same token back, so the token is also kept sealed (AES-GCM) under
 * a key derived from that Idempotency-Key. The database stores only a hash of the Idempotency-Key
 * (see `hashedKey`), so a copy of it can open no sealed token; the client that retries can.
 */
const enc = new TextEncoder()

const fromBase64Url = (s: string) =>
  Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))

const rawKey = (idempotencyKey: string) => sha256Bytes(`cabildo-seal:${idempotencyKey}`)

async function keyFor(idempotencyKey: string) {
  return crypto.subtle.importKey('raw', rawKey(idempotencyKey), 'AES-GCM', false, ['encrypt', 'decrypt'])
}

export async function seal(token: string, idempotencyKey: string): Promise<string> {
  const iv = randomBytes(12)
  if (native.seal) return toBase64Url(native.seal(rawKey(idempotencyKey), iv, enc.encode(token)))
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await keyFor(idempotencyKey),
    enc.encode(token),
  )
  const out = new Uint8Array(12 + sealed.byteLength)
  out.set(iv)
  out.set(new Uint8Array(sealed), 12)
  return toBase64Url(out)
}

export async function unseal(sealed: string, idempotencyKey: string): Promise<string | null> {
  try {
    const bytes = fromBase64Url(sealed)
    if (native.open) return new TextDecoder().decode(native.open(rawKey(idempotencyKey), bytes))
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, 12) },
      await keyFor(idempotencyKey),
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
