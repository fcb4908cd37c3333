import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { type BenchRow, type BenchSuite, needValgrind, round, row } from './harness'
import { GROUP } from './writer-work'

/**
 * The writer thread's work a submission (bench/writer-work.ts) counted in machine instructions under
 * valgrind's callgrind, which counts the same for the same program and inputs whatever else the machine
 * is doing. This machine has no hardware counters (`perf stat`: not supported), and its CPU time moves
 * ±20 % from one pass to the next, more than most changes to this code: counted here, the same build
 * measures within 1–5 % from run to run. V8 runs single-threaded (`--single-threaded`: no concurrent
 * compiler or collector threads, whose share would depend on timing), and only the measured groups are
 * counted: the counters are zeroed after the warm-up and dumped after the last group, by
 * callgrind_control; TurboFan's compiles within them are left out (see `count`). The count covers
 * JavaScript, V8 (the collector included), SQLite and libc, not the kernel (the WAL's writes and
 * fsync), and includes building each submission's input as the main thread would (validating the
 * body, hashing it for the Idempotency-Key), the same in every version.
 * Needs valgrind (`apt-get install -y valgrind`); a run takes a few minutes.
 */
const SUITE = 'instructions'
const WARMUP = 100
const MEASURED = Number(process.env.BENCH_INSTRUCTIONS_GROUPS || 60)

export const instructions: BenchSuite = {
  name: SUITE,
  run: async () => {
    needValgrind('The instructions suite')
    // The two kinds at once, one a core: each count is the same either way.
    const [survey, attendance] = await Promise.all([count('survey'), count('attendance')])
    const submissions = MEASURED * GROUP
    const per = (c: { all: number; compiling: number }) =>
      round((c.all - c.compiling) / submissions / 1000, 1)
    const note = (c: { all: number; compiling: number }) =>
      `decided and committed in groups of ${GROUP}, counted under callgrind over ${submissions} after ${WARMUP * GROUP} to warm up; without TurboFan's compiles meanwhile (${Math.round((100 * c.compiling) / c.all)} % of all)`
    return [
      row(SUITE, 'survey response: writer instructions', per(survey), 'k/request', { note: note(survey) }),
      row(SUITE, 'attendance registration: writer instructions', per(attendance), 'k/request', {
        note: note(attendance),
      }),
    ] satisfies BenchRow[]
  },
}

/** The instructions of MEASURED groups of `name`, counted on every thread of the process. */
async function count(name: 'survey' | 'attendance'): Promise<{ all: number; compiling: number }> {
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
    // TurboFan still compiles now and then after the warm-up (a function run once a group gets hot
    // slowly), each compile tens of millions of instructions: a third of the count, and not the work
    // of a submission (in the server it runs on a helper thread, while the code warms up). Left out.
    const annotated = execFileSync(
      'callgrind_annotate',
      ['--inclusive=yes', '--threshold=100', join(dir, dump)],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
      },
    )
    const compiling = /^\s*([\d,]+) .*v8::internal::Compiler::CompileOptimized\(/m.exec(annotated)
    return { all: Number(totals[1]), compiling: compiling ? Number(compiling[1].replaceAll(',', '')) : 0 }
  } finally {
    // BENCH_INSTRUCTIONS_KEEP=1 keeps the dumps, for callgrind_annotate (native frames are named;
    // JavaScript's are not: callgrind does not read V8's code map).
    if (process.env.BENCH_INSTRUCTIONS_KEEP) console.error(`callgrind's ${name} dumps kept in ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}
