import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import type { FormQuestion } from '../../db/schema'
import { ApiError } from '../errors'
import type { Lang } from '../messages'
import { normText } from './answers'
import { hasTexts, type QuestionStat, questionStats, type Tally, TEXTS_SHOWN, tallyAdd } from './stats'

/**
 * Filtered statistics, computed from the raw answers (one row per answered question, a JSON value that
 * json_each() opens into its options). They cost O(responses), unlike the counters; so do cross-tabs.
 */
export type Filter = { questionId: string; values: string[] }

export const countable = (q: FormQuestion) => q.type !== 'short_text' && q.type !== 'long_text'
export const list = (values: unknown[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )

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
          { path: key, message: 'Filtre por una pregunta de opciones del formulario, con sus valores.' },
        ],
      })
    out.push({ questionId, values })
  }
  return out
}

export function where(filters: Filter[], responseId: SQL): SQL {
  const parts = filters.map(
    (f) =>
      sql`exists (select 1 from form_answers fa, json_each(fa.value) fj where fa.response_id = ${responseId} and fa.question_id = ${f.questionId} and cast(fj.value as text) in (${list(f.values)}))`,
  )
  return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``
}

export type Row = { q?: string; g?: string | null; v?: string; n: number }

/** The same Tally the counters give, restricted to the responses that pass every filter. */
export async function filteredTally(
  db: Db,
  formIds: string[],
  questions: FormQuestion[][],
  filters: Filter[],
): Promise<Tally> {
  const ids = list(formIds)
  const counted = questions.filter((qs) => countable(qs[0])).map((qs) => qs[0].id)
  const [responses, answered, options] = await Promise.all([
    db.all<Row>(
      sql`select count(*) n from form_responses r where r.form_id in (${ids})${where(filters, sql`r.id`)}`,
    ),
    db.all<Row>(
      sql`select a.question_id q, count(*) n from form_answers a where a.form_id in (${ids})${where(filters, sql`a.response_id`)} group by a.question_id`,
    ),
    counted.length
      ? db.all<Row>(
          sql`select a.question_id q, cast(j.value as text) v, count(*) n from form_answers a, json_each(a.value) j where a.form_id in (${ids}) and a.question_id in (${list(counted)})${where(filters, sql`a.response_id`)} group by 1, 2`,
        )
      : Promise.resolve([] as Row[]),
  ])
  const tally: Tally = new Map()
  tallyAdd(tally, '', '', responses[0]?.n ?? 0)
  for (const r of answered) tallyAdd(tally, r.q!, '', r.n)
  for (const r of options) tallyAdd(tally, r.q!, r.v!, r.n)
  return tally
}

/** The latest free texts of a question among the filtered responses, grouped where they repeat. */
export async function filteredTexts(db: Db, formIds: string[], questionId: string, filters: Filter[]) {
  const rows = await db.all<{ value: string; other: string | null }>(
    sql`select a.value, a.other from form_answers a where a.form_id in (${list(formIds)}) and a.question_id = ${questionId}${where(filters, sql`a.response_id`)} order by a.rowid desc limit ${TEXTS_SHOWN * 5}`,
  )
  const groups = new Map<string, { text: string; count: number }>()
  for (const r of rows) {
    const text = r.other ?? (JSON.parse(r.value) as unknown)
    if (typeof text !== 'string' || !text) continue
    const g = groups.get(normText(text)) ?? { text, count: 0 }
    g.count += 1
    groups.set(normText(text), g)
  }
  const all = [...groups.values()].sort((a, b) => b.count - a.count)
  return {
    texts: all.slice(0, TEXTS_SHOWN),
    more: all.length > TEXTS_SHOWN || rows.length === TEXTS_SHOWN * 5,
  }
}

export async function filteredQuestions(
  db: Db,
  formIds: string[],
  questions: FormQuestion[][],
  filters: Filter[],
  lang: Lang,
): Promise<{ responses: number; questions: QuestionStat[] }> {
  const tally = await filteredTally(db, formIds, questions, filters)
  const stats = await Promise.all(
    questions.map(async (qs) => {
      const stat = questionStats(qs, tally, lang)
      if (!hasTexts(qs[0])) return stat
      const { texts, more } = await filteredTexts(db, formIds, qs[0].id, filters)
      return { ...stat, texts, textsMore: more }
    }),
  )
  return { responses: tally.get('')?.get('') ?? 0, questions: stats }
}
