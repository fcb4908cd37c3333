import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { operations } from '../server/openapi'
import { deliverDue } from '../server/services/webhooks'
import { envelopeHolds, nasty, publicGood, type QueryArbs, type Req, RUNS, requestArb } from './fuzz-kit'
import { requiredAnswers, sampleEvent, type TestApp, testApp } from './helpers'

/**
 * Property tests over every public route of the route table: random and adversarial paths, query
 * strings, headers and bodies. Whatever comes in: never a 5xx, every error in the one envelope with its
 * status, and a request that is refused (or only reads) leaves every table exactly as it was.
 */
const watched = new WeakMap<TestApp, () => Promise<number>>()

/**
 * How many rows every table has had written so far: triggers on each table count each insert, update and
 * delete into one row of their own, and a rolled-back write rolls its count back with it. A refused request
 * must leave the count as it was. Hashing every table before and after each request said the same, at a
 * cost that grew with the walk's data, so a long walk took time quadratic in its length.
 */
async function writes(t: TestApp) {
  let count = watched.get(t)
  if (!count) {
    const db = t.deps.db
    const tables = await db.all<{ name: string }>(
      sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`,
    )
    await db.run(sql`create table fuzz_writes (n integer not null)`)
    await db.run(sql`insert into fuzz_writes (n) values (0)`)
    for (const { name } of tables)
      for (const op of ['insert', 'update', 'delete'])
        await db.run(
          sql.raw(
            `create trigger "fuzz_${name}_${op}" after ${op} on "${name}" begin update fuzz_writes set n = n + 1; end`,
          ),
        )
    count = async () => (await db.get<{ n: number }>(sql`select n from fuzz_writes`))!.n
    watched.set(t, count)
  }
  return count()
}

async function send(t: TestApp, method: string, r: Req) {
  const res = await t.app.request(`${r.path}${r.query ? `?${r.query}` : ''}`, {
    method,
    headers: r.headers,
    body: r.body as BodyInit | undefined,
  })
  // A live stream never ends: its first frame is enough.
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    const reader = res.body!.getReader()
    await reader.read()
    await reader.cancel()
    return { res, text: '' }
  }
  return { res, text: await res.text() }
}

describe('every public endpoint under random and adversarial input', () => {
  let t: TestApp
  const pools: Record<string, string[]> = { formKey: ['evaluacion', 'asistencia', 'x'] }

  beforeAll(async () => {
    t = await testApp()
    for (const [slug, status] of [
      ['evento', 'open'],
      ['borrador', 'draft'],
      ['cerrado', 'open'],
    ])
      await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug, status }) })
    const q = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'pregunta', text: '¿Y la vía?', anonymous: true },
    })
    await t.call('PATCH', `/api/questions/${q.json.id}`, {
      token: t.adminToken,
      body: { status: 'approved' },
    })
    await t.call('PATCH', '/api/events/cerrado', { token: t.adminToken, body: { status: 'closed' } })
    const c = await t.call('POST', '/api/events/evento/commitments', {
      token: t.adminToken,
      body: { description: 'Arreglar la vía', area: 'despacho' },
    })
    Object.assign(pools, {
      slug: ['evento', 'borrador', 'cerrado', 'no-existe'],
      id: [q.json.id, c.json.commitment?.id ?? 'x', '01900000-0000-7000-8000-000000000000'],
      radicado: [q.json.radicado, 'SDE-2026-999999'],
    })
  })

  it('walks a route table that has public routes of every kind', async () => {
    const app = (await testApp()).app
    const publicOps = operations(app).filter((o) => !o.access.roles)
    expect(publicOps.filter((o) => o.method === 'POST').length).toBeGreaterThanOrEqual(5)
    expect(publicOps.filter((o) => o.method === 'GET').length).toBeGreaterThanOrEqual(12)
  })

  const ops = async () => operations((await testApp()).app).filter((o) => !o.access.roles)
  it.each([0])(
    'answers without a 5xx, in the envelope, and changes nothing when it refuses',
    async () => {
      for (const op of await ops()) {
        const arb = requestArb(op.path, pools, op.method === 'POST' ? publicGood(op.path) : undefined)
        await fc.assert(
          fc.asyncProperty(arb, (r) => holds(t, op, r, { readsChangeNothing: true })),
          { numRuns: RUNS },
        )
      }
      // The count that the refusals left alone did move: the walk's accepted submissions were counted.
      expect(await writes(t)).toBeGreaterThan(0)
    },
    Math.max(240_000, RUNS * 3_000),
  )
})

/**
 * One request against its operation: never a 5xx; an error in the one envelope with the status its code
 * has; and a refused request leaves every table as it was (with `readsChangeNothing`, so does any GET).
 */
async function holds(
  t: TestApp,
  op: { method: string; path: string },
  r: Req,
  opts: { readsChangeNothing: boolean; after?: () => unknown },
) {
  const before = await writes(t)
  const { res, text } = await send(t, op.method, r)
  await opts.after?.()
  const where = `${op.method} ${op.path} → ${res.status} ${text.slice(0, 300)}`
  // The attendee page answers an unknown event with a page, not JSON.
  if (!(op.path === '/e/:slug' && res.status === 404))
    envelopeHolds(res.status, res.headers.get('content-type'), text, where)
  if (res.status >= 400 || (opts.readsChangeNothing && op.method === 'GET'))
    expect(await writes(t), where).toBe(before)
}

describe('every staff endpoint, signed in as an admin, under random and adversarial input', () => {
  let t: TestApp
  let woken = false
  const pools: Record<string, string[]> = { formKey: ['evaluacion', 'asistencia', 'extra', 'x'] }
  const goods: Record<string, Record<string, unknown>> = {}
  // An `:id` is a question's, a commitment's, … by the path it is in (the registration's under an event).
  const ids: Record<string, string[]> = {}
  const idsFor = (path: string) => Object.entries(ids).find(([prefix]) => path.startsWith(prefix))?.[1] ?? []
  // Values the staff routes' query strings take, so that the walk reaches past their validation.
  const staffQuery: QueryArbs = {
    // Whole query strings that some route takes as they are, to reach past the parameters it needs together.
    whole: [
      'question=calificacion_gestion&by=genero',
      'question=genero&by=rango_edad&format=csv',
      'a=evento&b=cerrado',
      'a=evento&b=evento&format=md',
      'format=docx',
      'format=xlsx',
      'format=csv&delimiter=,',
      'filter.genero=mujer&format=json',
      'audience=public&format=html',
      'view=plan',
      // Longer than D1 binds, as one parameter each: the tests' database refuses a 101st (helpers.ts).
      `slugs=evento,${Array.from({ length: 150 }, (_, i) => `e${i}`).join(',')}`,
      `filter.genero=${Array.from({ length: 40 }, (_, i) => `v${i}`).join(',')}&filter.rango_edad=18_28`,
      'limit=500',
    ],
    keys: [
      'format',
      'delimiter',
      'version',
      'lang',
      'audience',
      'limit',
      'cursor',
      'after',
      'eventId',
      'entityId',
      'from',
      'to',
      'slugs',
      'a',
      'b',
      'slug',
      'status',
      'type',
      'area',
      'sort',
      'view',
      'axis',
      'q',
      'checkedIn',
      'question',
      'by',
      'filter.genero',
      'filter.calificacion_gestion',
      'lastEventId',
      'code',
      'x',
    ],
    values: fc.oneof(
      fc.constantFrom(
        'json',
        'csv',
        'xlsx',
        'md',
        'html',
        'docx',
        ';',
        ',',
        'staff',
        'public',
        'es',
        'en',
        '1',
        '2',
        '500',
        'true',
        'evento',
        'cerrado,evento',
        'genero',
        'mujer,hombre',
        'calificacion_gestion',
        'rango_edad',
        'buena',
        '2026-01-01',
        '2026-12-31T23:59:59Z',
        'approved,received',
        'votes',
        'plan',
        'despacho',
      ),
      nasty,
    ),
  }

  beforeAll(async () => {
    t = await testApp()
    // Webhook deliveries run when the walk says so, inside the request's turn, never between its reads.
    t.deps.outbox = {
      wake: () => {
        woken = true
      },
    }
    const admin = t.adminToken
    const call = (method: string, path: string, body?: unknown) =>
      t.call(method, path, { token: admin, body })
    for (const [slug, status] of [
      ['evento', 'open'],
      ['borrador', 'draft'],
      ['cerrado', 'open'],
    ])
      await call('POST', '/api/events', sampleEvent({ slug, status }))
    const analyst = await call('POST', '/api/users', {
      email: 'analista@test.co',
      password: 'analyst-password-1',
      role: 'analyst',
    })
    const hook = await call('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/cabildo' })
    const person = await t.call('POST', '/api/events/evento/attendance', {
      body: { name: 'Ana', documentType: 'CC', documentNumber: '52123456', email: 'a@b.co', consent: true },
    })
    for (const deviceToken of ['fuzz-device-0000001', 'fuzz-device-0000002'])
      await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
        body: { answers: { ...requiredAnswers, genero: 'mujer' }, deviceToken },
      })
    const q = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'pregunta', text: '¿Y la vía?', anonymous: true },
    })
    await call('PATCH', `/api/questions/${q.json.id}`, { status: 'approved', area: 'despacho' })
    const c = await call('POST', '/api/events/evento/commitments', {
      description: 'Arreglar la vía',
      area: 'despacho',
    })
    const form = {
      title: 'Encuesta adicional',
      questions: [
        {
          id: 'barrio',
          type: 'single',
          label: '¿En qué zona vive?',
          options: [
            { value: 'urbana', label: 'Urbana' },
            { value: 'rural', label: 'Rural' },
          ],
        },
      ],
    }
    await call('POST', '/api/events/evento/forms', { key: 'extra', ...form })
    await call('PATCH', '/api/events/cerrado', { status: 'closed' })
    await deliverDue(t.deps)
    const deliveries = await call('GET', `/api/webhooks/${hook.json.webhook.id}/deliveries`)
    const entities = await call('GET', '/api/entities')
    const none = '01900000-0000-7000-8000-000000000000'
    Object.assign(ids, {
      '/api/questions/': [q.json.id, none],
      '/api/commitments/': [c.json.commitment.id, none],
      '/api/users/': [analyst.json.user.id, none],
      '/api/webhooks/': [hook.json.webhook.id, none],
      '/api/entities/': [entities.json.entities[0].id, none],
      '/api/events/': [person.json.id, none],
    })
    Object.assign(pools, {
      slug: ['evento', 'borrador', 'cerrado', 'no-existe'],
      code: [person.json.checkinCode, 'ZZZZZZ'],
      questionId: ['comentarios', 'genero', 'barrio', 'x'],
      deliveryId: [...(deliveries.json.deliveries ?? []).map((d: { id: string }) => d.id), 'x'],
      country: ['EC', 'CO', 'PE'],
      year: ['2026', '2027', '1999'],
      date: ['2026-12-04', '2026-12-05', '2026-12-25', '2026-02-30'],
    })
    Object.assign(goods, {
      'POST /api/users': { email: 'nuevo@test.co', password: 'una-clave-larga-1', role: 'moderator' },
      'PATCH /api/users/:id': { name: 'Analista de datos', role: 'analyst' },
      'PATCH /api/entities/:id': { email: 'contacto@sde.gov.co' },
      'POST /api/events': sampleEvent({ slug: 'otro-evento' }),
      'PATCH /api/events/:slug': { title: 'Rendición de cuentas 2026', peakViewers: 120 },
      'POST /api/events/:slug/checkins': { code: person.json.checkinCode },
      'POST /api/events/:slug/walk-ins': {
        name: 'Gilberto Arango',
        documentType: 'CC',
        documentNumber: '8123456',
        consent: true,
      },
      'PATCH /api/events/:slug/attendance/:id': { name: 'Ana María', gender: 'mujer', phone: null },
      'POST /api/holders/search': { documentNumber: '52.123.456', email: 'A@b.co' },
      'POST /api/events/:slug/forms': { key: 'otra', ...form },
      'PUT /api/events/:slug/forms/:formKey': form,
      'POST /api/events/:slug/forms/:formKey/questions': {
        id: 'sugerencia',
        type: 'short_text',
        label: '¿Qué sugiere?',
      },
      'PATCH /api/events/:slug/forms/:formKey': { open: true, embargoUntil: null },
      'PATCH /api/questions/:id': { status: 'answered_live', answer: 'Se pavimenta en marzo.' },
      'POST /api/questions/:id/annul': { reason: 'Duplicada' },
      'PATCH /api/questions/:id/petitioner': { email: 'corregido@example.org', phone: null },
      'PATCH /api/questions/:id/sent-on': { answeredOn: '2026-11-21', reason: 'Se digitó mal el día' },
      'POST /api/auth/password': { current: 'la-actual-123', password: 'Otra frase de clave 9' },
      'POST /api/events/:slug/commitments': { description: 'Instalar luminarias', area: 'despacho' },
      'PATCH /api/commitments/:id': { progress: 40, status: 'en_ejecucion' },
      'POST /api/commitments/:id/follow-ups': { note: 'Contrato firmado', progress: 50 },
      'POST /api/webhooks': { url: 'http://127.0.0.1:9/otro', eventTypes: ['question.created'] },
      'PATCH /api/webhooks/:id': { description: 'Tablero', active: true },
      'POST /api/admin/counters/rebuild': { slug: 'evento' },
      'PUT /api/calendar/:country/days/:date': { rest: true, source: 'Decreto Ejecutivo 999 de 20-XI-2026' },
      'PUT /api/entities/:id/calendar/days/:date': { rest: true, source: 'Fundación del cantón' },
    })
  })

  it('starts every staff route that takes a body from a body its schema accepts', async () => {
    const all = operations((await testApp()).app).filter((o) => o.access.roles)
    expect(all.length).toBeGreaterThanOrEqual(40)
    const withBody = all.flatMap((o) =>
      o.schemas.filter((d) => d.target === 'json').map((d) => ({ key: `${o.method} ${o.path}`, d })),
    )
    expect(withBody.length).toBeGreaterThanOrEqual(18)
    for (const { key, d } of withBody) expect(d.schema.safeParse(goods[key]).success, key).toBe(true)
  })

  // Signing out would end the walk's session: its refusals are in the access and auth suites. Deletions
  // go last, so that what they delete is still there for the other routes; the registration's the very
  // last, after the check-in it carries.
  const last = (o: { method: string; path: string }) =>
    o.method !== 'DELETE' ? 0 : o.path.includes('/attendance/') ? 2 : 1
  const ops = async () =>
    operations((await testApp()).app)
      .filter((o) => o.access.roles && !(o.method === 'POST' && o.path === '/api/auth/logout'))
      .sort((a, b) => last(a) - last(b))
  it.each([0])(
    'answers without a 5xx, in the envelope, and changes nothing when it refuses',
    async () => {
      for (const op of await ops()) {
        const key = `${op.method} ${op.path}`
        const good = goods[key] ?? (op.method === 'GET' || op.method === 'DELETE' ? undefined : {})
        const arb = requestArb(op.path, { ...pools, id: idsFor(op.path) }, good, staffQuery, {
          authorization: `Bearer ${t.adminToken}`,
        })
        await fc.assert(
          fc.asyncProperty(arb, async (r) => {
            woken = false
            await holds(t, op, r, { readsChangeNothing: false, after: () => woken && deliverDue(t.deps) })
          }),
          { numRuns: RUNS },
        )
      }
      expect(await writes(t)).toBeGreaterThan(0)
    },
    Math.max(240_000, RUNS * 6_000),
  )
})
