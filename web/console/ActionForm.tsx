import { useSignal } from '@preact/signals'
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { t } from './text'

type Props = {
  id: string
  label: string
  submit: string
  initial?: string
  required?: boolean
  /** A select's options; without them, a text area. */
  options?: { value: string; label: string }[]
  onSubmit: (value: string) => Promise<boolean>
  onCancel: () => void
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
  onSubmit,
  onCancel,
  children,
}: Props) {
  // What is typed is kept in the tab until the action is taken or cancelled: a session that ends (a
  // 401 brings the sign-in back) or a card that re-renders does not take it away.
  const kept = `cabildo:draft:${id}`
  const value = useSignal(read(kept) ?? initial)
  const busy = useSignal(false)
  const field = useRef<HTMLTextAreaElement & HTMLSelectElement>(null)
  useEffect(() => field.current?.focus(), [])
  const send = async (e: Event) => {
    e.preventDefault()
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
      write(kept, null)
      onCancel()
    }
  }
  const cancel = () => {
    write(kept, null)
    onCancel()
  }
  const input = (e: { currentTarget: { value: string } }) => {
    value.value = e.currentTarget.value
    write(kept, value.value)
  }
  return (
    <form class="act-form" onSubmit={send} onKeyDown={(e) => e.key === 'Escape' && cancel()}>
      <label for={id}>{label}</label>
      {options ? (
        <select id={id} ref={field} value={value} onChange={input} required={required}>
          <option value="">—</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <textarea
          id={id}
          ref={field}
          rows={3}
          value={value}
          onInput={input}
          required={required}
          maxLength={4000}
        />
      )}
      {children}
      <div class="row">
        <button type="submit" disabled={busy.value}>
          {submit}
        </button>
        <button type="button" class="secondary" onClick={cancel}>
          {t().cancel}
        </button>
      </div>
    </form>
  )
}

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key)
  } catch {
    return null
  }
}

function write(key: string, value: string | null) {
  try {
    if (value === null) sessionStorage.removeItem(key)
    else sessionStorage.setItem(key, value)
  } catch {}
}
