import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url).pathname
const files = (dir: string): string[] =>
  readdirSync(join(root, dir)).flatMap((f) => {
    const p = join(dir, f)
    return statSync(join(root, p)).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : []
  })
const source = [...files('server'), ...files('db')].map((f) => ({
  file: relative(root, join(root, f)),
  text: readFileSync(join(root, f), 'utf8'),
}))

describe('the architecture', () => {
  it('opens transactions only in db/atomic.ts', () => {
    const offenders = source
      .filter((s) => /\.transaction\(/.test(s.text) && s.file !== 'db/atomic.ts')
      .map((s) => s.file)
    expect(offenders).toEqual([])
  })

  it('imports database drivers only in db/client files', () => {
    const driver = /from '(better-sqlite3|drizzle-orm\/d1|drizzle-orm\/better-sqlite3[^']*)'/
    const offenders = source
      .filter((s) => driver.test(s.text) && !/^db\/client(-[a-z]+)?\.ts$/.test(s.file))
      .map((s) => s.file)
    expect(offenders).toEqual([])
  })

  it('keeps runtime imports out of the app, its routes and its services', () => {
    const shared = source.filter((s) =>
      /^server\/(app|env|errors|validate|access|openapi)\.ts$|^server\/(routes|services|schemas)\//.test(
        s.file,
      ),
    )
    const offenders = shared
      .filter((s) => /from '(node:|@hono\/node-server|cloudflare:)/.test(s.text))
      .map((s) => s.file)
    expect(offenders).toEqual([])
  })
})
