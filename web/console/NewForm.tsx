import { useSignal } from '@preact/signals'
import { enc, type Failure } from '../shared/api'
import { Field, formValues, Problems } from './Field'
import { keyOf } from './form-values'
import { QuestionFields, questionFrom } from './QuestionEditor'
import { api } from './session'
import { t } from './text'
import { st } from './text-staff'

/** Another form for the event (beyond the evaluation survey): its key, title and first question. */
export function NewForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const f = st().forms
  const tx = t()
  const open = useSignal(false)
  const failure = useSignal<Failure | null>(null)
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
              questions: [questionFrom(v, 'new-')],
            }
            const r = await api('POST', `/api/events/${enc(slug)}/forms`, body)
            failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
            if (!r.data) return
            open.value = false
            onDone()
          }}
        >
          <Field id="new-title" label={f.formTitle}>
            <input id="new-title" name="title" required maxLength={300} />
          </Field>
          <Field id="new-key" label={f.formKey}>
            <input id="new-key" name="key" pattern="[a-z][a-z0-9_]{0,47}" maxLength={48} />
          </Field>
          <QuestionFields prefix="new-" />
          <Problems message={failure.value?.message ?? ''} issues={failure.value?.issues} />
          <button type="submit">{tx.save}</button>
        </form>
      )}
    </>
  )
}
