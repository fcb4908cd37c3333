import { and, count, eq, gte, inArray, lt, ne, type SQL } from 'drizzle-orm'
import { inList } from '../../../db/bound'
import { attendanceCounters, events, formCounters, forms, questions } from '../../../db/schema'
import type { Deps } from '../../env'
import { localDate } from '../calendar'
import { formatNumber, type NumberLang, percent } from '../percent'
import { formStats, type QuestionStat } from '../stats'
import { MIN_CELL, suppressOptions } from '../suppression'
import { loadForm } from '../survey-results'
import { compareWords, hidesCells } from './compare-files'
import { label } from './labels'
import { cell as mdCell } from './render-md'

/** `from` and `to`: instants, or calendar dates where each event is held, both days included. */
export type AcrossFilter = {
  entityId?: string
  from?: string
  to?: string
  slugs?: string[]
  /** Only events of these entities (a scoped user's, server/access.ts); absent: every entity's. */
  entityIds?: string[] | null
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s)
const DAY = 86_400_000
/** The instant bounds to read, widened by a day each side for a calendar date (time zones reach ±14 h). */
const widened = (s: string, days: number) =>
  isDate(s) ? new Date(Date.parse(`${s}T00:00:00Z`) + days * DAY).toISOString() : new Date(s).toISOString()

const sumBy = <T>(rows: T[], key: (r: T) => string, val: (r: T) => number) => {
  const m = new Map<string, number>()
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + val(r))
  return m
}

/**
 * Totals over a set of events, as entities report them: "76 encuentros con 1.302 participantes, 857
 * mujeres y 445 hombres". Read from the counters, so the cost is O(events × options).
 */
export async function totalsAcross(deps: Deps, f: AcrossFilter, lang: NumberLang) {
  const { db } = deps
  const where: SQL[] = []
  if (f.entityId) where.push(eq(events.entityId, f.entityId))
  if (f.from) where.push(gte(events.startsAt, widened(f.from, -1)))
  if (f.to) where.push(lt(events.startsAt, widened(f.to, 2)))
  if (f.slugs?.length) where.push(inList(events.slug, f.slugs))
  // The events of an entity or a period are those held: a draft was never opened to anyone, and the demo
  // event's figures are invented. Either counts only when picked by its slug.
  else where.push(ne(events.status, 'draft'), eq(events.demo, false))
  if (f.entityIds) where.push(inList(events.entityId, f.entityIds))
  const read = await db
    .select({
      id: events.id,
      slug: events.slug,
      title: events.title,
      startsAt: events.startsAt,
      timezone: events.timezone,
    })
    .from(events)
    .where(where.length ? and(...where) : undefined)
    .orderBy(events.startsAt)
  // An event belongs to the day it is held where it is held: 31 December at 21:00 in Guayaquil is 2026's.
  const list = read
    .map((e) => ({ ...e, date: localDate(new Date(e.startsAt), e.timezone) }))
    .filter((e) => !f.from || !isDate(f.from) || e.date >= f.from)
    .filter((e) => !f.to || !isDate(f.to) || e.date <= f.to)
  const ids = list.map((e) => e.id)
  const [att, resp, qs] = ids.length
    ? await Promise.all([
        db
          .select()
          .from(attendanceCounters)
          .where(
            and(
              inList(attendanceCounters.eventId, ids),
              inArray(attendanceCounters.dimension, ['registered', 'checked_in', 'gender']),
            ),
          ),
        db
          .select({ eventId: forms.eventId, n: formCounters.count })
          .from(formCounters)
          .innerJoin(forms, eq(forms.id, formCounters.formId))
          .where(
            and(
              inList(forms.eventId, ids),
              eq(forms.key, 'evaluacion'),
              eq(formCounters.questionId, ''),
              eq(formCounters.value, ''),
            ),
          ),
        db
          .select({ eventId: questions.eventId, n: count() })
          .from(questions)
          // As the report counts them: annulled radicados are not questions; hidden ones, petitions still.
          .where(and(inList(questions.eventId, ids), ne(questions.status, 'annulled')))
          .groupBy(questions.eventId),
      ])
    : [[], [], []]
  const counter = (eventId: string, dim: string, value: string) =>
    att.find((r) => r.eventId === eventId && r.dimension === dim && r.value === value)?.count ?? 0
  const responses = sumBy(
    resp,
    (r) => r.eventId,
    (r) => r.n,
  )
  const perEvent = list.map((e) => {
    const gender = genderShown(att.filter((r) => r.eventId === e.id && r.dimension === 'gender'))
    return {
      slug: e.slug,
      title: e.title,
      startsAt: e.startsAt,
      date: e.date,
      participants: counter(e.id, 'registered', ''),
      checkedIn: counter(e.id, 'checked_in', ''),
      // Both are among the options counted: a number, or null where the event's report hides it (a `!`
      // would have typed the null away, and every caller would trust a figure that may be missing).
      women: gender.get('mujer') as number | null,
      men: gender.get('hombre') as number | null,
      surveyResponses: responses.get(e.id) ?? 0,
      questions: qs.find((q) => q.eventId === e.id)?.n ?? 0,
    }
  })
  type Row = (typeof perEvent)[number]
  const total = (k: keyof Row) => perEvent.reduce((s, e) => s + (e[k] as number), 0)
  const exact = (value: string) => list.map((e) => counter(e.id, 'gender', value))
  const t = {
    events: perEvent.length,
    participants: total('participants'),
    checkedIn: total('checkedIn'),
    women: summed(
      exact('mujer'),
      perEvent.map((e) => e.women),
    ),
    men: summed(
      exact('hombre'),
      perEvent.map((e) => e.men),
    ),
    surveyResponses: total('surveyResponses'),
    questions: total('questions'),
  }
  const n = (x: number) => formatNumber(x, lang)
  const en = lang === 'en'
  const people = en
    ? `${n(t.events)} ${t.events === 1 ? 'event' : 'events'} with ${n(t.participants)} ${t.participants === 1 ? 'participant' : 'participants'}`
    : `${n(t.events)} ${t.events === 1 ? 'encuentro' : 'encuentros'} con ${n(t.participants)} ${t.participants === 1 ? 'participante' : 'participantes'}`
  const women =
    t.women === null
      ? null
      : en
        ? `${n(t.women)} ${t.women === 1 ? 'woman' : 'women'}`
        : `${n(t.women)} ${t.women === 1 ? 'mujer' : 'mujeres'}`
  const men =
    t.men === null
      ? null
      : en
        ? `${n(t.men)} ${t.men === 1 ? 'man' : 'men'}`
        : `${n(t.men)} ${t.men === 1 ? 'hombre' : 'hombres'}`
  const genders = [women, men].filter(Boolean).join(en ? ' and ' : ' y ')
  const sentence = genders ? `${people}, ${genders}.` : `${people}.`
  return { totals: t, sentence, events: perEvent }
}

