import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { readJsonFirst } from '../server/node-body'
import { validate } from '../server/validate'
import { testApp } from './helpers'

describe('the body limit', () => {
  it('refuses a body whose Content-Length is over the limit, with the envelope', async () => {
    const t = await testApp()
    const body = 'x'.repeat(70 * 1024)
    const headers = { 'content-length': String(body.length) }
    const res = await t.call('POST', '/api/auth/login', { body, headers })
    expect(res.status).toBe(413)
    expect(res.json.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('counts a streamed body without a length as it arrives', async () => {
    const t = await testApp()
    const big = new TextEncoder().encode('x'.repeat(70 * 1024))
    const body = new ReadableStream({
      start(c) {
        c.enqueue(big)
        c.close()
      },
    })
    const res = await t.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
  })

  it('lets a GET through untouched', async () => {
    const t = await testApp()
    expect((await t.call('GET', '/api/health/ping')).status).toBe(200)
  })
})

describe('JSON bodies read from the socket on Node', () => {
  const app = new Hono()
    .post('/json', validate('json', z.strictObject({ name: z.string() })), (c) =>
      c.json({ got: c.req.valid('json') }),
    )
    .post('/text', async (c) => c.json({ text: await c.req.text() }))
    .post('/checked-text', validate('json', z.strictObject({ name: z.string() })), async (c) =>
      c.json({ text: await c.req.text(), json: await c.req.json(), raw: await c.req.raw.text() }),
    )
    .post('/raw', async (c) => c.json({ bytes: (await c.req.raw.arrayBuffer()).byteLength }))
    .post('/stream', async (c) => c.json({ text: await new Response(c.req.raw.body).text() }))
  let server: ReturnType<typeof serve>
  let base = ''
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve(
        {
          fetch: (req, env) =>
            readJsonFirst(env.incoming, 1024)?.then(() => app.fetch(req, env)) ?? app.fetch(req, env),
          port: 0,
          hostname: '127.0.0.1',
        },
        (info: AddressInfo) => {
          base = `http://127.0.0.1:${info.port}`
          resolve()
        },
      )
    })
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const post = (path: string, body: string | Uint8Array<ArrayBuffer>, type = 'application/json') =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': type }, body })

  it('parses and validates the body as before', async () => {
    const res = await post('/json', JSON.stringify({ name: 'Ána 🇨🇴' }))
    expect(await res.json()).toEqual({ got: { name: 'Ána 🇨🇴' } })
    const bad = await post('/json', JSON.stringify({ name: 'x', extra: 1 }))
    expect(bad.status).toBe(400)
  })

  it('answers malformed JSON as malformed', async () => {
    const res = await post('/json', '{"name": ')
    expect(res.status).toBe(400)
  })

  it('drops a leading byte order mark, as text() does', async () => {
    const withBom = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('{"name":"a"}'),
    ]) as Uint8Array<ArrayBuffer>
    expect(await (await post('/json', withBom)).json()).toEqual({ got: { name: 'a' } })
  })

  it('gives the same bytes to text(), arrayBuffer() and the body stream', async () => {
    const body = JSON.stringify({ name: 'ñandú' })
    expect(await (await post('/text', body)).json()).toEqual({ text: body })
    expect(await (await post('/raw', body)).json()).toEqual({ bytes: new TextEncoder().encode(body).length })
    expect(await (await post('/stream', body)).json()).toEqual({ text: body })
  })

  it('gives a validated body again to whatever reads it after the validator', async () => {
    const body = JSON.stringify({ name: 'ñandú' })
    expect(await (await post('/checked-text', body)).json()).toEqual({
      text: body,
      json: { name: 'ñandú' },
      raw: body,
    })
  })

  it('leaves other bodies and bodies over the limit to the usual path', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2000) })
    expect(await (await post('/text', big)).json()).toEqual({ text: big })
    expect(await (await post('/text', 'a=1', 'application/x-www-form-urlencoded')).json()).toEqual({
      text: 'a=1',
    })
  })
})
