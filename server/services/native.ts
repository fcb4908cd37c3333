/**
 * Native versions of the hashing that the services otherwise do in portable code (plain TypeScript and
 * WebCrypto, which run on Node and on Workers alike), and of opening the attendee tokens sealed before
 * tokens were derived (server/services/token-seal.ts). The Node entry installs them
 * (server/node-crypto.ts); Workers keep the portable ones. WebCrypto on Node is a thread-pool round trip
 * of tens of µs of the event loop; node:crypto does the same in a few µs, synchronously. Both give the
 * same bytes (test/native-crypto.test.ts).
 */
export type NativeCrypto = {
  /** The raw 32-byte SHA-256 of a string's UTF-8 bytes. */
  sha256(text: string): Uint8Array<ArrayBuffer>
  /** The lowercase hex SHA-256 of a string's UTF-8 bytes. */
  sha256Hex(text: string): string
  /**
   * The SHA-256 of a string's UTF-8 bytes in base64url without padding: what a registration's token is
   * derived as (token-seal.ts), in one call where the bytes and then the encoding took two.
   */
  sha256Base64Url(text: string): string
  /**
   * AES-256-GCM decryption of the 12-byte IV, then the ciphertext, then the 16-byte tag, as WebCrypto lays
   * them out; throws when the tag does not match.
   */
  open(key: Uint8Array, sealed: Uint8Array): Uint8Array
}

export const native: Partial<NativeCrypto> = {}

export function installNativeCrypto(impl: NativeCrypto) {
  Object.assign(native, impl)
}
