import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openNodeDb } from '../db/client-node'
import { newId } from '../db/ids'
import type { FormQuestion } from '../db/schema'
import { normText } from '../server/services/answers'
import { evaluationForm } from '../server/services/question-bank'
import { client } from '../test/contract/client'
import { startNode } from '../test/contract/servers'
import {
  type BenchRow,
  type BenchSuite,
  insertBenchEvent,
  percentile,
  round,
  row,
  whilePinging,
} from './harness'

/**
 * The survey stats endpoint at 1,000 and at 1,000,000 stored responses. Responses (with their answers),
 * counters and grouped texts are written straight into a fresh SQLite file (what the submission commit
 * would have written, consistent with each other), then a real Node server answers GET …/stats.
 */
const SUITE = 'stats'
const SIZES = [1_000, 1_000_000]
const SAMPLES = 300
const SLUG = 'bench-stats'
const CACHE = 'bench/results/cache'

// A small deterministic generator: the same data on every run.
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const texts = Array.from(
  { length: 4000 },
  (_, i) => `Sugerencia número ${i % 2000} sobre el barrio ${i % 37}`,
)

function fill(file: string, responses: number) {
  const db = openNodeDb(file) as any
  const sqlite = db.$client
  // A bulk load into a file nobody else has open: no journal, no fsync, a large page cache.
  sqlite.pragma('journal_mode = OFF')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('locking_mode = EXCLUSIVE')
  sqlite.pragma('cache_size = -1048576')
  const def = evaluationForm()
  const formId = newId()
  const now = new Date().toISOString()
  const random = rng(responses)
  const counters = new Map<string, number>()
  const textCounts = new Map<string, { text: string; count: number }>()
  const bump = (q: string, v: string) =>
    counters.set(`${q}\u0000${v}`, (counters.get(`${q}\u0000${v}`) ?? 0) + 1)
  const pick = (q: FormQuestion) => q.options![Math.floor(random() * q.options!.length)].value
  const insertResponse = sqlite.prepare(
    'insert into form_responses (id, form_id, event_id, submitted_at, answers) values (?, ?, ?, ?, ?)',
  )
  sqlite.transaction(() => {
    const eventId = insertBenchEvent(sqlite, SLUG, 'Banco de estadísticas', now)
    sqlite
      .prepare(
        'insert into forms (id, event_id, key, version, "current", definition, created_at) values (?, ?, \'evaluacion\', 1, 1, ?, ?)',
      )
      .run(formId, eventId, JSON.stringify(def), now)
    for (let i = 0; i < responses; i++) {
      const answers: Record<string, unknown> = {}
      bump('', '')
      for (const q of def.questions) {
        // Required questions always; optional ones as often as people tend to answer them.
        const rate = q.required ? 1 : q.type === 'long_text' ? 0.06 : q.sensitive ? 0.3 : 0.7
        if (random() >= rate) continue
        bump(q.id, '')
        if (q.type === 'long_text') {
          const text = texts[Math.floor(random() * texts.length)]
          answers[q.id] = text
          const key = `${q.id}\u0000${normText(text)}`
          textCounts.set(key, { text, count: (textCounts.get(key)?.count ?? 0) + 1 })
        } else if (q.type === 'multi') {
          const [a, b] = [pick(q), pick(q)]
          const alone = (v: string) => q.options!.find((o) => o.value === v)?.exclusive
          const chosen = alone(a) ? [a] : alone(b) || a === b ? [a] : [a, b]
          for (const v of chosen) bump(q.id, v)
          answers[q.id] = chosen
        } else {
          const v = pick(q)
          bump(q.id, v)
          answers[q.id] = v
        }
      }
      insertResponse.run(newId(), formId, eventId, now, JSON.stringify(answers))
    }
    const counter = sqlite.prepare(
      'insert into form_counters (form_id, question_id, value, count) values (?, ?, ?, ?)',
    )
    for (const [key, count] of counters) {
      const [q, v] = key.split('\u0000')
      counter.run(formId, q, v, count)
    }
    counter.run(`${eventId}/evaluacion`, '', '', responses)
    const text = sqlite.prepare(
      "insert into form_texts (event_id, form_key, question_id, norm, text, count) values (?, 'evaluacion', ?, ?, ?, ?)",
    )
    for (const [key, t] of textCounts) {
      const [q, norm] = key.split('\u0000')
      text.run(eventId, q, norm, t.text, t.count)
    }
  })()
  sqlite.pragma('locking_mode = NORMAL')
  sqlite.pragma('journal_mode = WAL')
  sqlite.close()
}

