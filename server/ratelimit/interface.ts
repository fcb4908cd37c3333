/**
 * Rate limits on public submissions, per client IP and per event, and on radicado lookups per client IP.
 * The implementation is chosen in the entry file: in memory on Node (one process), the Workers Rate
 * Limiting binding on Cloudflare.
 */
export type RateScope = 'ip' | 'event' | 'lookup'
export type RateRule = { limit: number; windowSeconds: number }
export type RateDecision = { ok: true } | { ok: false; retryAfter: number }

export interface RateLimiter {
  /**
   * Counts one hit of `key` in `scope` and says whether it is within the limit; at once when the count is
   * in this process (Node), so a submission does not wait a turn for it.
   */
  hit(scope: RateScope, key: string): RateDecision | Promise<RateDecision>
}

/** `600/60` → 600 hits per 60 s; `0` or `off` turns the limit off; unset or empty keeps `fallback`. */
export function parseRule(value: string | undefined, fallback: RateRule | null): RateRule | null {
  if (value === undefined || value === '') return fallback
  if (value === '0' || value === 'off') return null
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(value.trim())
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
    throw new Error(`Límite de tasa inválido: "${value}" (use p. ej. 600/60)`)
  return { limit: Number(m[1]), windowSeconds: Number(m[2]) }
}
