import { useSignal } from '@preact/signals'
import { enc, type Failure } from '../shared/api'
import { Field, fieldErrors, formValues, Problems } from './Field'
import { keyOf } from './form-values'
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
  // A key another form of the event has is said on the key's field too, not only in the alert.
  if (failure.value?.code === 'FORM_KEY_TAKEN') errors.key = failure.value.message
  // The server's paths ("questions.0.required") named as the form names its fields.
  const where = (p: string) => f.fields[/^questions\.\d+\.(\w+)/.exec(p)?.[1] ?? p]
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
          <Field id="new-title" label={f.formTitle} error={errors.title}>
            <input id="new-title" name="title" required maxLength={300} />
          </Field>
          <Field id="new-key" label={f.formKey} error={errors.key}>
            <input id="new-key" name="key" pattern="[a-z][a-z0-9_]{0,47}" maxLength={48} />
          </Field>
          <QuestionFields prefix="new-" errors={fieldErrors(failure.value?.issues, 'questions.0.')} />
          <Problems message={failure.value?.message ?? ''} issues={failure.value?.issues} where={where} />
          <button type="submit">{tx.save}</button>
        </form>
      )}
    </>
  )
}
