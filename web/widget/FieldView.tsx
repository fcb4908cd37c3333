import type { Option } from '../shared/api'
import type { Ctx } from './FormView'
import { type Field, otherKey, type Value, type Values } from './fields'

/**
 * One field with its label or legend, help and error, tied together for screen readers. FormView calls it
 * as a function, not as a component: it keeps no state, and each component costs the widget bytes.
 */
export function FieldView(
  f: Field,
  v: Values,
  err: string | undefined,
  set: (id: string, value: Value) => void,
  c: Ctx,
  idp: string,
  /** The form is shut (a closed event or form): the control shows its value and takes no input. */
  off: boolean,
) {
  const { t } = c
  const id = idp + f.id
  const type = f.type
  const help = f.help || (f.sensitive && t.sensitive)
  const x = v[f.id]
  const max = f.maxLength
  // A text that reaches its limit says so: what is typed or pasted beyond it is dropped by the browser.
  // Said from the field's help, a polite live region (it is there, maybe empty, from the start: a region
  // added with its text is not announced), which describes the field.
  const note = help || max
  // The error's paragraph is always there, empty (and hidden) until there is an error: naming it always
  // describes the field with nothing more until then, in fewer bytes than naming it only then.
  const described = `${note ? `${id}-h ` : ''}${id}-e`
  const multi = type === 'multi'
  const title = (
    <>
      {/* Its own language when staff wrote it in Spanish only (publicForm): not the field's, whose error and
          help are the widget's, in the page's. */}
      <span lang={f.lang}>{f.label}</span>
      {f.required && (
        // Each control says it is required (`required`) but a group of checkboxes, which has no such
        // state: there the star is read out, and the note above the form says what it means.
        <span class="q" aria-hidden={!multi}>
          {' *'}
        </span>
      )}
    </>
  )
  const a = { id, required: f.required, disabled: off, 'aria-invalid': !!err, 'aria-describedby': described }
  const input = (e: { currentTarget: { value: string } }) => set(f.id, e.currentTarget.value)
  const text = {
    ...a,
    class: 't',
    value: (x as string) ?? '',
    maxLength: max,
    onInput: input,
  }
  const n = f.notice && c.b[f.notice]?.text
  const choice = !/text|select|check/.test(type)
  // Yes/no and the points of a scale come as options too, labelled by the server.
  const options: Option[] = f.options ?? []
  const chosen = ([] as Value[]).concat(x ?? [])
  const pick = (o: Option, on: boolean) => {
    if (!multi) return set(f.id, o.value)
    // An exclusive option ("Prefiero no responder", "Ninguno") clears the others, and they clear it.
    const rest = chosen.filter((c) => c !== o.value && !options.some((y) => y.exclusive && y.value === c))
    set(f.id, on ? (o.exclusive ? [o.value] : [...(rest as string[]), o.value]) : (rest as string[]))
  }
  const Box = choice ? 'fieldset' : 'div'

  return (
    <Box class="f" aria-describedby={choice ? described : undefined}>
      {type === 'check' ? (
        <>
          {n && (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling notice must be reachable by keyboard
            <section class="x" aria-label={n.title as string} tabIndex={0}>
              {/* The server sends the notice's paragraphs in the order to show them, its title first: what
                  the consent's "Leí el aviso" points at is named on screen, not only to screen readers. */}
              {Object.values(n).map((p) =>
                Array.isArray(p) ? (
                  <ul>
                    {p.map((r) => (
                      <li>{r}</li>
                    ))}
                  </ul>
                ) : (
                  p && <p>{p}</p>
                ),
              )}
            </section>
          )}
          <label class="o">
            <input
              type="checkbox"
              {...a}
              checked={x === true}
              onChange={(e) => set(f.id, e.currentTarget.checked)}
            />
            <span>{title}</span>
          </label>
        </>
      ) : choice ? (
        <>
          <legend>{title}</legend>
          <div class={/yesno|scale/.test(type) ? 'w' : ''}>
            {options.map((o) => (
              <label class="o" lang={o.lang}>
                <input
                  type={multi ? 'checkbox' : 'radio'}
                  name={id}
                  checked={chosen.includes(o.value)}
                  required={f.required && !multi}
                  disabled={off}
                  aria-invalid={!!err}
                  // Focus lands on an option when the answer is missing: the option says why, not only
                  // the group, which mobile screen readers pass over when they land on an option.
                  aria-describedby={`${id}-e`}
                  onChange={(e) => pick(o, e.currentTarget.checked)}
                />
                {o.label}
              </label>
            ))}
          </div>
          {options.some((o) => o.other && chosen.includes(o.value)) && (
            // Named by its question too: a survey may have several "¿Cuál?" boxes, which a screen reader's
            // list of fields would otherwise read alike. The question, visually hidden, is already on screen.
            <label>
              {t.otherText}
              <span class="v" lang={f.lang}>
                {' '}
                {f.label}
              </span>
              <input
                id={`${id}-o`}
                disabled={off}
                class="t"
                value={(v[otherKey(f.id)] as string) ?? ''}
                maxLength={200}
                onInput={(e) => set(otherKey(f.id), e.currentTarget.value)}
              />
            </label>
          )}
        </>
      ) : (
        <>
          <label for={id}>{title}</label>
          {type === 'select' ? (
            <select {...text} onChange={input}>
              {options[0].value && <option value="">—</option>}
              {options.map((o) => (
                <option value={o.value}>{o.label}</option>
              ))}
            </select>
          ) : type === 'long_text' ? (
            <textarea {...text} rows={4} />
          ) : (
            // No `type` is a text box.
            <input {...text} type={f.input} autoComplete={f.autocomplete ?? 'off'} />
          )}
        </>
      )}
      {note && (
        <p id={`${id}-h`} class="h" aria-live="polite">
          {help} {(x as string)?.length >= max! && t.maxed + max}
        </p>
      )}
      <p id={`${id}-e`} class="e">
        {err}
      </p>
    </Box>
  )
}
