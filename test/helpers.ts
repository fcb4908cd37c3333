import type { Db } from '../db/client'
import { openNodeDb } from '../db/client-node'
import type { Role } from '../db/schema'
import { createApp } from '../server/app'
import { type Deps, defaultConfig } from '../server/env'
import { MemoryHub } from '../server/live/memory-hub'
import { timerOutbox } from '../server/outbox'
import { ensureAdmin } from '../server/services/users'
import { deliverDue } from '../server/services/webhooks'

export { requiredAnswers } from './fixtures/answers'

export const ADMIN = { email: 'admin@test.co', password: 'admin-password-1' }

/** D1 binds at most 100 parameters a statement (its documented limits); SQLite itself takes 32,766. */
export const D1_MAX_PARAMS = 100
/** And takes at most 5 SELECTs in a compound statement (workerd's local D1 refuses the 6th); SQLite 500. */
export const D1_MAX_COMPOUND = 5

/** The `?` placeholders of a statement, those inside quoted strings and identifiers aside. */
export function boundParams(source: string) {
  let n = 0
  let quote: string | null = null
  for (const ch of source) {
    if (quote) {
      if (ch === quote) quote = null
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch
    else if (ch === '?') n++
  }
  return n
}

/** The SELECTs of a statement's compound (1 + its UNION, INTERSECT and EXCEPT), quoted text aside. */
export function compoundTerms(source: string) {
  const bare = source.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "''")
  return 1 + (bare.match(/\b(union|intersect|except)\b/gi)?.length ?? 0)
}

/**
 * The tests' databases refuse a statement that binds more than D1 does, or unites more SELECTs, as
 * workerd's local D1 does, so a query that works on Node and fails on Workers (a list that grows with the
 * data in an `in (...)`, a union of one arm per form version) fails here too, where the unit suites and
 * the fuzzing reach it.
 */
export function withD1Limits<T extends Db>(db: T): T {
  const client = (db as unknown as { $client: { prepare: (...args: unknown[]) => unknown } }).$client
  const prepare = client.prepare.bind(client)
  client.prepare = (...args: unknown[]) => {
    const n = typeof args[0] === 'string' ? boundParams(args[0]) : 0
    if (n > D1_MAX_PARAMS)
      throw new Error(`too many SQL variables: ${n} bound, D1 takes at most ${D1_MAX_PARAMS}`)
    const terms = typeof args[0] === 'string' ? compoundTerms(args[0]) : 1
    if (terms > D1_MAX_COMPOUND)
      throw new Error(`too many terms in compound SELECT: ${terms}, D1 takes at most ${D1_MAX_COMPOUND}`)
    return prepare(...args)
  }
  return db
}

export type TestApp = Awaited<ReturnType<typeof testApp>>

