import { and, asc, eq, type SQL, sql } from 'drizzle-orm'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { type Commitment, commitmentFollowUps, commitments, events, questions } from '../../db/schema'
import { ApiError } from '../errors'
import { normText } from './answers'
import type { CommitmentRow } from './commitment-views'
import { type EventFull, findEvent } from './events'

/**
 * The spelling an event already uses for a thematic axis typed again with other capitals, accents or
 * spacing ("Salud", "salud ", "SALUD"): one axis is one group in the work plan and the report, and one
 * filter. The axis as given when the event has none like it.
 */
export async function axisAsKept(db: Db, eventId: string, axis: string, except?: string) {
  const where = [eq(commitments.eventId, eventId), sql`${commitments.axis} is not null`]
  // A commitment whose axis is spelled anew is not held to its own old spelling.
  if (except) where.push(sql`${commitments.id} <> ${except}`)
  const kept = await db
    .selectDistinct({ axis: commitments.axis })
    .from(commitments)
    .where(and(...where))
  const folded = normText(axis)
  return kept.find((k) => k.axis !== null && normText(k.axis) === folded)?.axis ?? axis
}

export async function listCommitments(
  db: Db,
  eventId: string,
  f: { published?: boolean; status?: Commitment['status']; axis?: string; area?: string; ids?: string[] },
): Promise<CommitmentRow[]> {
  const where: SQL[] = [eq(commitments.eventId, eventId)]
  if (f.published) where.push(eq(commitments.published, true))
  if (f.status) where.push(eq(commitments.status, f.status))
  if (f.axis) where.push(eq(commitments.axis, await axisAsKept(db, eventId, f.axis)))
  if (f.area) where.push(eq(commitments.areaKey, f.area))
  if (f.ids) where.push(inList(commitments.id, f.ids))
  const rows = await db
    .select({ commitment: commitments, radicado: questions.radicado })
    .from(commitments)
    .leftJoin(questions, eq(questions.id, commitments.questionId))
    .where(and(...where))
    // By axis, those without one last (SQLite sorts NULL first), then as they were noted.
    .orderBy(
      sql`${commitments.axis} is null`,
      asc(commitments.axis),
      asc(commitments.createdAt),
      asc(commitments.id),
    )
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.commitment.id)
  const notes = await db
    .select()
    .from(commitmentFollowUps)
    .where(inList(commitmentFollowUps.commitmentId, ids))
    .orderBy(asc(commitmentFollowUps.date), asc(commitmentFollowUps.id))
  return rows.map((r) => ({ ...r, followUps: notes.filter((n) => n.commitmentId === r.commitment.id) }))
}

export async function requireCommitment(
  db: Db,
  id: string,
): Promise<{ row: CommitmentRow; full: EventFull }> {
  const [found] = await db
    .select({ eventId: commitments.eventId, slug: events.slug })
    .from(commitments)
    .innerJoin(events, eq(events.id, commitments.eventId))
    .where(eq(commitments.id, id))
    .limit(1)
  if (!found) throw new ApiError('COMMITMENT_NOT_FOUND')
  const [row] = await listCommitments(db, found.eventId, { ids: [id] })
  return { row, full: (await findEvent(db, found.slug))! }
}
