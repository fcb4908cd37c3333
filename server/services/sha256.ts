import { native } from './native'

/**
 * SHA-256 (FIPS 180-4) in plain TypeScript, synchronous. WebCrypto's digest is asynchronous and on Node
 * each call is a thread-pool job costing about 20 µs of the event loop's time; the short strings hashed
 * on every submission (tokens, keys, bodies) take a few µs here, on Node and on Workers alike.
 */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
])
const INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const enc = new TextEncoder()
// Scratch space for the message schedule: the function is synchronous, so one array serves every call.
const w = new Int32Array(64)

/** The digest of `data` as eight 32-bit words. */
export function sha256Words(data: Uint8Array): Int32Array {
  const bitLength = data.length * 8
  // Message, the 0x80 byte, zero padding and the 64-bit length, in whole 64-byte blocks.
  const padded = new Uint8Array((((data.length + 8) >> 6) + 1) << 6)
  padded.set(data)
  padded[data.length] = 0x80
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32))
  view.setUint32(padded.length - 4, bitLength >>> 0)
  const h = Int32Array.from(INIT)
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4
      w[i] = (padded[j] << 24) | (padded[j + 1] << 16) | (padded[j + 2] << 8) | padded[j + 3]
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]
      const b = w[i - 2]
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0
    }
    let a = h[0]
    let b = h[1]
    let c = h[2]
    let d = h[3]
    let e = h[4]
    let f = h[5]
    let g = h[6]
    let hh = h[7]
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
      hh = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h[0] += a
    h[1] += b
    h[2] += c
    h[3] += d
    h[4] += e
    h[5] += f
    h[6] += g
    h[7] += hh
  }
  return h
}

/** The lowercase hex SHA-256 of a string's UTF-8 bytes. */
export function sha256HexSync(text: string): string {
  if (native.sha256Hex) return native.sha256Hex(text)
  const h = sha256Words(enc.encode(text))
  let out = ''
  for (let i = 0; i < 8; i++)
    out += HEX[(h[i] >>> 24) & 255] + HEX[(h[i] >>> 16) & 255] + HEX[(h[i] >>> 8) & 255] + HEX[h[i] & 255]
  return out
}

/** The raw 32-byte SHA-256 of a string's UTF-8 bytes. */
export function sha256Bytes(text: string): Uint8Array<ArrayBuffer> {
  if (native.sha256) return native.sha256(text)
  const h = sha256Words(enc.encode(text))
  const out = new Uint8Array(new ArrayBuffer(32))
  const view = new DataView(out.buffer)
  for (let i = 0; i < 8; i++) view.setInt32(i * 4, h[i])
  return out
}
