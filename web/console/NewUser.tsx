import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import type { Failure } from '../shared/api'
import { Field } from './Field'
import { PasswordChoice, typedPassword } from './InitialPassword'
import { Problems } from './Problems'
import { api, type Role } from './session'
import { t } from './text'
import { ut } from './text-users'
import { EntityScope, RoleField, scopeFrom } from './UserFields'
import { type EntityRow, type StaffUser, userFieldErrors, userProblem } from './user-values'

/**
 * A new staff account (POST /api/users): e-mail, name, role, the entities it handles and its first
 * password, which `onCreated` is given to show once.
 */
export function NewUser({
  entities,
  labels,
  onCreated,
  onCancel,
}: {
  entities: EntityRow[]
  labels: Map<string, string>
  /** `generated`: the server made the password, and asks the person to change it at their first sign-in. */
  onCreated: (user: StaffUser, password: string, generated: boolean) => void
  onCancel: () => void
}) {
  const x = ut()
  const failure = useSignal<Failure | null>(null)
  const busy = useSignal(false)
  // Shared by the role's select and the entities it hides; read here only on submit, so that a change
  // of role redraws those two and not the form (whose alert would take focus again).
  const role = useSignal<Role>('moderator')
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const errors = userFieldErrors(failure.value)
  const fieldIds: Record<string, string> = {
    email: 'new-user-email',
    name: 'new-user-name',
    role: 'new-user-role',
    entityIds: 'new-user-scope',
    password: 'new-user-password',
  }

  async function submit(e: Event) {
    e.preventDefault()
    const data = new FormData(e.currentTarget as HTMLFormElement)
    // Without a typed one the server generates it, answers it this once, and has the person replace it.
    const password = typedPassword(data)
    const name = String(data.get('name') ?? '').trim()
    const body = {
      email: String(data.get('email') ?? '').trim(),
      name: name || undefined,
      role: role.value,
      password,
      ...(role.value === 'admin' ? {} : { entityIds: scopeFrom(data) }),
    }
    failure.value = null
    busy.value = true
    const r = await api<{ user: StaffUser; password?: string }>('POST', '/api/users', body)
    busy.value = false
    if (r.data) onCreated(r.data.user, password ?? r.data.password ?? '', password === undefined)
    else failure.value = r.error ?? { code: 'OFFLINE', message: t().offline }
  }

  return (
    <section class="card user-card" aria-labelledby="new-user-h">
      <h2 id="new-user-h" ref={heading} tabIndex={-1}>
        {x.createTitle}
      </h2>
      <form class="stack" onSubmit={submit} noValidate>
        <Problems
          {...userProblem(failure.value)}
          where={(p) => x.fields[p.split('.')[0]]}
          field={(p) => fieldIds[p.split('.')[0]]}
        />
        <Field id="new-user-email" label={x.email} error={errors.email}>
          <input id="new-user-email" name="email" type="email" maxLength={200} autoComplete="off" required />
        </Field>
        <Field id="new-user-name" label={x.name} hint={x.nameHint} error={errors.name}>
          <input
            id="new-user-name"
            name="name"
            maxLength={200}
            autoComplete="off"
            aria-describedby="new-user-name-hint"
          />
        </Field>
        <RoleField id="new-user-role" role={role} error={errors.role} />
        <EntityScope
          id="new-user-scope"
          role={role}
          entities={entities}
          labels={labels}
          initial={{ all: true, ids: [] }}
          error={errors.entityIds}
        />
        <PasswordChoice id="new-user-password" legend={x.password} error={errors.password} />
        <div class="row">
          <button type="submit" disabled={busy.value}>
            {x.createSubmit}
          </button>
          <button type="button" class="secondary" onClick={onCancel}>
            {t().cancel}
          </button>
        </div>
      </form>
    </section>
  )
}
