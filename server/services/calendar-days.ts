import { and, asc, eq, gte, lte, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { query } from '../../db/prepared'
import {
  type Area,
  areas,
  type CalendarDayRow,
  calendarDays,
  entities,
  events,
  type Question,
  type QuestionStatus,
  questions,
} from '../../db/schema'
import type { Deps } from '../env'
import { ApiError } from '../errors'
import { commitAudited } from './audit'
import {
  type CalendarDay,
  type Country,
  decreesOf,
  dueDate,
  holidays,
  isBusinessDay,
  weekday,
} from './calendar'
import { announceCurrent } from './question-events'
import { type QuestionFull, webhookQuestion } from './question-views'
import { deliveryStmts, endpointsFor } from './webhooks'

/**
 * The official calendar as staff keep it. Holidays are computed (Colombia's by date-holidays, Ecuador's
 * by its transfer rule and the decrees known when this release was made, calendar/holidays.ts), but
 * governments change them at short notice: Ecuador's president decreed 9 October 2025 a rest day a week
 * before. An admin records each such day here, citing the act, and from then on every legal term of
 * that country counts it: the due dates given at intake, the limit of an extension, and — in the same
 * commit — the due dates of the questions whose term is still running, each moved with an audit entry,
 * a webhook message and a live update, so nobody is told a date the calendar no longer gives.
 */

/** A question's term still runs: it is neither answered, forwarded, extended nor annulled. */
export const TERM_RUNNING: readonly QuestionStatus[] = ['received', 'approved', 'hidden', 'pending']

/** Every day recorded for a country, as the calendar functions take them. */
export async function calendarChanges(db: Db, country: Country): Promise<CalendarDay[]> {
  return changesOf(db, { country })
}

const changesOf = query((db, p: { country: Country }) =>
  db
    .select({ date: calendarDays.date, rest: calendarDays.rest })
    .from(calendarDays)
    .where(eq(calendarDays.country, p.country)),
)

export type CalendarDayView = Omit<CalendarDayRow, 'country'>

/**
 * A country's calendar for one year: the holidays as terms count them, each with the act behind it (null:
 * the law's own computation), the decrees this release knows, and the days staff recorded.
 */
export async function calendarView(db: Db, country: Country, year: number) {
  const recorded = await db
    .select()
    .from(calendarDays)
    .where(
      and(
        eq(calendarDays.country, country),
        gte(calendarDays.date, `${year}-01-01`),
        lte(calendarDays.date, `${year}-12-31`),
      ),
    )
    .orderBy(asc(calendarDays.date))
  const all = await calendarChanges(db, country)
  const decrees = decreesOf(country, year)
  // Each holiday with the act behind it: a day staff recorded, a decree of this release, or the law.
  const sources = new Map([...decrees, ...recorded].map((d) => [d.date, d.source]))
  return {
    country,
    year,
    holidays: holidays(country, year, all).map((date) => ({ date, source: sources.get(date) ?? null })),
    decrees,
    days: recorded.map(({ country: _, ...day }) => day as CalendarDayView),
  }
}

export type Moved = { id: string; radicado: string; from: string; to: string }

/** Records a rest day or a worked holiday, and moves the running terms it changes. */
export async function setCalendarDay(
  deps: Deps,
  actor: { id: string; email: string },
  input: { country: Country; date: string; rest: boolean; source: string },
): Promise<{ day: CalendarDayView; moved: Moved[] }> {
  const { db } = deps
  const { country, date, rest } = input
  if (weekday(date) === 0 || weekday(date) === 6)
    throw new ApiError('VALIDATION_ERROR', {
      issues: [
        {
          path: 'date',
          message: 'Los sábados y domingos nunca cuentan en los términos: no hace falta registrarlos.',
        },
      ],
    })
  const others = (await calendarChanges(db, country)).filter((c) => c.date !== date)
  // Compared with the calendar without this day's own record: re-recording a day updates its source.
  if (isBusinessDay(country, date, others) === !rest)
    throw new ApiError('CALENDAR_UNCHANGED', {
      detail: rest
        ? { es: `El ${date} ya es feriado en ${country}.`, en: `${date} is already a holiday in ${country}.` }
        : {
            es: `El ${date} ya es día hábil en ${country}.`,
            en: `${date} is already a working day in ${country}.`,
          },
    })
  const now = deps.now()
  const createdAt = now.toISOString()
  const row = { country, date, rest, source: input.source, createdBy: actor.email, createdAt }
  const upsert = db
    .insert(calendarDays)
    .values(row)
    .onConflictDoUpdate({
      target: [calendarDays.country, calendarDays.date],
      set: { rest, source: input.source, createdBy: actor.email, createdAt },
    })
  const moved = await moveTerms(deps, country, date, [...others, { date, rest }], [upsert], {
    actor: `user:${actor.id}`,
    action: 'calendar.day_set',
    data: { country, date, rest, source: input.source },
  })
  const { country: _, ...day } = row
  return { day, moved }
}

/** Takes a recorded day back out: the computed calendar counts again, and the running terms follow. */
export async function removeCalendarDay(
  deps: Deps,
  actor: { id: string },
  country: Country,
  date: string,
): Promise<{ moved: Moved[] }> {
  const { db } = deps
  const all = await calendarChanges(db, country)
  const found = all.find((c) => c.date === date)
  if (!found) throw new ApiError('CALENDAR_DAY_NOT_FOUND')
  const remove = db
    .delete(calendarDays)
    .where(and(eq(calendarDays.country, country), eq(calendarDays.date, date)))
  const moved = await moveTerms(
    deps,
    country,
    date,
    all.filter((c) => c.date !== date),
    [remove],
    { actor: `user:${actor.id}`, action: 'calendar.day_removed', data: { country, date, rest: found.rest } },
  )
  return { moved }
}

/**
 * Commits `change` with the due dates it moves. A day changes the terms that were running over it: a
 * question received before it, still running, whose due date is that day or later. Each is counted
 * again from its receipt with `changes` (the calendar after the change); those whose date differs are
 * updated in one statement, with their constancia, a webhook message each and one audit entry that lists
 * them, then announced to the moderation streams.
 */
async function moveTerms(
  deps: Deps,
  country: Country,
  date: string,
  changes: CalendarDay[],
  change: Stmt[],
  audit: { actor: string; action: string; data: Record<string, unknown> },
): Promise<Moved[]> {
  const { db } = deps
  const now = deps.now()
  const running = await db
    .select({ question: questions, event: events, entity: entities })
    .from(questions)
    .innerJoin(events, eq(events.id, questions.eventId))
    .innerJoin(entities, eq(entities.id, questions.entityId))
    .where(
      and(
        eq(entities.country, country),
        inList(questions.status, TERM_RUNNING),
        gte(questions.dueDate, date),
      ),
    )
  const moves: { full: Omit<QuestionFull, 'areas'>; to: string }[] = []
  for (const r of running) {
    const q = r.question
    const to = dueDate({
      country,
      timeZone: r.entity.timezone,
      receivedAt: new Date(q.receivedAt),
      businessDays: q.termDays,
      changes,
    })
    if (to !== q.dueDate) moves.push({ full: r, to })
  }
  const entityIds = [...new Set(moves.map((m) => m.full.entity.id))]
  const areaList: Area[] = entityIds.length
    ? await db.select().from(areas).where(inList(areas.entityId, entityIds)).orderBy(asc(areas.id))
    : []
  const fulls = moves.map(({ full, to }) => {
    const after: Question = { ...full.question, dueDate: to }
    return {
      ...full,
      question: after,
      areas: areaList.filter((a) => a.entityId === full.entity.id),
      from: full.question.dueDate,
    }
  })
  const at = now.toISOString()
  const stmts: Stmt[] = [...change]
  if (fulls.length) {
    const list = JSON.stringify(
      fulls.map((f) => ({ id: f.question.id, from: f.from, to: f.question.dueDate })),
    )
    // One statement for all of them (D1 binds at most 100 parameters and runs at most 1,000 queries an
    // invocation); a due date that changed meanwhile is left as it is.
    const to = sql`(select json_extract(m.value, '$.to') from json_each(${list}) m where json_extract(m.value, '$.id') = "questions"."id" and json_extract(m.value, '$.from') = "questions"."due_date")`
    stmts.push(
      db
        .update(questions)
        .set({
          dueDate: sql`coalesce(${to}, "questions"."due_date")`,
          constancia: sql`json_set(constancia, '$.dueDate', coalesce(${to}, "questions"."due_date"), '$.updatedAt', ${at})`,
          updatedAt: at,
        })
        .where(
          inList(
            questions.id,
            fulls.map((f) => f.question.id),
          ),
        ),
    )
    // The endpoints read once per entity, not once per question.
    const endpoints = new Map<string, Awaited<ReturnType<typeof endpointsFor>>>()
    for (const id of entityIds) endpoints.set(id, await endpointsFor(db, id, 'question.updated'))
    for (const f of fulls)
      stmts.push(
        ...deliveryStmts(
          db,
          endpoints.get(f.entity.id)!,
          'question.updated',
          webhookQuestion(f.question, f),
          now,
        ),
      )
  }
  const moved = fulls.map((f) => ({
    id: f.question.id,
    radicado: f.question.radicado,
    from: f.from,
    to: f.question.dueDate,
  }))
  await commitAudited(
    db,
    stmts,
    [
      {
        actor: audit.actor,
        action: audit.action,
        subjectType: 'calendar',
        subjectId: `${country}:${date}`,
        data: { ...audit.data, moved },
      },
    ],
    now,
  )
  for (const f of fulls) await announceCurrent(deps, f)
  return moved
}
