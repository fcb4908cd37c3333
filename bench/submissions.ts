import autocannon from 'autocannon'
import { client } from '../test/contract/client'
import { startNode } from '../test/contract/servers'
import { type BenchRow, type BenchSuite, round, row } from './harness'

/**
 * Survey submissions per second on one Node process (SQLite file, WAL, synchronous=FULL, the in-memory
 * live hub and rate limiter in the path), against the bare `/api/health/ping` route of the same server
 * in the same run, both at 100 concurrent connections. Every submission is a new, valid response.
 */
const SUITE = 'submissions'
const CONNECTIONS = 100
const SECONDS = 10

const answers = {
  genero: 'mujer',
  rango_edad: '29_40',
  medio_enterado: ['redes_sociales', 'voz_a_voz'],
  explicacion_procedimiento: 'clara',
  oportunidad_opinar: 'adecuada',
  tiempo_exposicion: 'adecuado',
  responde_intereses: 'si',
  muestra_resultados: 'si',
  calificacion_gestion: 'buena',
  volveria_participar: 'si',
  comentarios: 'Más espacios de participación en los barrios',
}

type Load = { rps: number; p99: number; ok: number; failed: number }

async function load(opts: autocannon.Options): Promise<Load> {
  const r = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts })
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    ok: r['2xx'],
    failed: r.non2xx + r.errors + r.timeouts,
  }
}

export const submissions: BenchSuite = {
  name: SUITE,
  async run(): Promise<BenchRow[]> {
    // Limits far above what one machine can send: the limiter stays in the path without refusing.
    const server = await startNode({
      CABILDO_DEMO: '0',
      CABILDO_RATE_LIMIT_IP: '100000000/60',
      CABILDO_RATE_LIMIT_EVENT: '100000000/60',
    })
    try {
      const api = client(server.url)
      const admin = await api.login()
      const slug = 'bench-submissions'
      const created = await api.call('POST', '/api/events', {
        token: admin,
        body: {
          slug,
          title: 'Banco de pruebas',
          entity: { name: 'Entidad de banco', nit: '900000000-1' },
          startsAt: '2026-12-01T15:00:00Z',
          modality: 'virtual',
          country: 'CO',
          status: 'open',
        },
      })
      if (created.status !== 201) throw new Error(`event: ${JSON.stringify(created.json)}`)
      let n = 0
      const survey = {
        url: `${server.url}/api/events/${slug}/forms/evaluacion/responses`,
        requests: [
          {
            method: 'POST' as const,
            headers: { 'content-type': 'application/json' },
            // A new device per request: each one is a new response, none refused as a repeat.
            setupRequest: (req: any) => ({
              ...req,
              body: JSON.stringify({ answers, deviceToken: `bench-device-${process.pid}-${++n}` }),
            }),
          },
        ],
      }
      const ping = { url: `${server.url}/api/health/ping` }
      // Warm both paths (JIT, SQLite page cache) before measuring.
      await autocannon({ ...ping, connections: 10, duration: 2 })
      await autocannon({ ...survey, connections: 10, duration: 2 })
      const bare = await load(ping)
      const sub = await load(survey)
      const stats = await api.call('GET', `/api/events/${slug}/forms/evaluacion/stats`, { token: admin })
      if (sub.failed || stats.json.responses < sub.ok)
        throw new Error(
          `${sub.failed} failed submissions; ${stats.json.responses} stored, ${sub.ok} acknowledged`,
        )
      const baseline = { name: 'GET /api/health/ping req/s', value: round(bare.rps) }
      const note = `${CONNECTIONS} connections, ${SECONDS} s each, same server, same run`
      return [
        row(SUITE, 'bare route req/s', round(bare.rps), 'req/s', { note }),
        row(SUITE, 'survey submissions req/s', round(sub.rps), 'req/s', { baseline, note }),
        row(SUITE, 'bare route p99 latency', bare.p99, 'ms', { note }),
        row(SUITE, 'survey submission p99 latency', sub.p99, 'ms', {
          baseline: { name: 'ping p99 ms', value: bare.p99 },
          note: `${stats.json.responses} responses stored and counted`,
        }),
      ]
    } finally {
      await server.stop()
    }
  },
}
