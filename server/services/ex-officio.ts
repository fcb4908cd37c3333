import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { auditLog } from '../../db/schema'
import { longDate } from '../../web/shared/format'
import { localDate } from './calendar'
import { refusal } from './question-status'

/**
 * The entity's continuations ex officio of a petition its petitioner withdrew (Ley 1755, art. 18), as the
 * audit log keeps them: each is written there in its own commit, with the withdrawal or after it, and
 * since the feature first existed; the constancia's `exOfficio` only since the second way was added.
 */
const CONTINUED = 'question.continued_ex_officio'

/** When the entity last continued this petition ex officio, or null. */
export async function continuedAt(db: Db, questionId: string): Promise<string | null> {
  const [row] = await db
    .select({ at: auditLog.at })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.subjectType, 'question'),
        eq(auditLog.subjectId, questionId),
        eq(auditLog.action, CONTINUED),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(1)
  return row?.at ?? null
}

/** The event's petitions the entity continued ex officio, each once. */
export async function continuedIn(db: Db, eventId: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ id: auditLog.subjectId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.eventId, eventId),
        eq(auditLog.subjectType, 'question'),
        eq(auditLog.action, CONTINUED),
      ),
    )
  return new Set(rows.map((r) => r.id))
}

/**
 * Once the entity resolved to continue the proceeding for public interest, a new withdrawal by its
 * petitioner cannot end it: that is what the continuation decided. Refused, saying when it was continued
 * (the day, where the petition was received); Colombia's law named for a Colombian entity only.
 */
export function withdrawalAfterContinuation(at: string, zone: string, country: string): never {
  const day = localDate(new Date(at), zone)
  const law = country === 'CO'
  return refusal('DESISTANCE_NOT_ALLOWED')(
    `La entidad continuó de oficio esta actuación el ${longDate(day, 'es')}, por razones de interés público${law ? ' (Ley 1755 de 2015, art. 18)' : ''}: un nuevo desistimiento del peticionario ya no la termina.`,
    `The entity continued this proceeding ex officio on ${longDate(day, 'en')}, for reasons of public interest${law ? ' (Ley 1755 de 2015, art. 18)' : ''}: a new withdrawal by the petitioner no longer ends it.`,
  )
}
