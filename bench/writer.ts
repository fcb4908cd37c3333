import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SubmissionName } from '../server/submissions-elsewhere'
import { type BenchRow, type BenchSuite, round, row } from './harness'
import { GROUP, writerWork } from './writer-work'

/**
 * What the writer thread does for each public submission, alone (bench/writer-work.ts), timed: on a
 * SQLite file (WAL, synchronous=FULL, checkpointed by its own thread as the server's is); the CPU is the
 * whole process's (V8's collector helpers included). The submissions suite measures the whole server,
 * whose rate on this shared machine moves more from one minute to the next than most changes to this
 * work do; this one measures the part the writer thread spends beyond a request that stores nothing.
 * Its passes still range ±20 % with the machine: to compare two versions of this code, count
 * instructions instead (`npm run bench -- instructions`, bench/instructions.ts).
 *
 * Survey responses and registrations take turns, PASSES times; the table gives the median pass and the
 * range.
 */
const SUITE = 'writer'
const GROUPS = Number(process.env.BENCH_WRITER_GROUPS || 100)
const PASSES = 5
const WARMUP = 30

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
  const work = await writerWork(file, { checkpointInBackground: true })
  const pass = async (name: SubmissionName, groups: number) => {
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    await work.groups(name, groups)
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

  work.check()

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
