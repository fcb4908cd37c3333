import { createHash } from 'node:crypto'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { securityHeaders } from '../server/security-headers'
import { wallLostScript } from '../web/page/wall-lost'
import { sampleEvent, type TestApp, testApp } from './helpers'

/** What browsers are told: markup people typed stays text, the headers and CSP, and who may submit (CORS). */
describe('markup typed by people', () => {
  const xss = '<script>alert("q")</script><img src=x onerror=alert(1)>'
  it('is escaped as text on the attendee page, in the report, the public report and the constancia', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'evento', title: `Rendición ${xss}`, place: xss, agenda: [xss] }),
    })
    const q = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'pregunta', text: xss, name: xss, email: 'a@b.co' },
    })
    await t.call('PATCH', `/api/questions/${q.json.id}`, {
      token: t.adminToken,
      body: { status: 'approved' },
    })
    await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { reportPublished: true } })
    const pages = {
      page: await t.call('GET', '/e/evento'),
      report: await t.call('GET', '/api/events/evento/report?format=html', { token: t.adminToken }),
      publicReport: await t.call('GET', '/api/events/evento/report/public?format=html'),
      constancia: await t.call('GET', `/api/questions/${q.json.id}/constancia?format=html`, {
        token: t.adminToken,
      }),
      ownConstancia: await t.call(
        'GET',
        `/api/pqrsd/${q.json.radicado}/constancia?format=html&token=${q.json.receiptToken}`,
      ),
    }
    for (const [name, res] of Object.entries(pages)) {
      expect(res.status, name).toBe(200)
      expect(res.headers.get('content-type'), name).toMatch(/^text\/html/)
      expect(res.text, name).not.toMatch(/<script>alert|<img src=x/)
    }
    expect(pages.page.text).toContain('Rendición &lt;script')
    for (const name of ['report', 'publicReport', 'constancia', 'ownConstancia'] as const)
      expect(pages[name].text, name).toMatch(/&lt;script(&gt;|>)alert\(&quot;q&quot;\)/)
    expect(pages.constancia.text).toContain('&lt;img src=x onerror=alert(1)')
  })
})

