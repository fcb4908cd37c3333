import { useSignal } from '@preact/signals'
import { useRef } from 'preact/hooks'
import { CompareResult } from './CompareResult'
import { Field } from './Field'
import { type Compared, eventName, type ListedEvent } from './report-values'
import { api, lang } from './session'
import { t } from './text'
import { rt } from './text-reports'

/**
 * Two events side by side (GET /api/reports/compare): this year's dialogue against the previous one,
 * their main figures and every survey option, with the difference.
 */
export function ComparePanel({ events }: { events: ListedEvent[] }) {
  const x = rt().compare
  const picked = { a: useSignal(''), b: useSignal('') }
  const problem = useSignal('')
  const said = useSignal('')
  const busy = useSignal(false)
  const shown = useSignal<{ data: Compared; query: string } | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const withEntity = new Set(events.map((e) => e.entity.id)).size > 1

  const fail = (message: string, focus?: string) => {
    problem.value = message
    said.value = ''
    if (focus) document.getElementById(focus)?.focus()
  }
  const submit = async (e: Event) => {
    e.preventDefault()
    if (busy.value) return
    const [a, b] = [picked.a.value, picked.b.value]
    if (!a || !b) return fail(x.pickBoth, a ? 'compare-b' : 'compare-a')
    if (a === b) return fail(x.same, 'compare-b')
    const query = new URLSearchParams({ a, b, lang: lang.value }).toString()
    busy.value = true
    problem.value = ''
    said.value = x.busy
    const r = await api<Compared>('GET', `/api/reports/compare?${query}`)
    busy.value = false
    if (!r.data) return fail(r.error?.message ?? t().offline)
    shown.value = { data: r.data, query }
    said.value = x.done(r.data.a.title, r.data.b.title)
    setTimeout(() => heading.current?.focus())
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
