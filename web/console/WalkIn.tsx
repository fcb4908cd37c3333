import { useSignal } from '@preact/signals'
import { useEffect, useMemo, useRef } from 'preact/hooks'
import { type EventBundle, enc, type Failure, retryable } from '../shared/api'
import { FieldView } from '../widget/FieldView'
import type { Ctx } from '../widget/FormView'
import { check, collect, type Field, type Value, type Values, visible } from '../widget/fields'
import { newKey } from '../widget/storage'
import type { Door, Result } from './DoorResult'
import { forget, keep, kept } from './drafts'
import type { EventData } from './event-data'
import { Problems } from './Problems'
import { api } from './session'
import { st } from './text-staff'

type Answer = { attendee: Door; registered: boolean; alreadyCheckedIn: boolean }

/**
 * Someone at the door who never registered (no phone, no data, never saw the link): staff type the
 * event's own attendance form, the one its page shows (`fixedForms`, with the country's documents and
 * questions), read the privacy notice out, tick the consent the person gives there, and register and
 * check them in with one action (POST …/walk-ins). What is typed is kept in the tab until it is sent
 * (drafts.ts), with the attempt's Idempotency-Key: a session that ends, or an answer lost on a weak
 * signal, loses nothing, and sending again registers no one twice.
 */
export function WalkIn({
  slug,
  data,
  onDone,
}: {
  slug: string
  data: EventData
  onDone: (r: Result) => void
}) {
  const s = st().walkIn
  const draft = `walkin:${slug}`
  const form = data.fixedForms?.find((f) => f.key === 'asistencia')
  // The form's own fields; the consent's words are staff's, about what the person said. No autofill:
  // the browser would offer the staff member's own name, e-mail and phone.
  const fields = useMemo<Field[]>(
    () =>
      (form?.questions ?? []).map(({ autocomplete: _, ...f }) =>
        f.id === 'consent'
          ? { ...f, label: s.consent, requiredMessage: s.consentNeeded }
          : f.id === 'guardianConsent'
            ? { ...f, label: s.guardian }
            : f,
      ),
    [form, s],
  )
  const saved = kept(draft)
  const open = useSignal(saved !== null)
  const values = useSignal<Values>(saved ? JSON.parse(saved) : {})
  const errors = useSignal<Record<string, string>>({})
  const failure = useSignal<Failure | null>(null)
  const busy = useSignal(false)
  const key = useRef(kept(`${draft}:key`) ?? newKey())
  const heading = useRef<HTMLHeadingElement>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  const opened = useRef(false)
  useEffect(() => {
    // Focus goes to the form when staff open it, not when a kept draft reopens it with the page.
    if (open.value && opened.current) heading.current?.focus()
    opened.current = true
  }, [open.value])
  if (!form || !data.strings) return null
  const ctx = { t: data.strings, b: data as unknown as EventBundle } as Ctx
  const label = (path: string) => fields.find((f) => f.id === path.split('.')[0])?.label

  const set = (id: string, v: Value) => {
    values.value = { ...values.value, [id]: v }
    keep(draft, JSON.stringify(values.value))
    // A field being corrected is no longer the one refused.
    if (errors.value[id]) errors.value = { ...errors.value, [id]: '' }
  }
  const close = (drop: boolean) => {
    if (drop) {
      forget(draft)
      values.value = {}
      key.current = newKey()
    }
    errors.value = {}
    failure.value = null
    open.value = false
    toggle.current?.focus()
  }

  async function submit(e: Event) {
    e.preventDefault()
    if (busy.value) return
    // The server's own checks, made here first, as the attendee's form makes them.
    const found = check(fields, values.value, data.strings!)
    errors.value = found
    if (Object.keys(found).length) {
      const issues = Object.entries(found).map(([path, message]) => ({ path, message }))
      failure.value = { code: 'VALIDATION_ERROR', message: s.fix, issues }
      return
    }
    keep(draft, JSON.stringify(values.value))
    keep(`${draft}:key`, key.current)
    busy.value = true
    failure.value = null
    const body = { ...collect(fields, values.value), consentVersion: data.consent?.version }
    const r = await api<Answer>('POST', `/api/events/${enc(slug)}/walk-ins`, body, {
      'idempotency-key': key.current,
    })
    busy.value = false
    if (r.data) {
      const { attendee, registered, alreadyCheckedIn } = r.data
      // A retry whose first try got through: that try's registration and check-in are this one's.
      const lost = kept(`${draft}:lost`) !== null
      const kind = registered ? 'registered' : alreadyCheckedIn && !lost ? 'knownInside' : 'known'
      forget(draft)
      values.value = {}
      key.current = newKey()
      errors.value = {}
      open.value = false
      onDone({ kind, attendee })
      return
    }
    // No answer of the server's own: the registration may have been made, and a retry is told so.
    if (retryable(r)) keep(`${draft}:lost`, '1')
    const issues = r.error?.issues
    errors.value = Object.fromEntries((issues ?? []).map((i) => [i.path.split('.')[0], i.message]))
    failure.value = r.error
      ? { ...r.error, message: r.error.code === 'IDEMPOTENCY_CONFLICT' ? s.maybeDone : r.error.message }
      : { code: 'OFFLINE', message: s.notSent }
    if (r.error?.code === 'IDEMPOTENCY_CONFLICT') {
      key.current = newKey()
      keep(`${draft}:key`, null)
      keep(`${draft}:lost`, null)
    }
  }

  if (!open.value)
    return (
      <p>
        <button type="button" class="secondary" ref={toggle} onClick={() => (open.value = true)}>
          {s.open}
        </button>
      </p>
    )
  const shown = visible(fields, values.value)
  return (
    <form class="walkin card stack" aria-labelledby="walkin-h" noValidate onSubmit={submit}>
      <h3 id="walkin-h" tabIndex={-1} ref={heading}>
        {s.title}
      </h3>
      <p class="hint">{s.intro}</p>
      {form.description && <p class="hint">{form.description}</p>}
      {failure.value && (
        <Problems
          message={failure.value.message}
          issues={failure.value.issues}
          where={label}
          field={(path) => (label(path) ? `wi-f-${path.split('.')[0]}` : undefined)}
          level={4}
        />
      )}
      {shown.map((f) => (
        <div id={`wi-f-${f.id}`} key={f.id}>
          {FieldView(f, values.value, errors.value[f.id] || undefined, set, ctx, 'wi-', false)}
        </div>
      ))}
      <div class="row">
        <button type="submit" disabled={busy.value}>
          {busy.value ? s.sending : s.submit}
        </button>
        <button type="button" class="secondary" disabled={busy.value} onClick={() => close(true)}>
          {s.cancel}
        </button>
      </div>
    </form>
  )
}
