import { and, asc, count, inArray, isNull, lte, ne } from 'drizzle-orm'
import { commit } from '../../db/atomic'
import type { Db } from '../../db/client'
import { webhookDeliveries } from '../../db/schema'
import type { Deps } from '../env'
import { forgetErased } from './checkin'

/**
 * The delivery log keeps a copy of every webhook message, and a question's message names its petitioner
 * (name, e-mail, phone, document) and says what was asked. The receiver has it once the message is
 * delivered, and one that failed for good is not sent again by itself: past its period
 * (CABILDO_WEBHOOK_LOG_DAYS, counted from when the message was written), its body is erased. The row stays,
 * with its type, status, times and attempts, for the staff's delivery log. A message still pending keeps
 * its body until it is delivered or gives up: the retries end within two days.
 */

const DAY = 86_400_000
/** Bodies erased by one statement: a bounded write on either runtime. */
export const PURGE_BATCH = 1000
/**
 * Statements a scheduled run takes at most, after the retention's events (some 700 D1 queries of the
 * 1,000 an invocation may run): 20,000 bodies a day on Workers, every hour on Node. The rest, next run.
 */
export const SCHEDULED_PURGE_ROUNDS = 20

/** The body the row keeps once erased: valid JSON, so a query that reads into bodies finds nothing in it. */
export const ERASED_BODY = '{}'

const purgeable = (cutoff: string) =>
  and(
    isNull(webhookDeliveries.purgedAt),
    lte(webhookDeliveries.createdAt, cutoff),
    ne(webhookDeliveries.status, 'pending'),
  )

const cutoffOf = (days: number, now: Date) => new Date(now.getTime() - days * DAY).toISOString()

/** How many bodies a run would erase now (a dry run); 0 when the bodies are kept (`days` null). */
export async function purgeableBodies(db: Db, days: number | null, now: Date): Promise<number> {
  if (!days) return 0
  const [{ n }] = await db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(purgeable(cutoffOf(days, now)))
  return n
}

/**
 * Erases the bodies past their period, oldest first, `PURGE_BATCH` a statement and at most `rounds`
 * statements. Each statement decides and writes at once, so a delivery retried meanwhile (pending again)
 * keeps its body.
 */
export async function purgeWebhookBodies(
  deps: Pick<Deps, 'db' | 'now'>,
  opts: { days: number | null; rounds?: number },
): Promise<number> {
  if (!opts.days) return 0
  const { db } = deps
  let purged = 0
  for (let round = 0; round < (opts.rounds ?? Infinity); round++) {
    const now = deps.now()
    const due = purgeable(cutoffOf(opts.days, now))
    const oldest = db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(due)
      .orderBy(asc(webhookDeliveries.createdAt))
      .limit(PURGE_BATCH)
    const [erased] = (await commit(db, [
      db
        .update(webhookDeliveries)
        .set({ payload: ERASED_BODY, purgedAt: now.toISOString() })
        .where(and(inArray(webhookDeliveries.id, oldest), due))
        .returning({ id: webhookDeliveries.id }),
    ])) as { id: string }[][]
    purged += erased.length
    if (erased.length < PURGE_BATCH) break
  }
  // The erased bodies' bytes, still in the WAL and the file's free pages: gone too (secure_delete).
  if (purged) forgetErased(db)
  return purged
}
