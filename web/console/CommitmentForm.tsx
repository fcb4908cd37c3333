import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { enc, type Failure } from '../shared/api'
import { clip } from '../shared/format'
import type { Commitment } from './Commitments'
import { changedValues, progressShown, showFresh, storedValues, typedValues } from './commitment-values'
import type { EventData } from './event-data'
import { Field, fieldErrors, formValues } from './Field'
import { eachQuestionPage, type StaffQuestion } from './moderation-store'
import { PlanFields } from './PlanFields'
import { Problems } from './Problems'
import { api } from './session'
import { t } from './text'
import { st } from './text-staff'

type Props = {
  slug: string
  data: EventData
  current?: Commitment
  onDone: () => void
  /** Another staff member changed the commitment being edited: the table shows it as it now is. */
  onStale?: () => void
  /** The thematic axes the event's commitments use, offered as the axis is typed: one spelling, one axis. */
  axes?: string[]
}

// The years the server takes a due date in.
const RANGE: Record<string, { min: string; max: string }> = {
  date: { min: '2000-01-01', max: '2100-12-31' },
  month: { min: '2000-01', max: '2100-12' },
}

const NULLABLE = [
  'responsible',
  'activity',
  'axis',
  'observation',
  'contribution',
  'dueDate',
  'dueMonth',
] as const

