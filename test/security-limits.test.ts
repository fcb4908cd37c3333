import type { Context } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../server/env'
import { type AttemptStore, MemoryAttemptStore } from '../server/ratelimit/attempts'
import { DbAttemptStore } from '../server/ratelimit/attempts-db'
import { MemoryRateLimiter } from '../server/ratelimit/memory'
import { hashPassword, timingSafeEqual, verifyPassword } from '../server/services/crypto'
import { ADMIN, sampleEvent, type TestApp, testApp } from './helpers'

// The client IP as the test says it is: one header stands for each socket.
const clientIp = (c: Context<AppEnv>) => c.req.header('x-test-ip')

describe('rate limits under a burst from one address', () => {
  it('refuse the burst with 429 and Retry-After while another address keeps registering', async () => {
    const rateLimiter = new MemoryRateLimiter({
      ip: { limit: 10, windowSeconds: 60 },
      event: { limit: 10_000, windowSeconds: 60 },
    })
    const t = await testApp({ deps: { rateLimiter, clientIp } })
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const register = (ip: string, n: number) =>
      t.call('POST', '/api/events/evento/attendance', {
        body: { name: `Persona ${ip} ${n}`, email: `p${n}-${ip}@correo.co`, consent: true },
        headers: { 'x-test-ip': ip },
      })
    const burst = Array.from({ length: 40 }, (_, n) => register('203.0.113.7', n))
    const others = Array.from({ length: 5 }, (_, n) => register('198.51.100.20', n))
    const [fromBurst, fromOthers] = await Promise.all([Promise.all(burst), Promise.all(others)])
    expect(fromBurst.filter((r) => r.status === 201)).toHaveLength(10)
    const refused = fromBurst.filter((r) => r.status === 429)
    expect(refused).toHaveLength(30)
    for (const r of refused) {
      expect(r.json.error.code).toBe('RATE_LIMITED')
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    }
    expect(fromOthers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201])
    expect((await register('198.51.100.21', 99)).status).toBe(201)
  })
})

describe('radicado lookups', () => {
  it('refuse a listing of consecutive radicados from one address, and keep a constancia out of caches', async () => {
    const rateLimiter = new MemoryRateLimiter({ lookup: { limit: 20, windowSeconds: 60 } })
    const t = await testApp({ deps: { rateLimiter, clientIp } })
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const filed = await t.call('POST', '/api/events/evento/questions', {
      body: {
        type: 'peticion',
        text: '¿Cuándo abre la convocatoria?',
        name: 'Ana Pérez',
        email: 'ana@correo.co',
      },
    })
    const look = (ip: string, n: number) =>
      t.call('GET', `/api/pqrsd/SDE-2026-${String(n).padStart(6, '0')}`, { headers: { 'x-test-ip': ip } })
    const listing = await Promise.all(Array.from({ length: 50 }, (_, n) => look('203.0.113.7', n + 1)))
    expect(listing.filter((r) => r.status !== 429)).toHaveLength(20)
    const refused = listing.filter((r) => r.status === 429)
    expect(refused[0].json.error.code).toBe('RATE_LIMITED')
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    // The constancia counts too; another address still finds its radicado.
    const constancia = `/api/pqrsd/${filed.json.radicado}/constancia?token=${filed.json.receiptToken}`
    expect((await t.call('GET', constancia, { headers: { 'x-test-ip': '203.0.113.7' } })).status).toBe(429)
    expect((await look('198.51.100.20', 1)).status).toBe(200)
    const mine = await t.call('GET', constancia, { headers: { 'x-test-ip': '198.51.100.20' } })
    expect(mine.status).toBe(200)
    expect(mine.json.constancia.petitioner.name).toBe('Ana Pérez')
    expect(mine.headers.get('cache-control')).toBe('private, no-store')
    // Staff are not limited.
    const staff = await t.call('GET', '/api/pqrsd/SDE-2026-000001', {
      token: t.adminToken,
      headers: { 'x-test-ip': '203.0.113.7' },
    })
    expect(staff.status).toBe(200)
  })
})

const stores: [string, (t: TestApp) => AttemptStore][] = [
  ['in memory (Node)', () => new MemoryAttemptStore()],
  ['in the database (Workers)', (t) => new DbAttemptStore(t.deps.db)],
]