/**
 * An event's gender figures as its report gives them (DOMAIN.md: the attendance breakdowns are suppressed
 * below 5): the same rule over its counted genders, so the totals pasted into an official report do not
 * state a figure the event's own report hides. Null where hidden.
 */
function genderShown(rows: { value: string; count: number }[]) {
  const options = [
    'mujer',
    'hombre',
    ...rows.map((r) => r.value).filter((v) => v !== 'mujer' && v !== 'hombre'),
  ]
  const count = (v: string) => rows.find((r) => r.value === v)?.count ?? 0
  const shown = suppressOptions(options.map((v) => ({ value: v, label: v, count: count(v), percent: 0 })))
  return new Map(shown.map((o) => [o.value, o.count]))
}

/**
 * A total over events whose rows hide some of its figures: stated when the rows hide nothing of it, or
 * when what they hide lies in two events or more and adds up to 5 people or more; else null, as the total
 * less the rows shown would give one event's hidden figure.
 */
function summed(exact: number[], shown: (number | null)[]) {
  const hidden = exact.filter((n, i) => shown[i] === null && n > 0)
  const all = exact.reduce((s, n) => s + n, 0)
  if (!hidden.length) return all
  return hidden.length > 1 && hidden.reduce((s, n) => s + n, 0) >= MIN_CELL ? all : null
}

/**
 * b's share minus a's in percentage points, from the counts (not from the two rounded shares, which can
 * be a tenth off): the exact rational cb/nb − ca/na as one fraction, rounded as `percent` rounds. A base
 * of 0 has a count of 0, so its share is 0.
 */
export function pointsBetween(ca: number, na: number, cb: number, nb: number): number {
  const [da, db] = [na || 1, nb || 1]
  const num = cb * da - ca * db
  const value = percent(Math.abs(num), da * db)
  return num < 0 ? -value : value
}

