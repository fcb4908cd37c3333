import { describe, expect, it } from 'vitest'
import { newKey } from '../web/widget/storage'

describe("the widget's Idempotency-Keys", () => {
  it('sort in the order they were made, each with 256 random bits of its own', async () => {
    const keys: string[] = []
    for (let i = 0; i < 5; i++) {
      keys.push(newKey(), newKey())
      await new Promise((r) => setTimeout(r, 3))
    }
    // Made a few milliseconds apart, they sort as made: the server's index of keys fills at its end.
    const byTime = keys.map((k) => k.slice(0, 13))
    expect([...byTime].sort()).toEqual(byTime)
    expect(new Set(byTime).size).toBeGreaterThanOrEqual(5)
    for (const k of keys) {
      const [time, random] = [k.slice(0, 13), k.slice(13).split('-')]
      expect(Math.abs(Number(time) - Date.now())).toBeLessThan(5000)
      expect(random).toHaveLength(8)
      for (const part of random) expect(Number(part)).toBeLessThan(2 ** 32)
      // What the server accepts as a key (server/services/idempotency.ts).
      expect(k).toMatch(/^[\x21-\x7e]{1,255}$/)
    }
    expect(new Set(keys.map((k) => k.slice(13))).size).toBe(keys.length)
  })
})
