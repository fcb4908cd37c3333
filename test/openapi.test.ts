import { describe, expect, it } from 'vitest'
import { errorCodes } from '../server/messages'
import { operations } from '../server/openapi'
import { ADMIN, requiredAnswers, sampleEvent, type TestApp, testApp } from './helpers'

const docPath = (path: string) => path.replace(/:(\w+)/g, '{$1}')
const successes = (op: { responses: Record<string, unknown> }) =>
  Object.keys(op.responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort()
const header = (op: { parameters: { name: string; in: string }[] }, name: string) =>
  op.parameters.find((p) => p.in === 'header' && p.name === name)

/** The top-level arguments of each `<c>.json(...)`, `.body`, `.text` or `.html` call in a handler's code. */
function answerCalls(source: string) {
  const ctx = /^(?:async\s*)?(?:function\s*\w*\s*)?\(?\s*(\w+)/.exec(source)?.[1]
  const calls: string[][] = []
  const start = new RegExp(`\\b${ctx}\\.(?:json|body|text|html)\\(`, 'g')
  for (const m of source.matchAll(start)) {
    const args: string[] = []
    let depth = 0
    let quote: string | null = null
    let arg = ''
    for (const ch of source.slice(m.index + m[0].length)) {
      if (quote) {
        if (ch === quote) quote = null
      } else if (ch === "'" || ch === '"' || ch === '`') quote = ch
      else if ('([{'.includes(ch)) depth++
      else if (')]}'.includes(ch) && depth-- === 0) break
      else if (ch === ',' && depth === 0) {
        args.push(arg.trim())
        arg = ''
        continue
      }
      arg += ch
    }
    if (arg.trim()) args.push(arg.trim())
    calls.push(args)
  }
  return calls
}

/**
 * The success statuses a handler's code answers with: each call's status argument, 200 when it has none
 * (or when the handler answers through a helper: cachedJson, sendConstancia, an SVG or a stream), or
 * 'computed' when one is not written as numbers in the call (a service's `r.status`).
 */
function codeStatuses(handler: unknown): Set<string> | 'computed' {
  const found = new Set<string>()
  const calls = answerCalls(String(handler))
  if (!calls.length) found.add('200')
  for (const args of calls) {
    const status = args[1]
    if (status === undefined) found.add('200')
    else {
      // A number, or a choice between two: `result.counted ? 201 : 200`.
      const m = /^(?:[\w.!]+\s*\?\s*)?(\d{3})(?:\s*:\s*(\d{3}))?$/.exec(status)
      if (!m) return 'computed'
      for (const l of m.slice(1)) if (l) found.add(l)
    }
  }
  return found
}

async function withEvent() {
  const t = await testApp()
  const res = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento' }),
  })
  expect(res.status).toBe(201)
  return t
}

const person = {
  name: 'Ana Pérez',
  documentType: 'CC',
  documentNumber: '1.020.304.050',
  email: 'ana@example.co',
  consent: true,
}

/**
 * The routes whose status comes from a service, called here for every status they can answer: first,
 * again (the same person, or a retry with its Idempotency-Key).
 */
const computed: Record<string, (t: TestApp) => Promise<number[]>> = {
  'POST /api/events/:slug/attendance': async (t) => {
    const path = '/api/events/evento/attendance'
    const headers = { 'idempotency-key': 'k-attendance' }
    return [
      (await t.call('POST', path, { body: person, headers })).status,
      (await t.call('POST', path, { body: person, headers })).status,
      (await t.call('POST', path, { body: person })).status,
    ]
  },
  'POST /api/events/:slug/walk-ins': async (t) => {
    const path = '/api/events/evento/walk-ins'
    const body = { ...person, documentNumber: '4455667' }
    const headers = { 'idempotency-key': 'k-walk-in' }
    return [
      (await t.call('POST', path, { body, headers, token: t.adminToken })).status,
      (await t.call('POST', path, { body, token: t.adminToken })).status,
    ]
  },
  'POST /api/events/:slug/forms/:formKey/responses': async (t) => {
    const path = '/api/events/evento/forms/evaluacion/responses'
    const body = { answers: requiredAnswers, deviceToken: 'device-token-000001' }
    const headers = { 'idempotency-key': 'k-response' }
    return [
      (await t.call('POST', path, { body, headers })).status,
      (await t.call('POST', path, { body, headers })).status,
    ]
  },
}

