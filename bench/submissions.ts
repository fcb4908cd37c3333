import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { client } from '../test/contract/client'
import { CONTRACT_ADMIN, startNode } from '../test/contract/servers'
import { requiredAnswers } from '../test/fixtures/answers'
import { type BenchRow, type BenchSuite, percentile, round, row, serverPid } from './harness'
import { CONNECTIONS, generator, type Load, load, type Spec } from './load'

/**
 * The two public submissions — a survey response and an attendance registration — per second on one
 * Node process (SQLite file, WAL, synchronous=FULL, the in-memory live hub and rate limiter in the
 * path), against the bare `/api/health/ping` route of the same server in the same run, all at 100
 * concurrent connections. Each request is what the widget sends: a new device or person, and its own
 * Idempotency-Key. Every 2xx must be stored exactly once: the counters are checked against the count of
 * acknowledgements, so a run that loses or duplicates a submission fails instead of reporting a figure.
 *
 * The machine is shared and its speed moves from one minute to the next (the same code measured here
 * at 2,200 and at 3,900 survey responses a second within a quarter of an hour), so the three loads take
 * turns in short rounds — bare, survey, attendance, bare, survey, … , bare — and each round's
 * submissions are compared with the bare route measured just before and just after them. The table
 * gives the median round and, in its note, the range over all rounds. Beside the rates, the server's own
 * CPU per request (every thread, from /proc): it moves less with the machine's speed than the rates do,
 * and the load generator, which shares the 2 cores, is not in it. Each round also sends the survey load
 * to a second server that answers it without storing anything (bench/instant-server.ts), reading,
 * checking and hashing the body on the request thread: the route's own rate with that work where the
 * route once did it, against the same bare rounds. The server that stores leaves it to the writer
 * thread, and may now beat it.
 */
const SUITE = 'submissions'
export const ROUNDS = Number(process.env.BENCH_ROUNDS || 5)
export const SECONDS = Number(process.env.BENCH_SECONDS || 4)
const WARMUP_SECONDS = 3
/** Issue 7: each submission at least half the bare route's rate, p99 at most 50 ms. */
const TARGET = { ratio: 0.5, p99: 50 }

export const answers = {
  genero: 'mujer',
  rango_edad: '29_40',
  medio_enterado: ['redes_sociales', 'voz_a_voz'],
  ...requiredAnswers,
  comentarios: 'Más espacios de participación en los barrios',
}

export const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  )
export const range = (xs: number[], digits = 0) =>
  `${round(Math.min(...xs), digits).toLocaleString('en')}–${round(Math.max(...xs), digits).toLocaleString('en')}`

/**
 * The first 13 digits of the benchmark's Idempotency-Keys: the widget's keys begin with the moment they
 * were made, in milliseconds (web/widget/storage.ts, `newKey`), and a registration's key of that form is
 * kept in time order (server/services/token-seal.ts, `keptKey`). Here the hundreds of millions of
 * seconds of now, then `{{n}}`, which has eight digits and rises with each request, as a phone's clock
 * would between two keys.
 */
const MADE = String(Math.floor(Date.now() / 1e8))

/** A POST whose body and Idempotency-Key are new on every request (`{{n}}`, bench/load.ts). */
const posts = (url: string, body: unknown): Spec => ({
  url,
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'idempotency-key': `${MADE}{{n}}-bench-${process.pid}-${Date.now().toString(36)}`,
  },
  body: JSON.stringify(body),
})

/** The two submissions against an event at `base` (…/api/events/:slug), as the widget sends them. */
export const loads = (base: string) => ({
  survey: posts(`${base}/forms/evaluacion/responses`, {
    answers,
    deviceToken: `${MADE}{{n}}-device-${process.pid}`,
  }),
  attendance: posts(`${base}/attendance`, {
    name: 'Persona de prueba',
    documentType: 'CC',
    documentNumber: '{{shuffled}}',
    email: 'persona{{n}}@example.org',
    gender: '{{pick:hombre|mujer}}',
    ageRange: '29_40',
    occupation: 'empleado',
    territory: `Comuna {{pick:${Array.from({ length: 16 }, (_, i) => i).join('|')}}}`,
    channel: 'redes_sociales',
    consent: true,
  }),
})

