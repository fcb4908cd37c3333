import { useSignal } from '@preact/signals'
import type { RefObject } from 'preact'
import { contentLang, longDate } from '../shared/format'
import { Downloads } from './Downloads'
import { count, hiddenNote, hiddenWord, type Totals } from './report-values'
import { lang } from './session'
import { num } from './text'
import { rt } from './text-reports'

const FIGURES = ['participants', 'checkedIn', 'women', 'men', 'surveyResponses', 'questions'] as const

/**
 * The totals as the official report takes them: the sentence, large, to paste; every event's figures,
 * a hidden one reading as in its own report; and the same table as a file.
 */
export function TotalsResult({
  data,
  query,
  scope,
  heading,
}: {
  data: Totals
  query: string
  scope: string
  heading: RefObject<HTMLHeadingElement>
}) {
  const x = rt().totals
  const copied = useSignal('')
  const head: Record<(typeof FIGURES)[number], string> = {
    participants: x.participants,
    checkedIn: x.checkedIn,
    women: x.women,
    men: x.men,
    surveyResponses: x.surveys,
    questions: x.questions,
  }
  const rows = data.events
  const hidesRow = rows.some((e) => e.women === null || e.men === null)
  const hidesTotal = data.totals.women === null || data.totals.men === null
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(data.sentence)
      copied.value = x.copied
    } catch {
      copied.value = x.notCopied
    }
  }
  const total = (k: (typeof FIGURES)[number]) => {
    const v = data.totals[k]
    return v === null ? hiddenWord() : num(v)
  }

  return (
    <section aria-labelledby="totals-result-h" class="card">
      <h3 id="totals-result-h" ref={heading} tabIndex={-1}>
        {x.sentence}
      </h3>
      <p class="sentence">{data.sentence}</p>
      <p class="meta">
        {x.scope}: {scope}
      </p>
      <div class="row">
        <button type="button" class="secondary" onClick={copy}>
          {x.copy}
        </button>
        <span role="status" class="note">
          {copied.value}
        </span>
      </div>
      {!rows.length ? (
        <p>{x.none}</p>
      ) : (
        <div class="table-wrap">
          <table class="stacked report-table">
            <caption>{x.caption(rows.length)}</caption>
            <thead>
              <tr>
                <th scope="col">{x.event}</th>
                <th scope="col">{x.date}</th>
                {FIGURES.map((k) => (
                  <th key={k} scope="col" class="num">
                    {head[k]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.slug}>
                  <th scope="row" lang={contentLang(lang.value)}>
                    {e.title}
                  </th>
                  <td data-label={x.date}>{longDate(e.date, lang.value)}</td>
                  {FIGURES.map((k) => (
                    <td key={k} data-label={head[k]} class="num">
                      {count(e[k])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{x.total}</th>
                <td />
                {FIGURES.map((k) => (
                  <td key={k} data-label={head[k]} class="num">
                    {total(k)}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {hidesRow && <p class="hint">{hiddenNote()}</p>}
      {hidesTotal && <p class="hint">{x.totalHidden}</p>}
      <Downloads
        files={[
          { label: rt().download.csv, path: `/api/reports/totals?${query}&format=csv`, name: 'totales.csv' },
          { label: rt().download.md, path: `/api/reports/totals?${query}&format=md`, name: 'totales.md' },
        ]}
      />
    </section>
  )
}