/**
 * The data of `n` responses at `file`: generated once, then copied from bench/results/cache/ (ignored by
 * git) for as long as neither the generator nor the migrations change; BENCH_FRESH=1 generates anew.
 * A million responses take about 20 s to write and a few seconds to copy.
 */
function prepared(file: string, n: number): string {
  const migrations = new URL('../db/migrations/', import.meta.url).pathname
  const digest = createHash('sha256').update(fill.toString()).update(insertBenchEvent.toString())
  for (const name of readdirSync(migrations, { recursive: true }).map(String).sort())
    if (name.endsWith('.sql')) digest.update(name).update(readFileSync(join(migrations, name)))
  const kept = join(CACHE, `stats-${n}-${digest.digest('hex').slice(0, 16)}.db`)
  const t0 = performance.now()
  let how = 'copied from the cache'
  if (process.env.BENCH_FRESH === '1' || !existsSync(kept)) {
    mkdirSync(CACHE, { recursive: true })
    for (const old of readdirSync(CACHE)) if (old.startsWith(`stats-${n}-`)) rmSync(join(CACHE, old))
    fill(`${kept}.part`, n)
    renameSync(`${kept}.part`, kept)
    how = 'generated'
  }
  copyFileSync(kept, file)
  return `data ${how} in ${round((performance.now() - t0) / 1000, 1)} s`
}

type Target = {
  n: number
  url: string
  get: (query?: string) => Promise<number>
  stop: () => Promise<void>
}

async function serve(file: string, n: number): Promise<Target> {
  const server = await startNode({ CABILDO_DB: file, CABILDO_DEMO: '0' })
  const api = client(server.url)
  const admin = await api.login()
  const path = `/api/events/${SLUG}/forms/evaluacion/stats`
  const first = await api.call('GET', path, { token: admin })
  if (first.json.responses !== n) throw new Error(`stats say ${first.json.responses} responses, not ${n}`)
  const get = async (query = '') => {
    const t0 = performance.now()
    const res = await api.call('GET', `${path}${query}`, { token: admin })
    if (res.status !== 200) throw new Error(`stats answered ${res.status}`)
    return performance.now() - t0
  }
  return { n, url: server.url, get, stop: server.stop }
}

export const stats: BenchSuite = {
  name: SUITE,
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'cabildo-stats-'))
    const targets: Target[] = []
    try {
      const loads: string[] = []
      for (const n of SIZES) {
        const file = join(dir, `stats-${n}.db`)
        loads.push(prepared(file, n))
        targets.push(await serve(file, n))
      }
      // Both servers run at once and take turns, so a busy moment of the machine hits both alike.
      for (let i = 0; i < 30; i++) for (const t of targets) await t.get()
      const times = targets.map(() => [] as number[])
      for (let i = 0; i < SAMPLES; i++) for (const [k, t] of targets.entries()) times[k].push(await t.get())
      const [small, big] = times.map((list) => {
        list.sort((a, b) => a - b)
        return { median: percentile(list, 50), p99: percentile(list, 99) }
      })
      // Filtered, the stats read the raw responses: seconds at a million. Meanwhile, what do others wait?
      const large = targets[1]
      const filtered = await whilePinging(large.url, async () => {
        const times: number[] = []
        for (let i = 0; i < 3; i++) times.push(await large.get('?filter.genero=mujer'))
        return times.sort((a, b) => a - b)[1]
      })
      const note = `median of ${SAMPLES} GETs over HTTP, the two servers taking turns; ${loads[1]}`
      return [
        row(SUITE, 'stats at 1,000 responses', round(small.median, 3), 'ms', { note }),
        row(SUITE, 'stats at 1,000,000 responses', round(big.median, 3), 'ms', {
          baseline: { name: 'stats at 1,000 (ms)', value: round(small.median, 3) },
          note,
        }),
        row(SUITE, 'stats p99 at 1,000 responses', round(small.p99, 3), 'ms'),
        row(SUITE, 'stats p99 at 1,000,000 responses', round(big.p99, 3), 'ms', {
          baseline: { name: 'p99 at 1,000 (ms)', value: round(small.p99, 3) },
        }),
        row(SUITE, 'filtered stats at 1,000,000 responses', Math.round(filtered.result), 'ms', {
          note: 'filter.genero=mujer: read from the raw responses, not the counters; median of 3',
        }),
        row(
          SUITE,
          'filtered stats: longest wait of another request meanwhile',
          Math.round(filtered.longest),
          'ms',
          {
            note: `a GET of the bare route every 20 ms during the 3 filtered GETs; median ${round(filtered.median, 1)} ms`,
          },
        ),
      ]
    } finally {
      await Promise.all(targets.map((t) => t.stop()))
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