/** A fresh app over a fresh in-memory SQLite database, with an admin, and a clock the test can move. */
export async function testApp(opts: { now?: Date; demo?: boolean; deps?: Partial<Deps> } = {}) {
  let current = opts.now ?? new Date('2026-11-21T15:00:00Z')
  const deps: Deps = {
    db: withD1Limits(openNodeDb(':memory:')),
    // Few PBKDF2 rounds keep tests fast; the stored hash records its own rounds either way.
    config: {
      ...defaultConfig,
      demo: opts.demo ?? false,
      passwordIterations: 1000,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      // The tests' webhook receivers listen on 127.0.0.1.
      webhooksAllowLocal: true,
    },
    now: () => current,
    live: new MemoryHub(),
    // Webhooks go out right after each change, as on Node; retries wait for the test to call deliverDue.
    outbox: { wake: () => {} },
    ...opts.deps,
  }
  deps.outbox = timerOutbox(() => deliverDue(deps), 0)
  await ensureAdmin(deps)
  const app = createApp(deps)

  async function call(
    method: string,
    path: string,
    init: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...init.headers }
    if (init.body !== undefined) headers['content-type'] ??= 'application/json'
    if (init.token) headers.authorization = `Bearer ${init.token}`
    const body =
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body)
    const res = await app.request(path, { method, headers, body })
    const text = await res.text()
    let json: any
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    return { status: res.status, json, text, headers: res.headers }
  }

  async function login(email = ADMIN.email, password = ADMIN.password): Promise<string> {
    const res = await call('POST', '/api/auth/login', { body: { email, password } })
    if (res.status !== 200) throw new Error(`login failed: ${res.text}`)
    return res.json.token
  }

  const adminToken = await login()

  /** A staff member of the given role, created by the admin; returns their token. */
  async function staffToken(role: Role): Promise<string> {
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@test.co`
    const res = await call('POST', '/api/users', {
      token: adminToken,
      body: { email, password: 'staff-password-1', role },
    })
    if (res.status !== 201) throw new Error(`user create failed: ${res.text}`)
    return login(email, 'staff-password-1')
  }

  return {
    app,
    deps,
    call,
    login,
    adminToken,
    staffToken,
    setNow: (d: Date) => {
      current = d
    },
  }
}

/**
 * What an open event's privacy notice names of its controller besides its name and NIT (a notice without
 * them is refused, server/services/entities.ts `requireNotice`): given to an entity `over` brings unless
 * it brings its own (or `undefined`, to have none).
 */
export const noticeContact = { address: 'Calle 10 # 5-20, Bogotá', phone: '+57 601 000 0000' }

export const sampleEvent = (over: Record<string, unknown> = {}) => ({
  title: 'Rendición de cuentas 2026 — Secretaría de Desarrollo Económico',
  entity: {
    name: 'Secretaría de Desarrollo Económico',
    nit: '899999061-9',
    email: 'datos@sde.gov.co',
    ...noticeContact,
    radicadoPrefix: 'SDE',
  },
  startsAt: '2026-11-27T14:00:00-05:00',
  modality: 'hibrida',
  country: 'CO',
  status: 'open',
  areas: [
    { key: 'despacho', name: 'Despacho' },
    { key: 'cadenas-valor', name: 'Subsecretaría de Cadenas de Valor' },
  ],
  ...over,
  ...(over.entity && typeof over.entity === 'object' ? { entity: { ...noticeContact, ...over.entity } } : {}),
})

/** The app as Node runs it (GET responses gzipped for clients that accept them), with an open event `evento`. */
export async function compressedEventApp(deps: Partial<Deps> = {}) {
  const t = await testApp({ deps: { compress: true, ...deps } })
  const created = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento' }),
  })
  if (created.status !== 201) throw new Error(`event create failed: ${created.text}`)
  return t
}

/**
 * `t`'s deps with a clock that, the first time it is read, commits `sql` on the app's connection: where a
 * service reads the clock once, after its reads and right before its commit, another request's commit
 * lands there. `reads()` says how often the clock was read (twice when the service decided again).
 */
export function commitAtFirstClockRead(t: TestApp, sql: string, now = () => t.deps.now()) {
  return commitAtClockReads(t, (read) => (read === 1 ? sql : undefined), now)
}

/** As `commitAtFirstClockRead`, committing `sqlAt(n)` at the n-th read of the clock, where it gives one. */
export function commitAtClockReads(
  t: TestApp,
  sqlAt: (read: number) => string | undefined,
  now = () => t.deps.now(),
) {
  const client = (t.deps.db as unknown as { $client: { exec(s: string): void } }).$client
  let reads = 0
  const deps: Deps = {
    ...t.deps,
    now: () => {
      reads += 1
      const sql = sqlAt(reads)
      if (sql) client.exec(sql)
      return now()
    },
  }
  return { deps, reads: () => reads }
}

/**
 * Counts the statements run on `db`'s connection from now on, as D1 counts the queries of an invocation
 * (each statement of a batch is one). Reads compile their statement each time and a commit reuses its
 * compiled ones, so the count is taken where a statement runs, not where it is compiled.
 */
export function countQueries(db: Db) {
  const client = (db as unknown as { $client: { prepare: (...args: unknown[]) => object } }).$client
  const prepare = client.prepare.bind(client)
  const counter = { n: 0 }
  const runs = new Set(['run', 'get', 'all', 'iterate'])
  client.prepare = (...args: unknown[]) => {
    const stmt = prepare(...args)
    const counted: object = new Proxy(stmt, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver)
        if (typeof value !== 'function') return value
        return (...a: unknown[]) => {
          if (runs.has(String(name))) counter.n += 1
          const out = value.apply(target, a)
          return out === target ? counted : out
        }
      },
    })
    return counted
  }
  return counter
}
