import { and, asc, count, desc, eq, inArray, isNotNull, isNull, notInArray, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { questions } from '../../db/schema'
import type { ListQuestionsQuery } from '../schemas/questions'

/** Public: the wall, pinned first then by votes (or by time). Staff: everything, with filters. */
export async function listQuestions(db: Db, eventId: string, q: ListQuestionsQuery, staff: boolean) {
  const where: SQL[] = [eq(questions.eventId, eventId)]
  if (!staff)
    where.push(
      isNotNull(questions.approvedAt),
      notInArray(questions.status, ['hidden', 'annulled']),
      isNull(questions.mergedInto),
    )
  if (q.status?.length) where.push(inArray(questions.status, q.status))
  if (q.type) where.push(eq(questions.type, q.type))
  if (q.area === 'none') where.push(isNull(questions.areaKey))
  else if (q.area) where.push(eq(questions.areaKey, q.area))
  const order =
    q.sort === 'time'
      ? [asc(questions.receivedAt), asc(questions.seq)]
      : q.sort === 'recent'
        ? [desc(questions.receivedAt), desc(questions.seq)]
        : q.sort === 'due'
          ? [asc(sql`coalesce(${questions.extendedDueDate}, ${questions.dueDate})`), asc(questions.seq)]
          : [desc(questions.pinned), desc(questions.votes), asc(questions.receivedAt)]
  return db
    .select()
    .from(questions)
    .where(and(...where))
    .orderBy(...order)
    .limit(q.limit ?? 500)
}

/** How many questions of the event are in each status, for the moderation console. */
export async function statusCounts(db: Db, eventId: string) {
  const rows = await db
    .select({ status: questions.status, n: count() })
    .from(questions)
    .where(eq(questions.eventId, eventId))
    .groupBy(questions.status)
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}
