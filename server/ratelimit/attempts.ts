/**
 * Throttling of repeated failures (staff sign-in): after `free` attempts that did not succeed, the key
 * is locked for `baseSeconds`, doubling with each further failure up to `maxSeconds`; attempts older
 * than `forgetSeconds` are forgotten. An attempt is counted *before* it is checked, so a burst of
 * parallel guesses cannot all pass while the first ones are still being verified; a success gives it
 * back. Chosen in the entry file: in memory on Node, a D1 table on Workers (isolates share no memory).
 */
export type AttemptRule = { free: number; baseSeconds: number; maxSeconds: number; forgetSeconds: number }

export interface AttemptStore {
  /** Counts an attempt unless `key` is locked; answers 0 to go ahead, else the seconds to wait. */
  attempt(key: string, rule: AttemptRule, now: Date): Promise<number>
  /** The attempt succeeded: forget the key altogether (`reset`), or only take this attempt back. */
  succeeded(key: string, rule: AttemptRule, now: Date, reset: boolean): Promise<void>
  /** Whether `key` was counted within the rule's `forgetSeconds`; counts nothing. */
  seen(key: string, rule: AttemptRule, now: Date): Promise<boolean>
}

/** How long a key is locked after its `failures`-th attempt: nothing below `free`, then doubling. */
export const lockSeconds = (failures: number, r: AttemptRule) =>
  failures < r.free ? 0 : Math.min(r.maxSeconds, r.baseSeconds * 2 ** Math.min(failures - r.free, 20))

type State = { failures: number; lastAt: number; lockedUntil: number }

export class MemoryAttemptStore implements AttemptStore {
  private readonly keys = new Map<string, State>()

  constructor(private readonly maxKeys = 100_000) {}

  async attempt(key: string, rule: AttemptRule, now: Date) {
    const t = now.getTime()
    const s = this.keys.get(key)
    if (s && s.lockedUntil > t) return Math.ceil((s.lockedUntil - t) / 1000)
    const failures = s && s.lastAt >= t - rule.forgetSeconds * 1000 ? s.failures + 1 : 1
    this.keys.delete(key)
    this.keys.set(key, { failures, lastAt: t, lockedUntil: t + lockSeconds(failures, rule) * 1000 })
    // Oldest first: a flood of distinct keys forgets the stalest, never grows without bound.
    for (const k of this.keys.keys()) {
      if (this.keys.size <= this.maxKeys) break
      this.keys.delete(k)
    }
    return 0
  }

  async seen(key: string, rule: AttemptRule, now: Date) {
    const s = this.keys.get(key)
    return Boolean(s && s.lastAt >= now.getTime() - rule.forgetSeconds * 1000)
  }

  async succeeded(key: string, rule: AttemptRule, now: Date, reset: boolean) {
    const s = this.keys.get(key)
    if (!s) return
    if (reset || s.failures <= 1) {
      this.keys.delete(key)
      return
    }
    s.failures -= 1
    if (s.failures < rule.free) s.lockedUntil = now.getTime()
  }
}
