import { and, asc, eq, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm'
import { commit, type Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { type WebhookEndpoint, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema'
import type { Deps } from '../env'
import { randomBytes } from './crypto'
import { resolvesLocal, webhookUrlAllowed } from './webhook-url'

export const WEBHOOK_EVENT_TYPES = [
  'question.created',
  'question.updated',
  'commitment.created',
  'commitment.updated',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

// After the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (the Standard Webhooks schedule).
export const RETRY_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000]
const LEASE_MS = 60_000
const TIMEOUT_MS = 10_000

const enc = new TextEncoder()
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const unb64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0))

export const newSecret = () => `whsec_${b64(randomBytes(24))}`

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the key being the base64 part of `whsec_…`. */
export async function signature(secret: string, id: string, timestamp: number, body: string) {
  const raw = unb64(secret.replace(/^whsec_/, ''))
  const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = await crypto.subtle.sign('HMAC', key, enc.encode(`${id}.${timestamp}.${body}`))
  return `v1,${b64(new Uint8Array(mac))}`
}

/** The active endpoints that take `type` for this entity (or for every entity). */
export async function endpointsFor(db: Db, entityId: string, type: WebhookEventType) {
  const endpoints = await db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.active, true),
        or(isNull(webhookEndpoints.entityId), eq(webhookEndpoints.entityId, entityId)),
      ),
    )
  return endpoints.filter((e) => e.eventTypes.length === 0 || e.eventTypes.includes(type))
}

/**
 * The outbox rows for one change, to commit together with it: a change is never lost between the
 * database and the receivers. `patch` lets SQL fill values only known inside the batch (the radicado).
 */
export function deliveryStmts(
  db: Db,
  endpoints: WebhookEndpoint[],
  type: WebhookEventType,
  data: unknown,
  now: Date,
  patch?: (json: string) => SQL,
): Stmt[] {
  const at = now.toISOString()
  const json = JSON.stringify({ type, timestamp: at, data })
  // Each row only if its endpoint is still there when the batch commits: one deleted since it was read
  // must not fail the change it reports (a citizen's question, say) on its foreign key. Every column,
  // in the table's order, as INSERT … SELECT takes them.
  return endpoints.map((e) =>
    db
      .insert(webhookDeliveries)
      .select(
        sql`select ${`msg_${newId().replace(/-/g, '')}`}, ${webhookEndpoints.id}, ${type}, ${patch ? patch(json) : json}, 'pending', 0, ${at}, null, null, null, null, ${at}, null from ${webhookEndpoints} where ${webhookEndpoints.id} = ${e.id}`,
      ),
  )
}

export async function outboxStmts(
  db: Db,
  entityId: string,
  type: WebhookEventType,
  data: unknown,
  now: Date,
) {
  return deliveryStmts(db, await endpointsFor(db, entityId, type), type, data, now)
}

/** No worker holds the delivery at `at`: it has no lease, or its lease has run out. */
export const unleased = (at: string) =>
  or(isNull(webhookDeliveries.leaseUntil), lt(webhookDeliveries.leaseUntil, at))!

/** Claims one due delivery for this worker; null when another worker holds it or it is no longer due. */
async function claim(db: Db, id: string, now: Date) {
  const at = now.toISOString()
  const [row] = await commit(db, [
    db
      .update(webhookDeliveries)
      .set({ leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(), attempts: sql`attempts + 1` })
      .where(
        and(
          eq(webhookDeliveries.id, id),
          eq(webhookDeliveries.status, 'pending'),
          unleased(at),
          // A body erased from the log (services/webhook-log.ts) has nothing left to send.
          isNull(webhookDeliveries.purgedAt),
        ),
      )
      .returning(),
  ])
  return row[0] ?? null
}

async function attempt(deps: Deps, id: string) {
  const { db } = deps
  const delivery = await claim(db, id, deps.now())
  if (!delivery) return
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.id, delivery.endpointId))
  const started = Date.now()
  let status: number | null = null
  let error: string | null = null
  if (!endpoint?.active) error = 'endpoint disabled'
  else if (!webhookUrlAllowed(endpoint.url, deps.config.webhooksAllowLocal))
    // One registered before the rule, or under an installation that allowed local receivers then.
    error = 'address refused: local, or plain http outside a private network'
  else if (
    !deps.config.webhooksAllowLocal &&
    deps.resolveHost &&
    (await resolvesLocal(endpoint.url, deps.resolveHost))
  )
    // Checked at each delivery too: a name's DNS answer may change after the endpoint was registered.
    error = 'address refused: the name resolves to this machine or a link-local address'
  else
    try {
      const timestamp = Math.floor(deps.now().getTime() / 1000)
      const res = await (deps.webhookFetch ?? fetch)(endpoint.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Cabildo-Webhooks/1',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': await signature(endpoint.secret, delivery.id, timestamp, delivery.payload),
        },
        body: delivery.payload,
      })
      status = res.status
      await res.body?.cancel()
      if (!res.ok) error = `HTTP ${res.status}`
    } catch (err) {
      // Node's fetch says only "fetch failed"; what failed (refused, timed out, not found) is its cause.
      const failed = err as (Error & { cause?: Error }) | undefined
      error = String(failed?.cause?.message ?? failed?.message ?? err).slice(0, 500)
    }
  const now = deps.now()
  const retryIn = RETRY_SECONDS[delivery.attempts - 1]
  const outcome = !error
    ? { status: 'delivered' as const, deliveredAt: now.toISOString() }
    : retryIn === undefined || !endpoint?.active
      ? { status: 'failed' as const }
      : { nextAttemptAt: new Date(now.getTime() + retryIn * 1000).toISOString() }
  await commit(db, [
    db
      .update(webhookDeliveries)
      .set({ ...outcome, leaseUntil: null, lastStatus: status, lastError: error })
      // Only while this run still holds its lease: past it, another run may have claimed the delivery,
      // and its outcome is the one that counts. The attempt is logged either way.
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.leaseUntil, delivery.leaseUntil!))),
    db.insert(webhookAttempts).values({
      id: newId(),
      deliveryId: id,
      at: now.toISOString(),
      status,
      error,
      durationMs: Date.now() - started,
    }),
  ])
}

/** Sends every delivery that is due, a few at a time; safe to run from several workers at once. */
export async function deliverDue(deps: Deps, opts: { rounds?: number; batch?: number } = {}) {
  const batch = opts.batch ?? 20
  for (let round = 0; round < (opts.rounds ?? 10); round++) {
    const at = deps.now().toISOString()
    const due = await deps.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, at), unleased(at)),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(batch)
    if (due.length === 0) return
    await Promise.all(due.map((d) => attempt(deps, d.id)))
    if (due.length < batch) return
  }
}
