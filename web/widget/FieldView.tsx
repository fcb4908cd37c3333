import type { Option } from '../shared/api'
import { type Field, otherKey, type Value, type Values } from './fields'
import type { Dict } from './i18n'

type Props = {
  f: Field
  v: Values
  err?: string
  set: (id: string, value: Value) => void
  t: Dict
  idp: string
}

const noticeKeys = [
  'controller',
  'purpose',
  'sensitive',
  'survey',
  'minors',
  'rightsIntro',
  'rights',
  'contact',
  'accept',
]
const scale = ({ min, max, minLabel, maxLabel }: NonNullable<Field['scale']>): Option[] =>
  Array.from({ length: max - min + 1 }, (_, i) => {
    const end = i ? (min + i === max ? maxLabel : '') : minLabel
    return { value: `${min + i}`, label: end ? `${min + i} · ${end}` : `${min + i}` }
  })

/** One field with its label or legend, help and error, tied together for screen readers. */
export function FieldView({ f, v, err, set, t, idp }: Props) {
  const id = idp + f.id
  const help = f.help || (f.sensitive ? t.sensitive : '')
  const a = {
    'aria-invalid': err ? ('true' as const) : undefined,
    'aria-describedby': [help && `${id}-h`, err && `${id}-e`].filter(Boolean).join(' ') || undefined,
  }
  const title = (
    <>
      {f.label}
      {f.required && (
        <span class="q" aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </>
  )
  const tail = (
    <>
      {help && (
        <p id={`${id}-h`} class="h">
          {help}
        </p>
      )}
      <p id={`${id}-e`} class="e">
        {err}
      </p>
    </>
  )
  const x = v[f.id]

  if (f.type === 'check') {
    const n = f.notice?.text
    return (
      <div class="f">
        {n && (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling notice must be reachable by keyboard
          <section class="x" aria-label={n.title as string} tabIndex={0}>
            {noticeKeys.map((k) =>
              Array.isArray(n[k]) ? (
                <ul>
                  {(n[k] as string[]).map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : (
                typeof n[k] === 'string' && n[k] && <p>{n[k] as string}</p>
              ),
            )}
          </section>
        )}
        <label class="o">
          <input
            type="checkbox"
            id={id}
            checked={x === true}
            {...a}
            onChange={(e) => set(f.id, e.currentTarget.checked)}
          />
          <span>{title}</span>
        </label>
        {tail}
      </div>
    )
  }

  if (/text|select/.test(f.type)) {
    const p = {
      ...a,
      id,
      class: 't',
      value: `${x ?? ''}`,
      required: f.required,
      maxLength: f.maxLength,
      onInput: (e: { currentTarget: { value: string } }) => set(f.id, e.currentTarget.value),
    }
    return (
      <div class="f">
        <label for={id}>{title}</label>
        {f.type === 'select' ? (
          <select {...p} onChange={p.onInput}>
            {f.options![0].value && <option value="">—</option>}
            {f.options!.map((o) => (
              <option value={o.value}>{o.label}</option>
            ))}
          </select>
        ) : f.type === 'long_text' ? (
          <textarea {...p} rows={4} />
        ) : (
          <input
            {...p}
            type={f.input ?? 'text'}
            autoComplete={f.input ?? (f.id === 'name' ? 'name' : 'off')}
          />
        )}
        {tail}
      </div>
    )
  }

  const multi = f.type === 'multi'
  const options =
    f.type === 'yesno'
      ? [
          { value: 'si', label: t.yes },
          { value: 'no', label: t.no },
        ]
      : f.scale
        ? scale(f.scale)
        : f.options!
  const chosen = ([] as Value[]).concat(x ?? [])
  const pick = (o: Option, on: boolean) => {
    if (!multi) return set(f.id, o.value)
    const rest = chosen.filter((c) => c !== o.value && !options.some((y) => y.exclusive && y.value === c))
    set(f.id, on ? (o.exclusive ? [o.value] : [...(rest as string[]), o.value]) : (rest as string[]))
  }
  return (
    <fieldset class="f" aria-describedby={a['aria-describedby']}>
      <legend>{title}</legend>
      <div class={/yesno|scale/.test(f.type) ? 'w' : ''}>
        {options.map((o) => (
          <label class="o">
            <input
              type={multi ? 'checkbox' : 'radio'}
              name={id}
              checked={chosen.includes(o.value)}
              required={f.required && !multi}
              aria-invalid={a['aria-invalid']}
              onChange={(e) => pick(o, e.currentTarget.checked)}
            />
            {o.label}
          </label>
        ))}
      </div>
      {options.some((o) => o.other && chosen.includes(o.value)) && (
        <label class="f">
          {t.otherText}
          <input
            class="t"
            maxLength={200}
            value={`${v[otherKey(f.id)] ?? ''}`}
            onInput={(e) => set(otherKey(f.id), e.currentTarget.value)}
          />
        </label>
      )}
      {tail}
    </fieldset>
  )
}
