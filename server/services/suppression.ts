import { percent } from './percent'
import type { FormStats, OptionStat, QuestionStat } from './stats'

/**
 * What the public may see of aggregate figures: cells of fewer than MIN_CELL people are hidden, and the
 * hidden cells together must hold MIN_CELL people or more, in two cells or more, so that none of them can
 * be recovered by subtracting the others from the total. When one small cell would be hidden alone, or
 * the small ones hold fewer than MIN_CELL between them, the next smallest cells that have people are
 * hidden with them. Never a zero: which zero was picked would tell which of the two hidden cells holds
 * the people. When the question's people cannot fill such a group (fewer than MIN_CELL in all), every
 * cell is hidden, zeros too: shown, they would narrow the few people to the cells left. Sensitive
 * questions are never broken down in public.
 */
export const MIN_CELL = 5

const hideAll = (options: OptionStat[]): PublicOption[] =>
  options.map((o) => ({ ...o, count: null, percent: null, suppressed: true }))

export type PublicOption = {
  value: string
  label: string
  count: number | null
  percent: number | null
  suppressed?: true
  lang?: 'es'
}

export function suppressOptions(options: OptionStat[]): PublicOption[] {
  const small = options.filter((o) => o.count > 0 && o.count < MIN_CELL)
  if (!small.length) return options
  const hide = new Set(small.map((o) => o.value))
  let held = small.reduce((n, o) => n + o.count, 0)
  const others = options.filter((o) => o.count >= MIN_CELL).sort((a, b) => a.count - b.count)
  for (const o of others) {
    if (held >= MIN_CELL && hide.size > 1) break
    hide.add(o.value)
    held += o.count
  }
  if (held < MIN_CELL || hide.size < 2) return hideAll(options)
  return options.map((o) => (hide.has(o.value) ? { ...o, count: null, percent: null, suppressed: true } : o))
}

/** The value of the row that `mergeFewTyped` makes; `normText` never gives an underscore. */
export const FEW_TYPED = '_otros'

/**
 * Values people typed themselves (a territory) as the public sees them: those of fewer than MIN_CELL
 * people are merged into one unnamed row, as a hidden cell with its label would still tell that 1 to 4
 * people came from that place (and print what one attendee typed). Values nobody counts any longer
 * leave with them. The merged row is one more cell for `suppressOptions`: shown from MIN_CELL people,
 * else hidden, with the next smallest beside it as `suppressOptions` picks them.
 */
export function mergeFewTyped<Q extends QuestionStat>(q: Q, label: string): Q {
  const few = q.options.filter((o) => o.count < MIN_CELL)
  if (!few.length) return q
  const count = few.reduce((n, o) => n + o.count, 0)
  const kept = q.options.filter((o) => o.count >= MIN_CELL)
  const merged = { value: FEW_TYPED, label, count, percent: percent(count, q.answered) }
  return { ...q, options: count ? [...kept, merged] : kept }
}

export type PublicQuestion = Omit<QuestionStat, 'options' | 'texts' | 'textsMore'> & {
  options: PublicOption[]
  suppressed?: true
}

/**
 * The evaluation's questions about the event itself (DOMAIN.md's question bank): how people heard of it
 * and what they thought of it. An opinion of an anonymous survey names no one, and the report states
 * each such question with its counts (DOMAIN.md, "Evaluación"): the public sees them exact, "Sí 24, No
 * 1" and not two hidden cells. Every other question (who answered: gender, age, occupation, schooling,
 * and any question a form adds) has its small cells suppressed in public, as the attendance breakdowns.
 */
export const OPINION_QUESTIONS = new Set([
  'medio_enterado',
  'explicacion_procedimiento',
  'oportunidad_opinar',
  'tiempo_exposicion',
  'responde_intereses',
  'muestra_resultados',
  'calificacion_gestion',
  'volveria_participar',
])

/** Whether the public sees this question's small cells exact (never a sensitive one). */
export const exactInPublic = (q: Pick<QuestionStat, 'id' | 'sensitive'>) =>
  !q.sensitive && OPINION_QUESTIONS.has(q.id)

export function publicQuestion(q: QuestionStat): PublicQuestion {
  const { texts: _t, textsMore: _m, options, ...rest } = q
  if (q.sensitive) return { ...rest, options: hideAll(options), suppressed: true }
  return { ...rest, options: exactInPublic(q) ? options : suppressOptions(options) }
}

/** Survey results for the public: no free texts (they may name people), suppressed cells. */
export function publicStats(stats: FormStats) {
  return {
    formKey: stats.formKey,
    responses: stats.responses,
    questions: stats.questions.filter((q) => q.options.length > 0).map(publicQuestion),
  }
}
