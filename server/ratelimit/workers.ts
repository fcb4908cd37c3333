import type { RateDecision, RateLimiter, RateScope } from './interface'

/** The Workers Rate Limiting binding's shape (`[[ratelimits]]` in wrangler.toml). */
export type RateLimitBinding = { limit(options: { key: string }): Promise<{ success: boolean }> }

/**
 * Each scope's binding in wrangler.toml and its `period` there, in seconds: the binding does not say
 * its own, and a refusal's Retry-After is that period. test/ratelimit.test.ts reads wrangler.toml and
 * checks they agree.
 */
export const rateBindings = {
  ip: { name: 'RATE_LIMIT_IP', period: 60 },
  event: { name: 'RATE_LIMIT_EVENT', period: 60 },
  lookup: { name: 'RATE_LIMIT_LOOKUP', period: 60 },
} as const satisfies Record<RateScope, { name: string; period: 10 | 60 }>

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

const variables: Record<RateScope, string> = {
  ip: 'CABILDO_RATE_LIMIT_IP',
  event: 'CABILDO_RATE_LIMIT_EVENT',
  lookup: 'CABILDO_RATE_LIMIT_LOOKUP',
}

/**
 * On Workers a CABILDO_RATE_LIMIT_* variable only turns its limit off (0); any other value is not used,
 * since the binding's own limit applies. One warning naming what was set and where to change it, or null.
 */
export function ignoredRateLimits(env: Record<string, string | undefined>): string | null {
  const set = (Object.keys(variables) as RateScope[]).filter((s) => {
    const value = env[variables[s]]?.trim()
    return value && value !== '0' && value !== 'off'
  })
  if (!set.length) return null
  const values = set.map((s) => `${variables[s]}=${env[variables[s]]!.trim()}`).join(', ')
  const bindings = set.map((s) => rateBindings[s].name).join(', ')
  return (
    `Aviso: en Workers no se usa ${values}. Rige el límite del binding ${bindings}: ` +
    'cámbielo en wrangler.toml ([[ratelimits]], simple = { limit, period }, period de 10 o 60 s) ' +
    'y despliegue de nuevo. De estas variables Workers solo lee 0, que desactiva el límite.'
  )
}