/** Creates a commitment (from a question or not) or edits one: area, dates, status, progress, publication. */
export function CommitmentForm({ slug, data, current, onDone, onStale, axes = [] }: Props) {
  const s = st().commitments
  const tx = t()
  const failure = useSignal<Failure | null>(null)
  const note = useSignal('')
  // The version the form was opened from: what it shows. An edit is measured against `base`, sent with
  // its `expectedUpdatedAt`; another staff member's change replaces it (see `edit`), while the fields
  // keep what was typed in them (a re-render must not reset them).
  const c = useRef(current).current
  const base = useRef(current)
  // New: the origin follows the chosen question unless the person picks one (null: not picked), and
  // the progress follows the status until the person types one, so that the server's rules apply.
  const question = useSignal('')
  const origin = useSignal<string | null>(null)
  const progressTyped = useRef(false)
  // Every question of the event, a page at a time: each option starts with its radicado, so typing one
  // on the focused list jumps to it.
  const questions = useSignal<StaffQuestion[]>([])
  useEffect(() => {
    if (c) return
    let gone = false
    const all: StaffQuestion[] = []
    eachQuestionPage(
      slug,
      '',
      (page) => {
        // An annulled number or a hidden question is not one a commitment answers (the server refuses it).
        all.push(...page.filter((q) => q.status !== 'annulled' && q.status !== 'hidden'))
        questions.value = [...all]
      },
      () => gone,
    ).then((failed) => {
      if (failed) failure.value = { code: 'OFFLINE', message: failed }
    })
    return () => {
      gone = true
    }
  }, [slug, c?.id])
  const id = c ? `cm-${c.id}` : 'cm-new'
  // Ecuador's plan de trabajo takes the citizens' observations and aportes; Colombia's events have none.
  const ecuador = data.event.country === 'EC'
  // The server names the field a refusal is about (a status and a progress that disagree, say).
  const errors = fieldErrors(failure.value?.issues)
  const where = (path: string) => {
    const named = (s as Record<string, unknown>)[path]
    return typeof named === 'string' ? named : undefined
  }

  async function submit(e: Event) {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    if (base.current) return edit(form, base.current)
    const v = formValues(form)
    const body: Record<string, unknown> = {
      description: v.description,
      area: v.area,
      origin: origin.value ?? undefined,
      status: v.status,
      progress: progressTyped.current && v.progress ? Number(v.progress) : undefined,
      published: v.published === 'on',
      questionId: v.questionId,
    }
    for (const k of NULLABLE) body[k] = v[k]
    const r = await api('POST', `/api/events/${enc(slug)}/commitments`, body)
    failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
    if (!r.data) return
    note.value = tx.saved
    form.reset()
    question.value = ''
    origin.value = null
    progressTyped.current = false
    onDone()
  }

  /** Sends only what the person changed, on the version the form shows; a 409 keeps what they typed. */
  async function edit(form: HTMLFormElement, from: Commitment) {
    const typed = typedValues(formValues(form))
    const changes = changedValues(typed, storedValues(from))
    if (Object.keys(changes).length === 0) return onDone()
    const r = await api('PATCH', `/api/commitments/${enc(from.id)}`, {
      ...changes,
      expectedUpdatedAt: from.updatedAt,
    })
    const fresh =
      r.error?.code === 'COMMITMENT_CHANGED'
        ? await api<{ commitment: Commitment }>('GET', `/api/commitments/${enc(from.id)}`)
        : null
    failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
    if (r.data) {
      note.value = tx.saved
      return onDone()
    }
    if (!fresh?.data) return
    // Saving again applies this person's changes on top of the other's, unless they touch them again.
    showFresh(form, typed, storedValues(from), storedValues(fresh.data.commitment))
    base.current = fresh.data.commitment
    failure.value = { code: 'COMMITMENT_CHANGED', message: s.changedMeanwhile }
    onStale?.()
  }

  const text = (k: string, label: string, value?: string | null, type = 'text', list?: string) => (
    <Field id={`${id}-${k}`} label={label} error={errors[k]}>
      <input
        id={`${id}-${k}`}
        name={k}
        type={type}
        defaultValue={value ?? ''}
        list={list}
        {...(RANGE[type] ?? {})}
      />
    </Field>
  )
  const select = (
    k: string,
    label: string,
    options: [string, string][],
    value?: string | null,
    empty = false,
    onChange?: (value: string, form: HTMLFormElement) => void,
  ) => (
    <Field id={`${id}-${k}`} label={label} error={errors[k]}>
      {/* `selected` on the option, not the select's value: a re-render must not undo a choice. */}
      <select
        id={`${id}-${k}`}
        name={k}
        onChange={(e) => onChange?.(e.currentTarget.value, e.currentTarget.form!)}
      >
        {empty && <option value="">{s.none}</option>}
        {options.map(([v, l]) => (
          <option key={v} value={v} selected={v === value}>
            {l}
          </option>
        ))}
      </select>
    </Field>
  )

  return (
    <form class="stack card" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{c ? `${s.edit}: ${c.description.slice(0, 60)}` : s.add}</h3>
      <Problems
        message={failure.value?.message ?? ''}
        issues={failure.value?.issues}
        where={where}
        field={(path) => where(path) && `${id}-${path}`}
        level={4}
      />
      <Field id={`${id}-description`} label={s.description} error={errors.description}>
        <textarea
          id={`${id}-description`}
          name="description"
          rows={3}
          required
          maxLength={2000}
          defaultValue={c?.description}
        />
      </Field>
      {!c &&
        select(
          'questionId',
          s.question,
          questions.value.map((q) => [q.id, `${q.radicado} — ${clip(q.text, 80)}`]),
          question.value,
          true,
          (v) => {
            question.value = v
          },
        )}
      {c ? (
        select(
          'area',
          s.area,
          data.event.areas.map((a) => [a.key, a.name]),
          c.area?.key,
          true,
        )
      ) : (
        // A new commitment needs an area, unless its question already has one (the server's rule).
        <Field
          id={`${id}-area`}
          label={s.area}
          hint={data.event.areas.length ? s.areaHint : s.noAreas}
          error={errors.area}
        >
          <select
            id={`${id}-area`}
            name="area"
            required={!questions.value.find((q) => q.id === question.value)?.area}
            aria-describedby={`${id}-area-hint`}
          >
            <option value="">{s.none}</option>
            {data.event.areas.map((a) => (
              <option key={a.key} value={a.key}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {text('responsible', s.responsible, c?.responsible)}
      {text('activity', s.activity, c?.activity)}
      {text('axis', s.axis, c?.axis, 'text', axes.length ? `${id}-axes` : undefined)}
      {axes.length > 0 && (
        <datalist id={`${id}-axes`}>
          {axes.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      )}
      {select(
        'origin',
        s.origin,
        // An aporte is one of Ecuador's work plan: offered at a Colombian event only to a commitment that has it.
        Object.entries(s.origins).filter(([k]) => k !== 'aporte' || ecuador || c?.origin === k),
        c?.origin ?? origin.value ?? (question.value ? 'pregunta' : 'entidad'),
        false,
        (v) => {
          origin.value = v
        },
      )}
      {(ecuador || c?.observation || c?.contribution) && (
        <PlanFields id={id} country={data.event.country} current={c} errors={errors} />
      )}
      {text('dueDate', s.dueDate, c?.dueDate, 'date')}
      {text('dueMonth', s.dueMonth, c?.dueMonth, 'month')}
      {select('status', s.status, Object.entries(s.statuses), c?.status ?? 'pendiente', false, (v, form) => {
        const progress = form.elements.namedItem('progress') as HTMLInputElement
        if (!progressTyped.current) progress.value = progressShown(v, c)
      })}
      <Field
        id={`${id}-progress`}
        label={s.progress}
        hint={c ? undefined : s.progressHint}
        error={errors.progress}
      >
        <input
          id={`${id}-progress`}
          name="progress"
          type="number"
          min={0}
          max={100}
          defaultValue={c ? String(c.progress) : ''}
          aria-describedby={c ? undefined : `${id}-progress-hint`}
          onInput={() => {
            progressTyped.current = true
          }}
        />
      </Field>
      <label class="inline">
        <input type="checkbox" name="published" defaultChecked={c?.published} /> {s.publish}
      </label>
      <p role="status" class="note">
        {note.value}
      </p>
      <div class="row">
        <button type="submit">{tx.save}</button>
        {c && (
          <button type="button" class="secondary" onClick={onDone}>
            {tx.cancel}
          </button>
        )}
      </div>
    </form>
  )
}
