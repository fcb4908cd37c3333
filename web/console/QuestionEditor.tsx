import { useSignal } from '@preact/signals'
import { Field } from './Field'
import { keyOf, pairsOf } from './form-values'
import { isChoice, isText, optionLines, type QuestionDefinition } from './question-values'
import { st } from './text-staff'

const TYPES = ['single', 'multi', 'yesno', 'scale', 'short_text', 'long_text'] as const
// Tall enough for the options already there, within reason.
const rows = (text: string) => Math.min(12, Math.max(4, text.split('\n').length + 1))

type Props = {
  prefix: string
  /** The stored question when editing one; its id and type are then shown, not editable. */
  initial?: QuestionDefinition
  /** The server's messages by field (label, options, scale…). */
  errors?: Record<string, string>
}

/** The fields of one question, new or stored; options show for choice questions, bounds for scales. */
export function QuestionFields({ prefix, initial, errors = {} }: Props) {
  const f = st().forms
  const type = useSignal<string>(initial?.type ?? 'single')
  const texts = optionLines(initial)
  const options = useSignal(texts.es)
  const id = (k: string) => `${prefix}${k}`
  const listed = pairsOf(options.value)
    .map((o) => ({ value: keyOf(o.key), label: o.name }))
    .filter((o) => o.value)
  const stored = (value: string) => initial?.options?.find((o) => o.value === value)
  const invalid = (k: string) =>
    errors[k] ? { 'aria-invalid': true, 'aria-describedby': id(`${k}-error`) } : {}
  const problem = (k: string) =>
    errors[k] && (
      <p class="error" id={id(`${k}-error`)}>
        {errors[k]}
      </p>
    )
  // Answering sensitive data is always optional (DOMAIN.md): ticking «Dato sensible» unticks and locks
  // «Obligatoria», which the server would refuse together; unticking it gives the choice back.
  const sensitive = useSignal(Boolean(initial?.sensitive))
  const required = useSignal(Boolean(initial?.required) && !initial?.sensitive)
  const described = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined
  const check = (k: 'required' | 'sensitive', label: string) => {
    const on = k === 'required' ? required : sensitive
    const locked = k === 'required' && sensitive.value
    return (
      <>
        {problem(k)}
        {locked && (
          <p class="hint" id={id('required-note')}>
            {f.requiredLocked}
          </p>
        )}
        <label class="inline">
          <input
            type="checkbox"
            id={id(k)}
            name={id(k)}
            checked={on.value && !locked}
            disabled={locked}
            onChange={(e) => {
              on.value = e.currentTarget.checked
              if (k === 'sensitive' && on.value) required.value = false
            }}
            {...invalid(k)}
            aria-describedby={described(errors[k] && id(`${k}-error`), locked && id('required-note'))}
          />{' '}
          {label}
        </label>
      </>
    )
  }
  const input = (k: string, label: string, max: number, value?: string, lang?: string) => (
    <Field id={id(k)} label={label} error={errors[k]}>
      <input id={id(k)} name={id(k)} maxLength={max} defaultValue={value} lang={lang} />
    </Field>
  )
  return (
    <>
      <Field id={id('label')} label={f.label} error={errors.label}>
        <input id={id('label')} name={id('label')} required maxLength={500} defaultValue={initial?.label} />
      </Field>
      {input('labelEn', f.labelEn, 500, initial?.labelEn, 'en')}
      {input('help', f.help, 500, initial?.help)}
      {input('helpEn', f.helpEn, 500, initial?.helpEn, 'en')}
      {initial ? (
        <p class="meta">{f.fixed(initial.id, f.types[initial.type] ?? initial.type)}</p>
      ) : (
        <>
          <Field id={id('id')} label={f.id} error={errors.id}>
            <input id={id('id')} name={id('id')} pattern="[a-z][a-z0-9_]{0,47}" maxLength={48} />
          </Field>
          <Field id={id('type')} label={f.type} error={errors.type}>
            <select
              id={id('type')}
              name={id('type')}
              value={type}
              onChange={(e) => (type.value = e.currentTarget.value)}
            >
              {TYPES.map((k) => (
                <option key={k} value={k}>
                  {f.types[k]}
                </option>
              ))}
            </select>
          </Field>
        </>
      )}
      {isChoice(type.value) && (
        <>
          <Field id={id('options')} label={f.options} error={errors.options}>
            <textarea
              id={id('options')}
              name={id('options')}
              rows={rows(options.value)}
              required
              value={options.value}
              onInput={(e) => (options.value = e.currentTarget.value)}
            />
          </Field>
          <Field id={id('optionsEn')} label={f.optionsEn}>
            <textarea
              id={id('optionsEn')}
              name={id('optionsEn')}
              rows={rows(texts.en)}
              lang="en"
              defaultValue={texts.en}
            />
          </Field>
          <Field id={id('other')} label={f.other}>
            {/* `selected` on the option, not the select's value: typing options must not undo a choice. */}
            <select id={id('other')} name={id('other')}>
              <option value="">{f.otherNone}</option>
              {listed.map((o) => (
                <option key={o.value} value={o.value} selected={Boolean(stored(o.value)?.other)}>
                  {o.label}
                </option>
              ))}
            </select>
          </Field>
          {type.value === 'multi' && listed.length > 0 && (
            <fieldset>
              <legend>{f.exclusive}</legend>
              {listed.map((o) => (
                <label key={o.value} class="inline">
                  <input
                    type="checkbox"
                    name={id(`exclusive.${o.value}`)}
                    defaultChecked={stored(o.value)?.exclusive}
                  />{' '}
                  {o.label}
                </label>
              ))}
            </fieldset>
          )}
        </>
      )}
      {type.value === 'scale' && (
        <fieldset id={id('scale')} aria-describedby={errors.scale ? id('scale-error') : undefined}>
          <legend>{f.scale}</legend>
          {problem('scale')}
          <div class="row">
            <Field id={id('min')} label={f.scaleMin}>
              <select id={id('min')} name={id('min')}>
                {[0, 1].map((n) => (
                  <option key={n} value={n} selected={n === (initial?.scale?.min ?? 1)}>
                    {n}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={id('max')} label={f.scaleMax}>
              <input
                id={id('max')}
                name={id('max')}
                type="number"
                min={2}
                max={10}
                required
                defaultValue={String(initial?.scale?.max ?? 5)}
              />
            </Field>
          </div>
          {input('minLabel', f.minLabel, 100, initial?.scale?.minLabel)}
          {input('maxLabel', f.maxLabel, 100, initial?.scale?.maxLabel)}
        </fieldset>
      )}
      {isText(type.value) && (
        <Field id={id('maxLength')} label={f.maxLength} error={errors.maxLength}>
          <input
            id={id('maxLength')}
            name={id('maxLength')}
            type="number"
            min={1}
            max={5000}
            defaultValue={initial?.maxLength ? String(initial.maxLength) : ''}
          />
        </Field>
      )}
      {check('required', f.required)}
      {check('sensitive', f.sensitive)}
    </>
  )
}
