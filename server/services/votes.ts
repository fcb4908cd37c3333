import { and, eq, type SQL, sql } from 'drizzle-orm'
import { commit, type Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { questions, questionVotes } from '../../db/schema'
import type { Deps } from '../env'
import { ApiError } from '../errors'
import { sha256Hex } from './crypto'
import { requireEvent } from './events'
import { onWall } from './question-views'
import { attendeeOf } from './response-statements'
import { tokenHashOf } from './token-seal'

/**
 * Recomputes a question's votes inside the batch: distinct voters over it and its merged duplicates,
 * so merging two questions someone voted for counts that person once.
 */
export const recount = (db: Db, id: string): Stmt =>
  db
    .update(questions)
    .set({ votes: votersOf(id) })
    .where(eq(questions.id, id))

/** Distinct voters over question `id` (a value, or the row being updated) and its merged duplicates. */
const votersOf = (id: string | SQL) =>
  sql`(select count(distinct voter_key) from question_votes where question_id = ${id} or question_id in (select q2.id from questions q2 where q2.merged_into = ${id}))`

/**
 * The same count for the question `id` has been merged into, if it has been by the time the batch runs:
 * a vote read before a merge and committed after it still reaches the primary's count.
 */
const recountPrimaryOf = (db: Db, id: string): Stmt =>
  db
    .update(questions)
    .set({ votes: votersOf(sql`"questions"."id"`) })
    .where(sql`${questions.id} = (select q3.merged_into from questions q3 where q3.id = ${id})`)

/** The registration behind an attendee token, if the token belongs to one of this event's attendees. */
async function attendeeByToken(db: Db, eventId: string, token: string): Promise<string | null> {
  const [found] = await attendeeOf(db, { tokenHash: tokenHashOf(token), eventId })
  return found?.id ?? null
}

/** The voter: the registered attendee when the token is theirs, else the device. */
async function voterKeyOf(db: Db, eventId: string, voter: Voter): Promise<string> {
  const attendee = voter.attendeeToken ? await attendeeByToken(db, eventId, voter.attendeeToken) : null
  if (attendee) return `att:${attendee}`
  // A stale or foreign attendee token falls back to the device, which counts once all the same.
  if (voter.deviceToken) return `dev:${await sha256Hex(voter.deviceToken)}`
  const path = voter.attendeeToken ? 'attendeeToken' : 'X-Device-Token'
  const message = voter.attendeeToken
    ? {
        es: 'Ese token no corresponde a un asistente del evento.',
        en: 'That token belongs to no attendee of the event.',
      }
    : {
        es: 'Envíe el token del asistente o del dispositivo.',
        en: "Send the attendee's or the device's token.",
      }
  throw new ApiError('VALIDATION_ERROR', { issues: [{ path, message }] })
}

export type Voter = { attendeeToken?: string; deviceToken?: string }

/** One vote per registered attendee (by their attendee token) or, without one, per device. */
export async function vote(deps: Deps, slug: string, questionId: string, voter: Voter) {
  const { db } = deps
  const full = await requireEvent(db, slug)
  // The wall's order and counts go into the report: once the event is closed they stay as they were.
  if (full.event.status === 'closed') throw new ApiError('EVENT_CLOSED')
  const [found] = await db.select().from(questions).where(eq(questions.id, questionId)).limit(1)
  if (!found || found.eventId !== full.event.id) throw new ApiError('QUESTION_NOT_FOUND')
  // A vote for a duplicate counts for the question it was merged into.
  const [target] = found.mergedInto
    ? await db.select().from(questions).where(eq(questions.id, found.mergedInto)).limit(1)
    : [found]
  if (!target || !onWall(target)) throw new ApiError('QUESTION_NOT_PUBLIC')
  const voterKey = await voterKeyOf(db, full.event.id, voter)
  // Counted when it is this person's first vote for the question or any duplicate merged into it: one
  // who voted for a duplicate already counts for it, and voting for it too (or for the duplicate again)
  // adds nothing. The row is kept all the same: should the duplicate be unmerged, both keep the vote.
  // The earlier vote is looked for by key in each duplicate, not counted: votes are a live path.
  const [[earlier], inserted, , [after]] = await commit(db, [
    db
      .select({ id: questionVotes.questionId })
      .from(questionVotes)
      .where(
        and(
          eq(questionVotes.voterKey, voterKey),
          sql`${questionVotes.questionId} in (select q2.id from questions q2 where q2.merged_into = ${target.id})`,
        ),
      )
      .limit(1),
    db.insert(questionVotes).values({ questionId: target.id, voterKey }).onConflictDoNothing().returning(),
    recount(db, target.id),
    db.select({ votes: questions.votes }).from(questions).where(eq(questions.id, target.id)),
    recountPrimaryOf(db, target.id),
  ])
  const counted = inserted.length > 0 && !earlier
  if (counted)
    await deps.live.publish(full.event.id, {
      type: 'question.votes',
      audience: 'public',
      data: { id: target.id, votes: after.votes },
    })
  return { questionId: target.id, votes: after.votes, counted }
}
