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

  it('never names a variable h or Fragment in the browser apps, which would shadow their JSX', () => {
    // vite.config.ts compiles JSX to h() calls with `import { h, Fragment } from 'preact'` injected: a
    // parameter named h turns every element inside its function into a call of that parameter.
    const web = files('web').filter((f) => f.endsWith('.tsx'))
    const binds =
      /(?:\b(?:const|let|var|function)\s+|[(,]\s*|\{\s*)(?:h|Fragment)\s*(?:[,)=:}]|=>)|\b(?:h|Fragment)\s*=>/
    const offenders = web.filter((f) => binds.test(readFileSync(join(root, f), 'utf8')))
    expect(web.length).toBeGreaterThan(10)
    expect(offenders).toEqual([])
    // The pattern finds what it is for.
    for (const bad of ['list.map((h) => <li />)', 'list.map(h => <li />)', 'const h = 1', '(a, h) => 0'])
      expect(binds.test(bad), bad).toBe(true)
  })
})
