import { formatPercent } from '../../server/services/percent'
import { num, t } from './text'

export type StatOption = { value: string; label: string; count: number | null; percent: number | null }
export type StatQuestion = {
  id: string
  label: string
  type: string
  answered: number | null
  options?: StatOption[]
  /** A free-text question's answers, the most repeated first, each once with how many wrote it. */
  texts?: { text: string; count: number }[]
  /** More distinct answers exist than those listed. */
  textsMore?: boolean
}

const pct = (n: number | null, locale: string) =>
  n === null ? '—' : formatPercent(n, locale === 'en-US' ? 'en' : 'es')

/**
 * One question's answers as horizontal SVG bars (hidden from screen readers) and the same figures as a
 * table (the accessible version, and what people copy into a report).
 */
export function StatsChart({ q, locale }: { q: StatQuestion; locale: string }) {
  const c = t().charts
  const options = q.options ?? []
  // Drawn at the size it is shown (a card of about 360 px): a label line, then its bar and share.
  const row = 40
  const height = options.length * row
  const id = `chart-${q.id}`
  return (
    <figure class="chart" aria-labelledby={`${id}-c`}>
      <figcaption id={`${id}-c`}>
        <strong>{q.label}</strong> · {c.answers(q.answered ?? 0)}
      </figcaption>
      <svg viewBox={`0 0 360 ${height}`} width="100%" height={height} aria-hidden="true" focusable="false">
        {options.map((o, i) => {
          const w = Math.max(0, Math.min(100, o.percent ?? 0)) * 2.8
          return (
            <g key={o.value} transform={`translate(0 ${i * row})`}>
              <text x="0" y="14" class="bar-label">
                {o.label.length > 52 ? `${o.label.slice(0, 51)}…` : o.label}
              </text>
              <rect x="0" y="20" width={Math.max(w, o.count ? 2 : 0)} height="14" rx="3" class="bar" />
              <text x={w + 6} y="32" class="bar-value">
                {pct(o.percent, locale)}
                {o.count !== null && ` (${num(o.count)})`}
              </text>
            </g>
          )
        })}
      </svg>
      {/* A table sizes to its content whatever its width: the visually hidden box is a wrapper. */}
      <div class="sr-only">
        <table>
          <caption>{q.label}</caption>
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
                <th scope="row">{o.label}</th>
                <td>{o.count === null ? '—' : num(o.count)}</td>
                <td>{pct(o.percent, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  )
}

/**
 * A free-text question's answers as the report lists them: grouped where they repeat, the most repeated
 * first, with how many people wrote each (the topics suggested for the next event, the observations).
 */
export function TextAnswers({ q }: { q: StatQuestion }) {
  const c = t().charts
  const texts = q.texts ?? []
  const id = `texts-${q.id}`
  return (
    <figure class="chart" aria-labelledby={`${id}-c`}>
      <figcaption id={`${id}-c`}>
        <strong>{q.label}</strong> · {c.answers(q.answered ?? 0)}
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
