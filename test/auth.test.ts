import { describe, expect, it } from 'vitest'
import { openNodeDb } from '../db/client-node'
import { createApp } from '../server/app'
import { ensureAdmin } from '../server/services/users'
import { ADMIN, sampleEvent, testApp } from './helpers'

describe('staff authentication', () => {
  it('logs in with the right password and answers who the token belongs to', async () => {
    const t = await testApp()
    const res = await t.call('POST', '/api/auth/login', { body: ADMIN })
    expect(res.status).toBe(200)
    expect(res.json.user).toMatchObject({ email: ADMIN.email, role: 'admin' })
    expect(res.json.token).toMatch(/^cab_[A-Za-z0-9_-]{43}$/)
    const me = await t.call('GET', '/api/auth/me', { token: res.json.token })
    expect(me.json.user).toEqual({
      email: ADMIN.email,
      role: 'admin',
      entityIds: null,
      mustChangePassword: false,
    })
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

describe('a password handed over (generated by Cabildo, or reset by an admin)', () => {
  const NEW = 'Mi propia frase de clave 9'

  it('is answered once when an account is created without one, and must be changed before anything else', async () => {
    const t = await testApp()
    const created = await t.call('POST', '/api/users', {
      token: t.adminToken,
      body: { email: 'nueva@test.co', role: 'admin' },
    })
    expect(created.status, created.text).toBe(201)
    const given = created.json.password as string
    expect(given).toEqual(expect.any(String))
    expect(created.json.user.mustChangePassword).toBe(true)
    const listed = await t.call('GET', '/api/users', { token: t.adminToken })
    expect(JSON.stringify(listed.json)).not.toContain(given)

    const signIn = await t.call('POST', '/api/auth/login', {
      body: { email: 'nueva@test.co', password: given },
    })
    expect(signIn.status).toBe(200)
    expect(signIn.json.user).toMatchObject({ role: 'admin', mustChangePassword: true })
    const token = signIn.json.token as string

    // Every staff route refuses the session, in Spanish unless asked otherwise, and changes nothing.
    const users = await t.call('GET', '/api/users', { token })
    expect([users.status, users.json.error.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED'])
    expect(users.json.error.message).toMatch(/^Cambie primero la contraseña/)
    const english = await t.call('GET', '/api/users', { token, headers: { 'accept-language': 'en' } })
    expect(english.json.error.message).toMatch(/^First change the password/)
    const event = await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'no-creado' }) })
    expect([event.status, event.json.error.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED'])
    expect((await t.call('GET', '/api/events/no-creado', { token: t.adminToken })).status).toBe(404)
    const demote = await t.call('PATCH', `/api/users/${created.json.user.id}`, {
      token,
      body: { role: 'analyst' },
    })
    expect(demote.json.error.code).toBe('PASSWORD_CHANGE_REQUIRED')

    // A public route answers it as it answers the public: a draft stays unseen.
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'borrador', status: 'draft' }),
    })
    expect((await t.call('GET', '/api/events/borrador', { token: t.adminToken })).status).toBe(200)
    expect((await t.call('GET', '/api/events/borrador', { token })).status).toBe(404)

    // It may read who it is, and change the password; the new session works everywhere.
    const me = await t.call('GET', '/api/auth/me', { token })
    expect(me.json.user).toMatchObject({ email: 'nueva@test.co', mustChangePassword: true })
    const changed = await t.call('POST', '/api/auth/password', {
      token,
      body: { current: given, password: NEW },
    })
    expect(changed.status, changed.text).toBe(200)
    expect(changed.json.user.mustChangePassword).toBe(false)
    const fresh = changed.json.token as string
    expect((await t.call('GET', '/api/users', { token: fresh })).status).toBe(200)
    expect((await t.call('GET', '/api/auth/me', { token: fresh })).json.user.mustChangePassword).toBe(false)
    // The session signed in with the handed password ended with the change.
    expect((await t.call('GET', '/api/auth/me', { token })).status).toBe(401)
  })

  it('may sign out before changing it', async () => {
    const t = await testApp()
    const created = await t.call('POST', '/api/users', {
      token: t.adminToken,
      body: { email: 'sale@test.co', role: 'moderator' },
    })
    const token = await t.login('sale@test.co', created.json.password)
    expect((await t.call('POST', '/api/auth/logout', { token })).status).toBe(204)
    expect((await t.call('GET', '/api/auth/me', { token })).status).toBe(401)
  })

  it('is marked when an admin resets it, and not when the person chose it', async () => {
    const t = await testApp()
    const chosen = await t.call('POST', '/api/users', {
      token: t.adminToken,
      body: { email: 'elegida@test.co', password: 'elegida-clave-1', role: 'analyst' },
    })
    expect(chosen.json.user.mustChangePassword).toBe(false)
    expect(chosen.json.password).toBeUndefined()
    const own = await t.login('elegida@test.co', 'elegida-clave-1')
    expect((await t.call('GET', '/api/reports/compare?a=x&b=y', { token: own })).json.error?.code).not.toBe(
      'PASSWORD_CHANGE_REQUIRED',
    )

    const id = chosen.json.user.id as string
    const reset = await t.call('PATCH', `/api/users/${id}`, {
      token: t.adminToken,
      body: { password: 'restablecida-1' },
    })
    expect(reset.json.user.mustChangePassword).toBe(true)
    const handed = await t.login('elegida@test.co', 'restablecida-1')
    expect((await t.call('GET', '/api/events', { token: handed })).json.error.code).toBe(
      'PASSWORD_CHANGE_REQUIRED',
    )
    const changed = await t.call('POST', '/api/auth/password', {
      token: handed,
      body: { current: 'restablecida-1', password: NEW },
    })
    expect((await t.call('GET', '/api/events', { token: changed.json.token })).status).toBe(200)

    // An admin's own password, set through PATCH, is the admin's choice.
    const adminId = (await t.call('GET', '/api/users', { token: t.adminToken })).json.users.find(
      (u: { email: string }) => u.email === ADMIN.email,
    ).id
    const self = await t.call('PATCH', `/api/users/${adminId}`, {
      token: t.adminToken,
      body: { password: NEW },
    })
    expect(self.json.user.mustChangePassword).toBe(false)
    expect((await t.call('GET', '/api/users', { token: await t.login(ADMIN.email, NEW) })).status).toBe(200)
  })

  it('marks the first admin a start generates, and not one set through CABILDO_ADMIN_PASSWORD', async () => {
    const t = await testApp()
    expect((await t.call('GET', '/api/auth/me', { token: t.adminToken })).json.user.mustChangePassword).toBe(
      false,
    )
    const deps = {
      ...t.deps,
      db: openNodeDb(':memory:'),
      config: { ...t.deps.config, adminEmail: undefined, adminPassword: undefined },
    }
    const admin = await ensureAdmin(deps)
    expect(admin.password).toEqual(expect.any(String))
    const app = createApp(deps)
    const json = { 'content-type': 'application/json' }
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    })
    const { token, user } = (await login.json()) as { token: string; user: { mustChangePassword: boolean } }
    expect(user.mustChangePassword).toBe(true)
    const users = await app.request('/api/users', { headers: { authorization: `Bearer ${token}` } })
    expect(users.status).toBe(403)
  })
})
