import type { Question, QuestionStatus } from '../../db/schema'
import { longDate } from '../../web/shared/format'
import { ApiError } from '../errors'
import type { ModerateInput } from '../schemas/questions'
import {
  addBusinessDays,
  addMonthsTerm,
  type CalendarDay,
  COMPLETION_REQUEST_DAYS,
  completionMonths,
  isBusinessDay,
  localDate,
} from './calendar'
import { type QuestionFull, receiptZone, receivedDay, termStart } from './question-views'
import { questionStatusLabel } from './report/labels'
import { dueOf } from './term-order'
import { termAgain } from './term-recount'

/**
 * Where each status may go. Answered, forwarded, withdrawn (tacitly, art. 17, or by the petitioner, art.
 * 18) and annulled questions are settled. The petitioner may withdraw a petition "en cualquier tiempo"
 * (Ley 1755, art. 18) while the entity still owes it an answer: its term runs, is extended or is
 * suspended; not once answered, or forwarded to the entity that now owes it.
 */
export const NEXT: Readonly<Record<QuestionStatus, readonly QuestionStatus[]>> = {
  received: [
    'approved',
    'hidden',
    'answered_live',
    'pending',
    'answered',
    'forwarded',
    'extended',
    'incomplete',
    'desisted',
  ],
  approved: [
    'received',
    'hidden',
    'answered_live',
    'pending',
    'answered',
    'forwarded',
    'extended',
    'incomplete',
    'desisted',
  ],
  // Hidden from the wall, it is still a petition whose term runs: answered in writing, forwarded, extended
  // or returned to be completed as any other, off the wall (statusChange), and withdrawn (art. 18).
  hidden: ['received', 'approved', 'answered', 'forwarded', 'extended', 'incomplete', 'desisted'],
  pending: ['answered_live', 'answered', 'forwarded', 'extended', 'incomplete', 'desisted'],
  extended: ['answered', 'forwarded', 'desisted'],
  // Completed (its term runs again, from the day after) or withdrawn once the time given has run out; or
  // withdrawn by the petitioner meanwhile (art. 18).
  incomplete: ['received', 'approved', 'pending', 'withdrawn', 'desisted'],
  answered_live: ['answered'],
  answered: [],
  forwarded: [],
  withdrawn: [],
  desisted: [],
  annulled: [],
}

export const ANSWERED: readonly QuestionStatus[] = ['answered_live', 'answered']

const named = (s: QuestionStatus, lang: 'es' | 'en') => `«${questionStatusLabel(s, lang)}» (${s})`
// `country`: the event's; the article (Ley 1755, art. 18) is cited for a Colombian entity's petitions only.
const nextOf = (from: QuestionStatus, lang: 'es' | 'en', country: string) =>
  NEXT[from].length
    ? `${lang === 'en' ? 'From there it can move to' : 'Desde ahí puede pasar a'}: ${NEXT[from].map((s) => named(s, lang)).join(', ')}.`
    : from === 'desisted'
      ? lang === 'en'
        ? `It takes no other status; should the entity continue it ex officio${country === 'CO' ? ' (art. 18)' : ''}, send continueExOfficio with the reasoned resolution as reason.`
        : `Ya no admite otro estado; si la entidad la continúa de oficio${country === 'CO' ? ' (art. 18)' : ''}, envíe continueExOfficio con la resolución motivada en reason.`
      : lang === 'en'
        ? 'It takes no other status.'
        : 'Ya no admite otro estado.'

/** STATUS_TRANSITION for a question merged into another, which moves only with its primary. */
export const mergedRefused = () =>
  new ApiError('STATUS_TRANSITION', {
    detail: {
      es: 'Esta pregunta está unida a otra: cambie la principal o sepárela antes.',
      en: 'This question is merged into another: change the primary or unmerge it first.',
    },
  })

/**
 * STATUS_TRANSITION, saying what the moderator asked for that the question's status does not allow, and
 * what it does allow: a moderator beside a live stream has no time to look the rules up.
 */
