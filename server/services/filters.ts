import { type SQL, sql } from 'drizzle-orm'
import { boundRuns, listOf, MAX_COMPOUND } from '../../db/bound'
import type { Db } from '../../db/client'
import type { FormQuestion } from '../../db/schema'
import { ApiError } from '../errors'
import type { Lang } from '../messages'
import { hasTexts, type QuestionStat, questionStats, type Tally, tallyAdd } from './stats'
import { groupedTexts } from './version-texts'

/**
 * Filtered statistics, computed from the raw answers: each response row's `answers` object, which
 * json_each() opens into its questions and each question's value into its options. They cost
 * O(responses of the form), read through the (form_id, id) index, unlike the counters; so do cross-tabs.
 */
export type Filter = { questionId: string; values: string[] }

export const countable = (q: FormQuestion) => q.type !== 'short_text' && q.type !== 'long_text'

/** At most this many questions filtered at once: each binds two parameters in every statement. */
const MAX_FILTERS = 10

/** `filter.genero=mujer,no_binario&filter.rango_edad=18_28` → filters, each naming a countable question. */
export function parseFilters(query: Record<string, unknown>, questions: FormQuestion[][]): Filter[] {
  const out: Filter[] = []
  for (const [key, raw] of Object.entries(query)) {
    if (!key.startsWith('filter.')) continue
    const questionId = key.slice('filter.'.length)
    const q = questions.find((qs) => qs[0].id === questionId)?.[0]
    const values = String(raw)
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
    if (!q || !countable(q) || values.length === 0 || values.length > 40)
      throw new ApiError('VALIDATION_ERROR', {
        issues: [
          {
            path: key,
            message: {
              es: 'Filtre por una pregunta de opciones del formulario, con sus valores.',
              en: 'Filter by a choice question of the form, with its values.',
            },
          },
        ],
      })
    const known = valuesOf(questions.find((qs) => qs[0].id === questionId)!)
    const unknown = values.filter((v) => !known.has(v))
    // A value no version of the question offers would match no response: an empty result that reads as
    // data. Refused instead, naming the values there are.
    if (unknown.length)
      throw new ApiError('VALIDATION_ERROR', {
        issues: [
          {
            path: key,
            message: {
              es: `${unknown.map((v) => `«${v}»`).join(', ')} no es una opción de esta pregunta. Sus valores: ${[...known].join(', ')}.`,
              en: `${unknown.map((v) => `«${v}»`).join(', ')} is not an option of this question. Its values: ${[...known].join(', ')}.`,
            },
          },
        ],
      })
    out.push({ questionId, values })
  }
  if (out.length > MAX_FILTERS)
    throw new ApiError('VALIDATION_ERROR', {
      issues: [
        {
          path: 'filter',
          message: {
            es: `Filtre por ${MAX_FILTERS} preguntas a lo sumo a la vez.`,
            en: `Filter by ${MAX_FILTERS} questions at most at once.`,
          },
        },
      ],
    })
  return out
}

/** The values a choice question's answers take, in any of its versions (as stored: `si`/`no`, `4`, an option's value). */
function valuesOf(versions: FormQuestion[]): Set<string> {
  const out = new Set<string>()
  for (const q of versions) {
    if (q.type === 'yesno') for (const v of ['si', 'no']) out.add(v)
    else if (q.type === 'scale' && q.scale)
      for (let p = q.scale.min; p <= q.scale.max; p++) out.add(String(p))
    else for (const o of q.options ?? []) out.add(o.value)
  }
  return out
}

/**
 * The JSON path of a question's answer in a response's `answers` (or `others`) object. Question ids are
 * lowercase letters, digits and _ (the forms' key pattern); quoted all the same, so that a path never
 * reads an id as path syntax.
 */
export const answerPath = (questionId: string) => `$."${questionId}"`

/** Conditions on a response's `answers` (`r.answers`): it passes every filter. */
export function where(filters: Filter[], answers: SQL): SQL {
  const parts = filters.map(
    (f) =>
      sql`exists (select 1 from json_each(${answers}, ${answerPath(f.questionId)}) fj where cast(fj.value as text) in (${listOf(f.values)}))`,
  )
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``
}

/**
 * `select ${columns} from form_responses r where ${cond}` over the given form versions, in id order
 * (newest first with `desc`), at most `limit` rows. One walk of the (form_id, id) index per version,
 * merged by SQLite as it reads them (a compound SELECT's ORDER BY merges its arms, and an arm that is
 * an index walk needs no sort): with `form_id in (...)` it would read and sort every response of the
 * form to return a few; with an ORDER BY and LIMIT in each arm, it sorted each arm's rows again (3
 * versions: 3.5 ms a page of 500, against 1.3 ms merged as they are read). `columns` must include
 * `r.id id`. Each version's walk binds its own parameters and is one arm of the union, so a form with
 * many versions is read in several statements (D1 takes 100 parameters and 5 arms: db/bound.ts),
 * merged here.
 */
