import { longDate } from '../../web/shared/format'
import type { Lang } from '../messages'
import { localDate } from './calendar'
import { type QuestionFull, receiptZone } from './question-views'
import { overdueSince } from './term-order'

/**
 * What the radicado lookup says of a petition still unanswered past its due date: the date, whether it
 * was the extended one, and the petitioner's position in plain words, in the request's language. Only
 * what the law in DOMAIN.md says: the term ran out; an entity that could not answer in time had to say
 * so before it ended, with a new date; the petition stays open and still owes an answer; one with no
 * contact is answered under its radicado (said to all: whether this one left a contact is not for anyone
 * with its number to learn). Null while in time, or once no term runs.
 */
export function overdueOf(full: QuestionFull, now: Date, lang: Lang) {
  const q = full.question
  const since = overdueSince(q, localDate(now, receiptZone(q, full.event)))
  if (!since) return null
  const extended = q.extendedDueDate !== null
  return { dueDate: since, extended, message: overdueMessage(since, extended, lang) }
}

function overdueMessage(since: string, extended: boolean, lang: Lang) {
  const day = longDate(since, lang)
  if (lang === 'en')
    return [
      extended
        ? `The extended term the entity gave you to answer ran out on ${day} without an answer.`
        : `The entity's legal term to answer ran out on ${day} without an answer, and no extension was given before then, as the entity must do when it cannot answer in time.`,
      'The petition stays open: the entity still owes you an answer.',
      'Keep this filing number: it records the day you filed the petition, and with it you can ask the entity for the answer.',
      'If you filed it without contact details, the answer will be published here, under this number.',
    ].join(' ')
  return [
    extended
      ? `El plazo ampliado que la entidad le informó para responder venció el ${day} sin respuesta.`
      : `El término legal de la entidad para responder venció el ${day} sin respuesta, y no se le informó una prórroga antes de esa fecha, como la entidad debe hacerlo cuando no puede responder a tiempo.`,
    'La petición sigue abierta: la entidad aún debe responderle.',
    'Conserve este radicado: registra el día en que presentó la petición, y con él puede reclamar la respuesta ante la entidad.',
    'Si la presentó sin datos de contacto, la respuesta se publicará aquí, con este radicado.',
  ].join(' ')
}
