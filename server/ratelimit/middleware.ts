import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import type { RateDecision } from './interface'

/**
 * Limits public submissions per client IP and per event (by its slug, so no read is needed first).
 * Staff entering registrations at the door are not limited. A refusal is 429 RATE_LIMITED with Retry-After.
 */
export const limitSubmissions: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { rateLimiter, clientIp } = c.var.deps
  if (!rateLimiter || c.var.user) return next()
  const ip = clientIp?.(c) || 'unknown'
  const slug = c.req.param('slug') ?? ''
  const checks = await Promise.all([rateLimiter.hit('ip', ip), rateLimiter.hit('event', slug)])
  const refused = checks.find((d) => !d.ok)
  if (refused && !refused.ok) {
    c.header('Retry-After', String(refused.retryAfter))
    throw new ApiError('RATE_LIMITED')
  }
  await next()
}

/**
 * Counts one radicado lookup or constancia by this client, and says whether it is within the limit.
 * Radicados are consecutive: without a limit, anyone could list an entity's petitions (their type, dates
 * and dependency) one number after another. Staff are not limited. The API (limitLookups) and the event
 * page's lookup without JavaScript count against the same limit.
 */
export async function countLookup(c: Context<AppEnv>): Promise<RateDecision> {
  const { rateLimiter, clientIp } = c.var.deps
  if (!rateLimiter || c.var.user) return { ok: true }
  return rateLimiter.hit('lookup', clientIp?.(c) || 'unknown')
}

/** Limits radicado lookups and constancias per client IP (countLookup): 429 RATE_LIMITED with Retry-After. */
export const limitLookups: MiddlewareHandler<AppEnv> = async (c, next) => {
  const decision = await countLookup(c)
  if (!decision.ok) {
    c.header('Retry-After', String(decision.retryAfter))
    throw new ApiError('RATE_LIMITED')
  }
  await next()
}
