import type { RefObject } from 'preact'
import { contentLang, longDate } from '../shared/format'
import { Downloads } from './Downloads'
import { type Compared, count, hiddenNote, points, share, signed } from './report-values'
import { lang } from './session'
import { num } from './text'
import { rt } from './text-reports'

/**
 * The two events compared: the main figures with the difference in people, then each survey question's
 * options with the difference in percentage points. A cell the report hides reads "oculta" here too.
 */
export function CompareResult({
  data,
  query,
  heading,
}: {
  data: Compared
  query: string
  heading: RefObject<HTMLHeadingElement>
}) {
  const x = rt().compare
  const es = contentLang(lang.value)
  const { a, b } = data
  // The columns name each event; a stacked row (a phone) repeats the name beside each figure.
  const nameA = `A · ${a.title}`
  const nameB = `B · ${b.title}`
  const sides = (
    <>
      {[a, b].map((e, i) => (
        <th key={e.slug} scope="col" class="num">
          {i ? 'B' : 'A'} · <span lang={es}>{e.title}</span>
          <span class="meta block">{longDate(e.date, lang.value)}</span>
        </th>
      ))}
    </>
  )
  // A question nobody answered at either event has nothing to compare: named, not drawn as a table of "—".
  const answered = data.questions.filter((q) => q.answered.a || q.answered.b)
  const silent = data.questions.filter((q) => !q.answered.a && !q.answered.b)
  const hides =
    data.figures.some((f) => f.a === null || f.b === null) ||
    data.questions.some((q) => q.options.some((o) => o.a.count === null || o.b.count === null))

  return (
    <section aria-labelledby="compare-result-h" class="card">
      <h3 id="compare-result-h" ref={heading} tabIndex={-1}>
        {x.heading(a.title, b.title)}
      </h3>
      <ul class="meta">
        {[a, b].map((e, i) => (
          <li key={e.slug}>
            {i ? 'B' : 'A'}: <span lang={es}>{e.title}</span>, {longDate(e.date, lang.value)} ·{' '}
            {x.responses(e.responses)}
          </li>
        ))}
      </ul>
      <div class="table-wrap">
        <table class="stacked report-table">
          <caption>{x.headline}</caption>
          <thead>
            <tr>
              <th scope="col">{x.figure}</th>
              {sides}
              <th scope="col" class="num">
                {x.difference}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.figures.map((f) => (
              <tr key={f.key}>
                <th scope="row">{f.label}</th>
                <td data-label={nameA} class="num">
                  {count(f.a)}
                </td>
                <td data-label={nameB} class="num">
                  {count(f.b)}
                </td>
                <td data-label={x.difference} class="num">
                  {signed(f.difference)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>{x.survey}</h4>
      {!data.questions.length && <p>{x.noQuestions}</p>}
      {silent.length > 0 && (
        <p class="hint">
          {x.silent}:{' '}
          {silent.map((q, i) => (
            <span key={q.id}>
              {i ? ' · ' : ''}
              <span lang={q.lang}>{q.label}</span>
            </span>
          ))}
        </p>
      )}
      {answered.map((q) => (
        <div key={q.id} class="table-wrap">
          <table class="stacked report-table">
            <caption lang={q.lang}>{q.label}</caption>
            <thead>
              <tr>
                <th scope="col">{x.option}</th>
                {sides}
                <th scope="col" class="num">
                  {x.points}
                </th>
              </tr>
            </thead>
            <tbody>
              <tr class="base">
                <th scope="row">{x.base}</th>
                <td data-label={nameA} class="num">
                  {q.answered.a ? num(q.answered.a) : x.unanswered}
                </td>
                <td data-label={nameB} class="num">
                  {q.answered.b ? num(q.answered.b) : x.unanswered}
                </td>
                <td />
              </tr>
              {q.options.map((o) => (
                <tr key={o.value}>
                  <th scope="row" lang={o.lang}>
                    {o.label}
                  </th>
                  <td data-label={nameA} class="num">
                    {share(o.a, q.answered.a)}
                  </td>
                  <td data-label={nameB} class="num">
                    {share(o.b, q.answered.b)}
                  </td>
                  <td data-label={x.points} class="num">
                    {points(o.difference)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {hides && <p class="hint">{hiddenNote()}</p>}
      <Downloads
        files={(['md', 'docx', 'xlsx'] as const).map((format) => ({
          label: rt().download[format],
          path: `/api/reports/compare?${query}&format=${format}`,
          name: `comparacion.${format}`,
        }))}
      />
    </section>
  )
}
