import type { Db } from '../../db/client'
import { keptOffWall } from '../../db/enums'
import type { Area, Entity, Event, Question, Role } from '../../db/schema'
import { localDate, PQRSD_LABELS } from './calendar'
import { type Constancia, completionOf, extensionOf } from './constancia'
import { type MergedDue, mergedDueFirst } from './merged-due'

export type QuestionFull = { question: Question; event: Event; entity: Entity; areas: Area[] }

/**
 * The time zone a petition was received in: the event's at intake, which its constancia records. Its
 * day of receipt, the day its term counts from, stays that day should the event's zone change later
 * (an Ecuadorian event moved between the mainland's and Galápagos'). A constancia from before it
 * recorded the zone falls back to the event's.
 */
export const receiptZone = (q: Question, event: Pick<Event, 'timezone'>): string => {
  const recorded = (q.constancia as { timezone?: unknown } | null)?.timezone
  return typeof recorded === 'string' ? recorded : event.timezone
}

/**
 * The day a question's term counts from: the day it was received, where it was received; or, for a
 * petition returned to its petitioner and completed, the day it was completed (Ley 1755, art. 17).
 */
export const termStart = (q: Question, event: Pick<Event, 'timezone'>): string =>
  q.completedOn ?? receivedDay(q, event)

/**
 * The day a petition was received, where it was received: the one staff gave when they filed it later
 * (a written petition left at the venue), or else the day of its filing.
 */
export const receivedDay = (q: Question, event: Pick<Event, 'timezone'>): string =>
  q.receivedOn ?? localDate(new Date(q.receivedAt), receiptZone(q, event))

/**
 * The day the answer was sent, and the day the petition was forwarded: those staff gave, or, recorded before
 * the day was kept, the day they were recorded. The on-time judgements go by them.
 */
export const answeredDay = (q: Question, event: Pick<Event, 'timezone'>): string | null =>
  q.answeredOn ?? (q.answeredAt ? localDate(new Date(q.answeredAt), receiptZone(q, event)) : null)
export const forwardedDay = (q: Question, event: Pick<Event, 'timezone'>): string | null =>
  q.forwardedOn ?? (q.forwardedAt ? localDate(new Date(q.forwardedAt), receiptZone(q, event)) : null)

const areaOf = (areas: Area[], key: string | null) => {
  if (!key) return null
  const a = areas.find((x) => x.key === key)
  return { key, name: a?.name ?? key }
}

/** On the public wall: approved at some point, not merged into another, nor in a status kept off it. */
export const onWall = (q: Question) =>
  q.approvedAt !== null && !keptOffWall(q.status) && q.mergedInto === null

/** What anyone may see of a question on the wall: never who asked. */
export function publicQuestion(q: Question, areas: Area[]) {
  return {
    id: q.id,
    radicado: q.radicado,
    type: q.type,
    text: q.displayText ?? q.text,
    status: q.status,
    votes: q.votes,
    pinned: q.pinned,
    area: areaOf(areas, q.areaKey),
    receivedAt: q.receivedAt,
    answer: q.answerPublished ? q.answer : null,
    answeredAt: q.answerPublished ? q.answeredAt : null,
    answeredOn: q.answerPublished ? q.answeredOn : null,
  }
}

/** A denunciante's reserved identity is shown to admins only. */
const identityOf = (q: Question, role: Role | 'system') =>
  q.identityReserve && role !== 'admin'
    ? { reserved: true }
    : {
        name: q.name,
        email: q.email,
        phone: q.phone,
        documentType: q.documentType,
        documentNumber: q.documentNumber,
        address: q.address,
      }

/**
 * A question as staff see it. `mergedDue`, where it was read (mergedDueFirst): the petition merged into it
 * that is due before it, which the console's card names; left out where it was not (the webhook).
 */
