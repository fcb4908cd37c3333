import { asc, type SQLWrapper, sql } from 'drizzle-orm'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { attendanceCounters, formCounters, formTexts, questions } from '../../db/schema'
import { type Expected, type ExpectedForms, expectedAttendance, expectedForms } from './maintenance-counts'

/**
 * What the counters of a group of events should hold and where they differ from what they hold: each
 * read one query for the whole group (see maintenance.ts), the rows in the order the per-event queries
 * returned them, so the report lists the differences as it always did.
 */
export type Drift = { table: string; key: string; stored: number; actual: number }

// votes.ts `recount`, for every question at once: distinct voters over it and its merged duplicates.
const Q = sql.raw('"questions"."id"')
export const VOTES = sql`(select count(distinct v.voter_key) from question_votes v where v.question_id = ${Q} or v.question_id in (select m.id from questions m where m.merged_into = ${Q}))`

// The raw rows a rebuild was computed from; the batch refuses to run if they changed in between.
export const attendanceMark = (id: SQLWrapper) =>
  sql`(select count(*) || ':' || count(checked_in_at) || ':' || coalesce(max(id), '') || ':' || coalesce(min(id), '') from attendees where event_id = ${id})`
export const formsMark = (id: SQLWrapper) =>
  sql`(select count(*) || ':' || coalesce(max(id), '') from form_responses where event_id = ${id})`
export const item = (i: number) => sql`json_extract(m.value, ${`$[${i}]`})`

/** Each event's marks, in one query. */
async function readMarks(db: Db, ids: string[]) {
  const id = sql.raw('m.value')
  const rows = await db.all<{ id: string; a: string; f: string }>(
    sql`select m.value as id, ${attendanceMark(id)} as a, ${formsMark(id)} as f from json_each(${JSON.stringify(ids)}) m`,
  )
  return new Map(rows.map((r) => [r.id, [r.a, r.f] as const]))
}

function diff<K extends string>(
  table: string,
  expected: Expected<K>,
  stored: (Record<K, string> & { count: number })[],
  fields: K[],
): Drift[] {
  const out: Drift[] = []
  const seen = new Set<string>()
  for (const s of stored) {
    const k = fields.map((f) => s[f]).join('\u0001')
    seen.add(k)
    const actual = expected.get(k)?.count ?? 0
    if (s.count !== actual)
      out.push({ table, key: fields.map((f) => s[f]).join('/'), stored: s.count, actual })
  }
  for (const [k, e] of expected)
    if (!seen.has(k)) out.push({ table, key: fields.map((f) => e[f]).join('/'), stored: 0, actual: e.count })
  return out
}

export type Plan = {
  drift: Drift[]
  marks?: readonly [string, string]
  att: Expected<'dimension' | 'value'>
  frm: ExpectedForms
}

/** Groups `rows` by `of(row)`, each group in the order the rows came (the old per-event query's order). */
function by<T>(rows: T[], of: (r: T) => string) {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const k = of(r)
    const list = out.get(k)
    if (list) list.push(r)
    else out.set(k, [r])
  }
  return out
}

/** What each event's counters should hold and where they differ, for a group of events at once. */
export async function plan(db: Db, ids: string[], withMarks: boolean): Promise<Map<string, Plan>> {
  const marks = withMarks ? await readMarks(db, ids) : undefined
  const att = await expectedAttendance(db, ids)
  const frm = await expectedForms(db, ids)
  const eventOfForm = new Map([...frm].flatMap(([id, f]) => f.formIds.map((formId) => [formId, id])))
  const storedAtt = by(
    await db
      .select()
      .from(attendanceCounters)
      .where(inList(attendanceCounters.eventId, ids))
      .orderBy(
        asc(attendanceCounters.eventId),
        asc(attendanceCounters.dimension),
        asc(attendanceCounters.value),
      ),
    (r) => r.eventId,
  )
  const storedCounters = by(
    eventOfForm.size
      ? await db
          .select()
          .from(formCounters)
          .where(inList(formCounters.formId, [...eventOfForm.keys()]))
          .orderBy(asc(formCounters.formId), asc(formCounters.questionId), asc(formCounters.value))
      : [],
    (r) => eventOfForm.get(r.formId)!,
  )
  const storedTexts = by(
    await db
      .select()
      .from(formTexts)
      .where(inList(formTexts.eventId, ids))
      .orderBy(
        asc(formTexts.eventId),
        asc(formTexts.formKey),
        asc(formTexts.questionId),
        asc(formTexts.norm),
      ),
    (r) => r.eventId,
  )
  const votes = by(
    await db
      .select({
        id: questions.id,
        eventId: questions.eventId,
        stored: questions.votes,
        actual: sql<number>`${VOTES}`,
      })
      .from(questions)
      .where(inList(questions.eventId, ids))
      .orderBy(asc(questions.eventId), asc(questions.status), sql`"questions"."rowid"`),
    (r) => r.eventId,
  )
  const out = new Map<string, Plan>()
  for (const id of ids) {
    const a = att.get(id)!
    const f = frm.get(id)!
    const sAtt = storedAtt.get(id) ?? []
    const sTexts = storedTexts.get(id) ?? []
    const drift = [
      ...diff('attendance_counters', a, sAtt, ['dimension', 'value']),
      ...diff('form_counters', f.counters, storedCounters.get(id) ?? [], ['formId', 'questionId', 'value']),
      ...diff('form_texts', f.texts, sTexts, ['formKey', 'questionId', 'norm']),
      ...(votes.get(id) ?? [])
        .filter((v) => v.stored !== v.actual)
        .map((v) => ({ table: 'questions.votes', key: v.id, stored: v.stored, actual: v.actual })),
    ]
    // A rewrite keeps the names already shown (the first spelling seen) where the row still exists.
    for (const s of sAtt) {
      const e = a.get(`${s.dimension}\u0001${s.value}`)
      if (e && s.label) e.label = s.label
    }
    for (const s of sTexts) {
      const e = f.texts.get(`${s.formKey}\u0001${s.questionId}\u0001${s.norm}`)
      if (e) e.label = s.text
    }
    out.set(id, { drift, marks: marks?.get(id), att: a, frm: f })
  }
  return out
}
