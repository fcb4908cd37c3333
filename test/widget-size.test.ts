import { existsSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

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
})
