import { type Signal, useSignal } from '@preact/signals'
import { Field } from './Field'
import type { Role } from './session'
import { ut } from './text-users'
import { type EntityRow, ROLES, type Scope } from './user-values'

/** The role, with what each may do; the entities beside it follow it (`role` is shared with them). */
export function RoleField({ id, role, error }: { id: string; role: Signal<Role>; error?: string }) {
  const x = ut()
  return (
    <Field id={id} label={x.role} hint={x.roleHint} error={error}>
      <select
        id={id}
        name="role"
        value={role.value}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          role.value = e.currentTarget.value as Role
        }}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {x.roles[r]}
          </option>
        ))}
      </select>
    </Field>
  )
}

/**
 * The entities a moderator or analyst handles: every one, or those ticked. Its inputs are read from the
 * form on submit (`scope`, `entityIds`); a choice hidden meanwhile keeps what was ticked. An admin is
 * never limited, so the role chosen beside it (`role`) hides it.
 */
export function EntityScope({
  id,
  role,
  entities,
  labels,
  initial,
  error,
}: {
  id: string
  role: Signal<Role>
  entities: EntityRow[]
  labels: Map<string, string>
  initial: Scope
  error?: string
}) {
  const x = ut()
  const all = useSignal(initial.all)
  const ticked = useSignal(initial.ids.length)
  const admin = role.value === 'admin'
  const described = [`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ')
  return (
    <>
      {admin && <p class="hint">{x.adminScope}</p>}
      <fieldset id={id} hidden={admin} aria-describedby={described}>
        <legend>{x.scopeLegend}</legend>
        <p class="hint" id={`${id}-hint`}>
          {x.scopeHint}
        </p>
        {error && (
          <p class="error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <label class="inline">
          <input
            type="radio"
            name="scope"
            value="all"
            defaultChecked={initial.all}
            onChange={() => {
              all.value = true
            }}
          />{' '}
          {x.allEntities} <span class="hint">({x.allEntitiesHint})</span>
        </label>
        <label class="inline">
          <input
            type="radio"
            name="scope"
            value="some"
            defaultChecked={!initial.all}
            onChange={() => {
              all.value = false
            }}
          />{' '}
          {x.someEntities}
        </label>
        <fieldset class="entity-pick" hidden={all.value}>
          <legend class="sr-only">{x.someEntities}</legend>
          {entities.length === 0 ? (
            <p>{x.noEntitiesYet}</p>
          ) : (
            <ul class="entity-list">
              {entities.map((e) => (
                <li key={e.id}>
                  <label class="inline">
                    <input
                      type="checkbox"
                      name="entityIds"
                      value={e.id}
                      defaultChecked={initial.ids.includes(e.id)}
                      onChange={(ev) => {
                        ticked.value += ev.currentTarget.checked ? 1 : -1
                      }}
                    />{' '}
                    {labels.get(e.id) ?? e.name}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <p aria-live="polite" class={ticked.value === 0 ? 'notice' : undefined}>
            {ticked.value === 0 ? x.noneChecked : ''}
          </p>
        </fieldset>
      </fieldset>
    </>
  )
}

/** What the form's entities say, as the API takes them: null for every entity, else the ids ticked. */
export function scopeFrom(data: FormData): string[] | null {
  if (data.get('scope') !== 'some') return null
  return [...new Set(data.getAll('entityIds').map(String))].sort()
}
