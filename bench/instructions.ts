import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { type BenchRow, type BenchSuite, round, row } from './harness'
import { GROUP } from './writer-work'

/**
 * The writer thread's work a submission (bench/writer-work.ts) counted in machine instructions under
 * valgrind's callgrind, which counts the same for the same program and inputs whatever else the machine
 * is doing. This machine has no hardware counters (`perf stat`: not supported), and its CPU time moves
 * ±20 % from one pass to the next, more than most changes to this code: counted here, the same build
 * measures within 1 % from run to run. V8 runs single-threaded (`--single-threaded`: no concurrent
 * compiler or collector threads, whose share would depend on timing), and only the measured groups are
 * counted: the counters are zeroed after the warm-up and dumped after the last group, by
 * callgrind_control. The count covers JavaScript, V8 (the collector included), SQLite and libc, not the
 * kernel (the WAL's writes and fsync), and includes building each submission's input as the main
 * thread would (validating the body, hashing it for the Idempotency-Key), the same in every version.
 * Needs valgrind (`apt-get install -y valgrind`); a run takes a few minutes.
 */
const SUITE = 'instructions'
const WARMUP = 100
const MEASURED = Number(process.env.BENCH_INSTRUCTIONS_GROUPS || 60)

export const instructions: BenchSuite = {
  name: SUITE,
  run: async () => {
    try {
      execFileSync('valgrind', ['--version'], { stdio: 'ignore' })
    } catch {
      throw new Error('The instructions suite needs valgrind: apt-get install -y valgrind')
    }
    // The two kinds at once, one a core: each count is the same either way.
    const [survey, attendance] = await Promise.all([count('survey'), count('attendance')])
    const submissions = MEASURED * GROUP
    const note = `decided and committed in groups of ${GROUP}, counted under callgrind over ${submissions} after ${WARMUP * GROUP} to warm up`
    return [
      row(SUITE, 'survey response: writer instructions', round(survey / submissions / 1000, 1), 'k/request', {
        note,
      }),
      row(
        SUITE,
        'attendance registration: writer instructions',
        round(attendance / submissions / 1000, 1),
        'k/request',
        { note },
      ),
    ] satisfies BenchRow[]
  },
}

/** The instructions of MEASURED groups of `name`, counted on every thread of the process. */
async function count(name: 'survey' | 'attendance'): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'cabildo-callgrind-'))
  try {
    const child = spawn(
      'valgrind',
      [
        '--tool=callgrind',
        `--callgrind-out-file=${join(dir, 'callgrind.out')}`,
        // V8 writes its code into memory it then runs.
        '--smc-check=all-non-file',
        process.execPath,
        '--single-threaded',
        // V8's memory reducer collects on timers where it sees a low allocation rate, which under
        // callgrind's slowdown it always does: how many collections it makes would depend on time.
        '--no-memory-reducer',
        '--expose-gc',
        '--import',
        'tsx',
        'bench/instructions-child.ts',
        name,
        String(WARMUP),
        String(MEASURED),
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (d) => {
      stderr += d
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
    const said = async (word: string) => {
      for (;;) {
        const { value, done } = await lines.next()
        if (done) throw new Error(`callgrind's ${name} run ended before "${word}": ${stderr.slice(-2000)}`)
        if (value.trim() === word) return
      }
    }
    const control = (...args: string[]) =>
      execFileSync('callgrind_control', [...args, String(child.pid)], { stdio: 'ignore' })
    await said('warm')
    control('--zero')
    child.stdin.write('go\n')
    await said('done')
    control('--dump=measured')
    child.stdin.write('go\n')
    const code = await exited
    if (code !== 0) throw new Error(`callgrind's ${name} run failed (${code}): ${stderr.slice(-2000)}`)
    const dump = readdirSync(dir).find((f) => f !== 'callgrind.out' && f.startsWith('callgrind.out'))
    if (!dump) throw new Error(`callgrind wrote no dump of the measured ${name} groups`)
    const totals = /^(?:summary|totals):\s*(\d+)/m.exec(readFileSync(join(dir, dump), 'utf8'))
    if (!totals) throw new Error(`No total in callgrind's dump ${dump}`)
    return Number(totals[1])
  } finally {
    // BENCH_INSTRUCTIONS_KEEP=1 keeps the dumps, for callgrind_annotate (native frames are named;
    // JavaScript's are not: callgrind does not read V8's code map).
    if (process.env.BENCH_INSTRUCTIONS_KEEP) console.error(`callgrind's ${name} dumps kept in ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}
