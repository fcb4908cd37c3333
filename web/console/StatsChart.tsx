import { formatPercent } from '../../server/services/percent'
import { num, t } from './text'

/** `count` and `percent` null: a cell the server hides (fewer than 5 people), shown as hidden, never guessed. */
export type StatOption = {
  value: string
  label: string
  count: number | null
  percent: number | null
  /** 'es': a label staff wrote only in Spanish, on the English console. */
  lang?: string
}
export type StatQuestion = {
  id: string
  label: string
  lang?: string
  type: string
  /** Null when the server hides it: how many answered is then not said, not taken for 0. */
  answered: number | null
  options?: StatOption[]
  /** A free-text question's answers, the most repeated first, each once with how many wrote it. */
  texts?: { text: string; count: number }[]
  /** More distinct answers exist than those listed. */
  textsMore?: boolean
}

/**
 * A form's questions as the summary shows them: a chart for each choice question with answers (a count
 * the server hides is not taken for none), the free-text ones someone answered as lists, and the choice
 * questions nobody answered yet, to be named once rather than drawn as zeros.
 */
export function shownQuestions(questions: StatQuestion[]) {
  const choice = questions.filter((q) => q.options?.length)
  return {
    charted: choice.filter((q) => q.answered !== 0),
    texts: questions.filter((q) => !q.options?.length && q.texts?.length),
    unanswered: choice.filter((q) => q.answered === 0),
  }
}

const pct = (n: number | null, locale: string) =>
  n === null ? t().charts.hidden : formatPercent(n, locale === 'en-US' ? 'en' : 'es')

/** "4 respuestas", or that the server hides how many. */
const answers = (q: StatQuestion) => {
  const c = t().charts
  return q.answered === null ? c.answersHidden : c.answers(q.answered)
}

/**
 * One question's answers as horizontal SVG bars (hidden from screen readers) and the same figures as a
 * table (the accessible version, and what people copy into a report). `form` keeps the ids of two forms
 * that ask a question of the same id apart.
 */
export function StatsChart({ form, q, locale }: { form: string; q: StatQuestion; locale: string }) {
  const c = t().charts
  const options = q.options ?? []
  // Drawn at the size it is shown (a card of about 360 px): a label line, then its bar and share.
  const row = 40
  const height = options.length * row
  const id = `chart-${form}-${q.id}`
  const hidden = options.some((o) => o.count === null)
  return (
    <figure class="chart" aria-labelledby={`${id}-c`}>
      <figcaption id={`${id}-c`}>
        <strong lang={q.lang}>{q.label}</strong> · {answers(q)}
      </figcaption>
      <svg viewBox={`0 0 360 ${height}`} width="100%" height={height} aria-hidden="true" focusable="false">
        {options.map((o, i) => {
          const w = Math.max(0, Math.min(100, o.percent ?? 0)) * 2.8
          return (
            <g key={o.value} transform={`translate(0 ${i * row})`}>
              <text x="0" y="14" class="bar-label" lang={o.lang}>
                {o.label.length > 52 ? `${o.label.slice(0, 51)}…` : o.label}
              </text>
              <rect x="0" y="20" width={Math.max(w, o.count ? 2 : 0)} height="14" rx="3" class="bar" />
              <text x={w + 6} y="32" class="bar-value">
                {pct(o.percent, locale)}
                {o.count !== null && o.percent !== null && ` (${num(o.count)})`}
              </text>
            </g>
          )
        })}
      </svg>
      {/* A table sizes to its content whatever its width: the visually hidden box is a wrapper. */}
      <div class="sr-only">
        <table>
          <caption lang={q.lang}>{q.label}</caption>
          <thead>
            <tr>
              <th scope="col">{c.option}</th>
              <th scope="col">{c.count}</th>
              <th scope="col">{c.percent}</th>
            </tr>
          </thead>
          <tbody>
            {options.map((o) => (
              <tr key={o.value}>
                <th scope="row" lang={o.lang}>
                  {o.label}
                </th>
                <td>{o.count === null ? c.hidden : num(o.count)}</td>
                <td>{pct(o.percent, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* As the report says it under the same question. */}
      {q.type === 'multi' && <p class="hint">{c.multi}</p>}
      {hidden && <p class="hint">{c.hiddenNote}</p>}
    </figure>
  )
}

/**
 * A free-text question's answers as the report lists them: grouped where they repeat, the most repeated
 * first, with how many people wrote each (the topics suggested for the next event, the observations).
 */
export function TextAnswers({ form, q }: { form: string; q: StatQuestion }) {
  const c = t().charts
  const texts = q.texts ?? []
  const id = `texts-${form}-${q.id}`
  return (
    <figure class="chart" aria-labelledby={`${id}-c`}>
      <figcaption id={`${id}-c`}>
        <strong lang={q.lang}>{q.label}</strong> · {answers(q)}
      </figcaption>
      <ul class="texts">
        {texts.map((x) => (
          <li key={x.text} dir="auto">
            {x.text}
            {x.count > 1 && <span class="meta"> ({c.times(x.count)})</span>}
          </li>
        ))}
      </ul>
      {q.textsMore && <p class="hint">{c.mostRepeated(texts.length)}</p>}
    </figure>
  )
}