export function transitionRefused(
  from: QuestionStatus,
  asked: { to: QuestionStatus; country: string } | 'answer' | 'publish',
): ApiError {
  const say = (lang: 'es' | 'en') => {
    if (from === 'annulled')
      return lang === 'en'
        ? 'The question is annulled: it takes no more changes.'
        : 'La pregunta está anulada: ya no admite cambios.'
    if (asked === 'answer')
      return lang === 'en'
        ? `The question's status is ${named(from, lang)}: to answer it, send a status too, answered (in writing) or answered_live. Without a status only the answer of a question already answered is corrected.`
        : `La pregunta está en el estado ${named(from, lang)}: para responderla, envíe también el estado, answered (por escrito) o answered_live (en vivo). Sin estado solo se corrige la respuesta de una pregunta ya respondida.`
    if (asked === 'publish')
      return lang === 'en'
        ? 'The question has no answer yet: answer it before publishing its answer.'
        : 'La pregunta aún no tiene respuesta: respóndala antes de publicar la respuesta.'
    return lang === 'en'
      ? `The question's status is ${named(from, lang)}: it cannot move to ${named(asked.to, lang)}. ${nextOf(from, lang, asked.country)}`
      : `La pregunta está en el estado ${named(from, lang)}: no puede pasar a ${named(asked.to, lang)}. ${nextOf(from, lang, asked.country)}`
  }
  return new ApiError('STATUS_TRANSITION', { detail: { es: say('es'), en: say('en') } })
}

// The extra fields each status takes; sending one without its status is a mistake worth reporting.
const FIELDS = {
  reason: ['hidden', 'forwarded', 'extended', 'withdrawn', 'desisted'],
  forwardedTo: ['forwarded'],
  forwardedOn: ['forwarded'],
  answeredOn: ['answered'],
  requestedOn: ['incomplete'],
  requested: ['incomplete'],
} as const
const EXTENSION_FIELDS = ['noticeDate', 'newDueDate'] as const
/** "hidden, forwarded, extended o withdrawn": one of the statuses a field goes with. */
const either = {
  es: new Intl.ListFormat('es', { type: 'disjunction' }),
  en: new Intl.ListFormat('en', { type: 'disjunction' }),
}

const missing = (path: string, es: string, en: string): never => {
  throw new ApiError('VALIDATION_ERROR', { issues: [{ path, message: { es, en } }] })
}

function strayFields(to: QuestionStatus | null, patch: ModerateInput) {
  // An answer goes with one of the two statuses that take it, or alone, to correct one already given:
  // beside any other status it would be dropped, and the person who wrote it told nothing.
  if (patch.answer !== undefined && to && !ANSWERED.includes(to))
    missing(
      'answer',
      `Solo acompaña un cambio de estado a ${either.es.format(ANSWERED)}, o va sola para corregir una respuesta ya dada.`,
      `It goes only with a change of status to ${either.en.format(ANSWERED)}, or alone to correct an answer already given.`,
    )
  if (patch.continueExOfficio !== undefined && to)
    missing('continueExOfficio', 'Va sin cambio de estado.', 'It goes without a change of status.')
  for (const [k, statuses] of Object.entries(FIELDS))
    if (
      patch[k as keyof typeof FIELDS] !== undefined &&
      !(statuses as readonly string[]).includes(to ?? '') &&
      // The reasoned resolution of a continuation ex officio (art. 18) goes without a status.
      !(k === 'reason' && !to && patch.continueExOfficio)
    )
      missing(
        k,
        `Solo acompaña un cambio de estado a ${either.es.format(statuses)}.`,
        `It goes only with a change of status to ${either.en.format(statuses)}.`,
      )
  for (const k of EXTENSION_FIELDS)
    if (patch[k] !== undefined && to !== 'extended')
      missing(k, 'Solo acompaña el estado extended.', 'It goes only with the status extended.')
  if (patch.completedOn !== undefined && !(to && COMPLETED_TO.includes(to)))
    missing(
      'completedOn',
      'Solo acompaña el paso de una petición incompleta a received, approved o pending.',
      'It goes only with an incomplete petition moving to received, approved or pending.',
    )
  if (patch.extendCompletion !== undefined && to)
    missing('extendCompletion', 'Va sin cambio de estado.', 'It goes without a change of status.')
  if (patch.desistedOn !== undefined && to !== 'desisted' && !patch.continueExOfficio)
    missing(
      'desistedOn',
      'Solo acompaña el estado desisted o la continuación de oficio (continueExOfficio).',
      'It goes only with the status desisted or the continuation ex officio (continueExOfficio).',
    )
}

