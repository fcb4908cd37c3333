import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { mangleProps } from '../vite.config'
import { sampleEvent, testApp } from './helpers'

// The budget: "the whole widget ≤ 10 KB gzipped", Preact included, measured as `gzip -9`.
const BUDGET = 10_240
const widget = new URL('../web/dist/widget.js', import.meta.url)

describe('the embeddable widget', () => {
  it('stays within 10 KB gzipped', (ctx) => {
    // `npm test` builds before vitest, so this only skips a bare vitest run on a fresh checkout.
    if (!existsSync(widget)) ctx.skip('web/dist/widget.js is not built: run `npm run build` first')
    const size = gzipSync(readFileSync(widget), { level: 9 }).length
    expect(size <= BUDGET, `widget.js is ${size} B gzipped; the budget is ${BUDGET} B`).toBe(true)
  })

  it('asks nothing of Preact that the widget’s build of it leaves out', (ctx) => {
    // vite.config.ts (`trimPreact`) cuts style objects, SVG and MathML, and dangerouslySetInnerHTML out
    // of Preact in widget.js: a widget module that used one would render wrong, and only there. Read in
    // the sources the widget is built from, and in what was built of them.
    const sources = ['../web/widget/', '../web/shared/'].flatMap((dir) =>
      readdirSync(new URL(dir, import.meta.url))
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => [`${dir}${f}`, readFileSync(new URL(`${dir}${f}`, import.meta.url), 'utf8')]),
    )
    expect(sources.length).toBeGreaterThan(10)
    for (const [file, code] of sources) {
      expect(code, file).not.toMatch(/dangerouslySetInnerHTML/)
      expect(code, file).not.toMatch(/<(svg|math)\b|h\(\s*['"`](svg|math)['"`]/)
      // A style is given as a string, if at all: `style="…"`, never `style={{…}}` nor `style: {…}`.
      expect(code, file).not.toMatch(/\bstyle(=\{\{|:\s*\{)/)
    }
    if (!existsSync(widget)) ctx.skip('web/dist/widget.js is not built: run `npm run build` first')
    const built = readFileSync(widget, 'utf8')
    expect(built).not.toMatch(/dangerouslySetInnerHTML|__html|2000\/svg|MathML/)
    expect(built).not.toMatch(/\bstyle:\s*\{/)
  })

  it('shortens no property name of what the server sends it', async () => {
    // The minifier renames a listed property everywhere in widget.js, a read of the server's JSON included:
    // `t.send` would then read nothing, and the button would have no text.
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'nombres' }) })
    const replies = [
      await t.call('GET', '/api/events/nombres'),
      await t.call('POST', '/api/events/nombres/attendance', {
        body: { name: 'Ana Pérez', documentType: 'CC', documentNumber: '1020304050', consent: true },
      }),
      await t.call('POST', '/api/events/nombres/questions', {
        body: { type: 'queja', text: 'El parque no tiene luz.', anonymous: true },
      }),
      await t.call('POST', '/api/events/nombres/questions', { body: { type: 'queja' } }),
    ]
    expect(replies.map((r) => r.status)).toEqual([200, 201, 201, 400])
    const names = new Set<string>()
    const walk = (x: unknown) => {
      if (!x || typeof x !== 'object') return
      for (const [k, v] of Object.entries(x)) {
        if (!Array.isArray(x)) names.add(k)
        walk(v)
      }
    }
    for (const r of replies) walk(r.json)
    expect(names).toContain('send')
    expect([...names].filter((n) => mangleProps.include.test(n))).toEqual([])
  })

  it('shortens no name of what the browser itself gives', () => {
    // A renamed `set` would turn `map.set(…)`, `headers.set(…)` or `params.set(…)` into a call of nothing,
    // and only on the device. The built-ins the widget may use, from Node's own where it has them.
    const builtIns: object[] = [Map, Set, WeakMap, URLSearchParams, URL, Headers, FormData]
    builtIns.push(Request, Response, Promise, AbortController, EventTarget, Array, Object, String, Date)
    builtIns.push(JSON, Intl.DateTimeFormat)
    const names = builtIns.flatMap((c) => [
      ...Object.getOwnPropertyNames(c),
      ...Object.getOwnPropertyNames((c as { prototype?: object }).prototype ?? {}),
    ])
    // And the browser's own, which Node lacks: window, history, location, storage, elements and events.
    const browser = ['alert', 'go', 'load', 'focus', 'blur', 'submit', 'reset', 'remove', 'append', 'click']
      .concat([
        'open',
        'close',
        'print',
        'scroll',
        'getItem',
        'setItem',
        'removeItem',
        'key',
        'clear',
        'name',
      ])
      .concat([
        'value',
        'checked',
        'hidden',
        'reload',
        'replace',
        'assign',
        'search',
        'hash',
        'target',
        'data',
      ])
    expect([...names, ...browser].filter((n) => mangleProps.include.test(n))).toEqual([])
  })
})
