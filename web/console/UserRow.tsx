import { useSignal } from '@preact/signals'
import { enc, type Failure } from '../shared/api'
import { Confirm } from './Confirm'
import { api } from './session'
import { t } from './text'
import { ut } from './text-users'
import { type StaffUser, who } from './user-values'

/**
 * One account in the list, with its actions: edit, and disable (asked about first, "No" focused) or
 * enable again. One's own account cannot be disabled from here: it would end this very session.
 */
export function UserRow({
  user,
  self,
  entities,
  onEdit,
  onToggled,
}: {
  user: StaffUser
  self: boolean
  entities: string
  onEdit: () => void
  onToggled: (user: StaffUser) => void
}) {
  const x = ut()
  const asking = useSignal(false)
  const busy = useSignal(false)
  const failure = useSignal<Failure | null>(null)
  const name = who(user)
  const toggleId = `user-toggle-${user.id}`

  const toggle = async (disabled: boolean) => {
    busy.value = true
    const r = await api<{ user: StaffUser }>('PATCH', `/api/users/${enc(user.id)}`, { disabled })
    busy.value = false
    asking.value = false
    failure.value = r.data ? null : (r.error ?? { code: 'OFFLINE', message: t().offline })
    if (r.data) onToggled(r.data.user)
    // The button stays in the row, its words turned over (Desactivar ↔ Activar): focus goes back to it.
    setTimeout(() => document.getElementById(toggleId)?.focus())
  }

  return (
    <tr class={user.disabled ? 'user-off' : undefined}>
      <th scope="row">
        {user.name ?? <span class="meta">{x.noName}</span>} {self && <span class="meta">{x.you}</span>}
      </th>
      <td data-label={x.email}>{user.email}</td>
      <td data-label={x.role}>{x.roles[user.role] ?? user.role}</td>
      <td data-label={x.entities}>{entities}</td>
      <td data-label={x.state}>
        {user.disabled ? <span class="badge off">{x.disabledState}</span> : x.active}
        {!user.disabled && user.mustChangePassword && <span class="note"> {x.mustChange}</span>}
      </td>
      <td class="cell-actions">
        {asking.value ? (
          <Confirm
            ask={x.disableAsk(name)}
            yes={x.disableYes}
            no={x.disableNo}
            busy={busy.value}
            onYes={() => toggle(true)}
            onNo={() => {
              asking.value = false
              setTimeout(() => document.getElementById(toggleId)?.focus())
            }}
          />
        ) : (
          <div class="row">
            <button
              type="button"
              class="secondary"
              id={`user-edit-${user.id}`}
              aria-label={x.editLabel(name)}
              onClick={onEdit}
            >
              {x.edit}
            </button>
            {!self && (
              <button
                type="button"
                class="secondary"
                id={toggleId}
                disabled={busy.value}
                aria-label={user.disabled ? x.enableLabel(name) : x.disableLabel(name)}
                onClick={() => {
                  failure.value = null
                  if (user.disabled) toggle(false)
                  else asking.value = true
                }}
              >
                {user.disabled ? x.enable : x.disable}
              </button>
            )}
          </div>
        )}
        {failure.value && (
          <p class="error" role="alert">
            {failure.value.message}
          </p>
        )}
      </td>
    </tr>
  )
}
