import { describe, expect, it } from 'vitest'
import type { Role } from '../db/schema'
import { ACCESS } from '../server/access'
import { operations } from '../server/openapi'
import { testApp } from './helpers'

const roles: Role[] = ['admin', 'moderator', 'analyst']
const fill = (path: string) => path.replace(/:[A-Za-z0-9_]+(\{[^}]*\})?/g, 'x').replace(/\*/g, 'x')

describe('the route table', async () => {
  const t = await testApp()
  const ops = operations(t.app)
  const tokens = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await t.staffToken(r)])))
  // An admin's token after logout, and one past its 12 hours on an app whose clock has moved on.
  const revoked = await t.login()
  await t.call('POST', '/api/auth/logout', { token: revoked })
  const later = await testApp()
  const expired = later.adminToken
  later.setNow(new Date(Date.parse('2026-11-21T15:00:00Z') + 12 * 3600_000 + 1000))

  it('marks every route as public or staff with its first handler', () => {
    for (const r of t.app.routes.filter((r) => r.method !== 'ALL')) {
      const first = t.app.routes.find((x) => x.method === r.method && x.path === r.path)!
      expect((first.handler as never)[ACCESS], `${r.method} ${r.path}`).toBeDefined()
    }
    expect(ops.length).toBeGreaterThan(10)
  })

  for (const op of ops.filter((o) => o.access.roles)) {
    const label = `${op.method} ${op.path}`
    it(`answers 401 to ${label} without a token or with a bad one`, async () => {
      expect(
        (await t.call(op.method, fill(op.path), { body: op.method === 'GET' ? undefined : {} })).status,
      ).toBe(401)
      const bad = await t.call(op.method, fill(op.path), {
        token: 'cab_not-a-token',
        body: op.method === 'GET' ? undefined : {},
      })
      expect(bad.status).toBe(401)
      expect(bad.json.error.code).toBe('UNAUTHORIZED')
    })
    it(`answers 401 to ${label} with a revoked or an expired admin token`, async () => {
      const body = op.method === 'GET' ? undefined : {}
      for (const [app, token] of [
        [t, revoked],
        [later, expired],
      ] as const) {
        const res = await app.call(op.method, fill(op.path), { token, body })
        expect(res.status).toBe(401)
        expect(res.json.error.code).toBe('UNAUTHORIZED')
      }
    })
    const weaker = roles.filter((r) => !op.access.roles!.includes(r))
    if (weaker.length)
      it(`answers 403 to ${label} for ${weaker.join(' and ')}`, async () => {
        for (const role of weaker) {
          const res = await t.call(op.method, fill(op.path), {
            token: tokens[role],
            body: op.method === 'GET' ? undefined : {},
          })
          expect(res.status, role).toBe(403)
          expect(res.json.error.code).toBe('FORBIDDEN')
        }
      })
  }
})
