import { and, asc, eq, isNull, ne } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { entities, type Role, tokens, type User, users } from '../../db/schema'
import type { Deps } from '../env'
import { ApiError } from '../errors'
import { recordMatch, secretMatches } from './admin-secret'
import { commitAudited } from './audit'
import { generatePassword, hashPassword } from './crypto'
import { isUnique } from './submissions'

export const publicUser = (u: User) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  // null: every entity's events (server/access.ts).
  entityIds: u.role === 'admin' ? null : (u.entityIds ?? null),
  disabled: u.disabled,
  createdAt: u.createdAt,
})

/**
 * The entities a user is to be limited to, checked: an admin manages the whole installation, and every
 * id must be an entity's. Sorted and without repeats, as the audit log and the user's answer show them.
 */
async function checkedScope(db: Db, role: Role, ids: string[] | null | undefined) {
  if (ids === undefined || ids === null) return ids
  if (role === 'admin') throw new ApiError('ADMIN_NOT_SCOPED')
  const unique = [...new Set(ids)].sort()
  const found = unique.length
    ? await db.select({ id: entities.id }).from(entities).where(inList(entities.id, unique))
    : []
  if (found.length !== unique.length) throw new ApiError('UNKNOWN_ENTITY')
  return unique
}

export const listUsers = (db: Db) => db.select().from(users).orderBy(asc(users.createdAt))

export async function createUser(
  deps: Deps,
  actor: string,
  input: { email: string; password: string; role: Role; name?: string; entityIds?: string[] | null },
) {
  const { db } = deps
  const email = input.email.toLowerCase()
  const entityIds = await checkedScope(db, input.role, input.entityIds)
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1)
  if (taken) throw new ApiError('EMAIL_TAKEN')
  const id = newId()
  const passwordHash = await hashPassword(input.password, deps.config.passwordIterations)
  const row = {
    id,
    email,
    name: input.name ?? null,
    role: input.role,
    passwordHash,
    entityIds: entityIds ?? null,
  }
  try {
    await commitAudited(
      db,
      [db.insert(users).values(row)],
      [
        {
          actor,
          action: 'user.create',
          subjectType: 'user',
          subjectId: id,
          data: { email, role: input.role, ...(entityIds ? { entityIds } : {}) },
        },
      ],
      deps.now(),
    )
  } catch (err) {
    // The same e-mail created at once by another request, after this one looked.
    if (isUnique(err, 'users', 'email')) throw new ApiError('EMAIL_TAKEN')
    throw err
  }
  const [user] = await db.select().from(users).where(eq(users.id, id))
  return user
}

export async function updateUser(
  deps: Deps,
  actor: string,
  id: string,
  patch: { role?: Role; name?: string; password?: string; disabled?: boolean; entityIds?: string[] | null },
) {
  const { db } = deps
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1)
  if (!user) throw new ApiError('NOT_FOUND')
  const role = patch.role ?? user.role
  const entityIds = await checkedScope(db, role, patch.entityIds)
  // The last active admin cannot demote or disable itself, nor be demoted or disabled: no one could
  // then manage users, backups or data holders (a restart with CABILDO_ADMIN_* would be the only way back).
  const stopsAdmin = (patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true
  if (user.role === 'admin' && !user.disabled && stopsAdmin) {
    const [other] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, id)))
      .limit(1)
    if (!other) throw new ApiError('LAST_ADMIN')
  }
  const now = deps.now().toISOString()
  const set: Partial<User> = { updatedAt: now }
  if (patch.role) set.role = patch.role
  if (patch.name !== undefined) set.name = patch.name
  if (patch.disabled !== undefined) set.disabled = patch.disabled
  if (entityIds !== undefined) set.entityIds = entityIds
  // An admin is never scoped: a scope kept from before would bind it again once it stops being one.
  if (role === 'admin') set.entityIds = null
  if (patch.password) set.passwordHash = await hashPassword(patch.password, deps.config.passwordIterations)
  const stmts: Stmt[] = [db.update(users).set(set).where(eq(users.id, id))]
  // A new password, a lost role or a disabled account ends every session the user had.
  if (patch.password || patch.disabled || (patch.role && patch.role !== user.role))
    stmts.push(
      db
        .update(tokens)
        .set({ revokedAt: now })
        .where(and(eq(tokens.userId, id), isNull(tokens.revokedAt))),
    )
  const changed = {
    ...patch,
    password: patch.password ? '(cambiada)' : undefined,
    ...(entityIds !== undefined ? { entityIds } : {}),
  }
  await commitAudited(
    db,
    stmts,
    [{ actor, action: 'user.update', subjectType: 'user', subjectId: id, data: changed }],
    deps.now(),
  )
  const [after] = await db.select().from(users).where(eq(users.id, id))
  return after
}

/**
 * The first admin: from CABILDO_ADMIN_EMAIL/PASSWORD (which also reset that admin's password), or,
 * with neither set and no admin yet, a generated one whose password is returned to be printed once.
 * CABILDO_ADMIN_PASSWORD alone resets the password of the only admin there is (the one generated on the
 * first start, as the start-up message says); with several, it names none of them and changes nothing
 * (`fromEnv` false: the message then asks for the e-mail too). On Workers the PBKDF2 check of the secret
 * runs once per deployed version, not per isolate (./admin-secret.ts).
 */
export async function ensureAdmin(
  deps: Deps,
): Promise<{ email: string; password?: string; created: boolean; fromEnv: boolean }> {
  const { db, config } = deps
  const { adminEmail, adminPassword } = config
  if (adminPassword && !adminEmail) {
    const admins = await db.select().from(users).where(eq(users.role, 'admin')).limit(2)
    if (admins.length === 1) {
      const [only] = admins
      if (!(await secretMatches(deps, only, adminPassword)) || only.disabled)
        await recordMatch(
          deps,
          await updateUser(deps, 'system', only.id, { password: adminPassword, disabled: false }),
        )
      return { email: only.email, created: false, fromEnv: true }
    }
  }
  if (adminEmail && adminPassword) {
    const email = adminEmail.toLowerCase()
    const [existing] = await db.select().from(users).where(eq(users.email, email)).limit(1)
    if (!existing) {
      const created = await createUser(deps, 'system', {
        email,
        password: adminPassword,
        role: 'admin',
        name: 'Administrador',
      })
      await recordMatch(deps, created)
      return { email, created: true, fromEnv: true }
    }
    // The admin the variables name is an active admin again, whatever was changed since: the README's
    // way back for a lost password, a demoted or a disabled admin.
    const matches = await secretMatches(deps, existing, adminPassword)
    if (!matches || existing.role !== 'admin' || existing.disabled)
      await recordMatch(
        deps,
        await updateUser(deps, 'system', existing.id, {
          ...(matches ? {} : { password: adminPassword }),
          role: 'admin',
          disabled: false,
        }),
      )
    return { email, created: false, fromEnv: true }
  }
  const [admin] = await db.select().from(users).where(eq(users.role, 'admin')).limit(1)
  if (admin) return { email: admin.email, created: false, fromEnv: false }
  const email = adminEmail?.toLowerCase() ?? 'admin@cabildo.local'
  const password = adminPassword ?? generatePassword()
  await createUser(deps, 'system', { email, password, role: 'admin', name: 'Administrador' })
  return { email, password, created: true, fromEnv: Boolean(adminPassword) }
}
