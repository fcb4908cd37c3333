import { sql } from 'drizzle-orm'
import { listOf } from '../../db/bound'
import type { Db } from '../../db/client'
import type { FormQuestion } from '../../db/schema'
import { ApiError } from '../errors'
import type { Lang } from '../messages'
import { answerPath, countable, type Filter, type Row, where } from './filters'
import { optionList, questionStats, type Tally, tallyAdd } from './stats'

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

/**
 * One question broken down by another (`calificacion_gestion` by `genero`): a block per value of `by`,
 * each with its own `answered` and shares, and a last block for those who did not answer `by`.
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
  return { question: head(qv), by: head(bv), groups }
}
