import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { commit } from '../../db/atomic'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { tokens, users } from '../../db/schema'
import type { Deps, SessionUser } from '../env'
import { ApiError } from '../errors'
import { commitAudited } from './audit'
import { hashPassword, randomBytes, sha256Hex, toBase64Url, verifyPassword } from './crypto'

// Verifying against this when the e-mail is unknown keeps a wrong e-mail as slow as a wrong password.
let decoyHash: Promise<string> | undefined

export async function login(deps: Deps, email: string, password: string) {
  const { db, config } = deps
  const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1)
  decoyHash ??= hashPassword('decoy-password', config.passwordIterations)
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash))
  // A failure writes nothing: a refused request changes nothing (the throttle counts it, in memory on
  // Node). A success is kept in the audit log below.
  if (!user || !ok || user.disabled) throw new ApiError('INVALID_CREDENTIALS')
  const token = `cab_${toBase64Url(randomBytes(32))}`
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + config.tokenTtlHours * 3600_000).toISOString()
  // The session only if the password checked is still the user's and the account still open when it
  // commits: a password change or a disabling that lands during the (slow) check revokes only the
  // sessions that exist, so this one must not appear after it.
  const [created] = await commit(db, [
    db
      .insert(tokens)
      .select(
        sql`select ${newId()}, ${users.id}, ${await sha256Hex(token)}, ${now.toISOString()}, ${expiresAt}, null from ${users} where ${users.id} = ${user.id} and ${users.passwordHash} = ${user.passwordHash} and ${users.disabled} = 0`,
      )
      .returning({ id: tokens.id }),
  ])
  if (!created.length) throw new ApiError('INVALID_CREDENTIALS')
  await commitAudited(
    db,
    [],
    [{ actor: `user:${user.id}`, action: 'auth.login', subjectType: 'user', subjectId: user.id }],
    now,
  )
  return {
    token,
    expiresAt,
    user: {
      email: user.email,
      role: user.role,
      name: user.name,
      // true: every staff route but the password change, `me` and logout answers PASSWORD_CHANGE_REQUIRED.
      mustChangePassword: user.mustChangePassword,
    },
  }
}

/** The user behind a bearer token, or null when it is unknown, expired, revoked or its user disabled. */
export async function authenticate(db: Db, token: string, now: Date): Promise<SessionUser | null> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      tokenId: tokens.id,
      entityIds: users.entityIds,
      mustChangePassword: users.mustChangePassword,
    })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(
      and(
        eq(tokens.tokenHash, await sha256Hex(token)),
        isNull(tokens.revokedAt),
        gt(tokens.expiresAt, now.toISOString()),
        eq(users.disabled, false),
      ),
    )
    .limit(1)
  if (!row) return null
  // An admin manages the whole installation: a scope kept from an earlier role does not bind it.
  return { ...row, entityIds: row.role === 'admin' ? null : (row.entityIds ?? null) }
}

export async function revokeToken(db: Db, tokenId: string, now: Date) {
  await commit(db, [db.update(tokens).set({ revokedAt: now.toISOString() }).where(eq(tokens.id, tokenId))])
}

/** Whether `password` is the user's own now: checked before they change it. */
export async function currentPasswordIs(deps: Deps, userId: string, password: string) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1)
  return Boolean(user && !user.disabled && (await verifyPassword(password, user.passwordHash)))
}
