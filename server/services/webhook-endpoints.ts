import { and, asc, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import {
  entities,
  type WebhookEndpoint,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from '../../db/schema'
import type { Deps, SessionUser } from '../env'
import { ApiError } from '../errors'
import type { CreateWebhookInput, UpdateWebhookInput } from '../schemas/webhooks'
import { commitAudited } from './audit'
import { decideAfresh, isStale, unlessChanged } from './stale'
import { checkWebhookUrl, refuseLocalName } from './webhook-url'
import { newSecret, unleased } from './webhooks'

/**
 * An endpoint as every read answers it: never its signing secret, which is answered once, when it is made
 * (madeView), but a hint of it and when it was made, so that staff can tell which secret a receiver holds.
 */
export const endpointView = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  entityId: e.entityId,
  description: e.description,
  eventTypes: e.eventTypes,
  active: e.active,
  secretHint: secretHint(e.secret),
  secretCreatedAt: e.secretCreatedAt ?? e.createdAt,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
})

/** The answer to the creation of an endpoint or the rotation of its secret: the one time it carries the secret. */
export const madeView = (e: WebhookEndpoint) => ({ ...endpointView(e), secret: e.secret })

/**
 * `whsec_…a1b2`: the prefix and the last 4 characters of the key (24 of its 192 random bits), nothing of a
 * key too short to spare them.
 */
export function secretHint(secret: string) {
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : ''
  const key = secret.slice(prefix.length)
  return `${prefix}…${key.length >= 16 ? key.slice(-4) : ''}`
}

export async function requireEndpoint(db: Db, id: string) {
  const [e] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1)
  if (!e) throw new ApiError('WEBHOOK_NOT_FOUND')
  return e
}

export const listEndpoints = (db: Db) =>
  db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt))

// The secret never goes into the audit log.
const auditData = (input: object) => ({ ...input, rotateSecret: undefined })

export async function createEndpoint(deps: Deps, user: SessionUser, input: CreateWebhookInput) {
  const { db } = deps
  checkWebhookUrl(input.url, deps.config.webhooksAllowLocal)
  await refuseLocalName(input.url, deps)
  if (input.entityId) {
    const [found] = await db.select({ id: entities.id }).from(entities).where(eq(entities.id, input.entityId))
    if (!found) throw new ApiError('NOT_FOUND')
  }
  const now = deps.now()
  const row = {
    id: newId(),
    url: input.url,
    entityId: input.entityId ?? null,
    description: input.description ?? null,
    eventTypes: input.eventTypes ?? [],
    secret: newSecret(),
    secretCreatedAt: now.toISOString(),
    createdAt: now.toISOString(),
  }
  const audit = {
    actor: `user:${user.id}`,
    action: 'webhook.create',
    subjectType: 'webhook',
    subjectId: row.id,
  }
  await commitAudited(
    db,
    [db.insert(webhookEndpoints).values(row)],
    [{ ...audit, data: auditData(input) }],
    now,
  )
  return requireEndpoint(db, row.id)
}

export async function updateEndpoint(deps: Deps, user: SessionUser, id: string, patch: UpdateWebhookInput) {
  const { db } = deps
  await requireEndpoint(db, id)
  if (patch.url) {
    checkWebhookUrl(patch.url, deps.config.webhooksAllowLocal)
    await refuseLocalName(patch.url, deps)
  }
  const now = deps.now()
  const { rotateSecret, ...fields } = patch
  const set: Partial<WebhookEndpoint> = { ...fields, updatedAt: now.toISOString() }
  if (rotateSecret) {
    set.secret = newSecret()
    set.secretCreatedAt = set.updatedAt
  }
  const audit = { actor: `user:${user.id}`, action: 'webhook.update', subjectType: 'webhook', subjectId: id }
  await commitAudited(
    db,
    [db.update(webhookEndpoints).set(set).where(eq(webhookEndpoints.id, id))],
    [{ ...audit, data: { ...auditData(patch), rotatedSecret: Boolean(rotateSecret) } }],
    now,
  )
  return requireEndpoint(db, id)
}

