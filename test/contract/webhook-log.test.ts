import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client } from './client'
import { type Started, startWorkerd } from './servers'

// Written long ago, which no request can do: straight into the local D1 before the Worker starts. The
// pending one is due far ahead, so no run tries to send it.
const body = `'{"type":"question.created","data":{"petitioner":{"name":"Pedro Páramo","email":"pedro@example.co"}}}'`
const seed = [
  `insert into webhook_endpoints (id, url, secret) values ('wh_log', 'https://sgdea.example.org/hooks', 'whsec_dGVzdA==')`,
  `insert into webhook_deliveries (id, endpoint_id, event_type, payload, status, attempts, next_attempt_at, delivered_at, created_at) values
   ('msg_viejo', 'wh_log', 'question.created', ${body}, 'delivered', 1, '2020-09-01T00:00:00.000Z', '2020-09-01T00:00:01.000Z', '2020-09-01T00:00:00.000Z'),
   ('msg_fallido', 'wh_log', 'question.created', ${body}, 'failed', 8, '2020-09-02T00:00:00.000Z', null, '2020-09-01T00:00:00.000Z'),
   ('msg_pendiente', 'wh_log', 'question.created', ${body}, 'pending', 1, '2100-01-01T00:00:00.000Z', null, '2020-09-01T00:00:00.000Z'),
   ('msg_nuevo', 'wh_log', 'question.created', ${body}, 'delivered', 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  `insert into webhook_attempts (id, delivery_id, at, status, error, duration_ms) values ('at_1', 'msg_viejo', '2020-09-01T00:00:01.000Z', 204, null, 40)`,
].join(';\n')

/** On Workers the daily cron trigger erases the webhook messages' bodies past CABILDO_WEBHOOK_LOG_DAYS. */
describe("the webhook delivery log's bodies on workerd", () => {
  let server: Started
  beforeAll(async () => {
    server = await startWorkerd({ sql: seed, testScheduled: true, vars: { CABILDO_DEMO: '0' } })
  }, 120_000)
  afterAll(() => server?.stop())

  it('are erased by the daily trigger once delivered or failed for good; the rows and attempts stay', async () => {
    const api = client(server.url)
    const admin = await api.login()
    const log = async () =>
      Object.fromEntries(
        (await api.call('GET', '/api/webhooks/wh_log/deliveries', { token: admin })).json.deliveries.map(
          (d: { id: string }) => [d.id, d],
        ),
      )
    expect((await log()).msg_viejo.payload.data.petitioner.email).toBe('pedro@example.co')

    // The every-minute trigger sends retries; it erases nothing.
    await fetch(`${server.url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`)
    await new Promise((r) => setTimeout(r, 1000))
    expect((await log()).msg_viejo.purgedAt).toBeNull()
    const ran = await fetch(`${server.url}/__scheduled?cron=${encodeURIComponent('17 8 * * *')}`)
    expect(ran.status).toBe(200)
    await expect.poll(async () => (await log()).msg_viejo.purgedAt, { timeout: 10_000 }).not.toBeNull()
    const after = await log()
    expect(after.msg_viejo).toMatchObject({
      status: 'delivered',
      payload: null,
      attemptLog: [{ at: '2020-09-01T00:00:01.000Z', status: 204, error: null, durationMs: 40 }],
    })
    expect(after.msg_fallido).toMatchObject({ status: 'failed', payload: null, purgedAt: expect.any(String) })
    for (const kept of ['msg_pendiente', 'msg_nuevo'])
      expect(after[kept], kept).toMatchObject({ purgedAt: null, payload: { type: 'question.created' } })

    const retry = await api.call('POST', '/api/webhooks/wh_log/deliveries/msg_fallido/retry', {
      token: admin,
      headers: { 'accept-language': 'en' },
    })
    expect([retry.status, retry.json.error.code]).toEqual([409, 'CONFLICT'])
    expect(retry.json.error.message).toMatch(/^This message's content was erased from the log/)
  }, 60_000)
})