/**
 * The day an answer or a forwarding was sent, as staff give it (by default today), where the petition was
 * received: from its receipt to today. Recorded a day or more after it was sent, it is judged by the day
 * it was sent, as the law counts it, not by the day it was typed in.
 */
export function sentOn(
  full: QuestionFull,
  given: string | undefined,
  now: Date,
  path: 'answeredOn' | 'forwardedOn',
) {
  const { question: q, event } = full
  const today = localDate(now, receiptZone(q, event))
  if (given === undefined) return today
  const received = receivedDay(q, event)
  if (given < received || given > today)
    missing(
      path,
      `La fecha debe estar entre la recepción (${longDate(received, 'es')}) y hoy (${longDate(today, 'es')}).`,
      `The date must fall between receipt (${longDate(received, 'en')}) and today (${longDate(today, 'en')}).`,
    )
  return given
}

/** The statuses an incomplete petition goes back to once completed: its term runs again. */
const COMPLETED_TO: readonly QuestionStatus[] = ['received', 'approved', 'pending']

/** A refusal under `code`, its reason said in both languages: one for each of the terms' actions. */
export const refusal =
  (code: 'INCOMPLETE_NOT_ALLOWED' | 'EXTENSION_NOT_ALLOWED' | 'DESISTANCE_NOT_ALLOWED') =>
  (es: string, en: string): never => {
    throw new ApiError(code, { detail: { es, en } })
  }
const notAllowed = refusal('INCOMPLETE_NOT_ALLOWED')
const refuse = refusal('EXTENSION_NOT_ALLOWED')
const notDesisted = refusal('DESISTANCE_NOT_ALLOWED')

/**
 * Ley 1755 de 2015, art. 17: within 10 business days of filing, the petitioner may be asked, once, to
 * complete the petition; they have a month (Ley 4 de 1913: the same day of the next month, or the next
 * business day), and its term waits meanwhile.
 */
function requirement(
  full: QuestionFull,
  patch: ModerateInput,
  now: Date,
  changes: readonly CalendarDay[],
): Partial<Question> {
  const { question: q, entity, event } = full
  const zone = receiptZone(q, event)
  const on =
    patch.requestedOn ??
    missing(
      'requestedOn',
      'Indique la fecha en que se pidió al peticionario completar la petición.',
      'Give the date the petitioner was asked to complete the petition.',
    )
  const requested =
    patch.requested ??
    missing('requested', 'Diga qué debe aportar el peticionario.', 'Say what the petitioner must provide.')
  if (q.completionRequestedOn)
    notAllowed(
      `Ya se pidió completarla el ${longDate(q.completionRequestedOn, 'es')}: el requerimiento se hace una vez.`,
      `It was already returned to be completed on ${longDate(q.completionRequestedOn, 'en')}: that is done once.`,
    )
  const received = receivedDay(q, event)
  const today = localDate(now, zone)
  const limit = addBusinessDays(entity.country, received, COMPLETION_REQUEST_DAYS, changes)
  if (on < received || on > today || on > limit)
    notAllowed(
      `La fecha del requerimiento debe estar entre la radicación (${longDate(received, 'es')}) y hoy, sin pasar del ${longDate(limit, 'es')} (10 días hábiles).`,
      `The date of the request must fall between filing (${longDate(received, 'en')}) and today, not after ${longDate(limit, 'en')} (10 business days).`,
    )
  return {
    completionRequestedOn: on,
    completionRequest: requested,
    completionDeadline: addMonthsTerm(entity.country, on, 1, changes),
    completedOn: null,
  }
}

