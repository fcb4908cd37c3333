import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { consoleBench } from './console'
import { exportsBench } from './exports'
import { fanout } from './fanout'
import type { BenchRow, BenchSuite } from './harness'
import { instructions } from './instructions'
import { reads } from './reads'
import { report } from './report'
import { stats } from './stats'
import { submissions } from './submissions'
import { widgetSize } from './widget-size'
import { writer } from './writer'

// Every benchmark of the project is listed here; `npm run bench -- <name>` runs only the suites named.
const suites: BenchSuite[] = [
  fanout,
  widgetSize,
  submissions,
  writer,
  instructions,
  reads,
  stats,
  report,
  exportsBench,
  consoleBench,
]

const only = process.argv.slice(2)
const rows: BenchRow[] = []
const failed: string[] = []
const started = performance.now()
for (const s of suites.filter((s) => only.length === 0 || only.includes(s.name))) {
  const t0 = performance.now()
  console.error(`· ${s.name} …`)
  // One suite that fails is reported and the run goes on; the exit code still says it failed.
  try {
    rows.push(...(await s.run()))
  } catch (err) {
    console.error(err)
    failed.push(s.name)
  }
  console.error(`  ${s.name}: ${Math.round((performance.now() - t0) / 1000)} s`)
}

const fmt = (n: number) =>
  Number.isInteger(n) ? n.toLocaleString('en') : n.toLocaleString('en', { maximumFractionDigits: 2 })
const table = rows.map((r) => ({
  suite: r.suite,
  benchmark: r.name,
  value: `${fmt(r.value)} ${r.unit}`,
  baseline: r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)}` : '',
  ratio: r.ratio === undefined ? '' : fmt(Math.round(r.ratio * 1000) / 1000),
  note: r.note ?? '',
}))
console.table(table)

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
}
const out = { at: new Date().toISOString(), machine, rows, failed }
mkdirSync('bench/results', { recursive: true })
const file = `bench/results/bench-${out.at.replace(/[:.]/g, '-')}.json`
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
writeFileSync('bench/results/latest.json', `${JSON.stringify(out, null, 2)}\n`)
console.log(`\nResults written to ${file} (and bench/results/latest.json).`)
console.log(`All suites took ${Math.round((performance.now() - started) / 1000)} s.`)
if (failed.length) {
  console.error(`Failed: ${failed.join(', ')}`)
  process.exitCode = 1
}