export function staffQuestion(
  q: Question,
  areas: Area[],
  role: Role | 'system',
  mergedDue?: MergedDue | null,
) {
  return {
    id: q.id,
    eventId: q.eventId,
    radicado: q.radicado,
    type: q.type,
    termDays: q.termDays,
    text: q.text,
    displayText: q.displayText,
    reasons: q.reasons,
    annexes: q.annexes,
    anonymous: q.anonymous,
    identityReserve: q.identityReserve,
    petitioner: q.anonymous ? null : identityOf(q, role),
    channel: q.channel,
    receivedBy: q.receivedBy,
    area: areaOf(areas, q.areaKey),
    status: q.status,
    statusReason: q.statusReason,
    answer: q.answer,
    answeredAt: q.answeredAt,
    answeredOn: q.answeredOn,
    answeredBy: q.answeredBy,
    // Answered by its merge into a petition already answered: with whose answer, who merged it and when.
    answeredByMerge: (q.constancia as Constancia | null)?.answer?.merged ?? null,
    answerPublished: q.answerPublished,
    forwardedTo: q.forwardedTo,
    forwardedAt: q.forwardedAt,
    forwardDueDate: q.forwardDueDate,
    forwardedOn: q.forwardedOn,
    completionRequestedOn: q.completionRequestedOn,
    completionRequest: q.completionRequest,
    completionDeadline: q.completionDeadline,
    completedOn: q.completedOn,
    desistedOn: q.desistedOn,
    // When the entity last continued it ex officio after its petitioner withdrew it (art. 18): no new
    // withdrawal is taken since.
    continuedExOfficioAt: q.continuedExOfficioAt,
    extensionNoticeDate: q.extensionNoticeDate,
    extendedDueDate: q.extendedDueDate,
    pinned: q.pinned,
    mergedInto: q.mergedInto,
    votes: q.votes,
    receivedAt: q.receivedAt,
    receivedOn: q.receivedOn,
    // Where it was received, as its constancia keeps it: its days (received, today, the event's) are
    // counted there whatever the event's zone is now; null for one filed before it was kept.
    receiptZone: (q.constancia as Constancia | null)?.timezone ?? null,
    dueDate: q.dueDate,
    approvedAt: q.approvedAt,
    updatedAt: q.updatedAt,
    ...(mergedDue === undefined ? {} : { mergedDueFirst: mergedDue }),
  }
}

/** Staff's views of `rows`, each with the merged petition due before it, read at once for them all. */
export async function staffViews(db: Db, rows: Question[], areas: Area[], role: Role | 'system') {
  const due = await mergedDueFirst(db, rows)
  return rows.map((q) => staffQuestion(q, areas, role, due.get(q.id) ?? null))
}

/** Staff's view of one question, with the merged petition due before it. */
export const staffView = async (db: Db, full: QuestionFull, role: Role | 'system') =>
  (await staffViews(db, [full.question], full.areas, role))[0]

/** What the entity's document-management system files: the record, the event and the entity. */
export function webhookQuestion(q: Question, full: Omit<QuestionFull, 'question'>) {
  return {
    ...staffQuestion(q, full.areas, 'system'),
    petitioner: q.anonymous ? null : q.identityReserve ? { reserved: true } : identityOf(q, 'system'),
    event: { id: full.event.id, slug: full.event.slug, title: full.event.title },
    // `country` says which tax id `nit` is: Colombia's NIT or Ecuador's RUC.
    entity: {
      id: full.entity.id,
      name: full.entity.name,
      nit: full.entity.nit,
      country: full.entity.country,
    },
  }
}

/** The public status lookup by radicado: dates, status and the published answer; never who asked. */
export function statusView(full: QuestionFull, primaryRadicado: string | null) {
  const { question: q, event, entity, areas } = full
  return {
    radicado: q.radicado,
    type: q.type,
    typeLabel: PQRSD_LABELS[q.type],
    status: q.status,
    receivedAt: q.receivedAt,
    receivedOn: q.receivedOn,
    termDays: q.termDays,
    dueDate: q.dueDate,
    extendedDueDate: q.extendedDueDate,
    extensionNoticeDate: q.extensionNoticeDate,
    // Why the term was extended: the petitioner must be told (for one with no contact, only here).
    extensionReason: extensionOf(q)?.reason ?? null,
    // Returned to be completed (Ley 1755, art. 17): what the petitioner must provide and by when, while
    // the term waits; for one with no contact, only here.
    completion: completionOf(q),
    // Withdrawn by the petitioner (art. 18): the day they did; how they said it stays with staff.
    desistedOn: q.status === 'desisted' ? q.desistedOn : null,
    area: areaOf(areas, q.areaKey),
    forwardedTo: q.status === 'forwarded' ? q.forwardedTo : null,
    // When, as Ley 1755 (art. 21) has the petitioner told: where anyone with the radicado looks.
    forwardedAt: q.status === 'forwarded' ? q.forwardedAt : null,
    forwardedOn: q.status === 'forwarded' ? q.forwardedOn : null,
    question: onWall(q) ? (q.displayText ?? q.text) : null,
    mergedWith: primaryRadicado,
    answer: q.answerPublished
      ? {
          text: q.answer,
          answeredAt: q.answeredAt,
          answeredOn: q.answeredOn,
          live: q.status === 'answered_live',
        }
      : null,
    event: { slug: event.slug, title: event.title },
    entity: { name: entity.name },
  }
}
