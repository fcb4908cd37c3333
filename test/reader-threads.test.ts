import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// A worker thread loads its TypeScript through tsx, as under `npm start`: the fixture runs as a process.
const dir = mkdtempSync(join(tmpdir(), 'cabildo-readers-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the reader threads', () => {
  let seen: any
  beforeAll(() => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/reader-threads.ts', join(dir, 'readers.db')],
      // What the stopped threads print goes to the pipe; were the fixture to fail, it is in the error.
      { encoding: 'utf8', stdio: 'pipe' },
    )
    seen = JSON.parse(out.trim().split('\n').at(-1)!)
    // A process of its own, with its threads: seconds alone, more beside the rest of the suite.
  }, 60_000)

  it('run reads on threads of their own, one call to each, while the main thread goes on', () => {
    expect(seen.threads).toHaveLength(2)
    expect(new Set(seen.threads).size).toBe(2)
    expect(seen.threads).not.toContain(seen.mainThread)
    // 300 ms held on a reader: the main thread's 10 ms timer kept firing meanwhile.
    expect(seen.ticks).toBeGreaterThan(5)
  })

  it('read what was committed before the call, cannot write, and send errors back as they were', () => {
    expect(seen.entities).toBe(1)
    expect(seen.write.message).toMatch(/readonly/i)
    expect(seen.write.code).toBe('SQLITE_READONLY')
    expect(seen.failed).toEqual({ message: 'refused x', code: 'E_FIXTURE' })
  })

  it('fail a call whose thread ends as stopped, and go on with the threads left', () => {
    expect(seen.ended).toEqual({ stopped: true })
    expect(seen.after).toHaveLength(2)
    // One of the two threads is gone and none starts after a stop: both calls went to the other.
    expect(new Set(seen.after).size).toBe(1)
    expect(seen.threads).toContain(seen.after[0])
  })

  it('answer filtered stats and crosstabs exactly as the request itself would, and refuse the same', () => {
    const [stats, cross, wrong] = seen.answers
    expect(stats.status).toBe(200)
    expect(stats.same).toBe(true)
    expect(stats.json.responses).toBe(3)
    expect(cross.status).toBe(200)
    expect(cross.same).toBe(true)
    expect(cross.json.groups.find((g: { value: string }) => g.value === 'mujer').answered).toBe(3)
    expect(wrong.status).toBe(400)
    expect(wrong.same).toBe(true)
    expect(wrong.json.error.code).toBe('VALIDATION_ERROR')
    // With a reader thread that stopped before answering, the same answers, read in the request.
    for (const a of seen.answers) expect(a.sameWithoutThread, a.path).toBe(true)
  })
})
