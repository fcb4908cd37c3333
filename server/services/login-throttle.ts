import type { Deps } from '../env'
import type { AttemptRule } from '../ratelimit/attempts'
import { sha256Hex } from './crypto'

/**
 * Sign-in throttling, three counts, each 5 or 20 free attempts then 30 s locked, doubling per failure up
 * to 15 min, forgotten after a quiet hour:
 * - per e-mail (5): one account guessed at, from one machine or many;
 * - per client address (20): one machine spraying many accounts;
 * - per e-mail and address together (5).
 * An address a person signed in from in the last 30 days is not held by the e-mail's count, only by the
 * other two: failures sent from elsewhere must not keep the account's owner out (five wrong passwords an
 * hour from anywhere would otherwise lock an admin out during a live event), while a new address still
 * meets the e-mail's lock. Unknown e-mails count like known ones, so a 429 says nothing about who exists.
 */
export const loginRules: Record<'email' | 'ip' | 'pair' | 'known', AttemptRule> = {
  email: { free: 5, baseSeconds: 30, maxSeconds: 900, forgetSeconds: 3600 },
  ip: { free: 20, baseSeconds: 30, maxSeconds: 900, forgetSeconds: 3600 },
  pair: { free: 5, baseSeconds: 30, maxSeconds: 900, forgetSeconds: 3600 },
  // Not a limit: the record that a person signed in from an address, kept 30 days from the last time.
  known: { free: Number.MAX_SAFE_INTEGER, baseSeconds: 0, maxSeconds: 0, forgetSeconds: 30 * 86_400 },
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
  const account = email.trim().toLowerCase()
  const emailKey = await keyOf('email', account)
  const ipKey = ip ? await keyOf('ip', ip) : null
  const pairKey = ip ? await keyOf('pair', `${ip} ${account}`) : null
  const knownKey = ip ? await keyOf('known', `${ip} ${account}`) : null
  // What was counted, given back when a later count refuses the attempt.
  const counted: [string, AttemptRule][] = []
  const refuse = async (wait: number) => {
    for (const [key, rule] of counted) await store.succeeded(key, rule, now, false)
    return { wait, done: async () => {} }
  }
  for (const [key, rule] of [
    [ipKey, loginRules.ip],
    [pairKey, loginRules.pair],
  ] as const) {
    if (!key) continue
    const wait = await store.attempt(key, rule, now)
    if (wait) return refuse(wait)
    counted.push([key, rule])
  }
  const known = knownKey ? await store.seen(knownKey, loginRules.known, now) : false
  if (!known) {
    const wait = await store.attempt(emailKey, loginRules.email, now)
    if (wait) return refuse(wait)
    counted.push([emailKey, loginRules.email])
  }
  return {
    wait: 0,
    async done(ok) {
      if (!ok) return
      if (!known) await store.succeeded(emailKey, loginRules.email, now, true)
      if (pairKey) await store.succeeded(pairKey, loginRules.pair, now, true)
      if (ipKey) await store.succeeded(ipKey, loginRules.ip, now, false)
      if (knownKey) await store.attempt(knownKey, loginRules.known, now)
    },
  }
}
