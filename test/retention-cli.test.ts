import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openNodeDb } from '../db/client-node'
import { startNode } from './contract/servers'
import { all, auditOf, close, rowsOf, startedBefore } from './fixtures/retention'
import { scratchDir } from './fixtures/scratch'
import { sampleEvent, type TestApp, testApp } from './helpers'

const root = new URL('../', import.meta.url).pathname

/** A webhook message written at `at`, with its status, straight into the file (the command's clock is the machine's). */
async function message(t: TestApp, id: string, status: 'delivered' | 'pending', at: string) {
  const [endpoint] = all(t, 'select id from webhook_endpoints') as { id: string }[]
  const endpointId =
    endpoint?.id ??
    (
      await t.call('POST', '/api/webhooks', {
        token: t.adminToken,
        body: { url: 'https://sgdea.example.org/hooks' },
      })
    ).json.webhook.id
  all(
    t,
    `insert into webhook_deliveries (id, endpoint_id, event_type, payload, status, attempts, next_attempt_at, created_at)
     values (?, ?, 'question.created', '{"data":{"petitioner":{"email":"pedro@example.co"}}}', ?, 1, ?, ?) returning id`,
    id,
    endpointId,
    status,
    at,
    at,
  )
}
const { CABILDO_RETENTION_DAYS: _, CABILDO_WEBHOOK_LOG_DAYS: __, ...inherited } = process.env
const cli = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(join(root, 'node_modules/.bin/tsx'), ['server/cli.ts', 'anonymize', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...inherited, ...env } as NodeJS.ProcessEnv,
  })

