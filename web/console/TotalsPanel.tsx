import { useSignal } from '@preact/signals'
import { longDate } from '../shared/format'
import { Field } from './Field'
import { useReportAsk } from './report-ask'
import { eventName, type ListedEvent, type Totals, totalsQuery } from './report-values'
import { lang } from './session'
import { TotalsResult } from './TotalsResult'
import { rt } from './text-reports'
import type { EntityRow } from './user-values'

type Shown = { data: Totals; query: string; scope: string }

/**
 * "76 encuentros con 1.302 participantes…": the events of an entity between two dates, or the ones
 * chosen, added up by the server as the report states them (GET /api/reports/totals).
 */
export function TotalsPanel({
  events,
  entities,
  scoped,
}: {
  events: ListedEvent[]
  entities: EntityRow[]
  scoped: boolean
}) {
  const x = rt().totals
  const pick = useSignal(false)
  const entityId = useSignal('')
  const from = useSignal('')
  const to = useSignal('')
  const slugs = useSignal<string[]>([])
  const { problem, said, busy, shown, heading, fail, ask } = useReportAsk<Totals, Shown>()

  // "Todas" only means every entity to a user who sees every one; one entity needs no choice.
  const options = [
    ...(entities.length === 1 && scoped ? [] : [{ id: '', name: scoped ? x.allMine : x.allEntities }]),
    ...entities,
  ]
  const chosenEntity = options.some((o) => o.id === entityId.value) ? entityId.value : (options[0]?.id ?? '')
  const withEntity = new Set(events.map((e) => e.entity.id)).size > 1

  const submit = async (e: Event) => {
    e.preventDefault()
    if (busy.value) return
    if (pick.value && !slugs.value.length) return fail(x.pickOne, `totals-ev-${events[0]?.slug}`)
    if (!pick.value && from.value && to.value && from.value > to.value) return fail(x.backwards, 'totals-to')
    const form = {
      pick: pick.value,
      entityId: chosenEntity,
      from: from.value,
      to: to.value,
      slugs: slugs.value,
    }
    const query = totalsQuery(form)
    const day = (d: string) => (d ? longDate(d, lang.value) : null)
    const scope = form.pick
      ? x.picked(form.slugs.length)
      : `${options.find((o) => o.id === form.entityId)?.name ?? ''}, ${x.range(day(form.from), day(form.to))}`
    await ask(
      `/api/reports/totals?${query}`,
      x.busy,
      (data) => ({ data, query, scope }),
      (data) => x.done(data.totals.events),
    )
  }
  const toggle = (slug: string, on: boolean) => {
    slugs.value = on ? [...slugs.value, slug] : slugs.value.filter((s) => s !== slug)
  }

  return (
    <section aria-labelledby="totals-h" class="report-part">
      <h2 id="totals-h">{x.title}</h2>
      <form onSubmit={submit} class="stack" noValidate>
        <fieldset>
          <legend>{x.which}</legend>
          {[false, true].map((p) => (
            <label key={String(p)} class="inline">
              <input
                type="radio"
                name="totals-mode"
                checked={pick.value === p}
                onChange={() => {
                  pick.value = p
                  problem.value = ''
                }}
              />
              {p ? x.byPick : x.byRange}
            </label>
          ))}
        </fieldset>
        {!pick.value ? (
          <>
            <Field id="totals-entity" label={x.entity}>
              <select
                id="totals-entity"
                value={chosenEntity}
                onChange={(e) => {
                  entityId.value = e.currentTarget.value
                }}
              >
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </Field>
            <p class="hint" id="totals-dates-hint">
              {x.datesHint}
            </p>
            <div class="row">
              {(['from', 'to'] as const).map((k) => (
                <Field key={k} id={`totals-${k}`} label={x[k]}>
                  <input
                    id={`totals-${k}`}
                    type="date"
                    value={(k === 'from' ? from : to).value}
                    aria-describedby="totals-dates-hint"
                    onInput={(e) => {
                      ;(k === 'from' ? from : to).value = e.currentTarget.value
                    }}
                  />
                </Field>
              ))}
            </div>
          </>
        ) : (
          <fieldset>
            <legend>{x.events}</legend>
            {!events.length && <p>{x.noEvents}</p>}
            <ul class="pick-list">
              {events.map((ev) => (
                <li key={ev.slug}>
                  <label class="inline">
                    <input
                      type="checkbox"
                      id={`totals-ev-${ev.slug}`}
                      checked={slugs.value.includes(ev.slug)}
                      onChange={(e) => toggle(ev.slug, e.currentTarget.checked)}
                    />
                    {eventName(ev, withEntity)}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
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
      {shown.value && <TotalsResult {...shown.value} heading={heading} />}
    </section>
  )
}
