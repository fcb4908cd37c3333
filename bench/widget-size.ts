import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { type BenchSuite, row } from './harness'

const root = new URL('../', import.meta.url).pathname
const BUDGET = 10 * 1024
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length

// The comparison: Formbricks' embeddable survey renderer (the model STYLE.md names), as published on npm.
const baselinePkg = '@formbricks/surveys'
const baselineFile = join(root, 'node_modules', baselinePkg, 'dist/index.umd.js')

/** The gzipped size of the built widget (web/dist/widget.js) against the budget and the baseline. */
export const widgetSize: BenchSuite = {
  name: 'widget-size',
  async run() {
    const build = spawnSync(join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
      cwd: root,
      encoding: 'utf8',
    })
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stderr}`)
    const widget = join(root, 'web/dist/widget.js')
    const ours = gz(widget)
    const version = JSON.parse(
      readFileSync(join(root, 'node_modules', baselinePkg, 'package.json'), 'utf8'),
    ).version
    const baseline = {
      name: `${baselinePkg} ${version} (dist/index.umd.js, gzip -9)`,
      value: gz(baselineFile),
    }
    return [
      row('widget-size', 'widget.js, gzip -9', ours, 'bytes', {
        baseline,
        note: `budget ${BUDGET} bytes: ${ours <= BUDGET ? 'within' : `over by ${ours - BUDGET}`}`,
      }),
      row('widget-size', 'widget.js, uncompressed', readFileSync(widget).length, 'bytes'),
    ]
  },
}
