import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { SubmissionName } from '../server/submissions-elsewhere'
import { writerWork } from './writer-work'

/**
 * The program bench/instructions.ts runs under callgrind: `<survey|attendance> <warm-up groups>
 * <measured groups>`. It warms up, says `warm` and waits for a line on stdin (meanwhile callgrind's
 * counters are zeroed), runs the measured groups, says `done` and waits again (meanwhile they are
 * dumped). Without a background checkpointer and with the automatic checkpoint off: in the server a
 * thread of its own checkpoints, on a timer, which would make the count depend on the time taken. The
 * measured groups (60 by default) write fewer WAL frames than one automatic checkpoint's worth.
 */
const [name, warm, measured] = process.argv.slice(2)
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const dir = mkdtempSync(join(tmpdir(), 'cabildo-instructions-'))
try {
  const work = await writerWork(join(dir, 'cabildo.db'), { checkpointInBackground: false })
  work.sqlite.pragma('wal_autocheckpoint = 0')
  await work.groups(name as SubmissionName, Number(warm))
  // The measured groups start on an empty WAL, as the server's do every few checkpoints: a long WAL
  // makes every read look through more of its index.
  work.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  // And on a heap just collected, so the collections within them are theirs alone.
  ;(globalThis as { gc?: () => void }).gc?.()
  console.log('warm')
  await lines.next()
  await work.groups(name as SubmissionName, Number(measured))
  console.log('done')
  await lines.next()
  work.check()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
process.exit(0)