/** Removes the endpoint and its delivery log; the audit log keeps that it existed. */
export async function deleteEndpoint(deps: Deps, user: SessionUser, id: string) {
  const { db } = deps
  const e = await requireEndpoint(db, id)
  const ofEndpoint = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, id))
  const stmts = [
    db.delete(webhookAttempts).where(inArray(webhookAttempts.deliveryId, ofEndpoint)),
    db.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id)),
    db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)),
  ]
  const audit = { actor: `user:${user.id}`, action: 'webhook.delete', subjectType: 'webhook', subjectId: id }
  await commitAudited(db, stmts, [{ ...audit, data: { url: e.url } }], deps.now())
}

/** The delivery log, newest first, each with its attempts. */
export async function listDeliveries(db: Db, endpointId: string, q: { status?: string; limit?: number }) {
  const where: SQL[] = [eq(webhookDeliveries.endpointId, endpointId)]
  if (q.status) where.push(eq(webhookDeliveries.status, q.status as 'pending'))
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(q.limit ?? 100)
  const attempts = rows.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(
          inList(
            webhookAttempts.deliveryId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(webhookAttempts.at))
    : []
  return rows.map(({ payload, leaseUntil, ...d }) => ({
    ...d,
    // Erased past its period (services/webhook-log.ts): `purgedAt` says when; the row and attempts stay.
    payload: d.purgedAt ? null : JSON.parse(payload),
    attemptLog: attempts
      .filter((a) => a.deliveryId === d.id)
      .map(({ at, status, error, durationMs }) => ({ at, status, error, durationMs })),
  }))
}

/**
 * Sends a delivery again now, even one that had given up; not one a worker is sending (a 409): clearing
 * its lease would let the outbox send it a second time at once, and that attempt's result would then
 * overwrite the retry. A claim that lands between the read and the write fails the batch on the guard,
 * and the retry is decided again on the fresh row.
 */
export const retryDelivery = (deps: Deps, user: SessionUser, endpointId: string, deliveryId: string) =>
  decideAfresh(
    () => retry(deps, user, endpointId, deliveryId),
    (err) => isStale(err, 'webhook_deliveries', 'status'),
  )

async function retry(deps: Deps, user: SessionUser, endpointId: string, deliveryId: string) {
  const { db } = deps
  const [d] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)))
  if (!d) throw new ApiError('NOT_FOUND')
  if (d.purgedAt)
    throw new ApiError('CONFLICT', {
      detail: {
        es: `El contenido de este mensaje se borró del registro el ${d.purgedAt.slice(0, 10)}, pasado su plazo de conservación: ya no se puede reenviar.`,
        en: `This message's content was erased from the log on ${d.purgedAt.slice(0, 10)}, past its retention period: it can no longer be sent again.`,
      },
    })
  const now = deps.now()
  const at = now.toISOString()
  // Free as the outbox's claim judges it: no lease, or one run out.
  if (d.leaseUntil !== null && d.leaseUntil >= at)
    throw new ApiError('CONFLICT', {
      detail: {
        es: 'Este mensaje se está enviando ahora; vuelva a intentarlo en unos segundos.',
        en: 'This message is being sent right now; try again in a few seconds.',
      },
    })
  // Not if a claim or the erasure of its body (services/webhook-log.ts) landed since the read.
  const free = and(unleased(at), isNull(webhookDeliveries.purgedAt))!
  const set = { status: unlessChanged(free, 'pending'), nextAttemptAt: at, leaseUntil: null }
  const audit = {
    actor: `user:${user.id}`,
    action: 'webhook.retry',
    subjectType: 'webhook',
    subjectId: endpointId,
  }
  await commitAudited(
    db,
    [db.update(webhookDeliveries).set(set).where(eq(webhookDeliveries.id, deliveryId))],
    [{ ...audit, data: { deliveryId } }],
    now,
  )
}
