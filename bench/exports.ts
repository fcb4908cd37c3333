import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openNodeDb } from '../db/client-node'
import { newId } from '../db/ids'
import { client } from '../test/contract/client'
import { startNode } from '../test/contract/servers'
import {
  type BenchRow,
  type BenchSuite,
  insertBenchEvent,
  round,
  row,
  serverPid,
  whilePinging,
} from './harness'

/**
 * The attendance list of a national event, 100,000 registrations, exported as CSV and as XLSX by a real
 * Node server over HTTP: how long the download takes, how much the server's memory grows at its peak,
 * and how long other requests wait meanwhile (a GET of the bare route every 20 ms during the export:
 * the longest of them). The registrations are written straight into a fresh SQLite file.
 */
const SUITE = 'exports'
const PEOPLE = 100_000
const SLUG = 'bench-exportaciones'

function fill(file: string) {
  const db = openNodeDb(file) as any
  const sqlite = db.$client
  sqlite.pragma('journal_mode = OFF')
  sqlite.pragma('synchronous = OFF')
  const now = new Date().toISOString()
  const consent = JSON.stringify({
    version: '2026-01',
    at: now,
    lang: 'es',
    accepted: { treatment: true, sensitive: true, guardian: false },
  })
  const towns = ['Pasto', 'Ipiales', 'Tumaco', 'Túquerres', 'La Unión', 'Samaniego', 'Sandoná']
  const insert = sqlite.prepare(
    `insert into attendees (id, event_id, person_key, name, document_type, document_number, email, phone, gender,
       age_range, occupation, population_groups, territory, channel, source, token_hash, checkin_code, consent, created_at)
     values (?, ?, ?, ?, 'CC', ?, ?, ?, ?, ?, 'empleado', ?, ?, 'virtual', 'form', ?, ?, ?, ?)`,
  )
  sqlite.transaction(() => {
    const eventId = insertBenchEvent(sqlite, SLUG, 'Banco de exportaciones', now)
    for (let i = 0; i < PEOPLE; i++) {
      const doc = String(1_000_000_000 + i)
      insert.run(
        newId(),
        eventId,
        doc,
        `Persona de Prueba Número ${i} Ñandú`,
        doc,
        `persona.${i}@correo.gov.co`,
        `+57 300 ${String(i).padStart(7, '0')}`,
        i % 2 ? 'mujer' : 'hombre',
        ['18_28', '29_59', '60_mas'][i % 3],
        i % 5 === 0 ? JSON.stringify(['campesino']) : null,
        towns[i % towns.length],
        `hash-${i}`,
        `C${String(i).padStart(7, '0')}`,
        consent,
        now,
      )
    }
  })()
  sqlite.pragma('journal_mode = WAL')
  sqlite.close()
}

/** Resident memory of a process now, and its peak since the last reset (both in MB). */
const memory = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? Number.NaN)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

export const exportsBench: BenchSuite = {
  name: SUITE,
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'cabildo-exports-'))
    const file = join(dir, 'exports.db')
    const t0 = performance.now()
    fill(file)
    const loaded = `${PEOPLE.toLocaleString('en')} registrations written in ${round((performance.now() - t0) / 1000, 1)} s`
    const server = await startNode({ CABILDO_DB: file, CABILDO_DEMO: '0' })
    try {
      const pid = serverPid(server.child.pid!)
      const api = client(server.url)
      const admin = await api.login()
      const measure = async (format: 'csv' | 'xlsx') => {
        // Peak resident memory from here on (writing 5 to clear_refs resets VmHWM).
        writeFileSync(`/proc/${pid}/clear_refs`, '5')
        const before = memory(pid).rss
        const s0 = performance.now()
        const {
          result: bytes,
          longest,
          median,
        } = await whilePinging(server.url, async () => {
          const res = await fetch(`${server.url}/api/events/${SLUG}/attendance?format=${format}`, {
            headers: { authorization: `Bearer ${admin}` },
          })
          if (res.status !== 200) throw new Error(`${format} export answered ${res.status}`)
          return (await res.arrayBuffer()).byteLength
        })
        return {
          seconds: (performance.now() - s0) / 1000,
          mb: bytes / 2 ** 20,
          growth: memory(pid).peak - before,
          longest,
          p50: median,
        }
      }
      await measure('csv') // warm-up: the file's pages into the cache, the code paths compiled
      const csv = await measure('csv')
      const xlsx = await measure('xlsx')
      const note = (m: typeof csv) =>
        `${round(m.mb, 1)} MB; the server's memory peaked ${Math.round(m.growth)} MB above where it started; ` +
        `a GET of the bare route every 20 ms meanwhile: median ${round(m.p50, 1)} ms, longest ${Math.round(m.longest)} ms; ${loaded}`
      return [
        row(SUITE, 'attendance CSV, 100,000 registrations', round(csv.seconds, 2), 's', { note: note(csv) }),
        row(SUITE, 'attendance XLSX, 100,000 registrations', round(xlsx.seconds, 2), 's', {
          baseline: { name: 'the same as CSV (s)', value: round(csv.seconds, 2) },
          note: note(xlsx),
        }),
        row(SUITE, 'attendance CSV: peak memory growth', Math.round(csv.growth), 'MB'),
        row(SUITE, 'attendance XLSX: peak memory growth', Math.round(xlsx.growth), 'MB', {
          baseline: { name: 'CSV (MB)', value: Math.round(csv.growth) },
        }),
        row(SUITE, 'attendance CSV: longest wait of another request', Math.round(csv.longest), 'ms'),
        row(SUITE, 'attendance XLSX: longest wait of another request', Math.round(xlsx.longest), 'ms', {
          baseline: { name: 'CSV (ms)', value: Math.round(csv.longest) },
        }),
      ]
    } finally {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
