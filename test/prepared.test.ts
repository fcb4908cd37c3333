import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq, fillPlaceholders, sql } from 'drizzle-orm'
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { afterAll, describe, expect, it } from 'vitest'
import { commit, type Stmt } from '../db/atomic'
import { openNodeDb } from '../db/client-node'
import {
  type DrizzlePrepared,
  fillerOf,
  OTHER_WRITERS_MS,
  query,
  stableQuery,
  statement,
} from '../db/prepared'
import { entities, formCounters } from '../db/schema'
import { countForm } from '../server/services/response-statements'

// The survey hot path's own counter statement, not a copy of it.
const count = countForm

const addEntity = statement((db, p: { id: string; nit: string | null }) =>
  db
    .insert(entities)
    .values({ id: p.id, name: sql`${p.id}`, nit: p.nit, country: 'CO', timezone: 'America/Bogota' }),
)
const entityById = query((db, p: { id: string }) => db.select().from(entities).where(eq(entities.id, p.id)))
const counterOf = async (db: ReturnType<typeof openNodeDb>, formId: string) =>
  (await db.select().from(formCounters).where(eq(formCounters.formId, formId)))[0]?.count

describe('prepared statements in the group commit', () => {
  it('adds up counters moved by concurrent commits, each seeing the count after its own change', async () => {
    const db = openNodeDb(':memory:')
    const one = { formId: 'f', questionId: '', value: '' }
    const results = await Promise.all(
      Array.from({ length: 50 }, () => commit(db, count(db, [one], 1) as [Stmt])),
    )
    const seen = results.map((r) => (r[0] as unknown as { count: number }[])[0].count)
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(await counterOf(db, 'f')).toBe(50)
  })

  it('adds up quiet counters too, without counts back, and the others still see their own', async () => {
    const db = openNodeDb(':memory:')
    const one = { formId: 'f', questionId: '', value: '' }
    // Loud, quiet, loud, quiet, loud: the loud ones see 1, 3 and 5, the quiet ones nothing.
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => commit(db, count(db, [one], 1, i % 2 === 1) as [Stmt])),
    )
    expect(results.map((r) => (r[0] as unknown as { count: number }[]).map((c) => c.count))).toEqual([
      [1],
      [],
      [3],
      [],
      [5],
    ])
    expect(await counterOf(db, 'f')).toBe(5)
  })

  it('leaves out the counters of a commit that fails, and commits the others of its group', async () => {
    const db = openNodeDb(':memory:')
    const one = { formId: 'f', questionId: '', value: '' }
    const attempt = (id: string, nit: string) =>
      commit(db, [addEntity(db, { id, nit }), ...count(db, [one], 1)] as [Stmt, ...Stmt[]])
    // The third repeats the first one's NIT: it fails alone, after its counter was already asked for.
    const results = await Promise.allSettled([
      attempt('a', '1'),
      attempt('b', '2'),
      attempt('c', '1'),
      attempt('d', '3'),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    expect(await counterOf(db, 'f')).toBe(3)
    const ids = (await db.select({ id: entities.id }).from(entities)).map((e) => e.id).sort()
    expect(ids).toEqual(['a', 'b', 'd'])
    const seen = results.flatMap((r) =>
      r.status === 'fulfilled' ? [(r.value[1] as unknown as { count: number }[])[0].count] : [],
    )
    expect(seen).toEqual([1, 2, 3])
  })

  it('moves counters down as well as up, and keeps the first values of a new row', async () => {
    const db = openNodeDb(':memory:')
    const row = { formId: 'f', questionId: 'q', value: 'v' }
    await Promise.all([
      commit(db, count(db, [row], 1) as [Stmt]),
      commit(db, count(db, [row, { ...row, value: 'w' }], 1) as [Stmt]),
      commit(db, count(db, [row], -1) as [Stmt]),
    ])
    const rows = await db.select().from(formCounters).orderBy(formCounters.value)
    expect(rows.map((r) => [r.value, r.count])).toEqual([
      ['v', 1],
      ['w', 1],
    ])
  })

  it('binds new values on every run of a statement prepared once, nulls included', async () => {
    const db = openNodeDb(':memory:')
    await commit(db, [addEntity(db, { id: 'x', nit: null })])
    await commit(db, [addEntity(db, { id: 'y', nit: '9' })])
    expect((await entityById(db, { id: 'x' }))[0]).toMatchObject({ name: 'x', nit: null })
    expect((await entityById(db, { id: 'y' }))[0]).toMatchObject({ name: 'y', nit: '9' })
    expect(await entityById(db, { id: 'z' })).toEqual([])
  })
})

