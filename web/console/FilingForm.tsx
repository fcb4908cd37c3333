import { useSignal } from '@preact/signals'
import { useEffect, useMemo, useRef } from 'preact/hooks'
import { documentsOf } from '../../db/enums'
import { localDate } from '../../server/services/calendar/local-date'
import { enc, type Failure, type Receipt } from '../shared/api'
import { newKey } from '../widget/storage'
import { FormButtons } from './ActionForm'
import { forget, keep, kept } from './drafts'
import { Field, fieldErrors, formValues } from './Field'
import { Problems } from './Problems'
import { api, lang } from './session'
import { t, typeLabels } from './text'
import { mt } from './text-moderation'

// How it was received: the channel and whether it was spoken (Decreto 1166 de 2016), as one choice.
const WAYS = {
  aloud: ['presencial', true],
  streamAloud: ['transmision', true],
  chat: ['transmision', false],
  paper: ['presencial', false],
} as const
const IDENTITY = ['name', 'documentType', 'documentNumber', 'email', 'phone', 'address'] as const

/** `reserved`: a denuncia filed with identity reserve, whose constancia only an admin may download. */
export type Filed = Receipt & { termDays: number; reserved?: boolean }
type Props = {
  slug: string
  /** The event's country, whose documents are offered (as on its attendance form). */
  country: 'CO' | 'EC'
  areas: { key: string; name: string }[]
  /** The event's time zone and start: a petition received at it was received from its day to today. */
  tz: string
  startsAt: string
  draft: string
  onCancel: () => void
  onFiled: (r: Filed) => void
}

