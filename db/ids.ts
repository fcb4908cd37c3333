import { V7Generator } from 'uuidv7'

/**
 * Random numbers for the ids, drawn 4 KiB at a time. uuidv7's own source refills 32 bytes at a time,
 * and on Node each getRandomValues call costs several µs whatever its size: 2 % of the main thread's
 * time under the survey benchmark went there. Each value is handed out once.
 */
class PooledRandom {
  readonly #buffer = new Uint32Array(1024)
  #cursor = this.#buffer.length

  nextUint32(): number {
    if (this.#cursor >= this.#buffer.length) {
      crypto.getRandomValues(this.#buffer)
      this.#cursor = 0
    }
    return this.#buffer[this.#cursor++]
  }
}

const generator = new V7Generator(new PooledRandom())

/** Time-ordered ids (UUIDv7): rows insert at the end of their indexes and sort by creation. */
export const newId = (): string => generator.generate().toString()
