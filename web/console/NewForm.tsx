import { useSignal } from '@preact/signals'
import { enc, type Failure } from '../shared/api'
import { Field, fieldErrors, formValues } from './Field'
import { keyOf } from './form-values'
import { Problems } from './Problems'
import { QuestionFields } from './QuestionEditor'
import { questionFrom, withPreferNot } from './question-values'
import { api } from './session'
import { t } from './text'
import { st } from './text-staff'

/** Another form for the event (beyond the evaluation survey): its key, title and first question. */
export function NewForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const f = st().forms
  const tx = t()
  const open = useSignal(false)
  const failure = useSignal<Failure | null>(null)
  const errors = fieldErrors(failure.value?.issues)
  // A key another form of the event has is the key's field's error, in the summary and beside it.
  const taken = failure.value?.code === 'FORM_KEY_TAKEN' ? failure.value.message : ''
  if (taken) errors.key = taken
  // The server's paths ("questions.0.required") named as the form names its fields, and their controls.
  const where = (p: string) => f.fields[/^questions\.\d+\.(\w+)/.exec(p)?.[1] ?? p]
  const field = (p: string) => {
    const k = /^questions\.0\.(\w+)/.exec(p)?.[1] ?? (p === 'title' || p === 'key' ? p : '')
    return k && f.fields[k] ? `new-${k}` : undefined
  }
  return (
    <>
      <button
        type="button"
        class="secondary"
        aria-expanded={open.value}
        onClick={() => (open.value = !open.value)}
      >
        {f.create}
      </button>
      {open.value && (
        <form
          class="stack card"
          onSubmit={async (e) => {
            e.preventDefault()
            const v = formValues(e.currentTarget)
            const body = {
              key: keyOf(v.key ?? v.title ?? ''),
              title: v.title,
              questions: [withPreferNot(questionFrom(v, 'new-'))],
            }
            const r = await api('POST', `/api/events/${enc(slug)}/forms`, body)
            failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
            if (!r.data) return
            open.value = false
            onDone()
          }}
        >
          <Problems
            message={taken ? '' : (failure.value?.message ?? '')}
            issues={taken ? [{ path: 'key', message: taken }] : failure.value?.issues}
            where={where}
            field={field}
          />
          <Field id="new-title" label={f.formTitle} error={errors.title}>
            <input id="new-title" name="title" required maxLength={300} />
          </Field>
          <Field id="new-key" label={f.formKey} error={errors.key}>
            <input id="new-key" name="key" pattern="[a-z][a-z0-9_]{0,47}" maxLength={48} />
          </Field>
          <QuestionFields prefix="new-" errors={fieldErrors(failure.value?.issues, 'questions.0.')} />
          <button type="submit">{tx.save}</button>
        </form>
      )}
    </>
  )
}
