import { describe, expect, it } from 'vitest'
import { ensureAdmin } from '../server/services/users'
import { ADMIN, testApp } from './helpers'

describe('staff authentication', () => {
  it('logs in with the right password and answers who the token belongs to', async () => {
    const t = await testApp()
    const res = await t.call('POST', '/api/auth/login', { body: ADMIN })
    expect(res.status).toBe(200)
    expect(res.json.user).toMatchObject({ email: ADMIN.email, role: 'admin' })
    expect(res.json.token).toMatch(/^cab_[A-Za-z0-9_-]{43}$/)
    const me = await t.call('GET', '/api/auth/me', { token: res.json.token })
    expect(me.json.user).toEqual({ email: ADMIN.email, role: 'admin', entityIds: null })
  })

  it('keeps every sign-in in the audit log, and writes nothing for a refused one', async () => {
    const t = await testApp()
    const body = (password: string, email = ADMIN.email) => ({ body: { email, password } })
    const entries = async () =>
      (await t.call('GET', '/api/audit?limit=500', { token: t.adminToken })).json.entries
    const before = (await entries()).length
    expect((await t.call('POST', '/api/auth/login', body('mala-clave-123'))).status).toBe(401)
    expect((await t.call('POST', '/api/auth/login', body('x', 'Nadie@Test.co'))).status).toBe(401)
    expect((await t.call('POST', '/api/auth/login', body(ADMIN.password))).status).toBe(200)
    const after = await entries()
    expect(after.slice(before).map((e: any) => [e.action, e.actor])).toEqual([
      ['auth.login', expect.stringMatching(/^user:/)],
    ])
  })

  it('gives the same 401 for a wrong password and for an unknown e-mail', async () => {
    const t = await testApp()
    const wrong = await t.call('POST', '/api/auth/login', {
      body: { email: ADMIN.email, password: 'nope-nope-nope' },
    })
    const unknown = await t.call('POST', '/api/auth/login', {
      body: { email: 'x@y.co', password: 'nope-nope-nope' },
    })
    expect(wrong.status).toBe(401)
    expect(unknown.json.error.code).toBe(wrong.json.error.code)
    expect(unknown.json.error.message).toBe(wrong.json.error.message)
  })

  it('stores only the hash of a token', async () => {
    const t = await testApp()
    const rows = await t.deps.db.query.tokens.findMany()
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect(r.tokenHash).toMatch(/^[0-9a-f]{64}$/)
    expect(rows.map((r) => r.tokenHash)).not.toContain(t.adminToken)
  })

  it('refuses a token after logout, after it expires, and after its user is disabled', async () => {
    const t = await testApp()
    const token = await t.login()
    expect((await t.call('POST', '/api/auth/logout', { token })).status).toBe(204)
    expect((await t.call('GET', '/api/auth/me', { token })).status).toBe(401)

    const expiring = await t.login()
    t.setNow(new Date('2026-11-22T04:00:00Z'))
    expect((await t.call('GET', '/api/auth/me', { token: expiring })).status).toBe(401)

    const fresh = await t.login()
    const mod = await t.call('POST', '/api/users', {
      token: fresh,
      body: { email: 'mod@test.co', password: 'moderator-pass', role: 'moderator' },
    })
    const modToken = await t.login('mod@test.co', 'moderator-pass')
    await t.call('PATCH', `/api/users/${mod.json.user.id}`, { token: fresh, body: { disabled: true } })
    expect((await t.call('GET', '/api/auth/me', { token: modToken })).status).toBe(401)
    expect(
      (
        await t.call('POST', '/api/auth/login', {
          body: { email: 'mod@test.co', password: 'moderator-pass' },
        })
      ).status,
    ).toBe(401)
  })

  it('ends the sessions of a user whose role changes', async () => {
    const t = await testApp()
    const created = await t.call('POST', '/api/users', {
      token: t.adminToken,
      body: { email: 'ana@test.co', password: 'analyst-pass-1', role: 'analyst' },
    })
    const token = await t.login('ana@test.co', 'analyst-pass-1')
    await t.call('PATCH', `/api/users/${created.json.user.id}`, {
      token: t.adminToken,
      body: { role: 'moderator' },
    })
    expect((await t.call('GET', '/api/auth/me', { token })).status).toBe(401)
    const again = await t.login('ana@test.co', 'analyst-pass-1')
    expect((await t.call('GET', '/api/auth/me', { token: again })).json.user.role).toBe('moderator')
  })

  it('refuses a second user with the same e-mail, in any letter case', async () => {
    const t = await testApp()
    const res = await t.call('POST', '/api/users', {
      token: t.adminToken,
      body: { email: ADMIN.email.toUpperCase(), password: 'another-pass-1', role: 'analyst' },
    })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('EMAIL_TAKEN')
  })

  it('leaves no session of the old password once it changes, even from logins that were checking it', async () => {
    const t = await testApp()
    const created = await t.call('POST', '/api/users', {
      token: t.adminToken,
      body: { email: 'beto@test.co', password: 'old-password-1', role: 'analyst' },
    })
    const id = created.json.user.id as string
    const login = () =>
      t.call('POST', '/api/auth/login', { body: { email: 'beto@test.co', password: 'old-password-1' } })
    const [change, ...logins] = await Promise.all([
      // The change waits for a few logins to be under way, checking the old password.
      new Promise((r) => setTimeout(r, 2)).then(() =>
        t.call('PATCH', `/api/users/${id}`, { token: t.adminToken, body: { password: 'new-password-1' } }),
      ),
      ...Array.from({ length: 20 }, login),
    ])
    expect(change.status).toBe(200)
    const tokens = logins.filter((r) => r.status === 200).map((r) => r.json.token as string)
    const still = await Promise.all(tokens.map((token) => t.call('GET', '/api/auth/me', { token })))
    expect(still.filter((r) => r.status !== 401)).toEqual([])
    expect(logins.every((r) => r.status === 200 || r.json.error.code === 'INVALID_CREDENTIALS')).toBe(true)
  })

  it('creates a user once when the same e-mail is sent many times at once', async () => {
    const t = await testApp()
    const res = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.call('POST', '/api/users', {
          token: t.adminToken,
          body: { email: 'carla@test.co', password: 'carla-pass-1', role: 'analyst' },
        }),
      ),
    )
    expect(res.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)])
    expect(new Set(res.filter((r) => r.status === 409).map((r) => r.json.error.code))).toEqual(
      new Set(['EMAIL_TAKEN']),
    )
  })

  it('resets the only admin password from CABILDO_ADMIN_PASSWORD alone, as the start-up message says', async () => {
    const t = await testApp()
    const config = { ...t.deps.config, adminEmail: undefined, adminPassword: 'nueva-clave-2026' }
    expect(await ensureAdmin({ ...t.deps, config })).toMatchObject({ email: ADMIN.email, fromEnv: true })
    const token = await t.login(ADMIN.email, 'nueva-clave-2026')
    expect(token).toMatch(/^cab_/)
    // With two admins the variable names neither: nothing changes, and the message says so.
    await t.call('POST', '/api/users', {
      token,
      body: { email: 'otra@test.co', password: 'otra-clave-2026', role: 'admin' },
    })
    const other = { ...config, adminPassword: 'tercera-clave-2026' }
    expect(await ensureAdmin({ ...t.deps, config: other })).toMatchObject({ fromEnv: false })
    expect(await t.login(ADMIN.email, 'nueva-clave-2026')).toMatch(/^cab_/)
  })

  it('lets a staff member change their own password with the current one, ending their other sessions', async () => {
    const t = await testApp()
    const change = (token: string, body: unknown) => t.call('POST', '/api/auth/password', { token, body })
    const other = await t.login()
    const wrong = await change(t.adminToken, {
      current: 'no-es-esta-123',
      password: 'Nueva frase de clave 7',
    })
    expect([wrong.status, wrong.json.error.code]).toEqual([401, 'INVALID_CREDENTIALS'])
    // Easy to guess: one character repeated, a known word with digits, digits alone.
    for (const password of ['aaaaaaaaaaaa', 'Password2026!', 'Contraseña123', '1234567890'])
      expect(
        (await change(t.adminToken, { current: ADMIN.password, password })).json.error?.issues?.[0]?.path,
        password,
      ).toBe('password')
    const done = await change(t.adminToken, { current: ADMIN.password, password: 'Nueva frase de clave 7' })
    expect(done.status, done.text).toBe(200)
    expect(done.json.token).toMatch(/^cab_/)
    // The new token works; the other session, and the one the change was made with, are over.
    expect((await t.call('GET', '/api/auth/me', { token: done.json.token })).status).toBe(200)
    expect((await t.call('GET', '/api/auth/me', { token: other })).status).toBe(401)
    expect((await t.call('GET', '/api/auth/me', { token: t.adminToken })).status).toBe(401)
    const signIn = (password: string) =>
      t.call('POST', '/api/auth/login', { body: { email: ADMIN.email, password } })
    expect((await signIn(ADMIN.password)).status).toBe(401)
    expect((await signIn('Nueva frase de clave 7')).status).toBe(200)
  })
})
