import { useSignal } from '@preact/signals'
import { enc, type Failure } from '../shared/api'
import { taxIdName } from '../shared/format'
import type { StaffEvent } from './event-data'
import { Field, fieldErrors, formValues } from './Field'
import { Problems } from './Problems'
import { api, can } from './session'
import { t } from './text'
import { st } from './text-staff'

const FIELDS = ['nit', 'address', 'email', 'phone'] as const
type Known = Record<(typeof FIELDS)[number], string | null | undefined>

/**
 * The entity's data that the privacy notice names as the controller's (its tax id, named as its country
 * calls it: NIT or RUC; address, e-mail, phone), editable by admins (PATCH /api/entities/:id): an event opens only once its entity has them.
 * Only what was changed is sent; a value the entity has cannot be emptied here, only replaced.
 */
export function EntityPanel({ event, onSaved }: { event: StaffEvent; onSaved?: () => void }) {
  const s = st().entity
  const tx = t()
  const failure = useSignal<Failure | null>(null)
  const saved = useSignal('')
  // The staff view carries the address too (server/services/events.ts publicEventView).
  const known = event.entity as unknown as Known
  // The event's country is its entity's (server/services/events.ts refuses any other).
  const taxId = taxIdName(event.country)
  const labels = { ...s.fields, nit: s.nit(taxId) }

  async function submit(ev: Event) {
    ev.preventDefault()
    const v = formValues(ev.currentTarget as HTMLFormElement)
    // A field it had, emptied: the API keeps the entity's data (it clears none), so this says so here,
    // where the browser's own check used to stop the form in a bubble a screen reader does not read.
    const emptied = FIELDS.filter((k) => known[k] && !v[k])
    if (emptied.length) {
      saved.value = ''
      failure.value = {
        code: 'VALIDATION_ERROR',
        message: st().event.invalid,
        issues: emptied.map((k) => ({ path: k, message: s.emptied })),
      }
      return
    }
    const body = Object.fromEntries(FIELDS.filter((k) => v[k] && v[k] !== known[k]).map((k) => [k, v[k]]))
    if (!Object.keys(body).length) {
      failure.value = null
      saved.value = st().event.unchanged
      return
    }
    const r = await api('PATCH', `/api/entities/${enc(event.entityId)}`, body)
    failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
    saved.value = r.data ? tx.saved : ''
    if (r.data) onSaved?.()
  }

  const errors = fieldErrors(failure.value?.issues)
  const missing = !known.nit || !known.address || !(known.email || known.phone)
  return (
    <section aria-labelledby="entity-h">
      <h2 id="entity-h">{s.title(event.entity.name)}</h2>
      <p id="entity-hint">{s.hint(taxId)}</p>
      {missing && <p class="error">{s.missing}</p>}
      <form onSubmit={submit} class="stack" aria-describedby="entity-hint" noValidate>
        <Problems
          message={failure.value?.message ?? ''}
          issues={failure.value?.issues}
          where={(path) => labels[path as (typeof FIELDS)[number]]}
          field={(path) => ((FIELDS as readonly string[]).includes(path) ? `entity-${path}` : undefined)}
        />
        <fieldset disabled={!can()}>
          {FIELDS.map((k) => (
            <Field key={k} id={`entity-${k}`} label={labels[k]} error={errors[k]}>
              <input
                id={`entity-${k}`}
                name={k}
                type={k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text'}
                autoComplete="off"
                required={Boolean(known[k])}
                defaultValue={known[k] ?? ''}
              />
            </Field>
          ))}
          <p role="status">{saved.value}</p>
          <button type="submit">{s.save}</button>
        </fieldset>
      </form>
    </section>
  )
}
