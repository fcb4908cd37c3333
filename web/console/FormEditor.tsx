import { useSignal } from '@preact/signals'
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks'
import type { Failure } from '../shared/api'
import { useResource } from './event-data'
import { Field, fieldErrors, formValues } from './Field'
import { Problems } from './Problems'
import { QuestionRow } from './QuestionRow'
import { type FormDefinition, type QuestionDefinition, questionFrom, withPreferNot } from './question-values'
import { api } from './session'
import { t } from './text'
import { st } from './text-staff'

// The form's own fields, above its questions.
const TOP = ['title', 'titleEn', 'description', 'descriptionEn']

type Props = {
  path: string
  formKey: string
  version: number
  definition: FormDefinition
  onSaved: (version: number, versioned: boolean) => void
  onCancel: () => void
}

/**
 * A form's questions as a draft: edit, remove and reorder them, then save the whole definition at once
 * (one new version, not one per change, when the form already has responses).
 */
export function FormEditor({ path, formKey, version, definition: def, onSaved, onCancel }: Props) {
  const f = st().forms
  const tx = t()
  const base = `fe-${formKey}`
  const draft = useSignal<QuestionDefinition[]>(def.questions)
  const editing = useSignal<string | null>(null)
  const failure = useSignal<Failure | null>(null)
  // What the failure's paths ("questions.3.options") index into.
  const sent = useSignal<QuestionDefinition[]>([])
  const said = useSignal('')
  const dirty = useSignal(false)
  const busy = useSignal(false)
  const focusTo = useRef<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const { data: stats } = useResource<{ responses: number }>(`${path}/stats?version=${version}`)
  useEffect(() => heading.current?.focus(), [])
  // Moving a list item can take focus away with it: put it back on the control that was used.
  useLayoutEffect(() => {
    if (focusTo.current) document.getElementById(focusTo.current)?.focus()
    focusTo.current = null
  })

  const list = draft.value
  const n = stats.value?.responses
  const notice =
    n === undefined ? f.maybeResponses : n > 0 ? f.withResponses(n, version) : f.noResponses(version)
  const errorsOf = (id: string) => {
    const i = sent.value.findIndex((q) => q.id === id)
    return i < 0 ? {} : fieldErrors(failure.value?.issues, `questions.${i}.`)
  }
  const where = (p: string) => {
    const m = /^questions\.(\d+)(?:\.(\w+))?/.exec(p)
    if (!m) return f.fields[p]
    const q = sent.value[Number(m[1])]
    const which = `${f.question(Number(m[1]) + 1)}${q ? ` «${q.label.slice(0, 60)}»` : ''}`
    return m[2] ? `${which} · ${f.fields[m[2]] ?? m[2]}` : which
  }

  // A question's field while it is open; closed, the button that opens it, which its message describes.
  const field = (p: string) => {
    const m = /^questions\.(\d+)(?:\.(\w+))?/.exec(p)
    if (!m) return TOP.includes(p) ? `${base}-${p}` : undefined
    const q = sent.value[Number(m[1])]
    if (!q) return undefined
    return editing.value === q.id && m[2] ? `${base}-${q.id}-${m[2]}` : `${base}-edit-${q.id}`
  }

  function change(next: QuestionDefinition[], message: string, focus: string) {
    draft.value = next
    dirty.value = true
    said.value = message
    focusTo.current = focus
  }
  function move(i: number, by: -1 | 1) {
    const j = i + by
    if (j < 0 || j >= list.length) return
    const next = [...list]
    ;[next[i], next[j]] = [next[j], next[i]]
    change(
      next,
      f.moved(list[i].label, j + 1, list.length),
      `${base}-${by < 0 ? 'up' : 'down'}-${list[i].id}`,
    )
  }
  function remove(i: number) {
    const next = list.filter((_, k) => k !== i)
    change(next, f.removed(list[i].label), `${base}-edit-${next[Math.min(i, next.length - 1)].id}`)
  }
  function apply(form: HTMLFormElement, q: QuestionDefinition) {
    const updated = questionFrom(formValues(form), `${base}-${q.id}-`, q)
    editing.value = null
    change(
      draft.value.map((x) => (x.id === q.id ? updated : x)),
      f.applied(updated.label),
      `${base}-edit-${q.id}`,
    )
  }
  function toggle(id: string) {
    editing.value = editing.value === id ? null : id
    focusTo.current = editing.value ? `${base}-${id}-label` : `${base}-edit-${id}`
  }
  async function save(e: Event) {
    e.preventDefault()
    // A question still open counts too: apply it first, or stop at its invalid field.
    const open = editing.value
      ? (document.getElementById(`${base}-q-${editing.value}`) as HTMLFormElement)
      : null
    if (open) {
      if (!open.reportValidity()) return
      apply(open, draft.value.find((q) => q.id === editing.value)!)
    }
    const v = formValues(e.currentTarget as HTMLFormElement)
    const questions = draft.value
    busy.value = true
    const body = {
      title: v.title,
      titleEn: v.titleEn,
      description: v.description,
      descriptionEn: v.descriptionEn,
      questions: questions.map(withPreferNot),
    }
    const r = await api<{ form: { version: number }; versioned: boolean }>('PUT', path, body)
    busy.value = false
    sent.value = questions
    failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
    if (r.data) onSaved(r.data.form.version, r.data.versioned)
  }

  const top = fieldErrors(failure.value?.issues)
  return (
    <section class="editor" aria-labelledby={`${base}-h`}>
      <h4 id={`${base}-h`} tabIndex={-1} ref={heading}>
        {f.edit}
      </h4>
      <p class="notice" id={`${base}-versions`}>
        {notice}
      </p>
      <Problems
        message={failure.value?.message ?? ''}
        issues={failure.value?.issues}
        where={where}
        field={field}
        level={5}
      />
      <form id={`${base}-form`} class="stack" onSubmit={save}>
        <Field id={`${base}-title`} label={f.formTitle} error={top.title}>
          <input id={`${base}-title`} name="title" required maxLength={300} defaultValue={def.title} />
        </Field>
        <Field id={`${base}-titleEn`} label={f.formTitleEn} error={top.titleEn}>
          <input id={`${base}-titleEn`} name="titleEn" maxLength={300} lang="en" defaultValue={def.titleEn} />
        </Field>
        <Field id={`${base}-description`} label={f.description} error={top.description}>
          <textarea
            id={`${base}-description`}
            name="description"
            rows={2}
            maxLength={2000}
            defaultValue={def.description}
          />
        </Field>
        <Field id={`${base}-descriptionEn`} label={f.descriptionEn} error={top.descriptionEn}>
          <textarea
            id={`${base}-descriptionEn`}
            name="descriptionEn"
            rows={2}
            maxLength={2000}
            lang="en"
            defaultValue={def.descriptionEn}
          />
        </Field>
      </form>
      <ol class="q-list">
        {list.map((q, i) => (
          <QuestionRow
            key={q.id}
            base={base}
            q={q}
            at={i}
            count={list.length}
            open={editing.value === q.id}
            errors={errorsOf(q.id)}
            onMove={(by) => move(i, by)}
            onToggle={() => toggle(q.id)}
            onRemove={() => remove(i)}
            onApply={(form) => apply(form, q)}
          />
        ))}
      </ol>
      {dirty.value && <p class="notice">{f.dirty}</p>}
      <p role="status" class="note">
        {said.value}
      </p>
      <div class="row">
        <button
          type="submit"
          form={`${base}-form`}
          disabled={busy.value}
          aria-describedby={`${base}-versions`}
        >
          {f.saveForm}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {f.discard}
        </button>
      </div>
    </section>
  )
}
