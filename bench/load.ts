import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { cpuOfStat, SHUFFLE, shuffled } from './harness'

/**
 * The load the suites send: one request shape sent by `CONNECTIONS` clients at once, each sending its next
 * request as soon as the last is answered.
 *
 * A body or header value may carry `{{n}}`, a number new on every request of the whole run (so every
 * request is a new device or person with its own Idempotency-Key); `{{shuffled}}`, a number just as
 * new but in no order (`shuffled`: document numbers come to an event in any order, and a rising one
 * would fill its index from the end); and `{{pick:a|b|c}}`, one of the values by that number. The same
 * template is filled by either load generator.
 *
 * The load generator runs on the same two cores as the server, so what it spends is taken from the
 * server: autocannon (JavaScript, in this process) spends 47 µs on a GET and 60–75 µs on a POST here;
 * wrk (C, Debian's package `wrk`) 17–25 µs. wrk is used when installed (`generator`, below), and every
 * table row says which one measured it.
 */
export type Spec = {
  url: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
}

/**
 * One load's figures; `cpu`: the server's CPU per request in µs, when its pid was given (NaN otherwise);
 * `loadCpu`: the load generator's, which runs on the same cores.
 */
export type Load = {
  rps: number
  p50: number
  p99: number
  /** The 90th percentile and the slowest, in ms. */
  p90: number
  max: number
  ok: number
  failed: number
  cpu: number
  loadCpu: number
}

export const CONNECTIONS = 100

const wrkInstalled = () => !spawnSync('wrk', ['--version']).error

/**
 * wrk when it is installed, autocannon otherwise; `BENCH_LOAD=wrk` or `BENCH_LOAD=autocannon` chooses.
 * wrk is the default because the load generator's CPU is taken from the server's two cores, and not
 * evenly: the bare route keeps one thread busy and leaves the other core to the load generator, while a
 * submission needs both cores (the request thread and the writer thread). Autocannon's 60–75 µs a POST
 * then lowers the submissions' ratio by a tenth or more (docs/throughput-log.md), a figure of the
 * load generator rather than of the server.
 */
export const generator: 'wrk' | 'autocannon' = (() => {
  const asked = process.env.BENCH_LOAD
  if (asked === 'autocannon') return 'autocannon'
  if (asked === 'wrk') {
    if (!wrkInstalled()) throw new Error('BENCH_LOAD=wrk, but wrk is not installed (apt-get install -y wrk)')
    return 'wrk'
  }
  if (asked) throw new Error(`BENCH_LOAD=${asked}: expected wrk or autocannon`)
  if (wrkInstalled()) return 'wrk'
  console.error(
    "wrk is not installed (apt-get install -y wrk): the load comes from autocannon, in this process on the same cores, and the submissions' ratios read lower.",
  )
  return 'autocannon'
})()

/** The numbers `{{n}}` takes: each run starts past every number an earlier run may have used. */
let next = 10_000_000
const PLACEHOLDER = /\{\{(n|shuffled|pick:[^}]*)\}\}/g

export const fill = (template: string, n: number) =>
  template.replace(PLACEHOLDER, (_, what: string) => {
    if (what === 'n') return String(n)
    if (what === 'shuffled') return String(shuffled(n))
    const options = what.slice('pick:'.length).split('|')
    return options[n % options.length]
  })

export async function load(spec: Spec, seconds: number, pid?: number): Promise<Load> {
  const cpu = () => (pid === undefined ? Number.NaN : cpuOfStat(`/proc/${pid}/stat`))
  const first = next
  const before = cpu()
  const r = generator === 'wrk' ? await wrk(spec, seconds, first) : await cannon(spec, seconds, first)
  next = first + r.issued + 1
  const requests = r.ok + r.failed
  return { ...r, cpu: (cpu() - before) / requests, loadCpu: r.loadCpu / requests }
}

/** A spec whose requests differ (a body, or a header with a placeholder), so each is filled anew. */
const isTemplated = (spec: Spec) =>
  spec.body !== undefined || Object.values(spec.headers ?? {}).some((v) => v.includes('{{'))

/** `loadCpu` here is the load generator's whole CPU time over the run, in µs. */
type Measured = Omit<Load, 'cpu'> & { issued: number }

async function cannon(spec: Spec, seconds: number, first: number): Promise<Measured> {
  let n = first
  const templated = isTemplated(spec)
  // autocannon runs in this process: its CPU is this process's over the run.
  const used = process.cpuUsage()
  const r = await autocannon({
    url: spec.url,
    connections: CONNECTIONS,
    duration: seconds,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    requests: templated
      ? [
          {
            setupRequest: (req: any) => {
              n += 1
              const headers = Object.fromEntries(
                Object.entries(spec.headers ?? {}).map(([k, v]) => [k, fill(v, n)]),
              )
              return { ...req, headers, body: spec.body === undefined ? undefined : fill(spec.body, n) }
            },
          },
        ]
      : undefined,
  })
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    p90: r.latency.p90,
    max: r.latency.max,
    ok: r['2xx'],
    failed: r.non2xx + r.errors + r.timeouts,
    issued: n - first,
    loadCpu: ((u) => u.user + u.system)(process.cpuUsage(used)),
  }
}

