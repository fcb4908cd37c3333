import { longDate } from '../../web/shared/format'
import { localDate } from './calendar'
import { refusal } from './question-status'

/**
 * Once the entity resolved to continue the proceeding for public interest, a new withdrawal by its
 * petitioner cannot end it: that is what the continuation decided. Refused, saying when it was continued
 * (the day, where the petition was received); Colombia's law named for a Colombian entity only. When it
 * was continued is kept on the question (`continuedExOfficioAt`, written in the continuation's commit by
 * either way of recording it, filled from the audit log by migration 0023 for those continued before).
 */
export function withdrawalAfterContinuation(at: string, zone: string, country: string): never {
  const day = localDate(new Date(at), zone)
  const law = country === 'CO'
  return refusal('DESISTANCE_NOT_ALLOWED')(
    `La entidad continuó de oficio esta actuación el ${longDate(day, 'es')}, por razones de interés público${law ? ' (Ley 1755 de 2015, art. 18)' : ''}: un nuevo desistimiento del peticionario ya no la termina.`,
    `The entity continued this proceeding ex officio on ${longDate(day, 'en')}, for reasons of public interest${law ? ' (Ley 1755 de 2015, art. 18)' : ''}: a new withdrawal by the petitioner no longer ends it.`,
  )
}
