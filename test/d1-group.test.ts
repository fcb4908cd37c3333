import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { Db } from '../db/client'
import { batchOf, groupCommits, MAX_GROUP_STATEMENTS, sharedRead } from '../db/d1-group'

type Stmt = { sql: string; params: unknown[] }

/**
 * D1's `batch` as db/d1-group.ts uses it, over a real SQLite database: the statements in one
 * transaction, all or nothing, answered after a while (D1 replicates each batch before it returns).
 */
function d1Like(fail?: (stmts: Stmt[]) => Error | undefined) {
  const sqlite = new Database(':memory:')
  sqlite.exec('create table t (k text primary key, v integer)')
  const batches: number[] = []
  const db = {
    async batch(stmts: Stmt[]) {
      batches.push(stmts.length)
      await new Promise((r) => setTimeout(r, 5))
      const refused = fail?.(stmts)
      if (refused) throw refused
      return sqlite.transaction(() => stmts.map((s) => sqlite.prepare(s.sql).run(...s.params).changes))()
    },
  }
  const rows = () => sqlite.prepare('select k from t order by k').pluck().all()
  return { db: db as unknown as Db, batches, rows }
}

const insert = (k: string): Stmt => ({ sql: 'insert into t (k, v) values (?, 1)', params: [k] })

describe('the D1 group commit (db/d1-group.ts)', () => {
  it('sends a commit at once when none is on its way, and what arrives meanwhile in the next batch', async () => {
    const { db, batches, rows } = d1Like()
    groupCommits(db)
    const first = batchOf(db, [insert('a')])
    await new Promise((r) => setTimeout(r, 1))
    const rest = ['b', 'c', 'd', 'e'].map((k) => batchOf(db, [insert(k), insert(`${k}2`)]))
    expect(await first).toEqual([1])
    // Each answered with the results of its own statements.
    expect(await Promise.all(rest)).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ])
    expect(batches).toEqual([1, 8])
    expect(rows()).toEqual(['a', 'b', 'b2', 'c', 'c2', 'd', 'd2', 'e', 'e2'])
  })

  it('runs each commit of a group alone when a constraint refused one, so only that one fails', async () => {
    const { db, batches, rows } = d1Like()
    groupCommits(db)
    await batchOf(db, [insert('taken')])
    const blocker = batchOf(db, [insert('x')])
    const group = ['p', 'taken', 'q'].map((k) => batchOf(db, [insert(k)]))
    await blocker
    const settled = await Promise.allSettled(group)
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/)
    // The group's batch, then one batch each.
    expect(batches).toEqual([1, 1, 3, 1, 1, 1])
    expect(rows()).toEqual(['p', 'q', 'taken', 'x'])
  })

  it('fails the whole group, without retrying it, when D1 itself failed', async () => {
    let down = false
    const { db, batches, rows } = d1Like(() =>
      down ? new Error('D1_ERROR: database is overloaded') : undefined,
    )
    groupCommits(db)
    const blocker = batchOf(db, [insert('x')])
    down = true
    const group = ['p', 'q', 'r'].map((k) => batchOf(db, [insert(k)]))
    await blocker.catch(() => {})
    const settled = await Promise.allSettled(group)
    expect(settled.every((s) => s.status === 'rejected' && /overloaded/.test(String(s.reason)))).toBe(true)
    expect(batches).toEqual([1, 3])
    expect(rows()).toEqual([])
    // The next commit is sent as usual.
    down = false
    await batchOf(db, [insert('s')])
    expect(rows()).toEqual(['s'])
  })

  it('caps a batch at MAX_GROUP_STATEMENTS, the rest going in the next', async () => {
    const { db, batches } = d1Like()
    groupCommits(db)
    const per = 6
    const n = Math.floor(MAX_GROUP_STATEMENTS / per) + 5
    const blocker = batchOf(db, [insert('x')])
    const all = Array.from({ length: n }, (_, i) =>
      batchOf(
        db,
        Array.from({ length: per }, (_, j) => insert(`${i}-${j}`)),
      ),
    )
    await Promise.all([blocker, ...all])
    expect(batches).toEqual([1, Math.floor(MAX_GROUP_STATEMENTS / per) * per, 5 * per])
  })

  it('leaves a database that does not group its commits to send one batch each', async () => {
    const { db, batches } = d1Like()
    await Promise.all(['a', 'b', 'c'].map((k) => batchOf(db, [insert(k)])))
    expect(batches).toEqual([1, 1, 1])
  })
})

describe('reads shared while on their way (sharedRead)', () => {
  /** A read of the real table that takes a while, as a D1 query does, counting the queries sent. */
  function reader(db: Db, rows: () => unknown[]) {
    const sent: string[] = []
    let down = false
    const read = (key: string) =>
      sharedRead(db, key, async () => {
        sent.push(key)
        await new Promise((r) => setTimeout(r, 5))
        if (down) throw new Error('D1_ERROR: overloaded')
        return rows()
      })
    return { read, sent, fail: (on: boolean) => (down = on) }
  }

  it('sends one read for the callers that ask while it is on its way, and a new one after', async () => {
    const { db, rows } = d1Like()
    groupCommits(db)
    await batchOf(db, [insert('a')])
    const { read, sent } = reader(db, rows)
    const first = read('event')
    await new Promise((r) => setTimeout(r, 1))
    const joined = [read('event'), read('event'), read('event')]
    const other = read('another event')
    expect(await Promise.all([first, ...joined])).toEqual([['a'], ['a'], ['a'], ['a']])
    expect(await other).toEqual(['a'])
    expect(sent).toEqual(['event', 'another event'])
    // Nothing is kept: once returned, the next caller reads again and sees what was written since.
    await batchOf(db, [insert('b')])
    expect(await read('event')).toEqual(['a', 'b'])
    expect(sent).toEqual(['event', 'another event', 'event'])
  })

  it('fails every caller of a read that failed, and reads again for the next', async () => {
    const { db, rows } = d1Like()
    groupCommits(db)
    const { read, sent, fail } = reader(db, rows)
    fail(true)
    const callers = await Promise.allSettled([read('event'), read('event')])
    expect(callers.map((c) => c.status)).toEqual(['rejected', 'rejected'])
    expect(sent).toEqual(['event'])
    fail(false)
    expect(await read('event')).toEqual([])
    expect(sent).toEqual(['event', 'event'])
  })

  it('sends every read on a database that does not group its commits', async () => {
    const { db, rows } = d1Like()
    const { read, sent } = reader(db, rows)
    await Promise.all([read('event'), read('event'), read('event')])
    expect(sent).toEqual(['event', 'event', 'event'])
  })
})
