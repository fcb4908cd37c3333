import { type BenchRow, type BenchSuite, round, row } from './harness'
import { fill, generator, type Load, load } from './load'
import { benchEvent, benchServer, loads, median, range, SECONDS } from './submissions'

/**
 * What an attendee's phone loads on opening the event — the page, its script, the widget, the event
 * with its forms, the wall of questions and the survey's public results — per second on one Node
 * process at 100 concurrent connections, gzipped as a browser asks for them, against the bare
 * `/api/health/ping` route taking turns with them (as in the submissions suite). The event has an
 * approved question and 500 survey responses. These are kept in memory (server/read-cache.ts); built per
 * request they were served at 260–740 a second with p99s of 1–5 s, and the whole national event opens
 * them.
 */
const SUITE = 'reads'
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3)

export const reads: BenchSuite = {
  name: SUITE,
  async run(): Promise<BenchRow[]> {
    const server = await benchServer()
    try {
      const slug = 'bench-reads'
      const { api, admin, base } = await benchEvent(server.url, slug)
      const asked = await api.call('POST', `/api/events/${slug}/questions`, {
        body: {
          type: 'peticion',
          text: '¿Cuándo abre la convocatoria?',
          name: 'Ana Pérez',
          email: 'ana@example.co',
        },
      })
      await api.call('PATCH', `/api/questions/${asked.json.id}`, {
        token: admin,
        body: { status: 'approved' },
      })
      const survey = loads(base).survey
      for (let n = 0; n < 500; n += 20)
        await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            const headers = Object.fromEntries(
              Object.entries(survey.headers!).map(([k, v]) => [k, fill(v, n + i)]),
            )
            const r = await fetch(survey.url, { method: 'POST', headers, body: fill(survey.body!, n + i) })
            if (r.status !== 201) throw new Error(`survey response: ${r.status} ${await r.text()}`)
          }),
        )
      const browser = { 'accept-encoding': 'gzip, deflate, br', 'accept-language': 'es-CO,es;q=0.9' }
      const paths: [string, string][] = [
        ['attendee page', `/e/${slug}`],
        ['page script', '/app/page.js'],
        ['widget script', '/widget.js'],
        ['event with its forms', base.slice(server.url.length)],
        ['wall of questions', `${base.slice(server.url.length)}/questions`],
        ['survey results', `${base.slice(server.url.length)}/forms/evaluacion/results`],
      ]
      const ping = { url: `${server.url}/api/health/ping` }
      for (const [, path] of paths) await load({ url: server.url + path, headers: browser }, 2)
      const bare = [await load(ping, SECONDS)]
      const runs = paths.map((): Load[] => [])
      for (let r = 0; r < ROUNDS; r++) {
        for (const [i, [, path]] of paths.entries())
          runs[i].push(await load({ url: server.url + path, headers: browser }, SECONDS))
        bare.push(await load(ping, SECONDS))
      }
      const failed = runs.flat().reduce((n, l) => n + l.failed, 0)
      if (failed) throw new Error(`${failed} reads failed`)
      const around = runs[0].map((_, r) => (bare[r].rps + bare[r + 1].rps) / 2)
      const baseline = { name: 'GET /api/health/ping req/s', value: round(median(bare.map((b) => b.rps))) }
      const rounds = `median of ${ROUNDS} rounds of ${SECONDS} s at 100 connections, gzipped, load from ${generator}`
      return paths.flatMap(([name, path], i): BenchRow[] => {
        const ratios = runs[i].map((l, r) => l.rps / around[r])
        return [
          row(SUITE, `${name} req/s`, round(median(runs[i].map((l) => l.rps))), 'req/s', {
            baseline,
            ratio: median(ratios),
            note: `GET ${path.replace(slug, ':slug')}; ${rounds}; rounds ${range(ratios, 2)}× the bare route`,
          }),
          row(SUITE, `${name} p99 latency`, median(runs[i].map((l) => l.p99)), 'ms', {
            note: `p50 ${median(runs[i].map((l) => l.p50))} ms; rounds ${range(runs[i].map((l) => l.p99))} ms`,
          }),
        ]
      })
    } finally {
      await server.stop()
    }
  },
}
