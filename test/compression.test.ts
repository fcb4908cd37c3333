import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { compressedEventApp, requiredAnswers } from './helpers'

const withEvent = () => compressedEventApp()
const gzip = { 'accept-encoding': 'gzip, deflate, br' }

describe('compressed reads', () => {
  it('gzips the event with its forms, and it reads back to the same JSON', async () => {
    const t = await withEvent()
    const plain = await t.app.request('/api/events/evento')
    const zipped = await t.app.request('/api/events/evento', { headers: gzip })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i)
    const bytes = Buffer.from(await zipped.arrayBuffer())
    const text = await plain.text()
    expect(gunzipSync(bytes).toString('utf8')).toBe(text)
    expect(bytes.length).toBeLessThan(text.length / 2)
    const refused = await t.app.request('/api/events/evento', { headers: { 'accept-encoding': 'gzip;q=0' } })
    expect(refused.headers.get('content-encoding')).toBeNull()
    expect(await refused.text()).toBe(text)
  })

  it('leaves a read under 1 KB as it is, saying it could vary', async () => {
    const t = await withEvent()
    const wall = await t.app.request('/api/events/evento/questions', { headers: gzip })
    expect(wall.headers.get('content-encoding')).toBeNull()
    expect(wall.headers.get('vary')).toMatch(/accept-encoding/i)
    expect(await wall.json()).toMatchObject({ questions: [] })
    // A small answer of its own, which the middleware reads to learn its size.
    const ping = await t.app.request('/api/health/ping', { headers: gzip })
    expect(ping.headers.get('content-encoding')).toBeNull()
    expect(ping.headers.get('vary')).toBe('Accept-Encoding')
    expect(await ping.json()).toEqual({ pong: true })
  })

  it('leaves a response that has chosen its encoding, saying so once', async () => {
    const t = await withEvent()
    // A kept read chooses its own encoding (server/read-cache.ts); the middleware does not add to it.
    const wall = await t.app.request('/api/events/evento/questions', { headers: gzip })
    expect(wall.headers.get('vary')).toBe('Accept-Encoding, Accept-Language')
    const event = await t.app.request('/api/events/evento', { headers: gzip })
    expect(event.headers.get('content-encoding')).toBe('gzip')
    expect(event.headers.get('vary')).toBe('Accept-Encoding, Accept-Language')
  })

  it('leaves submissions, event streams and small answers as they are', async () => {
    const t = await withEvent()
    const post = await t.app.request('/api/events/evento/forms/evaluacion/responses', {
      method: 'POST',
      headers: { ...gzip, 'content-type': 'application/json' },
      body: JSON.stringify({ answers: requiredAnswers, deviceToken: 'device-token-0123456789' }),
    })
    expect(post.status).toBe(201)
    expect(post.headers.get('content-encoding')).toBeNull()
    expect(((await post.json()) as { id?: string }).id).toBeTruthy()

    const ctl = new AbortController()
    const live = await t.app.request('/api/events/evento/live', { headers: gzip, signal: ctl.signal })
    expect(live.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(live.headers.get('content-encoding')).toBeNull()
    ctl.abort()
    await live.body?.cancel().catch(() => {})
  })
})
