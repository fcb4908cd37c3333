import type { RateDecision, RateLimiter, RateRule, RateScope } from './interface'

type Window = { start: number; count: number; previous: number }

/**
 * A sliding-window counter per key (the algorithm Cloudflare describes for its own limits): the
 * previous window's hits weigh by how much of it still overlaps, so a burst at a window's edge cannot
 * pass twice the limit. State lives in the instance the Node entry puts in `deps`; idle keys are swept.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>()
  private lastSweep = 0

  constructor(
    private readonly rules: Partial<Record<RateScope, RateRule | null>>,
    private readonly clock: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  hit(scope: RateScope, key: string): RateDecision {
    const rule = this.rules[scope]
    if (!rule) return { ok: true }
    const now = this.clock()
    const size = rule.windowSeconds * 1000
    const start = now - (now % size)
    const id = `${scope}:${key}`
    let w = this.windows.get(id)
    if (!w || w.start < start - size) w = { start, count: 0, previous: 0 }
    else if (w.start < start) w = { start, count: 0, previous: w.count }
    const overlap = 1 - (now - start) / size
    const estimate = w.previous * overlap + w.count
    if (estimate + 1 > rule.limit) {
      this.windows.set(id, w)
      // Until enough of the previous window has slid out for one more hit. With this window full, its
      // hits are the previous window's in the next one: until enough of them have slid out there too (a
      // burst at a window's end would otherwise be told 1 s and refused again for a fifth of the window).
      const room = rule.limit - w.count - 1
      const end = start + size - now
      const wait =
        room < 0
          ? end + size * Math.max(0, 1 - (rule.limit - 1) / w.count)
          : w.previous > 0
            ? Math.min(start + size * (1 - room / w.previous) - now, end)
            : end
      return { ok: false, retryAfter: Math.max(1, Math.ceil(wait / 1000)) }
    }
    w.count += 1
    this.windows.set(id, w)
    this.sweep(now, size)
    return { ok: true }
  }

  private sweep(now: number, size: number) {
    if (this.windows.size < this.maxKeys && now - this.lastSweep < 60_000) return
    this.lastSweep = now
    for (const [id, w] of this.windows) if (w.start < now - 2 * size) this.windows.delete(id)
    // Still too many live keys (a flood of distinct IPs): drop the oldest rather than grow without bound.
    for (const id of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break
      this.windows.delete(id)
    }
  }
}
