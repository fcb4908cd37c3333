import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startNode } from '../contract/servers'
import { CHROMIUM } from './chromium'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Node server the browser suite drives; null when Chromium is missing and the suite skips. */
    browserServer: { url: string } | null
  }
}

const root = new URL('../../', import.meta.url).pathname

/** Builds the web assets, then starts one Node server for the whole browser suite. */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    console.log(`Browser tests skipped: Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`)
    project.provide('browserServer', null)
    return
  }
  for (const args of [['build'], ['build', '--mode', 'app']]) {
    const r = spawnSync(join(root, 'node_modules/.bin/vite'), [...args, '--logLevel', 'warn'], {
      cwd: root,
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(`vite ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`)
  }
  // A moderation stream whose session ended closes at its next check: every 2 s here, not 30.
  const server = await startNode({ CABILDO_LIVE_RECHECK_SECONDS: '2' })
  project.provide('browserServer', { url: server.url })
  return () => server.stop()
}
