import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { newId } from '../db/ids'

/** One measured figure. `ratio` compares it with `baseline` so runs on different machines can be compared. */
export type BenchRow = {
  suite: string
  name: string
  value: number
  unit: string
  baseline?: { name: string; value: number }
  /** value / baseline.value */
  ratio?: number
  note?: string
}

export type BenchSuite = { name: string; run: () => Promise<BenchRow[]> }

export const row = (
  suite: string,
  name: string,
  value: number,
  unit: string,
  extra: Partial<BenchRow> = {},
): BenchRow => {
  const r: BenchRow = { suite, name, value, unit, ...extra }
  if (r.baseline && r.ratio === undefined && r.baseline.value) r.ratio = value / r.baseline.value
  return r
}

/** User and system CPU of a process or thread from its /proc stat file, each in µs (clock ticks of 10 ms). */
export const userSystemOfStat = (stat: string) => {
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ')
  return { user: Number(fields[11]) * 10_000, system: Number(fields[12]) * 10_000 }
}

/** User + system CPU of a process or thread from its /proc stat file, in µs. */
export const cpuOfStat = (stat: string) => {
  const { user, system } = userSystemOfStat(stat)
  return user + system
}

/** Fails with the install hint when valgrind, which the instruction counts run under, is missing. */
export function needValgrind(what: string) {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' })
  } catch {
    throw new Error(`${what} needs valgrind: apt-get install -y valgrind`)
  }
}

/** `tsx server/node.ts` runs the server in a child process of its own: follow the tree to the leaf. */
export function serverPid(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
  return children.length ? serverPid(Number(children[0])) : pid
}

export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

/**
 * Runs `work` while another client GETs the bare route every 20 ms, and tells how long those GETs took:
 * what a request waits behind the work (a GET on its own takes about 1 ms).
 */
export async function whilePinging<T>(url: string, work: () => Promise<T>) {
  let done = false
  const waits: number[] = []
  const pinger = (async () => {
    while (!done) {
      const p0 = performance.now()
      // A kept-alive connection that the server closed as it was reused fails: that GET again.
      for (let tries = 0; ; tries++) {
        try {
          await fetch(`${url}/api/health/ping`).then((r) => r.arrayBuffer())
          break
        } catch (err) {
          if (tries === 2) throw err
        }
      }
      waits.push(performance.now() - p0)
      await new Promise((r) => setTimeout(r, 20))
    }
  })()
  let result: T
  try {
    result = await work()
  } finally {
    done = true
    await pinger
  }
  waits.sort((a, b) => a - b)
  return { result, longest: waits.at(-1) ?? Number.NaN, median: percentile(waits, 50) }
}

/**
 * The entity and the open virtual event that a benchmark's data hangs from, written straight into a
 * fresh SQLite file (the suites that load a large event this way: stats, exports).
 */
export function insertBenchEvent(sqlite: Database.Database, slug: string, title: string, now: string) {
  const [entityId, eventId] = [newId(), newId()]
  sqlite
    .prepare(
      "insert into entities (id, name, nit, country, timezone) values (?, 'Entidad de banco', '900000000-2', 'CO', 'America/Bogota')",
    )
    .run(entityId)
  sqlite
    .prepare(
      "insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status) values (?, ?, ?, ?, ?, 'virtual', 'CO', 'America/Bogota', 'open')",
    )
    .run(eventId, slug, entityId, title, now)
  return eventId
}

/**
 * `n` times 48271 modulo the prime 2^31 − 1 (the MINSTD generator's step): a different number for every
 * n below that prime, in no order. Exact in a double (n × 48271 < 2^53); wrk's Lua computes it from the
 * same two numbers (bench/load.ts).
 */
export const SHUFFLE = { times: 48271, modulo: 2147483647 } as const
export const shuffled = (n: number) => (n * SHUFFLE.times) % SHUFFLE.modulo
