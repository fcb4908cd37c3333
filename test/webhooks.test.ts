import { createHmac } from 'node:crypto'
import { lookup } from 'node:dns'
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { LookupFunction } from 'node:net'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { commit } from '../db/atomic'
import { events, users, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../db/schema'
import { guardedFetch, REFUSED_AT_CONNECT } from '../server/node-webhook-fetch'
import { waitUntilOutbox } from '../server/outbox'
import { retryDelivery } from '../server/services/webhook-endpoints'
import { deliverDue, deliveryStmts, endpointsFor, signature } from '../server/services/webhooks'
import { commitAtFirstClockRead, sampleEvent, testApp } from './helpers'

type Hit = { headers: IncomingHttpHeaders; body: string; path: string }

/**
 * A real receiver on loopback that answers each request with the next status of `statuses`, once `held`
 * has settled: until then the attempt stays in flight.
 */
async function receiver(statuses: number[] = [], held?: Promise<unknown>) {
  const hits: Hit[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      hits.push({ headers: req.headers, body, path: req.url ?? '' })
      void Promise.resolve(held).then(() => res.writeHead(statuses.shift() ?? 204).end())
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  servers.push(server)
  const { port } = server.address() as { port: number }
  const waitFor = async (n: number) => {
    for (let i = 0; i < 200 && hits.length < n; i++) await new Promise((r) => setTimeout(r, 10))
    expect(hits.length).toBeGreaterThanOrEqual(n)
    return hits
  }
  return { url: `http://127.0.0.1:${port}/cabildo`, hits, waitFor }
}
const servers: Server[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

/** Verified as a receiver would, with node:crypto, independently of the signing code. */
function verified(hit: Hit, secret: string) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const mac = createHmac('sha256', key)
    .update(`${hit.headers['webhook-id']}.${hit.headers['webhook-timestamp']}.${hit.body}`)
    .digest('base64')
  return hit.headers['webhook-signature'] === `v1,${mac}`
}

async function setup() {
  const t = await testApp()
  const ev = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento' }),
  })
  const entityId = ev.json.event.entityId as string
  const hook = async (url: string, extra: Record<string, unknown> = {}) =>
    (await t.call('POST', '/api/webhooks', { token: t.adminToken, body: { url, ...extra } })).json.webhook
  const submit = async () =>
    (
      await t.call('POST', '/api/events/evento/questions', {
        body: {
          type: 'denuncia',
          text: 'Cobro irregular',
          name: 'Pedro',
          email: 'p@example.co',
          identityReserve: true,
        },
      })
    ).json
  return { t, entityId, hook, submit }
}

