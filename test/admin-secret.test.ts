import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { users } from '../db/schema'
import { bootstrap } from '../server/bootstrap'
import type { Config } from '../server/env'
import { recordMatch } from '../server/services/admin-secret'
import { updateUser } from '../server/services/users'
import { ADMIN, type TestApp, testApp } from './helpers'

/** How many PBKDF2 derivations `run` makes: hashing a password or verifying one costs one each. */
async function pbkdf2Runs(run: () => Promise<unknown>) {
  const spy = vi.spyOn(crypto.subtle, 'deriveBits')
  try {
    await run()
    return spy.mock.calls.filter(([algorithm]) => (algorithm as { name: string }).name === 'PBKDF2').length
  } finally {
    spy.mockRestore()
  }
}

/** A start of the Worker's version `version` (undefined: a Node start), with these settings changed. */
const start = (t: TestApp, version: string | undefined, config: Partial<Config> = {}) =>
  bootstrap({ ...t.deps, deployedVersion: version, config: { ...t.deps.config, ...config } })

const loginStatus = async (t: TestApp, password: string) =>
  (await t.call('POST', '/api/auth/login', { body: { email: ADMIN.email, password } })).status

const adminRow = async (t: TestApp) =>
  (await t.deps.db.select().from(users).where(eq(users.email, ADMIN.email)))[0]

