import type { Context, MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import type { Role } from '../db/schema'
import type { AppEnv } from './env'
import { ApiError } from './errors'
import type { ErrorCode } from './messages'
import { authenticate } from './services/auth'

export const ACCESS = Symbol('cabildo.access')
/**
 * What a route says of itself beside who may call it, for the OpenAPI document: its success statuses when
 * they are not just 200 (`[201, 200]`: created, or the first answer again), and `idempotent` when its
 * handler reads the Idempotency-Key header (idempotencyOf), and `answers`, the bodies of the contract.
 * test/openapi.test.ts checks them against the handlers' code and answers.
 */
export type RouteDoc = {
  ok?: [SuccessStatus, ...SuccessStatus[]]
  idempotent?: true
  /** The JSON body of a success status, as docs/API.md promises it (server/schemas/contract.ts). */
  answers?: Partial<Record<SuccessStatus, z.ZodType>>
  /** What a 200 is when it is not JSON, or not only (a live stream: `text/event-stream`). */
  media?: string[]
  /** The codes of the closed list the route's own rules refuse with (login's INVALID_CREDENTIALS...). */
  errors?: ErrorCode[]
}
export type SuccessStatus = 200 | 201 | 202 | 204
/** `roles: null` is a public route. Every route carries exactly one of these; a test walks the table. */
export type AccessDoc = RouteDoc & { roles: Role[] | null; summary: string }

export const bearer = (c: Context<AppEnv>) => {
  const h = c.req.header('authorization')
  if (!h) return undefined
  const m = /^Bearer\s+(\S+)$/i.exec(h)
  if (!m) throw new ApiError('UNAUTHORIZED')
  return m[1]
}

function identify(c: Context<AppEnv>, required: boolean): Promise<void> | undefined {
  const token = bearer(c)
  if (!token) {
    if (required) throw new ApiError('UNAUTHORIZED')
    return
  }
  return identifyBy(c, token)
}

async function identifyBy(c: Context<AppEnv>, token: string) {
  const { db, now } = c.get('deps')
  const user = await authenticate(db, token, now())
  // A token that was sent but no longer works is an error even on a public route: the caller meant it.
  if (!user) throw new ApiError('UNAUTHORIZED')
  c.set('user', user)
}

/** A staff route: a valid bearer token whose role is in `roles` (admins may do everything). */
export function staff(roles: Role[], summary: string, doc: RouteDoc = {}) {
  const allowed = new Set<Role>(['admin', ...roles])
  const mw: MiddlewareHandler<AppEnv> = async (c, next) => {
    await identify(c, true)
    if (!allowed.has(c.get('user')!.role)) throw new ApiError('FORBIDDEN')
    await next()
  }
  return Object.assign(mw, { [ACCESS]: { ...doc, roles: [...allowed], summary } as AccessDoc })
}

/** A public route; a staff token, when sent, is still read so staff see more (drafts, filters). */
export function open(summary: string, doc: RouteDoc = {}) {
  // Not an async function: one would stay suspended, with all it holds, while the request waits for its
  // commit (see docs/scaling.md).
  const mw: MiddlewareHandler<AppEnv> = (c, next) => identify(c, false)?.then(next) ?? next()
  return Object.assign(mw, { [ACCESS]: { ...doc, roles: null, summary } as AccessDoc })
}

export const actorOf = (c: Context<AppEnv>) => {
  const user = c.get('user')
  return user ? `user:${user.id}` : 'public'
}
