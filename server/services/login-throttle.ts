import type { Deps } from '../env'
import type { AttemptRule } from '../ratelimit/attempts'
import { sha256Hex } from './crypto'

/**
 * Sign-in throttling per e-mail (5 free attempts: one person guessing at one account) and per client
 * IP (20: one machine spraying many accounts), then 30 s locked, doubling per failure up to 15 min;
 * a quiet hour forgets. Unknown e-mails count like known ones, so a 429 says nothing about who exists.
 */
export const loginRules: Record<'email' | 'ip', AttemptRule> = {
  email: { free: 5, baseSeconds: 30, maxSeconds: 900, forgetSeconds: 3600 },
  ip: { free: 20, baseSeconds: 30, maxSeconds: 900, forgetSeconds: 3600 },
}

// Hashed, so the store holds neither the e-mails people typed nor their addresses.
const keyOf = (scope: string, value: string) => sha256Hex(`login:${scope}:${value}`)

export type LoginTurn = { wait: number; done(ok: boolean): Promise<void> }

/**
 * Takes a turn to try a password: `wait` > 0 means locked for that many seconds (nothing counted);
 * otherwise the attempt is counted and `done` settles it once the password has been checked.
 */
export async function loginTurn(deps: Deps, email: string, ip: string | undefined): Promise<LoginTurn> {
  const store = deps.loginAttempts
  if (!store) return { wait: 0, done: async () => {} }
  const now = deps.now()
  const emailKey = await keyOf('email', email.trim().toLowerCase())
  const ipKey = ip ? await keyOf('ip', ip) : null
  const ipWait = ipKey ? await store.attempt(ipKey, loginRules.ip, now) : 0
  if (ipWait) return { wait: ipWait, done: async () => {} }
  const emailWait = await store.attempt(emailKey, loginRules.email, now)
  if (emailWait) {
    if (ipKey) await store.succeeded(ipKey, loginRules.ip, now, false)
    return { wait: emailWait, done: async () => {} }
  }
  return {
    wait: 0,
    async done(ok) {
      if (!ok) return
      await store.succeeded(emailKey, loginRules.email, now, true)
      if (ipKey) await store.succeeded(ipKey, loginRules.ip, now, false)
    },
  }
}
