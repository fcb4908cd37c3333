import { and, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { type Attendee, attendanceCounters, attendees, type Event, events } from '../../db/schema'
import type { Deps, SessionUser } from '../env'
import { ApiError, loggable } from '../errors'
import { counterRows, documentDigits, everySeries, lessOne } from './attendance-counters'
import { commitAudited } from './audit'
import { type Codes, codesOf } from './checkin-codes'
import { doorMiss } from './door-miss'
import { eraseRequestHashes } from './idempotency'
import { storedCounters } from './live-counters'
import { decideAfresh, isStale, unlessChanged } from './stale'
import { publishCounters } from './submissions'
import { normaliseCode } from './token-seal'

/**
 * Staff actions on a registration at the door: check in by code (typed or scanned from the attendee's QR),
 * undo a check-in, delete a registration (the holder's right to deletion). Each moves its counters in the
 * same audited commit, guarded by the row's state inside the batch so that two staff acting at once
 * never count a person twice.
 */
export async function eventForStaff(db: Db, slug: string) {
  const [event] = await db.select().from(events).where(eq(events.slug, slug)).limit(1)
  if (!event) throw new ApiError('EVENT_NOT_FOUND')
  return event
}

/**
 * The registration a door's entry names: its check-in code, else its document number as the person says
 * it ("1.234.567"), in any series (`personKey`). Two people whose documents of different kinds share
 * those digits are not told apart by the number alone: the door then asks for the code.
 */
async function byCode(db: Db, eventId: string, code: string, user: SessionUser): Promise<Attendee> {
  // As drawn at random, or as a number of the sequence: an event keeps only one of the two kinds.
  const kept = (await codesOf(db)).lookedFor(normaliseCode(code))
  const [a] = await db
    .select()
    .from(attendees)
    .where(and(eq(attendees.eventId, eventId), inArray(attendees.checkinCode, kept)))
  if (a) return a
  const digits = documentDigits(code)
  const found = digits
    ? await db
        .select()
        .from(attendees)
        .where(
          and(
            eq(attendees.eventId, eventId),
            inArray(
              attendees.personKey,
              everySeries.map((s) => `doc:${s}:${digits}`),
            ),
          ),
        )
        .limit(2)
    : []
  if (found.length === 1) return found[0]
  if (found.length > 1)
    throw new ApiError('VALIDATION_ERROR', {
      issues: [
        {
          path: 'code',
          message: {
            es: 'Más de un registro tiene ese número de documento: pida el código de ingreso.',
            en: 'More than one registration has that document number: ask for the check-in code.',
          },
        },
      ],
    })
  throw await doorMiss(db, eventId, code, user)
}

export const doorView = (a: Attendee, codes: Codes) => ({
  id: a.id,
  name: a.name,
  documentType: a.documentType,
  documentNumber: a.documentNumber,
  checkinCode: codes.shown(a.checkinCode),
  checkedInAt: a.checkedInAt,
})

/**
 * A row that breaks NOT NULL, inserted only if the registration is gone (with `personal`, also once it
 * has been anonymised): the batch then fails (`registrationGone`), so the statements after it run only on
 * a registration that is still there.
 */
export const stillThere = (db: Db, eventId: string, id: string, personal = false): Stmt =>
  db
    .insert(attendanceCounters)
    .select(
      sql`select ${eventId}, '#deleted', ${id}, null, null where not exists (select 1 from ${attendees} where ${attendees.id} = ${id}${personal ? sql` and ${attendees.anonymizedAt} is null` : sql``})`,
    )

export const registrationGone = (err: unknown) => isStale(err, 'attendance_counters', 'count')

/** +delta on `checked_in`, only if the person's check-in state is still the one `guard` expects. */
function checkedInStmt(db: Db, eventId: string, id: string, delta: 1 | -1, guard: SQL): Stmt {
  const d = sql.raw(String(delta))
  return db
    .insert(attendanceCounters)
    .select(
      sql`select ${eventId}, 'checked_in', '', null, ${d} where exists (select 1 from ${attendees} where ${attendees.id} = ${id} and ${guard})`,
    )
    .onConflictDoUpdate({
      target: [attendanceCounters.eventId, attendanceCounters.dimension, attendanceCounters.value],
      set: { count: sql`${attendanceCounters.count} + ${d}` },
    })
    .returning({ count: attendanceCounters.count })
}

/**
 * Check-in and its undo, decided on the registration as read: the write goes through only if its state
 * is still the one read (else the batch fails on `unlessChanged` and the request is answered from a
 * fresh read, `changed: false`), so twenty scans of one code at once leave one entry in the audit log.
 * A scan that meets the registration's deletion fails the same way, and its fresh read finds no one
 * (ATTENDEE_NOT_FOUND): no check-in is audited for a person already deleted.
 */
export const setCheckin = (
  deps: Deps,
  user: SessionUser,
  slug: string,
  code: string,
  on: boolean,
  seenAt?: string,
) =>
  decideAfresh(
    () => checkin(deps, user, slug, code, on, seenAt && new Date(seenAt).toISOString()),
    (err) => isStale(err, 'attendees', 'name') || registrationGone(err),
  )

/**
 * A check-in records a person present as the event happens: a draft is not happening yet (its page is
 * not public, no one could register), and a closed event's attendance is the report's, as final as its
 * registrations, which it refuses too. A late entry from a paper list is made by reopening the event,
 * which its audit log then shows. An undo only takes back, so a draft allows it; a closed event not.
 */
export function refusedAt(event: Event, on: boolean): ApiError | undefined {
  if (event.status === 'closed')
    return new ApiError('EVENT_CLOSED', {
      detail: on
        ? {
            es: 'El evento está cerrado: su asistencia es la del informe y ya no cambia. Si la persona ingresó y no quedó registrada (en una planilla en papel, por ejemplo), un administrador puede reabrir el evento para registrar su ingreso y cerrarlo de nuevo.',
            en: 'The event is closed: its attendance is the report’s and no longer changes. If the person came in and was not recorded (on a paper list, say), an admin can reopen the event to record their check-in and close it again.',
          }
        : {
            es: 'El evento está cerrado: su asistencia es la del informe y ya no cambia. Si ese ingreso fue un error, un administrador puede reabrir el evento para deshacerlo y cerrarlo de nuevo.',
            en: 'The event is closed: its attendance is the report’s and no longer changes. If that check-in was a mistake, an admin can reopen the event to undo it and close it again.',
          },
    })
  if (on && event.status === 'draft') return new ApiError('EVENT_NOT_OPEN')
}

/** The event's status, read again inside the batch: one closed meanwhile fails it (see `checkin`). */
const stillAllows = (eventId: string, on: boolean) =>
  on
    ? sql`exists (select 1 from ${events} where ${events.id} = ${eventId} and ${events.status} = 'open')`
    : sql`exists (select 1 from ${events} where ${events.id} = ${eventId} and ${events.status} <> 'closed')`

/**
 * An undo with `seenAt` (the check-in's `checkedInAt` as the door saw it) undoes that check-in only: one
 * made again since, by another door after an undo, is someone standing inside, and is refused.
 */
async function checkin(
  deps: Deps,
  user: SessionUser,
  slug: string,
  code: string,
  on: boolean,
  seenAt?: string,
) {
  const { db } = deps
  const event = await eventForStaff(db, slug)
  const refused = refusedAt(event, on)
  if (refused) throw refused
  const a = await byCode(db, event.id, code, user)
  const codes = await codesOf(db)
  if (Boolean(a.checkedInAt) === on) return { attendee: doorView(a, codes), changed: false }
  if (!on && seenAt && a.checkedInAt !== seenAt) throw new ApiError('CHECKIN_CHANGED')
  const now = deps.now().toISOString()
  // With the event's status as read: one closed since fails the batch, decided again on a fresh read.
  const state = on
    ? isNull(attendees.checkedInAt)
    : seenAt
      ? eq(attendees.checkedInAt, seenAt)
      : isNotNull(attendees.checkedInAt)
  const guard = and(state, stillAllows(event.id, on))!
  const stmts: Stmt[] = [
    stillThere(db, event.id, a.id),
    // The counter before the update: it reads the state the update is about to change.
    checkedInStmt(db, event.id, a.id, on ? 1 : -1, guard),
    db
      .update(attendees)
      .set({
        ...(on
          ? { checkedInAt: now, checkedInBy: `user:${user.id}` }
          : { checkedInAt: null, checkedInBy: null }),
        name: unlessChanged(guard, sql`${attendees.name}`),
      })
      .where(eq(attendees.id, a.id)),
  ]
  const audit = {
    actor: `user:${user.id}`,
    action: on ? 'attendance.checkin' : 'attendance.checkin_undo',
    subjectType: 'attendee',
    subjectId: a.id,
    eventId: event.id,
  }
  const results = (await commitAudited(db, stmts, [audit], deps.now())) as unknown[]
  const checkedIn = (results[1] as { count: number }[])[0]?.count
  if (checkedIn !== undefined) await publishCounters(deps, event.id, { attendance: { checkedIn } })
  const [after] = await db.select().from(attendees).where(eq(attendees.id, a.id))
  return { attendee: doorView(after, codes), changed: checkedIn !== undefined }
}

/**
 * To call once a commit has removed personal data (a registration deleted, rectified or anonymised): on
 * Node the old pages that still hold it, in the WAL and in the database file, are checkpointed away
 * soon after, without waiting for readers (`walTruncater` in db/client-node.ts). Nothing on D1. Asked
 * through a global symbol on the connection, as this code runs on Workers too.
 */
export function forgetErased(db: Db) {
  const client = (db as unknown as { $client?: Record<symbol, (() => void) | undefined> }).$client
  client?.[Symbol.for('cabildo.wal-truncate')]?.()
}

/**
 * Deletes a registration and takes it out of every counter; the audit entry keeps no personal data. The
 * commit fails if the registration is already gone (a second click), which is then answered from a fresh
 * read: ATTENDEE_NOT_FOUND, and no second audit entry. An anonymised registration identifies no one, so
 * there is nothing of a person's to delete, and removing it would change the closed event's figures:
 * refused, REGISTRATION_ANONYMIZED, also when the anonymisation lands between the read and the commit.
 */
export const deleteRegistration = (deps: Deps, user: SessionUser, slug: string, id: string) =>
  decideAfresh(() => deleteOne(deps, user, slug, id), registrationGone)

async function deleteOne(deps: Deps, user: SessionUser, slug: string, id: string) {
  const { db } = deps
  const event = await eventForStaff(db, slug)
  const [a] = await db
    .select()
    .from(attendees)
    .where(and(eq(attendees.id, id), eq(attendees.eventId, event.id)))
  if (!a) throw new ApiError('ATTENDEE_NOT_FOUND')
  if (a.anonymizedAt) throw new ApiError('REGISTRATION_ANONYMIZED')
  const stmts: Stmt[] = [stillThere(db, event.id, a.id, true), ...lessOne(db, event.id, counterRows(a))]
  stmts.push(
    db
      .update(attendanceCounters)
      .set({ count: sql`${attendanceCounters.count} - 1` })
      .where(
        sql`${attendanceCounters.eventId} = ${event.id} and ${attendanceCounters.dimension} = 'checked_in' and exists (select 1 from ${attendees} where ${attendees.id} = ${a.id} and ${attendees.checkedInAt} is not null)`,
      ),
    db.delete(attendees).where(eq(attendees.id, a.id)),
    // The key that registered it stays, so a late retry of that registration is refused rather than
    // registering the person again; the hash of what they sent goes, as it could be matched against
    // their known data.
    eraseRequestHashes(db, `attendance:${event.slug}`, a.id),
  )
  const audit = {
    actor: `user:${user.id}`,
    action: 'attendance.delete',
    subjectType: 'attendee',
    subjectId: a.id,
    eventId: event.id,
  }
  await commitAudited(db, stmts, [audit], deps.now())
  forgetErased(db)
  await publishAttendance(deps, event.id)
}

/**
 * After a registration was deleted or corrected: the attendance figures as their counter rows now hold
 * them, published as a registration's are. The count went down, or stayed, so no figure of the commit
 * says it; and the staff's summary reads the characterisation again on such a frame.
 */
export async function publishAttendance(deps: Deps, eventId: string) {
  if (!deps.live) return
  // Committed already: a read that fails is logged, as a hub that fails is, and the figures catch up on
  // the next frame.
  const read = await storedCounters(deps.db, eventId, { attendance: { registered: 0, checkedIn: 0 } }).catch(
    (err) => console.error('live counters read failed', loggable(err)),
  )
  if (read) await publishCounters(deps, eventId, { attendance: read.attendance })
}
