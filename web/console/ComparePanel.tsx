import { useSignal } from '@preact/signals'
import { CompareResult } from './CompareResult'
import { Field } from './Field'
import { useReportAsk } from './report-ask'
import { type Compared, eventName, type ListedEvent } from './report-values'
import { lang } from './session'
import { rt } from './text-reports'

/**
 * Two events side by side (GET /api/reports/compare): this year's dialogue against the previous one,
 * their main figures and every survey option, with the difference.
 */
export function ComparePanel({ events }: { events: ListedEvent[] }) {
  const x = rt().compare
  const picked = { a: useSignal(''), b: useSignal('') }
  const { problem, said, busy, shown, heading, fail, ask } = useReportAsk<
    Compared,
    { data: Compared; query: string }
  >()
  const withEntity = new Set(events.map((e) => e.entity.id)).size > 1

  const submit = async (e: Event) => {
    e.preventDefault()
    if (busy.value) return
    const [a, b] = [picked.a.value, picked.b.value]
    if (!a || !b) return fail(x.pickBoth, a ? 'compare-b' : 'compare-a')
    if (a === b) return fail(x.same, 'compare-b')
    const query = new URLSearchParams({ a, b, lang: lang.value }).toString()
    await ask(
      `/api/reports/compare?${query}`,
      x.busy,
      (data) => ({ data, query }),
      (data) => x.done(data.a.title, data.b.title),
    )
  }

  return (
    <section aria-labelledby="compare-h" class="report-part">
      <h2 id="compare-h">{x.title}</h2>
      <form onSubmit={submit} class="stack" noValidate>
        <p class="hint" id="compare-hint">
          {x.hint}
        </p>
        {(['a', 'b'] as const).map((side) => (
          <Field key={side} id={`compare-${side}`} label={x[side]}>
            <select
              id={`compare-${side}`}
              value={picked[side].value}
              aria-describedby="compare-hint"
              onChange={(e) => {
                picked[side].value = e.currentTarget.value
              }}
            >
              <option value="">{x.choose}</option>
              {events.map((ev) => (
                <option key={ev.slug} value={ev.slug}>
                  {eventName(ev, withEntity)}
                </option>
              ))}
            </select>
          </Field>
        ))}
        {problem.value && (
          <p role="alert" class="error">
            {problem.value}
          </p>
        )}
        <button type="submit">{x.submit}</button>
      </form>
      <p role="status" class="note">
        {said.value}
      </p>
      {shown.value && <CompareResult {...shown.value} heading={heading} />}
    </section>
  )
}
