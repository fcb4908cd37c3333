import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { enc, type Failure } from '../shared/api'
import { Field } from './Field'
import { PasswordChoice, passwordFrom } from './InitialPassword'
import { Problems } from './Problems'
import { api, type Role } from './session'
import { t } from './text'
import { ut } from './text-users'
import { EntityScope, RoleField, scopeFrom } from './UserFields'
import {
  type EntityRow,
  type StaffUser,
  sameScope,
  scopeOf,
  userFieldErrors,
  userProblem,
  who,
} from './user-values'

type Reply = { user: StaffUser }
const failed = (r: { error?: Failure }) => r.error ?? { code: 'OFFLINE', message: t().offline }

/**
 * One account's name, role and entities (only what changed is sent, PATCH /api/users/:id), and, for
 * someone else's, a new password to hand over. Each form says what the server refused beside it.
 */
export function UserEditor({
  user,
  self,
  entities,
  labels,
  onSaved,
  onPassword,
  onClose,
}: {
  user: StaffUser
  self: boolean
  entities: EntityRow[]
  labels: Map<string, string>
  onSaved: (user: StaffUser, changed: boolean) => void
  onPassword: (user: StaffUser, password: string) => void
  onClose: () => void
}) {
  const x = ut()
  const role = useSignal<Role>(user.role)
  const failure = useSignal<Failure | null>(null)
  const resetFailure = useSignal<Failure | null>(null)
  const busy = useSignal(false)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const errors = userFieldErrors(failure.value)
  const resetErrors = userFieldErrors(resetFailure.value)
  const id = (f: string) => `user-${user.id}-${f}`
  const fieldIds: Record<string, string> = { name: id('name'), role: id('role'), entityIds: id('scope') }

  async function save(e: Event) {
    e.preventDefault()
    const data = new FormData(e.currentTarget as HTMLFormElement)
    const body: Record<string, unknown> = {}
    const name = String(data.get('name') ?? '').trim()
    if (name && name !== user.name) body.name = name
    if (role.value !== user.role) body.role = role.value
    const entityIds = scopeFrom(data)
    if (role.value !== 'admin' && !sameScope(user.role === 'admin' ? null : user.entityIds, entityIds))
      body.entityIds = entityIds
    failure.value = null
    if (!Object.keys(body).length) return onSaved(user, false)
    busy.value = true
    const r = await api<Reply>('PATCH', `/api/users/${enc(user.id)}`, body)
    busy.value = false
    if (r.data) onSaved(r.data.user, true)
    else failure.value = failed(r)
  }

  async function reset(e: Event) {
    e.preventDefault()
    const password = passwordFrom(new FormData(e.currentTarget as HTMLFormElement))
    resetFailure.value = null
    busy.value = true
    const r = await api<Reply>('PATCH', `/api/users/${enc(user.id)}`, { password })
    busy.value = false
    if (r.data) onPassword(r.data.user, password)
    else resetFailure.value = failed(r)
  }

  return (
    <section class="card user-card" aria-labelledby={id('h')}>
      <h2 id={id('h')} ref={heading} tabIndex={-1}>
        {x.editTitle(who(user))}
      </h2>
      <p class="meta">{user.email}</p>
      <form class="stack" onSubmit={save}>
        <Problems
          {...userProblem(failure.value)}
          where={(p) => x.fields[p.split('.')[0]]}
          field={(p) => fieldIds[p.split('.')[0]]}
        />
        <Field id={id('name')} label={x.name} error={errors.name}>
          {/* A name cannot be emptied through the API, only replaced. */}
          <input
            id={id('name')}
            name="name"
            maxLength={200}
            autoComplete="off"
            defaultValue={user.name ?? ''}
            required={Boolean(user.name)}
          />
        </Field>
        <RoleField id={id('role')} role={role} error={errors.role} />
        <p class="hint">{x.sessionsEnd}</p>
        <EntityScope
          id={id('scope')}
          role={role}
          entities={entities}
          labels={labels}
          initial={scopeOf(user)}
          error={errors.entityIds}
        />
        <div class="row">
          <button type="submit" disabled={busy.value}>
            {x.save}
          </button>
          <button type="button" class="secondary" onClick={onClose}>
            {x.close}
          </button>
        </div>
      </form>
      <h3>{x.reset}</h3>
      {self ? (
        <p>{x.resetSelf}</p>
      ) : (
        <form class="stack" onSubmit={reset} aria-label={x.reset} aria-describedby={id('reset-hint')}>
          <p class="hint" id={id('reset-hint')}>
            {x.resetHint}
          </p>
          <Problems
            {...userProblem(resetFailure.value)}
            where={(p) => x.fields[p.split('.')[0]]}
            field={(p) => (p.split('.')[0] === 'password' ? id('password') : undefined)}
            level={4}
          />
          <PasswordChoice id={id('password')} legend={x.newPassword} error={resetErrors.password} />
          <button type="submit" class="secondary" disabled={busy.value}>
            {x.resetSubmit}
          </button>
        </form>
      )}
    </section>
  )
}