describe.each(stores)('sign-in throttling %s', (_, store) => {
  async function setup() {
    const t = await testApp({ deps: { clientIp } })
    t.deps.loginAttempts = store(t)
    const login = (password: string, ip = '203.0.113.9', email = ADMIN.email) =>
      t.call('POST', '/api/auth/login', { body: { email, password }, headers: { 'x-test-ip': ip } })
    return { t, login }
  }
  const at = (t: TestApp, seconds: number) =>
    t.setNow(new Date(Date.parse('2026-11-21T15:00:00Z') + seconds * 1000))

  it('locks an e-mail for 30 s after 5 failures from a new address, even for the right password, then doubles the wait', async () => {
    const { t, login } = await setup()
    for (let i = 0; i < 5; i++)
      expect((await login('wrong-password')).json.error.code).toBe('INVALID_CREDENTIALS')
    const locked = await login(ADMIN.password)
    expect(locked.status).toBe(429)
    expect(locked.json.error.code).toBe('LOGIN_THROTTLED')
    expect(locked.headers.get('retry-after')).toBe('30')
    at(t, 31)
    expect((await login('wrong-password')).status).toBe(401)
    const longer = await login(ADMIN.password)
    expect(longer.status).toBe(429)
    expect(longer.headers.get('retry-after')).toBe('60')
    at(t, 92)
    expect((await login(ADMIN.password)).status).toBe(200)
    // A success starts the count again.
    for (let i = 0; i < 4; i++) await login('wrong-password')
    expect((await login(ADMIN.password)).status).toBe(200)
  })

  it('treats an unknown e-mail exactly like a known one', async () => {
    const { login } = await setup()
    for (let i = 0; i < 5; i++) await login('wrong-password', '203.0.113.9', 'nadie@test.co')
    const res = await login('wrong-password', '203.0.113.9', 'nadie@test.co')
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('30')
  })

  it('locks an address that tries many e-mails, and not the people elsewhere', async () => {
    const { login } = await setup()
    for (let i = 0; i < 20; i++) await login('wrong-password', '203.0.113.50', `persona${i}@test.co`)
    expect((await login(ADMIN.password, '203.0.113.50')).status).toBe(429)
    expect((await login(ADMIN.password, '198.51.100.1')).status).toBe(200)
  })

  it("does not keep the account's owner out from an address they signed in from, whoever else fails", async () => {
    const { t, login } = await setup()
    expect((await login(ADMIN.password, '198.51.100.7')).status).toBe(200)
    // Someone elsewhere, from many addresses, keeps sending wrong passwords for the admin's e-mail.
    const attack = async () => {
      for (let i = 0; i < 8; i++) await login('wrong-password', `192.0.2.${i}`)
    }
    await attack()
    // The admin's own address still gets in; an address never seen meets the e-mail's lock.
    expect((await login(ADMIN.password, '198.51.100.7')).status).toBe(200)
    const elsewhere = await login(ADMIN.password, '198.51.100.99')
    expect([elsewhere.status, elsewhere.json.error.code]).toEqual([429, 'LOGIN_THROTTLED'])
    // Still so an hour on, the attack going on.
    at(t, 3600)
    await attack()
    expect((await login(ADMIN.password, '198.51.100.7')).status).toBe(200)
    // From the known address, the guesses are limited by the address and e-mail together.
    for (let i = 0; i < 5; i++) expect((await login('wrong-password', '198.51.100.7')).status).toBe(401)
    expect((await login(ADMIN.password, '198.51.100.7')).status).toBe(429)
    // Thirty days without signing in from it, the address is a stranger again.
    at(t, 3600 + 31 * 86_400)
    await attack()
    expect((await login(ADMIN.password, '198.51.100.7')).status).toBe(429)
  })

  it('lets at most 5 of a burst of parallel guesses reach the password check', async () => {
    const { login } = await setup()
    const all = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`guess-${i}`, `192.0.2.${i}`)))
    expect(all.filter((r) => r.status === 401)).toHaveLength(5)
    expect(all.filter((r) => r.status === 429)).toHaveLength(25)
  })
})

describe('password checks', () => {
  it('compare without an early exit, whatever the lengths, and refuse a hash of another scheme', async () => {
    const a = new Uint8Array([1, 2, 3, 4])
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 3, 4]))).toBe(true)
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 3, 5]))).toBe(false)
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 3]))).toBe(false)
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 3, 4, 1]))).toBe(false)
    expect(timingSafeEqual(new Uint8Array(0), a)).toBe(false)
    const hash = await hashPassword('correcta-1234', 1000)
    expect(await verifyPassword('correcta-1234', hash)).toBe(true)
    expect(await verifyPassword('correcta-1235', hash)).toBe(false)
    expect(await verifyPassword('correcta-1234', 'md5$1$x$y')).toBe(false)
  })
})
