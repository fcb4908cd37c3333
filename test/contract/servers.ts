import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const CONTRACT_ADMIN = { email: 'contract-admin@cabildo.test', password: 'contract-password-1' }
export type Runtime = { name: string; url: string }
export type Started = Runtime & { stop: () => Promise<void>; log: () => string }

const root = new URL('../../', import.meta.url).pathname
const bin = (name: string) => join(root, 'node_modules', '.bin', name)

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** Waits until `url` answers (with a 2xx, or with anything when `anyStatus`). */
async function waitFor(url: string, child: ChildProcess, log: () => string, ms = 120_000, anyStatus = false) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${log()}`)
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      if (res.ok || anyStatus) return
    } catch {}
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server at ${url} did not answer in time:\n${log()}`)
}

/**
 * The Node flags the server runs with, as `npm start` passes them: a young generation of at most 32 MB a
 * semi-space, written out rather than left to V8, which sizes it from the machine's memory. Each
 * scavenge copies what the submissions waiting on the writer thread hold (about 2 MB at 100 clients,
 * whatever the size), so fewer scavenges cost less: at 32 the main thread's scavenges took 9–20 µs a
 * survey response against 23–37 at 16, and their helper threads 3–25 against 21–43, with the longest
 * pauses no longer (8–14 ms against 11–21; `PROFILE_GC=1 npx tsx bench/profile.ts`, 2026-12-04). 64
 * had paused for 15–40 ms when a submission allocated far more than it does now; 8 was slower.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32']

function launch(
  name: string,
  cmd: string,
  args: string[],
  env: Record<string, string>,
  url: string,
  cleanup: () => void,
) {
  let output = ''
  // Its own process group, so stopping it also stops what it spawned (wrangler runs workerd as a child).
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      process.kill(-child.pid!, 'SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL')
    }
    cleanup()
  }
  return { child, stop, log: () => output, name, url }
}

/**
 * `dir` and `port` restart a stopped server on the same data and address; `keepData` keeps its dir on
 * stop; `entry` runs another module than server/node.ts (a benchmark's variant of the server); `admin:
 * false` starts it without the contract's admin in the environment.
 */
export async function startNode(
  extraEnv: Record<string, string> = {},
  opts: { dir?: string; port?: number; keepData?: boolean; entry?: string; admin?: boolean } = {},
): Promise<Started & { child: ChildProcess; dir: string; port: number }> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'cabildo-node-'))
  // A free port found here can be taken before the server binds it: by a runtime started beside it (a
  // workerd opens ephemeral ports of its own), say. The server then exits saying so; try another port.
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort())
    try {
      return await startNodeOn(port, dir, extraEnv, opts)
    } catch (err) {
      const taken = /ya está en uso|EADDRINUSE/.test(String((err as Error).message))
      if (opts.port !== undefined || !taken || attempt >= 5) {
        // A data dir made here for a server that never started goes with it.
        if (!opts.dir && !opts.keepData) rmSync(dir, { recursive: true, force: true })
        throw err
      }
    }
  }
}

async function startNodeOn(
  port: number,
  dir: string,
  extraEnv: Record<string, string>,
  opts: { keepData?: boolean; entry?: string; admin?: boolean },
): Promise<Started & { child: ChildProcess; dir: string; port: number }> {
  const url = `http://127.0.0.1:${port}`
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    CABILDO_DB: join(dir, 'cabildo.db'),
    // The contract tests' webhook receivers listen on 127.0.0.1.
    CABILDO_WEBHOOKS_ALLOW_LOCAL: '1',
    ...(opts.admin === false
      ? {}
      : { CABILDO_ADMIN_EMAIL: CONTRACT_ADMIN.email, CABILDO_ADMIN_PASSWORD: CONTRACT_ADMIN.password }),
    ...extraEnv,
  }
  const s = launch(
    'node',
    bin('tsx'),
    [...SERVER_NODE_FLAGS, opts.entry ?? 'server/node.ts'],
    env,
    url,
    () => (opts.keepData ? undefined : rmSync(dir, { recursive: true, force: true })),
  )
  try {
    await waitFor(`${url}/api/health`, s.child, s.log)
  } catch (err) {
    // Stopped without removing its data dir: a retry on another port uses it.
    if (s.child.exitCode === null && s.child.signalCode === null) process.kill(-s.child.pid!, 'SIGKILL')
    throw err
  }
  return { ...s, dir, port }
}

/**
 * `vars` are more variables (or secrets) for the Worker; `admin: false` leaves out the contract's admin;
 * `anyStatus` counts the server as started once it answers at all (a Worker that cannot start answers
 * 500); `logLevel` is wrangler's (the Worker's console.log shows from `log`); `testScheduled` serves
 * `/__scheduled?cron=…`, which runs the Worker's cron triggers on request; `sql` is run on the local D1
 * once migrated, before the Worker starts (rows dated in the past, which no request can write).
 */
export async function startWorkerd(
  opts: {
    sql?: string
    vars?: Record<string, string>
    admin?: boolean
    anyStatus?: boolean
    logLevel?: string
    testScheduled?: boolean
  } = {},
): Promise<Started & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cabildo-d1-'))
  const env = { CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' }
  const migrate = spawnSync(
    bin('wrangler'),
    ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir],
    {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    },
  )
  if (migrate.status !== 0)
    throw new Error(`wrangler d1 migrations apply failed:\n${migrate.stdout}\n${migrate.stderr}`)
  if (opts.sql) {
    const seeded = spawnSync(
      bin('wrangler'),
      ['d1', 'execute', 'DB', '--local', '--persist-to', dir, '--command', opts.sql],
      { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' },
    )
    if (seeded.status !== 0)
      throw new Error(`wrangler d1 execute failed:\n${seeded.stdout}\n${seeded.stderr}`)
  }
  const [port, inspector] = [await freePort(), await freePort()]
  const url = `http://127.0.0.1:${port}`
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector)]
  args.push(
    '--persist-to',
    dir,
    '--log-level',
    opts.logLevel ?? 'warn',
    '--show-interactive-dev-session=false',
  )
  if (opts.testScheduled) args.push('--test-scheduled')
  const vars = {
    CABILDO_WEBHOOKS_ALLOW_LOCAL: '1',
    ...(opts.admin === false
      ? {}
      : { CABILDO_ADMIN_EMAIL: CONTRACT_ADMIN.email, CABILDO_ADMIN_PASSWORD: CONTRACT_ADMIN.password }),
    ...opts.vars,
  }
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`)
  const s = launch('workerd', bin('wrangler'), args, env, url, () =>
    rmSync(dir, { recursive: true, force: true }),
  )
  await waitFor(`${url}/api/health`, s.child, s.log, 120_000, opts.anyStatus)
  return { ...s, dir }
}
