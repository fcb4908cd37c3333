import { and, eq, ne, type SQL, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { attendanceCounters, events, formCounters, formTexts, questions } from '../../db/schema'
import { ApiError, someCause } from '../errors'
import { commitAudited } from './audit'
import { type Expected, expectedAttendance, expectedForms } from './maintenance-counts'
import { chunked } from './submissions'

/**
 * Counters are kept in each submission's own commit; this recomputes them from the raw rows, reports
 * where they differ and, when asked, rewrites them. Shared code: the CLI runs it on the SQLite file, the
 * admin endpoint on D1.
 */
export type Drift = { table: string; key: string; stored: number; actual: number }
export type EventCounters = { slug: string; drift: Drift[]; rebuilt: boolean }
export type CountersReport = { ok: boolean; events: EventCounters[] }

// votes.ts `recount`, for every question at once: distinct voters over it and its merged duplicates.
const Q = sql.raw('"questions"."id"')
const VOTES = sql`(select count(distinct v.voter_key) from question_votes v where v.question_id = ${Q} or v.question_id in (select m.id from questions m where m.merged_into = ${Q}))`

// The raw rows a rebuild was computed from; the batch refuses to run if they changed in between.
const attendanceMark = (id: string) =>
  sql`(select count(*) || ':' || count(checked_in_at) || ':' || coalesce(max(id), '') || ':' || coalesce(min(id), '') from attendees where event_id = ${id})`
const formsMark = (id: string) =>
  sql`(select count(*) || ':' || coalesce(max(id), '') from form_responses where event_id = ${id})`

async function readMark(db: Db, mark: SQL) {
  const [row] = await db.all<{ m: string }>(sql`select ${mark} as m`)
  return row.m
}

/** A statement that fails (NOT NULL) when the raw rows no longer match `expected`, rolling the batch back. */
const guard = (db: Db, mark: SQL, expected: string): Stmt =>
  db
    .insert(attendanceCounters)
    .select(sql`select '#guard', '#guard', '', null, null where ${mark} is not ${expected}`)
const isGuard = (err: unknown) => someCause(err, (e) => /attendance_counters\.count/.test(String(e.message)))

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

async function plan(db: Db, eventId: string) {
  const [markA, markF] = [await readMark(db, attendanceMark(eventId)), await readMark(db, formsMark(eventId))]
  const att = await expectedAttendance(db, eventId)
  const frm = await expectedForms(db, eventId)
  const storedAtt = await db.select().from(attendanceCounters).where(eq(attendanceCounters.eventId, eventId))
  const storedCounters = frm.formIds.length
    ? await db.select().from(formCounters).where(inList(formCounters.formId, frm.formIds))
    : []
  const storedTexts = await db.select().from(formTexts).where(eq(formTexts.eventId, eventId))
  const votes = await db
    .select({ id: questions.id, stored: questions.votes, actual: sql<number>`${VOTES}` })
    .from(questions)
    .where(eq(questions.eventId, eventId))
  const drift = [
    ...diff('attendance_counters', att, storedAtt, ['dimension', 'value']),
    ...diff('form_counters', frm.counters, storedCounters, ['formId', 'questionId', 'value']),
    ...diff('form_texts', frm.texts, storedTexts, ['formKey', 'questionId', 'norm']),
    ...votes
      .filter((v) => v.stored !== v.actual)
      .map((v) => ({ table: 'questions.votes', key: v.id, stored: v.stored, actual: v.actual })),
  ]
  // A rewrite keeps the names already shown (the first spelling seen) where the row still exists.
  for (const s of storedAtt) {
    const e = att.get(`${s.dimension}\u0001${s.value}`)
    if (e && s.label) e.label = s.label
  }
  for (const s of storedTexts) {
    const e = frm.texts.get(`${s.formKey}\u0001${s.questionId}\u0001${s.norm}`)
    if (e) e.label = s.text
  }
  return { drift, markA, markF, att, frm }
}

function rewrite(db: Db, eventId: string, p: Awaited<ReturnType<typeof plan>>): Stmt[] {
  const att = [...p.att.values()]
  const counters = [...p.frm.counters.values()]
  const texts = [...p.frm.texts.values()]
  return [
    guard(db, attendanceMark(eventId), p.markA),
    guard(db, formsMark(eventId), p.markF),
    db.delete(attendanceCounters).where(eq(attendanceCounters.eventId, eventId)),
    // D1 binds at most 100 parameters per statement.
    ...chunked(att, 20, (part) =>
      db.insert(attendanceCounters).values(part.map((r) => ({ eventId, ...r, label: r.label ?? null }))),
    ),
    ...(p.frm.formIds.length
      ? [db.delete(formCounters).where(inList(formCounters.formId, p.frm.formIds))]
      : []),
    ...chunked(counters, 25, (part) => db.insert(formCounters).values(part)),
    db.delete(formTexts).where(eq(formTexts.eventId, eventId)),
    ...chunked(texts, 16, (part) =>
      db.insert(formTexts).values(part.map(({ label, ...r }) => ({ eventId, ...r, text: label ?? '' }))),
    ),
    db
      .update(questions)
      .set({ votes: VOTES })
      .where(and(eq(questions.eventId, eventId), ne(questions.votes, VOTES))),
  ]
}

/**
 * Checks the counters of one event (`slug`) or of all, and with `rebuild` rewrites those that drifted
 * (`force`: every event's, drift or not), in one audited batch per event that refuses to run if a
 * submission landed since they were computed (then it computes again).
 */
export async function countersReport(
  db: Db,
  opts: { slug?: string; rebuild?: boolean; force?: boolean; actor: string; now: () => Date },
): Promise<CountersReport> {
  const list = await db
    .select({ id: events.id, slug: events.slug })
    .from(events)
    .where(opts.slug ? eq(events.slug, opts.slug) : undefined)
  if (opts.slug && !list.length) throw new ApiError('EVENT_NOT_FOUND')
  const out: EventCounters[] = []
  for (const ev of list) {
    for (let attempt = 0; ; attempt++) {
      const p = await plan(db, ev.id)
      if (!opts.rebuild || (!p.drift.length && !opts.force)) {
        out.push({ slug: ev.slug, drift: p.drift, rebuilt: false })
        break
      }
      const audit = {
        actor: opts.actor,
        action: 'counters.rebuild',
        subjectType: 'event',
        subjectId: ev.id,
        eventId: ev.id,
        data: { drift: p.drift.length, tables: [...new Set(p.drift.map((d) => d.table))] },
      }
      try {
        await commitAudited(db, rewrite(db, ev.id, p), [audit], opts.now())
        out.push({ slug: ev.slug, drift: p.drift, rebuilt: true })
        break
      } catch (err) {
        if (!isGuard(err) || attempt >= 20) throw err
      }
    }
  }
  return { ok: out.every((e) => !e.drift.length || e.rebuilt), events: out }
}
