import type { RateDecision, RateLimiter, RateScope } from './interface'

/** The Workers Rate Limiting binding's shape (`[[ratelimits]]` in wrangler.toml). */
export type RateLimitBinding = { limit(options: { key: string }): Promise<{ success: boolean }> }

/**
 * Cloudflare's rate limiting binding: limits and periods are set per binding in wrangler.toml (the period
 * is 10 or 60 s), counted per Cloudflare location. It answers only yes or no, so Retry-After is the period.
 */
export class WorkersRateLimiter implements RateLimiter {
  constructor(
    private readonly bindings: Partial<Record<RateScope, { binding: RateLimitBinding; period: number }>>,
  ) {}

  async hit(scope: RateScope, key: string): Promise<RateDecision> {
    const b = this.bindings[scope]
    if (!b) return { ok: true }
    const { success } = await b.binding.limit({ key: `${scope}:${key}` })
    return success ? { ok: true } : { ok: false, retryAfter: b.period }
  }
}