describe('npm run maintenance -- anonymize', () => {
  it('lists with --dry-run and then anonymises the events whose period ran out, on a database file', async () => {
    const file = join(scratchDir('cabildo-retention-cli-'), 'cabildo.db')
    const t = await testApp({ deps: { db: openNodeDb(file) } })
    const regs: Record<string, number> = { propio: 2, general: 1, abierto: 1 }
    for (const [slug, n] of Object.entries(regs)) {
      await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug }) })
      for (let i = 0; i < n; i++)
        await t.call('POST', `/api/events/${slug}/attendance`, {
          body: { name: `Persona ${i}`, email: `p${i}@example.co`, gender: 'mujer', consent: true },
        })
    }
    // Ended long ago: the command's clock is the machine's.
    await close(t, 'propio', { endsAt: '2020-09-01T00:00:00Z', retentionDays: 30 })
    await close(t, 'general', { endsAt: '2020-09-01T00:00:00Z' })
    await t.call('PATCH', '/api/events/abierto', {
      token: t.adminToken,
      body: { ...startedBefore('2019-01-01T00:00:00Z'), endsAt: '2019-01-01T00:00:00Z', retentionDays: 1 },
    })
    const audit = all(t, 'select count(*) n from audit_log')

    const dry = cli({}, '--db', file, '--dry-run')
    expect(dry.status, dry.stderr).toBe(0)
    expect(dry.stdout).toBe(
      'Se anonimizarían 2 registros de 1 evento (--dry-run: nada cambió):\n' +
        '  propio: 2 registros (plazo de 30 días del evento, vencido el 2020-10-01)\n',
    )
    const json = cli({}, '--db', file, '--dry-run', '--older-than', '60', '--json')
    expect(JSON.parse(json.stdout)).toMatchObject({
      dryRun: true,
      anonymized: 3,
      events: [
        { slug: 'propio', rows: 2, period: { days: 30, source: 'event' } },
        {
          slug: 'general',
          rows: 1,
          period: { days: 60, source: 'installation' },
          dueAt: '2020-10-31T00:00:00.000Z',
        },
      ],
    })
    expect(all(t, 'select count(*) n from audit_log')).toEqual(audit)
    expect(all(t, 'select count(*) n from attendees where anonymized_at is not null')).toEqual([{ n: 0 }])

    const run = cli({ CABILDO_RETENTION_DAYS: '60' }, '--db', file)
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^Se anonimizaron 3 registros de 2 eventos:\n {2}propio: 2 registros/)
    for (const slug of ['propio', 'general'])
      expect(rowsOf(t, slug).every((r) => r.anonymized_at && r.name === '' && r.email === null)).toBe(true)
    expect(rowsOf(t, 'abierto')).toMatchObject([{ name: 'Persona 0', email: 'p0@example.co' }])
    expect(auditOf(t, 'attendance.anonymize').map((e) => [e.actor, e.data.rows])).toEqual([
      ['system:cli', 2],
      ['system:cli', 1],
    ])

    const again = cli({ CABILDO_RETENTION_DAYS: '60' }, '--db', file)
    expect([again.status, again.stdout]).toEqual([
      0,
      'Ningún evento cerrado con plazo de conservación vencido guarda datos personales de asistentes.\n',
    ])
    expect(auditOf(t, 'attendance.anonymize')).toHaveLength(2)

    // Mistakes are exit 2, in Spanish, and change nothing.
    const zero = cli({}, '--db', file, '--older-than', '0')
    expect([zero.status, zero.stderr]).toEqual([
      2,
      '--older-than necesita un número entero de días, 1 o más (no «0»).\n',
    ])
    const env = cli({ CABILDO_RETENTION_DAYS: 'un año' }, '--db', file)
    expect(env.status).toBe(2)
    expect(env.stderr).toMatch(/^CABILDO_RETENTION_DAYS inválido: "un año"/)
  }, 60_000)

  it("erases the webhook messages' bodies past CABILDO_WEBHOOK_LOG_DAYS, listed first with --dry-run", async () => {
    const file = join(scratchDir('cabildo-webhook-log-cli-'), 'cabildo.db')
    const t = await testApp({ deps: { db: openNodeDb(file) } })
    await message(t, 'msg_viejo', 'delivered', '2020-09-01T00:00:00.000Z')
    await message(t, 'msg_pendiente', 'pending', '2020-09-01T00:00:00.000Z')
    await message(t, 'msg_nuevo', 'delivered', new Date().toISOString())
    const kept = () =>
      all(t, "select id from webhook_deliveries where payload like '%pedro@%' order by id").map(
        (r: any) => r.id,
      )
    const nothing =
      'Ningún evento cerrado con plazo de conservación vencido guarda datos personales de asistentes.'

    const dry = cli({}, '--db', file, '--dry-run')
    expect([dry.status, dry.stdout]).toEqual([
      0,
      `${nothing}\nSe borraría el contenido de 1 mensaje de webhook con más de 30 días.\n`,
    ])
    expect(kept()).toEqual(['msg_nuevo', 'msg_pendiente', 'msg_viejo'])
    const week = cli({ CABILDO_WEBHOOK_LOG_DAYS: '7' }, '--db', file, '--dry-run', '--json')
    expect(JSON.parse(week.stdout)).toMatchObject({ dryRun: true, webhookBodies: { days: 7, erased: 1 } })
    const off = cli({ CABILDO_WEBHOOK_LOG_DAYS: '0' }, '--db', file)
    expect([off.status, off.stdout]).toEqual([0, `${nothing}\n`])
    expect(kept()).toHaveLength(3)

    const run = cli({}, '--db', file)
    expect([run.status, run.stdout]).toEqual([
      0,
      `${nothing}\nSe borró el contenido de 1 mensaje de webhook con más de 30 días.\n`,
    ])
    expect(kept()).toEqual(['msg_nuevo', 'msg_pendiente'])
    expect(
      all(t, "select payload, purged_at is not null erased from webhook_deliveries where id = 'msg_viejo'"),
    ).toEqual([{ payload: '{}', erased: 1 }])
    const bad = cli({ CABILDO_WEBHOOK_LOG_DAYS: 'un mes' }, '--db', file)
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/^CABILDO_WEBHOOK_LOG_DAYS inválido: "un mes"/)
  }, 60_000)

  it('is run by the Node server itself once it starts, with the same periods and nothing by default', async () => {
    const dir = scratchDir('cabildo-retention-node-')
    const t = await testApp({ deps: { db: openNodeDb(join(dir, 'cabildo.db')) } })
    for (const slug of ['propio', 'general']) {
      await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug }) })
      await t.call('POST', `/api/events/${slug}/attendance`, {
        body: { name: 'Persona 0', email: 'p0@example.co', gender: 'mujer', consent: true },
      })
    }
    await close(t, 'propio', { endsAt: '2020-09-01T00:00:00Z', retentionDays: 30 })
    // No period of its own and none for the installation: kept, however old.
    await close(t, 'general', { endsAt: '2020-09-01T00:00:00Z' })
    await message(t, 'msg_viejo', 'delivered', '2020-09-01T00:00:00.000Z')
    const server = await startNode({ CABILDO_DEMO: '0', CABILDO_RETENTION_DAYS: '0' }, { dir, admin: false })
    try {
      const deadline = Date.now() + 20_000
      while (!rowsOf(t, 'propio')[0].anonymized_at && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100))
      expect(rowsOf(t, 'propio')).toMatchObject([{ name: '', email: null }])
      expect(rowsOf(t, 'general')).toMatchObject([{ name: 'Persona 0', email: 'p0@example.co' }])
      expect(auditOf(t, 'attendance.anonymize').map((e) => [e.actor, e.data])).toEqual([
        ['system:cron', { rows: 1, retention: { days: 30, source: 'event' } }],
      ])
      // And the webhook messages' bodies past the default 30 days, in the same run.
      while (!all(t, 'select purged_at from webhook_deliveries')[0].purged_at && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100))
      expect(all(t, 'select payload from webhook_deliveries')).toEqual([{ payload: '{}' }])
    } finally {
      await server.stop()
    }
  }, 60_000)
})
