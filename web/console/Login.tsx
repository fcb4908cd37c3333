import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { expired, login } from './session'
import { t } from './text'

/** Staff sign-in (POST /api/auth/login). The token goes to sessionStorage, never into a URL. */
export function Login() {
  const tx = t()
  const email = useSignal('')
  const password = useSignal('')
  const error = useSignal('')
  const busy = useSignal(false)
  const alert = useRef<HTMLParagraphElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])

  async function submit(e: Event) {
    e.preventDefault()
    busy.value = true
    const r = await login(email.value.trim(), password.value)
    busy.value = false
    if (!r.data) {
      // A field's problem (an e-mail mistyped, a field left empty) is said with the field's name.
      const named = { email: tx.login.email, password: tx.login.password } as Record<string, string>
      const issues = (r.error?.issues ?? []).map((i) => `${named[i.path] ?? i.path}: ${i.message}`)
      error.value = issues.length ? issues.join(' ') : r.error?.message || tx.offline
      password.value = ''
      requestAnimationFrame(() => alert.current?.focus())
    }
  }

  return (
    <main id="main" class="login">
      <h1 ref={heading} tabIndex={-1}>
        {tx.login.title}
      </h1>
      <p>{tx.login.intro}</p>
      {expired.value && <p class="notice">{tx.login.expired}</p>}
      <form onSubmit={submit} aria-describedby={error.value ? 'login-error' : undefined} noValidate>
        <div class="field">
          <label for="email">{tx.login.email}</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => {
              email.value = e.currentTarget.value
            }}
          />
        </div>
        <div class="field">
          <label for="password">{tx.login.password}</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => {
              password.value = e.currentTarget.value
            }}
          />
        </div>
        <p id="login-error" class="error" role="alert" tabIndex={-1} ref={alert}>
          {error.value}
        </p>
        <button type="submit" disabled={busy.value}>
          {busy.value ? tx.login.busy : tx.login.submit}
        </button>
      </form>
    </main>
  )
}