describe('security headers', () => {
  const directive = (csp: string, name: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `))
  it('give the attendee page and every HTML page a strict CSP that forbids framing', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    for (const path of ['/e/evento', '/e/no-existe', '/api/docs']) {
      const res = await t.call('GET', path)
      const csp = res.headers.get('content-security-policy') ?? ''
      // The attendee page carries one script in itself (web/page/wall-lost.ts): allowed by its hash alone
      // (on the pages of its route), so that no other inline script, an injected one included, runs.
      const inline = [...res.text.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1])
      expect(inline, path).toEqual(path === '/e/evento' ? [wallLostScript] : [])
      const own = ` 'sha256-${createHash('sha256').update(wallLostScript).digest('base64')}'`
      expect(directive(csp, 'script-src') ?? directive(csp, 'default-src'), path).toBe(
        `script-src 'self'${path.startsWith('/e/') ? own : ''}`,
      )
      expect(directive(csp, 'object-src'), path).toBe("object-src 'none'")
      expect(directive(csp, 'base-uri'), path).toBe("base-uri 'none'")
      expect(directive(csp, 'frame-ancestors'), path).toBe("frame-ancestors 'none'")
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
      expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin')
      expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d{7,}/)
    }
  })

  it('keep the addresses that carry a search or a receipt token from reaching another site as a referrer', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const filed = (
      await t.call('POST', '/api/events/evento/questions', {
        body: {
          type: 'peticion',
          text: '¿Cuándo abren el parque?',
          name: 'Ana Pérez',
          email: 'ana@example.co',
        },
      })
    ).json
    const token = encodeURIComponent(filed.receiptToken)
    for (const [path, staff] of [
      [`/e/evento?radicado=${filed.radicado}&token=${token}`, false],
      [`/api/pqrsd/${filed.radicado}/constancia?format=html&token=${token}`, false],
      ['/api/events/evento/attendance?q=Ana%20P%C3%A9rez', true],
      ['/console/eventos/evento/ingreso?q=1234567', false],
    ] as const) {
      const res = await t.call('GET', path, staff ? { token: t.adminToken } : {})
      expect(res.status, path).toBe(200)
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
    }
  })

  it('make API answers inert documents, errors included, and let other sites load the QR codes', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    for (const path of ['/api/events/evento', '/api/events/no-existe', '/api/nada', '/api/health']) {
      const res = await t.call('GET', path)
      expect(res.headers.get('content-security-policy'), path).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      )
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
      expect(res.headers.get('cross-origin-resource-policy'), path).toBe('same-origin')
      expect(res.headers.get('x-powered-by'), path).toBeNull()
    }
    const qr = await t.call('GET', '/api/events/evento/qr.svg')
    expect(qr.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
  })

  it('keep what a token reads out of every cache, and let the public copies be revalidated', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    for (const path of ['/api/events/evento', '/api/events/evento/attendance', '/api/users', '/api/nada']) {
      const res = await t.call('GET', path, { token: t.adminToken })
      expect(res.headers.get('cache-control'), path).toBe('private, no-store')
    }
    // The same event read without a token is the public copy, kept and revalidated by its ETag.
    const pub = await t.call('GET', '/api/events/evento')
    expect(pub.headers.get('cache-control')).toBe('no-cache')
    expect(pub.headers.get('etag')).toBeTruthy()
  })
})

describe('CORS for the widget on other sites', () => {
  const foreign = 'https://www.municipio-vecino.gov.co'
  const register = (t: TestApp, headers: Record<string, string>, n: number) =>
    t.call('POST', '/api/events/evento/attendance', {
      body: { name: `Ana ${n}`, email: `ana${n}@correo.co`, consent: true },
      headers,
    })
  const count = async (t: TestApp) =>
    (await t.call('GET', '/api/events/evento/attendance/summary', { token: t.adminToken })).json.registered
      .value

  it('lets any site read public data but refuses submissions from a site the event does not list', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const read = await t.call('GET', '/api/events/evento', { headers: { origin: foreign } })
    expect(read.headers.get('access-control-allow-origin')).toBe('*')
    expect(read.headers.get('access-control-expose-headers')).toBe('Retry-After,X-Request-Id')
    const pre = await t.call('OPTIONS', '/api/events/evento/attendance', {
      headers: { origin: foreign, 'access-control-request-method': 'POST' },
    })
    // The preflight passes so that the refusal itself is readable by the page (the widget says it, and
    // does not keep the submission waiting as if offline); the POST is refused before any route runs.
    expect(pre.status).toBe(204)
    for (const origin of [foreign, 'null', 'http://localhost.evil.co']) {
      const res = await register(t, { origin }, 1)
      expect(res.status, origin).toBe(403)
      expect(res.json.error.code).toBe('ORIGIN_NOT_ALLOWED')
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
    }
    // Other methods are never granted to another site.
    const patch = await t.call('OPTIONS', '/api/events/evento', {
      headers: { origin: foreign, 'access-control-request-method': 'PATCH' },
    })
    expect([patch.status, patch.headers.get('access-control-allow-origin')]).toEqual([403, null])
    // Staff's work from another site is refused in words that do not speak of an event's list of sites.
    const elsewhere =
      'Esta solicitud no se acepta desde la página de otro sitio: hágala desde la consola de Cabildo.'
    for (const [method, path] of [
      ['POST', '/api/events'],
      ['PATCH', '/api/events/evento'],
    ] as const) {
      const res = await t.call(method, path, {
        token: t.adminToken,
        body: method === 'POST' ? sampleEvent({ slug: 'otro-sitio' }) : { title: 'Desde otro sitio' },
        headers: { origin: foreign },
      })
      expect([res.status, res.json.error.code, res.json.error.message], path).toEqual([
        403,
        'ORIGIN_NOT_ALLOWED',
        elsewhere,
      ])
    }
    expect((await register(t, { origin: foreign }, 9)).json.error.message).toMatch(
      /^Este evento no acepta envíos/,
    )
    expect(await count(t)).toBe(0)
    // Cabildo's own pages (same origin) and clients that are not browsers (no Origin) still submit.
    expect((await register(t, { origin: 'http://localhost' }, 2)).status).toBe(201)
    expect((await register(t, {}, 3)).status).toBe(201)
    expect(await count(t)).toBe(2)
  })

  it('grants the origins the event allows, and only those', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'evento', allowedOrigins: [`${foreign}/rendicion`] }),
    })
    const pre = await t.call('OPTIONS', '/api/events/evento/questions', {
      headers: { origin: foreign, 'access-control-request-method': 'POST' },
    })
    expect(pre.status).toBe(204)
    const ok = await register(t, { origin: foreign }, 4)
    expect(ok.status).toBe(201)
    expect(ok.headers.get('access-control-allow-origin')).toBe('*')
    expect((await register(t, { origin: 'https://otro.gov.co' }, 5)).status).toBe(403)
    await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { allowedOrigins: [] } })
    expect((await register(t, { origin: foreign }, 6)).status).toBe(403)
  })
})

describe('a page that must be framed', () => {
  it('keeps its own frame-ancestors and loses X-Frame-Options, which cannot express an allow-list', async () => {
    const app = new Hono()
      .use(securityHeaders())
      .get('/proyector', (c) => {
        c.header('content-security-policy', "default-src 'self'; frame-ancestors *")
        return c.html('<p>muro</p>')
      })
      .get('/otra', (c) => c.html('<p>otra</p>'))
    const projector = await app.request('/proyector')
    expect(projector.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors *")
    expect(projector.headers.get('x-frame-options')).toBeNull()
    const other = await app.request('/otra')
    expect(other.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(other.headers.get('x-frame-options')).toBe('DENY')
  })
})

describe('the console and its projector view', async () => {
  const t = await testApp()
  const paths = new Set(t.app.routes.map((r) => r.path))
  it.skipIf(!paths.has('/console/proyector/:slug'))(
    'forbid framing the console, and let streaming studios frame the projector',
    async () => {
      await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
      const consolePage = await t.call('GET', '/console')
      expect(consolePage.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(consolePage.headers.get('x-frame-options')).toBe('DENY')
      const projector = await t.call('GET', '/console/proyector/evento')
      expect(projector.headers.get('content-security-policy')).toContain('frame-ancestors *')
      expect(projector.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(projector.headers.get('x-frame-options')).toBeNull()
    },
  )
})