// Limits far above what one machine can send: the limiter stays in the path without refusing.
const BENCH_SETTINGS = {
  CABILDO_DEMO: '0',
  CABILDO_RATE_LIMIT_IP: '100000000/60',
  CABILDO_RATE_LIMIT_EVENT: '100000000/60',
}

/** The Node server the suites measure, without the demo event; `entry`: a variant of it. */
export const benchServer = (entry?: string) => startNode(BENCH_SETTINGS, { entry })

/**
 * The same server's environment, for the tools that start it under a profiler of their own
 * (bench/profile.ts, bench/instructions-server.ts): on `port`, its database in `dir`.
 */
export const benchServerEnv = (port: number, dir: string) =>
  ({
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    CABILDO_DB: join(dir, 'cabildo.db'),
    CABILDO_ADMIN_EMAIL: CONTRACT_ADMIN.email,
    CABILDO_ADMIN_PASSWORD: CONTRACT_ADMIN.password,
    ...BENCH_SETTINGS,
  }) as NodeJS.ProcessEnv

/** Creates the open, virtual event the submissions go to; returns its API base URL. */
export async function benchEvent(url: string, slug: string) {
  const api = client(url)
  const admin = await api.login()
  const created = await api.call('POST', '/api/events', {
    token: admin,
    body: {
      slug,
      title: 'Banco de pruebas',
      entity: {
        name: 'Entidad de banco',
        nit: '900000000-5',
        address: 'Calle 1 # 2-3',
        email: 'datos@banco.gov.co',
      },
      startsAt: '2026-12-01T15:00:00Z',
      modality: 'virtual',
      country: 'CO',
      status: 'open',
    },
  })
  if (created.status !== 201) throw new Error(`event: ${JSON.stringify(created.json)}`)
  return { api, admin, base: `${url}/api/events/${slug}` }
}

