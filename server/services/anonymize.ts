import { and, count, eq, isNull, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { attendanceCounters, attendees, type Event, events, idempotencyKeys } from '../../db/schema'
import type { Deps } from '../env'
import { ApiError } from '../errors'
import { commitAudited } from './audit'
import { eventForStaff, forgetErased } from './checkin'
import { decideAfresh, isStale } from './stale'

/** Why a run anonymised: an admin's request, or the retention period that ran out (with that period). */
export type Reason = { retention: null } | { retention: { days: number; source: 'event' | 'installation' } }

/**
 * What identifies a person in a registration, erased. The characterisation (gender, age, occupation,
 * education, population groups, territory, channels), the source, the check-in time and the consent proof
 * stay: the counters, the report and `check-counters` are computed from them and must not move. The token
 * and the check-in code the person keeps become values unique to the row that no token hashes to and no
 * one can type, so neither leads to it any more; without a person key, no one is "already registered".
 */
const erased = {
  name: '',
  documentType: null,
  documentNumber: null,
  email: null,
  phone: null,
  personKey: null,
  tokenSealed: null,
  tokenHash: sql`'anonymized:' || ${attendees.id}`,
  checkinCode: sql`'anonymized:' || ${attendees.id}`,
}

const pendingOf = (eventId: string) => and(eq(attendees.eventId, eventId), isNull(attendees.anonymizedAt))

/**
 * Breaks NOT NULL, failing the batch, unless the event is still closed with the `pending` registrations
 * that were counted: the audit entry then says exactly how many rows the commit changed.
 */
const asCounted = (db: Db, eventId: string, pending: number): Stmt =>
  db
    .insert(attendanceCounters)
    .select(
      sql`select ${eventId}, '#anonymize', '', null, null where not exists (select 1 from ${events} where ${events.id} = ${eventId} and ${events.status} = 'closed') or (select count(*) from ${attendees} where ${pendingOf(eventId)}) <> ${pending}`,
    )

const moved = (err: unknown) => isStale(err, 'attendance_counters', 'count')

/**
 * Anonymises the registrations of a closed event that still hold personal data, in one audited commit;
 * the audit entry names the event, the rows and who or what asked, never a value. A second run finds
 * none and writes nothing. `fresh` reads the event again when a concurrent change (a deletion, a
 * reopening) made the commit refuse: null, then, when it no longer qualifies.
 */
export async function anonymizeEvent(
  db: Db,
  fresh: () => Promise<Event | null>,
  who: { actor: string; reason: Reason },
  now: () => Date,
): Promise<number> {
  return decideAfresh(async () => {
    const event = await fresh()
    if (!event) return 0
    if (event.status !== 'closed') throw new ApiError('EVENT_NOT_CLOSED')
    const [{ n }] = await db.select({ n: count() }).from(attendees).where(pendingOf(event.id))
    if (!n) return 0
    const stmts: Stmt[] = [
      asCounted(db, event.id, n),
      // The first answers kept for retried registrations hold a hash of what was sent: a known person's
      // data would still be found in it. The event is closed, so a retry is refused anyway.
      db.delete(idempotencyKeys).where(eq(idempotencyKeys.scope, `attendance:${event.slug}`)),
      db
        .update(attendees)
        .set({ ...erased, anonymizedAt: now().toISOString() })
        .where(pendingOf(event.id)),
    ]
    const audit = {
      actor: who.actor,
      action: 'attendance.anonymize',
      subjectType: 'event',
      subjectId: event.id,
      eventId: event.id,
      data: { rows: n, ...who.reason },
    }
    await commitAudited(db, stmts, [audit], now())
    forgetErased(db)
    return n
  }, moved)
}

/** An admin's request for one event, whatever its period: refused while the event is not closed. */
export const anonymizeAttendance = (deps: Pick<Deps, 'db' | 'now'>, actor: string, slug: string) =>
  anonymizeEvent(
    deps.db,
    () => eventForStaff(deps.db, slug),
    { actor, reason: { retention: null } },
    deps.now,
  )