/**
 * The petitioner completed it: the term runs again, whole, from the day after (art. 17), on the same
 * calendar, and so does its due date.
 */
function completion(
  full: QuestionFull,
  patch: ModerateInput,
  now: Date,
  changes: readonly CalendarDay[],
): Partial<Question> {
  const { question: q, entity, event } = full
  const on =
    patch.completedOn ??
    missing(
      'completedOn',
      'Indique la fecha en que el peticionario completó la petición.',
      'Give the date the petitioner completed the petition.',
    )
  const today = localDate(now, receiptZone(q, event))
  const asked = q.completionRequestedOn as string
  if (on < asked || on > today)
    notAllowed(
      `La fecha en que se completó debe estar entre el requerimiento (${longDate(asked, 'es')}) y hoy.`,
      `The date it was completed must fall between the request (${longDate(asked, 'en')}) and today.`,
    )
  return { completedOn: on, dueDate: addBusinessDays(entity.country, on, q.termDays, changes) }
}

/** Desistimiento tácito (art. 17): the petitioner did not complete it within the time given. */
function withdrawal(full: QuestionFull, patch: ModerateInput, now: Date): Partial<Question> {
  const q = full.question
  const reason =
    patch.reason ??
    missing(
      'reason',
      'Cite el acto motivado que declara el desistimiento.',
      'Cite the reasoned act that declares the withdrawal.',
    )
  const deadline = q.completionDeadline as string
  if (localDate(now, receiptZone(q, full.event)) <= deadline)
    notAllowed(
      `El peticionario tiene hasta el ${longDate(deadline, 'es')} para completarla: antes no se puede declarar el desistimiento.`,
      `The petitioner has until ${longDate(deadline, 'en')} to complete it: the withdrawal cannot be declared before.`,
    )
  return { statusReason: reason }
}

/**
 * Desistimiento expreso (Ley 1755 de 2015, art. 18): the petitioner withdrew the petition, on the day
 * given (from its receipt to today, where it was received), in the way staff note in `reason` (a letter,
 * a call, at the desk). Its term closes. Also checked, and nothing else, when the entity instead
 * continues it ex officio for public interest (`exOfficio`): the note is then the reasoned resolution.
 */
function desistance(full: QuestionFull, patch: ModerateInput, now: Date, exOfficio = false) {
  const { question: q, event } = full
  const on =
    patch.desistedOn ??
    missing(
      'desistedOn',
      'Indique la fecha en que el peticionario desistió.',
      'Give the date the petitioner withdrew it.',
    )
  const reason =
    patch.reason ??
    (exOfficio
      ? missing(
          'reason',
          'Motive la continuación de oficio: la resolución y la razón de interés público.',
          'Give the reasons for continuing ex officio: the resolution and the public interest.',
        )
      : missing(
          'reason',
          'Diga cómo desistió el peticionario (por escrito, por teléfono, en la ventanilla…).',
          'Say how the petitioner withdrew it (in writing, by phone, at the desk…).',
        ))
  if (q.mergedInto) throw mergedRefused()
  if (!NEXT[q.status].includes('desisted'))
    notDesisted(
      `La pregunta está en el estado ${named(q.status, 'es')}: ya no hay término que cerrar.`,
      `The question's status is ${named(q.status, 'en')}: there is no term left to close.`,
    )
  const received = receivedDay(q, event)
  const today = localDate(now, receiptZone(q, event))
  if (on < received || on > today)
    notDesisted(
      `La fecha del desistimiento debe estar entre la radicación (${longDate(received, 'es')}) y hoy.`,
      `The date of the withdrawal must fall between filing (${longDate(received, 'en')}) and today.`,
    )
  return { desistedOn: on, statusReason: reason }
}

/**
 * Art. 18's continuation is of a petition its petitioner withdrew. One deemed withdrawn (art. 17) was
 * closed by the entity's own reasoned act, which answers to the recurso de reposición; and the petition
 * may be filed again, completed.
 */
