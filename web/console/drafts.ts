import { useSignal } from '@preact/signals'

// What a moderator types is kept in the tab until the action is taken or cancelled: a session that ends
// (a 401 brings the sign-in back, unmounting the page) or a card that re-renders does not take it away.
// Signing out does (`forgetAll`): the next person at a shared computer does not find a petitioner's data.
const PREFIX = 'cabildo:draft:'

export function kept(id: string): string | null {
  try {
    return sessionStorage.getItem(PREFIX + id)
  } catch {
    return null
  }
}

export function keep(id: string, value: string | null) {
  try {
    if (value === null) sessionStorage.removeItem(PREFIX + id)
    else sessionStorage.setItem(PREFIX + id, value)
  } catch {}
}

/** Drops a form's draft: `id` and the extra fields kept under `id:…`. */
export function forget(id: string) {
  keep(id, null)
  try {
    for (const k of Object.keys(sessionStorage))
      if (k.startsWith(`${PREFIX}${id}:`)) sessionStorage.removeItem(k)
  } catch {}
}

/** A field's value, kept under `id` as it is typed. */
export function useKept(id: string, initial = '') {
  const value = useSignal(kept(id) ?? initial)
  const set = (v: string) => {
    value.value = v
    keep(id, v)
  }
  return [value, set] as const
}

/** Drops every draft of the tab: on signing out. */
export function forgetAll() {
  try {
    for (const k of Object.keys(sessionStorage)) if (k.startsWith(PREFIX)) sessionStorage.removeItem(k)
  } catch {}
}