describe('the admin secret at start-up', () => {
  it('checks the admin secret with PBKDF2 once per deployed version, not at every start', async () => {
    // An install from before the record: its first start of a version checks, the next ones do not.
    const t = await testApp()
    expect(await pbkdf2Runs(() => start(t, 'v1'))).toBe(1)
    expect(await pbkdf2Runs(() => start(t, 'v1'))).toBe(0)
    expect(await pbkdf2Runs(() => start(t, 'v1'))).toBe(0)
    expect(await pbkdf2Runs(() => start(t, 'v2'))).toBe(1)
    expect(await pbkdf2Runs(() => start(t, 'v2'))).toBe(0)
    // CABILDO_ADMIN_PASSWORD alone, for the only admin there is, the same.
    const alone = { adminEmail: undefined }
    expect(await pbkdf2Runs(() => start(t, 'v3', alone))).toBe(1)
    expect(await pbkdf2Runs(() => start(t, 'v3', alone))).toBe(0)
    // Node has no version: each start (one per process) checks.
    expect(await pbkdf2Runs(() => start(t, undefined))).toBe(1)
    expect(await pbkdf2Runs(() => start(t, undefined))).toBe(1)
    expect(await loginStatus(t, ADMIN.password)).toBe(200)
  })

  it('does not check again the admin it has just created from the secret', async () => {
    const t = await testApp({ deps: { deployedVersion: 'v1' } })
    expect(await pbkdf2Runs(() => start(t, 'v1'))).toBe(0)
  })

  it('applies a changed CABILDO_ADMIN_PASSWORD at the first start of the version that carries it', async () => {
    const t = await testApp({ deps: { deployedVersion: 'v1' } })
    const changed = { adminPassword: 'otra-clave-2026' }
    // One PBKDF2 finds the old hash wrong, one hashes the new password; the next start needs neither.
    expect(await pbkdf2Runs(() => start(t, 'v2', changed))).toBe(2)
    expect(await pbkdf2Runs(() => start(t, 'v2', changed))).toBe(0)
    expect(await loginStatus(t, ADMIN.password)).toBe(401)
    expect(await loginStatus(t, 'otra-clave-2026')).toBe(200)
    // And through CABILDO_ADMIN_PASSWORD alone.
    const alone = { adminEmail: undefined, adminPassword: 'tercera-clave-2026' }
    expect(await start(t, 'v3', alone)).toMatchObject({ admin: { email: ADMIN.email, fromEnv: true } })
    expect(await pbkdf2Runs(() => start(t, 'v3', alone))).toBe(0)
    expect(await loginStatus(t, 'otra-clave-2026')).toBe(401)
    expect(await loginStatus(t, 'tercera-clave-2026')).toBe(200)
  })

  it('resets a password changed through the API at the next start, of the same version too', async () => {
    const t = await testApp({ deps: { deployedVersion: 'v1' } })
    const { id } = await adminRow(t)
    const patched = await t.call('PATCH', `/api/users/${id}`, {
      token: t.adminToken,
      body: { password: 'cambiada-en-la-api' },
    })
    expect(patched.status).toBe(200)
    expect(await pbkdf2Runs(() => start(t, 'v1'))).toBe(2)
    expect(await loginStatus(t, 'cambiada-en-la-api')).toBe(401)
    expect(await loginStatus(t, ADMIN.password)).toBe(200)
  })

  it('keeps one active admin: the last one cannot be demoted or disabled, and a start makes its admin one again', async () => {
    const t = await testApp()
    const { id } = await adminRow(t)
    const patch = (body: unknown, token = t.adminToken) =>
      t.call('PATCH', `/api/users/${id}`, { token, body })
    for (const body of [{ role: 'analyst' }, { disabled: true }]) {
      const res = await patch(body)
      expect([res.status, res.json.error.code], JSON.stringify(body)).toEqual([409, 'LAST_ADMIN'])
    }
    expect(await adminRow(t)).toMatchObject({ role: 'admin', disabled: false })
    // With a second admin, the first may step down; the variables' admin is made one again at the next
    // start, without a new password hash.
    const other = await t.call('POST', '/api/users', {
      token: t.adminToken,
      body: { email: 'segunda@test.co', password: 'segunda-clave-2026', role: 'admin', name: 'Segunda' },
    })
    expect(other.status).toBe(201)
    expect((await patch({ role: 'analyst' })).status).toBe(200)
    const before = await adminRow(t)
    await start(t, undefined)
    const after = await adminRow(t)
    expect(after).toMatchObject({ role: 'admin', disabled: false, passwordHash: before.passwordHash })
    expect(await loginStatus(t, ADMIN.password)).toBe(200)
  })

  it('skips no check on a record that is not this version’s match of the stored hash', async () => {
    const t = await testApp({ deps: { deployedVersion: 'v1' } })
    const { id, secretChecked } = await adminRow(t)
    const matched = secretChecked!
    expect(matched).toMatch(/^v1:[0-9a-f]{64}$/)
    // Each time the stored password is not the secret, under a record that must not stop its reset.
    const forged = [
      matched, // this version's match, of a hash since replaced
      `v0${matched.slice(2)}`, // another version's
      'v1', // the version alone
      `v1:${'0'.repeat(64)}`,
      `v1:${ADMIN.password}`,
      '',
    ]
    for (const record of forged) {
      await updateUser(t.deps, 'system', id, { password: 'no-es-el-secreto' })
      await t.deps.db.update(users).set({ secretChecked: record }).where(eq(users.id, id))
      expect(await pbkdf2Runs(() => start(t, 'v1')), record).toBe(2)
      expect((await adminRow(t)).secretChecked).not.toBe(record)
      expect(await loginStatus(t, ADMIN.password), record).toBe(200)
    }
  })

  it('lets no password sign in that the stored hash does not match, whatever the record says', async () => {
    const t = await testApp({ deps: { deployedVersion: 'v1' } })
    const { id } = await adminRow(t)
    // A record forged to match a hash that is not the secret's (whoever can write it can write the hash):
    // the start skips the reset, and sign-in, which never reads the record, still wants the hash's password.
    const other = await updateUser(t.deps, 'system', id, { password: 'no-es-el-secreto' })
    await recordMatch(t.deps, other)
    expect(await pbkdf2Runs(() => start(t, 'v1'))).toBe(0)
    expect(await loginStatus(t, ADMIN.password)).toBe(401)
    expect(await loginStatus(t, 'cualquier-otra-1')).toBe(401)
    expect(await loginStatus(t, 'no-es-el-secreto')).toBe(200)
    // The next version checks, and applies the secret.
    expect(await pbkdf2Runs(() => start(t, 'v2'))).toBe(2)
    expect(await loginStatus(t, ADMIN.password)).toBe(200)
  })
})