const tacitRefused = (country: string) =>
  country === 'CO'
    ? notDesisted(
        'Se declaró el desistimiento tácito (Ley 1755, art. 17), no el del peticionario: la continuación de oficio del art. 18 no aplica. El acto que lo declaró admite recurso de reposición, y la petición puede presentarse de nuevo con los requisitos completos.',
        'It was deemed withdrawn (Ley 1755, art. 17), not withdrawn by its petitioner: the continuation ex officio of art. 18 does not apply. The act that declared it may be appealed (recurso de reposición), and the petition filed again, complete.',
      )
    : // Another country's entity: the same rule, without Colombia's law or its names for an appeal.
      notDesisted(
        'Se declaró el desistimiento tácito, no el del peticionario: la continuación de oficio no aplica. El acto que lo declaró puede impugnarse, y la petición puede presentarse de nuevo con los requisitos completos.',
        'It was deemed withdrawn, not withdrawn by its petitioner: the continuation ex officio does not apply. The act that declared it may be challenged, and the petition filed again, complete.',
      )

/**
 * The entity continues ex officio for public interest a petition its petitioner withdrew (art. 18), with its
 * reasoned resolution as `reason`. Recorded with the withdrawal (`desistedOn`), the petition goes on as it
 * was. Once the withdrawal was recorded, it goes back to the status it had, with that status's reason, and
 * to its term as it stood: the due date in force, an extension, a suspension while it is completed. The
 * days it was desisted count: art. 18 suspends no term, and the entity that continues the proceeding still
 * owes its decision within it. `desistedOn`, if sent then, must be the day recorded.
 */
export function continuedExOfficio(
  full: QuestionFull,
  patch: ModerateInput,
  now: Date,
  /** The entity's calendar as it now is: the term runs again on it (`termAgain`). */
  changes: readonly CalendarDay[],
) {
  const q = full.question
  if (q.status === 'withdrawn') tacitRefused(full.event.country)
  if (q.status !== 'desisted') {
    const { desistedOn, statusReason } = desistance(full, patch, now, true)
    return { set: {}, constancia: {}, desistedOn, reason: statusReason }
  }
  const on = q.desistedOn as string
  if (patch.desistedOn !== undefined && patch.desistedOn !== on)
    missing(
      'desistedOn',
      `El desistimiento ya consta, del ${longDate(on, 'es')}: envíe esa fecha o ninguna.`,
      `The withdrawal is already recorded, on ${longDate(on, 'en')}: send that date or none.`,
    )
  const reason =
    patch.reason ??
    missing(
      'reason',
      'Motive la continuación de oficio: la resolución y la razón de interés público.',
      'Give the reasons for continuing ex officio: the resolution and the public interest.',
    )
  const set: Partial<Question> = {
    // Desisted before the status it had was kept, and with no audit entry to tell it: received.
    status: q.desistedFrom ?? 'received',
    statusReason: q.desistedFromReason,
    desistedOn: null,
    desistedFrom: null,
    desistedFromReason: null,
  }
  // Its term runs again as if it had never stopped, so a day recorded or taken out of the calendar while
  // it was withdrawn, which moved the terms that ran but not this one, counts now.
  const back = { ...q, ...set } as Question
  const again = termAgain(back, full.event, full.entity.country, changes, now.toISOString())
  return { set: { ...set, ...again.set }, constancia: again.constancia, desistedOn: on, reason }
}

/**
 * The extension of the month given to complete it, asked for by the petitioner before it ran out: once,
 * by as much again (art. 17).
 */
