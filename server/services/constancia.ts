import type { Entity, Question } from '../../db/schema'
import type { PqrsdType } from './calendar'
import type { EventFull } from './events'
import type { QuestionFull } from './question-views'

/**
 * The constancia of a petition (Decreto 1166 de 2016 for verbal ones): what was received, when, from
 * whom, by whom and how; stored with the question at intake and updated when it is answered.
 */
export type Constancia = {
  radicado: string
  /** `country` names the tax id (NIT or RUC); constancias stored before it was kept take the entity's. */
  entity: { name: string; nit: string | null; address: string | null; country?: Entity['country'] }
  event: { title: string; slug: string; place: string | null }
  receivedAt: string
  /**
   * The day it was received, when staff filed it later (a written petition left at the venue): the term
   * counts from it; `receivedAt` is then when it was filed. Absent: received when filed.
   */
  receivedOn?: string
  timezone: string
  type: PqrsdType
  termDays: number
  dueDate: string
  /**
   * The last time the due date was counted again and moved: by a day recorded in the calendar or taken out
   * (server/services/calendar-days.ts), or on a continuation ex officio (term-recount.ts): from what, why.
   */
  dueDateMoved?: DateMoved
  /**
   * The extension of the term (Ley 1755 de 2015, art. 14, parágrafo), when the entity gave one: the new
   * due date, the day the petitioner was told and why. Stored when given; for one given before that, taken
   * from the question when the constancia is sent (`extensionOf`).
   */
  extension?: Extension
  /**
   * The forwarding to the competent entity (Ley 1755 de 2015, art. 21): to whom, when, the last day it
   * could be made (null for a question filed before it was kept) and why, if staff said.
   */
  forwarding?: Forwarding
  /**
   * The petition returned to be completed (Ley 1755 de 2015, art. 17): when, what was asked, the last day
   * to complete it, and the day it was completed, from whose next day the term ran again (`dueDate`).
   */
  completion?: Completion
  /** Deemed withdrawn (desistimiento tácito, art. 17): when, and the reasoned act staff cited. */
  withdrawal?: { at: string; reason: string | null }
  /**
   * Withdrawn by the petitioner (desistimiento expreso, art. 18): the day they said so, how (a letter, a
   * call, at the desk), as staff recorded it, and when it was recorded.
   */
  desistance?: { on: string; how: string | null; at: string }
  /**
   * The entity continues it ex officio for public interest (art. 18): the day the petitioner withdrew it,
   * the reasoned resolution, and when it was recorded. A withdrawal recorded before it no longer ends the
   * term; one recorded after it does.
   */
  exOfficio?: { desistedOn: string; resolution: string; at: string }
  petitioner:
    | { anonymous: true }
    | {
        anonymous: false
        name: string | null
        documentType: string | null
        documentNumber: string | null
        email: string | null
        phone: string | null
        address: string | null
        identityReserve: boolean
      }
  text: string
  reasons: string | null
  annexes: string[]
  receivedBy: string
  channel: Question['channel']
  verbal: boolean
  /**
   * `on`: the day it was sent (absent in one stored before it was kept: the day of `at`, when recorded).
   * `by`: who gave the answer; `merged`, for a petition that took it by being merged into one already
   * answered, which one, who merged it and when.
   */
  answer: {
    text: string
    at: string
    on?: string | null
    by: string
    live: boolean
    merged?: AnswerMerge
  } | null
  updatedAt: string | null
}

/** The petition whose answer a merged one took, with the merge: who merged it, and when. */
export type AnswerMerge = { id: string; radicado: string; by: string; at: string }

/** Who asked, as the constancia records them: anonymous, or their data as the question now holds it. */
export const petitionerOf = (
  q: Pick<
    Question,
    | 'anonymous'
    | 'name'
    | 'documentType'
    | 'documentNumber'
    | 'email'
    | 'phone'
    | 'address'
    | 'identityReserve'
  >,
) =>
  q.anonymous
    ? { anonymous: true as const }
    : {
        anonymous: false as const,
        name: q.name,
        documentType: q.documentType,
        documentNumber: q.documentNumber,
        email: q.email,
        phone: q.phone,
        address: q.address,
        identityReserve: q.identityReserve,
      }