/** The petition as staff took it down: how it came, what was asked, who asked (or that nobody said). */
export function FilingForm({ slug, country, areas, tz, startsAt, draft, onCancel, onFiled }: Props) {
  const f = mt().file
  const saved: Record<string, string> = useMemo(() => JSON.parse(kept(draft) ?? '{}'), [])
  // One key per filing attempt, kept with the draft across retries (a lost reply, a session that ended):
  // the server answers a retry with the radicado it already gave instead of filing twice.
  const key = useRef(kept(`${draft}:key`) ?? newKey())
  const anonymous = useSignal(saved.anonymous === 'on')
  const type = useSignal(saved.type ?? 'pregunta')
  const busy = useSignal(false)
  const failure = useSignal<Failure | null>(null)
  const errors = fieldErrors(failure.value?.issues)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  // The server's paths are the body's fields: each is named by its label; channel and verbal by the way.
  const where = (path: string) => {
    const k = path.split('.')[0]
    const label = k === 'channel' || k === 'verbal' ? f.way : (f as Record<string, unknown>)[k]
    return typeof label === 'string' ? label : undefined
  }
  // …and reached at their controls, the way's at its first choice.
  const field = (path: string) => {
    const k = path.split('.')[0]
    return k === 'channel' || k === 'verbal' ? 'fq-way' : where(path) && `fq-${k}`
  }
  const remember = (e: { currentTarget: HTMLFormElement }) =>
    keep(draft, JSON.stringify(formValues(e.currentTarget)))
  const cancel = () => {
    forget(draft)
    onCancel()
  }

  async function submit(e: Event) {
    e.preventDefault()
    if (busy.value) return
    const v = formValues(e.currentTarget as HTMLFormElement)
    const [channel, verbal] = WAYS[(v.way ?? 'aloud') as keyof typeof WAYS]
    const annexes = v.annexes?.split('\n').flatMap((l) => l.trim() || [])
    const body: Record<string, unknown> = {
      type: v.type,
      text: v.text,
      reasons: v.reasons,
      area: v.area,
      annexes: annexes?.length ? annexes : undefined,
      channel,
      verbal,
      anonymous: anonymous.value,
      receivedOn: v.receivedOn || undefined,
    }
    if (!anonymous.value) {
      for (const k of IDENTITY) body[k] = v[k]
      if (v.type === 'denuncia') body.identityReserve = v.identityReserve === 'on'
    }
    keep(`${draft}:key`, key.current)
    busy.value = true
    const r = await api<Filed>('POST', `/api/events/${enc(slug)}/questions`, body, {
      'idempotency-key': key.current,
    })
    busy.value = false
    failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: t().offline })
    if (r.error?.code === 'IDEMPOTENCY_CONFLICT') {
      // This key went with other data that the server took: filing again needs a new attempt.
      failure.value = { ...r.error, message: f.maybeFiled }
      key.current = newKey()
      keep(`${draft}:key`, null)
    }
    if (!r.data) return
    forget(draft)
    onFiled({ ...r.data, reserved: body.identityReserve === true })
  }
  const text = (k: (typeof IDENTITY)[number], kind = 'text', max = 200) => (
    <Field id={`fq-${k}`} label={f[k]} error={errors[k]}>
      <input id={`fq-${k}`} name={k} type={kind} maxLength={max} defaultValue={saved[k]} />
    </Field>
  )
  const today = localDate(new Date(), tz)
  // From the event's day; an event not begun yet takes only today.
  const first = [localDate(new Date(startsAt), tz), today].sort()[0]
  return (
    <form
      class="stack card"
      aria-labelledby="fq-h"
      noValidate
      onSubmit={submit}
      onInput={remember}
      onChange={remember}
      // Escape folds the form away; what was typed stays for when it opens again. Cancelling drops it.
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <h3 id="fq-h" tabIndex={-1} ref={heading}>
        {f.title}
      </h3>
      <Problems
        message={failure.value?.message ?? ''}
        issues={failure.value?.issues}
        where={where}
        field={field}
        level={4}
      />
      <fieldset id="fq-way">
        <legend>{f.way}</legend>
        {Object.entries(f.ways).map(([k, label]) => (
          <label key={k} class="inline">
            <input type="radio" name="way" value={k} defaultChecked={(saved.way ?? 'aloud') === k} />
            {label}
          </label>
        ))}
      </fieldset>
      {/* Typed in on a later day (a written petition left at the venue): the day it was received. */}
      <Field id="fq-receivedOn" label={f.receivedOn} error={errors.receivedOn}>
        <input
          id="fq-receivedOn"
          name="receivedOn"
          type="date"
          required
          min={first}
          max={today}
          defaultValue={saved.receivedOn ?? today}
        />
      </Field>
      <Field id="fq-type" label={f.type} error={errors.type}>
        <select
          id="fq-type"
          name="type"
          value={type.value}
          onChange={(e) => (type.value = e.currentTarget.value)}
        >
          {Object.entries(typeLabels()).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="fq-text" label={f.text} error={errors.text}>
        <textarea id="fq-text" name="text" rows={4} required maxLength={4000} defaultValue={saved.text} />
      </Field>
      <Field id="fq-reasons" label={f.reasons} error={errors.reasons}>
        <textarea id="fq-reasons" name="reasons" rows={2} maxLength={4000} defaultValue={saved.reasons} />
      </Field>
      <Field id="fq-area" label={f.area} error={errors.area}>
        <select id="fq-area" name="area">
          <option value="">—</option>
          {areas.map((a) => (
            <option key={a.key} value={a.key} selected={a.key === saved.area}>
              {a.name}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend>{f.who}</legend>
        <label class="inline">
          <input
            type="checkbox"
            id="fq-anonymous"
            name="anonymous"
            checked={anonymous.value}
            onChange={(e) => (anonymous.value = e.currentTarget.checked)}
          />
          {f.anonymous}
        </label>
        {!anonymous.value && (
          <>
            {text('name')}
            <div class="row">
              <Field id="fq-documentType" label={f.documentType} error={errors.documentType}>
                <select id="fq-documentType" name="documentType">
                  <option value="">—</option>
                  {Object.entries(documentsOf[country]).map(([k, l]) => (
                    <option key={k} value={k} selected={k === saved.documentType}>
                      {l[lang.value]}
                    </option>
                  ))}
                </select>
              </Field>
              {text('documentNumber', 'text', 40)}
            </div>
            {text('email', 'email')}
            {text('phone', 'tel', 60)}
            {text('address', 'text', 300)}
            {type.value === 'denuncia' && (
              <label class="inline">
                <input
                  type="checkbox"
                  id="fq-identityReserve"
                  name="identityReserve"
                  defaultChecked={saved.identityReserve === 'on'}
                />
                {f.identityReserve}
              </label>
            )}
          </>
        )}
      </fieldset>
      <Field id="fq-annexes" label={f.annexes} error={errors.annexes}>
        <textarea id="fq-annexes" name="annexes" rows={2} maxLength={4000} defaultValue={saved.annexes} />
      </Field>
      <FormButtons submit={f.submit} busy={busy.value} onCancel={cancel} />
    </form>
  )
}