export function completionExtended(
  full: QuestionFull,
  now: Date,
  changes: readonly CalendarDay[],
): Partial<Question> {
  const { question: q, entity, event } = full
  if (q.status !== 'incomplete' || !q.completionRequestedOn || !q.completionDeadline)
    missing(
      'extendCompletion',
      'Solo se prorroga el plazo de una petición a la espera de que la completen.',
      'Only the time of a petition waiting to be completed is extended.',
    )
  const asked = q.completionRequestedOn as string
  const deadline = q.completionDeadline as string
  if (completionMonths(asked, deadline) === 2)
    notAllowed(
      `El plazo ya se prorrogó hasta el ${longDate(deadline, 'es')}: la prórroga se da una vez.`,
      `The time was already extended to ${longDate(deadline, 'en')}: that is done once.`,
    )
  if (localDate(now, receiptZone(q, event)) > deadline)
    notAllowed(
      `El plazo venció el ${longDate(deadline, 'es')}: la prórroga se pide antes.`,
      `The time ran out on ${longDate(deadline, 'en')}: the extension is asked for before.`,
    )
  return { completionDeadline: addMonthsTerm(entity.country, asked, 2, changes) }
}

/** The Ley 1755 extension: notified within the term, new date after the old one and ≤ twice the term. */
function extension(
  full: QuestionFull,
  patch: ModerateInput,
  now: Date,
  changes: readonly CalendarDay[],
): Partial<Question> {
  const { question: q, entity, event } = full
  // Where the petition was received, as at intake, whatever the event's zone is now.
  const zone = receiptZone(q, event)
  const reason =
    patch.reason ?? missing('reason', 'Diga la razón de la prórroga.', 'Give the reason for the extension.')
  const notice =
    patch.noticeDate ??
    missing(
      'noticeDate',
      'Indique la fecha en que se avisó al peticionario.',
      'Give the date the petitioner was told.',
    )
  const newDue =
    patch.newDueDate ??
    missing('newDueDate', 'Indique la nueva fecha de respuesta.', 'Give the new date of the answer.')
  const today = localDate(now, zone)
  const received = receivedDay(q, event)
  if (today > q.dueDate)
    refuse(
      `El término venció el ${longDate(q.dueDate, 'es')}; la prórroga debía avisarse antes.`,
      `The term ended on ${longDate(q.dueDate, 'en')}; the extension had to be notified before.`,
    )
  if (notice > q.dueDate || notice > today || notice < received)
    refuse(
      `La fecha del aviso debe estar entre la recepción (${longDate(received, 'es')}) y hoy, sin pasar del vencimiento (${longDate(q.dueDate, 'es')}).`,
      `The notice date must fall between receipt (${longDate(received, 'en')}) and today, not after the due date (${longDate(q.dueDate, 'en')}).`,
    )
  // Twice the term, from where it counts (a completed petition's, from the day it was completed).
  const limit = addBusinessDays(entity.country, termStart(q, event), 2 * q.termDays, changes)
  if (newDue <= q.dueDate || newDue > limit)
    refuse(
      `La nueva fecha debe ser posterior al ${longDate(q.dueDate, 'es')} y no pasar del ${longDate(limit, 'es')} (el doble del término).`,
      `The new date must be after ${longDate(q.dueDate, 'en')} and not later than ${longDate(limit, 'en')} (twice the term).`,
    )
  // A term ends on a business day (Ley 4 de 1913, art. 62): a date told to the petitioner that is not one
  // would be carried to the next, and an answer given then counted late.
  if (!isBusinessDay(entity.country, newDue, changes)) {
    const next = addBusinessDays(entity.country, newDue, 1, changes)
    refuse(
      `El ${longDate(newDue, 'es')} no es día hábil; el siguiente es el ${longDate(next, 'es')}.`,
      `${longDate(newDue, 'en')} is not a business day; the next one is ${longDate(next, 'en')}.`,
    )
  }
  return { extensionNoticeDate: notice, extendedDueDate: newDue, statusReason: reason }
}

/**
 * What a merged duplicate takes from its primary's disposition. Each duplicate is a petition with its own
 * radicado and term: answered with its primary (answerFields), forwarded with it to the same entity, left
 * pending with it, and extended with it to the same date, unless its own term already runs that far, and
 * only as its own term allows. A refused extension names the duplicate, with `then` saying what to do.
 */
