import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openNodeDb } from '../db/client-node'

const dir = mkdtempSync(join(tmpdir(), 'cabildo-checkpoint-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Client = { exec(sql: string): void; prepare(sql: string): { run(...p: unknown[]): unknown } }
const clientOf = (db: unknown) => (db as { $client: Client }).$client

/** The rows of `probe` in the database file alone, as if the WAL beside it were lost. */
function rowsInMainFile(file: string, name: string) {
  const copy = join(dir, `${name}-copy.db`)
  copyFileSync(file, copy)
  const db = new Database(copy, { readonly: true })
  try {
    const has = db.prepare(`select 1 from sqlite_master where name = 'probe'`).get()
    return has ? (db.prepare('select count(*) n from probe').get() as { n: number }).n : 0
  } finally {
    db.close()
    rmSync(copy, { force: true })
  }
}

async function writeAndWatch(name: string, background: boolean, waitMs: number) {
  const file = join(dir, `${name}.db`)
  const client = clientOf(openNodeDb(file, { checkpointInBackground: background }))
  client.exec('create table probe (n integer)')
  const insert = client.prepare('insert into probe values (?)')
  for (let i = 0; i < 50; i++) insert.run(i)
  // Far below wal_autocheckpoint: the writer itself does not checkpoint these.
  const deadline = Date.now() + waitMs
  let seen = rowsInMainFile(file, name)
  while (seen < 50 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
    seen = rowsInMainFile(file, name)
  }
  return seen
}

describe('checkpoints on their own thread', () => {
  it('copy what the writer committed into the database file without the writer checkpointing', async () => {
    expect(await writeAndWatch('background', true, 4_000)).toBe(50)
  })

  it('are what brings them there: without the thread, they stay in the WAL', async () => {
    // Five of the thread's periods.
    expect(await writeAndWatch('writer-only', false, 1_000)).toBe(0)
  })

  it('start the WAL over under a steady stream of commits, long before the writer’s own checkpoint', () => {
    // A worker thread loads its TypeScript through tsx, as under `npm start`: the fixture runs as a process.
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/wal-steady.ts', join(dir, 'steady.db')],
      { encoding: 'utf8' },
    )
    const seen = JSON.parse(out.trim().split('\n').at(-1)!)
    // Without a restart the WAL would have held every page: over three times the limit set.
    expect(seen.pages).toBeGreaterThan(3 * seen.restartFrames)
    // It started over each time it passed the limit, a pass later (200 ms) at most.
    expect(seen.walMax / seen.frameBytes).toBeLessThan(2 * seen.restartFrames)
  }, 60_000)
})
