import fc from 'fast-check'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { envelopeHolds, publicGood, type Req, requestArb } from '../fuzz-kit'
import { client, eventBody, unique } from './client'

/**
 * The public routes' property walk (test/fuzz.test.ts) over HTTP, against each runtime as it runs:
 * the Node process with its own body reader, and workerd with D1, where the database, the body parsing
 * and the limits are Cloudflare's. Fewer runs than in process (every request is a real one), and only
 * what HTTP can tell: never a 5xx, every error in the one envelope. Signing in is left out: its
 * failures from one address are throttled, and the other suites sign in from the same one.
 */
const RUNS = Number(process.env.FUZZ_CONTRACT_RUNS ?? 12)
const DEV_PROXY_LOST = 'Your worker restarted mid-request.'

type Op = { method: string; path: string }

describe.each(inject('runtimes'))('public routes under random and adversarial input on $name', ({ url }) => {
  const api = client(url)
  const pools: Record<string, string[]> = { formKey: ['evaluacion', 'asistencia', 'x'] }
  let ops: Op[] = []
  let tag = ''

  beforeAll(async () => {
    const admin = await api.login()
    const [open, closed] = [unique('fuzz'), unique('fuzz-cerrado')]
    tag = open.replace(/[^a-z0-9]/g, '')
    for (const slug of [open, closed]) {
      const res = await api.call('POST', '/api/events', {
        token: admin,
        body: eventBody(slug, { modality: 'hibrida', areas: [{ key: 'despacho', name: 'Despacho' }] }),
      })
      expect(res.status).toBe(201)
    }
    await api.call('PATCH', `/api/events/${closed}`, { token: admin, body: { status: 'closed' } })
    const q = await api.call('POST', `/api/events/${open}/questions`, {
      body: { type: 'pregunta', text: '¿Y la vía?', anonymous: true },
    })
    await api.call('PATCH', `/api/questions/${q.json.id}`, { token: admin, body: { status: 'approved' } })
    Object.assign(pools, {
      slug: [open, closed, 'no-existe'],
      id: [q.json.id, '01900000-0000-7000-8000-000000000000'],
      radicado: [q.json.radicado, 'SDE-2026-999999'],
    })
    // The route table as the server publishes it: every operation callable without a bearer token (its
    // security lists the empty requirement, `{}`: public, a staff token optional).
    const doc = (await api.call('GET', '/api/openapi.json')).json as {
      paths: Record<string, Record<string, { security: object[] }>>
    }
    ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op.security.some((s) => Object.keys(s).length === 0))
        .map(([method, _]) => ({ method: method.toUpperCase(), path: path.replace(/\{(\w+)\}/g, ':$1') }))
        .filter((op) => op.path !== '/api/auth/login'),
    )
  })

  async function send(op: Op, r: Req) {
    const target = `${url}${r.path}${r.query ? `?${r.query}` : ''}`
    // What a client can put on the wire: a header value without control characters.
    const headers = Object.fromEntries(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is taken out
      Object.entries(r.headers).map(([k, v]) => [k, v.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '')]),
    )
    const init = { method: op.method, headers, body: r.body as BodyInit | undefined }
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(target, init)
      // A live stream never ends: its first frame is enough.
      if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
        const reader = res.body!.getReader()
        await reader.read()
        await reader.cancel()
        return { res, text: '' }
      }
      const text = await res.text()
      // wrangler dev's proxy, not the app (see client.ts): the request never reached the worker.
      if (res.status === 503 && text.startsWith(DEV_PROXY_LOST) && attempt < 2) continue
      return { res, text }
    }
  }

  it('answers without a 5xx and in the envelope', async () => {
    expect(ops.filter((o) => o.method === 'POST').length).toBeGreaterThanOrEqual(4)
    expect(ops.filter((o) => o.method === 'GET').length).toBeGreaterThanOrEqual(10)
    for (const op of ops) {
      const good = op.method === 'POST' ? publicGood(op.path, tag) : undefined
      await fc.assert(
        fc.asyncProperty(requestArb(op.path, pools, good), async (r) => {
          const { res, text } = await send(op, r)
          envelopeHolds(
            res.status,
            res.headers.get('content-type'),
            text,
            `${op.method} ${op.path} → ${res.status} ${text.slice(0, 300)}`,
          )
        }),
        { numRuns: RUNS },
      )
    }
  }, 240_000)
})