export function following(
  dup: QuestionFull,
  primary: Question,
  now: Date,
  changes: readonly CalendarDay[],
  then: { es: string; en: string },
): Partial<Question> {
  const d = dup.question
  // A hidden duplicate stays as moderation left it: it is answered with its primary (answerFields) only.
  if (d.status === 'hidden') return {}
  switch (primary.status) {
    case 'forwarded':
      if (!NEXT[d.status].includes('forwarded')) return {}
      return {
        status: 'forwarded',
        forwardedTo: primary.forwardedTo,
        forwardedAt: primary.forwardedAt,
        forwardedOn: primary.forwardedOn,
        statusReason: primary.statusReason,
      }
    case 'pending':
      if (!NEXT[d.status].includes('pending')) return {}
      return { status: 'pending', ...(d.areaKey ? {} : { areaKey: primary.areaKey }) }
    case 'extended': {
      const newDueDate = primary.extendedDueDate as string
      if (dueOf(d) >= newDueDate || !NEXT[d.status].includes('extended')) return {}
      const same = {
        reason: primary.statusReason ?? undefined,
        noticeDate: primary.extensionNoticeDate ?? undefined,
        newDueDate,
      }
      try {
        return { status: 'extended', ...extension(dup, same as ModerateInput, now, changes) }
      } catch (err) {
        if (!(err instanceof ApiError) || !err.detail) throw err
        throw new ApiError(err.code, {
          detail: {
            es: `La pregunta unida ${d.radicado} no admite la misma prórroga: ${err.detail.es} ${then.es}`,
            en: `The merged question ${d.radicado} cannot take the same extension: ${err.detail.en} ${then.en}`,
          },
        })
      }
    }
    default:
      return {}
  }
}

/**
 * DOMAIN.md: with no contact, the answer is published under the radicado. An anonymous petition, or one
 * that left neither e-mail, phone nor address, can be answered only there: kept back, it reaches no one.
 */
export const answeredOnlyInPublic = (q: Pick<Question, 'anonymous' | 'email' | 'phone' | 'address'>) =>
  q.anonymous || (!q.email && !q.phone && !q.address)

/** Refuses to keep back the answer of a petition that can be answered only in public. */
export function keptPublicIfNeeded(q: Parameters<typeof answeredOnlyInPublic>[0], publish?: boolean) {
  if (answeredOnlyInPublic(q) && publish === false)
    missing(
      'publishAnswer',
      'Sin datos de contacto, la respuesta se publica con el número de radicado: es la única forma de que llegue a quien preguntó.',
      'With no contact details, the answer is published under the filing number: it is the only way it reaches the petitioner.',
    )
}

/** The fields a status change sets, once its rule and its required data are checked. */
export function statusChange(
  full: QuestionFull,
  to: QuestionStatus | null,
  patch: ModerateInput,
  by: string,
  now: Date,
  /** The country's recorded calendar days (calendarChanges): the limit of an extension counts them. */
  changes: readonly CalendarDay[] = [],
): Partial<Question> {
  strayFields(to, patch)
  if (!to) return {}
  const q = full.question
  if (q.mergedInto) throw mergedRefused()
  if (!NEXT[q.status].includes(to)) throw transitionRefused(q.status, { to, country: full.event.country })
  // An incomplete petition goes back to a running status only completed, with its term counted again.
  const completed =
    q.status === 'incomplete' && to !== 'withdrawn' && to !== 'desisted'
      ? completion(full, patch, now, changes)
      : {}
  if (q.status !== 'incomplete' && patch.completedOn !== undefined)
    missing(
      'completedOn',
      'Solo acompaña el paso de una petición incompleta a received, approved o pending.',
      'It goes only with an incomplete petition moving to received, approved or pending.',
    )
  // A hidden petition's written procedure keeps it off the wall: its approval, which would put it back
  // there once no longer hidden, goes (a withdrawal keeps it, for a continuation ex officio to restore).
  const offWall =
    q.status === 'hidden' && WRITTEN_FROM_HIDDEN.has(to) ? { approvedAt: null, pinned: false } : {}
  return { ...transition(full, to, patch, by, now, changes), ...completed, ...offWall }
}

