import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { useResource } from './event-data'
import { Handover } from './InitialPassword'
import { NewUser } from './NewUser'
import { user as me } from './session'
import { t } from './text'
import { ut } from './text-users'
import { UserEditor } from './UserEditor'
import { UserRow } from './UserRow'
import { type EntityRow, entityLabels, type StaffUser, scopeText, who } from './user-values'

/**
 * The staff's accounts (GET/POST/PATCH /api/users), admins only, as the API is: who they are, their role,
 * the entities they are limited to, by name; a new account with a first password shown once, a change
 * of role or entities, a password reset, and disabling (asked about first) or enabling again.
 */
export function Users() {
  const x = ut()
  const tx = t()
  const admin = me.value?.role === 'admin'
  const users = useResource<{ users: StaffUser[] }>(admin ? '/api/users' : null)
  const entities = useResource<{ entities: EntityRow[] }>(admin ? '/api/entities' : null)
  const editing = useSignal<string | null>(null)
  const creating = useSignal(false)
  const handover = useSignal<{ who: string; password: string; asked: boolean } | null>(null)
  // What the live region says: what became of the last action.
  const said = useSignal('')
  const listHeading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${x.title} · ${tx.app}`
  }, [x, tx])

  const title = (
    <h1 id="users-h" tabIndex={-1}>
      {x.title}
    </h1>
  )
  if (!admin)
    return (
      <section aria-labelledby="users-h">
        {title}
        <p>{x.adminOnly}</p>
      </section>
    )

  const all = entities.data.value?.entities ?? []
  const labels = entityLabels(all)
  const list = users.data.value?.users
  const sorted = list && [...list].sort((a, b) => who(a).localeCompare(who(b), 'es'))
  const mine = me.value?.email.toLowerCase()
  const put = (u: StaffUser) => {
    if (list) users.data.value = { users: [...list.filter((o) => o.id !== u.id), u] }
  }
  const focusLater = (id: string) => setTimeout(() => document.getElementById(id)?.focus())
  const editor = sorted?.find((u) => u.id === editing.value)
  const shared = { entities: all, labels }

  return (
    <section aria-labelledby="users-h">
      {title}
      <p>{x.intro}</p>
      {(users.error.value || entities.error.value) && (
        <p role="alert" class="error">
          {users.error.value || entities.error.value}
        </p>
      )}
      <p role="status" class="note">
        {said.value}
      </p>
      {handover.value && (
        <Handover
          {...handover.value}
          onDone={() => {
            handover.value = null
            listHeading.current?.focus()
          }}
        />
      )}
      <div class="heading-row">
        <h2 ref={listHeading} tabIndex={-1}>
          {sorted ? x.listTitle(sorted.length) : x.title}
        </h2>
        <button
          type="button"
          id="user-create"
          aria-expanded={creating.value}
          onClick={() => {
            creating.value = !creating.value
          }}
        >
          {x.create}
        </button>
      </div>
      {creating.value && (
        <NewUser
          {...shared}
          onCreated={(u, password, generated) => {
            creating.value = false
            put(u)
            said.value = x.created(who(u))
            handover.value = { who: who(u), password, asked: generated }
          }}
          onCancel={() => {
            creating.value = false
            focusLater('user-create')
          }}
        />
      )}
      {!sorted ? (
        <p>{tx.loading}</p>
      ) : (
        <div class="table-wrap">
          <table class="stacked">
            <thead>
              <tr>
                <th scope="col">{x.name}</th>
                <th scope="col">{x.email}</th>
                <th scope="col">{x.role}</th>
                <th scope="col">{x.entities}</th>
                <th scope="col">{x.state}</th>
                <th scope="col">{x.actions}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((u) => (
                <UserRow
                  key={u.id}
                  user={u}
                  self={u.email === mine}
                  entities={scopeText(u, labels)}
                  onEdit={() => {
                    editing.value = u.id
                    said.value = ''
                  }}
                  onToggled={(next) => {
                    put(next)
                    said.value = next.disabled ? x.disabled(who(next)) : x.enabled(who(next))
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editor && (
        <UserEditor
          key={editor.id}
          {...shared}
          user={editor}
          self={editor.email === mine}
          onSaved={(u, changed) => {
            editing.value = null
            if (changed) put(u)
            said.value = changed ? x.saved(who(u)) : x.unchanged
            focusLater(`user-edit-${u.id}`)
          }}
          onPassword={(u, password) => {
            editing.value = null
            put(u)
            handover.value = { who: who(u), password, asked: true }
          }}
          onClose={() => {
            editing.value = null
            focusLater(`user-edit-${editor.id}`)
          }}
        />
      )}
    </section>
  )
}
