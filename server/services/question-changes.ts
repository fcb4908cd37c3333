import { eq, type SQL, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import { type Question, questions } from '../../db/schema'
import type { Deps } from '../env'
import { ApiError } from '../errors'
import { identityFields } from '../schemas/questions'
import { type AuditInput, commitAudited } from './audit'
import { type Constancia, completionOf, petitionerOf } from './constancia'
import { announce, announceCurrent } from './question-events'
import { ANSWERED, answeredOnlyInPublic } from './question-status'
import { type QuestionFull, webhookQuestion } from './question-views'
import { requireQuestion } from './questions'
import { decideAfresh, isStale, unlessChanged } from './stale'
import { outboxStmts } from './webhooks'

/**
 * A question's change. The first is audited with the decision's actions; each after it with its own
 * `actions`, or else as a duplicate that took the primary's answer.
 */
export type Change = {
  before: Question
  set: Partial<Question>
  actions?: { action: string; data: unknown }[]
  /** The entity continues it ex officio (Ley 1755, art. 18): the constancia records it. */
  exOfficio?: { desistedOn: string; resolution: string }
  /** Entries the constancia takes as they are, over those the change's fields give it (`termAgain`). */
  constancia?: Record<string, unknown>
}

/**
 * The answer of `primary` as a duplicate merged into it takes it. Published if the primary's is, and
 * whatever the primary's, if the duplicate has no contact: its radicado is the one way its petitioner
 * gets the answer (an e-mailed primary's answer is kept back by default). A duplicate already answered
 * (at its merge, say, later than the primary and in writing) takes the text of an answer corrected
 * afterwards, and keeps how, when and by whom it was answered: what its term is judged on.
 */
export const answerFields = (primary: Question, duplicate: Question): Partial<Question> => ({
  ...(ANSWERED.includes(duplicate.status) && duplicate.answeredAt
    ? {}
    : {
        status: primary.status,
        answeredAt: primary.answeredAt,
        answeredOn: primary.answeredOn,
        answeredBy: primary.answeredBy,
      }),
  answer: primary.answer,
  answerPublished: primary.answerPublished || (primary.answer !== null && answeredOnlyInPublic(duplicate)),
})

/**
 * The constancia keeps the answer once given (and its later corrections), an extension with its reason
 * when it is given, and a forwarding with its date, in the same statement.
 */
function withConstancia(
  set: Partial<Question>,
  after: Question,
  at: string,
  exOfficio?: Change['exOfficio'],
  extra: Change['constancia'] = {},
) {
  const kept: SQL[] = []
  // Answered by its merge into another petition: it still was, whatever the text says now.
  const merged = (after.constancia as Constancia | null)?.answer?.merged
  if (set.answer !== undefined)
    kept.push(
      sql`'$.answer', json(${JSON.stringify({
        text: after.answer,
        at: after.answeredAt,
        on: after.answeredOn,
        by: after.answeredBy,
        live: after.status === 'answered_live',
        ...(merged ? { merged } : {}),
      })})`,
    )
  if (set.extendedDueDate && !extra.extension)
    kept.push(
      sql`'$.extension', json(${JSON.stringify({
        dueDate: after.extendedDueDate,
        noticeDate: after.extensionNoticeDate,
        reason: after.statusReason,
      })})`,
    )
  if (set.forwardedAt)
    kept.push(
      sql`'$.forwarding', json(${JSON.stringify({
        to: after.forwardedTo,
        at: after.forwardedAt,
        on: after.forwardedOn,
        dueDate: after.forwardDueDate,
        reason: after.statusReason,
      })})`,
    )
  // An incomplete petition (art. 17): what was asked of the petitioner, and once completed, the due date
  // counted again.
  if (
    (set.completionRequestedOn !== undefined ||
      set.completedOn !== undefined ||
      set.completionDeadline !== undefined) &&
    !extra.completion
  )
    kept.push(sql`'$.completion', json(${JSON.stringify(completionOf(after))})`)
  if (set.completedOn && !extra.dueDate) kept.push(sql`'$.dueDate', ${after.dueDate}`)
  if (set.status === 'withdrawn')
    kept.push(sql`'$.withdrawal', json(${JSON.stringify({ at, reason: after.statusReason })})`)
  // Withdrawn by the petitioner (art. 18): the day they said so and how, as staff recorded it.
  if (set.status === 'desisted')
    kept.push(
      sql`'$.desistance', json(${JSON.stringify({ on: after.desistedOn, how: after.statusReason, at })})`,
    )
  // Continued ex officio for public interest (art. 18): the resolution, and when it was recorded, after
  // which a withdrawal recorded before no longer ends its term.
  if (exOfficio) kept.push(sql`'$.exOfficio', json(${JSON.stringify({ ...exOfficio, at })})`)
  for (const [key, value] of Object.entries(extra))
    kept.push(sql`${`$.${key}`}, json(${JSON.stringify(value)})`)
  // A petitioner's data corrected at their request: the constancia names them as they now are, and says
  // when it was corrected.
  if (identityFields.some((k) => set[k] !== undefined))
    kept.push(
      sql`'$.petitioner', json(${JSON.stringify(petitionerOf(after))})`,
      sql`'$.petitionerRectifiedAt', ${at}`,
    )
  if (!kept.length) return set
  return { ...set, constancia: sql`json_set(constancia, ${sql.join(kept, sql`, `)}, '$.updatedAt', ${at})` }
}

/**
 * The new status, written only if the row is still the one the decision was taken on: its status and
 * its `updated_at` as read (`unlessChanged`). Two moderators acting at once, or one double-click, cannot
 * both write, audit and announce a decision taken on the same state.
 */
const unchanged = (before: Question, status: Question['status']) =>
  unlessChanged(
    sql`${questions.status} = ${before.status} and ${questions.updatedAt} is ${before.updatedAt}`,
    status,
  )

/**
 * Runs a decision on a question again from a fresh read when its commit found the question changed:
 * the second of two decisions is then refused as ALREADY_IN_STATUS or QUESTION_CHANGED, say, or applied
 * on top when it still applies.
 */
export const onFreshRead = <T>(decide: () => Promise<T>) =>
  decideAfresh(
    decide,
    (err) => isStale(err, 'questions', 'status'),
    () => new ApiError('QUESTION_CHANGED'),
  )

/**
 * Commits question changes (the one moderated and any duplicates it answers) with their audit
 * entries and webhook messages in one batch, then announces each to the live streams.
 */
export async function commitChanges(
  deps: Deps,
  full: QuestionFull,
  changes: Change[],
  opts: {
    /** Run first; those that return rows with an `id` changed those questions, which are announced. */
    pre?: Stmt[]
    post?: Stmt[]
    others?: (string | null)[]
    actions: { action: string; data: unknown }[]
    actor: string
  },
) {
  const { db } = deps
  const now = deps.now()
  const at = now.toISOString()
  const stmts: Stmt[] = [...(opts.pre ?? [])]
  const audits: AuditInput[] = []
  const subject = { actor: opts.actor, subjectType: 'question', eventId: full.event.id }
  for (const [i, { before, set: decided, actions, exOfficio, constancia }] of changes.entries()) {
    // Continued ex officio, with the withdrawal or after it: kept on the question at the instant its
    // constancia and audit entry give (ex-officio.ts).
    const set = exOfficio ? { ...decided, continuedExOfficioAt: at } : decided
    const after = { ...before, ...set }
    stmts.push(
      db
        .update(questions)
        .set({
          ...withConstancia(set, after, at, exOfficio, constancia),
          status: unchanged(before, after.status),
        })
        .where(eq(questions.id, before.id)),
    )
    stmts.push(
      ...(await outboxStmts(db, full.entity.id, 'question.updated', webhookQuestion(after, full), now)),
    )
    const own =
      i === 0
        ? opts.actions
        : (actions ?? [{ action: 'question.answer_merged', data: { primary: full.question.id } }])
    for (const a of own) audits.push({ ...subject, subjectId: before.id, ...a })
  }
  stmts.push(...(opts.post ?? []))
  const results = await commitAudited(db, stmts, audits, now)
  const moved = (opts.pre ?? []).flatMap((_, i) =>
    Array.isArray(results[i]) ? (results[i] as { id?: unknown }[]).map((r) => r?.id) : [],
  )
  const updated = await requireQuestion(db, full.question.id)
  for (const { before } of changes) {
    const fresh = before.id === full.question.id ? updated : await requireQuestion(db, before.id)
    await announce(deps, fresh, before)
  }
  // Votes, pins and merges may have moved other questions too: their streams hear of them.
  const touched = new Set(changes.map((c) => c.before.id))
  const others = [...(opts.others ?? []), ...moved, updated.question.mergedInto]
  for (const otherId of new Set(others.filter((o): o is string => typeof o === 'string')))
    if (otherId && !touched.has(otherId)) await announceCurrent(deps, await requireQuestion(db, otherId))
  return updated
}
