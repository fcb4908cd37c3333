import { eq } from 'drizzle-orm'
import { attendees } from '../../db/schema'
import type { Deps, SessionUser } from '../env'
import { ApiError } from '../errors'
import type { Lang } from '../messages'
import type { RegistrationInput } from '../schemas/attendance'
import { register } from './attendance'
import { eventForStaff, refusedAt, setCheckin } from './checkin'
import { codesOf } from './checkin-codes'
import type { IdempotencyRequest } from './idempotency'

export type WalkIn = {
  status: 201 | 200
  body: {
    attendee: Awaited<ReturnType<typeof setCheckin>>['attendee']
    /** Registered by this request (or by the first try of its Idempotency-Key); false: registered before. */
    registered: boolean
    alreadyCheckedIn: boolean
  }
}

/**
 * A person who arrives at the door without having registered: staff register them there, with the consent
 * they give in person (kept in the registration's proof, `given: 'in_person'`, and its audit entry), and
 * check them in. Someone registered already (the same document) is not registered again: they are checked
 * in, and the answer says so. Refused as a check-in is, before anything is written: a draft is not
 * happening yet, a closed event's attendance is final.
 *
 * Two commits, each the one its own route makes: the registration, keyed by the Idempotency-Key, and the
 * check-in, which a second time changes nothing. A retry after a lost answer therefore registers no one
 * twice and finishes what the first try left undone.
 */
export async function registerWalkIn(
  deps: Deps,
  user: SessionUser,
  input: { slug: string; body: RegistrationInput; lang: Lang; idem: IdempotencyRequest | null },
): Promise<WalkIn> {
  const event = await eventForStaff(deps.db, input.slug)
  const refused = refusedAt(event, true)
  if (refused) throw refused
  const r = await register(deps, { ...input, user, inPerson: true })
  const stored =
    r.status === 201
      ? r.body.checkinCode
      : (
          await deps.db
            .select({ code: attendees.checkinCode })
            .from(attendees)
            .where(eq(attendees.id, r.body.id))
        )[0]?.code
  const code = stored && (await codesOf(deps.db)).shown(stored)
  // Deleted between the two commits (the holder's right to deletion, at another desk).
  if (!code) throw new ApiError('ATTENDEE_NOT_FOUND')
  const c = await setCheckin(deps, user, input.slug, code, true)
  return {
    status: r.status,
    body: { attendee: c.attendee, registered: r.status === 201, alreadyCheckedIn: !c.changed },
  }
}
