import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { localDate } from '../../server/services/calendar/local-date'
import { enc, type Failure } from '../shared/api'
import { clip, longDate, when } from '../shared/format'
import type { Commitment } from './Commitments'
import { Field, fieldErrors, formValues } from './Field'
import { Problems } from './Problems'
import { api, can, lang } from './session'
import { num, t } from './text'
import { st } from './text-staff'

/** One dated note on a commitment; its progress and status, when given, became the commitment's. */
export type FollowUp = {
  id: string
  date: string
  note: string
  progress: number | null
  status: string | null
  /** A reschedule: the date or month the commitment had, and the one it got. */
  reschedule: { from: string; to: string } | null
  author?: string
  createdAt?: string
}

type Props = {
  commitment: Commitment
  /** The event's IANA zone: a follow-up is dated today or earlier there, as the server checks. */
  timeZone: string
  onAdded: () => Promise<void>
  onClose: () => void
}

/** A commitment's follow-ups, oldest first, and for staff the form that records another. */
export function FollowUps({ commitment: c, timeZone, onAdded, onClose }: Props) {
  const s = st().commitments
  const tx = t()
  const failure = useSignal<Failure | null>(null)
  const note = useSignal('')
  const busy = useSignal(false)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const id = `fu-${c.id}`
  const errors = fieldErrors(failure.value?.issues)
  const names: Record<string, string> = {
    note: s.note,
    date: s.date,
    progress: s.newProgress,
    status: s.newStatus,
    dueDate: s.newDueDate,
    dueMonth: s.newDueDate,
  }
  const where = (path: string) => names[path]

  async function submit(e: Event) {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    const v = formValues(form)
    const body = {
      note: v.note,
      date: v.date,
      progress: v.progress ? Number(v.progress) : undefined,
      status: v.status,
      dueDate: v.dueDate,
    }
    busy.value = true
    const r = await api<{ commitment: Commitment }>('POST', `/api/commitments/${enc(c.id)}/follow-ups`, body)
    busy.value = false
    failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
    if (!r.data) return
    const after = r.data.commitment
    note.value = s.added(s.statuses[after.status] ?? after.status, after.progress)
    form.reset()
    await onAdded()
  }

  return (
    <section class="card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} tabIndex={-1} ref={heading}>
        {s.followTitle(clip(c.description, 80))}
      </h3>
      {c.followUps.length === 0 ? (
        <p>{s.noFollowUps}</p>
      ) : (
        <ol class="follow-ups">
          {c.followUps.map((u) => (
            <li key={u.id}>
              <p class="q-title">
                <time dateTime={u.date}>{when(u.date, lang.value, 'UTC')}</time>
                {u.status && ` · ${s.statuses[u.status] ?? u.status}`}
                {u.progress !== null && ` · ${num(u.progress)}\u00a0%`}
              </p>
              {u.reschedule && (
                <p>
                  {s.moved(
                    longDate(u.reschedule.from, lang.value) ?? u.reschedule.from,
                    longDate(u.reschedule.to, lang.value) ?? u.reschedule.to,
                  )}
                </p>
              )}
              {u.note && <p class="fu-note">{u.note}</p>}
              {u.author && <p class="meta">{s.by(u.author)}</p>}
            </li>
          ))}
        </ol>
      )}
      {can('moderator', 'analyst') && (
        <form class="stack" onSubmit={submit} aria-labelledby={`${id}-add`}>
          <h4 id={`${id}-add`}>{s.addFollowUp}</h4>
          <Problems
            message={failure.value?.message ?? ''}
            issues={failure.value?.issues}
            where={where}
            field={(path) => names[path] && `${id}-${path.startsWith('due') ? 'due' : path}`}
            level={5}
          />
          <Field id={`${id}-note`} label={s.note} error={errors.note}>
            <textarea id={`${id}-note`} name="note" rows={3} required maxLength={4000} />
          </Field>
          <div class="row">
            {/* The browser refuses a later day; the server checks again (the page may be a day old). */}
            <Field id={`${id}-date`} label={s.date} error={errors.date}>
              <input
                id={`${id}-date`}
                name="date"
                type="date"
                min="2000-01-01"
                max={localDate(new Date(), timeZone)}
              />
            </Field>
            <Field id={`${id}-progress`} label={s.newProgress} error={errors.progress}>
              <input id={`${id}-progress`} name="progress" type="number" min={0} max={100} />
            </Field>
            <Field id={`${id}-status`} label={s.newStatus} error={errors.status}>
              <select id={`${id}-status`} name="status">
                <option value="">{s.keep}</option>
                {Object.entries(s.statuses).map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={`${id}-due`} label={s.newDueDate} error={errors.dueDate ?? errors.dueMonth}>
              <input id={`${id}-due`} name="dueDate" type="date" min={localDate(new Date(), timeZone)} />
            </Field>
          </div>
          <p role="status" class="note">
            {note.value}
          </p>
          <div class="row">
            <button type="submit" disabled={busy.value}>
              {s.addFollowUp}
            </button>
            <button type="button" class="secondary" onClick={onClose}>
              {s.close}
            </button>
          </div>
        </form>
      )}
      {!can('moderator', 'analyst') && (
        <button type="button" class="secondary" onClick={onClose}>
          {s.close}
        </button>
      )}
    </section>
  )
}
