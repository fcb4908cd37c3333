import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openNodeDb } from '../db/client-node'
import { parseWebhookLogDays } from '../server/env'
import { scheduledRetention } from '../server/services/retention'
import { PURGE_BATCH, purgeableBodies, purgeWebhookBodies } from '../server/services/webhook-log'
import { deliverDue } from '../server/services/webhooks'
import { all } from './fixtures/retention'
import { scratchDir } from './fixtures/scratch'
import { sampleEvent, testApp, withD1Limits } from './helpers'

const servers: Server[] = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

/** A real receiver on loopback that answers each message with the next status of `statuses` (then 204). */
async function receiver(statuses: number[] = []) {
  let hits = 0
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      hits++
      res.writeHead(statuses.shift() ?? 204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  servers.push(server)
  const { port } = server.address() as { port: number }
  const waitFor = async (n: number) => {
    for (let i = 0; i < 200 && hits < n; i++) await new Promise((r) => setTimeout(r, 10))
    expect(hits).toBeGreaterThanOrEqual(n)
  }
  return { url: `http://127.0.0.1:${port}/sgdea`, waitFor }
}

/** The app over a real SQLite file, as the Node server opens it, refusing what D1 refuses. */
async function fileApp() {
  const file = join(scratchDir('cabildo-webhook-log-'), 'cabildo.db')
  const t = await testApp({ deps: { db: withD1Limits(openNodeDb(file)) } })
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  const hook = async (url: string) =>
    (await t.call('POST', '/api/webhooks', { token: t.adminToken, body: { url } })).json.webhook.id as string
  const ask = async (name: string, email: string) =>
    (
      await t.call('POST', '/api/events/evento/questions', {
        body: { type: 'peticion', text: `¿Cuándo arreglan la vía de ${name}?`, name, email },
      })
    ).json.id as string
  // Signed in afresh each time: the tests move the clock past a session's 12 hours.
  const log = async (endpoint: string) =>
    (await t.call('GET', `/api/webhooks/${endpoint}/deliveries`, { token: await t.login() })).json
      .deliveries as {
      id: string
      status: string
      payload: { data: { id: string; petitioner: { email: string } } } | null
      purgedAt: string | null
      attemptLog: unknown[]
    }[]
  const later = (ms: number) => t.setNow(new Date(t.deps.now().getTime() + ms))
  return { t, hook, ask, log, later }
}

const DAY = 86_400_000

describe("the webhook delivery log's bodies", () => {
  it('are erased past their period once delivered or failed for good; the rows, their attempts and a pending body stay', async () => {
    const { t, hook, ask, log, later } = await fileApp()
    const ok = await receiver()
    const down = await receiver(Array(20).fill(500))
    const [received, refused] = [await hook(ok.url), await hook(down.url)]
    const started = t.deps.now().getTime()
    const first = await ask('Pedro Páramo', 'pedro@example.co')
    await Promise.all([ok.waitFor(1), down.waitFor(1)])
    // The first attempts' outcomes are committed before the clock moves past their lease.
    for (const endpoint of [received, refused])
      await expect.poll(async () => (await log(endpoint))[0]?.attemptLog.length).toBe(1)
    // The whole schedule of retries: the refused endpoint's message fails for good.
    for (let i = 0; i < 8; i++) {
      later(40 * 3_600_000)
      await deliverDue(t.deps)
    }
    const second = await ask('Susana San Juan', 'susana@example.co')
    await Promise.all([ok.waitFor(2), down.waitFor(9)])
    await expect
      .poll(async () => (await log(refused)).map((d) => [d.payload?.data.id, d.status, d.attemptLog.length]))
      .toEqual([
        [second, 'pending', 1],
        [first, 'failed', 8],
      ])
    await expect
      .poll(async () => (await log(received)).map((d) => d.status))
      .toEqual(['delivered', 'delivered'])

    // A minute before the first message's 30 days, nothing; at them, its two copies.
    t.setNow(new Date(started + 30 * DAY - 60_000))
    expect(await purgeableBodies(t.deps.db, 30, t.deps.now())).toBe(0)
    expect(await purgeWebhookBodies(t.deps, { days: 30 })).toBe(0)
    t.setNow(new Date(started + 30 * DAY))
    expect(await purgeableBodies(t.deps.db, 30, t.deps.now())).toBe(2)
    expect(await purgeWebhookBodies(t.deps, { days: 30 })).toBe(2)
    expect(await purgeWebhookBodies(t.deps, { days: 30 })).toBe(0)

    const erasedAt = t.deps.now().toISOString()
    const [keptOk, erasedOk] = await log(received)
    expect(keptOk).toMatchObject({ status: 'delivered', purgedAt: null, payload: { data: { id: second } } })
    expect(erasedOk).toMatchObject({ status: 'delivered', purgedAt: erasedAt, payload: null })
    expect(erasedOk.attemptLog).toHaveLength(1)
    const [pending, failed] = await log(refused)
    expect(pending).toMatchObject({ status: 'pending', purgedAt: null, payload: { data: { id: second } } })
    expect(failed).toMatchObject({ status: 'failed', purgedAt: erasedAt, payload: null })
    expect(failed.attemptLog).toHaveLength(8)
    // Nothing of the first petitioner is left in the log.
    const bodies = all(t, 'select payload from webhook_deliveries') as { payload: string }[]
    expect(bodies.filter((b) => b.payload.includes('pedro@example.co'))).toEqual([])
    expect(bodies.filter((b) => b.payload.includes('susana@example.co'))).toHaveLength(2)

    // An erased message cannot be sent again, and says why; nothing changes.
    const token = await t.login()
    const retry = (lang = 'es') =>
      t.call('POST', `/api/webhooks/${refused}/deliveries/${failed.id}/retry`, {
        token,
        headers: { 'accept-language': lang },
      })
    const es = await retry()
    expect([es.status, es.json.error.code]).toEqual([409, 'CONFLICT'])
    expect(es.json.error.message).toMatch(/se borró del registro el \d{4}-\d\d-\d\d.*ya no se puede reenviar/)
    expect((await retry('en')).json.error.message).toMatch(/^This message's content was erased/)
    expect((await log(refused))[1]).toMatchObject({ status: 'failed', attemptLog: failed.attemptLog })

    // A rectification of the petitioner reaches the bodies still kept, and leaves the erased ones so.
    const fixed = await t.call('PATCH', `/api/questions/${first}/petitioner`, {
      token,
      body: { email: 'pedro.paramo@example.co' },
    })
    expect(fixed.status).toBe(200)
    const after = await log(received)
    expect(after.find((d) => d.id === erasedOk.id)?.payload).toBeNull()
    expect(after.find((d) => d.id === keptOk.id)?.payload?.data.petitioner.email).toBe('susana@example.co')
    expect(all(t, "select count(*) n from webhook_deliveries where payload = '{}'")).toEqual([{ n: 2 }])
  })

  it('are erased a bounded batch at a time, oldest first, so a run stays within what D1 allows', async () => {
    const { t, hook } = await fileApp()
    const endpoint = await hook('https://sgdea.example.org/hooks')
    const client = (t.deps.db as any).$client
    const insert = client.prepare(
      `insert into webhook_deliveries (id, endpoint_id, event_type, payload, status, attempts, next_attempt_at, created_at)
       values (?, ?, 'question.created', '{"data":{"petitioner":{"name":"Persona"}}}', 'delivered', 1, ?, ?)`,
    )
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString()
    client.transaction(() => {
      for (let i = 0; i <= PURGE_BATCH; i++)
        insert.run(`msg_${String(i).padStart(5, '0')}`, endpoint, at(i), at(i))
    })()
    expect(await purgeWebhookBodies(t.deps, { days: 30, rounds: 1 })).toBe(PURGE_BATCH)
    expect(all(t, 'select id from webhook_deliveries where purged_at is null')).toEqual([
      { id: `msg_${String(PURGE_BATCH).padStart(5, '0')}` },
    ])
    expect(await purgeWebhookBodies(t.deps, { days: 30, rounds: 1 })).toBe(1)
  })

  it('run with the scheduled retention, on CABILDO_WEBHOOK_LOG_DAYS (30 by default, 0 keeps them)', async () => {
    const { t, hook, ask, log } = await fileApp()
    const ok = await receiver()
    const endpoint = await hook(ok.url)
    await ask('Pedro Páramo', 'pedro@example.co')
    await ok.waitFor(1)
    await expect.poll(async () => (await log(endpoint))[0]?.status).toBe('delivered')
    t.setNow(new Date(t.deps.now().getTime() + 30 * DAY))
    t.deps.config.webhookLogDays = null
    expect(await scheduledRetention(t.deps)).toMatchObject({ anonymized: 0, webhookBodies: 0 })
    expect((await log(endpoint))[0].payload).not.toBeNull()
    t.deps.config.webhookLogDays = 30
    expect(await scheduledRetention(t.deps)).toMatchObject({ anonymized: 0, webhookBodies: 1 })
    expect((await log(endpoint))[0].payload).toBeNull()

    expect(parseWebhookLogDays(undefined)).toBe(30)
    expect(parseWebhookLogDays(' ')).toBe(30)
    expect(parseWebhookLogDays('0')).toBeNull()
    expect(parseWebhookLogDays('7')).toBe(7)
    for (const bad of ['-1', '1.5', 'un mes', '30d'])
      expect(() => parseWebhookLogDays(bad)).toThrow(/CABILDO_WEBHOOK_LOG_DAYS inválido/)
  })
})
