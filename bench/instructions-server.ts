import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, SERVER_NODE_FLAGS } from '../test/contract/servers'
import { needValgrind } from './harness'
import { fill, type Spec } from './load'
import { benchEvent, benchServerEnv, loads } from './submissions'

/**
 * The whole server's instructions a request, thread by thread, counted under valgrind's callgrind:
 * `npx tsx bench/instructions-server.ts [ping,survey,attendance]`. The server (server/node.ts, as the
 * submissions suite starts it) runs under callgrind with --separate-threads; this script sends it, from
 * outside, WARM requests of each kind, then MEASURED more, CONCURRENCY at a time, the counters zeroed
 * before them and dumped after (callgrind_control). What the main thread executes for a submission,
 * against what it executes for the bare route, is the submission's own work there, counted the same
 * whatever else the machine is doing: the timing suites move by a fifth from one minute to the next.
 * The writer thread's count is that of `npm run bench -- instructions` plus the hop back. V8's own
 * threads (the optimising compiler, the collector's helpers) run far more under callgrind's slowdown
 * than they do natively, so their counts are printed apart and compare with nothing. The kernel's
 * work (the socket, the WAL's writes, fsync) is not counted.
 * `PERF_MAP=1` runs the server with --perf-basic-prof and `KEEP=1` keeps the dumps: with
 * /tmp/perf-<pid>.map, the addresses callgrind_annotate leaves unnamed are JavaScript functions.
 * Needs valgrind; three kinds take about ten minutes.
 */
const WARM = Number(process.env.WARM || 1500)
const MEASURED = Number(process.env.MEASURED || 600)
const CONCURRENCY = Number(process.env.CONCURRENCY || 16)
const kinds = (process.argv[2] ?? 'ping,survey,attendance').split(',')

needValgrind('bench/instructions-server.ts')
const port = await freePort()
const data = mkdtempSync(join(tmpdir(), 'cabildo-cg-server-'))
const out = mkdtempSync(join(tmpdir(), 'cabildo-cg-dumps-'))
const child = spawn(
  'valgrind',
  [
    '--tool=callgrind',
    '--separate-threads=yes',
    `--callgrind-out-file=${join(out, 'cg.out')}`,
    '--smc-check=all-non-file',
    process.execPath,
    ...SERVER_NODE_FLAGS,
    '--no-memory-reducer',
    // PERF_MAP=1: V8 writes /tmp/perf-<pid>.map, which names the JavaScript in the dumps' addresses.
    ...(process.env.PERF_MAP ? ['--perf-basic-prof'] : []),
    // SERVER_FLAGS="--flag …" adds Node or V8 flags, to count what they change.
    ...(process.env.SERVER_FLAGS ? process.env.SERVER_FLAGS.split(' ') : []),
    '--import',
    'tsx',
    'server/node.ts',
  ],
  {
    env: benchServerEnv(port, data),
    stdio: ['ignore', 'ignore', 'pipe'],
  },
)
let stderr = ''
child.stderr.on('data', (d) => (stderr += d))
const url = `http://127.0.0.1:${port}`
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })

function send(spec: Spec, n: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(spec.url)
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k] = fill(v, n)
    const body = spec.body === undefined ? undefined : fill(spec.body, n)
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname, method: spec.method ?? 'GET', headers, agent },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * The threads numbered 2 to 6 are started before the app's: Node's platform thread and V8's four
 * workers (the default --v8-pool-size). The writer thread is the busiest of those after them.
 */
const V8_THREADS = 6

let next = 1_000_000
async function many(spec: Spec, count: number) {
  let sent = 0
  const bad: number[] = []
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < count) {
        sent++
        const status = await send(spec, next++)
        if (status >= 300) bad.push(status)
      }
    }),
  )
  if (bad.length) throw new Error(`${bad.length} requests failed: ${bad.slice(0, 5).join(', ')}`)
}

// valgrind names its control pipes after $HOST, which the server's environment sets: the same here.
const control = (...args: string[]) =>
  execFileSync('callgrind_control', [...args, String(child.pid)], {
    stdio: 'ignore',
    env: { ...process.env, HOST: '127.0.0.1' },
  })

try {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr.slice(-2000)}`)
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (i > 600) throw new Error('server did not start')
    await new Promise((r) => setTimeout(r, 500))
  }
  const { base } = await benchEvent(url, 'instrucciones')
  const specs: Record<string, Spec> = { ping: { url: `${url}/api/health/ping` }, ...loads(base) }
  for (const kind of kinds) {
    await many(specs[kind], WARM)
    control('--zero')
    await many(specs[kind], MEASURED)
    control(`--dump=${kind}`)
    const per = new Map<number, number>()
    for (const f of readdirSync(out)) {
      const text = readFileSync(join(out, f), 'utf8')
      if (!text.includes(`Trigger: dump ${kind}\n`)) continue
      const thread = Number(/^thread: (\d+)/m.exec(text)?.[1])
      const total = Number(/^summary:\s*(\d+)/m.exec(text)?.[1] ?? 0)
      per.set(thread, total / MEASURED / 1000)
    }
    const k = (n: number | undefined) => `${(n ?? 0).toFixed(1)} k`
    const numbered = [...per.keys()].sort((a, b) => a - b)
    const later = numbered.filter((t) => t > V8_THREADS)
    const writer = later.sort((a, b) => per.get(b)! - per.get(a)!)[0]
    const v8 = numbered.filter((t) => t > 1 && t <= V8_THREADS)
    console.log(
      `${kind}: main thread ${k(per.get(1))}, writer thread ${writer ? k(per.get(writer)) : '—'} instructions a request` +
        ` (V8's threads ${v8.map((t) => k(per.get(t))).join(', ')}, not comparable)`,
    )
  }
} finally {
  child.kill('SIGKILL')
  rmSync(data, { recursive: true, force: true })
  if (process.env.KEEP) console.log(`dumps kept in ${out}`)
  else rmSync(out, { recursive: true, force: true })
  // The control pipes of the gdbserver valgrind starts, left behind by the kill.
  for (const f of readdirSync(tmpdir()))
    if (f.startsWith('vgdb-pipe-') && f.includes(`-${child.pid}-`)) rmSync(join(tmpdir(), f), { force: true })
}
process.exit(0)
