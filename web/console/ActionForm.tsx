import { useSignal } from '@preact/signals'
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { forget, useKept } from './drafts'
import { t } from './text'

type Props = {
  id: string
  label: string
  submit: string
  initial?: string
  required?: boolean
  /** A select's options; without them, a text area. */
  options?: { value: string; label: string }[]
  /** A one-line field (a name, an entity) instead of a text area. */
  line?: boolean
  /** Why the server refused the action: shown next to the field, which it describes. */
  error?: string
  onSubmit: (value: string) => Promise<boolean>
  onCancel: () => void
  /** More fields; they keep their drafts under `${id}:…` (useKept), dropped with this one's. */
  children?: ComponentChildren
}

/** The one field an action needs (a reason, an answer, an area…), opened in place with focus in it. */
export function ActionForm({
  id,
  label,
  submit,
  initial = '',
  required = true,
  options,
  line,
  error,
  onSubmit,
  onCancel,
  children,
}: Props) {
  const [value, set] = useKept(id, initial)
  const busy = useSignal(false)
  const field = useRef<HTMLTextAreaElement & HTMLSelectElement & HTMLInputElement>(null)
  useEffect(() => field.current?.focus(), [])
  const send = async (e: Event) => {
    e.preventDefault()
    if (busy.value) return
    // Spaces alone are no answer: the browser says the field is required, next to it.
    if (required && field.current && !value.value.trim()) {
      field.current.value = ''
      field.current.reportValidity()
      return
    }
    busy.value = true
    const ok = await onSubmit(value.value.trim())
    busy.value = false
    if (ok) {
      forget(id)
      onCancel()
    }
  }
  const cancel = () => {
    forget(id)
    onCancel()
  }
  // A text area takes Enter as a new line: Ctrl+Enter (⌘+Enter) confirms, and its hint says so.
  const area = !options && !line
  const common = {
    id,
    ref: field,
    value,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [area && `${id}-keys`, error && `${id}-error`].filter(Boolean).join(' ') || undefined,
  }
  const input = (e: { currentTarget: { value: string } }) => set(e.currentTarget.value)
  const keys = (e: KeyboardEvent & { currentTarget: HTMLFormElement }) => {
    if (e.key === 'Escape') onCancel()
    // In any of the form's text areas (its own, or one among `children`); the browser still checks the
    // fields first, as a click on the send button would.
    else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target instanceof HTMLTextAreaElement) {
      e.preventDefault()
      e.currentTarget.requestSubmit()
    }
  }
  return (
    // Escape folds the form away (closing a list or an autocomplete first, say) and keeps what was typed
    // for when it opens again; only Cancel drops it.
    <form class="act-form" onSubmit={send} onKeyDown={keys}>
      <label for={id}>{label}</label>
      {area && (
        <p class="hint" id={`${id}-keys`}>
          {t().submitKeys}
        </p>
      )}
      {error && (
        <p role="alert" class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {options ? (
        <select {...common} onChange={input}>
          <option value="">—</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : line ? (
        <input {...common} type="text" onInput={input} maxLength={300} />
      ) : (
        <textarea {...common} rows={3} onInput={input} maxLength={4000} />
      )}
      {children}
      <FormButtons submit={submit} busy={busy.value} onCancel={cancel} />
    </form>
  )
}

/**
 * A form's send button, off while it is on its way (its form takes no second send meanwhile), and its
 * Cancel. aria-disabled, not disabled: a disabled button loses the focus to the page, and a keyboard or
 * screen reader user would be sent back to its start when the answer is a refusal.
 */
export function FormButtons(p: { submit: string; busy?: boolean; onCancel: () => void }) {
  return (
    <div class="row">
      <button type="submit" aria-disabled={p.busy || undefined}>
        {p.submit}
      </button>
      <button type="button" class="secondary" onClick={p.onCancel}>
        {t().cancel}
      </button>
    </div>
  )
}
