import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'

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
 * Limits radicado lookups and constancias per client IP. Radicados are consecutive: without a limit,
 * anyone could list an entity's petitions (their type, dates and dependency) one number after another.
 */
export const limitLookups: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { rateLimiter, clientIp } = c.var.deps
  if (!rateLimiter || c.var.user) return next()
  const decision = await rateLimiter.hit('lookup', clientIp?.(c) || 'unknown')
  if (!decision.ok) {
    c.header('Retry-After', String(decision.retryAfter))
    throw new ApiError('RATE_LIMITED')
  }
  await next()
}
