import { defineConfig } from 'vitest/config'

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
          include: ['test/contract/**/*.test.ts'],
          // One file at a time against the servers started once for them all, after the unit files (the
          // browser suite, one file at a time too, runs last).
          maxWorkers: 1,
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
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          // Polls wait for a page that shares two cores with workerd and LibreOffice in CI: 1 s is too short.
          expect: { poll: { timeout: 10_000 } },
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
