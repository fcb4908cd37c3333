import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// A worker thread loads its TypeScript through tsx, as under `npm start`: the fixture runs as a process.
const dir = mkdtempSync(join(tmpdir(), 'cabildo-writer-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('group commits on the writer thread', () => {
  it('run there, fail alone with SQLite’s message, are read at once here, and come back here if it stops', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/writer-thread.ts', join(dir, 'writer.db')],
      { encoding: 'utf8' },
    )
    const seen = JSON.parse(out.trim().split('\n').at(-1)!)
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
})
