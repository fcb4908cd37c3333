import { computed, signal } from '@preact/signals'
import { call, type Lang, type Reply } from '../shared/api'
import { forgetAll } from './drafts'

export type Role = 'admin' | 'moderator' | 'analyst'
export type User = { email: string; role: Role }
type Saved = { token: string; user: User }

// sessionStorage, not localStorage: the token dies with the tab, and it never travels in a URL.
const KEY = 'cabildo:console'
const read = (): Saved | null => {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null')
  } catch {
    return null
  }
}

export const session = signal<Saved | null>(read())
export const user = computed(() => session.value?.user ?? null)
/** Set when the server refused the token (expired or revoked), so the login form can say why. */
export const expired = signal(false)
export const lang = signal<Lang>(document.documentElement.lang.startsWith('en') ? 'en' : 'es')

/** Admins may do everything; otherwise the role must be one of `roles`. */
export const can = (...roles: Role[]) => {
  const r = user.value?.role
  return r === 'admin' || (r !== undefined && roles.includes(r))
}

function save(next: Saved | null) {
  try {
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next))
    else sessionStorage.removeItem(KEY)
  } catch {}
  session.value = next
}

export const authHeader = (): Record<string, string> =>
  session.value ? { authorization: `Bearer ${session.value.token}` } : {}

/** A call to the API with the session's token (and any `headers`: an Idempotency-Key); a 401 ends the session. */
export async function api<T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const r = await call<T>(location.origin, lang.value, method, path, body, { ...headers, ...authHeader() })
  if (r.status === 401 && session.value) {
    expired.value = true
    save(null)
  }
  return r
}

/**
 * A live stream the server refused (401/403): the stream cannot tell a session that ended from a role
 * that lacks the stream, so the session is asked about; if it ended, `api` ends it here too and the
 * sign-in comes back, saying why, instead of a list that silently stopped following.
 */
export const streamRefused = () => void api('GET', '/api/auth/me')

/** Set by a sign-in on this page: the console it opens then moves focus to its heading (App.tsx). */
export const signedInHere = { value: false }

export async function login(email: string, password: string) {
  const r = await call<Saved>(location.origin, lang.value, 'POST', '/api/auth/login', { email, password })
  if (r.data) {
    expired.value = false
    signedInHere.value = true
    save({ token: r.data.token, user: r.data.user })
  }
  return r
}

/**
 * Changes the person's own password: the server ends every session of theirs and gives this tab a new
 * one, kept here so the console goes on.
 */
export async function changePassword(current: string, password: string) {
  const r = await api<Saved>('POST', '/api/auth/password', { current, password })
  if (r.data) save({ token: r.data.token, user: r.data.user })
  return r
}

export async function logout() {
  await api('POST', '/api/auth/logout')
  forgetAll()
  save(null)
}

/**
 * Downloads a file the API only gives with the token (exports, the report): fetched with the
 * Authorization header and handed to the browser as a Blob, so the token never appears in a URL.
 */
export async function download(path: string, fallbackName: string): Promise<string | null> {
  try {
    const res = await fetch(path, { headers: { ...authHeader(), 'accept-language': lang.value } })
    if (res.status === 401) {
      expired.value = true
      save(null)
    }
    if (!res.ok) {
      const failed = (await res.json().catch(() => null)) as { error?: { message?: string } } | null
      return failed?.error?.message ?? `HTTP ${res.status}`
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1]
    const url = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = url
    a.download = name ?? fallbackName
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    return null
  } catch {
    return 'offline'
  }
}