/**
 * Lua for wrk, which shares the server's cores, so it should spend as little as it can per request. A
 * request without placeholders is left to wrk's static request, built once. A templated one is cut into
 * its fixed parts and placeholders once, at start; each request then only joins them around its new
 * number. Filling each value with `gsub` and building each request with `wrk.format` had cost wrk
 * 9.5–10 µs of user time a POST; joining the parts, 6 (against a plain Node server, 100 connections).
 * The summary is printed as one JSON line.
 */
const luaString = (s: string) =>
  `"${s
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')}"`

function wrkScript(spec: Spec) {
  const url = new URL(spec.url)
  const method = spec.method ?? 'GET'
  const headers = Object.entries(spec.headers ?? {})
  const done = `
done = function(s, latency)
  local e = s.errors
  io.write(string.format('RESULT {"requests":%d,"duration":%d,"status":%d,"socket":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n',
    s.requests, s.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`
  if (!isTemplated(spec)) {
    // wrk's own request, from the URL and these headers, built once.
    const set = headers.map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`).join('\n')
    return `wrk.method = ${luaString(method)}\n${set}\n${done}`
  }
  // The head up to the Content-Length, then the body: the head's values may carry placeholders too.
  const head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n${headers
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}`
  return `
local n = 0
local head, body, anyShuffled
-- A template as a list: fixed text, false for the number, true for it shuffled, or a list of options
-- to pick from by it.
local function compile(s)
  local parts, at = {}, 1
  while true do
    local a, b, what = s:find("{{([^}]*)}}", at)
    if not a then
      parts[#parts + 1] = s:sub(at)
      return parts
    end
    parts[#parts + 1] = s:sub(at, a - 1)
    if what == "n" then
      parts[#parts + 1] = false
    elseif what == "shuffled" then
      parts[#parts + 1] = true
    else
      local options = {}
      for o in what:sub(6):gmatch("[^|]+") do options[#options + 1] = o end
      parts[#parts + 1] = options
    end
    at = b + 1
  end
end
local out = {}
local function fill(parts, number, shuffled)
  for i = 1, #parts do
    local p = parts[i]
    if p == false then
      out[i] = number
    elseif p == true then
      out[i] = shuffled
    elseif type(p) == "table" then
      out[i] = p[(n % #p) + 1]
    else
      out[i] = p
    end
  end
  return table.concat(out, "", 1, #parts)
end
init = function(args)
  n = tonumber(args[1])
  head = compile(${luaString(head)})
  body = compile(${luaString(spec.body ?? '')})
  for _, parts in ipairs({ head, body }) do
    for _, p in ipairs(parts) do anyShuffled = anyShuffled or p == true end
  end
end
request = function()
  n = n + 1
  local number = tostring(n)
  local shuffled = anyShuffled and string.format("%d", (n * ${SHUFFLE.times}) % ${SHUFFLE.modulo})
  local b = fill(body, number, shuffled)
  return fill(head, number, shuffled) .. "Content-Length: " .. #b .. "\\r\\n\\r\\n" .. b
end
${done}`
}

async function wrk(spec: Spec, seconds: number, first: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'cabildo-wrk-'))
  try {
    const script = join(dir, 'load.lua')
    writeFileSync(script, wrkScript(spec))
    // Through bash, whose `times` then prints wrk's CPU time: user and system, one line after its own.
    const child = spawn(
      'bash',
      [
        '-c',
        'wrk "$@"; code=$?; times; exit $code',
        'wrk',
        '-t1',
        `-c${CONNECTIONS}`,
        `-d${seconds}s`,
        '--timeout',
        '10s',
        '-s',
        script,
        spec.url,
        '--',
        String(first),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let stdout = ''
    child.stdout.on('data', (d) => {
      out += d
      stdout += d
    })
    child.stderr.on('data', (d) => {
      out += d
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    const line = out.split('\n').find((l) => l.startsWith('RESULT '))
    if (code !== 0 || !line) throw new Error(`wrk failed (${code}): ${out}`)
    const r = JSON.parse(line.slice('RESULT '.length))
    const secondsOf = (t: string) => {
      const [, m, s] = /^(\d+)m([\d.]+)s$/.exec(t) ?? []
      return m === undefined ? Number.NaN : 60 * Number(m) + Number(s)
    }
    const [user, system] = stdout.trim().split('\n').at(-1)?.trim().split(/\s+/) ?? []
    // Requests answered; up to CONNECTIONS more were sent and still in flight when wrk stopped.
    return {
      rps: r.requests / (r.duration / 1e6),
      p50: Math.round(r.p50 / 100) / 10,
      p99: Math.round(r.p99 / 100) / 10,
      p90: Math.round(r.p90 / 100) / 10,
      max: Math.round(r.max / 100) / 10,
      ok: r.requests - r.status,
      failed: r.status + r.socket,
      issued: r.requests + CONNECTIONS,
      loadCpu: 1e6 * (secondsOf(user ?? '') + secondsOf(system ?? '')),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
