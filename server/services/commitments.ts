import { eq, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import { newId } from '../../db/ids'
import {
  type Commitment,
  type CommitmentFollowUp,
  commitmentFollowUps,
  commitments,
  questions,
} from '../../db/schema'
import type { Deps, SessionUser } from '../env'
import { ApiError } from '../errors'
import type { CreateCommitmentInput, FollowUpInput, UpdateCommitmentInput } from '../schemas/commitments'
import { commitAudited } from './audit'
import { localDate } from './calendar'
import { axisAsKept, requireCommitment } from './commitment-queries'
import { invalid, movedOnlyByRescheduling, rescheduleOf, settle } from './commitment-rules'
import { type CommitmentRow, commitmentView } from './commitment-views'
import { type EventFull, requireEvent } from './events'
import { decideAfresh, isStale, unlessChanged } from './stale'
import { outboxStmts } from './webhooks'

const checkArea = (full: EventFull, key: string | undefined) => {
  if (key !== undefined && !full.areas.some((a) => a.key === key)) throw new ApiError('AREA_UNKNOWN')
}

/** Commits the change with its audit entry and its webhook message (built from the row as it will be). */
async function save(
  deps: Deps,
  full: EventFull,
  after: CommitmentRow,
  stmts: Stmt[],
  audit: { actor: string; action: string; data: unknown },
  before: CommitmentRow | null,
) {
  const { db } = deps
  const now = deps.now()
  const id = after.commitment.id
  const data = { ...commitmentView(after, full.areas, true), event: { slug: full.event.slug } }
  const type = before ? 'commitment.updated' : 'commitment.created'
  stmts.push(...(await outboxStmts(db, full.entity.id, type, data, now)))
  const entry = { ...audit, subjectType: 'commitment', subjectId: id, eventId: full.event.id }
  await commitAudited(db, stmts, [entry], now)
  const { row } = await requireCommitment(db, id)
  await announceCommitment(deps, full, row, before)
  return row
}

/** Moderators follow every commitment; the public stream, published ones only. */
async function announceCommitment(
  deps: Deps,
  full: EventFull,
  row: CommitmentRow,
  before: CommitmentRow | null,
) {
  const id = full.event.id
  const type = before ? 'commitment.updated' : 'commitment.created'
  await deps.live.publish(id, { type, audience: 'moderation', data: commitmentView(row, full.areas, true) })
  if (row.commitment.published)
    await deps.live.publish(id, { type, audience: 'public', data: commitmentView(row, full.areas, false) })
  else if (before?.commitment.published)
    await deps.live.publish(id, {
      type: 'commitment.removed',
      audience: 'public',
      data: { id: row.commitment.id },
    })
}

export async function createCommitment(
  deps: Deps,
  user: SessionUser,
  slug: string,
  input: CreateCommitmentInput,
) {
  const { db } = deps
  const full = await requireEvent(db, slug, { staff: true })
  let question = null
  if (input.questionId) {
    ;[question] = await db.select().from(questions).where(eq(questions.id, input.questionId)).limit(1)
    if (!question || question.eventId !== full.event.id) throw new ApiError('QUESTION_NOT_FOUND')
    // Its radicado is published with the commitment: an annulled number or a hidden question is not one
    // the entity answers with a commitment.
    if (question.status === 'annulled' || question.status === 'hidden')
      invalid('questionId', {
        es: 'Esa pregunta está anulada u oculta: un compromiso no la responde.',
        en: 'That question is annulled or hidden: a commitment does not answer it.',
      })
  } else if (input.origin === 'pregunta')
    invalid('questionId', {
      es: 'Indique la pregunta a la que responde el compromiso.',
      en: 'Give the question the commitment answers.',
    })
  const areaKey =
    input.area ??
    question?.areaKey ??
    invalid('area', { es: 'Indique el área responsable.', en: 'Give the responsible area.' })
  checkArea(full, areaKey)
  const { status, progress, dueDate, dueMonth } = settle(
    null,
    input,
    localDate(deps.now(), full.event.timezone),
  )
  const now = deps.now().toISOString()
  const commitment: Commitment = {
    id: newId(),
    eventId: full.event.id,
    questionId: question?.id ?? null,
    description: input.description,
    areaKey,
    responsible: input.responsible ?? null,
    activity: input.activity ?? null,
    axis: input.axis ? await axisAsKept(db, full.event.id, input.axis) : null,
    origin: input.origin ?? (question ? 'pregunta' : 'entidad'),
    observation: input.observation ?? null,
    contribution: input.contribution ?? null,
    dueDate,
    dueMonth,
    status,
    progress,
    published: input.published ?? false,
    createdAt: now,
    updatedAt: null,
  }
  datedIfPublished(commitment)
  const after = { commitment, radicado: question?.radicado ?? null, followUps: [] }
  const audit = { actor: `user:${user.id}`, action: 'commitment.create', data: input }
  return {
    row: await save(deps, full, after, [db.insert(commitments).values(commitment)], audit, null),
    full,
  }
}

/**
 * DOMAIN.md: each commitment has a due date or month, and is published so citizens can check it. One
 * may be noted during the event before its date is agreed, but it is published only with one.
 */
function datedIfPublished(c: Pick<Commitment, 'published' | 'dueDate' | 'dueMonth'>) {
  if (c.published && !c.dueDate && !c.dueMonth)
    invalid('dueDate', {
      es: 'Para publicar un compromiso indique su fecha o su mes de cumplimiento: con ella lo sigue la ciudadanía.',
      en: 'To publish a commitment, give the date or the month it is due: citizens follow it by that date.',
    })
}

/**
 * A commitment's change is decided on the row as read (publishing needs a date, its status and progress
 * follow rules, its webhook and live message carry the whole row), so it is written only if the row is
 * still as read (`unlessChanged` on its description), else decided again on the fresh row: a "publish"
 * and a "remove the date" sent at once can no longer both pass.
 */
const onFreshRow = <T>(decide: () => Promise<T>) =>
  decideAfresh(decide, (err) => isStale(err, 'commitments', 'description'))
const unchangedSince = (before: Commitment, description: string) =>
  unlessChanged(sql`${commitments.updatedAt} is ${before.updatedAt}`, description)

/**
 * The row's new `updatedAt`, always after the one it replaces: it is the version staff send back as
 * `expectedUpdatedAt`, so two changes in one millisecond (or under a stopped clock) must not share it.
 */
function nextVersion(now: Date, before: Commitment) {
  const at = now.toISOString()
  if (!before.updatedAt || at > before.updatedAt) return at
  return new Date(Date.parse(before.updatedAt) + 1).toISOString()
}

export const updateCommitment = (deps: Deps, user: SessionUser, id: string, patch: UpdateCommitmentInput) =>
  onFreshRow(() => changeCommitment(deps, user, id, patch))

async function changeCommitment(deps: Deps, user: SessionUser, id: string, patch: UpdateCommitmentInput) {
  const { db } = deps
  const { row: before, full } = await requireCommitment(db, id)
  // Two staff members on one commitment: a change made on a version that another has since changed is
  // refused rather than written over theirs.
  const { area, expectedUpdatedAt, ...rest } = patch
  if (expectedUpdatedAt !== undefined && expectedUpdatedAt !== before.commitment.updatedAt)
    throw new ApiError('COMMITMENT_CHANGED')
  checkArea(full, area)
  // A question may carry a citizen's observation or contribution, so a commitment with one may have
  // another origin; the origin «pregunta» needs its question.
  if (rest.origin === 'pregunta' && !before.commitment.questionId)
    invalid('origin', {
      es: 'El origen «pregunta» es el de un compromiso que responde a una pregunta: este no tiene.',
      en: 'The origin «pregunta» is that of a commitment that answers a question: this one has none.',
    })
  const now = deps.now()
  const set: Partial<Commitment> = {
    ...rest,
    ...settle(before.commitment, rest, localDate(now, full.event.timezone)),
    updatedAt: nextVersion(now, before.commitment),
  }
  if (area) set.areaKey = area
  if (rest.axis) set.axis = await axisAsKept(db, full.event.id, rest.axis, id)
  const after = { ...before, commitment: { ...before.commitment, ...set } }
  datedIfPublished(after.commitment)
  movedOnlyByRescheduling(before.commitment, after.commitment)
  const description = unchangedSince(before.commitment, after.commitment.description)
  const stmts: Stmt[] = [
    db
      .update(commitments)
      .set({ ...set, description })
      .where(eq(commitments.id, id)),
  ]
  // A reschedule made by editing is kept as a follow-up of today, as one recorded as a follow-up is.
  const moved = rescheduleOf(before.commitment, after.commitment)
  if (moved) {
    const followUp: CommitmentFollowUp = {
      id: newId(),
      commitmentId: id,
      date: localDate(now, full.event.timezone),
      note: '',
      progress: after.commitment.progress,
      status: 'reprogramado',
      ...moved,
      author: user.email,
      createdAt: now.toISOString(),
    }
    stmts.push(db.insert(commitmentFollowUps).values(followUp))
    after.followUps = [...before.followUps, followUp]
  }
  const audit = { actor: `user:${user.id}`, action: 'commitment.update', data: patch }
  return { row: await save(deps, full, after, stmts, audit, before), full }
}

const futureFollowUp = {
  es: (today: string) =>
    `Un seguimiento registra algo ya ocurrido: la fecha no puede ser posterior a hoy (${today}).`,
  en: (today: string) =>
    `A follow-up records something that already happened: the date cannot be after today (${today}).`,
}

const earlyFollowUp = {
  es: (made: string) =>
    `Un seguimiento registra lo ocurrido desde que se adquirió el compromiso: la fecha no puede ser anterior al ${made}.`,
  en: (made: string) =>
    `A follow-up records what happened since the commitment was made: the date cannot be before ${made}.`,
}

/**
 * Whether a follow-up dated `date` says where the commitment now stands: none of those that gave a
 * status or a progress is dated after it (on the same day, the one recorded last).
 */
const isLatest = (followUps: CommitmentFollowUp[], date: string) =>
  followUps.every((f) => (f.status === null && f.progress === null) || f.date <= date)

const earlierReschedule = {
  es: 'Solo el seguimiento más reciente puede reprogramar el compromiso: hay otro con fecha posterior a esta.',
  en: 'Only the latest follow-up can reschedule the commitment: another one is dated after this date.',
}

/**
 * A dated follow-up note; its progress and status become the commitment's when it is the latest. It records what already
 * happened, so its date is today or earlier, "today" being the calendar date where the event is held.
 */
export const addFollowUp = (deps: Deps, user: SessionUser, id: string, input: FollowUpInput) =>
  onFreshRow(() => recordFollowUp(deps, user, id, input))

async function recordFollowUp(deps: Deps, user: SessionUser, id: string, input: FollowUpInput) {
  const { db } = deps
  const { row: before, full } = await requireCommitment(db, id)
  const now = deps.now()
  const today = localDate(now, full.event.timezone)
  // ISO dates compare as text.
  if (input.date && input.date > today)
    invalid('date', { es: futureFollowUp.es(today), en: futureFollowUp.en(today) })
  // Nor before the commitment was made: at its event, or, noted later, on the day it was noted.
  const made = [
    localDate(new Date(full.event.startsAt), full.event.timezone),
    localDate(new Date(before.commitment.createdAt), full.event.timezone),
  ].sort()[0]
  if (input.date && input.date < made)
    invalid('date', { es: earlyFollowUp.es(made), en: earlyFollowUp.en(made) })
  const followUp: CommitmentFollowUp = {
    id: newId(),
    commitmentId: id,
    date: input.date ?? today,
    note: input.note,
    progress: input.progress ?? null,
    status: input.status ?? null,
    dueBefore: null,
    dueAfter: null,
    author: user.email,
    createdAt: now.toISOString(),
  }
  const change = {
    status: input.status,
    progress: input.progress,
    dueDate: input.dueDate,
    dueMonth: input.dueMonth,
  }
  const current = isLatest(before.followUps, followUp.date)
  if (!current && (change.status === 'reprogramado' || change.dueDate || change.dueMonth))
    invalid('date', earlierReschedule)
  // One dated before the latest that moved the commitment is its history: it is checked, not applied.
  const settled = settle(current ? before.commitment : null, change, today)
  const set: Partial<Commitment> = {
    ...(current ? settled : {}),
    updatedAt: nextVersion(now, before.commitment),
  }
  // A follow-up moves the due date only to reschedule.
  if ((change.dueDate || change.dueMonth) && set.status !== 'reprogramado')
    invalid('dueDate', {
      es: 'Un seguimiento cambia la fecha del compromiso solo al reprogramarlo (estado «Reprogramado»).',
      en: "A follow-up changes the commitment's date only to reschedule it (status «Rescheduled»).",
    })
  const moved = current ? rescheduleOf(before.commitment, settled) : null
  if (moved) Object.assign(followUp, moved)
  const after = {
    ...before,
    commitment: { ...before.commitment, ...set },
    // As listed: by date, then as recorded.
    followUps: [...before.followUps, followUp].sort((a, b) =>
      a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1,
    ),
  }
  const stmts: Stmt[] = [
    db.insert(commitmentFollowUps).values(followUp),
    db
      .update(commitments)
      .set({ ...set, description: unchangedSince(before.commitment, before.commitment.description) })
      .where(eq(commitments.id, id)),
  ]
  const audit = { actor: `user:${user.id}`, action: 'commitment.follow_up', data: input }
  return { row: await save(deps, full, after, stmts, audit, before), full }
}
