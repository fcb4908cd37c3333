import { eq } from 'drizzle-orm'
import type { Context, MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import { inList } from '../db/bound'
import { commitments, events, questions, type Role } from '../db/schema'
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
/**
 * How a route finds the entity whose data it touches, for staff scoped to some entities (a user's
 * `entityIds`): `event`, the event of its `:slug`; `question` and `commitment`, the event of the question
 * or commitment its `:id` names; `listed`, the handler itself lists or reads only what `scopeOf` allows;
 * `none`, no entity's data (the user's own session).
 */
export type Scope = 'event' | 'question' | 'commitment' | 'listed' | 'none'
/** `roles: null` is a public route. Every route carries exactly one of these; a test walks the table. */
export type AccessDoc = RouteDoc & { roles: Role[] | null; summary: string; scope: Scope }
type ScopedDoc = RouteDoc & { scope?: Scope }

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

/**
 * A staff route: a valid bearer token whose role is in `roles` (admins may do everything), and, for a
 * user scoped to some entities, an event of one of them (`doc.scope`, by default the `:slug`'s event).
 */
export function staff(roles: Role[], summary: string, { scope = 'event', ...doc }: ScopedDoc = {}) {
  const allowed = new Set<Role>(['admin', ...roles])
  const mw: MiddlewareHandler<AppEnv> = async (c, next) => {
    await identify(c, true)
    const user = c.get('user')!
    if (!allowed.has(user.role)) throw new ApiError('FORBIDDEN')
    if (user.entityIds && !(await reaches(c, scope, user.entityIds, true))) throw new ApiError('OUT_OF_SCOPE')
    await next()
  }
  return Object.assign(mw, { [ACCESS]: { ...doc, roles: [...allowed], summary, scope } as AccessDoc })
}

/**
 * A public route; a staff token, when sent, is still read so staff see more (drafts, filters). Staff
 * scoped to other entities than the event's see what the public sees.
 */
export function open(summary: string, { scope = 'event', ...doc }: ScopedDoc = {}) {
  // Not an async function: one would stay suspended, with all it holds, while the request waits for its
  // commit (see docs/throughput-log.md).
  const mw: MiddlewareHandler<AppEnv> = (c, next) =>
    identify(c, false)
      ?.then(() => {
        const ids = c.get('user')?.entityIds
        return ids && reaches(c, scope, ids, false)
      })
      .then((ok) => {
        if (ok === false) c.set('user', undefined)
        return next()
      }) ?? next()
  return Object.assign(mw, { [ACCESS]: { ...doc, roles: null, summary, scope } as AccessDoc })
}

/**
 * Whether what the request names belongs to one of `entityIds`. What does not exist is refused on a
 * staff route with the 404 its handler would give (`strict`), and on a public one left to its handler.
 */
async function reaches(c: Context<AppEnv>, scope: Scope, entityIds: string[], strict: boolean) {
  if (scope === 'listed' || scope === 'none') return true
  const { db } = c.get('deps')
  const key = scope === 'event' ? c.req.param('slug') : c.req.param('id')
  // A route declared by its event without a `:slug` is a mistake of ours: refused, not let through.
  if (key === undefined) return false
  const [row] =
    scope === 'event'
      ? await db.select({ entityId: events.entityId }).from(events).where(eq(events.slug, key)).limit(1)
      : await db
          .select({ entityId: events.entityId })
          .from(scope === 'question' ? questions : commitments)
          .innerJoin(events, eq(events.id, scope === 'question' ? questions.eventId : commitments.eventId))
          .where(eq(scope === 'question' ? questions.id : commitments.id, key))
          .limit(1)
  if (!row) {
    if (!strict) return true
    throw new ApiError(
      scope === 'event'
        ? 'EVENT_NOT_FOUND'
        : scope === 'question'
          ? 'QUESTION_NOT_FOUND'
          : 'COMMITMENT_NOT_FOUND',
    )
  }
  return entityIds.includes(row.entityId)
}

/** The entities the request's user may read, or null for every one (admins, unscoped staff, the public). */
export const scopeOf = (c: Context<AppEnv>) => c.get('user')?.entityIds ?? null

/**
 * For a `listed` route that names events or an entity itself (totals of some events, two events
 * compared): refused with OUT_OF_SCOPE when one of them is another entity's than the user's. One that
 * does not exist is left to the handler.
 */
export async function requireInScope(c: Context<AppEnv>, named: { slugs?: string[]; entityId?: string }) {
  const scope = scopeOf(c)
  if (!scope) return
  if (named.entityId !== undefined && !scope.includes(named.entityId)) throw new ApiError('OUT_OF_SCOPE')
  if (!named.slugs?.length) return
  const found = await c
    .get('deps')
    .db.select({ entityId: events.entityId })
    .from(events)
    .where(inList(events.slug, named.slugs))
  if (found.some((e) => !scope.includes(e.entityId))) throw new ApiError('OUT_OF_SCOPE')
}

export const actorOf = (c: Context<AppEnv>) => {
  const user = c.get('user')
  return user ? `user:${user.id}` : 'public'
}
