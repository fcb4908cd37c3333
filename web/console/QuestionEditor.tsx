import { useSignal } from '@preact/signals'
import { Field } from './Field'
import { keyOf, pairsOf } from './form-values'
import { st } from './text-staff'

const TYPES = ['single', 'multi', 'yesno', 'scale', 'short_text', 'long_text'] as const

/** A survey question as the forms API takes it, from the fields of `form` named by `prefix`. */
export function questionFrom(v: Record<string, string>, prefix: string) {
  const type = v[`${prefix}type`] ?? 'single'
  const label = v[`${prefix}label`] ?? ''
  const id = v[`${prefix}id`] ?? keyOf(label)
  return {
    // Question ids start with a letter.
    id: /^[a-z]/.test(id) ? id : `p_${id}`.slice(0, 48),
    type,
    label,
    labelEn: v[`${prefix}labelEn`],
    required: v[`${prefix}required`] === 'on',
    ...(type === 'single' || type === 'multi'
      ? { options: pairsOf(v[`${prefix}options`] ?? '').map((o) => ({ value: keyOf(o.key), label: o.name })) }
      : {}),
    ...(type === 'scale' ? { scale: { min: 1, max: 5 } } : {}),
  }
}

/** The fields of one new question; its options show only for choice questions. */
export function QuestionFields({ prefix }: { prefix: string }) {
  const f = st().forms
  const type = useSignal<string>('single')
  const id = (k: string) => `${prefix}${k}`
  return (
    <>
      <Field id={id('label')} label={f.label}>
        <input id={id('label')} name={id('label')} required maxLength={500} />
      </Field>
      <Field id={id('labelEn')} label={f.labelEn}>
        <input id={id('labelEn')} name={id('labelEn')} maxLength={500} lang="en" />
      </Field>
      <Field id={id('id')} label={f.id}>
        <input id={id('id')} name={id('id')} pattern="[a-z][a-z0-9_]{0,47}" maxLength={48} />
      </Field>
      <Field id={id('type')} label={f.type}>
        <select
          id={id('type')}
          name={id('type')}
          value={type}
          onChange={(e) => {
            type.value = e.currentTarget.value
          }}
        >
          {TYPES.map((k) => (
            <option key={k} value={k}>
              {f.types[k]}
            </option>
          ))}
        </select>
      </Field>
      {(type.value === 'single' || type.value === 'multi') && (
        <Field id={id('options')} label={f.options}>
          <textarea id={id('options')} name={id('options')} rows={4} required />
        </Field>
      )}
      <label class="inline">
        <input type="checkbox" name={id('required')} /> {f.required}
      </label>
    </>
  )
}
