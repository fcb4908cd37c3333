import { spawnSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { client } from './contract/client'
import { type Started, startNode } from './contract/servers'
import { requiredAnswers } from './helpers'

/**
 * The Node server as a child process, killed with SIGKILL at random moments while several clients
 * stream registrations and survey responses, then restarted on the same file. Clients retry what was
 * not acknowledged with the same Idempotency-Key, as the widget's outbox does.
 */
type Server = Started & { child: import('node:child_process').ChildProcess; dir: string; port: number }
type Item = { kind: 'attendance' | 'response'; key: string; body: unknown }

const env = { CABILDO_RATE_LIMIT_IP: '0', CABILDO_RATE_LIMIT_EVENT: '0', CABILDO_DEMO: '0' }
// CRASH_KILLS=30 for a longer soak than the suite's five.
const KILLS = Number(process.env.CRASH_KILLS ?? 5)
const CLIENTS = 6
const slug = 'evento-durable'
const root = new URL('../', import.meta.url).pathname
const answers = { ...requiredAnswers }
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

function killHard(server: Server) {
  const exited = new Promise((r) => server.child.once('exit', r))
  process.kill(-server.child.pid!, 'SIGKILL')
  return exited
}

const cli = (...args: string[]) =>
  spawnSync(join(root, 'node_modules/.bin/tsx'), ['server/cli.ts', ...args], { cwd: root, encoding: 'utf8' })

describe('durability of acknowledged submissions', () => {
  let server: Server
  afterAll(async () => {
    await server?.stop()
    if (server) rmSync(server.dir, { recursive: true, force: true })
  })

  it(
    `stores every acknowledged submission exactly once across ${KILLS} SIGKILLs and restarts`,
    async () => {
      server = await startNode(env, { keepData: true })
      const api = () => client(server.url)
      const token = await api().login()
      const created = await api().call('POST', '/api/events', {
        token,
        body: {
          slug,
          title: 'Audiencia de rendición de cuentas',
          entity: {
            name: 'Alcaldía de Prueba',
            nit: '890000001-7',
            address: 'Calle 1 # 2-3',
            email: 'datos@prueba.gov.co',
          },
          startsAt: '2026-11-27T14:00:00-05:00',
          modality: 'virtual',
          country: 'CO',
          status: 'open',
        },
      })
      expect(created.status).toBe(201)

      const acked = new Map<string, { kind: Item['kind']; id: string }>()
      let serial = 0
      let sending = true
      let failures = 0
      const next = (c: number): Item => {
        const n = `${c}-${++serial}`
        return serial % 2
          ? {
              kind: 'attendance',
              key: `att-${n}`,
              body: { name: `Persona ${n}`, email: `p${n}@correo.co`, gender: 'mujer', consent: true },
            }
          : {
              kind: 'response',
              key: `res-${n}`,
              body: { answers, deviceToken: `crash-device-${n.padStart(12, '0')}` },
            }
      }
      async function runClient(c: number) {
        let pending: Item | null = null
        while (sending || pending) {
          const item: Item = pending ?? next(c)
          const path =
            item.kind === 'attendance'
              ? `/api/events/${slug}/attendance`
              : `/api/events/${slug}/forms/evaluacion/responses`
          try {
            const res = await api().call('POST', path, {
              body: item.body,
              headers: { 'idempotency-key': item.key },
            })
            expect([200, 201], JSON.stringify(res.json)).toContain(res.status)
            acked.set(item.key, { kind: item.kind, id: res.json.id })
            pending = null
          } catch (err) {
            if ((err as Error).name === 'AssertionError') throw err
            // No answer: the server died with the request in flight. Send it again, same key, same body.
            failures += 1
            pending = item
            await pause(50)
          }
        }
      }
      const clients = Array.from({ length: CLIENTS }, (_, c) => runClient(c))
      for (let k = 0; k < KILLS; k++) {
        await pause(400 + Math.random() * 1200)
        await killHard(server)
        server = await startNode(env, { dir: server.dir, port: server.port, keepData: true })
      }
      await pause(500)
      sending = false
      await Promise.all(clients)

      const admin = await api().login()
      const stored = async (path: string, field: string) => {
        const ids: string[] = []
        for (let cursor = ''; ; ) {
          const res = await api().call('GET', `${path}?limit=500${cursor && `&cursor=${cursor}`}`, {
            token: admin,
          })
          ids.push(...res.json[field].map((r: { id: string }) => r.id))
          if (!res.json.nextCursor) return ids
          cursor = res.json.nextCursor
        }
      }
      const registrations = await stored(`/api/events/${slug}/attendance`, 'attendees')
      const responses = await stored(`/api/events/${slug}/forms/evaluacion/responses`, 'responses')
      const ackedOf = (kind: Item['kind']) =>
        [...acked.values()].filter((a) => a.kind === kind).map((a) => a.id)

      expect(failures, 'requests cut by a kill and retried').toBeGreaterThan(0)
      expect(new Set(registrations).size).toBe(registrations.length)
      expect(new Set(responses).size).toBe(responses.length)
      expect(registrations.sort()).toEqual(ackedOf('attendance').sort())
      expect(responses.sort()).toEqual(ackedOf('response').sort())

      const summary = await api().call('GET', `/api/events/${slug}/attendance/summary`, { token: admin })
      expect(summary.json.registered.value).toBe(registrations.length)
      const stats = await api().call('GET', `/api/events/${slug}/forms/evaluacion/stats`, { token: admin })
      expect(stats.json.responses).toBe(responses.length)
      const counters = await api().call('GET', `/api/admin/counters?slug=${slug}`, { token: admin })
      expect(counters.json).toEqual({ ok: true, events: [{ slug, drift: [], rebuilt: false }] })
    },
    Math.max(120_000, KILLS * 15_000),
  )

  it('writes consistent backups, from the endpoint and from the command, while submissions keep arriving', async () => {
    let writing = true
    let written = 0
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const res = await client(server.url).call('POST', `/api/events/${slug}/attendance`, {
          body: { name: `Copia ${w}-${i}`, email: `copia-${w}-${i}@correo.co`, consent: true },
        })
        if (res.status === 201) written += 1
      }
    }
    const writers = Array.from({ length: 4 }, (_, w) => writer(w))
    const token = await client(server.url).login()
    const res = await fetch(`${server.url}/api/admin/backup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="cabildo-\d{8}T\d{6}Z\.db"$/,
    )
    const fromEndpoint = join(server.dir, 'from-endpoint.db')
    writeFileSync(fromEndpoint, Buffer.from(await res.arrayBuffer()))
    const fromCommand = join(server.dir, 'from-command.db')
    const run = cli('backup', fromCommand, '--db', join(server.dir, 'cabildo.db'))
    writing = false
    await Promise.all(writers)
    expect(run.status, run.stderr).toBe(0)
    expect(written).toBeGreaterThan(0)
    for (const file of [fromEndpoint, fromCommand]) {
      const copy = new Database(file, { readonly: true })
      expect(copy.pragma('integrity_check', { simple: true }), file).toBe('ok')
      const n = copy.prepare('select count(*) n from attendees').get() as { n: number }
      expect(n.n).toBeGreaterThan(0)
      copy.close()
    }
    const audit = cli('audit-verify', '--db', join(server.dir, 'cabildo.db'))
    expect(audit.status, audit.stdout + audit.stderr).toBe(0)
    expect(audit.stdout).toMatch(/Cadena de auditoría íntegra: [\d.]+ entradas? verificadas?/)
  })

  it('stops on SIGTERM while live streams are open', async () => {
    const live = await startNode({ ...env, CABILDO_DEMO: '1' })
    try {
      const stream = await fetch(`${live.url}/api/events/demo-rendicion-de-cuentas/live`)
      expect(stream.status).toBe(200)
      const reader = stream.body!.getReader()
      await reader.read()
      const exited = new Promise<number | null>((r) => live.child.once('exit', (code) => r(code)))
      process.kill(-live.child.pid!, 'SIGTERM')
      // The open stream ends (it does not keep the server up, unreachable), and the process exits cleanly.
      for (let chunk = await reader.read().catch(() => ({ done: true })); !chunk.done; )
        chunk = await reader.read().catch(() => ({ done: true }))
      expect(await exited).toBe(0)
    } finally {
      await live.stop()
      rmSync(live.dir, { recursive: true, force: true })
    }
  })
})