describe('outbound webhooks', () => {
  it('sends no petitioner data to this machine, a link-local address or over plain http across the internet', async () => {
    const t = await testApp()
    t.deps.config.webhooksAllowLocal = false
    const create = (url: string) => t.call('POST', '/api/webhooks', { token: t.adminToken, body: { url } })
    for (const url of [
      'http://127.0.0.1:9/hooks',
      'https://localhost/hooks',
      'http://169.254.169.254/latest/meta-data/',
      'https://[::1]/hooks',
      'http://0.0.0.0:8787/api',
      'http://receptor.example.org/hooks',
      // The same places written otherwise: a fully qualified name, an IPv4-compatible IPv6 address.
      'https://localhost./hooks',
      'https://[::127.0.0.1]/hooks',
    ]) {
      const res = await create(url)
      expect([res.status, res.json.error?.issues?.[0]?.path], url).toEqual([400, 'url'])
    }
    expect((await create('http://127.0.0.1:9/hooks')).json.error.issues[0].message).toContain(
      'no puede ir a este mismo servidor',
    )
    expect((await create('http://receptor.example.org/hooks')).json.error.issues[0].message).toContain(
      'Use https',
    )
    // An entity's own system on its intranet over http, and anything over https, are taken.
    for (const url of [
      'http://10.20.0.5/sgdea',
      'http://192.168.1.20:8080/pqrsd',
      'https://receptor.example.org/hooks',
    ])
      expect((await create(url)).status, url).toBe(201)
    const hook = (await create('https://receptor.example.org/otro')).json.webhook
    const moved = await t.call('PATCH', `/api/webhooks/${hook.id}`, {
      token: t.adminToken,
      body: { url: 'http://127.0.0.1:9/hooks' },
    })
    expect(moved.status).toBe(400)
    expect((await t.call('GET', '/api/webhooks', { token: t.adminToken })).json.webhooks).toHaveLength(4)
  })

  it('refuses a name that resolves to this machine or a link-local address, when registered and when its DNS answer changes later', async () => {
    const { t, hook, submit } = await setup()
    t.deps.config.webhooksAllowLocal = false
    // What the DNS answers, as Node's lookup gives it (the runtime's `resolveHost`): names the admin chose.
    const dns = new Map([
      ['metadatos.example.org', ['169.254.169.254']],
      ['propio.example.org', ['203.0.113.7', '127.0.0.1']],
      ['sgdea.example.org', ['203.0.113.8']],
    ])
    t.deps.resolveHost = async (host) => dns.get(host) ?? []
    for (const url of ['https://metadatos.example.org/latest/', 'https://propio.example.org/hooks']) {
      const res = await t.call('POST', '/api/webhooks', { token: t.adminToken, body: { url } })
      expect([res.status, res.json.error?.issues?.[0]?.path], url).toEqual([400, 'url'])
      expect(res.json.error.issues[0].message).toContain('no puede ir a este mismo servidor')
    }
    const endpoint = await hook('https://sgdea.example.org/hooks')
    expect(endpoint.id).toBeTruthy()
    const moved = await t.call('PATCH', `/api/webhooks/${endpoint.id}`, {
      token: t.adminToken,
      body: { url: 'https://propio.example.org/hooks' },
    })
    expect(moved.status).toBe(400)
    // The name is then pointed at the server itself: the petitioner's data is not sent there.
    dns.set('sgdea.example.org', ['127.0.0.1'])
    await submit()
    await deliverDue(t.deps)
    const [delivery] = (
      await t.call('GET', `/api/webhooks/${endpoint.id}/deliveries`, { token: t.adminToken })
    ).json.deliveries
    expect(delivery.lastStatus).toBeNull()
    expect(delivery.lastError).toBe(
      'address refused: the name resolves to this machine or a link-local address',
    )
  })

  it('connects only to an address it checked: a name whose DNS answer turns local before the connection is refused there', async () => {
    const { t, hook, submit } = await setup()
    t.deps.config.webhooksAllowLocal = false
    // A real listener on loopback that counts the TCP connections reaching it.
    let connections = 0
    const listener = createServer((_req, res) => res.writeHead(204).end())
    listener.on('connection', () => connections++)
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r))
    servers.push(listener)
    const { port } = listener.address() as { port: number }
    // The check before sending asks the DNS and hears a public address; asked again for the connection, it
    // answers this machine (DNS rebinding). Other names resolve as Node resolves them.
    t.deps.resolveHost = async () => ['203.0.113.8']
    const rebinding: LookupFunction = (host, options, callback) =>
      host === 'sgdea.example.org'
        ? options.all
          ? callback(null, [{ address: '127.0.0.1', family: 4 }])
          : callback(null, '127.0.0.1', 4)
        : lookup(host, options, callback)
    t.deps.webhookFetch = guardedFetch(() => t.deps.config.webhooksAllowLocal, rebinding)
    const endpoint = await hook(`https://sgdea.example.org:${port}/hooks`)
    await submit()
    await deliverDue(t.deps)
    const deliveries = async () =>
      (await t.call('GET', `/api/webhooks/${endpoint.id}/deliveries`, { token: t.adminToken })).json
        .deliveries
    const [refused] = await deliveries()
    expect([refused.lastStatus, refused.lastError]).toEqual([null, REFUSED_AT_CONNECT])
    expect(connections).toBe(0)
    // Where the installation allows local receivers, the same name connects: the lookup is the connection's.
    t.deps.config.webhooksAllowLocal = true
    await submit()
    await deliverDue(t.deps)
    expect(connections).toBeGreaterThan(0)
    // It spoke TLS to a listener of plain HTTP, and says so rather than "fetch failed".
    const errors = (await deliveries()).map((d: { lastError: string }) => d.lastError)
    expect(errors).toHaveLength(2)
    expect(errors.filter((e: string) => e === REFUSED_AT_CONNECT)).toHaveLength(1)
    expect(errors.find((e: string) => e !== REFUSED_AT_CONNECT)).not.toBe('fetch failed')
  })

  it('signs as the Standard Webhooks reference does', async () => {
    const sig = await signature(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    )
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('posts each new radicado, signed, to a receiver that checks the signature', async () => {
    const { hook, submit } = await setup()
    const r = await receiver()
    const endpoint = await hook(r.url)
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    const q = await submit()
    const [hit] = await r.waitFor(1)
    expect(verified(hit, endpoint.secret)).toBe(true)
    expect(hit.headers['webhook-id']).toMatch(/^msg_/)
    expect(hit.headers['webhook-timestamp']).toBe(String(Date.parse('2026-11-21T15:00:00Z') / 1000))
    const body = JSON.parse(hit.body)
    expect(body).toMatchObject({
      type: 'question.created',
      timestamp: '2026-11-21T15:00:00.000Z',
      data: {
        radicado: q.radicado,
        dueDate: q.dueDate,
        status: 'received',
        entity: { nit: '899999061-9', country: 'CO' },
      },
    })
    // A denunciante's reserved identity stays out of other systems.
    expect(body.data.petitioner).toEqual({ reserved: true })
    expect(hit.body).not.toMatch(/Pedro|p@example/)
  })

  it('retries with backoff, logs every attempt, and gives up after the last one', async () => {
    const { t, hook, submit } = await setup()
    const r = await receiver([500, 503])
    const endpoint = await hook(r.url, { eventTypes: ['question.created'] })
    await submit()
    await r.waitFor(1)
    const log = async () =>
      (await t.call('GET', `/api/webhooks/${endpoint.id}/deliveries`, { token: t.adminToken })).json
        .deliveries[0]
    await new Promise((res) => setTimeout(res, 20))
    expect(await log()).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: '2026-11-21T15:00:05.000Z',
    })
    await deliverDue(t.deps) // not due yet: nothing is sent
    expect(r.hits).toHaveLength(1)
    t.setNow(new Date('2026-11-21T15:00:05Z'))
    await deliverDue(t.deps)
    expect((await log()).nextAttemptAt).toBe('2026-11-21T15:05:05.000Z')
    t.setNow(new Date('2026-11-21T15:05:05Z'))
    await deliverDue(t.deps)
    const done = await log()
    expect(done).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 204 })
    expect(done.attemptLog.map((a: { status: number }) => a.status)).toEqual([500, 503, 204])
    expect(new Set(r.hits.map((h) => h.headers['webhook-id'])).size).toBe(1)
  })

  it('marks a delivery failed after the whole schedule and sends it again on request', async () => {
    const { t, hook, submit } = await setup()
    const r = await receiver(Array(8).fill(500))
    const endpoint = await hook(r.url)
    await submit()
    await r.waitFor(1)
    for (let i = 0; i < 8; i++) {
      t.setNow(new Date(t.deps.now().getTime() + 40 * 3600_000))
      await deliverDue(t.deps)
    }
    const token = await t.login()
    const list = async () =>
      (await t.call('GET', `/api/webhooks/${endpoint.id}/deliveries`, { token })).json.deliveries
    const [failed] = await list()
    expect(failed).toMatchObject({ status: 'failed', attempts: 8 })
    const retry = await t.call('POST', `/api/webhooks/${endpoint.id}/deliveries/${failed.id}/retry`, {
      token,
    })
    expect(retry.status).toBe(202)
    await r.waitFor(9)
    await new Promise((res) => setTimeout(res, 20))
    expect((await list())[0]).toMatchObject({ status: 'delivered', attempts: 9 })
  })

  it('sends a delivery once while it is in flight, even when staff retry it then', async () => {
    const { t, hook, submit } = await setup()
    // As on Workers: each wake is a run of its own, as is the cron's; only the lease keeps them apart.
    t.deps.outbox = waitUntilOutbox(() => deliverDue(t.deps))
    let answer = () => {}
    const r = await receiver([500], new Promise<void>((res) => (answer = res)))
    const endpoint = await hook(r.url)
    await submit()
    await r.waitFor(1) // claimed, leased, and held open by the receiver
    const token = await t.login()
    const log = async () =>
      (await t.call('GET', `/api/webhooks/${endpoint.id}/deliveries`, { token })).json.deliveries[0]
    const d = await log()
    const retry = () => t.call('POST', `/api/webhooks/${endpoint.id}/deliveries/${d.id}/retry`, { token })
    const during = await retry()
    await deliverDue(t.deps) // the cron's run
    await new Promise((res) => setTimeout(res, 50))
    expect(r.hits).toHaveLength(1)
    expect(during.status).toBe(409)
    answer()
    for (let i = 0; i < 100 && (await log()).lastStatus !== 500; i++)
      await new Promise((res) => setTimeout(res, 10))
    expect(await log()).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500 })
    // Once that attempt is over, a retry sends it again at once.
    expect((await retry()).status).toBe(202)
    await r.waitFor(2)
    await new Promise((res) => setTimeout(res, 20))
    expect(await log()).toMatchObject({ status: 'delivered', attempts: 2 })
    expect(new Set(r.hits.map((h) => h.headers['webhook-id'])).size).toBe(1)
  })

  it('keeps the outcome of the run that holds the lease, not of one whose lease ran out', async () => {
    const { t, hook, submit } = await setup()
    t.deps.outbox = { wake: () => {} }
    // A receiver the test answers request by request.
    const held: ServerResponse[] = []
    const server = createServer((req, res) => {
      req.resume()
      req.on('end', () => held.push(res))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    servers.push(server)
    await hook(`http://127.0.0.1:${(server.address() as { port: number }).port}/cabildo`)
    await submit()
    let clock = t.deps.now().getTime()
    const deps = { ...t.deps, now: () => new Date(clock) }
    const arrived = async (n: number) => {
      for (let i = 0; i < 200 && held.length < n; i++) await new Promise((r) => setTimeout(r, 10))
      expect(held).toHaveLength(n)
    }
    const first = deliverDue(deps)
    await arrived(1)
    // The first run stalls past its lease; another run claims the delivery and sends it.
    clock += 61_000
    const second = deliverDue(deps)
    await arrived(2)
    held[1].writeHead(204).end()
    await second
    // The stalled run's failure comes in last: it must not undo the delivery.
    held[0].writeHead(500).end()
    await first
    const [d] = await t.deps.db.select().from(webhookDeliveries)
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, leaseUntil: null, lastStatus: 204 })
    const log = await t.deps.db.select().from(webhookAttempts)
    expect(log.map((a) => a.status).sort()).toEqual([204, 500])
  })

  it('refuses a retry when the outbox claims the delivery between its read and its write', async () => {
    const { t, hook, submit } = await setup()
    t.deps.outbox = { wake: () => {} }
    const endpoint = await hook('http://127.0.0.1:9/cabildo')
    await submit()
    const [d] = await t.deps.db.select().from(webhookDeliveries)
    const [admin] = await t.deps.db.select().from(users)
    // The retry reads the clock once, after its read and right before its commit: there, a worker's
    // claim lands, as another run's commit would.
    const { deps, reads } = commitAtFirstClockRead(
      t,
      `update webhook_deliveries set lease_until = '2026-11-21T15:01:00.000Z', attempts = attempts + 1`,
    )
    const user = { id: admin.id, email: admin.email, role: admin.role, tokenId: '', entityIds: null }
    await expect(retryDelivery(deps, user, endpoint.id, d.id)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(reads()).toBe(2) // refused once on the guard, then decided again on the leased row
    const [after] = await t.deps.db.select().from(webhookDeliveries)
    expect(after).toMatchObject({ status: 'pending', attempts: 1, leaseUntil: '2026-11-21T15:01:00.000Z' })
  })

  it('sends only the types and the entity an endpoint asked for, and nothing once disabled', async () => {
    const { t, entityId, hook, submit } = await setup()
    const all = await receiver()
    const commitmentsOnly = await receiver()
    const otherEntity = await receiver()
    const a = await hook(all.url, { entityId })
    await hook(commitmentsOnly.url, { eventTypes: ['commitment.created'] })
    const other = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({
        slug: 'otro',
        entity: { name: 'Otra entidad', nit: '890480184-4', address: 'Calle 1', email: 'datos@otra.gov.co' },
      }),
    })
    await hook(otherEntity.url, { entityId: other.json.event.entityId })
    const q = await submit()
    await t.call('PATCH', `/api/questions/${q.id}`, { token: t.adminToken, body: { status: 'approved' } })
    await t.call('POST', '/api/events/evento/commitments', {
      token: t.adminToken,
      body: { description: 'Revisar cobros', area: 'despacho', questionId: q.id },
    })
    await all.waitFor(3)
    expect(all.hits.map((h) => JSON.parse(h.body).type).sort()).toEqual([
      'commitment.created',
      'question.created',
      'question.updated',
    ])
    expect((await commitmentsOnly.waitFor(1)).map((h) => JSON.parse(h.body).type)).toEqual([
      'commitment.created',
    ])
    expect(otherEntity.hits).toHaveLength(0)
    await t.call('PATCH', `/api/webhooks/${a.id}`, { token: t.adminToken, body: { active: false } })
    await submit()
    await new Promise((res) => setTimeout(res, 50))
    expect(all.hits).toHaveLength(3)
  })

  it('files a question whose endpoint is deleted between the read and the commit, with no delivery for it', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const endpoint = (
      await t.call('POST', '/api/webhooks', { token: t.adminToken, body: { url: 'https://example.org/h' } })
    ).json.webhook
    // The endpoints as a submission read them, then the endpoint deleted before that submission commits.
    const [stale] = await endpointsFor(t.deps.db, endpoint.entityId ?? '', 'question.created')
    expect(stale.id).toBe(endpoint.id)
    expect((await t.call('DELETE', `/api/webhooks/${endpoint.id}`, { token: t.adminToken })).status).toBe(204)
    const [event] = await t.deps.db.select().from(events)
    await commit(t.deps.db, [
      t.deps.db.update(events).set({ title: 'Cambiado' }).where(eq(events.id, event.id)),
      ...deliveryStmts(t.deps.db, [stale], 'question.created', {}, new Date()),
    ])
    expect((await t.deps.db.select().from(events))[0].title).toBe('Cambiado')
    expect(await t.deps.db.select().from(webhookDeliveries)).toEqual([])
  })
})

