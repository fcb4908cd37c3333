import { describe, expect, it } from 'vitest'
import { createApp } from '../server/app'
import { sampleEvent, testApp } from './helpers'

describe('the error envelope', () => {
  it('answers an unknown path with a 404 envelope carrying the request id', async () => {
    const t = await testApp()
    const res = await t.call('GET', '/api/no-such-thing')
    expect(res.status).toBe(404)
    expect(res.json.error).toEqual({
      code: 'NOT_FOUND',
      message: 'No encontramos lo que busca.',
      requestId: res.headers.get('x-request-id'),
    })
  })

  it('speaks English when the request asks for it', async () => {
    const t = await testApp()
    const res = await t.call('POST', '/api/auth/login', {
      body: { email: 'no' },
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    })
    expect(res.json.error.message).toBe('The data sent is not valid.')
    expect(res.json.error.issues.find((i: { path: string }) => i.path === 'email').message).toMatch(/email/i)
    const es = await t.call('POST', '/api/auth/login', { body: { email: 'no' } })
    expect(es.json.error.issues.find((i: { path: string }) => i.path === 'password').message).toMatch(
      /se esperaba/,
    )
  })

  it('answers malformed JSON with BAD_JSON', async () => {
    const t = await testApp()
    const res = await t.call('POST', '/api/events', { token: t.adminToken, body: '{"title": ' })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('BAD_JSON')
  })

  it('refuses a body over the limit with 413 before reading it', async () => {
    const t = await testApp()
    const res = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ description: 'x'.repeat(70_000) }),
    })
    expect(res.status).toBe(413)
    expect(res.json.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('hides the cause of an internal error behind INTERNAL_ERROR', async () => {
    const t = await testApp()
    const app = createApp(t.deps)
    app.get('/api/boom', () => {
      throw new Error('secret stack detail')
    })
    const original = console.error
    console.error = () => {}
    const res = await Promise.resolve(app.request('/api/boom')).finally(() => {
      console.error = original
    })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text).error.code).toBe('INTERNAL_ERROR')
    expect(text).not.toContain('secret')
  })
})
