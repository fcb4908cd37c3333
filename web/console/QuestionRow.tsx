import { FormButtons } from './ActionForm'
import { QuestionFields } from './QuestionEditor'
import type { QuestionDefinition } from './question-values'
import { st } from './text-staff'

type Props = {
  /** The editor's id prefix; the row's controls get ids from it, so focus can return to them. */
  base: string
  q: QuestionDefinition
  at: number
  count: number
  open: boolean
  /** The server's messages about this question, by field. */
  errors: Record<string, string>
  onMove: (by: -1 | 1) => void
  onToggle: () => void
  onRemove: () => void
  onApply: (form: HTMLFormElement) => void
}

/** One question of the form being edited: its buttons (move, edit, remove) and, opened, its fields. */
export function QuestionRow({
  base,
  q,
  at,
  count,
  open,
  errors,
  onMove,
  onToggle,
  onRemove,
  onApply,
}: Props) {
  const f = st().forms
  const problem = Object.values(errors).join(' ')
  const button = (kind: string, text: string, onClick: () => void, more = {}) => (
    <button
      type="button"
      class="secondary"
      id={`${base}-${kind}-${q.id}`}
      aria-label={`${text}: ${q.label}`}
      onClick={onClick}
      {...more}
    >
      {text}
    </button>
  )
  return (
    <li>
      <p class="q-title">
        {q.label}{' '}
        <span class="meta">
          ({f.types[q.type] ?? q.type} · {q.id}
          {q.required ? ` · ${f.required}` : ''})
        </span>
      </p>
      {problem && (
        <p class="error" id={`${base}-err-${q.id}`}>
          {problem}
        </p>
      )}
      <div class="row">
        {/* aria-disabled, not disabled: the button keeps focus when its question reaches the end. */}
        {button('up', f.moveUp, () => onMove(-1), { 'aria-disabled': at === 0 })}
        {button('down', f.moveDown, () => onMove(1), { 'aria-disabled': at === count - 1 })}
        {button('edit', f.editOne, onToggle, {
          'aria-expanded': open,
          'aria-describedby': problem ? `${base}-err-${q.id}` : undefined,
        })}
        {count > 1 && button('remove', f.remove, onRemove)}
      </div>
      {open && (
        <form
          id={`${base}-q-${q.id}`}
          class="q-edit stack"
          onSubmit={(e) => {
            e.preventDefault()
            onApply(e.currentTarget)
          }}
          onKeyDown={(e) => e.key === 'Escape' && onToggle()}
        >
          <QuestionFields prefix={`${base}-${q.id}-`} initial={q} errors={errors} />
          <FormButtons submit={f.apply} onCancel={onToggle} />
        </form>
      )}
    </li>
  )
}
