import { beforeAll, describe, expect, inject, it } from 'vitest'
import { client, eventBody as event, unique } from './client'

describe.each(inject('runtimes'))('the security checklist on $name', ({ name, url }) => {
  const api = client(url)
  let admin: string
  beforeAll(async () => {
    admin = await api.login()
  })

  it('sends the security headers and the pages’ CSP', async () => {
    const slug = unique('sec')
    await api.call('POST', '/api/events', { token: admin, body: event(slug) })
    const page = await fetch(`${url}/e/${slug}`)
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'.*frame-ancestors 'none'/)
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    const json = await api.call('GET', `/api/events/${slug}`)
    expect(json.headers.get('x-content-type-options')).toBe('nosniff')
    expect(json.headers.get('referrer-policy')).toBe('no-referrer')
    expect(json.headers.get('content-security-policy')).toContain("default-src 'none'")
    // The live stream is answered by another object on Workers: its headers are added all the same.
    const ctrl = new AbortController()
    const live = await fetch(`${url}/api/events/${slug}/live`, { signal: ctrl.signal })
    expect(live.status).toBe(200)
    expect(live.headers.get('x-content-type-options')).toBe('nosniff')
    ctrl.abort()
  })

  it('sends every security header once, with the request’s id, on answers, errors and staff reads', async () => {
    // Each value whole: a header sent twice would arrive joined ("nosniff, nosniff").
    const secure = {
      'content-security-policy':
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'DENY',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    }
    const slug = unique('hdr')
    await api.call('POST', '/api/events', { token: admin, body: event(slug) })
    const registered = await api.call('POST', `/api/events/${slug}/attendance`, {
      body: { name: 'Ana', email: `${unique('h')}@correo.co`, consent: true },
      headers: { 'x-request-id': 'contrato-registro-1', 'idempotency-key': unique('clave-de-registro') },
    })
    expect(registered.status).toBe(201)
    expect(Object.fromEntries(registered.headers)).toMatchObject({
      ...secure,
      'content-type': 'application/json',
      'x-request-id': 'contrato-registro-1',
    })
    expect(registered.headers.get('cache-control')).toBeNull()
    // An error in the envelope, its id made by the server and the same in the body and the header.
    const refused = await fetch(`${url}/api/events/${slug}/attendance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'no vale: tiene espacios' },
      body: '{"name":',
    })
    expect(refused.status).toBe(400)
    const id = refused.headers.get('x-request-id')
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(((await refused.json()) as { error: { requestId: string } }).error.requestId).toBe(id)
    expect(Object.fromEntries(refused.headers)).toMatchObject(secure)
    // What a token reads is kept by no cache.
    const read = await api.call('GET', `/api/events/${slug}/attendance?format=json`, { token: admin })
    expect(read.status).toBe(200)
    expect(Object.fromEntries(read.headers)).toMatchObject({
      ...secure,
      'cache-control': 'private, no-store',
    })
    // A page's own policy, completed and not repeated.
    const page = await fetch(`${url}/e/${slug}`)
    expect(page.headers.get('content-security-policy')).toMatch(
      /^default-src 'self';[^,]*frame-ancestors 'none'$/,
    )
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('sends the built scripts with the security headers and caching of the app', async () => {
    // On Workers the assets directory answers these before the app runs.
    for (const [path, corp] of [
      ['/widget.js', 'cross-origin'], // pages that require CORP (COEP require-corp) can embed it
      ['/app/page.js', 'same-origin'],
      ['/app/console.js', 'same-origin'],
      // Not built: the app answers it on every runtime (the constancia's print button).
      ['/constancia.js', 'same-origin'],
    ]) {
      const res = await fetch(url + path)
      expect(res.status, path).toBe(200)
      const h = Object.fromEntries(res.headers)
      expect(h, path).toMatchObject({
        'x-content-type-options': 'nosniff',
        'cross-origin-resource-policy': corp,
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-frame-options': 'DENY',
        'cache-control': 'public, max-age=300',
      })
      expect(h['content-security-policy'], path).toContain("default-src 'none'")
    }
    // The file that lists these headers is not a file to serve.
    expect((await fetch(`${url}/_headers`)).status).toBe(404)
  })

  it('refuses a submission from a site the event does not allow, and takes one it allows', async () => {
    const slug = unique('cors')
    const site = 'https://www.sitio-de-la-alcaldia.gov.co'
    await api.call('POST', '/api/events', { token: admin, body: event(slug) })
    const body = { name: 'Ana', email: `${unique('a')}@correo.co`, consent: true }
    const refused = await api.call('POST', `/api/events/${slug}/attendance`, {
      body,
      headers: { origin: site },
    })
    expect(refused.status).toBe(403)
    expect(refused.json.error.code).toBe('ORIGIN_NOT_ALLOWED')
    // Readable by the page, so the widget can say it instead of waiting as if offline.
    expect(refused.headers.get('access-control-allow-origin')).toBe('*')
    await api.call('PATCH', `/api/events/${slug}`, { token: admin, body: { allowedOrigins: [site] } })
    const taken = await api.call('POST', `/api/events/${slug}/attendance`, {
      body,
      headers: { origin: site },
    })
    expect(taken.status).toBe(201)
    expect(taken.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('throttles sign-in after 5 failures for one e-mail', async () => {
    const email = `${unique('nadie')}@cabildo.test`
    for (let i = 0; i < 5; i++) {
      const res = await api.call('POST', '/api/auth/login', { body: { email, password: 'no-es-esta' } })
      expect(res.json.error.code).toBe('INVALID_CREDENTIALS')
    }
    const locked = await api.call('POST', '/api/auth/login', { body: { email, password: 'no-es-esta' } })
    expect(locked.status).toBe(429)
    expect(locked.json.error.code).toBe('LOGIN_THROTTLED')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(25)
  })

  it('checks and rebuilds the counters from the raw rows', async () => {
    const slug = unique('cnt')
    await api.call('POST', '/api/events', { token: admin, body: event(slug) })
    for (const gender of ['mujer', 'hombre', 'mujer'])
      await api.call('POST', `/api/events/${slug}/attendance`, {
        body: {
          name: 'Ana',
          email: `${unique('c')}@correo.co`,
          gender,
          territory: 'Comuna 1',
          consent: true,
        },
      })
    const ok = { ok: true, events: [{ slug, drift: [], rebuilt: false }] }
    expect((await api.call('GET', `/api/admin/counters?slug=${slug}`, { token: admin })).json).toEqual(ok)
    const rebuilt = await api.call('POST', '/api/admin/counters/rebuild', {
      token: admin,
      body: { slug, force: true },
    })
    expect(rebuilt.json.events).toEqual([{ slug, drift: [], rebuilt: true }])
    expect((await api.call('GET', `/api/admin/counters?slug=${slug}`, { token: admin })).json).toEqual(ok)
    const summary = await api.call('GET', `/api/events/${slug}/attendance/summary`, { token: admin })
    expect(summary.json.registered.value).toBe(3)
  })

  it('backs up the SQLite file on Node and points to D1 Time Travel on Workers', async () => {
    const res = await fetch(`${url}/api/admin/backup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    })
    expect(res.status).toBe(200)
    if (name === 'node') {
      expect(res.headers.get('content-type')).toBe('application/vnd.sqlite3')
      const head = new Uint8Array(await res.arrayBuffer()).slice(0, 15)
      expect(new TextDecoder().decode(head)).toBe('SQLite format 3')
    } else {
      const answer = (await res.json()) as { backup: string; commands: { restore: string } }
      expect(answer.backup).toBe('d1-time-travel')
      expect(answer.commands.restore).toMatch(/^npx wrangler d1 time-travel restore DB --timestamp=/)
    }
  })
})
