import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { nodeCrypto } from '../server/node-crypto'
import { toBase64Url } from '../server/services/crypto'
import { sha256Bytes, sha256HexSync } from '../server/services/sha256'
import { seal, unseal } from '../server/services/token-seal'

// Nothing installs the native hook in this file, so the services' functions here are the portable ones
// that Workers run; the Node server runs `nodeCrypto`. Each must read what the other wrote.
const fromBase64Url = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'))
const keyOf = (idempotencyKey: string) => sha256Bytes(`cabildo-seal:${idempotencyKey}`)

describe('native and portable crypto agree', () => {
  it('hashes any string to the same SHA-256, as node:crypto computes it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const expected = createHash('sha256').update(text, 'utf8').digest('hex')
        expect(sha256HexSync(text)).toBe(expected)
        expect(nodeCrypto.sha256Hex(text)).toBe(expected)
        expect(Buffer.from(nodeCrypto.sha256(text)).toString('hex')).toBe(expected)
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

  it('opens with node:crypto a token sealed with WebCrypto, and the other way round', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.string({ minLength: 1 }),
        async (key, token) => {
          const portable = await seal(token, key)
          expect(new TextDecoder().decode(nodeCrypto.open(keyOf(key), fromBase64Url(portable)))).toBe(token)
          const iv = crypto.getRandomValues(new Uint8Array(12))
          const nativeSealed = toBase64Url(nodeCrypto.seal(keyOf(key), iv, new TextEncoder().encode(token)))
          expect(await unseal(nativeSealed, key)).toBe(token)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('refuses a sealed token under another key or with a changed byte', async () => {
    const sealed = nodeCrypto.seal(keyOf('clave-1'), new Uint8Array(12), new TextEncoder().encode('token'))
    expect(() => nodeCrypto.open(keyOf('clave-2'), sealed)).toThrow()
    const changed = sealed.slice()
    changed[14] ^= 1
    expect(() => nodeCrypto.open(keyOf('clave-1'), changed)).toThrow()
    expect(await unseal(toBase64Url(changed), 'clave-1')).toBeNull()
  })
})
