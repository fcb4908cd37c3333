import type { ComponentChildren } from 'preact'
import type { Issue } from '../shared/api'

/** A label, its control and an optional hint, stacked. */
export function Field({
  id,
  label,
  hint,
  children,
}: {
  id: string
  label: string
  hint?: string
  children: ComponentChildren
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
    </div>
  )
}

/** The server's error, with each field issue listed: shown in an alert that takes focus. */
export function Problems({ message, issues }: { message: string; issues?: Issue[] }) {
  if (!message && !issues?.length) return null
  return (
    <div class="error" role="alert" tabIndex={-1} ref={(el) => el?.focus()}>
      <p>{message}</p>
      {issues && issues.length > 0 && (
        <ul>
          {issues.map((i) => (
            <li key={i.path + i.message}>
              {i.path && <code>{i.path}</code>} {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The form's named values, trimmed; empty ones are left out, as the API wants optional fields absent. */
export function formValues(form: HTMLFormElement) {
  const out: Record<string, string> = {}
  for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v.trim()) out[k] = v.trim()
  return out
}