/** The constancia of a question being filed; its radicado is set by SQL, in the same statement. */
export function constanciaAtIntake(
  full: EventFull,
  q: Omit<Question, 'radicado' | 'seq' | 'constancia' | 'createdAt'>,
  verbal: boolean,
): Constancia {
  return {
    radicado: '',
    entity: {
      name: full.entity.name,
      nit: full.entity.nit,
      address: full.entity.address,
      country: full.entity.country,
    },
    event: { title: full.event.title, slug: full.event.slug, place: full.event.place },
    receivedAt: q.receivedAt,
    ...(q.receivedOn ? { receivedOn: q.receivedOn } : {}),
    // Where it was received: the event's zone, as its radicado year and due date (server/services/questions.ts).
    timezone: full.event.timezone,
    type: q.type,
    termDays: q.termDays,
    dueDate: q.dueDate,
    petitioner: petitionerOf(q),
    text: q.text,
    reasons: q.reasons,
    annexes: q.annexes,
    receivedBy: q.receivedBy,
    channel: q.channel,
    verbal,
    answer: null,
    updatedAt: null,
  }
}

/**
 * An extension as the petitioner is told of it: the new date, the day they were told, and why (DOMAIN.md:
 * "with the reason and a new date"). `reason` is null only in constancias stored before it was kept.
 */
export type Extension = {
  dueDate: string
  noticeDate: string | null
  reason?: string | null
  /** The date told to the petitioner, once the calendar made it a rest day and `dueDate` moved from it. */
  told?: string
  /** The last time the calendar moved the extended date: from what, why (server/services/calendar-days.ts). */
  moved?: DateMoved
}

/**
 * A date counted again and moved. `reason` is the calendar day and the source staff gave for it, or, on a
 * continuation ex officio, `cause` says so and `reason` keeps the Spanish text (RECOUNTED) the JSON always
 * carried: the constancia says it in its own language.
 */
export type DateMoved = { from: string; reason: string; at: string; cause?: 'exOfficio' }

/**
 * What a date moved by a calendar day taken back out says after the day and its source (`removeCalendarDay`
 * stores the Spanish), in each of the constancia's languages.
 */
export const DAY_REMOVED = { es: ' (sin efecto)', en: ' (no longer in effect)' } as const

/** Why a continuation ex officio moved a date, in each of the constancia's languages. */
export const RECOUNTED = {
  es: 'Contado de nuevo con el calendario vigente al continuar de oficio la actuación',
  en: 'Counted again on the calendar in force when the proceeding was continued ex officio',
} as const

/**
 * The question's extension, if it has one. Kept in the constancia when given (question-changes.ts), since
 * the row's status reason is the next status's once the question is forwarded; for one extended before
 * that, the row's reason while it is still the extension's.
 */
export function extensionOf(q: Question): Extension | undefined {
  if (!q.extendedDueDate) return undefined
  const kept = (q.constancia as Constancia | null)?.extension
  if (kept?.reason) return kept
  const reason = q.status === 'extended' || q.status === 'answered' ? q.statusReason : null
  return { dueDate: q.extendedDueDate, noticeDate: q.extensionNoticeDate, reason }
}

export type Completion = {
  requestedOn: string
  requested: string | null
  deadline: string | null
  completedOn: string | null
}

/** The question's request to be completed, if it had one, as the row keeps it. */
export const completionOf = (q: Question): Completion | null =>
  q.completionRequestedOn
    ? {
        requestedOn: q.completionRequestedOn,
        requested: q.completionRequest,
        deadline: q.completionDeadline,
        completedOn: q.completedOn,
      }
    : null

/** `on`: the day it was sent to the competent entity; `at`, when that was recorded. */
export type Forwarding = {
  to: string
  at: string | null
  on?: string | null
  dueDate: string | null
  reason: string | null
}

/** The question's forwarding, if it was forwarded: as stored when made, or else from the row. */
export function forwardingOf(q: Question): Forwarding | undefined {
  const kept = (q.constancia as Constancia | null)?.forwarding
  if (kept) return kept
  if (q.status !== 'forwarded' || !q.forwardedTo) return undefined
  return {
    to: q.forwardedTo,
    at: q.forwardedAt,
    on: q.forwardedOn,
    dueDate: q.forwardDueDate,
    reason: q.statusReason,
  }
}

/**
 * The constancia as it is sent: the stored one, with the entity's country when it was stored before the
 * country was kept (an entity's country never changes) and the term's extension, if any.
 */
export function constanciaOf({ question: q, entity }: QuestionFull): Constancia {
  const stored = q.constancia as Constancia
  const extension = extensionOf(q)
  const forwarding = forwardingOf(q)
  return {
    ...stored,
    entity: { country: entity.country, ...stored.entity },
    ...(extension ? { extension } : {}),
    ...(forwarding ? { forwarding } : {}),
  }
}
