import type { Context, MiddlewareHandler, Next } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import type { RateDecision } from './interface'

/**
 * Limits public submissions per client IP and per event (by its slug, so no read is needed first).
 * Staff entering registrations at the door are not limited. A refusal is 429 RATE_LIMITED with Retry-After.
 */
export const limitSubmissions: MiddlewareHandler<AppEnv> = (c, next) => {
  const { rateLimiter, clientIp } = c.get('deps')
  if (!rateLimiter || c.get('user')) return next()
  const ip = clientIp?.(c) || 'unknown'
  const slug = c.req.param('slug') ?? ''
  // Both windows count the hit, whichever refuses it.
  const byIp = rateLimiter.hit('ip', ip)
  const byEvent = rateLimiter.hit('event', slug)
  if (byIp instanceof Promise || byEvent instanceof Promise)
    return Promise.all([byIp, byEvent]).then(([a, b]) => within(c, a, b, next))
  return within(c, byIp, byEvent, next)
}

/**
 * Counts one radicado lookup or constancia by this client, and says whether it is within the limit.
 * Radicados are consecutive: without a limit, anyone could list an entity's petitions (their type, dates
 * and dependency) one number after another. Staff are not limited. The API (limitLookups) and the event
 * page's lookup without JavaScript count against the same limit.
 */
export function countLookup(c: Context<AppEnv>): RateDecision | Promise<RateDecision> {
  const { rateLimiter, clientIp } = c.get('deps')
  if (!rateLimiter || c.get('user')) return { ok: true }
  return rateLimiter.hit('lookup', clientIp?.(c) || 'unknown')
}

/** Limits radicado lookups and constancias per client IP (countLookup): 429 RATE_LIMITED with Retry-After. */
export const limitLookups: MiddlewareHandler<AppEnv> = (c, next) => {
  const decision = countLookup(c)
  if (decision instanceof Promise) return decision.then((d) => within(c, d, d, next))
  return within(c, decision, decision, next)
}

/**
 * On to the route if both decisions allow it, else 429 RATE_LIMITED with Retry-After. Not an async
 * function, nor are the middlewares above: one would stay suspended, with all it holds, while the
 * request waits for its commit (docs/throughput-log.md).
 */
function within(c: Context<AppEnv>, a: RateDecision, b: RateDecision, next: Next) {
  const refused = !a.ok ? a : !b.ok ? b : undefined
  if (refused) {
    c.header('Retry-After', String(refused.retryAfter))
    throw new ApiError('RATE_LIMITED')
  }
  return next()
}
