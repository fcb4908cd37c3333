import { describe, expect, it } from 'vitest'
import { commit } from '../db/atomic'
import { openNodeDb } from '../db/client-node'
import { entities } from '../db/schema'
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
})