export const submissions: BenchSuite = {
  name: SUITE,
  async run(): Promise<BenchRow[]> {
    const server = await benchServer()
    // The same server with survey responses answered at once (bench/instant-server.ts).
    const instant = await benchServer('bench/instant-server.ts').catch(async (err) => {
      await server.stop()
      throw err
    })
    try {
      const slug = 'bench-submissions'
      const { api, admin, base } = await benchEvent(server.url, slug)
      const ping: Spec = { url: `${server.url}/api/health/ping` }
      const { survey, attendance } = loads(base)
      const unstored = loads((await benchEvent(instant.url, slug)).base).survey

      // Warm every path (JIT, SQLite page cache) at full concurrency before measuring.
      const warm = [
        await load(ping, WARMUP_SECONDS),
        await load(survey, WARMUP_SECONDS),
        await load(attendance, WARMUP_SECONDS),
        await load(unstored, WARMUP_SECONDS),
      ]
      // The server's own CPU per request, all its threads (where /proc tells it).
      let pid: number | undefined
      let instantPid: number | undefined
      try {
        pid = serverPid(server.child.pid!)
        instantPid = serverPid(instant.child.pid!)
      } catch {}
      const bare = [await load(ping, SECONDS, pid)]
      const sub: Load[] = []
      const att: Load[] = []
      const unstoredRuns: Load[] = []
      for (let r = 0; r < ROUNDS; r++) {
        sub.push(await load(survey, SECONDS, pid))
        att.push(await load(attendance, SECONDS, pid))
        unstoredRuns.push(await load(unstored, SECONDS, instantPid))
        bare.push(await load(ping, SECONDS, pid))
      }

      const stats = await api.call('GET', `/api/events/${slug}/forms/evaluacion/stats`, { token: admin })
      const summary = await api.call('GET', `/api/events/${slug}/attendance/summary`, { token: admin })
      // The load generator stops with up to CONNECTIONS requests in flight per run: stored but not counted.
      const check = (stored: number, runs: Load[]) => {
        const ok = runs.reduce((n, r) => n + r.ok, 0)
        const failed = runs.reduce((n, r) => n + r.failed, 0)
        const slack = CONNECTIONS * runs.length
        if (failed || stored < ok || stored > ok + slack)
          throw new Error(`${failed} failed; ${stored} stored for ${ok} acknowledged (+${slack} in flight)`)
      }
      check(stats.json.responses, [warm[1], ...sub])
      check(summary.json.registered.value, [warm[2], ...att])

      // Each round against the bare route measured on either side of it.
      const around = sub.map((_, r) => (bare[r].rps + bare[r + 1].rps) / 2)
      const bareRps = median(bare.map((b) => b.rps))
      const baseline = { name: 'GET /api/health/ping req/s', value: round(bareRps) }
      const p99Baseline = { name: `target p99 ms`, value: TARGET.p99 }
      const rounds = `median of ${ROUNDS} rounds of ${SECONDS} s at ${CONNECTIONS} connections, load from ${generator}`
      const bareCpu = {
        name: 'bare route server CPU µs/request',
        value: round(median(bare.map((b) => b.cpu)), 1),
      }
      // How much of the machine the server and the load generator kept busy between them: below all of
      // it, the rate was not set by the cores alone (docs/throughput-log.md).
      const busy = (runs: Load[]) =>
        `with the load generator's ${round(median(runs.map((l) => l.loadCpu)), 1)} µs, ${round(median(runs.map((l) => (l.rps * (l.cpu + l.loadCpu)) / 1e6)), 2)} of the machine's ${availableParallelism()} cores busy`
      // The server's CPU per request over the rounds, each against the bare rounds around it.
      const cpuRows = (one: string, runs: Load[]): BenchRow[] => {
        const cpuRatios = runs.map((l, r) => l.cpu / ((bare[r].cpu + bare[r + 1].cpu) / 2))
        return Number.isNaN(bareCpu.value) || runs.some((l) => Number.isNaN(l.cpu))
          ? []
          : [
              row(SUITE, `${one} server CPU`, round(median(runs.map((l) => l.cpu)), 1), 'µs/request', {
                baseline: bareCpu,
                ratio: median(cpuRatios),
                note: `the server process's CPU, every thread, per request (not the load generator's); rounds ${range(cpuRatios, 2)}× the bare route's; ${busy(runs)}`,
              }),
            ]
      }
      const figures = (name: string, one: string, runs: Load[], noun: string): BenchRow[] => {
        const ratios = runs.map((l, r) => l.rps / around[r])
        return [
          row(SUITE, `${name} req/s`, round(median(runs.map((l) => l.rps))), 'req/s', {
            baseline,
            ratio: median(ratios),
            note: `target ≥ ${TARGET.ratio}× bare; ${rounds}, each against the bare route around it: ${range(ratios, 2)}×`,
          }),
          row(SUITE, `${one} p99 latency`, median(runs.map((l) => l.p99)), 'ms', {
            baseline: p99Baseline,
            note: `p50 ${median(runs.map((l) => l.p50))} ms; rounds ${range(runs.map((l) => l.p99))} ms; every acknowledged ${noun} stored once`,
          }),
          ...cpuRows(one, runs),
        ]
      }
      // The same request answered at once by the other server: what the route allows before any storage.
      const unstoredRows = (runs: Load[]): BenchRow[] => {
        const ratios = runs.map((l, r) => l.rps / around[r])
        return [
          row(SUITE, 'survey route without storage req/s', round(median(runs.map((l) => l.rps))), 'req/s', {
            baseline,
            ratio: median(ratios),
            note: `the same requests answered 201 at once, the body read on the request thread, nothing stored (bench/instant-server.ts); rounds ${range(ratios, 2)}×, p99 ${median(runs.map((l) => l.p99))} ms`,
          }),
          ...cpuRows('survey route without storage', runs),
        ]
      }
      return [
        row(SUITE, 'bare route req/s', round(bareRps), 'req/s', {
          note: `median of ${bare.length} runs taking turns with the submissions: ${range(bare.map((b) => b.rps))}`,
        }),
        row(SUITE, 'bare route p99 latency', median(bare.map((b) => b.p99)), 'ms', {
          note: `p50 ${median(bare.map((b) => b.p50))} ms`,
        }),
        ...(Number.isNaN(bareCpu.value)
          ? []
          : [
              row(SUITE, 'bare route server CPU', bareCpu.value, 'µs/request', {
                note: `the server process, every thread; ${busy(bare)}`,
              }),
            ]),
        ...figures('survey responses', 'survey response', sub, 'response'),
        ...figures('attendance registrations', 'attendance registration', att, 'registration'),
        ...unstoredRows(unstoredRuns),
      ]
    } finally {
      await Promise.all([server.stop(), instant.stop()])
    }
  },
}