describe('a webhook’s signing secret', () => {
  const hintOf = (secret: string) => `whsec_…${secret.slice(-4)}`

  it('is answered at creation and at rotation only; every read gives its hint and when it was made', async () => {
    const { t, hook, submit } = await setup()
    const r = await receiver()
    const read = async () => {
      const list = await t.call('GET', '/api/webhooks', { token: t.adminToken })
      const one = await t.call('GET', `/api/webhooks/${made.id}`, { token: t.adminToken })
      expect([list.status, one.status]).toEqual([200, 200])
      return { list: list.json, one: one.json }
    }
    const made = await hook(r.url, { description: 'Gestor documental' })
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(made.secretHint).toBe(hintOf(made.secret))
    expect(made.secretCreatedAt).toBe('2026-11-21T15:00:00.000Z')

    const first = await read()
    for (const body of [first.list, first.one]) {
      expect(JSON.stringify(body)).not.toContain(made.secret.slice('whsec_'.length))
      expect(JSON.stringify(body)).not.toMatch(/"secret"/)
    }
    expect(first.one.webhook).toEqual({
      id: made.id,
      url: r.url,
      entityId: null,
      description: 'Gestor documental',
      eventTypes: [],
      active: true,
      secretHint: hintOf(made.secret),
      secretCreatedAt: '2026-11-21T15:00:00.000Z',
      createdAt: '2026-11-21T15:00:00.000Z',
      updatedAt: null,
    })
    expect(first.list.webhooks).toEqual([first.one.webhook])

    // A change that is not a rotation answers what a read does.
    t.setNow(new Date('2026-11-21T15:10:00Z'))
    const edited = await t.call('PATCH', `/api/webhooks/${made.id}`, {
      token: t.adminToken,
      body: { description: 'SGDEA' },
    })
    expect(edited.status).toBe(200)
    expect(JSON.stringify(edited.json)).not.toContain(made.secret.slice('whsec_'.length))
    expect(edited.json.webhook).toMatchObject({
      secretHint: hintOf(made.secret),
      secretCreatedAt: made.createdAt,
    })

    t.setNow(new Date('2026-11-21T15:20:00Z'))
    const rotated = await t.call('PATCH', `/api/webhooks/${made.id}`, {
      token: t.adminToken,
      body: { rotateSecret: true },
    })
    expect(rotated.status).toBe(200)
    const secret = rotated.json.webhook.secret as string
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(secret).not.toBe(made.secret)
    expect(rotated.json.webhook).toMatchObject({
      secretHint: hintOf(secret),
      secretCreatedAt: '2026-11-21T15:20:00.000Z',
    })

    const after = await read()
    for (const body of [after.list, after.one]) {
      for (const s of [made.secret, secret])
        expect(JSON.stringify(body)).not.toContain(s.slice('whsec_'.length))
      expect(JSON.stringify(body)).not.toMatch(/"secret"/)
    }
    expect(after.one.webhook).toMatchObject({
      secretHint: hintOf(secret),
      secretCreatedAt: '2026-11-21T15:20:00.000Z',
      createdAt: '2026-11-21T15:00:00.000Z',
    })

    // Deliveries are still signed with the whole secret: the new one, the old one no longer.
    await submit()
    const [hit] = await r.waitFor(1)
    expect(verified(hit, secret)).toBe(true)
    expect(verified(hit, made.secret)).toBe(false)

    // Nor does the audit log hold either secret.
    const audit = await t.call('GET', '/api/audit?limit=500', { token: t.adminToken })
    const logged = JSON.stringify(audit.json)
    expect(audit.json.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['webhook.create', 'webhook.update']),
    )
    for (const s of [made.secret, secret]) expect(logged).not.toContain(s.slice('whsec_'.length))
  })

  it('gives no hint of a key too short to spare its last characters', async () => {
    const t = await testApp()
    await t.deps.db
      .insert(webhookEndpoints)
      .values({ id: 'corto', url: 'https://example.org/h', secret: 'whsec_dGVzdA==' })
    const res = await t.call('GET', '/api/webhooks/corto', { token: t.adminToken })
    expect(res.json.webhook).toMatchObject({ secretHint: 'whsec_…' })
    expect(JSON.stringify(res.json)).not.toContain('dGVzdA')
  })
})
