import { sql } from 'drizzle-orm'
import { listOf } from '../../db/bound'
import type { Db } from '../../db/client'
import type { FormQuestion } from '../../db/schema'
import { ApiError } from '../errors'
import type { Lang } from '../messages'
import { answerPath, countable, type Filter, type Row, where } from './filters'
import { optionList, type QuestionStat, questionStats, type Tally, tallyAdd } from './stats'
import { type PublicOption, suppressOptions } from './suppression'

/** The two questions of a crosstab, each a choice or scale question of the form, or a 400. */
export function crosstabQuestions(questions: FormQuestion[][], ids: { question: string; by: string }) {
  const find = (id: string, path: string) => {
    const qs = questions.find((x) => x[0].id === id)
    if (!qs || !countable(qs[0]))
      throw new ApiError('VALIDATION_ERROR', {
        issues: [
          {
            path,
            message: {
              es: 'Elija una pregunta de opciones o de escala del formulario.',
              en: 'Choose a choice or scale question of the form.',
            },
          },
        ],
      })
    return qs
  }
  return [find(ids.question, 'question'), find(ids.by, 'by')]
}

type Group = {
  value: string | null
  label: string
  answered: number | null
  options: PublicOption[]
  suppressed?: true
}

const sensitive = (qs: FormQuestion[] | undefined) => !!qs?.some((v) => v.sensitive === true)

/**
 * A crosstab that involves sensitive data, with its small cells hidden as the filtered stats sheet hides
 * them (survey-results.ts, `statsTables`: a sensitive question's cells, and under a sensitive filter every
 * count of people, by suppression.ts's one rule):
 * - crossed by a sensitive question (or filtered by one), each block describes a group of people by
 *   that data. The sheet hides a group's count under 5; here the groups stand side by side, so their
 *   counts are suppressed as that question's options are (under 5 hidden, with the next smallest beside
 *   them, so none is the question's total less the others); a block whose count is hidden has every
 *   cell hidden, or its cells would add up to it;
 * - in every block of such a crosstab, and of one whose crossed question is sensitive, the cells are
 *   suppressed per block, so that no hidden cell is the block's count less the ones shown.
 * Zeros show where the rule lets them, as in the sheet: they name nobody.
 */
function suppressGroups(
  groups: { value: string | null; label: string; answered: number; options: QuestionStat['options'] }[],
  bySensitiveData: boolean,
): Group[] {
  const sizes = bySensitiveData
    ? suppressOptions(
        groups.map((g, i) => ({ value: String(i), label: g.label, count: g.answered, percent: 0 })),
      )
    : null
  return groups.map((g, i) => {
    if (sizes?.[i].suppressed)
      return {
        value: g.value,
        label: g.label,
        answered: null,
        suppressed: true,
        options: g.options.map((o) => ({ ...o, count: null, percent: null, suppressed: true })),
      }
    return { ...g, options: suppressOptions(g.options) }
  })
}

/**
 * One question broken down by another (`calificacion_gestion` by `genero`): a block per value of `by`,
 * each with its own `answered` and shares, and a last block for those who did not answer `by`. When
 * either question, or a filter, is sensitive, the small cells are hidden (`suppressGroups`): `count`,
 * `percent` (and a hidden block's `answered`) are null, with `suppressed: true`.
 */
export async function crosstab(
  db: Db,
  formIds: string[],
  questions: FormQuestion[][],
  ids: { question: string; by: string },
  filters: Filter[],
  lang: Lang,
) {
  const [qv, bv] = crosstabQuestions(questions, ids)
  // Every response of the form that answered `question`, with each value of its `by` answer (none: null).
  const from = sql`from form_responses r left join json_each(r.answers, ${answerPath(ids.by)}) bj`
  const cond = sql`where r.form_id in (${listOf(formIds)}) and json_type(r.answers, ${answerPath(ids.question)}) is not null${where(filters, sql`r.answers`)}`
  // A response gives one value to a question of one choice or a scale: a block's cells add up to those
  // who answered it, and only a question of several choices needs its own count (each a full scan).
  const several = qv.some((q) => q.type === 'multi')
  const [cells, answered] = await Promise.all([
    db.all<Row>(
      sql`select cast(bj.value as text) g, cast(qj.value as text) v, count(*) n ${from} join json_each(r.answers, ${answerPath(ids.question)}) qj ${cond} group by 1, 2`,
    ),
    several
      ? db.all<Row>(sql`select cast(bj.value as text) g, count(*) n ${from} ${cond} group by 1`)
      : undefined,
  ])
  const tallies = new Map<string | null, Tally>()
  const tallyOf = (g: string | null) => tallies.get(g) ?? tallies.set(g, new Map()).get(g)!
  for (const r of answered ?? cells) tallyAdd(tallyOf(r.g ?? null), ids.question, '', r.n)
  for (const r of cells) tallyAdd(tallyOf(r.g ?? null), ids.question, r.v!, r.n)
  const groupLabels = optionList(
    bv,
    new Map([...tallies.keys()].filter((g) => g !== null).map((g) => [g!, 1])),
    lang,
  )
  const groups = [...groupLabels].map(([value, label]) => {
    const { answered: n, options } = questionStats(qv, tallyOf(value), lang)
    return { value: value as string | null, label, answered: n, options }
  })
  const none = tallies.get(null)
  if (none) {
    const { answered: n, options } = questionStats(qv, none, lang)
    groups.push({ value: null, label: lang === 'en' ? 'No answer' : 'Sin respuesta', answered: n, options })
  }
  const head = (qs: FormQuestion[]) => {
    const s = questionStats(qs, new Map(), lang)
    return { id: s.id, label: s.label, type: s.type }
  }
  const bySensitiveData =
    sensitive(bv) || filters.some((f) => sensitive(questions.find((x) => x[0].id === f.questionId)))
  const suppressed = bySensitiveData || sensitive(qv)
  return {
    question: head(qv),
    by: head(bv),
    groups: suppressed ? suppressGroups(groups, bySensitiveData) : (groups as Group[]),
  }
}
