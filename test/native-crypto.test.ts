import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nodeCrypto } from '../server/node-crypto'
import { toBase64Url } from '../server/services/crypto'
import { installNativeCrypto, native } from '../server/services/native'
import { sha256Bytes, sha256HexSync } from '../server/services/sha256'
import { keptToken, keyedToken, newToken, sealKey, tokenHashOf } from '../server/services/token-seal'

// The native hook is installed here only inside the test that compares the two paths, and removed after
// it, so the services' functions here are the portable ones that Workers run; the Node server runs
// `nodeCrypto`. Each must read what the other wrote.

describe('native and portable crypto agree', () => {
  it('hashes any string to the same SHA-256, as node:crypto computes it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const expected = createHash('sha256').update(text, 'utf8').digest('hex')
        expect(sha256HexSync(text)).toBe(expected)
        expect(nodeCrypto.sha256Hex(text)).toBe(expected)
        expect(Buffer.from(nodeCrypto.sha256(text)).toString('hex')).toBe(expected)
        expect(nodeCrypto.sha256Base64Url(text)).toBe(toBase64Url(sha256Bytes(text)))
        expect(Buffer.from(sha256Bytes(text)).toString('hex')).toBe(expected)
      }),
    )
  })

  it('encodes any bytes in base64url without padding, as node:crypto does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'))
      }),
    )
  })

  it('opens a token sealed before tokens were derived, with node:crypto and with WebCrypto alike', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.string({ minLength: 1 }),
        async (key, token) => {
          const plain = new TextEncoder().encode(token)
          const iv = crypto.getRandomValues(new Uint8Array(12))
          const cipher = createCipheriv('aes-256-gcm', sealKey(key), iv)
          const byNode = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()])
          const webKey = await crypto.subtle.importKey('raw', sealKey(key), 'AES-GCM', false, ['encrypt'])
          const byWeb = Buffer.concat([
            iv,
            new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, webKey, plain)),
          ])
          expect(byWeb.equals(byNode)).toBe(true)
          expect(new TextDecoder().decode(nodeCrypto.open(sealKey(key), byNode))).toBe(token)
          expect(await keptToken(byNode.toString('base64url'), key, sha256HexSync(token))).toBe(token)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('refuses a sealed token under another key or with a changed byte', async () => {
    const iv = new Uint8Array(12)
    const cipher = createCipheriv('aes-256-gcm', sealKey('clave-1'), iv)
    const sealed = Buffer.concat([iv, cipher.update('token'), cipher.final(), cipher.getAuthTag()])
    const hash = sha256HexSync('token')
    expect(await keptToken(sealed.toString('base64url'), 'clave-1', hash)).toBe('token')
    expect(() => nodeCrypto.open(sealKey('clave-2'), sealed)).toThrow()
    expect(await keptToken(sealed.toString('base64url'), 'clave-2', hash)).toBeNull()
    const changed = Buffer.from(sealed)
    changed[14] ^= 1
    expect(() => nodeCrypto.open(sealKey('clave-1'), changed)).toThrow()
    expect(await keptToken(changed.toString('base64url'), 'clave-1', hash)).toBeNull()
  })
})

describe('keyed attendee tokens', () => {
  const MADE = Date.UTC(2026, 11, 5, 8, 0, 0)
  it('gives the same token again from what the row keeps and the Idempotency-Key, to no other key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 255 }), fc.string(), async (key, other) => {
        fc.pre(other !== key)
        const { token, kept } = keyedToken(key, MADE)
        expect(token).toMatch(/^[0-9a-f]{12}[A-Za-z0-9_-]{43}$/)
        expect(kept).toMatch(/^k2\.[0-9a-f]{12}[A-Za-z0-9_-]{43}$/)
        const hash = tokenHashOf(token)
        expect(await keptToken(kept, key, hash)).toBe(token)
        expect(await keptToken(kept, other, hash)).toBeNull()
      }),
      { numRuns: 100 },
    )
  })

  it('derives a new token each time, even for the same key: its stamp, then SHA-256 of the kept salt and the key', async () => {
    const tokens = new Set(Array.from({ length: 200 }, () => keyedToken('1', MADE).token))
    expect(tokens.size).toBe(200)
    const { token, kept } = keyedToken('clave', MADE)
    const stamp = MADE.toString(16).padStart(12, '0')
    expect(kept.slice(3, 15)).toBe(stamp)
    const salt = kept.slice(15)
    const expected = createHash('sha256').update(`cabildo-token:${salt}:clave`).digest('base64url')
    expect(token).toBe(stamp + expected)
  })

  it('still gives the token of a row kept before stamps (k1.), found by its plain hash', async () => {
    const salt = randomBytes(32).toString('base64url')
    const token = createHash('sha256').update(`cabildo-token:${salt}:clave`).digest('base64url')
    expect(tokenHashOf(token)).toBe(sha256HexSync(token))
    expect(await keptToken(`k1.${salt}`, 'clave', sha256HexSync(token))).toBe(token)
    expect(await keptToken(`k1.${salt}`, 'otra', sha256HexSync(token))).toBeNull()
  })

  it("derives the same tokens with the Node server's native hook installed as without it", async () => {
    const made = Array.from({ length: 50 }, (_, i) => keyedToken(`clave-${i}`, MADE + i))
    installNativeCrypto(nodeCrypto)
    try {
      for (const [i, { token, kept }] of made.entries())
        expect(await keptToken(kept, `clave-${i}`, tokenHashOf(token))).toBe(token)
      const byNode = keyedToken('clave', MADE)
      const salt = byNode.kept.slice(15)
      const expected = createHash('sha256').update(`cabildo-token:${salt}:clave`).digest('base64url')
      expect(byNode.token.slice(12)).toBe(expected)
    } finally {
      for (const k of Object.keys(native)) delete native[k as keyof typeof native]
    }
  })
})

describe('attendee tokens and the index that finds them', () => {
  it('keeps a stamped token by its stamp and hash, so later tokens sort after earlier ones', () => {
    const made = Array.from({ length: 50 }, (_, i) => Date.UTC(2026, 11, 5) + i * 37)
    const hashes = made.map((ms) => tokenHashOf(newToken(ms)))
    for (const [i, h] of hashes.entries()) {
      expect(h).toMatch(/^[0-9a-f]{76}$/)
      expect(h.slice(0, 12)).toBe(made[i].toString(16).padStart(12, '0'))
    }
    expect([...hashes].sort()).toEqual(hashes)
    const token = newToken(made[0])
    expect(tokenHashOf(token)).toBe(token.slice(0, 12) + sha256HexSync(token))
  })

  it('keeps any other token by its plain hash: those made before stamps, or any that only looks stamped', () => {
    const old = randomBytes(32).toString('base64url')
    expect(tokenHashOf(old)).toBe(sha256HexSync(old))
    for (const other of ['0123456789ab', `0123456789aB${old}`, `${old}0123456789ab`, `0123456789ab${old}x`])
      expect(tokenHashOf(other)).toBe(sha256HexSync(other))
  })
})
