import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { enc, type Issue } from '../shared/api'
import { Field, fieldErrors } from './Field'
import {
  type Choice,
  changes,
  choices,
  documentOptions,
  type Found,
  groupsOf,
  type Registration,
} from './holder-values'
import { Problems } from './Problems'
import { api, lang } from './session'
import { t } from './text'
import { ht } from './text-holders'

// The registration's fields, as the server's paths name them: each has its label and its control.
const NAMED = [
  'name',
  'documentType',
  'documentNumber',
  'email',
  'phone',
  'gender',
  'ageRange',
  'occupation',
  'education',
  'populationGroups',
  'territory',
  'channel',
] as const
const named = (path: string) => NAMED.find((k) => k === path.split('.')[0])

/**
 * A registration's correction (the holder's right to rectify), prefilled with what it holds. Only the
 * fields changed are sent; the server checks the registration as it would stand, as a new one.
 */
export function RectifyForm({
  found,
  onDone,
  onCancel,
}: {
  found: Found
  onDone: (attendee: Registration, changed: boolean) => void
  onCancel: () => void
}) {
  const hx = ht()
  const l = lang.value
  const problem = useSignal<{ message: string; issues?: Issue[] }>({ message: '' })
  const busy = useSignal(false)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const id = (f: string) => `rectify-${found.id}-${f}`
  const errors = fieldErrors(problem.value.issues)

  const save = async (e: Event) => {
    e.preventDefault()
    const body = changes(found, e.currentTarget as HTMLFormElement)
    busy.value = true
    const path = `/api/events/${enc(found.event.slug)}/attendance/${enc(found.id)}`
    const r = await api<{ attendee: Registration }>('PATCH', path, body)
    busy.value = false
    if (r.data) onDone(r.data.attendee, Object.keys(body).length > 0)
    else problem.value = { message: r.error?.message ?? t().offline, issues: r.error?.issues }
  }
  const text = (f: 'name' | 'documentNumber' | 'email' | 'phone' | 'territory', label: string, more = {}) => (
    <Field id={id(f)} label={label} error={errors[f]}>
      <input id={id(f)} name={f} defaultValue={found[f] ?? ''} required={f === 'name'} {...more} />
    </Field>
  )
  const select = (f: Choice) => (
    <Field id={id(f)} label={hx[f]} error={errors[f]}>
      {/* Each option says whether it is the one held: Preact gives a select no defaultValue. */}
      <select id={id(f)} name={f}>
        <option value="">{hx.unanswered}</option>
        {choices[f].map(([value, es, en]) => (
          <option key={value} value={value} selected={found[f] === value}>
            {l === 'en' ? en : es}
          </option>
        ))}
      </select>
    </Field>
  )

  return (
    <form onSubmit={save} aria-labelledby={id('h')} class="stack" noValidate>
      <h4 id={id('h')} ref={heading} tabIndex={-1}>
        {hx.rectifyTitle(found.event.title)}
      </h4>
      <Problems
        message={problem.value.message}
        issues={problem.value.issues}
        where={(path) => {
          const k = named(path)
          return k && hx[k]
        }}
        field={(path) => {
          const k = named(path)
          return k && id(k)
        }}
        level={5}
      />
      {text('name', hx.name, { maxLength: 200, autocomplete: 'off' })}
      <Field id={id('documentType')} label={hx.documentType} error={errors.documentType}>
        <select id={id('documentType')} name="documentType">
          <option value="">{hx.unanswered}</option>
          {documentOptions(l, found.documentType, found.event.country).map((o) => (
            <option key={o.value} value={o.value} selected={found.documentType === o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      {text('documentNumber', hx.documentNumber, { maxLength: 25 })}
      {text('email', hx.email, { type: 'email', maxLength: 200 })}
      {text('phone', hx.phone, { type: 'tel', maxLength: 40 })}
      {select('gender')}
      {select('ageRange')}
      {select('occupation')}
      {select('education')}
      <fieldset
        id={id('populationGroups')}
        aria-describedby={errors.populationGroups ? id('groups-error') : undefined}
      >
        <legend>{hx.populationGroups}</legend>
        {errors.populationGroups && (
          <p class="error" id={id('groups-error')}>
            {errors.populationGroups}
          </p>
        )}
        {groupsOf(found.event.country, found.populationGroups).map(([value, es, en]) => (
          <label class="inline" key={value}>
            <input
              type="checkbox"
              name="populationGroups"
              value={value}
              defaultChecked={found.populationGroups?.includes(value)}
            />{' '}
            {l === 'en' ? en : es}
          </label>
        ))}
      </fieldset>
      {text('territory', hx.territory, { maxLength: 120 })}
      {select('channel')}
      <div class="row">
        <button type="submit" disabled={busy.value}>
          {hx.save}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {hx.cancel}
        </button>
      </div>
    </form>
  )
}
