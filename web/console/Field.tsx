import { type ComponentChildren, cloneElement, isValidElement } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import type { Issue } from '../shared/api'

/** A label, its control, an optional hint and the server's message about it, stacked. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string
  label: string
  hint?: string
  error?: string
  children: ComponentChildren
}) {
  // The control itself says it is invalid and which message explains why.
  const control =
    error && isValidElement(children)
      ? cloneElement(children, {
          'aria-invalid': true,
          'aria-describedby': [(children.props as any)['aria-describedby'], `${id}-error`]
            .filter(Boolean)
            .join(' '),
        })
      : children
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {control}
    </div>
  )
}

/**
 * The server's error, with each field issue listed: shown in an alert that takes focus. `where` names
 * an issue's path for people ("Pregunta 3 · Opciones"); without it the path is shown as is.
 */
export function Problems({
  message,
  issues,
  where,
}: {
  message: string
  issues?: Issue[]
  where?: (path: string) => string | undefined
}) {
  // Focus comes to the alert when a new error arrives, not on every redraw of its form: typing in a field
  // that redraws the form while the error shows must not pull the focus back here.
  const box = useRef<HTMLDivElement>(null)
  const said = `${message}\n${(issues ?? []).map((i) => `${i.path} ${i.message}`).join('\n')}`
  useEffect(() => {
    if (said.trim()) box.current?.focus()
  }, [said])
  if (!message && !issues?.length) return null
  return (
    <div class="error" role="alert" tabIndex={-1} ref={box}>
      <p>{message}</p>
      {issues && issues.length > 0 && (
        <ul>
          {issues.map((i) => {
            const named = i.path && where?.(i.path)
            return (
              <li key={i.path + i.message}>
                {named ? <strong>{named}:</strong> : i.path && <code>{i.path}</code>} {i.message}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}

/** The first message for each field, by the first segment of its path after `prefix` ("questions.2."). */
export function fieldErrors(issues: Issue[] | undefined, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of issues ?? []) {
    if (!i.path.startsWith(prefix)) continue
    const field = i.path.slice(prefix.length).split('.')[0]
    if (field && !out[field]) out[field] = i.message
  }
  return out
}

/** The form's named values, trimmed; empty ones are left out, as the API wants optional fields absent. */
export function formValues(form: HTMLFormElement) {
  const out: Record<string, string> = {}
  for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim()) out[k] = v.trim()
  return out
}
