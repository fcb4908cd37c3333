/**
 * Native versions of the hashing and sealing that the services otherwise do in portable code (plain
 * TypeScript and WebCrypto, which run on Node and on Workers alike). The Node entry installs them
 * (server/node-crypto.ts); Workers keep the portable ones. On Node the portable AES-GCM seal of a
 * registration goes through WebCrypto, whose key import and thread-pool round trip cost a registration
 * about 50 µs of the event loop; node:crypto does the same in a few µs, synchronously. Both produce the
 * same bytes, so a token sealed by one is opened by the other (test/native-crypto.test.ts).
 */
export type NativeCrypto = {
  /** The raw 32-byte SHA-256 of a string's UTF-8 bytes. */
  sha256(text: string): Uint8Array<ArrayBuffer>
  /** The lowercase hex SHA-256 of a string's UTF-8 bytes. */
  sha256Hex(text: string): string
  /** AES-256-GCM: the 12-byte `iv`, then the ciphertext, then the 16-byte tag, as WebCrypto lays it out. */
  seal(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Uint8Array
  /** The inverse of `seal`; throws when the tag does not match. */
  open(key: Uint8Array, sealed: Uint8Array): Uint8Array
}

export const native: Partial<NativeCrypto> = {}

export function installNativeCrypto(impl: NativeCrypto) {
  Object.assign(native, impl)
}
