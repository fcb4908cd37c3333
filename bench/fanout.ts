import { type ChildProcess, fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { CONTRACT_ADMIN, startNode } from '../test/contract/servers'
import { hubCost, streamSseCost } from './fanout-hub'
import { type BenchRow, type BenchSuite, percentile, round, row, serverPid } from './harness'

/**
 * Live fan-out on one Node process: how long one approved question takes to reach every SSE
 * subscriber of /live (from just before the moderator's PATCH to each subscriber's socket), and the
 * server's resident memory per open subscriber. Subscribers are raw HTTP clients in child processes.
 */
const SIZES = [1, 1000, 5000]
const ROUNDS = 5
const CHILDREN = 2
const SUITE = 'fanout'

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024

function child(): Promise<{ ask: (msg: object) => Promise<any>; proc: ChildProcess }> {
  const proc = fork(new URL('./fanout-subscribers.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ask = (msg: object) =>
    new Promise<any>((resolve) => {
      proc.once('message', resolve)
      proc.send(msg)
    })
  return new Promise((resolve) => proc.once('message', () => resolve({ ask, proc })))
}

/** In process, no sockets: the hub's cost per subscriber against one Hono streamSSE per subscriber. */
async function inProcess(): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  for (const n of [1000, 5000]) {
    const sse = { name: `Hono streamSSE, ${n} subscribers`, value: round(await streamSseCost(n), 2) }
    const note = 'publish → every response stream has the frame, in process'
    rows.push(
      row(SUITE, `hub cost per subscriber per event (${n})`, round(await hubCost(n), 2), 'µs', {
        baseline: sse,
        note,
      }),
    )
  }
  return rows
}

const stop = (k: { proc: ChildProcess }) =>
  new Promise((exited) => {
    k.proc.once('exit', exited)
    k.proc.send({ cmd: 'close' })
  })

async function run(): Promise<BenchRow[]> {
  return [...(await inProcess()), ...(await overHttp())]
}

async function overHttp(): Promise<BenchRow[]> {
  const server = await startNode({ CABILDO_DEMO: '0' })
  const pid = serverPid(server.child.pid!)
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (token) headers.authorization = `Bearer ${token}`
    const res = await fetch(server.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return res.json() as Promise<any>
  }
  const rows: BenchRow[] = []
  try {
    const { token } = await call('POST', '/api/auth/login', CONTRACT_ADMIN)
    for (const size of SIZES) {
      const slug = `fanout-${size}-${Date.now().toString(36)}`
      await call(
        'POST',
        '/api/events',
        {
          slug,
          title: 'Fan-out',
          entity: {
            name: 'Banco de pruebas',
            nit: '800000003-4',
            address: 'Calle 1 # 2-3',
            email: 'datos@banco.gov.co',
          },
          startsAt: '2026-12-01T15:00:00Z',
          modality: 'virtual',
          country: 'CO',
          status: 'open',
        },
        token,
      )
      const kids = await Promise.all(Array.from({ length: Math.min(CHILDREN, size) }, child))
      await new Promise((r) => setTimeout(r, 500))
      const before = rssMiB(pid)
      const share = (i: number) => Math.floor(size / kids.length) + (i < size % kids.length ? 1 : 0)
      await Promise.all(
        kids.map((k, i) => k.ask({ cmd: 'open', url: `${server.url}/api/events/${slug}/live`, n: share(i) })),
      )
      await new Promise((r) => setTimeout(r, 1000))
      const after = rssMiB(pid)
      const latencies: number[] = []
      let missing = 0
      for (let r = 0; r < ROUNDS; r++) {
        const q = await call('POST', `/api/events/${slug}/questions`, {
          type: 'pregunta',
          text: `Pregunta ${r}`,
          anonymous: true,
        })
        await Promise.all(kids.map((k) => k.ask({ cmd: 'watch', id: q.id })))
        const t0 = process.hrtime.bigint()
        await call('PATCH', `/api/questions/${q.id}`, { status: 'approved' }, token)
        for (const got of await Promise.all(kids.map((k) => k.ask({ cmd: 'collect' })))) {
          missing += got.missing
          for (const t of got.times as string[]) latencies.push(Number(BigInt(t) - t0) / 1e6)
        }
      }
      await Promise.all(kids.map(stop))
      latencies.sort((a, b) => a - b)
      const note = `${ROUNDS} questions × ${size} subscribers${missing ? `, ${missing} not received` : ''}`
      // Each figure against the same figure for one subscriber, measured first.
      const against = (stat: string) => {
        const base = rows.find((x) => x.name === `reach 1 subscriber ${stat}`)
        return base && { name: base.name, value: base.value }
      }
      rows.push(
        row(
          SUITE,
          `reach ${size} subscriber${size > 1 ? 's' : ''} p50`,
          round(percentile(latencies, 50)),
          'ms',
          { note, baseline: against('p50') },
        ),
        row(
          SUITE,
          `reach ${size} subscriber${size > 1 ? 's' : ''} p99`,
          round(percentile(latencies, 99)),
          'ms',
          { note, baseline: against('p99') },
        ),
        row(
          SUITE,
          `reach ${size} subscriber${size > 1 ? 's' : ''} max`,
          round(latencies.at(-1) ?? Number.NaN),
          'ms',
          { note, baseline: against('max') },
        ),
      )
      if (size > 1)
        rows.push(
          row(
            SUITE,
            `server RSS per subscriber (${size})`,
            round(((after - before) * 1024) / size, 1),
            'KiB',
            {
              note: `server RSS ${round(before, 1)} → ${round(after, 1)} MiB`,
            },
          ),
        )
    }
  } finally {
    await server.stop()
  }
  return rows
}

export const fanout: BenchSuite = { name: SUITE, run }