/** Two events' evaluation results side by side, option by option, with the difference in points. */
export async function compareEvents(deps: Deps, a: string, b: string, lang: NumberLang) {
  const [fa, fb] = await Promise.all(
    [a, b].map((slug) => loadForm(deps, slug, 'evaluacion', { staff: true })),
  )
  const [sa, sb] = await Promise.all([fa, fb].map((f) => formStats(deps.db, f.versions, { lang })))
  const questionsB = new Map(sb.questions.map((q) => [q.id, q]))
  // A sensitive question is published only in aggregate (DOMAIN.md), as in every copy of the report: a
  // cell of fewer than 5 people, on either side, shows no count, no share and no difference.
  const hidden = (q: QuestionStat) =>
    new Set(q.sensitive ? suppressOptions(q.options).flatMap((o) => (o.suppressed ? [o.value] : [])) : [])
  const rows = sa.questions
    .filter((q) => q.options.length && questionsB.has(q.id))
    .map((qa) => {
      const qb = questionsB.get(qa.id)!
      const [ha, hb] = [hidden(qa), hidden(qb)]
      const values = [...new Set([...qa.options.map((o) => o.value), ...qb.options.map((o) => o.value)])]
      return {
        id: qa.id,
        label: qa.label,
        // A label staff wrote only in Spanish says so in an English comparison, as the statistics do.
        ...(qa.lang ? { lang: qa.lang } : {}),
        answered: { a: qa.answered, b: qb.answered },
        options: values.map((v) => {
          const oa = qa.options.find((o) => o.value === v)
          const ob = qb.options.find((o) => o.value === v)
          const [ca, cb] = [oa?.count ?? 0, ob?.count ?? 0]
          const side = (h: Set<string>, count: number, percent = 0): Side =>
            h.has(v) ? { count: null, percent: null, suppressed: true } : { count, percent }
          return {
            value: v,
            label: (oa ?? ob)!.label,
            ...((oa ?? ob)!.lang ? { lang: (oa ?? ob)!.lang } : {}),
            a: side(ha, ca, oa?.percent),
            b: side(hb, cb, ob?.percent),
            // Against nobody's answers there is no difference to state, only a missing figure.
            difference:
              ha.has(v) || hb.has(v) || !qa.answered || !qb.answered
                ? null
                : pointsBetween(ca, qa.answered, cb, qb.answered),
          }
        }),
      }
    })
  // The headline figures of each, as its own report and the totals across events give them (a gender
  // count its report hides stays hidden here): the difference is stated where both sides are shown.
  const { events: both } = await totalsAcross(deps, { slugs: [a, b] }, lang)
  const of = (slug: string) => both.find((e) => e.slug === slug)!
  const [ea, eb] = [of(a), of(b)]
  const figures = FIGURES.map((key) => ({
    key,
    label: label(key, lang),
    a: ea[key],
    b: eb[key],
    difference: ea[key] === null || eb[key] === null ? null : eb[key] - ea[key],
  }))
  return {
    a: { slug: a, title: fa.full.event.title, date: ea.date, responses: sa.responses },
    b: { slug: b, title: fb.full.event.title, date: eb.date, responses: sb.responses },
    figures,
    questions: rows,
  }
}

const FIGURES = ['participants', 'checkedIn', 'women', 'men', 'surveyResponses', 'questions'] as const

export type Side = { count: number; percent: number } | { count: null; percent: null; suppressed: true }
/** Two events compared, as `compareEvents` gives them: what every format of the comparison renders. */
export type Compared = Awaited<ReturnType<typeof compareEvents>>

export function compareMarkdown(c: Compared, lang: NumberLang) {
  const w = compareWords(lang)
  const sides = `${w.side('A', c.a, mdCell)} | ${w.side('B', c.b, mdCell)} | ${w.difference}`
  const head = `| ${lang === 'en' ? 'Option' : 'Opción'} | ${sides} |\n|---|---|---|---|`
  const figures = `### ${label('headline', lang)}\n\n| | ${sides} |\n|---|---|---|---|\n${c.figures.map((f) => `| ${f.label} | ${w.count(f.a)} | ${w.count(f.b)} | ${w.diff(f.difference)} |`).join('\n')}`
  return [
    figures,
    ...c.questions.map(
      (q) =>
        `### ${mdCell(q.label)}\n\n${head}\n| ${label('base', lang)} | ${formatNumber(q.answered.a, lang)} | ${formatNumber(q.answered.b, lang)} | |\n${q.options.map((o) => `| ${mdCell(o.label)} | ${w.share(o.a, q.answered.a)} | ${w.share(o.b, q.answered.b)} | ${w.points(o.difference)} |`).join('\n')}`,
    ),
  ]
    .join('\n\n')
    .concat(hidesCells(c) ? `\n\n_${label('suppressedNote', lang)}_` : '')
}
