import { and, eq } from 'drizzle-orm'
import { type User, users } from '../../db/schema'
import type { Deps } from '../env'
import { verifyPassword } from './crypto'
import { sha256HexSync } from './sha256'

/**
 * Every start checks CABILDO_ADMIN_PASSWORD against the admin's stored hash, so that a changed one is
 * applied. The check is PBKDF2 at the hash's own rounds (100,000: about 25 ms of CPU), and a Worker starts
 * once per isolate, where the free plan allows 10 ms a request. A Worker's secrets belong to its version
 * (setting one deploys a new version; a rollback brings the old one's back), so the answer depends only
 * on the version and the stored hash: it is worked out once per version and recorded on the user.
 *
 * The record holds nothing computed from the secret. A cheap function of it kept in the database,
 * salted or keyed with anything kept beside it, would let whoever has a copy test guesses at that cost
 * instead of PBKDF2's. The version id and a digest of the hash say nothing the row does not. A forged
 * record only delays a reset until the next version: sign-in never reads it, and whoever can write it
 * can write the hash itself.
 */
const record = (version: string, passwordHash: string) => `${version}:${sha256HexSync(passwordHash)}`

/** Whether the secret matches the user's password, without PBKDF2 when this version already found so. */
export async function secretMatches(deps: Deps, user: User, secret: string): Promise<boolean> {
  const version = deps.deployedVersion
  if (version && user.secretChecked === record(version, user.passwordHash)) return true
  const ok = await verifyPassword(secret, user.passwordHash)
  if (ok) await recordMatch(deps, user)
  return ok
}

/** Records that this version's secret matches the user's hash, unless the hash has changed since. */
export async function recordMatch(deps: Deps, user: Pick<User, 'id' | 'passwordHash'>) {
  const version = deps.deployedVersion
  if (!version) return
  await deps.db
    .update(users)
    .set({ secretChecked: record(version, user.passwordHash) })
    .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)))
}
