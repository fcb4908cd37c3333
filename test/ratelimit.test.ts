import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseRule } from '../server/ratelimit/interface'
import { MemoryRateLimiter } from '../server/ratelimit/memory'
import { ignoredRateLimits, rateBindings, WorkersRateLimiter } from '../server/ratelimit/workers'

describe('the in-memory rate limiter', () => {
  it('allows the limit within a window and refuses the next hit with a Retry-After', async () => {
    let now = 600_000
    const rl = new MemoryRateLimiter({ ip: { limit: 3, windowSeconds: 60 } }, () => now)
    const hits = [
      await rl.hit('ip', 'a'),
      await rl.hit('ip', 'a'),
      await rl.hit('ip', 'a'),
      await rl.hit('ip', 'a'),
    ]
    expect(hits.map((h) => h.ok)).toEqual([true, true, true, false])
    // Its 3 hits still weigh in the next window: a third of them must slide out of it, 20 s into it.
    expect(hits[3]).toEqual({ ok: false, retryAfter: 80 })
    expect((await rl.hit('ip', 'b')).ok).toBe(true)
    expect((await rl.hit('event', 'a')).ok).toBe(true)
    now += 30_000
    expect((await rl.hit('ip', 'a')).ok).toBe(false)
  })

  it('slides: the previous window still weighs by how much of it overlaps', async () => {
    let now = 0
    const rl = new MemoryRateLimiter({ event: { limit: 10, windowSeconds: 10 } }, () => now)
    for (let i = 0; i < 10; i++) expect((await rl.hit('event', 'e')).ok).toBe(true)
    now = 10_000 // a new window starts: 10 × 100 % of the last one still counts
    const refused = await rl.hit('event', 'e')
    expect(refused.ok).toBe(false)
    now = 12_500 // 75 % of it: room for two
    expect([
      (await rl.hit('event', 'e')).ok,
      (await rl.hit('event', 'e')).ok,
      (await rl.hit('event', 'e')).ok,
    ]).toEqual([true, true, false])
    now = 30_000 // two windows later nothing is left
    expect((await rl.hit('event', 'e')).ok).toBe(true)
  })

  it('tells a client refused at the end of a window when it will be let in, not sooner', async () => {
    let now = 59_000 // a burst in the last second of a 60 s window
    const rl = new MemoryRateLimiter({ ip: { limit: 5, windowSeconds: 60 } }, () => now)
    for (let i = 0; i < 5; i++) expect((await rl.hit('ip', 'x')).ok).toBe(true)
    const refused = await rl.hit('ip', 'x')
    if (refused.ok) throw new Error('the sixth hit must be refused')
    const at = now + refused.retryAfter * 1000
    now = at - 1000
    expect((await rl.hit('ip', 'x')).ok).toBe(false)
    now = at
    expect((await rl.hit('ip', 'x')).ok).toBe(true)
  })

  it('forgets idle keys instead of growing without bound', async () => {
    let now = 0
    const rl = new MemoryRateLimiter({ ip: { limit: 1, windowSeconds: 1 } }, () => now, 100)
    for (let i = 0; i < 1000; i++) {
      now += 1
      await rl.hit('ip', `client-${i}`)
    }
    expect((rl as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(100)
  })

  it('reads limits as limit/seconds and turns them off with 0', () => {
    expect(parseRule('120/10', null)).toEqual({ limit: 120, windowSeconds: 10 })
    expect(parseRule(undefined, { limit: 1, windowSeconds: 1 })).toEqual({ limit: 1, windowSeconds: 1 })
    expect(parseRule('0', { limit: 1, windowSeconds: 1 })).toBeNull()
    expect(() => parseRule('mucho', null)).toThrow(/600\/60/)
  })
})

describe('the Workers rate limiter', () => {
  it('asks the binding per scope and key and answers its period as Retry-After', async () => {
    const seen: string[] = []
    const binding = (limit: number) => {
      const counts = new Map<string, number>()
      return {
        async limit({ key }: { key: string }) {
          seen.push(key)
          counts.set(key, (counts.get(key) ?? 0) + 1)
          return { success: counts.get(key)! <= limit }
        },
      }
    }
    const rl = new WorkersRateLimiter({ ip: { binding: binding(1), period: 60 } })
    expect(await rl.hit('ip', '198.51.100.7')).toEqual({ ok: true })
    expect(await rl.hit('ip', '198.51.100.7')).toEqual({ ok: false, retryAfter: 60 })
    expect(await rl.hit('event', 'evento')).toEqual({ ok: true })
    expect(seen).toEqual(['ip:198.51.100.7', 'ip:198.51.100.7'])
  })

  it('answers the period wrangler.toml gives each binding as Retry-After', () => {
    const toml = readFileSync(new URL('../wrangler.toml', import.meta.url), 'utf8')
    const periods = Object.fromEntries(
      [...toml.matchAll(/\[\[ratelimits\]\][^[]*?name\s*=\s*"(\w+)"[^[]*?period\s*=\s*(\d+)/g)].map((m) => [
        m[1],
        Number(m[2]),
      ]),
    )
    expect(Object.keys(periods).length).toBe(3)
    for (const { name, period } of Object.values(rateBindings)) expect(period, name).toBe(periods[name])
  })

  it('warns once that a CABILDO_RATE_LIMIT_* limit is not used on Workers, and where to change it', () => {
    expect(ignoredRateLimits({})).toBeNull()
    expect(ignoredRateLimits({ CABILDO_RATE_LIMIT_IP: '0', CABILDO_RATE_LIMIT_EVENT: 'off' })).toBeNull()
    expect(ignoredRateLimits({ CABILDO_RATE_LIMIT_LOOKUP: '' })).toBeNull()
    const warning = ignoredRateLimits({
      CABILDO_RATE_LIMIT_IP: '100/60',
      CABILDO_RATE_LIMIT_EVENT: '0',
      CABILDO_RATE_LIMIT_LOOKUP: ' 20/10 ',
    })
    expect(warning).toContain('CABILDO_RATE_LIMIT_IP=100/60, CABILDO_RATE_LIMIT_LOOKUP=20/10')
    expect(warning).toContain('RATE_LIMIT_IP, RATE_LIMIT_LOOKUP')
    expect(warning).toContain('wrangler.toml ([[ratelimits]]')
    expect(warning).not.toContain('RATE_LIMIT_EVENT')
  })
})
