import { and, desc, inArray, ne, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { attendees, events } from '../../db/schema'
import { longDate } from '../../web/shared/format'
import type { SessionUser } from '../env'
import { ApiError } from '../errors'
import { localDate } from './calendar'
import { codesOf } from './checkin-codes'
import { isCodeShaped, isMisreadCode, normaliseCode } from './token-seal'

/** The day the event started on where it happened, as reports write a date: "5 de marzo de 2025". */
const dayOf = (iso: string, timeZone: string, lang: 'es' | 'en') =>
  longDate(localDate(new Date(iso), timeZone), lang)

/**
 * The most recent other event whose registrations hold `code`, among those `user` may work on: a person
 * often shows the QR of an earlier event their phone still keeps. One seek of the (event, code) index per
 * event, found on a miss only. Only a code: a document number found at another event would tell where a
 * person went, and the person at the door can say that themselves.
 */
async function otherEventOf(db: Db, eventId: string, code: string, user: SessionUser) {
  // A code of the sequence is the installation's only one; a random one may be at several events.
  const kept = (await codesOf(db)).lookedFor(code)
  const [other] = await db
    .select({ title: events.title, startsAt: events.startsAt, timezone: events.timezone })
    .from(events)
    .where(
      and(
        ne(events.id, eventId),
        user.entityIds ? inArray(events.entityId, user.entityIds) : undefined,
        sql`exists (select 1 from ${attendees} where ${attendees.eventId} = ${events.id} and ${inArray(attendees.checkinCode, kept)})`,
      ),
    )
    .orderBy(desc(events.startsAt))
    .limit(1)
  return other
}

/**
 * Why the door found no one, said by what staff typed: a code of another event (named when the user may
 * see it), a code with a character codes never have, a code, a document number, or either.
 */
export async function doorMiss(db: Db, eventId: string, entry: string, user: SessionUser): Promise<ApiError> {
  const code = normaliseCode(entry)
  const other = isCodeShaped(code) ? await otherEventOf(db, eventId, code, user) : undefined
  const detail = other
    ? {
        es: `Ese código es de otro evento: «${other.title}», del ${dayOf(other.startsAt, other.timezone, 'es')}. Si la persona viene a este, debe registrarse en él.`,
        en: `That code is from another event: “${other.title}”, on ${dayOf(other.startsAt, other.timezone, 'en')}. If the person is here for this one, they must register for it.`,
      }
    : isMisreadCode(code)
      ? {
          es: 'Los códigos de ingreso no llevan O, 0, I, 1 ni L: revise con la persona el código de su comprobante y escríbalo de nuevo.',
          en: "Check-in codes never have O, 0, I, 1 or L: check the code on the person's receipt and type it again.",
        }
      : isCodeShaped(code)
        ? /^\d+$/.test(code)
          ? {
              es: 'No hay ningún registro en este evento con ese código ni con ese número de documento.',
              en: 'There is no registration at this event with that code or that document number.',
            }
          : {
              es: 'No hay ningún registro en este evento con ese código.',
              en: 'There is no registration at this event with that code.',
            }
        : {
            es: 'No hay ningún registro en este evento con ese número de documento.',
            en: 'There is no registration at this event with that document number.',
          }
  return new ApiError('ATTENDEE_NOT_FOUND', { detail })
}
