import { spawn } from 'node:child_process'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, SERVER_NODE_FLAGS } from '../test/contract/servers'
import { cpuOfStat, userSystemOfStat } from './harness'
import { generator, load, type Spec } from './load'
import { benchEvent, benchServerEnv, loads } from './submissions'

/**
 * Profiles one Node server under the submissions benchmark's load: `npx tsx bench/profile.ts [survey|
 * attendance|ping|event] [seconds]`. The server runs with `node --cpu-prof`; the profile is written to
 * bench/results/profiles/ (open it in Chrome DevTools) and its heaviest functions are printed. Beside
 * it, the server's CPU time per request, read from /proc, for the whole process, its main thread and
 * its busiest other thread (the writer thread, which decides and commits the submissions).
 * `PROFILE_ENTRY=bench/instant-server.ts` profiles the server that answers survey responses unstored;
 * `BENCH_LOAD=wrk` sends the load with wrk (bench/load.ts). Each thread's time on a core and waiting for
 * one is read from /proc (schedstat) too: a thread that waits to run is short of a core, one that does
 * neither is short of work. `PROFILE_GC=1` runs the server with `--trace-gc-nvp` and sums each isolate's
 * young-generation collections within the measured seconds: their pauses and their helpers' time per
 * request, and what each one had to copy (the objects still alive: the requests in flight), and the
 * pauses of the other collections. `PROFILE_FLAGS="--max-semi-space-size=32 …"` adds Node flags to the
 * server's. `PROFILE_PERF=/tmp/perf.data` records the measured seconds with `perf record -g` (cpu-clock;
 * the server runs with --perf-basic-prof) for `perf report --tid … --sort dso,sym`: native frames
 * (SQLite, V8, the kernel) are named reliably; JavaScript ones are not, the two isolates' code sharing
 * one map file.
 */
const which = process.argv[2] ?? 'survey'
const seconds = Number(process.argv[3] ?? 10)
const out = join('bench/results/profiles', `${which}-${new Date().toISOString().replace(/[:.]/g, '-')}`)
mkdirSync(out, { recursive: true })

