import { useSignal } from '@preact/signals'
import { localDate } from '../../server/services/calendar/local-date'
import { enc, type Failure } from '../shared/api'
import type { StaffEvent } from './event-data'
import { Field, fieldErrors, formValues } from './Field'
import { Problems } from './Problems'
import { api, can } from './session'
import { t } from './text'
import { st } from './text-staff'

/**
 * The entity's radicado prefix and the change staff scheduled for a later year, which they may cancel.
 * A year's series keeps the prefix it began with, so a change is scheduled from a year's first radicado.
 */
export function RadicadoPrefix({ event, onSaved }: { event: StaffEvent; onSaved?: () => void }) {
  const s = st().prefix
  const tx = t()
  const failure = useSignal<Failure | null>(null)
  const saved = useSignal('')
  const next = event.radicadoPrefixNext
  const year = Number(localDate(new Date(), event.timezone).slice(0, 4))

  // The scheduled change's fields, by their labels and controls.
  const errors = fieldErrors(failure.value?.issues, 'radicadoPrefixNext.')
  const FIELDS: Record<string, [string, string]> = {
    'radicadoPrefixNext.prefix': [s.next, 'prefix-next'],
    'radicadoPrefixNext.fromYear': [s.fromYear, 'prefix-year'],
  }

  async function change(body: Record<string, unknown>, done: string) {
    const r = await api('PATCH', `/api/entities/${enc(event.entityId)}`, body)
    failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
    saved.value = r.data ? done : ''
    if (r.data) onSaved?.()
  }
  async function submit(ev: Event) {
    ev.preventDefault()
    const v = formValues(ev.currentTarget as HTMLFormElement)
    await change({ radicadoPrefixNext: { prefix: v.prefix, fromYear: Number(v.fromYear) } }, s.saved)
  }

  return (
    <section aria-labelledby="prefix-h">
      <h2 id="prefix-h">{s.title}</h2>
      <p>{event.radicadoPrefix ? `${s.current}: ${event.radicadoPrefix}` : s.none}</p>
      {next && (
        <p>
          {s.scheduled(next.prefix, next.fromYear)}{' '}
          <button
            type="button"
            disabled={!can()}
            onClick={() => change({ radicadoPrefixNext: null }, s.cancelled)}
          >
            {s.cancel}
          </button>
        </p>
      )}
      <form onSubmit={submit} class="stack">
        <Problems
          message={failure.value?.message ?? ''}
          issues={failure.value?.issues}
          where={(path) => FIELDS[path]?.[0]}
          field={(path) => FIELDS[path]?.[1]}
        />
        <fieldset disabled={!can()}>
          <Field id="prefix-next" label={s.next} hint={s.hint} error={errors.prefix}>
            <input
              id="prefix-next"
              name="prefix"
              required
              pattern="[A-Z0-9]{1,12}"
              maxLength={12}
              aria-describedby="prefix-next-hint"
            />
          </Field>
          <Field id="prefix-year" label={s.fromYear} error={errors.fromYear}>
            <input
              id="prefix-year"
              name="fromYear"
              type="number"
              min={year}
              required
              defaultValue={String(year + 1)}
            />
          </Field>
          <p role="status">{saved.value}</p>
          <button type="submit">{s.schedule}</button>
        </fieldset>
      </form>
    </section>
  )
}
