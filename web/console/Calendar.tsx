import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import type { Issue } from '../shared/api'
import { when } from '../shared/format'
import { Confirm } from './Confirm'
import { useResource } from './event-data'
import { Field, fieldErrors } from './Field'
import { Problems } from './Problems'
import { api, can, lang } from './session'
import { t } from './text'
import { st } from './text-staff'

type Day = {
  entityId: string | null
  date: string
  rest: boolean
  source: string
  createdBy: string
  createdAt: string
}
type Entity = { id: string; name: string; country: string }
type View = {
  country: string
  year: number
  holidays: { date: string; source: string | null }[]
  decrees: { date: string; rest: boolean; source: string }[]
  days: Day[]
}
type Moved = { id: string; radicado: string; from: string; to: string }

const thisYear = () => new Date().getFullYear()

/**
 * The calendar the legal terms count on, per country and year: its holidays, and the days an official
 * act changed, which admins record here (server/services/calendar-days.ts). Recording or removing a
 * day moves the due dates still running over it; the page lists the ones it moved.
 */
export function Calendar() {
  const c = st().calendar
  const tx = t()
  const country = useSignal('CO')
  const year = useSignal(thisYear())
  // '' for the whole country; an entity for the days of its offices alone (a canton's own holiday).
  const scope = useSignal('')
  const entities = useResource<{ entities: Entity[] }>('/api/entities').data.value?.entities ?? []
  const query = scope.value ? `?entityId=${encodeURIComponent(scope.value)}` : ''
  const { data, error, reload } = useResource<View>(`/api/calendar/${country.value}/${year.value}${query}`, [
    country.value,
    year.value,
    scope.value,
  ])
  const names = new Map(entities.map((e) => [e.id, e.name]))
  // A day's own address: an entity's under /api/entities, the country's under /api/calendar.
  const dayPath = (entityId: string | null, date: string) =>
    entityId
      ? `/api/entities/${encodeURIComponent(entityId)}/calendar/days/${date}`
      : `/api/calendar/${country.value}/days/${date}`
  const problem = useSignal<{ message: string; issues?: Issue[] }>({ message: '' })
  const done = useSignal<{ message: string; moved: Moved[] } | null>(null)
  const busy = useSignal(false)
  useEffect(() => {
    document.title = `${c.title} · ${tx.app}`
  }, [c, tx])
  const view = data.value
  const day = (ymd: string) => when(ymd, lang.value, 'UTC')

  const after = async (
    reply: { data?: { moved: Moved[] }; error?: { message: string; issues?: Issue[] } },
    message: string,
  ) => {
    busy.value = false
    if (!reply.data) {
      problem.value = { message: reply.error?.message ?? tx.offline, issues: reply.error?.issues }
      return false
    }
    problem.value = { message: '' }
    done.value = { message, moved: reply.data.moved }
    await reload()
    return true
  }
  const record = async (e: Event) => {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    const values = new FormData(form)
    const date = String(values.get('date') ?? '')
    busy.value = true
    const reply = await api<{ moved: Moved[] }>('PUT', dayPath(scope.value || null, date), {
      rest: values.get('kind') !== 'worked',
      source: String(values.get('source') ?? '').trim(),
    })
    if (await after(reply, c.recorded(day(date)))) form.reset()
  }
  // Taking a day back moves legal due dates again: it is asked about first, in its row, with "No" focused
  // so that an Enter pressed by habit changes nothing. Afterwards focus goes to the table's heading, since
  // the row with the button is gone.
  const asking = useSignal<string | null>(null)
  const listHeading = useRef<HTMLHeadingElement>(null)
  const remove = async (entityId: string | null, date: string) => {
    busy.value = true
    asking.value = null
    await after(await api<{ moved: Moved[] }>('DELETE', dayPath(entityId, date)), c.removed(day(date)))
    listHeading.current?.focus()
  }
  const errors = fieldErrors(problem.value.issues)
  // The body's fields (and the day, in the path), by their labels and the controls that hold them.
  const named: Record<string, [string, string]> = {
    date: [c.date, 'cal-date'],
    rest: [c.kind, 'cal-kind'],
    source: [c.source, 'cal-source'],
  }

  return (
    <section aria-labelledby="calendar-h">
      <h1 id="calendar-h" tabIndex={-1}>
        {c.title}
      </h1>
      <p>{c.intro}</p>
      <div class="row">
        <Field id="cal-country" label={c.country}>
          <select
            id="cal-country"
            value={country.value}
            onChange={(e) => {
              country.value = e.currentTarget.value
              scope.value = ''
            }}
          >
            <option value="CO">Colombia</option>
            <option value="EC">Ecuador</option>
          </select>
        </Field>
        <Field id="cal-scope" label={c.scope} hint={c.scopeHint(country.value)}>
          <select
            id="cal-scope"
            aria-describedby="cal-scope-hint"
            value={scope.value}
            onChange={(e) => (scope.value = e.currentTarget.value)}
          >
            <option value="">{c.wholeCountry}</option>
            {entities
              .filter((e) => e.country === country.value)
              .map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
          </select>
        </Field>
        <Field id="cal-year" label={c.year}>
          <input
            id="cal-year"
            type="number"
            min={2000}
            max={2100}
            value={year.value}
            onChange={(e) => {
              const y = Number(e.currentTarget.value)
              if (Number.isInteger(y) && y >= 2000 && y <= 2100) year.value = y
            }}
          />
        </Field>
      </div>
      {error.value && (
        <p role="alert" class="error">
          {error.value}
        </p>
      )}
      <p role="status" class="note">
        {done.value?.message}
      </p>
      {done.value && done.value.moved.length > 0 && (
        <div>
          <p>{c.moved(done.value.moved.length)}</p>
          <ul>
            {done.value.moved.map((m) => (
              <li key={m.id}>
                {m.radicado}: {day(m.from)} → {day(m.to)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!view ? (
        <p>{tx.loading}</p>
      ) : (
        <>
          <h2>{c.holidays(view.year)}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{c.date}</th>
                  <th scope="col">{c.origin}</th>
                </tr>
              </thead>
              <tbody>
                {view.holidays.map((holiday) => (
                  <tr key={holiday.date}>
                    <td>{day(holiday.date)}</td>
                    <td>{holiday.source ?? c.computed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2 ref={listHeading} tabIndex={-1}>
            {c.recordedTitle}
          </h2>
          {view.days.length === 0 ? (
            <p>{c.none}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{c.date}</th>
                    <th scope="col">{c.scope}</th>
                    <th scope="col">{c.kind}</th>
                    <th scope="col">{c.source}</th>
                    <th scope="col">{c.by}</th>
                    {can() && <th scope="col">{tx.list.actions}</th>}
                  </tr>
                </thead>
                <tbody>
                  {view.days.map((d) => (
                    <tr key={`${d.entityId}/${d.date}`}>
                      <td>{day(d.date)}</td>
                      <td>{d.entityId ? (names.get(d.entityId) ?? d.entityId) : c.wholeCountry}</td>
                      <td>{d.rest ? c.rest : c.worked}</td>
                      <td>{d.source}</td>
                      <td>{d.createdBy}</td>
                      {can() && (
                        <td>
                          {asking.value === `${d.entityId}/${d.date}` ? (
                            <Confirm
                              ask={c.removeAsk(day(d.date))}
                              yes={c.removeYes}
                              no={c.removeNo}
                              busy={busy.value}
                              onYes={() => remove(d.entityId, d.date)}
                              onNo={() => {
                                asking.value = null
                              }}
                            />
                          ) : (
                            <button
                              type="button"
                              class="secondary"
                              disabled={busy.value}
                              onClick={() => {
                                asking.value = `${d.entityId}/${d.date}`
                              }}
                              aria-label={c.removeLabel(day(d.date))}
                            >
                              {c.remove}
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {can() && (
        <form onSubmit={record} aria-labelledby="calendar-add-h">
          <h2 id="calendar-add-h">{c.add}</h2>
          <Problems
            message={problem.value.message}
            issues={problem.value.issues}
            where={(path) => named[path]?.[0]}
            field={(path) => named[path]?.[1]}
          />
          <Field id="cal-date" label={c.date} error={errors.date}>
            <input id="cal-date" name="date" type="date" required />
          </Field>
          <fieldset class="row" id="cal-kind">
            <legend>{c.kind}</legend>
            <label class="inline">
              <input type="radio" name="kind" value="rest" defaultChecked /> {c.rest}
            </label>
            <label class="inline">
              <input type="radio" name="kind" value="worked" /> {c.worked}
            </label>
          </fieldset>
          <Field id="cal-source" label={c.source} hint={c.sourceHint(country.value)} error={errors.source}>
            <input
              id="cal-source"
              name="source"
              required
              maxLength={300}
              aria-describedby="cal-source-hint"
            />
          </Field>
          <button type="submit" disabled={busy.value}>
            {c.submit}
          </button>
        </form>
      )}
    </section>
  )
}