const port = await freePort()
const data = mkdtempSync(join(tmpdir(), 'cabildo-profile-'))
const env = benchServerEnv(port, data)
// CABILDO_PROFILE=0 measures the CPU per request alone, without the profiler's own overhead.
const profiling = process.env.CABILDO_PROFILE !== '0'
const gcLog = process.env.PROFILE_GC === '1' ? join(out, 'gc.log') : undefined
const args = [
  ...SERVER_NODE_FLAGS,
  ...(process.env.PROFILE_FLAGS ? process.env.PROFILE_FLAGS.split(' ') : []),
  ...(gcLog ? ['--trace-gc-nvp'] : []),
  ...(process.env.PROFILE_PERF ? ['--perf-basic-prof'] : []),
  ...(profiling ? ['--cpu-prof', `--cpu-prof-dir=${out}`] : []),
  '--import',
  'tsx',
  process.env.PROFILE_ENTRY ?? 'server/node.ts',
]
const server = spawn(process.execPath, args, {
  env,
  stdio: ['ignore', gcLog ? openSync(gcLog, 'w') : 'ignore', 'inherit'],
})
const url = `http://127.0.0.1:${port}`
for (let i = 0; i < 300; i++) {
  if (
    await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break
  await new Promise((r) => setTimeout(r, 200))
}

const cpu = () => cpuOfStat(`/proc/${server.pid}/stat`)
/** The main thread's CPU and the busiest other thread's (the writer thread, under these loads). */
const threads = () => {
  const main = cpuOfStat(`/proc/${server.pid}/task/${server.pid}/stat`)
  const others = readdirSync(`/proc/${server.pid}/task`)
    .filter((t) => t !== String(server.pid))
    .map((t) => [t, cpuOfStat(`/proc/${server.pid}/task/${t}/stat`)] as const)
  return { main, others: new Map(others) }
}
/** Each thread's nanoseconds on a core and waiting in the run queue for one (/proc/…/schedstat). */
const sched = () =>
  new Map(
    readdirSync(`/proc/${server.pid}/task`).map((t) => {
      const [ran, waited] = readFileSync(`/proc/${server.pid}/task/${t}/schedstat`, 'utf8').split(' ')
      return [t, { ran: Number(ran), waited: Number(waited) }] as const
    }),
  )
const gcLogSize = () => (gcLog ? statSync(gcLog).size : 0)

try {
  const { base } = await benchEvent(url, 'profile')
  const reads: Record<string, Spec> = {
    ping: { url: `${url}/api/health/ping` },
    // What an attendee's page loads first: the event with its forms, gzipped.
    event: { url: base, headers: { 'accept-encoding': 'gzip, deflate, br' } },
  }
  const spec = reads[which] ?? loads(base)[which as 'survey']
  if (!spec) throw new Error(`unknown load "${which}": survey, attendance, ping or event`)
  await load(spec, 3)
  const gc0 = gcLogSize()
  const s0 = sched()
  const before = cpu()
  const t0 = threads()
  const started = performance.now()
  const split0 = userSystemOfStat(`/proc/${server.pid}/stat`)
  const perfFile = process.env.PROFILE_PERF
  const perf = perfFile
    ? spawn(
        'perf',
        ['record', '-e', 'cpu-clock', '-F', '4999', '-g', '-p', String(server.pid), '-o', perfFile],
        {
          stdio: 'ignore',
        },
      )
    : undefined
  const r = await load(spec, seconds)
  if (perf)
    await new Promise((res) => {
      perf.once('exit', res)
      perf.kill('SIGINT')
    })
  const total = r.ok + r.failed
  const used = cpu() - before
  const split1 = userSystemOfStat(`/proc/${server.pid}/stat`)
  const t1 = threads()
  const wall = (performance.now() - started) * 1e6
  const s1 = sched()
  const gc1 = gcLogSize()
  const per = (us: number) => Math.round(us / total)
  const busiest = Math.max(0, ...[...t1.others].map(([t, us]) => us - (t0.others.get(t) ?? 0)))
  console.log(
    `${which} (${generator}): ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms, ` +
      `${per(used)} µs of server CPU per request (main thread ${per(t1.main - t0.main)}, ` +
      `busiest other thread ${per(busiest)}), ${r.failed} failed`,
  )
  console.log(
    `server CPU per request: user ${per(split1.user - split0.user)} µs, system (the kernel's, for it) ${per(split1.system - split0.system)} µs`,
  )
  const share = (ns: number) => `${Math.round((100 * ns) / wall)} %`
  const writer = [...t1.others].sort(
    (a, b) => b[1] - (t0.others.get(b[0]) ?? 0) - (a[1] - (t0.others.get(a[0]) ?? 0)),
  )[0]?.[0]
  for (const [name, tid] of [
    ['main thread', String(server.pid)],
    ['busiest other thread', writer],
  ] as const) {
    const a = tid && s0.get(tid)
    const b = tid && s1.get(tid)
    if (a && b)
      console.log(
        `${name}: on a core ${share(b.ran - a.ran)} of the time, waiting for one ${share(b.waited - a.waited)}`,
      )
  }
  // Every other thread that ran (all are named "node"): the writer, then V8's GC helpers, the checkpointer.
  const ran = [...t1.others]
    .map(([t, us]) => per(us - (t0.others.get(t) ?? 0)))
    .filter((us) => us > 0)
    .sort((a, b) => b - a)
  console.log(`other threads, µs per request each: ${ran.join(', ')}`)
  if (gcLog) printScavenges(gcLog, gc0, gc1, total)
} finally {
  await new Promise((r) => {
    server.once('exit', r)
    server.kill('SIGTERM')
  })
  rmSync(data, { recursive: true, force: true })
}

/**
 * The young-generation collections (`gc=s` lines of `--trace-gc-nvp`) logged between two offsets of the
 * log, per isolate: the main thread's and the writer thread's each have their own heap.
 */
function printScavenges(file: string, from: number, to: number, requests: number) {
  const fd = openSync(file, 'r')
  const buf = Buffer.alloc(to - from)
  readSync(fd, buf, 0, buf.length, from)
  closeSync(fd)
  const byIsolate = new Map<string, Record<string, string>[]>()
  const others = new Map<string, number>()
  for (const line of buf.toString('utf8').split('\n')) {
    const m = /^\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: (.*)$/.exec(line)
    if (!m) continue
    const fields = Object.fromEntries(
      m[2].split(' ').flatMap((kv) => (kv.includes('=') ? [kv.split('=')] : [])),
    )
    if (fields.gc !== 's') {
      others.set(m[1], (others.get(m[1]) ?? 0) + Number(fields.pause ?? 0))
      continue
    }
    byIsolate.set(m[1], [...(byIsolate.get(m[1]) ?? []), fields])
  }
  const sum = (rows: Record<string, string>[], k: string) => rows.reduce((t, f) => t + Number(f[k] ?? 0), 0)
  for (const [isolate, rows] of [...byIsolate].sort((a, b) => b[1].length - a[1].length)) {
    const us = (ms: number) => ((1000 * ms) / requests).toFixed(1)
    const kb = (bytes: number) => (bytes / 1024).toFixed(0)
    console.log(
      `isolate ${isolate}: ${rows.length} scavenges, pauses ${us(sum(rows, 'pause'))} µs per request ` +
        `(helpers ${us(sum(rows, 'background.scavenge.parallel'))} µs), ` +
        `${kb(sum(rows, 'allocated') / requests)} KB allocated per request, ` +
        `${kb(sum(rows, 'new_space_survived') / rows.length)} KB copied and ` +
        `${kb(sum(rows, 'promoted') / rows.length)} KB promoted per scavenge, the longest pause ` +
        `${Math.max(...rows.map((f) => Number(f.pause))).toFixed(1)} ms; ` +
        `other collections' pauses ${us(others.get(isolate) ?? 0)} µs per request`,
    )
  }
}

if (!profiling) process.exit(0)

type Node = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] }

// The main thread's profile is the largest file (the other is tsx's loader thread).
const file = readdirSync(out)
  .map((f) => join(out, f))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0]
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
let total = 0
profile.samples.forEach((id, i) => {
  const { callFrame: f } = byId.get(id)!
  const where = f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|db)\//, '$1/')
  const key = `${f.functionName || '(anonymous)'}  ${where}${f.url ? `:${f.lineNumber + 1}` : ''}`
  self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i])
  total += profile.timeDeltas[i]
})
console.log(`\nSelf time, heaviest first (${file}):`)
for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${key}`)
