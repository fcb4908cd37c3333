import { defineConfig } from 'vitest/config'

/**
 * The contract and browser suites each run one file at a time: the contract files share two servers and
 * the per-address rate limits, the browser files one server and its data. In a whole run each suite is
 * gathered into one file (test/contract/all.ts, test/browser/all.ts), and the two files run side by side
 * on two workers: the browser suite waits on pages far more than it computes. A command line that names a
 * file of either suite (`npx vitest run test/browser/wall.test.ts`), or CABILDO_TEST_FILES=each, runs
 * their files as themselves, the contract files and then the browser files.
 */
const each =
  process.env.CABILDO_TEST_FILES === 'each' || process.argv.some((a) => /test\/(contract|browser)\/./.test(a))
const suiteFiles = (dir: string) => (each ? [`test/${dir}/**/*.test.ts`] : [`test/${dir}/all.ts`])

export default defineConfig({
  test: {
    // Every project extends this: the temporary directories a test file made are removed after it.
    setupFiles: ['test/fixtures/scratch-cleanup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/contract/**', 'test/browser/**', 'test/crash.test.ts'],
          // Each file has its own app and database: two at a time on two cores (vitest's default leaves one
          // core to itself, one file at a time). The projects of one group share a number of workers.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          // A guard against a hang, not a measure of speed: a property test's hundred runs, on two cores
          // shared with the durability suite's and the start tests' child servers, took 5.7 s once.
          testTimeout: 30_000,
        },
      },
      {
        // The Node server as a child process, killed with SIGKILL and restarted: a project of its own.
        extends: true,
        test: {
          name: 'durability',
          include: ['test/crash.test.ts'],
          // Its own server and data: it runs beside the unit files.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Real servers, started once for the whole run: Node as a child process, workerd + local D1 via wrangler.
        extends: true,
        test: {
          name: 'contract',
          include: suiteFiles('contract'),
          // After the unit files, beside the browser suite (above).
          maxWorkers: each ? 1 : 2,
          sequence: { groupOrder: 1 },
          globalSetup: ['test/contract/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Debian's Chromium at a phone viewport against a Node server; skipped (one line) without Chromium.
        extends: true,
        test: {
          name: 'browser',
          include: suiteFiles('browser'),
          globalSetup: ['test/browser/global-setup.ts'],
          maxWorkers: each ? 1 : 2,
          sequence: { groupOrder: each ? 2 : 1 },
          testTimeout: 60_000,
          // Polls wait for a page that shares two cores with workerd and LibreOffice in CI: 1 s is too short.
          expect: { poll: { timeout: 10_000 } },
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
