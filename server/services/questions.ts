import { asc, eq, sql } from 'drizzle-orm'
import { commit, type Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { areas, entities, events, type Question, questions } from '../../db/schema'
import { longDate } from '../../web/shared/format'
import type { Deps, SessionUser } from '../env'
import { ApiError } from '../errors'
import type { SubmitQuestionInput } from '../schemas/questions'
import { commitAudited } from './audit'
import { addBusinessDays, FORWARD_TERM_DAYS, localDate, termFor } from './calendar'
import { nextLocalDay } from './calendar/local-date'
import { calendarFor, isCalendarRace } from './calendar-days'
import { constanciaAtIntake } from './constancia'
import { randomBytes, toBase64Url } from './crypto'
import { requireEvent } from './events'
import { findAnswer, type IdempotencyRequest, isKeyRace, recordAnswer } from './idempotency'
import { announce } from './question-events'
import { type QuestionFull, webhookQuestion } from './question-views'
import {
  dayGuard,
  isPrefixTaken,
  isSeriesGuard,
  lastReceipt,
  prefixFor,
  prefixGuard,
  scheduledPrefixFor,
  takeNumber,
  takenNumber,
  takenRadicado,
  takenReceipt,
} from './radicado'
import { deliveryStmts, endpointsFor } from './webhooks'

export async function findQuestion(db: Db, id: string): Promise<QuestionFull | null> {
  const [row] = await db
    .select({ question: questions, event: events, entity: entities })
    .from(questions)
    .innerJoin(events, eq(events.id, questions.eventId))
    .innerJoin(entities, eq(entities.id, questions.entityId))
    .where(eq(questions.id, id))
    .limit(1)
  if (!row) return null
  const list = await db.select().from(areas).where(eq(areas.entityId, row.entity.id)).orderBy(asc(areas.id))
  return { ...row, areas: list }
}

export async function requireQuestion(db: Db, id: string): Promise<QuestionFull> {
  const found = await findQuestion(db, id)
  if (!found) throw new ApiError('QUESTION_NOT_FOUND')
  return found
}

export async function findByRadicado(db: Db, radicado: string): Promise<QuestionFull | null> {
  const [row] = await db
    .select({ id: questions.id })
    .from(questions)
    .where(eq(questions.radicado, radicado.toUpperCase()))
    .limit(1)
  return row ? findQuestion(db, row.id) : null
}

const receivedByOf = (user: SessionUser | undefined, channel: Question['channel']) =>
  user
    ? user.email
    : channel === 'transmision'
      ? 'Cabildo (canal de la transmisión)'
      : 'Cabildo (formulario en línea)'

/**
 * The day a petition staff file was received, when they give one before today: from the event's own day
 * (local, where it is held) to today. What staff file is what was received at the event (DOMAIN.md: a
 * question asked there is a petition, filed with its radicado), so it cannot have been received before the
 * event began; one received elsewhere is the entity's own PQRSD office's to file. Today, or none: null, the
 * day of filing.
 */
function receiptDay(event: { startsAt: string; timezone: string }, given: string | undefined, today: string) {
  if (given === undefined || given === today) return null
  const first = localDate(new Date(event.startsAt), event.timezone)
  if (given < first || given > today)
    throw new ApiError('VALIDATION_ERROR', {
      issues: [
        {
          path: 'receivedOn',
          message: {
            es: `El día de recepción debe estar entre el día del evento (${longDate(first, 'es')}) y hoy (${longDate(today, 'es')}).`,
            en: `The day of receipt must fall between the event's day (${longDate(first, 'en')}) and today (${longDate(today, 'en')}).`,
          },
        },
      ],
    })
  return given
}

/**
 * Files a question: takes the next radicado of the entity's series for the local year of receipt and
 * computes the legal due date, all in one atomic batch with its constancia and its webhook messages.
 */
export async function submitQuestion(
  deps: Deps,
  slug: string,
  input: SubmitQuestionInput,
  opts: {
    user?: SessionUser
    idem: IdempotencyRequest | null
    attempt?: number
    dayAttempt?: number
    prefixAttempt?: number
  },
): Promise<{ question: Question; replayed: boolean }> {
  const { db } = deps
  const full = await requireEvent(db, slug, { staff: Boolean(opts.user) })
  const replay = await findAnswer(db, opts.idem)
  if (replay) return { question: (await requireQuestion(db, replay.resourceId)).question, replayed: true }
  // Closed to the public; staff still file what was received at the event and typed in after it (the
  // written questions left at the venue): a petition received is filed, whatever the event's status.
  if (full.event.status === 'closed' && !opts.user) throw new ApiError('EVENT_CLOSED')
  // Only staff at the venue file what was said in person; the public files in writing.
  if (!opts.user && (input.channel === 'presencial' || input.verbal))
    throw new ApiError('VALIDATION_ERROR', {
      issues: [
        {
          path: input.verbal ? 'verbal' : 'channel',
          message: {
            es: 'Solo el personal registra peticiones verbales.',
            en: 'Only staff file verbal petitions.',
          },
        },
      ],
    })
  if (input.receivedOn !== undefined && !opts.user)
    throw new ApiError('VALIDATION_ERROR', {
      issues: [
        {
          path: 'receivedOn',
          message: {
            es: 'Solo el personal da el día de recepción: una petición en línea se recibe cuando se envía.',
            en: 'Only staff give the day of receipt: an online petition is received when it is sent.',
          },
        },
      ],
    })
  if (input.area && !full.areas.some((a) => a.key === input.area)) throw new ApiError('AREA_UNKNOWN')
  const current = await prefixFor(db, full.entity)
  const { entity } = full
  const endpoints = await endpointsFor(db, entity.id, 'question.created')
  const calendar = await calendarFor(db, entity.country, entity.id)
  const last = await lastReceipt(db, entity.id)
  // Read the clock only now, after every read: on Node the commits mostly queue in the order of their
  // receipt times. Never before the series' last receipt, and the number takes the later one again when
  // it commits, should another commit have overtaken this one (server/services/radicado.ts).
  const clock = deps.now()
  const now = last && last > clock.toISOString() ? new Date(last) : clock
  // Dated in the event's time zone, where the petition is received: one filed at 23:30 in Galápagos is
  // received that day, though the mainland (and an entity registered there) is past midnight. The consoles'
  // cards and the report show its receipt in that zone too, so the radicado's year, the day the term
  // counts from and the constancia's time all agree with what staff and the petitioner see.
  const zone = full.event.timezone
  const year = Number(localDate(now, zone).slice(0, 4))
  // A prefix scheduled for this year is taken by its first radicado, in this batch.
  const { prefix, stmts } = scheduledPrefixFor(db, entity, year) ?? current
  const termDays = termFor(input.type)
  const receivedOn = receiptDay(full.event, input.receivedOn, localDate(now, zone))
  // The day its term counts from: the day it was received, which staff may give, or today.
  const received = receivedOn ?? localDate(now, zone)
  const channel = input.channel ?? (opts.user ? 'presencial' : 'widget')
  const id = newId()
  const base = {
    id,
    eventId: full.event.id,
    entityId: entity.id,
    year,
    type: input.type,
    termDays,
    text: input.text,
    displayText: null,
    reasons: input.reasons ?? null,
    annexes: input.annexes ?? [],
    anonymous: input.anonymous ?? false,
    identityReserve: input.identityReserve ?? false,
    name: input.name ?? null,
    email: input.email?.toLowerCase() ?? null,
    phone: input.phone ?? null,
    documentType: input.documentType ?? null,
    documentNumber: input.documentNumber ?? null,
    address: input.address ?? null,
    channel,
    receivedBy: receivedByOf(opts.user, channel),
    areaKey: input.area ?? null,
    status: 'received' as const,
    statusReason: null,
    answer: null,
    answeredAt: null,
    answeredOn: null,
    answeredBy: null,
    answerPublished: false,
    forwardedTo: null,
    forwardedAt: null,
    forwardedOn: null,
    // The last day to forward it, should the entity not be competent (Ley 1755, art. 21).
    forwardDueDate: addBusinessDays(entity.country, received, FORWARD_TERM_DAYS, calendar.changes),
    completionRequestedOn: null,
    completionRequest: null,
    completionDeadline: null,
    completedOn: null,
    desistedOn: null,
    desistedFrom: null,
    desistedFromReason: null,
    continuedExOfficioAt: null,
    extensionNoticeDate: null,
    extendedDueDate: null,
    pinned: false,
    mergedInto: null,
    votes: 0,
    receivedAt: now.toISOString(),
    receivedOn,
    dueDate: addBusinessDays(entity.country, received, termDays, calendar.changes),
    approvedAt: null,
    receiptToken: toBase64Url(randomBytes(18)),
    updatedAt: null,
  }
  const constancia = constanciaAtIntake(full, base, input.verbal ?? channel === 'presencial')
  const radicado = takenRadicado(prefix, entity.id, year)
  const receivedAt = takenReceipt(entity.id, year)
  const row = {
    ...base,
    seq: takenNumber(entity.id, year),
    radicado,
    receivedAt,
    constancia: sql`json_set(${JSON.stringify(constancia)}, '$.radicado', ${radicado}, '$.receivedAt', ${receivedAt})`,
  }
  const snapshot = webhookQuestion({ ...base, radicado: '', seq: 0, constancia, createdAt: '' }, full)
  const hooks = deliveryStmts(
    db,
    endpoints,
    'question.created',
    snapshot,
    now,
    (json) =>
      sql`json_set(${json}, '$.data.radicado', (select radicado from questions where id = ${id}), '$.data.receivedAt', (select received_at from questions where id = ${id}))`,
  )
  const batch: Stmt[] = [
    calendar.guard,
    dayGuard(db, entity.id, nextLocalDay(now, zone).toISOString()),
    ...stmts,
    prefixGuard(db, entity.id, prefix),
    takeNumber(db, entity.id, year, base.receivedAt),
    db.insert(questions).values(row as never),
  ]
  batch.push(...hooks)
  if (opts.idem)
    batch.push(recordAnswer(db, opts.idem, { status: 201, resourceType: 'question', resourceId: id }))
  const audit = opts.user && {
    actor: `user:${opts.user.id}`,
    action: 'question.file',
    subjectType: 'question',
    subjectId: id,
    eventId: full.event.id,
    data: { type: input.type, channel },
  }
  try {
    if (audit) await commitAudited(db, batch, [audit], now)
    else await commit(db, batch as [Stmt, ...Stmt[]])
  } catch (err) {
    if (opts.idem && isKeyRace(err)) return submitQuestion(deps, slug, input, opts)
    // The calendar changed between the reads and the commit: the due date is computed again.
    if (isCalendarRace(err) && (opts.attempt ?? 0) < 3)
      return submitQuestion(deps, slug, input, { ...opts, attempt: (opts.attempt ?? 0) + 1 })
    // A receipt of the next local day was committed meanwhile, or staff changed the prefix: filed again.
    if (isSeriesGuard(err) && (opts.dayAttempt ?? 0) < 10)
      return submitQuestion(deps, slug, input, { ...opts, dayAttempt: (opts.dayAttempt ?? 0) + 1 })
    if (
      isPrefixTaken(err) ||
      /questions\.radicado|questions_radicado_uq/.test(String((err as Error).cause ?? err))
    ) {
      // Another entity whose name gives the same prefix took it for its first question at the same
      // moment: filed again, this entity derives the next free one (SDE2).
      if ((opts.prefixAttempt ?? 0) < 2)
        return submitQuestion(deps, slug, input, { ...opts, prefixAttempt: (opts.prefixAttempt ?? 0) + 1 })
      throw new ApiError('RADICADO_PREFIX_TAKEN')
    }
    throw err
  }
  const created = (await requireQuestion(db, id)).question
  await announce(deps, { ...full, question: created }, null)
  return { question: created, replayed: false }
}
