import { and, ne, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { attendanceCounters, formCounters, formTexts, questions } from '../../db/schema'
import { someCause } from '../errors'
import { attendanceMark, formsMark, item, type Plan, VOTES } from './maintenance-plan'

type Marked = [string, Plan][]

// The events whose raw rows no longer match the marks their plans were computed from.
const moving = (plans: Marked) =>
  sql`from json_each(${JSON.stringify(plans.map(([id, p]) => [id, ...p.marks!]))}) m where ${attendanceMark(item(0))} is not ${item(1)} or ${formsMark(item(0))} is not ${item(2)}`

/** A statement that fails (NOT NULL) when any of the events has moved, rolling the batch back. */
export const guard = (db: Db, plans: Marked): Stmt =>
  db.insert(attendanceCounters).select(sql`select '#guard', '#guard', '', null, null ${moving(plans)}`)

/** Which of the events have moved since planned: one query, to tell the guard's culprits. */
export async function moved(db: Db, plans: Marked): Promise<string[]> {
  const rows = await db.all<{ id: string }>(sql`select ${item(0)} as id ${moving(plans)}`)
  return rows.map((r) => r.id)
}
export const isGuard = (err: unknown) =>
  someCause(err, (e) => /attendance_counters\.count/.test(String(e.message)))

/**
 * Rows as JSON arrays, in runs of at most ~400,000 characters: each run is one parameter of one
 * statement (D1 binds 100 parameters a statement, each a string of at most 2 MB).
 */
function jsonRuns(rows: unknown[][]): string[] {
  const runs: string[] = []
  let part: string[] = []
  let size = 0
  for (const r of rows) {
    const j = JSON.stringify(r)
    if (part.length && size + j.length > 400_000) {
      runs.push(`[${part.join(',')}]`)
      part = []
      size = 0
    }
    part.push(j)
    size += j.length + 1
  }
  if (part.length) runs.push(`[${part.join(',')}]`)
  return runs
}

const columns = (n: number) =>
  sql.join(
    Array.from({ length: n }, (_, i) => item(i)),
    sql`, `,
  )
const fromJson = (json: string, n: number) => sql`select ${columns(n)} from json_each(${json}) m`

/** The statements that rewrite the counters of `plans`' events: a constant few, whatever their number. */
export function rewrite(db: Db, plans: [string, Plan][]): Stmt[] {
  const ids = plans.map(([id]) => id)
  const formIds = plans.flatMap(([, p]) => p.frm.formIds)
  const att = plans.flatMap(([id, p]) =>
    [...p.att.values()].map((r) => [id, r.dimension, r.value, r.label ?? null, r.count]),
  )
  const counters = plans.flatMap(([, p]) =>
    [...p.frm.counters.values()].map((r) => [r.formId, r.questionId, r.value, r.count]),
  )
  const texts = plans.flatMap(([id, p]) =>
    [...p.frm.texts.values()].map((r) => [id, r.formKey, r.questionId, r.norm, r.label ?? '', r.count]),
  )
  return [
    guard(db, plans),
    db.delete(attendanceCounters).where(inList(attendanceCounters.eventId, ids)),
    ...jsonRuns(att).map((j) => db.insert(attendanceCounters).select(fromJson(j, 5))),
    ...(formIds.length ? [db.delete(formCounters).where(inList(formCounters.formId, formIds))] : []),
    ...jsonRuns(counters).map((j) => db.insert(formCounters).select(fromJson(j, 4))),
    db.delete(formTexts).where(inList(formTexts.eventId, ids)),
    ...jsonRuns(texts).map((j) => db.insert(formTexts).select(fromJson(j, 6))),
    db
      .update(questions)
      .set({ votes: VOTES })
      .where(and(inList(questions.eventId, ids), ne(questions.votes, VOTES))),
  ]
}
