import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SOON } from '../server/transient'

// A worker thread loads its TypeScript through tsx, as under `npm start`: the fixture runs as a process.
const dir = mkdtempSync(join(tmpdir(), 'cabildo-writer-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `test/fixtures/<fixture>.ts` on a database file of its own; what it saw, as it printed it. */
const run = (fixture: string) => {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', `test/fixtures/${fixture}.ts`, join(dir, `${fixture}.db`)],
    { encoding: 'utf8' },
  )
  return JSON.parse(out.trim().split('\n').at(-1)!)
}

describe('the writer thread', () => {
  let seen: any
  beforeAll(() => {
    seen = run('writer-thread')
  })

  it('runs group commits, each failing alone with SQLite’s message, read at once here, and hands them back here if it stops', () => {
    expect(seen.onThread).toBe(true)
    expect(seen.first).toEqual([
      { ok: 1 },
      { ok: 2 },
      { error: 'UNIQUE constraint failed: entities.nit' },
      { ok: 3 },
    ])
    expect(seen.kept).toEqual([{ nit: '2' }])
    expect(seen.afterWrite).toEqual([{ nit: '7' }, { nit: '5' }])
    expect(seen.stopped).toBe(true)
    expect(seen.second).toEqual([{ ok: 4 }, { error: 'UNIQUE constraint failed: entities.nit' }])
    expect(seen.entities).toBe(5)
  })

  it('answers calls there, each failing alone, what they commit read at once here; once stopped, calls are this thread’s', () => {
    const { calls } = seen
    const [where, renamed, failed, again] = calls.called
    expect(where.value.threadId).not.toBe(calls.here)
    expect(again.value).toEqual({ threadId: where.value.threadId, calls: 4 })
    expect(renamed).toEqual({ value: { renamed: 'b' } })
    expect(failed).toEqual({ error: 'refused x', code: 'E_FIXTURE' })
    // The first read was kept; the writer's commit is seen by the next one all the same.
    expect(calls.nits).toEqual([{ nit: '7' }, { nit: '8' }])
    // Twenty calls of one turn leave in several messages; each is answered, in the order made.
    expect(calls.many).toEqual(Array.from({ length: 20 }, (_, i) => 5 + i))
    const [before, unsendable, after] = calls.unsendable
    expect(before.value.calls).toBe(25)
    expect(unsendable.error).toMatch(/BigInt/)
    expect(after.value.calls).toBe(27)
    expect(calls.echoed).toEqual([{ kinds: ['string', 'number'] }, { kinds: ['string', 'bigint'] }])
    expect(calls.carriedText).toContain('\\"la')
    expect(calls.carried).toEqual([
      { input: { a: 1 }, carried: calls.carriedText },
      { input: { a: 2 } },
      { input: { a: 3 }, carried: 'segundo' },
    ])
    expect(seen.stopped).toBe(true)
    // A call still waiting when the thread stopped is refused as a passing failure: 503, Retry-After 1 s.
    expect(seen.heldWait).toBe(SOON)
  })
})

describe('the WAL flusher', () => {
  it('answers each writer-thread commit only once the WAL is flushed past it, and hands commits back here if it is lost', () => {
    const seen = run('wal-flusher')
    expect(seen.onThread).toBe(true)
    expect(seen.answered.map((a: { ok: string }) => a.ok)).toEqual(['a', 'b', 'c', 'd', 'e'])
    for (const a of seen.answered) {
      expect(a.committed).toBeGreaterThan(0)
      // Every group the writer had committed when this one was answered was on disk already.
      expect(a.flushed).toBeGreaterThanOrEqual(a.committed)
    }
    expect(seen.stopped).toBe(true)
    // The writer thread is ended, not left idle beside the commits that came back here.
    expect(seen.writerExit).toBe(1)
    expect(seen.after).toMatchObject({ ok: 'f' })
    expect(seen.count).toBe(6)
  })
})
