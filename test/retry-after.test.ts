import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { waitOf } from '../web/shared/api'

/** How long the widget's outbox holds every submission after a 429 or a 503 (web/shared/api.ts). */
describe("reading a server's Retry-After", () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.parse('2026-11-27T19:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('reads delay-seconds as that many seconds', () => {
    expect(waitOf('0')).toBe(0)
    expect(waitOf('7')).toBe(7_000)
    expect(waitOf('120')).toBe(120_000)
  })

  it('reads an HTTP date as the time left until it', () => {
    expect(waitOf('Fri, 27 Nov 2026 19:00:30 GMT')).toBe(30_000)
    // The obsolete RFC 850 form, which HTTP still asks recipients to read.
    expect(waitOf('Friday, 27-Nov-26 19:01:00 GMT')).toBe(60_000)
  })

  it('waits nothing for no header, an unreadable one or a date gone by', () => {
    expect(waitOf(null)).toBe(0)
    expect(waitOf('')).toBe(0)
    expect(waitOf('pronto')).toBe(0)
    expect(waitOf('-5')).toBe(0)
    expect(waitOf('1.5')).toBe(0)
    expect(waitOf('Fri, 27 Nov 2026 18:59:00 GMT')).toBe(0)
  })

  it('waits an hour at most, whatever a wrong clock or a proxy says', () => {
    expect(waitOf('86400')).toBe(3_600_000)
    expect(waitOf('Sat, 28 Nov 2026 19:00:00 GMT')).toBe(3_600_000)
  })
})
