import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openNodeDb } from '../db/client-node'
import { registrationBody } from '../server/schemas/attendance'
import { responseBody } from '../server/schemas/surveys'
import { idempotencyRequest } from '../server/services/idempotency'
import { decide, type SubmissionName } from '../server/submissions-elsewhere'
import { sampleEvent, testApp } from '../test/helpers'
import { type BenchRow, type BenchSuite, round, row } from './harness'
import { answers } from './submissions'

/**
 * What the writer thread does for each public submission, alone: deciding it (the kept event and form,
 * the answers, the rows and counters) and committing it in a group commit on a SQLite file (WAL,
 * synchronous=FULL, checkpointed by its own thread as the server's is), with no HTTP and no load
 * generator; the CPU is the whole process's (V8's collector helpers included). The
 * submissions suite measures the whole server, whose rate on this shared machine moves more from one
 * minute to the next than most changes to this work do; this one measures the part the writer thread
 * spends beyond a request that stores nothing, where a change to the services or to db/atomic.ts shows.
 *
 * Each group is GROUP submissions started in one turn of the event loop, so they share one transaction
 * and one fsync, as the writer thread's groups do under 100 clients. Survey responses and
 * registrations take turns, PASSES times; the table gives the median pass and the range.
 */
const SUITE = 'writer'
const GROUP = 30
const GROUPS = Number(process.env.BENCH_WRITER_GROUPS || 100)
const PASSES = 5
const WARMUP = 30
const SLUG = 'bench-writer'

export const writer: BenchSuite = {
  name: SUITE,
  run: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cabildo-writer-'))
    try {
      return await measure(join(dir, 'cabildo.db'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}

async function measure(file: string): Promise<BenchRow[]> {
  // The app sets up the event as staff would; its clock stands where the event is open.
  const t = await testApp({ deps: { db: openNodeDb(file, { checkpointInBackground: true }) } })
  const created = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: SLUG }),
  })
  if (created.status !== 201) throw new Error(`The benchmark's event was not created: ${created.text}`)
  // What the writer thread is given: the deps server/node-submissions.ts builds there (no live hub).
  const { live: _live, ...deps } = t.deps
  let n = 0
  const input = (name: SubmissionName) => {
    const i = ++n
    const key = `bench-writer-${i}`
    if (name === 'survey') {
      const body = responseBody.parse({ answers, deviceToken: `bench-device-${process.pid}-${i}` })
      const idem = idempotencyRequest(`response:${SLUG}:evaluacion`, key, body)
      return { slug: SLUG, formKey: 'evaluacion', body, lang: 'es', idem }
    }
    const body = registrationBody.parse({
      name: 'Persona de prueba',
      documentType: 'CC',
      documentNumber: String(10_000_000 + i),
      email: `persona${i}@example.org`,
      gender: i % 2 ? 'hombre' : 'mujer',
      ageRange: '29_40',
      occupation: 'empleado',
      territory: `Comuna ${i % 16}`,
      channel: 'redes_sociales',
      consent: true,
    })
    const idem = idempotencyRequest(`attendance:${SLUG}`, key, body)
    return { slug: SLUG, body, lang: 'es', idem, user: undefined }
  }
  const pass = async (name: SubmissionName, groups: number) => {
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    for (let g = 0; g < groups; g++) {
      const answers = await Promise.all(Array.from({ length: GROUP }, () => decide(deps, name, input(name))))
      const refused = answers.find((a) => 'refused' in a)
      if (refused) throw new Error(`A ${name} submission was refused: ${JSON.stringify(refused)}`)
    }
    const cpu = process.cpuUsage(cpu0)
    const count = groups * GROUP
    return { cpu: (cpu.user + cpu.system) / count, wall: ((performance.now() - t0) * 1000) / count }
  }
  // Warm-up: the kept reads, the compiled statements, V8's optimised code.
  await pass('survey', WARMUP)
  await pass('attendance', WARMUP)
  type Pass = { cpu: number; wall: number }
  const runs: Record<SubmissionName, Pass[]> = { survey: [], attendance: [] }
  for (let p = 0; p < PASSES; p++)
    for (const name of ['survey', 'attendance'] as const) runs[name].push(await pass(name, GROUPS))

  // Every acknowledged submission is stored once: the rows against the passes.
  const sqlite = (t.deps.db as unknown as { $client: { prepare(sql: string): { get(): unknown } } }).$client
  const stored = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n
  const expected = (GROUPS * PASSES + WARMUP) * GROUP
  const responses = stored('select count(*) as n from form_responses')
  const attendees = stored('select count(*) as n from attendees')
  if (responses !== expected || attendees !== expected)
    throw new Error(
      `Stored ${responses} responses and ${attendees} registrations, expected ${expected} each.`,
    )

  const rows: BenchRow[] = []
  for (const [name, label] of [
    ['survey', 'survey response'],
    ['attendance', 'attendance registration'],
  ] as const) {
    const cpu = runs[name].map((r) => r.cpu).sort((a, b) => a - b)
    const wall = runs[name].map((r) => r.wall).sort((a, b) => a - b)
    const mid = Math.floor(PASSES / 2)
    rows.push(
      row(SUITE, `${label}: writer CPU`, round(cpu[mid], 1), 'µs/request', {
        note: `deciding and committing one, in groups of ${GROUP} on one thread, no HTTP; median of ${PASSES} passes of ${GROUPS * GROUP}: ${round(cpu[0], 1)}–${round(cpu[PASSES - 1], 1)}`,
      }),
      row(SUITE, `${label}: writer time`, round(wall[mid], 1), 'µs/request', {
        note: `the same passes' wall time, the fsync of each group's COMMIT included: ${round(wall[0], 1)}–${round(wall[PASSES - 1], 1)}`,
      }),
    )
  }
  return rows
}
