import type { Question } from '../../db/schema'
import type { Deps } from '../env'
import type { LiveMessage } from '../live/hub'
import { type MergedDue, mergedDueFirst } from './merged-due'
import { onWall, publicQuestion, type QuestionFull, staffQuestion, staffView } from './question-views'

/**
 * Tells the live streams what changed, after the commit. Moderators get the whole record; the public
 * stream only learns of questions entering, changing on, or leaving the wall — never who asked.
 */
export async function announce(deps: Deps, full: QuestionFull, before: Question | null) {
  const { question: q, event, areas } = full
  const messages: LiveMessage[] = []
  const was = before !== null && onWall(before)
  const is = onWall(q)
  if (is && !was)
    messages.push({ type: 'question.approved', audience: 'public', data: publicQuestion(q, areas) })
  else if (!is && was) messages.push({ type: 'question.removed', audience: 'public', data: { id: q.id } })
  else if (is && before) {
    const view = publicQuestion(q, areas)
    if (JSON.stringify(view) !== JSON.stringify(publicQuestion(before, areas)))
      messages.push({ type: 'question.updated', audience: 'public', data: view })
  }
  messages.push({
    type: before ? 'question.updated' : 'question.created',
    audience: 'moderation',
    // A question just filed has nothing merged into it yet: no read on the public submission's path.
    data: before ? await staffView(deps.db, full, 'moderator') : staffQuestion(q, areas, 'moderator', null),
  })
  for (const m of messages) await deps.live.publish(event.id, m)
}

/** A question changed as a side effect (unpinned, votes recounted, unmerged): its current state. */
export async function announceCurrent(deps: Deps, full: QuestionFull) {
  const { question: q, event, areas } = full
  if (onWall(q))
    await deps.live.publish(event.id, {
      type: 'question.updated',
      audience: 'public',
      data: publicQuestion(q, areas),
    })
  await deps.live.publish(event.id, {
    type: 'question.updated',
    audience: 'moderation',
    data: await staffView(deps.db, full, 'moderator'),
  })
}

/**
 * Primaries whose merged petitions' dates moved without their own (a calendar change, calendar-days.ts):
 * each whose merged petition due first is no longer the one `before` read reaches the moderators once,
 * and only them: the public view names no other petition, and nothing of it changed.
 */
export async function announceMergedDue(
  deps: Deps,
  primaries: QuestionFull[],
  before: ReadonlyMap<string, MergedDue | null>,
) {
  // One read for them all, as for a page of the list.
  const now = await mergedDueFirst(
    deps.db,
    primaries.map((p) => p.question),
  )
  for (const { question: q, event, areas } of primaries) {
    const due = now.get(q.id) ?? null
    if (JSON.stringify(due) === JSON.stringify(before.get(q.id) ?? null)) continue
    const data = staffQuestion(q, areas, 'moderator', due)
    await deps.live.publish(event.id, { type: 'question.updated', audience: 'moderation', data })
  }
}
