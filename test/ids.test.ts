import { describe, expect, it } from 'vitest'
import { newId } from '../db/ids'

describe('row ids', () => {
  it('are UUIDv7s, each new and later than the one before, across refills of the random pool', () => {
    // 20,000 ids draw tens of thousands of random words: the 1,024-word pool is refilled many times.
    const ids = Array.from({ length: 20_000 }, newId)
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true)
    // The first 48 bits are the creation time in milliseconds.
    const ms = Number.parseInt(ids[0].replace(/-/g, '').slice(0, 12), 16)
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000)
  })

  it('carry fresh random bits: 5,000 ids in a row never repeat their last 12 hex digits', () => {
    const tails = Array.from({ length: 5_000 }, () => newId().slice(-12))
    expect(new Set(tails).size).toBe(tails.length)
  })
})