export async function inIdOrder<R extends { id: string }>(
  db: Db,
  formIds: string[],
  columns: SQL,
  cond: SQL,
  limit: number,
  direction: 'asc' | 'desc' = 'asc',
): Promise<R[]> {
  const order = sql.raw(direction)
  const union = (ids: string[]) =>
    sql`${sql.join(
      ids.map((id) => sql`select ${columns} from form_responses r where r.form_id = ${id}${cond}`),
      sql` union all `,
    )} order by id ${order} limit ${limit}`
  // No version: a form id that matches nothing, so the SQL stays valid.
  const runs = boundRuns(formIds.length ? formIds : [''], union, MAX_COMPOUND)
  const rows = (await Promise.all(runs.map((ids) => db.all<R>(union(ids))))).flat()
  const sign = direction === 'asc' ? 1 : -1
  if (runs.length > 1) rows.sort((a, b) => (a.id < b.id ? -sign : a.id > b.id ? sign : 0))
  return rows.slice(0, limit)
}

/** The newest `limit` rows first: `inIdOrder` backwards. */
export const newestFirst = <R extends { id: string }>(
  db: Db,
  formIds: string[],
  columns: SQL,
  cond: SQL,
  limit: number,
) => inIdOrder<R>(db, formIds, columns, cond, limit, 'desc')

const ANSWERED_COLUMNS = 50

export type Row = { q?: string; g?: string | null; v?: string; n: number }

/** The same Tally the counters give, restricted to the responses that pass every filter. */
export async function filteredTally(
  db: Db,
  formIds: string[],
  questions: FormQuestion[][],
  filters: Filter[],
): Promise<Tally> {
  const ids = listOf(formIds)
  const counted = questions.filter((qs) => countable(qs[0])).map((qs) => qs[0].id)
  const only = where(filters, sql`r.answers`)
  // The filtered responses are set apart first (MATERIALIZED): written as one join, SQLite tested the
  // filters again for every answer and option of every response, 3 times slower at 1,000,000.
  // The responses and each question's `answered` in one pass, a sum per question and no GROUP BY to
  // sort: at 1,000,000 responses a few times faster than grouping json_each(r.answers) by key. At most
  // ANSWERED_COLUMNS sums a statement, as D1 returns at most 100 columns.
  const questionIds = questions.map((qs) => qs[0].id)
  const chunks = Array.from(
    { length: Math.max(1, Math.ceil(questionIds.length / ANSWERED_COLUMNS)) },
    (_, i) => questionIds.slice(i * ANSWERED_COLUMNS, (i + 1) * ANSWERED_COLUMNS),
  )
  const [options, ...answered] = await Promise.all([
    // A scalar answer is wrapped in an array, so json_each() gives one row per option of any answer.
    counted.length
      ? db.all<Row>(
          sql`with f as materialized (select r.answers from form_responses r where r.form_id in (${ids})${only}) select j.key q, cast(o.value as text) v, count(*) n from f, json_each(f.answers) j, json_each(case when j.type = 'array' then j.value else json_array(j.value) end) o where j.key in (${listOf(counted)}) group by 1, 2`,
        )
      : Promise.resolve([] as Row[]),
    ...chunks.map((chunk) => {
      const sums = chunk.map(
        (id, i) => sql`, sum(json_type(r.answers, ${answerPath(id)}) is not null) ${sql.raw(`a${i}`)}`,
      )
      return db.all<Record<string, number | null>>(
        sql`select count(*) n${sql.join(sums)} from form_responses r where r.form_id in (${ids})${only}`,
      )
    }),
  ])
  const tally: Tally = new Map()
  tallyAdd(tally, '', '', answered[0][0]?.n ?? 0)
  for (const [k, chunk] of chunks.entries())
    for (const [i, id] of chunk.entries()) tallyAdd(tally, id, '', answered[k][0]?.[`a${i}`] ?? 0)
  for (const r of options) tallyAdd(tally, r.q!, r.v!, r.n)
  return tally
}

export async function filteredQuestions(
  db: Db,
  formIds: string[],
  questions: FormQuestion[][],
  filters: Filter[],
  lang: Lang,
): Promise<{ responses: number; questions: QuestionStat[] }> {
  const withTexts = questions.map((qs) => qs[0]).filter(hasTexts)
  const [tally, texts] = await Promise.all([
    filteredTally(db, formIds, questions, filters),
    groupedTexts(
      db,
      formIds,
      {
        text: withTexts.filter((q) => !q.options).map((q) => q.id),
        other: withTexts.filter((q) => q.options).map((q) => q.id),
      },
      filters.length ? where(filters, sql`r.answers`) : undefined,
    ),
  ])
  const stats = questions.map((qs) => {
    const stat = questionStats(qs, tally, lang)
    const found = hasTexts(qs[0]) ? texts[qs[0].id] : undefined
    return found ? { ...stat, texts: found.texts, textsMore: found.more } : stat
  })
  return { responses: tally.get('')?.get('') ?? 0, questions: stats }
}