describe('placeholders filled', () => {
  // fillerOf compiles drizzle's fillPlaceholders for each statement: the same values out, through the
  // same column encoders, fixed values where the statement has them, the same error for a missing one.
  const things = sqliteTable('things', {
    name: text('name'),
    done: integer('done', { mode: 'boolean' }),
    data: text('data', { mode: 'json' }),
    kind: text('kind'),
  })
  const prepare = () => {
    const real = openNodeDb(':memory:')
    real.run(sql`create table things (name text, done integer, data text, kind text)`)
    const db = real as unknown as {
      insert(t: typeof things): { values(v: object): { prepare(): DrizzlePrepared } }
    }
    return db
      .insert(things)
      .values({
        name: sql.placeholder('name'),
        done: sql.placeholder('done'),
        data: sql.placeholder('data'),
        kind: 'fijo "x"',
      })
      .prepare()
  }

  it("as drizzle's own fillPlaceholders does", () => {
    const { params } = prepare().query
    const fill = fillerOf(params)
    for (const values of [
      { name: 'a', done: true, data: { n: 1, t: 'ñ' } },
      { name: null, done: false, data: [1, 'dos'] },
      { name: 'he said "hi"', done: true, data: null, extra: 'ignored' },
    ]) {
      const ours = fill(values)
      expect(ours).toEqual(fillPlaceholders(params, values))
      expect(ours).toContain('fijo "x"')
    }
    // The placeholder left for the caller (a counter's delta) stays undefined, unencoded.
    const left = fillerOf(params, 'done')({ name: 'a', data: 1 })
    expect(left).toEqual(
      fillPlaceholders(params, { name: 'a', done: true, data: 1 }).map((v, i) => (i === 1 ? undefined : v)),
    )
  })

  it('refuses values without one of its placeholders', () => {
    const { params } = prepare().query
    expect(() => fillerOf(params)({ name: 'a', data: 1 })).toThrow(
      'No value for placeholder "done" was provided',
    )
    expect(() => fillPlaceholders(params, { name: 'a', data: 1 })).toThrow(
      'No value for placeholder "done" was provided',
    )
  })
})

describe('reads kept until the next write', () => {
  const nitOf = stableQuery(
    (db, p: { id: string }) => db.select({ nit: entities.nit }).from(entities).where(eq(entities.id, p.id)),
    (p) => p.id,
  )
  const dir = mkdtempSync(join(tmpdir(), 'cabildo-stable-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('answer from what they kept until this connection writes anything, then read again', async () => {
    const db = openNodeDb(':memory:')
    await commit(db, [addEntity(db, { id: 'e', nit: '1' }), addEntity(db, { id: 'f', nit: '2' })])
    const first = await nitOf(db, { id: 'e' })
    expect(first).toEqual([{ nit: '1' }])
    // Kept: the very same rows, frozen, since every caller shares them.
    expect(await nitOf(db, { id: 'e' })).toBe(first)
    expect(Object.isFrozen(first[0])).toBe(true)
    // A write to any row, through any path of this connection, drops what was kept.
    await db.update(entities).set({ nit: '3' }).where(eq(entities.id, 'e'))
    expect(await nitOf(db, { id: 'e' })).toEqual([{ nit: '3' }])
    await db.update(entities).set({ nit: '4' }).where(eq(entities.id, 'f'))
    await db.update(entities).set({ nit: '5' }).where(eq(entities.id, 'e'))
    expect(await nitOf(db, { id: 'e' })).toEqual([{ nit: '5' }])
    // A miss is not kept: the row added next is found.
    expect(await nitOf(db, { id: 'g' })).toEqual([])
    await commit(db, [addEntity(db, { id: 'g', nit: '6' })])
    expect(await nitOf(db, { id: 'g' })).toEqual([{ nit: '6' }])
  })

  it('are read once for the callers that ask in the same turn', async () => {
    const db = openNodeDb(':memory:')
    await commit(db, [addEntity(db, { id: 'e', nit: '1' })])
    // The calls of one message to the writer thread all ask before any of them has its answer.
    const client = (db as unknown as { $client: { prepare(sql: string): unknown } }).$client
    const reads: unknown[] = []
    const prepare = client.prepare.bind(client)
    client.prepare = (sql: string) => {
      const stmt = prepare(sql) as { raw(on?: boolean): { all(...p: unknown[]): unknown[] } }
      const raw = stmt.raw.bind(stmt)
      stmt.raw = (on?: boolean) => {
        const r = raw(on)
        const all = r.all.bind(r)
        r.all = (...p: unknown[]) => {
          reads.push(sql)
          return all(...p)
        }
        return r
      }
      return stmt
    }
    const answers = await Promise.all(Array.from({ length: 8 }, () => nitOf(db, { id: 'e' })))
    expect(answers.every((a) => a === answers[0])).toBe(true)
    expect(answers[0]).toEqual([{ nit: '1' }])
    expect(reads.filter((sql) => /from "entities"/.test(String(sql)))).toHaveLength(1)
  })

  it('see what another connection commits within OTHER_WRITERS_MS', async () => {
    const file = join(dir, 'two.db')
    const server = openNodeDb(file)
    const cli = openNodeDb(file)
    await commit(server, [addEntity(server, { id: 'e', nit: '1' })])
    expect(await nitOf(server, { id: 'e' })).toEqual([{ nit: '1' }])
    await cli.update(entities).set({ nit: '2' }).where(eq(entities.id, 'e'))
    await new Promise((r) => setTimeout(r, OTHER_WRITERS_MS + 20))
    expect(await nitOf(server, { id: 'e' })).toEqual([{ nit: '2' }])
    for (const db of [server, cli]) (db as unknown as { $client: { close(): void } }).$client.close()
  })
})
