import { readFileSync } from 'node:fs'

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

/** User + system CPU of a process or thread from its /proc stat file, in µs (clock ticks of 10 ms). */
export const cpuOfStat = (stat: string) => {
  const fields = readFileSync(stat, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10_000
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
