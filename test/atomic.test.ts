import { describe, expect, it } from 'vitest'
import { commit } from '../db/atomic'
import { openNodeDb } from '../db/client-node'
import { entities } from '../db/schema'

describe('the atomic commit', () => {
  it('writes nothing when one statement of the list fails', async () => {
    const db = openNodeDb(':memory:')
    const row = { id: 'e1', name: 'Entidad', nit: '1', country: 'CO' as const, timezone: 'America/Bogota' }
    await expect(
      commit(db, [db.insert(entities).values(row), db.insert(entities).values({ ...row, id: 'e2' })]),
    ).rejects.toThrow()
    expect(await db.select().from(entities)).toEqual([])
  })

  it('returns the rows of statements that ask for them', async () => {
    const db = openNodeDb(':memory:')
    const row = { id: 'e1', name: 'Entidad', country: 'CO' as const, timezone: 'America/Bogota' }
    const [inserted, selected] = await commit(db, [
      db.insert(entities).values(row).returning(),
      db.select().from(entities),
    ])
    expect(inserted[0].id).toBe('e1')
    expect(selected).toHaveLength(1)
  })
})

describe('the group commit on SQLite', () => {
  it('commits concurrent lists together but rolls back only the one that fails', async () => {
    const db = openNodeDb(':memory:')
    const row = (id: string, nit: string) => ({
      id,
      name: id,
      nit,
      country: 'CO' as const,
      timezone: 'America/Bogota',
    })
    const results = await Promise.allSettled([
      commit(db, [db.insert(entities).values(row('a', '1'))]),
      commit(db, [db.insert(entities).values(row('b', '2')), db.insert(entities).values(row('c', '1'))]),
      commit(db, [db.insert(entities).values(row('d', '3'))]),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const ids = (await db.select().from(entities)).map((e) => e.id).sort()
    expect(ids).toEqual(['a', 'd'])
  })
})
