import { gunzipSync } from 'node:zlib'
import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { events, questions } from '../db/schema'
import type { AppEnv } from '../server/env'
import { ApiError, toResponse } from '../server/errors'
import { cachedRead, forgetLiveOnPublish, forgetOnStaffWrites } from '../server/read-cache'
import { compressedEventApp, requiredAnswers, testApp } from './helpers'

const gzip = { 'accept-encoding': 'gzip, deflate, br' }

async function withEvent() {
  const t = await compressedEventApp()
  const later = (ms: number) => t.setNow(new Date(t.deps.now().getTime() + ms))
  /** A change made behind the app's back, as another process (a maintenance command) would make it. */
  const retitle = (title: string) => t.deps.db.update(events).set({ title }).where(eq(events.slug, 'evento'))
  return { ...t, later, retitle }
}

describe('kept public reads: the event view', () => {
  it('serves the kept view until it is 2 s old, and a staff edit at once', async () => {
    const t = await withEvent()
    const title = (await t.call('GET', '/api/events/evento')).json.event.title
    await t.retitle('Cambiado por fuera')
    expect((await t.call('GET', '/api/events/evento')).json.event.title).toBe(title)
    t.later(2001)
    expect((await t.call('GET', '/api/events/evento')).json.event.title).toBe('Cambiado por fuera')

    const patched = await t.call('PATCH', '/api/events/evento', {
      token: t.adminToken,
      body: { title: 'Rendición de cuentas 2026, segunda sesión' },
    })
    expect(patched.status).toBe(200)
    expect((await t.call('GET', '/api/events/evento')).json.event.title).toBe(
      'Rendición de cuentas 2026, segunda sesión',
    )
    // The attendee page shows the edit at once too.
    expect((await t.call('GET', '/e/evento')).text).toContain('Rendición de cuentas 2026, segunda sesión')
  })

  it('answers If-None-Match with a 304 until the view changes', async () => {
    const t = await withEvent()
    const first = await t.app.request('/api/events/evento', { headers: gzip })
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/)
    expect(first.headers.get('cache-control')).toBe('no-cache')
    // It depends on the language too (?lang= or Accept-Language).
    expect(first.headers.get('vary')).toBe('Accept-Encoding, Accept-Language')
    const again = await t.app.request('/api/events/evento', { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    expect(await again.text()).toBe('')
    // The same ETag for the gzipped and the plain body (weak: the same JSON either way).
    const plain = await t.app.request('/api/events/evento')
    expect(plain.headers.get('etag')).toBe(etag)
    expect(gunzipSync(Buffer.from(await first.arrayBuffer())).toString('utf8')).toBe(await plain.text())

    await t.call('PATCH', '/api/events/evento', {
      token: t.adminToken,
      body: { place: 'Auditorio principal' },
    })
    const changed = await t.app.request('/api/events/evento', { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect(((await changed.json()) as any).event.place).toBe('Auditorio principal')
  })

  it('keeps each language apart, and never gives staff the public view or the public the staff view', async () => {
    const t = await withEvent()
    const es = await t.call('GET', '/api/events/evento')
    const en = await t.call('GET', '/api/events/evento?lang=en')
    expect(en.json.strings).not.toEqual(es.json.strings)
    expect((await t.call('GET', '/api/events/evento')).json.strings).toEqual(es.json.strings)

    const staff = await t.call('GET', '/api/events/evento', { token: t.adminToken })
    expect(staff.json.event.id).toBeTruthy()
    expect((await t.call('GET', '/api/events/evento')).json.event.id).toBeUndefined()
  })

  it('keeps the attendee page per address, so one Host never shows in another', async () => {
    const t = await withEvent()
    const a = await t.app.request('http://uno.example/e/evento')
    const b = await t.app.request('http://dos.example/e/evento')
    expect(await a.text()).toContain('uno.example')
    expect(await b.text()).not.toContain('uno.example')
    // A draft or an unknown event is a 404 page, not kept: it is answered afresh each time.
    expect((await t.app.request('/e/otro')).status).toBe(404)
  })
})

describe('kept public reads: the wall and the results (live)', () => {
  /** The app as Node wires it: shared builds, and a hub that forgets the live reads on each publish. */
  async function asNode(shareReads = true) {
    const t = await compressedEventApp({ shareReads })
    t.deps.live = forgetLiveOnPublish(t.deps.live, t.deps.db)
    const mod = await t.staffToken('moderator')
    const q = await t.call('POST', '/api/events/evento/questions', {
      body: {
        type: 'peticion',
        text: '¿Cuándo abre la convocatoria?',
        name: 'Ana Pérez',
        email: 'ana@example.co',
      },
    })
    await t.call('PATCH', `/api/questions/${q.json.id}`, { token: mod, body: { status: 'approved' } })
    const wall = async () => (await t.call('GET', '/api/events/evento/questions')).json.questions
    /** A change made behind the app's back: no publish, no staff request. */
    const setVotes = (votes: number) =>
      t.deps.db.update(questions).set({ votes }).where(eq(questions.id, q.json.id))
    return { ...t, id: q.json.id as string, wall, setVotes }
  }

  it('keeps the wall until something is published, then shows the vote at once', async () => {
    const t = await asNode()
    expect((await t.wall())[0].votes).toBe(0)
    await t.setVotes(7)
    expect((await t.wall())[0].votes).toBe(0)
    const voted = await t.call('POST', `/api/events/evento/questions/${t.id}/votes`, {
      headers: { 'x-device-token': 'device-aaaa-1' },
    })
    expect(voted.json).toMatchObject({ votes: 1, counted: true })
    expect((await t.wall())[0].votes).toBe(1)
  })

  it('shows a survey response in the public results at once', async () => {
    const t = await asNode()
    const results = async () => (await t.call('GET', '/api/events/evento/forms/evaluacion/results')).json
    const before = await results()
    const sent = await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
      body: { answers: requiredAnswers, deviceToken: 'device-token-0123456789' },
    })
    expect(sent.status).toBe(201)
    const after = await results()
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before))
  })

  it('is built per request where one process does not see every publish (Workers)', async () => {
    const t = await asNode(false)
    expect((await t.wall())[0].votes).toBe(0)
    await t.setVotes(7)
    expect((await t.wall())[0].votes).toBe(7)
  })
})

