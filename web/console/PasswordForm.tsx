import { useSignal } from '@preact/signals'
import type { JSX } from 'preact'
import type { Failure } from '../shared/api'
import { Field, fieldErrors } from './Field'
import { Problems } from './Problems'
import { changePassword } from './session'
import { t } from './text'
import { st } from './text-staff'

/** The person's own password, changed with the current one; their other sessions end with it. */
export function PasswordForm({ onClose }: { onClose: () => void }) {
  const s = st().password
  const tx = t()
  const failure = useSignal<Failure | null>(null)
  const done = useSignal('')
  const busy = useSignal(false)
  const errors = fieldErrors(failure.value?.issues)
  const names: Record<string, string> = { current: s.current, password: s.next }

  async function submit(e: Event) {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    const data = new FormData(form)
    busy.value = true
    const r = await changePassword(String(data.get('current') ?? ''), String(data.get('password') ?? ''))
    busy.value = false
    failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
    if (!r.data) return
    form.reset()
    done.value = s.done
  }

  return (
    <section class="card" aria-labelledby="password-h">
      <h2 id="password-h">{s.title}</h2>
      <form class="stack" onSubmit={submit}>
        <Problems
          message={failure.value?.message ?? ''}
          issues={failure.value?.issues}
          where={(p) => names[p]}
          field={(p) => ({ current: 'pw-current', password: 'pw-next' })[p]}
        />
        <Field id="pw-current" label={s.current} error={errors.current}>
          <input id="pw-current" name="current" type="password" autoComplete="current-password" required />
        </Field>
        <Field id="pw-next" label={s.next} hint={s.hint} error={errors.password}>
          <NewPassword id="pw-next" aria-describedby="pw-next-hint" />
        </Field>
        <p role="status">{done.value}</p>
        <div class="row">
          <button type="submit" disabled={busy.value}>
            {s.submit}
          </button>
          <button type="button" class="secondary" onClick={onClose}>
            {s.close}
          </button>
        </div>
      </form>
    </section>
  )
}

/**
 * A field for a new staff password, with the API's bounds (`passwordSchema`, 10 to 200 characters): the
 * browser says the first before the server is asked, and a password manager offers to make one. Its
 * other attributes pass through, as Field sets `aria-invalid` and `aria-describedby` on its control.
 */
export function NewPassword(props: { id: string } & JSX.HTMLAttributes<HTMLInputElement>) {
  return (
    <input
      name="password"
      type="password"
      autoComplete="new-password"
      minLength={10}
      maxLength={200}
      required
      {...props}
    />
  )
}
