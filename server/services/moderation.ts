import { and, eq, ne, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import { type Question, questions } from '../../db/schema'
import type { Deps, SessionUser } from '../env'
import { ApiError } from '../errors'
import type { ModerateInput } from '../schemas/questions'
import { localDate } from './calendar'
import { calendarFor, isCalendarRace, noCalendar } from './calendar-days'
import type { AnswerMerge } from './constancia'
import { withdrawalAfterContinuation } from './ex-officio'
import { answerFields, type Change, commitChanges, onFreshRead } from './question-changes'
import {
  ANSWERED,
  completionExtended,
  continuedExOfficio,
  following,
  keptPublicIfNeeded,
  mergedRefused,
  refusal,
  statusChange,
  transitionRefused,
} from './question-status'
import { onWall, type QuestionFull, receiptZone } from './question-views'
import { requireQuestion } from './questions'
import { decideAfresh, unlessChanged } from './stale'
import { overdueSince, takesDuplicates, termRank } from './term-order'
import { recount } from './votes'

/**
 * Merging points a duplicate at its primary, and the duplicate takes the primary's disposition at once:
 * its answer, its forwarding, its hold or its extension (`following`). The duplicates already merged into
 * it move with it to the new primary and take the same disposition, each audited and announced (`dupes`).
 */
async function mergeInto(
  deps: Deps,
  full: QuestionFull,
  into: string | null,
  set: Partial<Question>,
  now: Date,
  by: string,
) {
  const { db } = deps
  const q = full.question
  const post: Stmt[] = []
  const dupes: Change[] = []
  if (into === null) {
    if (!q.mergedInto) return { post, dupes, data: null }
    set.mergedInto = null
    // An extension it took with its primary stays: it was told to this petitioner too (the lookup, the
    // webhook), with its date and reason, and a merge undone inside the entity takes none of it back. The
    // date that binds an extended term is the one told, which no calendar change moves, so nothing here
    // is dated and no calendar read needs guarding.
    post.push(recount(db, q.mergedInto), recount(db, q.id))
    return { post, dupes, data: { action: 'question.unmerge', from: q.mergedInto }, answered: null }
  }
  let [primary] = await db.select().from(questions).where(eq(questions.id, into)).limit(1)
  if (primary?.mergedInto)
    [primary] = await db.select().from(questions).where(eq(questions.id, primary.mergedInto))
  // Only a question whose term runs is merged (not one settled, nor one waiting for its petitioner to
  // complete it: its term is its own, arts. 17, 18), and only into one that takes duplicates.
  if (
    !primary ||
    primary.id === q.id ||
    primary.eventId !== q.eventId ||
    !takesDuplicates(primary.status) ||
    termRank(q.status) !== 0
  )
    throw new ApiError('MERGE_INVALID')
  Object.assign(set, { mergedInto: primary.id, pinned: false })
  // Extended, the primary's date is checked against the duplicate's own term, on the calendar as it commits.
  const { changes: calendar, guard } =
    primary.status === 'extended' ? await calendarFor(db, full.entity.country, full.entity.id) : noCalendar
  if (guard) post.push(guard)
  const at = now.toISOString()
  const disposition = (d: Question) => {
    // Each duplicate keeps its own term, and is judged on it (report/pqrsd.ts): merged into a primary
    // already answered or forwarded, it is answered or forwarded now, with the merge, never on the
    // primary's earlier day, which may be before it was received, or before its own due date passed.
    if (ANSWERED.includes(primary.status)) {
      const taken = { ...answerFields(primary, d), answeredAt: at, answeredOn: null }
      // An answer said live reaches it live only while the event runs, and before its term ran out: after
      // either, it is answered in writing, and judged on time or late as one.
      const live =
        primary.status === 'answered_live' &&
        full.event.status !== 'closed' &&
        !overdueSince(d, localDate(now, receiptZone(d, full.event)))
      return live ? taken : { ...taken, status: 'answered' as const }
    }
    const taken = following({ ...full, question: d }, primary, now, calendar, {
      es: 'Prorróguela antes de unirla.',
      en: 'Extend it before merging it.',
    })
    return taken.status === 'forwarded' ? { ...taken, forwardedAt: at, forwardedOn: null } : taken
  }
  // Answered by the merge: the answer keeps its author (answeredBy), and the record says it was the
  // merge that gave it, by whom and when (the constancia, the staff view, the audit log).
  const answered = ANSWERED.includes(primary.status)
    ? {
        constancia: {
          'answer.merged': { id: primary.id, radicado: primary.radicado, by, at } satisfies AnswerMerge,
        },
        action: {
          action: 'question.answer_merged',
          data: { primary: primary.id, radicado: primary.radicado, author: primary.answeredBy },
        },
      }
    : null
  Object.assign(set, disposition({ ...q, ...set }))
  // Duplicates of this question follow it to the new primary, and take what the new primary has given
  // it: merged into the first, they were answered, forwarded or held with it. Read here, each is written
  // only as read; one merged into this question meanwhile moves this question's updated_at, so this
  // decision is taken again with it (the guard on this question's own change).
  const merged = { action: 'question.merge', into: primary.id, radicado: primary.radicado, with: q.id }
  for (const d of await db.select().from(questions).where(eq(questions.mergedInto, q.id)))
    if (d.status !== 'annulled')
      dupes.push({
        before: d,
        set: { mergedInto: primary.id, ...disposition(d), updatedAt: at },
        actions: [{ action: 'question.merge', data: merged }, ...(answered ? [answered.action] : [])],
        ...(answered ? { constancia: answered.constancia } : {}),
      })
  post.push(
    // The annulled ones' pointers too, which they keep and nothing reads.
    db.update(questions).set({ mergedInto: primary.id }).where(eq(questions.mergedInto, q.id)),
    recount(db, primary.id),
    // The primary must still be as read (not merged elsewhere, answered or annulled meanwhile: two
    // questions merged into each other at once would each end a duplicate). Its updated_at moves, so a
    // decision on it taken before it gained this duplicate (answering it, say) is taken again with it.
    db
      .update(questions)
      .set({
        status: unlessChanged(
          sql`${questions.status} = ${primary.status} and ${questions.updatedAt} is ${primary.updatedAt} and ${questions.mergedInto} is null`,
          primary.status,
        ),
        updatedAt: now.toISOString(),
      })
      .where(eq(questions.id, primary.id)),
  )
  if (q.mergedInto && q.mergedInto !== primary.id) post.push(recount(db, q.mergedInto))
  return {
    post,
    dupes,
    data: { action: 'question.merge', into: primary.id, radicado: primary.radicado },
    answered,
  }
}

/**
 * A petition returned to be completed (art. 17) has its term suspended; the duplicates merged into it
 * have their own, which runs on. The moderator separates them first: each is then answered on its term.
 */
async function noDuplicates(deps: Deps, q: Question, withdrawn = false) {
  const dupes = await deps.db
    .select({ radicado: questions.radicado })
    .from(questions)
    .where(and(eq(questions.mergedInto, q.id), ne(questions.status, 'annulled')))
  if (!dupes.length) return
  const list = dupes.map((d) => d.radicado).join(', ')
  // Withdrawn by its petitioner (art. 18), it is never answered: neither would they be, with it.
  if (withdrawn)
    refusal('DESISTANCE_NOT_ALLOWED')(
      `Tiene preguntas unidas (${list}), que se responden con ella y cuyos peticionarios no han desistido: sepárelas antes.`,
      `It has merged questions (${list}), answered with it, whose petitioners have not withdrawn: unmerge them first.`,
    )
  refusal('INCOMPLETE_NOT_ALLOWED')(
    `Tiene preguntas unidas (${list}), cuyo término corre aparte: sepárelas antes de pedir que la completen.`,
    `It has merged questions (${list}), whose terms run on their own: unmerge them before returning it to be completed.`,
  )
}

/** One moderation decision: status, answer, area, display text, pin, merge; audited and announced. */
export const moderateQuestion = (deps: Deps, user: SessionUser, id: string, patch: ModerateInput) =>
  // Decided again on a fresh read when the question or, for a term counted again, the calendar changed.
  decideAfresh(() => onFreshRead(() => moderate(deps, user, id, patch)), isCalendarRace)

async function moderate(deps: Deps, user: SessionUser, id: string, patch: ModerateInput) {
  const { db } = deps
  const full = await requireQuestion(db, id)
  const q = full.question
  if (q.status === 'annulled') throw transitionRefused(q.status, 'answer')
  // Two moderators on one question: the second decision, taken on what the first changed, is refused
  // rather than silently written over it (an answer said live rewritten as an edit, say).
  if (patch.expectedUpdatedAt !== undefined && patch.expectedUpdatedAt !== q.updatedAt)
    throw new ApiError('QUESTION_CHANGED')
  if (patch.status && patch.status === q.status) throw new ApiError('ALREADY_IN_STATUS')
  const now = deps.now()
  const at = now.toISOString()
  const to = patch.status && patch.status !== q.status ? patch.status : null
  // The terms an extension, a request to complete the petition, its completion, the extension of the time
  // to complete it and a continuation ex officio count, on the calendar as it is when they commit: a day
  // recorded between this read and the commit moved the dates it saw, not the one set here, so the commit
  // carries the guard of calendarFor and the decision is taken again on the new calendar.
  const counts =
    to === 'extended' ||
    to === 'incomplete' ||
    q.status === 'incomplete' ||
    patch.extendCompletion ||
    (patch.continueExOfficio && q.status === 'desisted')
  const { changes: calendar, guard } = counts
    ? await calendarFor(db, full.entity.country, full.entity.id)
    : noCalendar
  const set: Partial<Question> = statusChange(full, to, patch, user.email, now, calendar)
  if (to === 'incomplete' || to === 'desisted') await noDuplicates(deps, q, to === 'desisted')
  const actions: { action: string; data: unknown }[] = []
  if (to) actions.push({ action: `question.status`, data: { from: q.status, to, ...patch } })
  // The petitioner withdrew it, but the entity continues ex officio for public interest (art. 18): its
  // status and term stay as they are, or, the withdrawal recorded, are again as they were before it. The
  // withdrawal and the reasoned resolution are kept in the audit log and the constancia.
  let exOfficio: Change['exOfficio']
  let constancia: Change['constancia']
  if (patch.continueExOfficio) {
    const go = continuedExOfficio(full, patch, now, calendar)
    Object.assign(set, go.set)
    exOfficio = { desistedOn: go.desistedOn, resolution: go.reason }
    constancia = go.constancia
    actions.push({
      action: 'question.continued_ex_officio',
      data: {
        ...(go.set.status ? { from: q.status } : {}),
        status: go.set.status ?? q.status,
        desistedOn: go.desistedOn,
        reason: go.reason,
      },
    })
  }
  // A withdrawal, alone or with a continuation, on a petition the entity already continued ex officio.
  if (to === 'desisted' || (patch.continueExOfficio && q.status !== 'desisted')) {
    const continued = q.continuedExOfficioAt
    if (continued) withdrawalAfterContinuation(continued, receiptZone(q, full.event), full.entity.country)
  }
  if (patch.extendCompletion) {
    Object.assign(set, completionExtended(full, now, calendar))
    actions.push({
      action: 'question.completion_extended',
      data: { from: q.completionDeadline, to: set.completionDeadline },
    })
  }
  if (patch.area !== undefined) {
    if (patch.area && !full.areas.some((a) => a.key === patch.area)) throw new ApiError('AREA_UNKNOWN')
    set.areaKey = patch.area
    actions.push({ action: 'question.area', data: { from: q.areaKey, to: patch.area } })
  }
  if (patch.displayText !== undefined) {
    set.displayText = patch.displayText
    actions.push({ action: 'question.display_text', data: { displayText: patch.displayText } })
  }
  if (!to && patch.answer !== undefined) {
    if (q.mergedInto) throw mergedRefused()
    if (!ANSWERED.includes(q.status)) throw transitionRefused(q.status, 'answer')
    set.answer = patch.answer
    actions.push({ action: 'question.answer_edit', data: { answer: patch.answer } })
  }
  if (!to && patch.publishAnswer !== undefined) {
    if (!q.answer) throw transitionRefused(q.status, 'publish')
    keptPublicIfNeeded(q, patch.publishAnswer)
    set.answerPublished = patch.publishAnswer
    actions.push({ action: 'question.publish_answer', data: { published: patch.publishAnswer } })
  }
  const pre: Stmt[] = []
  const post: Stmt[] = []
  const others: (string | null)[] = [q.mergedInto]
  const moved: Change[] = []
  if (patch.mergeInto !== undefined) {
    const merge = await mergeInto(deps, full, patch.mergeInto, set, now, user.email)
    post.push(...merge.post)
    moved.push(...merge.dupes)
    if (merge.data) actions.push({ action: merge.data.action, data: merge.data })
    if (merge.answered) {
      actions.push(merge.answered.action)
      constancia = { ...constancia, ...merge.answered.constancia }
    }
  }
  if (patch.pinned !== undefined && patch.pinned !== q.pinned) {
    if (patch.pinned && !onWall({ ...q, ...set })) throw new ApiError('QUESTION_NOT_PUBLIC')
    // One question on screen per event: the previous one is unpinned first, in the same batch.
    if (patch.pinned) {
      const [shown] = await db
        .select({ id: questions.id })
        .from(questions)
        .where(and(eq(questions.eventId, q.eventId), eq(questions.pinned, true), ne(questions.id, q.id)))
      others.push(shown?.id ?? null)
      // Whatever is pinned when this commits, which may be another than the one read: a pin committed in
      // between. It returns the ids it unpinned, and each is announced (`commitChanges`).
      pre.push(
        db
          .update(questions)
          .set({ pinned: false, updatedAt: at })
          .where(and(eq(questions.eventId, q.eventId), eq(questions.pinned, true), ne(questions.id, q.id)))
          .returning({ id: questions.id }),
      )
    }
    set.pinned = patch.pinned
    actions.push({ action: patch.pinned ? 'question.pin' : 'question.unpin', data: {} })
  }
  if (!onWall({ ...q, ...set })) set.pinned = false
  set.updatedAt = at
  const changes: Change[] = [{ before: q, set, exOfficio, constancia }, ...moved]
  if (guard) post.push(guard)
  // Answering the primary answers every duplicate merged into it; forwarding, holding or extending it
  // does the same to each, in the same commit.
  const answers = set.answer !== undefined || set.answerPublished !== undefined
  const follows = to === 'forwarded' || to === 'pending' || to === 'extended'
  if ((answers || follows) && !q.mergedInto && !set.mergedInto) {
    const after = { ...q, ...set }
    const dupes = await db.select().from(questions).where(eq(questions.mergedInto, q.id))
    for (const d of dupes.filter((d) => d.status !== 'annulled')) {
      const taken = answers
        ? answerFields(after, d)
        : following({ ...full, question: d }, after, now, calendar, {
            es: 'Sepárela antes de prorrogar la principal.',
            en: 'Unmerge it before extending the primary.',
          })
      if (Object.keys(taken).length) changes.push({ before: d, set: { ...taken, updatedAt: at } })
    }
  }
  return commitChanges(deps, full, changes, { pre, post, others, actions, actor: `user:${user.id}` })
}

/** An annulled number keeps its row and its reason; its duplicates stand on their own again. */
export const annulQuestion = (deps: Deps, user: SessionUser, id: string, reason: string) =>
  onFreshRead(() => annul(deps, user, id, reason))

async function annul(deps: Deps, user: SessionUser, id: string, reason: string) {
  const full = await requireQuestion(deps.db, id)
  const q = full.question
  if (q.status === 'annulled') throw transitionRefused(q.status, 'answer')
  const set: Partial<Question> = {
    status: 'annulled',
    statusReason: reason,
    pinned: false,
    updatedAt: deps.now().toISOString(),
  }
  const dupes = await deps.db
    .select({ id: questions.id })
    .from(questions)
    .where(eq(questions.mergedInto, q.id))
  const post: Stmt[] = [
    deps.db.update(questions).set({ mergedInto: null }).where(eq(questions.mergedInto, q.id)),
  ]
  for (const other of [q.mergedInto, ...dupes.map((d) => d.id)]) if (other) post.push(recount(deps.db, other))
  return commitChanges(deps, full, [{ before: q, set }], {
    post,
    others: [q.mergedInto, ...dupes.map((d) => d.id)],
    actions: [{ action: 'question.annul', data: { reason, from: q.status } }],
    actor: `user:${user.id}`,
  })
}