describe('cachedRead', () => {
  /** A small app whose one read counts its builds; `fail` makes the next build fail. */
  async function counting(shareReads = true) {
    const t = await testApp({ deps: { compress: true, shareReads } })
    let builds = 0
    let fail = false
    const app = new Hono<AppEnv>()
    app.use('*', async (c, next) => {
      c.set('deps', t.deps)
      if (c.req.header('x-staff')) c.set('user', { id: 'u', role: 'admin' } as never)
      await next()
    })
    app.use('*', forgetOnStaffWrites())
    app.get('/read', (c) =>
      cachedRead(c, 'read', async () => {
        builds++
        await new Promise((r) => setTimeout(r, 20))
        if (fail) {
          fail = false
          throw new ApiError('EVENT_NOT_FOUND')
        }
        return { body: `lectura ${builds} `.repeat(200), type: 'text/plain; charset=UTF-8' }
      }),
    )
    // Many reads, one per key, of the kind asked for; `perKey` counts the builds of each.
    const perKey = new Map<string, number>()
    app.get('/many/:key', (c) => {
      const key = c.req.param('key')
      const kind = (c.req.query('kind') ?? 'reads') as 'reads' | 'files' | 'live'
      return cachedRead(
        c,
        key,
        async () => {
          perKey.set(key, (perKey.get(key) ?? 0) + 1)
          return { body: `${key} `.repeat(Number(c.req.query('size') ?? 10)), type: 'text/plain' }
        },
        { kind },
      )
    })
    app.post('/write', (c) => c.body(null, 204))
    app.onError(toResponse)
    return { t, app, builds: () => builds, failNext: () => (fail = true), perKey }
  }

  it('keeps what is used: the least recently used goes first, past 256 reads or 32 MiB', async () => {
    const { app, perKey } = await counting()
    await app.request('/many/caliente')
    for (let i = 0; i < 600; i++) {
      await app.request(`/many/basura-${i}`)
      if (i % 100 === 0) await app.request('/many/caliente')
    }
    await app.request('/many/caliente')
    expect(perKey.get('caliente')).toBe(1)
    await app.request('/many/basura-0')
    expect(perKey.get('basura-0')).toBe(2)
    // Big reads: 40 of 1 MiB (2 MiB each with their gzip) cannot all stay.
    for (let i = 0; i < 40; i++) await app.request(`/many/grande-${i}?size=${2 ** 17}`)
    await app.request(`/many/grande-0?size=${2 ** 17}`)
    expect(perKey.get('grande-0')).toBe(2)
    await app.request(`/many/grande-39?size=${2 ** 17}`)
    expect(perKey.get('grande-39')).toBe(1)
  })

  it('keeps the built files through staff writes, and live reads only with a hub that forgets them', async () => {
    const { t, app, perKey } = await counting()
    await app.request('/many/widget.js?kind=files')
    await app.request('/write', { method: 'POST', headers: { 'x-staff': '1' } })
    await app.request('/many/widget.js?kind=files')
    expect(perKey.get('widget.js')).toBe(1)
    // Shared builds alone are not enough: nothing would forget the wall on a vote.
    await app.request('/many/muro?kind=live')
    await app.request('/many/muro?kind=live')
    expect(perKey.get('muro')).toBe(2)
    t.deps.live = forgetLiveOnPublish(t.deps.live, t.deps.db)
    await app.request('/many/muro?kind=live')
    await app.request('/many/muro?kind=live')
    expect(perKey.get('muro')).toBe(3)
    await t.deps.live.publish('evento', { type: 'counters', audience: 'public', data: {} })
    await app.request('/many/muro?kind=live')
    expect(perKey.get('muro')).toBe(4)
  })

  it('builds once for concurrent requests, and again only when the kept read is old', async () => {
    const { t, app, builds } = await counting()
    const bodies = await Promise.all(
      Array.from({ length: 20 }, async () => (await app.request('/read')).text()),
    )
    expect(builds()).toBe(1)
    expect(new Set(bodies).size).toBe(1)
    await app.request('/read')
    expect(builds()).toBe(1)
    t.setNow(new Date(t.deps.now().getTime() + 2001))
    expect(await (await app.request('/read')).text()).toContain('lectura 2')
  })

  it('without shared builds (Workers), builds per request until one is kept', async () => {
    const { app, builds } = await counting(false)
    const bodies = await Promise.all(
      Array.from({ length: 5 }, async () => (await app.request('/read')).text()),
    )
    expect(builds()).toBe(5)
    expect(bodies.every((b) => b.startsWith('lectura'))).toBe(true)
    await app.request('/read')
    expect(builds()).toBe(5)
  })

  it('forgets on a staff write, not on a public one', async () => {
    const { app, builds } = await counting()
    await app.request('/read')
    await app.request('/write', { method: 'POST' })
    await app.request('/read')
    expect(builds()).toBe(1)
    await app.request('/write', { method: 'POST', headers: { 'x-staff': '1' } })
    await app.request('/read')
    expect(builds()).toBe(2)
  })

  it('does not keep a failed build', async () => {
    const { app, builds, failNext } = await counting()
    failNext()
    const failed = await app.request('/read')
    expect(failed.status).toBe(404)
    expect(((await failed.json()) as any).error.code).toBe('EVENT_NOT_FOUND')
    const ok = await app.request('/read')
    expect(ok.status).toBe(200)
    expect(builds()).toBe(2)
  })

  it('gzips text only for clients that take it', async () => {
    const { app } = await counting()
    const zipped = await app.request('/read', { headers: gzip })
    const plain = await app.request('/read', { headers: { 'accept-encoding': 'gzip;q=0, br' } })
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(plain.headers.get('content-encoding')).toBeNull()
    const bytes = Buffer.from(await zipped.arrayBuffer())
    expect(gunzipSync(bytes).toString('utf8')).toBe(await plain.text())
  })
})
