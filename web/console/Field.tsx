import { type ComponentChildren, cloneElement, isValidElement } from 'preact'
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