describe('the OpenAPI document', () => {
  it('describes every API route with the schema its validator uses', async () => {
    const t = await testApp()
    const res = await t.call('GET', '/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = res.json
    expect(doc.openapi).toBe('3.1.0')
    const post = doc.paths['/api/events'].post
    expect(post.security).toEqual([{ bearer: [] }])
    const body = post.requestBody.content['application/json'].schema
    expect(body.required).toEqual(
      expect.arrayContaining(['title', 'entity', 'startsAt', 'modality', 'country']),
    )
    expect(body.properties.modality.enum).toEqual(['presencial', 'virtual', 'hibrida'])
    // Public, and read with a staff token when one is sent (docs/API.md: staff see every question, with
    // filters; drafts; commitments not yet published): the token is optional there.
    for (const path of [
      '/api/events/{slug}',
      '/api/events/{slug}/questions',
      '/api/events/{slug}/commitments',
    ])
      expect(doc.paths[path].get.security, path).toEqual([{}, { bearer: [] }])
    expect(post.requestBody.required).toBe(true)
    // A vote's token may ride in its X-Device-Token header alone, with no body.
    expect(doc.paths['/api/events/{slug}/questions/{id}/votes'].post.requestBody.required).toBe(false)
    for (const r of t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')))
      expect(
        doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()],
        `${r.method} ${r.path}`,
      ).toBeDefined()
  })

  it('renders a page for people that lists the routes', async () => {
    const t = await testApp()
    const res = await t.call('GET', '/api/docs')
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(res.text).toContain('/api/events/{slug}')
    expect(res.text).toContain('Crear un evento')
  })

  it('lists the real success statuses of the public submissions and the creations', async () => {
    const t = await testApp()
    const { paths } = (await t.call('GET', '/api/openapi.json')).json
    expect(successes(paths['/api/events'].post)).toEqual(['201'])
    // The same person again is answered 200 with the first registration's id.
    expect(successes(paths['/api/events/{slug}/attendance'].post)).toEqual(['200', '201'])
    // A retry with its Idempotency-Key gets the first answer, 201 again.
    expect(successes(paths['/api/events/{slug}/forms/{formKey}/responses'].post)).toEqual(['201'])
    expect(successes(paths['/api/events/{slug}/questions'].post)).toEqual(['201'])
    expect(successes(paths['/api/events/{slug}/commitments'].post)).toEqual(['201'])
    // A vote already counted is 200.
    expect(successes(paths['/api/events/{slug}/questions/{id}/votes'].post)).toEqual(['200', '201'])
    expect(successes(paths['/api/events/{slug}'].get)).toEqual(['200'])
    expect(successes(paths['/api/webhooks/{id}'].delete)).toEqual(['204'])
  })

  it('lists the request headers the routes read', async () => {
    const t = await testApp()
    const { paths } = (await t.call('GET', '/api/openapi.json')).json
    for (const path of [
      '/api/events/{slug}/attendance',
      '/api/events/{slug}/forms/{formKey}/responses',
      '/api/events/{slug}/questions',
    ]) {
      const key = header(paths[path].post, 'Idempotency-Key')
      expect(key, path).toMatchObject({ in: 'header', required: false, schema: { type: 'string' } })
      expect(paths[path].post.responses['422'].description, path).toContain('IDEMPOTENCY_CONFLICT')
      expect(paths[path].post.responses['429'].description, path).toContain('RATE_LIMITED')
    }
    const vote = paths['/api/events/{slug}/questions/{id}/votes'].post
    expect(header(vote, 'X-Device-Token')).toMatchObject({ in: 'header', required: false })
    expect(header(vote, 'Idempotency-Key')).toBeUndefined()
    expect(header(paths['/api/events'].post, 'Idempotency-Key')).toBeUndefined()
  })

  it('describes every error in the one envelope', async () => {
    const t = await testApp()
    const doc = (await t.call('GET', '/api/openapi.json')).json
    const envelope = doc.components.schemas.Error
    expect(envelope.required).toEqual(['error'])
    expect(envelope.properties.error.required).toEqual(['code', 'message', 'requestId'])
    expect(Object.keys(envelope.properties.error.properties)).toEqual([
      'code',
      'message',
      'requestId',
      'issues',
    ])
    const ref = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
    for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        expect(op.responses.default?.content, `${method} ${path}`).toEqual(ref)
        for (const [status, r] of Object.entries<any>(op.responses))
          if (!/^2/.test(status)) expect(r.content, `${method} ${path} ${status}`).toEqual(ref)
        expect(op.responses['401'], `${method} ${path}`).toBeDefined()
        if (op['x-roles']) expect(op.responses['403'], `${method} ${path}`).toBeDefined()
      }
    // What the document says is what a refusal looks like.
    const res = await t.call('POST', '/api/events', { token: t.adminToken, body: {} })
    expect(res.status).toBe(400)
    expect(doc.paths['/api/events'].post.responses['400']).toBeDefined()
    expect(Object.keys(res.json.error).sort()).toEqual(['code', 'issues', 'message', 'requestId'])
  })

  it('says every operation may answer 503 UNAVAILABLE, with the Retry-After to wait', async () => {
    const t = await testApp()
    const doc = (await t.call('GET', '/api/openapi.json')).json
    for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        const unavailable = op.responses['503']
        expect(unavailable?.description, `${method} ${path}`).toBe('Service Unavailable: UNAVAILABLE')
        expect(unavailable.headers['Retry-After'].schema, `${method} ${path}`).toEqual({ type: 'integer' })
      }
  })

  it('names each error status by its reason and its codes, and a body too large where one is taken', async () => {
    const t = await withEvent()
    const doc = (await t.call('GET', '/api/openapi.json')).json
    const issue = doc.components.schemas.Error.properties.error.properties.issues.items
    expect(issue.required).toEqual(['path', 'message'])
    for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        const label = `${method} ${path}`
        for (const [status, r] of Object.entries<any>(op.responses)) {
          if (status === 'default' || /^2/.test(status)) continue
          const m = /^([A-Z][A-Za-z ]+): ([A-Z_]+(?:, [A-Z_]+)*)$/.exec(r.description)
          expect(m, `${label} ${status}: ${r.description}`).not.toBeNull()
          for (const code of m![2].split(', '))
            expect(errorCodes[code as keyof typeof errorCodes]?.[0], `${label} ${code}`).toBe(Number(status))
        }
        if (op.requestBody)
          expect(op.responses['413']?.description, label).toBe('Content Too Large: PAYLOAD_TOO_LARGE')
      }
    // What the document says a body over the limit gets.
    const res = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'pregunta', text: 'x'.repeat(70 * 1024) },
    })
    expect(res.status).toBe(413)
    expect(res.json.error.code).toBe('PAYLOAD_TOO_LARGE')
    expect(res.json.error.message).toBe('La solicitud es demasiado grande.')
  })

  it('describes the success bodies docs/API.md promises, as the routes answer them', async () => {
    const t = await withEvent()
    const doc = (await t.call('GET', '/api/openapi.json')).json
    const ops = operations(t.app)
    const admin = t.adminToken
    const ev = '/api/events/evento'
    let commitmentId = ''
    let attendeeId = ''
    let questionId = ''
    let webhookId = ''
    const calls: [string, number, () => ReturnType<TestApp['call']>][] = [
      ['POST /api/auth/login', 200, () => t.call('POST', '/api/auth/login', { body: ADMIN })],
      [
        'POST /api/events',
        201,
        () => t.call('POST', '/api/events', { token: admin, body: sampleEvent({ slug: 'otro' }) }),
      ],
      ['GET /api/events/:slug', 200, () => t.call('GET', ev)],
      [
        'PATCH /api/events/:slug',
        200,
        () => t.call('PATCH', ev, { token: admin, body: { peakViewers: 81 } }),
      ],
      [
        'POST /api/events/:slug/attendance',
        201,
        async () => {
          const res = await t.call('POST', `${ev}/attendance`, { body: person })
          attendeeId = res.json?.id
          return res
        },
      ],
      ['POST /api/events/:slug/attendance', 200, () => t.call('POST', `${ev}/attendance`, { body: person })],
      [
        'PATCH /api/events/:slug/attendance/:id',
        200,
        () => t.call('PATCH', `${ev}/attendance/${attendeeId}`, { token: admin, body: { gender: 'mujer' } }),
      ],
      [
        'POST /api/events/:slug/attendance/anonymize',
        200,
        async () => {
          await t.call('PATCH', '/api/events/otro', { token: admin, body: { status: 'closed' } })
          return t.call('POST', '/api/events/otro/attendance/anonymize', { token: admin })
        },
      ],
      [
        'POST /api/holders/search',
        200,
        () => t.call('POST', '/api/holders/search', { token: admin, body: { documentNumber: '1020304050' } }),
      ],
      ['GET /api/events/:slug/forms', 200, () => t.call('GET', `${ev}/forms`)],
      [
        'POST /api/events/:slug/forms/:formKey/responses',
        201,
        () =>
          t.call('POST', `${ev}/forms/evaluacion/responses`, {
            body: {
              answers: { ...requiredAnswers, medio_enterado: ['voz_a_voz'], comentarios: 'Más audiencias.' },
              deviceToken: 'device-token-contract-01',
            },
          }),
      ],
      [
        'GET /api/events/:slug/forms/:formKey/stats',
        200,
        () => t.call('GET', `${ev}/forms/evaluacion/stats`, { token: admin }),
      ],
      [
        'POST /api/events/:slug/questions',
        201,
        () =>
          t.call('POST', `${ev}/questions`, { body: { type: 'pregunta', text: '¿Cuándo arreglan la vía?' } }),
      ],
      [
        'GET /api/pqrsd/:radicado',
        200,
        async () => {
          const filed = await t.call('POST', `${ev}/questions`, {
            body: { type: 'peticion', text: '¿Y el acueducto?', name: 'Ana', email: 'ana@example.co' },
          })
          await t.call('PATCH', `/api/questions/${filed.json.id}`, {
            token: admin,
            body: { status: 'answered_live', answer: 'En marzo.' },
          })
          return t.call('GET', `/api/pqrsd/${filed.json.radicado}`)
        },
      ],
      [
        'PATCH /api/questions/:id',
        200,
        async () => {
          const filed = await t.call('POST', `${ev}/questions`, {
            body: { type: 'peticion', text: '¿Y el alumbrado?', name: 'Eva', email: 'eva@example.co' },
          })
          questionId = filed.json.id
          return t.call('PATCH', `/api/questions/${questionId}`, {
            token: admin,
            body: { status: 'approved' },
          })
        },
      ],
      ['GET /api/questions/:id', 200, () => t.call('GET', `/api/questions/${questionId}`, { token: admin })],
      [
        'POST /api/events/:slug/commitments',
        201,
        async () => {
          const res = await t.call('POST', `${ev}/commitments`, {
            token: admin,
            body: { description: 'Arreglar la vía', area: 'despacho', dueMonth: '2027-03' },
          })
          commitmentId = res.json?.commitment?.id
          return res
        },
      ],
      [
        'PATCH /api/commitments/:id',
        200,
        () => t.call('PATCH', `/api/commitments/${commitmentId}`, { token: admin, body: { progress: 30 } }),
      ],
      ['GET /api/events/:slug/commitments', 200, () => t.call('GET', `${ev}/commitments`, { token: admin })],
      ['GET /api/events/:slug/commitments', 200, () => t.call('GET', `${ev}/commitments?view=plan`)],
      ['GET /api/events/:slug/report', 200, () => t.call('GET', `${ev}/report`, { token: admin })],
      [
        'POST /api/webhooks',
        201,
        async () => {
          const res = await t.call('POST', '/api/webhooks', {
            token: admin,
            body: { url: 'https://example.org/h' },
          })
          webhookId = res.json?.webhook?.id
          return res
        },
      ],
      ['GET /api/webhooks', 200, () => t.call('GET', '/api/webhooks', { token: admin })],
      ['GET /api/webhooks/:id', 200, () => t.call('GET', `/api/webhooks/${webhookId}`, { token: admin })],
      [
        'PATCH /api/webhooks/:id',
        200,
        () => t.call('PATCH', `/api/webhooks/${webhookId}`, { token: admin, body: { description: 'SGDEA' } }),
      ],
      [
        'PATCH /api/webhooks/:id',
        200,
        () => t.call('PATCH', `/api/webhooks/${webhookId}`, { token: admin, body: { rotateSecret: true } }),
      ],
    ]
    for (const [label, status, call] of calls) {
      const [method, path] = label.split(' ')
      const body = ops.find((o) => o.method === method && o.path === path)?.access.answers?.[status as 200]
      expect(body, `${label} ${status}`).toBeDefined()
      const content = doc.paths[docPath(path)][method.toLowerCase()].responses[status].content
      expect(content?.['application/json']?.schema, `${label} ${status}`).toBeDefined()
      const res = await call()
      expect(res.status, label).toBe(status)
      const parsed = body!.safeParse(res.json)
      expect(parsed.error?.issues, `${label} ${status}`).toBeUndefined()
    }
    // The stats' shape as docs/API.md gives it, with its texts.
    const stats = doc.paths['/api/events/{slug}/forms/{formKey}/stats'].get.responses['200'].content
    const question = stats['application/json'].schema.properties.questions.items
    expect(question.required).toEqual(['id', 'label', 'type', 'answered', 'options'])
    expect(Object.keys(question.properties)).toContain('texts')
    // A webhook's secret: in the answer that makes it, never in a read.
    const hooks = doc.paths['/api/webhooks']
    const made = hooks.post.responses['201'].content['application/json'].schema.properties.webhook
    expect(made.required).toEqual(expect.arrayContaining(['secret', 'secretHint', 'secretCreatedAt']))
    const listed = hooks.get.responses['200'].content['application/json'].schema.properties.webhooks.items
    expect(listed.required).toEqual(expect.arrayContaining(['secretHint', 'secretCreatedAt']))
    expect(listed.required).not.toContain('secret')
    expect(listed.properties.secret).toMatchObject({ not: {} })
    // The report's JSON, under the top-level keys docs/API.md names.
    const report = doc.paths['/api/events/{slug}/report'].get.responses['200'].content
    expect(report['application/json'].schema.required).toEqual([
      'general',
      'convocatoria',
      'asistencia',
      'evaluacion',
      'pqrsd',
      'compromisos',
    ])
  })

  it('describes each route with the statuses and headers its handler answers and reads', async () => {
    const t = await withEvent()
    const doc = (await t.call('GET', '/api/openapi.json')).json
    const seen: string[] = []
    const created: string[] = []
    for (const op of operations(t.app).filter((o) => o.path.startsWith('/api/'))) {
      const label = `${op.method} ${op.path}`
      const described = doc.paths[docPath(op.path)][op.method.toLowerCase()]
      const handler = op.handlers.at(-1)
      const source = String(handler)
      const reads = /\bidempotencyOf\b/.test(source)
      // Each route's own handler, as written, not a wrapper that would hide its code.
      expect(source, label).toMatch(/^(async\s*)?\(?\w+\)?\s*=>/)
      let statuses = codeStatuses(handler)
      if (statuses === 'computed') {
        expect(computed[label], `${label}: its status is computed; call it in \`computed\``).toBeDefined()
        seen.push(label)
        statuses = new Set((await computed[label](t)).map(String))
      }
      if (statuses.has('201')) created.push(label)
      expect(successes(described), label).toEqual([...statuses].sort())
      expect(Boolean(header(described, 'Idempotency-Key')), label).toBe(reads)
      const validatesHeaders = op.schemas.some((s) => s.target === 'header')
      expect(
        described.parameters.some((p: { in: string }) => p.in === 'header'),
        label,
      ).toBe(validatesHeaders || reads)
    }
    expect(seen.sort()).toEqual(Object.keys(computed).sort())
    // Every route the contract documents as 201, and every other that answers it, was found.
    expect(created).toEqual(
      expect.arrayContaining([
        'POST /api/events',
        'POST /api/events/:slug/attendance',
        'POST /api/events/:slug/forms/:formKey/responses',
        'POST /api/events/:slug/questions',
        'POST /api/events/:slug/commitments',
        'POST /api/events/:slug/questions/:id/votes',
        'POST /api/users',
        'POST /api/webhooks',
      ]),
    )
  })

  it("carries no $schema inside its schemas: the dialect is the document's", async () => {
    const t = await testApp()
    const doc = (await t.call('GET', '/api/openapi.json')).json
    const found: string[] = []
    const walk = (v: unknown, at: string) => {
      if (!v || typeof v !== 'object') return
      for (const [k, w] of Object.entries(v)) {
        if (k === '$schema') found.push(at)
        walk(w, `${at}/${k}`)
      }
    }
    walk(doc.paths, '')
    expect(doc.paths['/api/events'].post.requestBody.content['application/json'].schema.type).toBe('object')
    expect(found).toEqual([])
  })

  it("names the not-found codes a route answers for what its path names, and login's refusals", async () => {
    const t = await withEvent()
    const doc = (await t.call('GET', '/api/openapi.json')).json
    const seen = new Set<string>()
    const fake: Record<string, string> = {
      id: '01NOEXISTE',
      formKey: 'no-existe',
      radicado: 'SDE-2026-999999',
      code: 'NOEXISTE',
      questionId: 'no_existe',
      deliveryId: '01NOEXISTE',
      country: 'CO',
      year: '2026',
      date: '2026-12-02',
    }
    for (const op of operations(t.app).filter((o) => o.path.startsWith('/api/') && o.path.includes(':'))) {
      const params = [...op.path.matchAll(/:(\w+)/g)].map((m) => m[1])
      // Every parameter made up, then (past the slug) the event's real slug with the others made up.
      const tries: Record<string, string>[] = [
        { ...fake, slug: 'no-existe' },
        ...(params.length > 1 ? [{ ...fake, slug: 'evento' }] : []),
      ]
      for (const values of tries) {
        const path = op.path.replace(/:(\w+)/g, (_, p: string) => values[p] ?? 'x')
        const body = ['POST', 'PATCH', 'PUT'].includes(op.method) ? {} : undefined
        const res = await t.call(op.method, path, { token: t.adminToken, body })
        if (res.status !== 404) continue
        const code = res.json.error.code
        seen.add(code)
        const described = doc.paths[docPath(op.path)][op.method.toLowerCase()].responses['404']
        expect(described?.description, `${op.method} ${path}`).toContain(code)
      }
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'ATTENDEE_NOT_FOUND',
        'CALENDAR_DAY_NOT_FOUND',
        'COMMITMENT_NOT_FOUND',
        'EVENT_NOT_FOUND',
        'FORM_NOT_FOUND',
        'NOT_FOUND',
        'QUESTION_NOT_FOUND',
        'RADICADO_NOT_FOUND',
        'WEBHOOK_NOT_FOUND',
      ]),
    )
    const login = doc.paths['/api/auth/login'].post.responses
    const wrong = await t.call('POST', '/api/auth/login', { body: { ...ADMIN, password: 'no-es-la-clave' } })
    expect(wrong.status).toBe(401)
    expect(login['401'].description).toBe(`Unauthorized: UNAUTHORIZED, ${wrong.json.error.code}`)
    expect(login['429'].description).toBe('Too Many Requests: LOGIN_THROTTLED')
  })

  it("names the conflicts the routes' own rules answer with, where they answer them", async () => {
    const t = await withEvent()
    const doc = (await t.call('GET', '/api/openapi.json')).json
    const ev = '/api/events/evento'
    const response = { answers: requiredAnswers, deviceToken: 'device-token-conflict-1' }
    await t.call('POST', `${ev}/forms/evaluacion/responses`, { body: response })
    const calls: [string, string, () => ReturnType<TestApp['call']>][] = [
      [
        '/api/events',
        'post',
        () => t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) }),
      ],
      [
        '/api/users',
        'post',
        () =>
          t.call('POST', '/api/users', {
            token: t.adminToken,
            body: { email: ADMIN.email, name: 'Otra', role: 'analyst', password: 'una-clave-larga-1' },
          }),
      ],
      [
        '/api/events/{slug}/forms/{formKey}/responses',
        'post',
        () => t.call('POST', `${ev}/forms/evaluacion/responses`, { body: response }),
      ],
      [
        '/api/events/{slug}/attendance/anonymize',
        'post',
        () => t.call('POST', `${ev}/attendance/anonymize`, { token: t.adminToken }),
      ],
      [
        '/api/events/{slug}/attendance',
        'post',
        async () => {
          await t.call('PATCH', ev, { token: t.adminToken, body: { status: 'closed' } })
          return t.call('POST', `${ev}/attendance`, { body: person })
        },
      ],
      [
        '/api/events/{slug}/questions',
        'post',
        () => t.call('POST', `${ev}/questions`, { body: { type: 'pregunta', text: '¿Y la vía?' } }),
      ],
      [
        '/api/events/{slug}/forms/{formKey}/responses',
        'post',
        () =>
          t.call('POST', `${ev}/forms/evaluacion/responses`, {
            body: { ...response, deviceToken: 'device-token-conflict-2' },
          }),
      ],
    ]
    const seen: string[] = []
    for (const [path, method, call] of calls) {
      const res = await call()
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(409)
      seen.push(res.json.error.code)
      expect(doc.paths[path][method].responses['409']?.description, `${method} ${path}`).toContain(
        res.json.error.code,
      )
    }
    expect(seen).toEqual([
      'SLUG_TAKEN',
      'EMAIL_TAKEN',
      'ALREADY_RESPONDED',
      'EVENT_NOT_CLOSED',
      'EVENT_CLOSED',
      'EVENT_CLOSED',
      'EVENT_CLOSED',
    ])
  })

  it("names the refusals of docs/API.md's routes, at the status they answer them with", async () => {
    const t = await withEvent()
    const doc = (await t.call('GET', '/api/openapi.json')).json
    const admin = t.adminToken
    const ev = '/api/events/evento'
    const filed = await t.call('POST', `${ev}/questions`, { body: { type: 'pregunta', text: '¿Y la vía?' } })
    const question = `/api/questions/${filed.json.id}`
    const commitment = await t.call('POST', `${ev}/commitments`, {
      token: admin,
      body: { description: 'Arreglar la vía', area: 'despacho' },
    })
    // An entity without the NIT, address and contact the privacy notice names: its event cannot open.
    const bare = { ...sampleEvent({ slug: 'sin-aviso', status: 'draft' }), entity: 'Alcaldía sin datos' }
    expect((await t.call('POST', '/api/events', { token: admin, body: bare })).status).toBe(201)
    const calls: [string, string, string, () => ReturnType<TestApp['call']>][] = [
      [
        'PATCH',
        '/api/events/{slug}',
        'CONFLICT',
        () => t.call('PATCH', '/api/events/sin-aviso', { token: admin, body: { status: 'open' } }),
      ],
      [
        'POST',
        '/api/events',
        'CONFLICT',
        () =>
          t.call('POST', '/api/events', { token: admin, body: { ...bare, slug: 'abierto', status: 'open' } }),
      ],
      [
        'POST',
        '/api/events/{slug}/questions',
        'AREA_UNKNOWN',
        () =>
          t.call('POST', `${ev}/questions`, { body: { type: 'pregunta', text: '¿Y?', area: 'no-existe' } }),
      ],
      [
        'POST',
        '/api/events/{slug}/attendance',
        'CONSENT_OUTDATED',
        () => t.call('POST', `${ev}/attendance`, { body: { ...person, consentVersion: 'v-vieja' } }),
      ],
      [
        'POST',
        '/api/events/{slug}/attendance',
        'ORIGIN_NOT_ALLOWED',
        () =>
          t.call('POST', `${ev}/attendance`, { body: person, headers: { origin: 'https://otro.example' } }),
      ],
      [
        'POST',
        '/api/events',
        'ORIGIN_NOT_ALLOWED',
        () =>
          t.call('POST', '/api/events', {
            token: admin,
            body: sampleEvent({ slug: 'desde-otro-sitio' }),
            headers: { origin: 'https://otro.example' },
          }),
      ],
      [
        'POST',
        '/api/events/{slug}/questions/{id}/votes',
        'QUESTION_NOT_PUBLIC',
        () =>
          t.call('POST', `${ev}/questions/${filed.json.id}/votes`, {
            body: { deviceToken: 'dispositivo-1' },
          }),
      ],
      [
        'PATCH',
        '/api/questions/{id}',
        'STATUS_TRANSITION',
        () => t.call('PATCH', question, { token: admin, body: { answer: 'Sin estado.' } }),
      ],
      [
        'PATCH',
        '/api/questions/{id}',
        'ALREADY_IN_STATUS',
        () => t.call('PATCH', question, { token: admin, body: { status: 'received' } }),
      ],
      [
        'PATCH',
        '/api/questions/{id}',
        'AREA_UNKNOWN',
        () => t.call('PATCH', question, { token: admin, body: { status: 'pending', area: 'no-existe' } }),
      ],
      [
        'POST',
        '/api/events/{slug}/commitments',
        'QUESTION_NOT_FOUND',
        () =>
          t.call('POST', `${ev}/commitments`, {
            token: admin,
            body: { description: 'Otro', area: 'despacho', questionId: 'no-existe' },
          }),
      ],
      [
        'PATCH',
        '/api/commitments/{id}',
        'COMMITMENT_CHANGED',
        () =>
          t.call('PATCH', `/api/commitments/${commitment.json.commitment.id}`, {
            token: admin,
            body: { progress: 10, expectedUpdatedAt: '2000-01-01T00:00:00.000Z' },
          }),
      ],
      [
        'GET',
        '/api/events/{slug}/report/public',
        'REPORT_NOT_PUBLISHED',
        () => t.call('GET', `${ev}/report/public`),
      ],
    ]
    for (const [method, path, code, call] of calls) {
      const res = await call()
      const label = `${method} ${path} ${code}: ${res.text}`
      expect(res.json?.error?.code, label).toBe(code)
      const described = doc.paths[path][method.toLowerCase()].responses[String(res.status)]?.description
      expect(described, label).toContain(code)
    }
  })

  it('describes the files, reports and live streams a route answers besides JSON', async () => {
    const t = await withEvent()
    const doc = (await t.call('GET', '/api/openapi.json')).json
    const types = (path: string) => Object.keys(doc.paths[path].get.responses['200'].content ?? {})
    const media = (res: { headers: Headers }) => res.headers.get('content-type')?.split(';')[0]
    const formats: [string, string, string[]][] = [
      [
        '/api/events/{slug}/report',
        '/api/events/evento/report',
        ['json', 'md', 'html', 'docx', 'csv', 'xlsx'],
      ],
      ['/api/events/{slug}/attendance', '/api/events/evento/attendance', ['json', 'csv', 'xlsx']],
      [
        '/api/events/{slug}/forms/{formKey}/stats',
        '/api/events/evento/forms/evaluacion/stats',
        ['json', 'csv', 'xlsx'],
      ],
    ]
    for (const [path, url, fs] of formats) {
      expect(types(path), path).toHaveLength(fs.length)
      for (const f of fs) {
        const res = await t.call('GET', `${url}?format=${f}`, { token: t.adminToken })
        expect(res.status, `${url} ${f}`).toBe(200)
        expect(types(path), `${url} ${f}`).toContain(media(res))
      }
    }
    expect(doc.paths['/api/events/{slug}/report'].get.responses['200'].content['text/csv'].schema).toEqual({
      type: 'string',
    })
    for (const [path, url] of [
      ['/api/events/{slug}/live', '/api/events/evento/live'],
      ['/api/events/{slug}/live/moderation', '/api/events/evento/live/moderation'],
    ]) {
      const res = await t.app.request(url, { headers: { authorization: `Bearer ${t.adminToken}` } })
      await res.body?.cancel()
      expect(res.status, url).toBe(200)
      expect(types(path), url).toEqual([media(res)])
    }
  })

  it('reads the statuses a handler writes', () => {
    const f = (src: string) => {
      const s = codeStatuses(src)
      return s === 'computed' ? s : [...s].sort()
    }
    expect(f('async (c) => { return c.json({ a: f(1, 2) }, 201) }')).toEqual(['201'])
    expect(f('async (c) => c.json(result, result.counted ? 201 : 200)')).toEqual(['200', '201'])
    expect(f("async (c) => { if (x) return c.json({ a: ')' }); return c.body(null, 204) }")).toEqual([
      '200',
      '204',
    ])
    expect(f('async (c) => svg(text)')).toEqual(['200'])
    expect(f('async (c) => c.json(r.body, r.status)')).toBe('computed')
    expect(f('async (ctx) => ctx.json(x, 202)')).toEqual(['202'])
  })
})
