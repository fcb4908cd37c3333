import { and } from 'drizzle-orm'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { type Question, questions } from '../../db/schema'
import { dueOf, TERM_RANK, termRank } from './term-order'

/** The earliest due date in force among the petitions merged into a question, that binds it first. */
export type MergedDue = { dueDate: string; radicado: string; id: string }

const RUNNING = Object.entries(TERM_RANK)
  .filter(([, rank]) => rank === 0)
  .map(([status]) => status)

/**
 * For each of `primaries`, the petition merged into it whose term runs and ends first, when it ends before
 * the primary's own (a duplicate keeps its term: moderation.ts, mergeInto), or when the primary's no longer
 * runs (a hidden duplicate left as it was when its primary was forwarded); else null. Staff only: it names
 * another petition's radicado. One read for a page of questions, by the index on merged_into.
 */
export async function mergedDueFirst(
  db: Db,
  primaries: readonly Pick<Question, 'id' | 'status' | 'dueDate' | 'extendedDueDate' | 'mergedInto'>[],
): Promise<Map<string, MergedDue | null>> {
  const found = new Map<string, MergedDue | null>(primaries.map((p) => [p.id, null]))
  const ids = primaries.filter((p) => !p.mergedInto).map((p) => p.id)
  if (!ids.length) return found
  const dupes = await db
    .select({
      id: questions.id,
      radicado: questions.radicado,
      mergedInto: questions.mergedInto,
      dueDate: questions.dueDate,
      extendedDueDate: questions.extendedDueDate,
      receivedAt: questions.receivedAt,
    })
    .from(questions)
    .where(and(inList(questions.mergedInto, ids), inList(questions.status, RUNNING)))
  const first = new Map<string, (typeof dupes)[number]>()
  for (const d of dupes) {
    const was = first.get(d.mergedInto as string)
    const earlier =
      !was || dueOf(d) < dueOf(was) || (dueOf(d) === dueOf(was) && d.receivedAt < was.receivedAt)
    if (earlier) first.set(d.mergedInto as string, d)
  }
  for (const p of primaries) {
    const d = first.get(p.id)
    if (d && (termRank(p.status) !== 0 || dueOf(d) < dueOf(p)))
      found.set(p.id, { dueDate: dueOf(d), radicado: d.radicado, id: d.id })
  }
  return found
}
