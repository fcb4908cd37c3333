import { and, asc, eq, gte, lte, or, type SQL, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { query } from '../../db/prepared'
import {
  type Area,
  areas,
  type CalendarDayRow,
  calendarDays,
  calendarVersions,
  type Entity,
  entities,
  events,
  type Question,
  type QuestionStatus,
  questions,
} from '../../db/schema'
import type { Deps } from '../env'
import { ApiError, someCause } from '../errors'
import { commitAudited } from './audit'
import { type CalendarDay, type Country, decreesOf, holidays, isBusinessDay, weekday } from './calendar'
import { completionOf, DAY_REMOVED, type Extension } from './constancia'
import { mergedDueFirst } from './merged-due'
import { announceCurrent, announceMergedDue } from './question-events'
import { type QuestionFull, webhookQuestion } from './question-views'
import { decideAfresh } from './stale'
import { completionDue, extendedDue, runningDue } from './term-recount'
import { deliveryStmts, endpointsFor } from './webhooks'

/**
 * The official calendar as staff keep it. Holidays are computed (Colombia's by date-holidays, Ecuador's
 * by its transfer rule and the decrees known when this release was made, calendar/holidays.ts), but
 * governments change them at short notice: Ecuador's president decreed 9 October 2025 a rest day a week
 * before. An admin records each such day here, citing the act, and from then on every legal term of
 * that country counts it: the due dates given at intake, the limit of an extension, and — in the same
 * commit — the due dates of the questions whose term is still running, each moved with an audit entry,
 * a webhook message and a live update, so nobody is told a date the calendar no longer gives. A day may
 * also concern one entity alone: an Ecuadorian canton's own holiday (Quito's foundation, say), which
 * that GAD's offices do not work; it counts in that entity's terms only.
 */

/**
 * A question's term still runs: it is neither answered, forwarded, extended, withdrawn (tacitly or by its
 * petitioner) nor annulled, nor suspended while its petitioner completes it (Ley 1755, art. 17: counted
 * again once completed). An extended one runs to the date it was given, which the calendar moves only
 * off a rest day (`moveTerms`). One its petitioner withdrew is counted again on the calendar as it then
 * is, should the entity continue it ex officio (term-recount.ts, `termAgain`).
 */
export const TERM_RUNNING: readonly QuestionStatus[] = ['received', 'approved', 'hidden', 'pending']

/** A recorded day with its scope: `entityId` '' for the whole country. */
type Scoped = CalendarDay & { entityId: string; source?: string }

/**
 * The days recorded for the terms of one entity (or, with '', of the whole country): the country's,
 * then the entity's own, which win on the same date.
 */
const forEntity = (days: readonly Scoped[], entityId: string): CalendarDay[] => [
  ...days.filter((d) => d.entityId === ''),
  ...(entityId ? days.filter((d) => d.entityId === entityId) : []),
]

/**
 * The days an entity's terms count, and the statement that makes a commit computed from them fail if
 * the country's days change before it: put it in the same batch. The one way a decision that sets a date
 * of a term reads the calendar (filing, moderation): a day recorded between that read and the commit
 * moves the terms committed before it (`moveTerms`), never the date the decision is about to commit.
 * Like the counters' rebuild guard (maintenance.ts), it writes a version that breaks NOT NULL only when
 * the version it read has moved. Otherwise it counts the commit among the country's terms dated, which a
 * calendar change read before it checks as it commits (`markGuard`): a date committed between that
 * change's reads and its commit, on the calendar before it, is then moved by the change decided again.
 */
export async function calendarFor(db: Db, country: Country, entityId: string) {
  const rows = await versionAndDays(db, { country })
  const read = rows[0]?.version ?? 0
  const days = rows.flatMap((r) =>
    r.date === null ? [] : [{ entityId: r.entityId ?? '', date: r.date, rest: Boolean(r.rest) }],
  )
  // `where true`: SQLite reads an upsert's select only with a where clause.
  const guard: Stmt = db
    .insert(calendarVersions)
    .select(
      sql`select ${country}, case when ${versionNow(country)} is ${read} then ${read} end, 1 where true`,
    )
    .onConflictDoUpdate({
      target: calendarVersions.country,
      set: { version: sql`excluded.version`, dated: sql`${calendarVersions.dated} + 1` },
    })
  return { changes: forEntity(days, entityId), guard }
}

/**
 * The calendar's version and its days in one statement, one row at least (the days left-joined to the
 * version): read apart, the two may reach D1 in either order, and a day recorded between them would
 * leave the guard checking a version that already counts it against days that do not.
 */
const versionAndDays = query((db, p: { country: Country }) =>
  db
    .select({
      version: sql<number>`v.version`,
      entityId: calendarDays.entityId,
      date: calendarDays.date,
      rest: calendarDays.rest,
    })
    .from(
      sql`(select coalesce(max(${calendarVersions.version}), 0) as version from ${calendarVersions} where ${calendarVersions.country} = ${p.country}) v`,
    )
    .leftJoin(calendarDays, eq(calendarDays.country, p.country)),
)

/** What a decision that counts no term reads of the calendar: nothing, and nothing to guard. */
export const noCalendar: { changes: CalendarDay[]; guard: Stmt | null } = { changes: [], guard: null }

/** The guard of `calendarFor` refused the commit: the calendar changed between its read and its commit. */
export const isCalendarRace = (err: unknown): boolean =>
  someCause(err, (e) => /calendar_versions\./.test(String(e.message)))

const bump = (db: Db, country: Country) =>
  db
    .insert(calendarVersions)
    .values({ country, version: 1 })
    .onConflictDoUpdate({
      target: calendarVersions.country,
      set: { version: sql`${calendarVersions.version} + 1` },
    })

/**
 * What a change of the calendar is decided on, read before the calendar and the running terms: the
 * country's calendar version and how many commits have dated a term on it (a petition filed, a decision
 * on its term: the guard of `calendarFor` counts each). Its commit carries `markGuard`, which fails it if
 * either moved meanwhile (another day recorded, or a date committed on the calendar before this change,
 * which the terms it read would miss); it is then decided again on a fresh read (`setCalendarDay`,
 * `removeCalendarDay`). A count rather than the newest question: on D1 two petitions filed at once may
 * commit out of the order of their ids, and a decision files nothing.
 */
type Mark = { version: number; dated: number }
const versionNow = (country: Country) =>
  sql`(select coalesce(max(${calendarVersions.version}), 0) from ${calendarVersions} where ${calendarVersions.country} = ${country})`
const datedNow = (country: Country) =>
  sql`(select coalesce(max(${calendarVersions.dated}), 0) from ${calendarVersions} where ${calendarVersions.country} = ${country})`
async function readMark(db: Db, country: Country): Promise<Mark> {
  const [row] = await db.all<Mark>(
    sql`select ${versionNow(country)} as version, ${datedNow(country)} as dated`,
  )
  return row
}
const markGuard = (db: Db, country: Country, read: Mark): Stmt =>
  db
    .insert(calendarVersions)
    .select(
      sql`select ${country}, null, 0 where ${versionNow(country)} is not ${read.version} or ${datedNow(country)} is not ${read.dated}`,
    )

/** Every day recorded in a country, the country's own and each entity's: a short list. */
const daysOf = query(
  (db, p: { country: Country }): Promise<Scoped[]> =>
    db
      .select({
        entityId: calendarDays.entityId,
        date: calendarDays.date,
        rest: calendarDays.rest,
        source: calendarDays.source,
      })
      .from(calendarDays)
      .where(eq(calendarDays.country, p.country)),
)

export type CalendarDayView = Omit<CalendarDayRow, 'country' | 'entityId'> & { entityId: string | null }
const viewOf = ({ country: _, entityId, ...day }: CalendarDayRow): CalendarDayView => ({
  ...day,
  entityId: entityId || null,
})

/** The entity an entity-scoped change or view is for; it must exist and be of `country`, when given. */
export async function scopeOf(db: Db, entityId: string, country?: Country): Promise<Entity> {
  const [entity] = await db.select().from(entities).where(eq(entities.id, entityId)).limit(1)
  if (!entity) throw new ApiError('NOT_FOUND')
  if (country && entity.country !== country)
    throw new ApiError('VALIDATION_ERROR', {
      issues: [
        {
          path: 'entityId',
          message: {
            es: `La entidad es de ${entity.country}, no de ${country}.`,
            en: `The entity is in ${entity.country}, not in ${country}.`,
          },
        },
      ],
    })
  return entity
}

/**
 * A country's calendar for one year, for the whole country or for one entity's offices: the holidays as
 * terms count them, each with the act behind it (null: the law's own computation), the decrees this
 * release knows, and the days staff recorded.
 */
export async function calendarView(db: Db, country: Country, year: number, entityId = '') {
  const recorded = await db
    .select()
    .from(calendarDays)
    .where(
      and(
        eq(calendarDays.country, country),
        or(eq(calendarDays.entityId, ''), eq(calendarDays.entityId, entityId)),
        gte(calendarDays.date, `${year}-01-01`),
        lte(calendarDays.date, `${year}-12-31`),
      ),
    )
    .orderBy(asc(calendarDays.date), asc(calendarDays.entityId))
  const decrees = decreesOf(country, year)
  // Each holiday with the act behind it: a day staff recorded (the entity's own last), a decree, or the law.
  const sources = new Map([...decrees, ...recorded].map((d) => [d.date, d.source]))
  // The year's own recorded days are all its holidays need.
  const changes = forEntity(recorded, entityId)
  return {
    country,
    year,
    entityId: entityId || null,
    holidays: holidays(country, year, changes).map((date) => ({ date, source: sources.get(date) ?? null })),
    decrees,
    days: recorded.map(viewOf),
  }
}

/** A due date the calendar moved; `extended`: the date of an extension. */
export type Moved = {
  id: string
  radicado: string
  from: string
  to: string
  extended?: true
  /** The last day to complete a petition returned to its petitioner (Ley 1755, art. 17), not a due date. */
  completion?: true
}

type DayInput = { country: Country; entityId?: string; date: string; rest: boolean; source: string }

/**
 * Records a rest day or a worked holiday, for the whole country or (with `entityId`) for one entity's
 * offices, and moves the running terms it changes.
 */
export const setCalendarDay = (
  deps: Deps,
  actor: { id: string; email: string },
  input: DayInput,
): Promise<{ day: CalendarDayView; moved: Moved[] }> =>
  decideAfresh(() => setDay(deps, actor, input), isCalendarRace)

async function setDay(deps: Deps, actor: { id: string; email: string }, input: DayInput) {
  const { db } = deps
  const { country, date, rest } = input
  const entityId = input.entityId ?? ''
  if (weekday(date) === 0 || weekday(date) === 6)
    throw new ApiError('VALIDATION_ERROR', {
      issues: [
        {
          path: 'date',
          message: {
            es: 'Los sábados y domingos nunca cuentan en los términos: no hace falta registrarlos.',
            en: 'Saturdays and Sundays never count in the terms: there is no need to record them.',
          },
        },
      ],
    })
  const mark = await readMark(db, country)
  const all = await daysOf(db, { country })
  const others = all.filter((d) => !(d.entityId === entityId && d.date === date))
  const where = entityId
    ? { es: 'para esa entidad', en: 'for that entity' }
    : { es: `en ${country}`, en: `in ${country}` }
  // Compared with the calendar without this day's own record: re-recording a day updates its source.
  if (isBusinessDay(country, date, forEntity(others, entityId)) === !rest)
    throw new ApiError('CALENDAR_UNCHANGED', {
      detail: rest
        ? { es: `El ${date} ya es feriado ${where.es}.`, en: `${date} is already a holiday ${where.en}.` }
        : {
            es: `El ${date} ya es día hábil ${where.es}.`,
            en: `${date} is already a working day ${where.en}.`,
          },
    })
  const now = deps.now()
  const createdAt = now.toISOString()
  const row = { country, entityId, date, rest, source: input.source, createdBy: actor.email, createdAt }
  const upsert = db
    .insert(calendarDays)
    .values(row)
    .onConflictDoUpdate({
      target: [calendarDays.country, calendarDays.entityId, calendarDays.date],
      set: { rest, source: input.source, createdBy: actor.email, createdAt },
    })
  const moved = await moveTerms(
    deps,
    country,
    entityId,
    date,
    [...others, { entityId, date, rest }],
    [markGuard(db, country, mark), upsert, bump(db, country)],
    {
      actor: `user:${actor.id}`,
      action: 'calendar.day_set',
      data: { country, entityId: entityId || null, date, rest, source: input.source },
    },
    `${date}: ${input.source}`,
  )
  return { day: viewOf(row), moved }
}

/** Takes a recorded day back out: the calendar without it counts again, and the running terms follow. */
export const removeCalendarDay = (
  deps: Deps,
  actor: { id: string },
  input: { country: Country; entityId?: string; date: string },
): Promise<{ moved: Moved[] }> => decideAfresh(() => removeDay(deps, actor, input), isCalendarRace)

async function removeDay(
  deps: Deps,
  actor: { id: string },
  input: { country: Country; entityId?: string; date: string },
): Promise<{ moved: Moved[] }> {
  const { db } = deps
  const { country, date } = input
  const entityId = input.entityId ?? ''
  const mark = await readMark(db, country)
  const all = await daysOf(db, { country })
  const found = all.find((d) => d.entityId === entityId && d.date === date)
  if (!found) throw new ApiError('CALENDAR_DAY_NOT_FOUND')
  const remove = db
    .delete(calendarDays)
    .where(
      and(
        eq(calendarDays.country, country),
        eq(calendarDays.entityId, entityId),
        eq(calendarDays.date, date),
      ),
    )
  const moved = await moveTerms(
    deps,
    country,
    entityId,
    date,
    all.filter((d) => d !== found),
    [markGuard(db, country, mark), remove, bump(db, country)],
    {
      actor: `user:${actor.id}`,
      action: 'calendar.day_removed',
      data: { country, entityId: entityId || null, date, rest: found.rest },
    },
    `${date}: ${found.source}${DAY_REMOVED.es}`,
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
  entityId: string,
  date: string,
  after: Scoped[],
  change: Stmt[],
  audit: { actor: string; action: string; data: Record<string, unknown> },
  /** Why, in the constancia of each question moved. */
  reason: string,
): Promise<Moved[]> {
  const { db } = deps
  const now = deps.now()
  // The questions of the country (an entity's own day: of that entity only) whose date may move.
  const dated = (which: SQL | undefined) =>
    db
      .select({ question: questions, event: events, entity: entities })
      .from(questions)
      .innerJoin(events, eq(events.id, questions.eventId))
      .innerJoin(entities, eq(entities.id, questions.entityId))
      .where(
        and(eq(entities.country, country), entityId ? eq(questions.entityId, entityId) : undefined, which),
      )
  const running = await dated(and(inList(questions.status, TERM_RUNNING), gte(questions.dueDate, date)))
  const moves: {
    full: Omit<QuestionFull, 'areas'>
    to: string
    extension?: Extension
    forwardBy?: string | null
    /** The last day to complete a petition returned to its petitioner moved, not its due date. */
    completion?: true
  }[] = []
  // An extended term ends on the date the petitioner was told, off a day the calendar makes a rest day
  // (`extendedDue`).
  const extended = await dated(and(eq(questions.status, 'extended'), gte(questions.extendedDueDate, date)))
  for (const r of extended) {
    const q = r.question
    const { kept, told, to } = extendedDue(q, country, forEntity(after, q.entityId))
    if (to !== q.extendedDueDate)
      moves.push({
        full: r,
        to,
        extension: {
          ...kept,
          dueDate: to,
          told,
          moved: { from: q.extendedDueDate as string, reason, at: now.toISOString() },
        },
      })
  }
  // So does the month given to complete a petition (Ley 1755, art. 17), or the two once extended: counted
  // again from the request, off a day made a rest day, and back when the day is taken out again.
  const waiting = await dated(
    and(eq(questions.status, 'incomplete'), gte(questions.completionDeadline, date)),
  )
  for (const r of waiting) {
    const q = r.question
    const to = completionDue(q, country, forEntity(after, q.entityId))
    if (to !== q.completionDeadline) moves.push({ full: r, to, completion: true })
  }
  for (const r of running) {
    const q = r.question
    // Where the petition was received, as at intake, whatever the event's zone is now; the last day to
    // forward it (Ley 1755, art. 21) on the same calendar.
    const { dueDate: to, forwardDueDate: forwardBy } = runningDue(
      q,
      r.event,
      country,
      forEntity(after, q.entityId),
    )
    if (to !== q.dueDate || forwardBy !== q.forwardDueDate) moves.push({ full: r, to, forwardBy })
  }
  const entityIds = [...new Set(moves.map((m) => m.full.entity.id))]
  const areaList: Area[] = entityIds.length
    ? await db.select().from(areas).where(inList(areas.entityId, entityIds)).orderBy(asc(areas.id))
    : []
  const at = now.toISOString()
  const fulls = moves.map(({ full, to, extension, forwardBy, completion }) => {
    // As the row will read once committed: the live streams keep the newer of two records by updatedAt.
    const question: Question = extension
      ? {
          ...full.question,
          extendedDueDate: to,
          constancia: { ...(full.question.constancia as object), extension, updatedAt: at },
          updatedAt: at,
        }
      : completion
        ? {
            ...full.question,
            completionDeadline: to,
            constancia: {
              ...(full.question.constancia as object),
              completion: completionOf({ ...full.question, completionDeadline: to }),
              updatedAt: at,
            },
            updatedAt: at,
          }
        : { ...full.question, dueDate: to, forwardDueDate: forwardBy ?? null, updatedAt: at }
    return {
      ...full,
      question,
      areas: areaList.filter((a) => a.entityId === full.entity.id),
      from: (extension
        ? full.question.extendedDueDate
        : completion
          ? full.question.completionDeadline
          : full.question.dueDate) as string,
      to,
      extension,
      completion,
    }
  })
  const stmts: Stmt[] = [...change]
  const extendedMoves = fulls.filter((f) => f.extension)
  if (extendedMoves.length) {
    const list = JSON.stringify(
      extendedMoves.map((f) => ({ id: f.question.id, from: f.from, to: f.to, extension: f.extension })),
    )
    // As for the due dates below: one statement, and an extended date that changed meanwhile stays.
    const pick = (field: string) =>
      sql`(select json_extract(m.value, ${`$.${field}`}) from json_each(${list}) m where json_extract(m.value, '$.id') = "questions"."id" and json_extract(m.value, '$.from') = "questions"."extended_due_date")`
    stmts.push(
      db
        .update(questions)
        .set({
          extendedDueDate: sql`coalesce(${pick('to')}, "questions"."extended_due_date")`,
          constancia: sql`case when ${pick('to')} is null then constancia else json_set(constancia, '$.extension', json(${pick('extension')}), '$.updatedAt', ${at}) end`,
          updatedAt: at,
        })
        .where(
          inList(
            questions.id,
            extendedMoves.map((f) => f.question.id),
          ),
        ),
    )
  }
  const completionMoves = fulls.filter((f) => f.completion)
  if (completionMoves.length) {
    const list = JSON.stringify(completionMoves.map((f) => ({ id: f.question.id, from: f.from, to: f.to })))
    // As above: one statement, and a last day that changed meanwhile (extended, say) stays.
    const to = sql`(select json_extract(m.value, '$.to') from json_each(${list}) m where json_extract(m.value, '$.id') = "questions"."id" and json_extract(m.value, '$.from') = "questions"."completion_deadline")`
    stmts.push(
      db
        .update(questions)
        .set({
          completionDeadline: sql`coalesce(${to}, "questions"."completion_deadline")`,
          constancia: sql`case when ${to} is null then constancia else json_set(constancia, '$.completion.deadline', ${to}, '$.updatedAt', ${at}) end`,
          updatedAt: at,
        })
        .where(
          inList(
            questions.id,
            completionMoves.map((f) => f.question.id),
          ),
        ),
    )
  }
  const dueMoves = fulls.filter((f) => !f.extension && !f.completion)
  if (dueMoves.length) {
    const list = JSON.stringify(
      dueMoves.map((f) => ({
        id: f.question.id,
        from: f.from,
        to: f.to,
        forwardBy: f.question.forwardDueDate,
      })),
    )
    // One statement for all of them (D1 binds at most 100 parameters and runs at most 1,000 queries an
    // invocation); a due date that changed meanwhile is left as it is.
    const pick = (field: string) =>
      sql`(select json_extract(m.value, ${`$.${field}`}) from json_each(${list}) m where json_extract(m.value, '$.id') = "questions"."id" and json_extract(m.value, '$.from') = "questions"."due_date")`
    const to = pick('to')
    stmts.push(
      db
        .update(questions)
        .set({
          dueDate: sql`coalesce(${to}, "questions"."due_date")`,
          forwardDueDate: sql`coalesce(${pick('forwardBy')}, "questions"."forward_due_date")`,
          constancia: sql`case when ${to} is null or ${to} = "questions"."due_date" then constancia else json_set(constancia, '$.dueDate', ${to}, '$.dueDateMoved', json_object('from', "questions"."due_date", 'reason', ${reason}, 'at', ${at}), '$.updatedAt', ${at}) end`,
          updatedAt: at,
        })
        .where(
          inList(
            questions.id,
            dueMoves.map((f) => f.question.id),
          ),
        ),
    )
  }
  if (fulls.length) {
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
  // The due dates moved (a forwarding limit moved alone is in the question's record, not listed here).
  const moved = fulls
    .filter((f) => f.from !== f.to)
    .map((f) => ({
      id: f.question.id,
      radicado: f.question.radicado,
      from: f.from,
      to: f.to,
      ...(f.extension ? { extended: true as const } : {}),
      ...(f.completion ? { completion: true as const } : {}),
    }))
  // The primaries the moved petitions are merged into, not moved themselves: the one due first among
  // their merged petitions, which their staff view names, may change with them. Read before the commit
  // and after it, each whose changed is announced to the moderators.
  const movedIds = new Set(fulls.map((f) => f.question.id))
  const primaryIds = [
    ...new Set(fulls.flatMap(({ question: { mergedInto: p } }) => (p && !movedIds.has(p) ? [p] : []))),
  ]
  const primaries = async () => (primaryIds.length ? await dated(inList(questions.id, primaryIds)) : [])
  const dueBefore = await mergedDueFirst(
    db,
    (await primaries()).map((r) => r.question),
  )
  await commitAudited(
    db,
    stmts,
    [
      {
        actor: audit.actor,
        action: audit.action,
        subjectType: 'calendar',
        subjectId: entityId ? `${country}:${entityId}:${date}` : `${country}:${date}`,
        data: { ...audit.data, moved },
      },
    ],
    now,
  )
  for (const f of fulls) await announceCurrent(deps, f)
  await announceMergedDue(
    deps,
    (await primaries()).map((r) => ({ ...r, areas: areaList.filter((a) => a.entityId === r.entity.id) })),
    dueBefore,
  )
  return moved
}
