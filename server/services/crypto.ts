// WebCrypto and plain TypeScript only, so the same code hashes on Node and on Workers.
import { sha256HexSync } from './sha256'

const enc = new TextEncoder()

export const toHex = (b: ArrayBuffer | Uint8Array) =>
  Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('')

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Base64url without padding, by table: a registration encodes two values, and btoa over a spread of
 * the bytes followed by three regular expressions cost it about 7 µs under load.
 */
export function toBase64Url(b: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2]
    out += B64URL[n >> 18] + B64URL[(n >> 12) & 63] + B64URL[(n >> 6) & 63] + B64URL[n & 63]
  }
  if (i < b.length) {
    const n = (b[i] << 16) | (i + 1 < b.length ? b[i + 1] << 8 : 0)
    out += B64URL[n >> 18] + B64URL[(n >> 12) & 63]
    if (i + 1 < b.length) out += B64URL[(n >> 6) & 63]
  }
  return out
}

export const fromBase64Url = (s: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (ch) =>
    ch.charCodeAt(0),
  ) as Uint8Array<ArrayBuffer>

// Random bytes drawn 4 KiB at a time, as Node's own randomUUID() does: on Node each getRandomValues call
// costs about 9 µs whatever its size, and a registration needs three. Each byte is handed out once.
const POOL = 4096
let pool = new Uint8Array(0)
let used = 0

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  if (n > POOL) return crypto.getRandomValues(new Uint8Array(new ArrayBuffer(n)))
  if (used + n > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(new ArrayBuffer(POOL)))
    used = 0
  }
  const out = pool.slice(used, used + n)
  pool.fill(0, used, used + n)
  used += n
  return out
}

/** Kept asynchronous for its callers; see `sha256.ts` for why it no longer goes through WebCrypto. */
export async function sha256Hex(text: string): Promise<string> {
  return sha256HexSync(text)
}

/** Compares without an early exit, so the time taken says nothing about where two values differ. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a[i % a.length] ?? 0) ^ (b[i % b.length] ?? 0)
  return diff === 0
}

async function pbkdf2(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256)
  return new Uint8Array(bits)
}

/** `pbkdf2-sha256$<iterations>$<salt>$<hash>`: the stored string carries its own parameters. */
export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = randomBytes(16)
  const hash = await pbkdf2(password, salt, iterations)
  return `pbkdf2-sha256$${iterations}$${toBase64Url(salt)}$${toBase64Url(hash)}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split('$')
  if (scheme !== 'pbkdf2-sha256' || !iter || !salt || !hash) return false
  const actual = await pbkdf2(password, fromBase64Url(salt), Number(iter))
  return timingSafeEqual(actual, fromBase64Url(hash))
}

// Lower-case letters and digits without look-alikes (l, 1, o, 0, i), in groups of five: a password that
// is read out over the phone or copied from a screen or a terminal without mistakes. 20 characters of
// 31: ~99 bits.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/** A password to hand over (a new account's, the first admin's), as `xxxxx-xxxxx-xxxxx-xxxxx`. */
export function generatePassword(): string {
  for (;;) {
    // Rejection sampling: only bytes below a multiple of 31 are used, so every character is as likely.
    const chars = [...randomBytes(40)].filter((b) => b < 248).map((b) => ALPHABET[b % ALPHABET.length])
    if (chars.length < 20) continue
    const p = chars.slice(0, 20).join('')
    // The API wants a letter and five different characters (server/schemas/common.ts).
    if (/[a-z]/.test(p) && new Set(p).size >= 5) return p.match(/.{5}/g)!.join('-')
  }
}