const WRITTEN_FROM_HIDDEN: ReadonlySet<QuestionStatus> = new Set([
  'answered',
  'forwarded',
  'extended',
  'incomplete',
])

function transition(
  full: QuestionFull,
  to: QuestionStatus,
  patch: ModerateInput,
  by: string,
  now: Date,
  changes: readonly CalendarDay[],
): Partial<Question> {
  const q = full.question
  const at = now.toISOString()
  switch (to) {
    case 'approved':
      // Back from hidden, the hide's reason goes with the hide (the audit log keeps it), as it does going
      // back to received: an approved question has no reason of its own.
      return { status: to, approvedAt: q.approvedAt ?? at, statusReason: null }
    case 'received':
      return { status: to, approvedAt: null, statusReason: null, pinned: false }
    case 'hidden':
      return {
        status: to,
        statusReason: patch.reason ?? missing('reason', 'Diga por qué se oculta.', 'Say why it is hidden.'),
      }
    case 'answered_live':
      // Said aloud at the event: once it is closed, an answer given now is a written one, and the
      // constancia and the report's count of answers given during the event must not say otherwise.
      if (full.event.status === 'closed')
        throw new ApiError('EVENT_CLOSED', {
          detail: {
            es: 'El evento está cerrado: una respuesta dada ahora es escrita (answered). Si se respondió en vivo y no se marcó, reabra el evento para marcarla.',
            en: 'The event is closed: an answer given now is a written one (answered). If it was answered live and not marked, reopen the event to mark it.',
          },
        })
      // Said aloud at a public hearing: the answer is public, and so is the question.
      return {
        status: to,
        answer:
          patch.answer ??
          missing('answer', 'Escriba la respuesta dada en vivo.', 'Write the answer given live.'),
        answeredAt: at,
        answeredOn: sentOn(full, undefined, now, 'answeredOn'),
        answeredBy: by,
        answerPublished: true,
        approvedAt: q.approvedAt ?? at,
      }
    case 'answered': {
      keptPublicIfNeeded(q, patch.publishAnswer)
      return {
        status: to,
        answer:
          patch.answer ??
          missing('answer', 'Escriba la respuesta o su resumen.', 'Write the answer or its summary.'),
        answeredAt: at,
        answeredOn: sentOn(full, patch.answeredOn, now, 'answeredOn'),
        answeredBy: by,
        // With no way to reach the petitioner, the answer is published under the radicado.
        answerPublished: patch.publishAnswer ?? answeredOnlyInPublic(q),
      }
    }
    case 'pending':
      if (!(patch.area !== undefined ? patch.area : q.areaKey))
        missing(
          'area',
          'Asigne el área o dependencia que responderá.',
          'Assign the area or office that will answer.',
        )
      return { status: to }
    case 'forwarded':
      return {
        status: to,
        forwardedTo:
          patch.forwardedTo ??
          missing('forwardedTo', 'Indique la entidad competente.', 'Give the competent entity.'),
        forwardedAt: at,
        forwardedOn: sentOn(full, patch.forwardedOn, now, 'forwardedOn'),
        statusReason: patch.reason ?? null,
      }
    case 'extended':
      return { status: to, ...extension(full, patch, now, changes) }
    case 'incomplete':
      return { status: to, pinned: false, ...requirement(full, patch, now, changes) }
    case 'withdrawn':
      return { status: to, pinned: false, ...withdrawal(full, patch, now) }
    case 'desisted':
      // Off the wall whatever it was before, hidden by moderation or approved (db/enums.ts, offWallStatuses).
      return {
        status: to,
        pinned: false,
        ...desistance(full, patch, now),
        // Where a continuation ex officio takes it back to (`continuedExOfficio`).
        desistedFrom: q.status,
        desistedFromReason: q.statusReason,
      }
    default:
      throw transitionRefused(q.status, { to, country: full.event.country })
  }
}
