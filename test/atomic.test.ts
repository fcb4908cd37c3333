import { describe, expect, it } from 'vitest'
import { commit, GROUP_MOST, WRITES } from '../db/atomic'
import type { Db } from '../db/client'
import { openNodeDb } from '../db/client-node'
import { entities, formCounters } from '../db/schema'
import { countForm } from '../server/services/response-statements'
import { isUnique } from '../server/services/submissions'

const entity = (id: string, nit: string | null = null) => ({
  id,
  name: id,
  nit,
  country: 'CO' as const,
  timezone: 'America/Bogota',
})

describe('the atomic commit on SQLite', () => {
  const open = () => openNodeDb(':memory:')
  it('writes nothing when one statement of the list fails', async () => {
    const db = open()
    const row = entity('e1', '1')
    await expect(
      commit(db, [db.insert(entities).values(row), db.insert(entities).values({ ...row, id: 'e2' })]),
    ).rejects.toThrow()
    expect(await db.select().from(entities)).toEqual([])
  })

  it('returns the rows of statements that ask for them, as drizzle maps them', async () => {
    const db = open()
    const [inserted, selected, one, run] = await commit(db, [
      db.insert(entities).values(entity('e1')).returning(),
      db.select().from(entities),
      db.query.entities.findFirst({ columns: { name: true } }),
      db.insert(entities).values(entity('e2')),
    ])
    expect(inserted[0]).toMatchObject({ id: 'e1', country: 'CO', nit: null })
    expect(selected).toHaveLength(1)
    expect(one).toEqual({ name: 'e1' })
    expect(run).toMatchObject({ changes: 1 })
  })

  it('commits concurrent lists together but rolls back only the one that fails', async () => {
    const db = open()
    const results = await Promise.allSettled([
      commit(db, [db.insert(entities).values(entity('a', '1'))]),
      commit(db, [
        db.insert(entities).values(entity('b', '2')),
        db.insert(entities).values(entity('c', '1')),
      ]),
      commit(db, [db.insert(entities).values(entity('d', '3'))]),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const failure = (results[1] as PromiseRejectedResult).reason
    // What the services test to tell a repeated submission from a failure.
    expect(isUnique(failure, 'entities', 'nit')).toBe(true)
    const ids = (await db.select().from(entities)).map((e) => e.id).sort()
    expect(ids).toEqual(['a', 'd'])
  })

  it('commits a turn’s requests GROUP_MOST at a time, each answered, the counts running on across groups', async () => {
    const db = open()
    const client = (db as unknown as { $client: Record<symbol, number | undefined> }).$client
    const before = client[WRITES] ?? 0
    const row = { formId: 'f', questionId: 'q', value: 'si' }
    const n = 2 * GROUP_MOST + 3
    const results = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        commit(db, [
          // One in the second group repeats the first one's NIT: it alone fails.
          db.insert(entities).values(entity(`e${i}`, i === GROUP_MOST + 1 ? 'nit-0' : `nit-${i}`)),
          ...countForm(db, [row], 1),
        ] as [never]),
      ),
    )
    // Three groups, one transaction each.
    expect((client[WRITES] ?? 0) - before).toBe(3)
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1)
    expect(results[GROUP_MOST + 1].status).toBe('rejected')
    const counts = results.flatMap((r) =>
      r.status === 'fulfilled' ? [((r.value as unknown[])[1] as { count: number }[])[0].count] : [],
    )
    expect(counts).toEqual(Array.from({ length: n - 1 }, (_, i) => i + 1))
    expect(await db.select().from(entities)).toHaveLength(n - 1)
  })

  it('adds up a group’s counter changes and gives each commit the count after its own', async () => {
    const db = open()
    const row = { formId: 'f', questionId: 'q', value: 'si' }
    const results = await Promise.all(
      [1, 1, 1, -1, 1].map((delta) => commit(db, countForm(db, [row], delta) as [never])),
    )
    const counts = results.map((r) => (r[0] as unknown as { count: number }[])[0].count)
    expect(counts).toEqual([1, 2, 3, 2, 3])
    const [later] = await commit(db, countForm(db, [row, { ...row, value: 'no' }], 1) as [never])
    expect(later).toEqual([
      { formId: 'f', count: 4 },
      { formId: 'f', count: 1 },
    ])
  })

  it('writes the counters nobody reads back many to an upsert, and they add up the same', async () => {
    const db = open()
    const client = (db as unknown as { $client: { prepare(sql: string): unknown } }).$client
    const prepared: string[] = []
    const prepare = client.prepare.bind(client)
    client.prepare = (sql: string) => {
      prepared.push(sql)
      return prepare(sql)
    }
    const row = (i: number) => ({ formId: 'f', questionId: `q${i % 7}`, value: `v${i}` })
    // 40 commits in one turn, one group: each moves 5 counters nobody reads (150 distinct rows, some
    // moved by several commits, some down) and reads one back.
    const expected = new Map<string, number>()
    const commits = Array.from({ length: 40 }, (_, c) => {
      const delta = c % 5 === 4 ? -1 : 1
      const moved = [0, 1, 2, 3, 4].map((k) => row(((c * 4 + k) % 150) + (k === 4 ? 150 : 0)))
      for (const r of moved)
        expected.set(`${r.questionId}/${r.value}`, (expected.get(`${r.questionId}/${r.value}`) ?? 0) + delta)
      return commit(db, [
        ...countForm(db, [{ formId: 'f', questionId: 'total', value: '' }], 1),
        ...countForm(db, moved, delta, true),
      ] as [never])
    })
    const results = await Promise.all(commits)
    // The one read back still sees the count after its own commit.
    expect(results.map((r) => (r[0] as unknown as { count: number }[])[0].count)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    )
    const stored = await (db as Db).select().from(formCounters)
    const byKey = new Map(stored.map((r) => [`${r.questionId}/${r.value}`, r.count]))
    expect(byKey.get('total/')).toBe(40)
    byKey.delete('total/')
    expect(byKey).toEqual(expected)
    // Written by upserts of many rows (64, 32, … at a time), none of them returning rows.
    const many = prepared.filter((sql) => (sql.match(/\(\?, \?, \?, \?\)/g) ?? []).length > 1)
    expect(many.length).toBeGreaterThan(0)
    expect(many.every((sql) => !/returning/i.test(sql))).toBe(true)
    expect(Math.max(...many.map((sql) => sql.match(/\(\?, \?, \?, \?\)/g)!.length))).toBe(64)
  })
})
