import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { client } from './client'
import { CONTRACT_ADMIN, type Started, startNode, startWorkerd } from './servers'

/**
 * The first admin, as a fresh install meets it: each test starts its own server, without the contract's
 * admin, since what is under test is what a start does with CABILDO_ADMIN_EMAIL and _PASSWORD.
 */
const runtimes = [
  {
    name: 'node',
    start: (env: Record<string, string>) => startNode({ CABILDO_DEMO: '0', ...env }, { admin: false }),
  },
  {
    name: 'workerd',
    start: (env: Record<string, string>) =>
      startWorkerd({ vars: { CABILDO_DEMO: '0', ...env }, admin: false, anyStatus: true, logLevel: 'log' }),
  },
]

const CREATED = /Administrador creado: (\S+) \/ contraseña: (\S+)/

/** What the server's output matches, once it has (wrangler passes a Worker's console on a moment later). */
async function printed(server: Started, pattern: RegExp) {
  const deadline = Date.now() + 10_000
  while (!pattern.test(server.log()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  return pattern.exec(server.log())
}

describe.each(runtimes)('the first admin on $name', ({ name, start }) => {
  it('is created without the admin settings and its credentials are printed, so it can sign in', async () => {
    const server = await start({})
    try {
      const line = await printed(server, CREATED)
      expect(line, server.log()).not.toBeNull()
      const [, email, password] = line!
      const api = client(server.url)
      const token = await api.login(email, password)
      expect(token).toEqual(expect.any(String))
      // A password that was printed is replaced at the first sign-in: until then the session can only
      // change it (the column comes from the migration, on SQLite and on D1).
      const refused = await api.call('GET', '/api/users', { token })
      expect([refused.status, refused.json.error?.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED'])
      const changed = await api.call('POST', '/api/auth/password', {
        token,
        body: { current: password, password: 'la frase del primer admin 7' },
      })
      expect(changed.status, JSON.stringify(changed.json)).toBe(200)
      expect(changed.json.user.mustChangePassword).toBe(false)
      expect((await api.call('GET', '/api/users', { token: changed.json.token })).status).toBe(200)
    } finally {
      await server.stop()
    }
  }, 120_000)

  it('is never given a password shorter than one set through the API', async () => {
    const env = { CABILDO_ADMIN_EMAIL: 'primera@cabildo.test', CABILDO_ADMIN_PASSWORD: 'corta' }
    const refusal = 'CABILDO_ADMIN_PASSWORD debe tener al menos 10 caracteres.'
    if (name === 'node') {
      await expect(start(env)).rejects.toThrow(refusal)
      return
    }
    // A Worker cannot refuse to start: it answers every request in the envelope, the reason in its log.
    const server = await start(env)
    try {
      const api = client(server.url)
      const login = await api.call('POST', '/api/auth/login', {
        body: { email: env.CABILDO_ADMIN_EMAIL, password: env.CABILDO_ADMIN_PASSWORD },
      })
      expect([login.status, login.json.error?.code]).toEqual([500, 'INTERNAL_ERROR'])
      expect(await printed(server, new RegExp(refusal)), server.log()).not.toBeNull()
    } finally {
      await server.stop()
    }
  }, 120_000)
})

describe('the admin secret on workerd', () => {
  it('is checked once for the deployed version, which the first start records for the isolates after it', async () => {
    const server = await startWorkerd({ vars: { CABILDO_DEMO: '0' } })
    try {
      expect(await client(server.url).login(CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)).toEqual(
        expect.any(String),
      )
      // The local D1 is a SQLite file under --persist-to; `wrangler dev` gives each session a version id.
      const file = readdirSync(server.dir, { recursive: true, encoding: 'utf8' }).find(
        (f) => f.includes('D1') && f.endsWith('.sqlite'),
      )
      const d1 = new Database(join(server.dir, file!), { readonly: true })
      try {
        const row = d1.prepare('select secret_checked from users where email = ?').get(CONTRACT_ADMIN.email)
        expect(row).toEqual({ secret_checked: expect.stringMatching(/^[0-9a-f-]{36}:[0-9a-f]{64}$/) })
      } finally {
        d1.close()
      }
    } finally {
      await server.stop()
    }
  }, 120_000)
})
