import { describe, expect, it } from 'vitest'
import { callText } from '../server/node-submissions'
import { idempotencyRequest, writtenBody } from '../server/services/idempotency'
import { sha256HexSync } from '../server/services/sha256'
import { newKey } from '../web/widget/storage'

describe("the widget's Idempotency-Keys", () => {
  it('sort in the order they were made, each with 256 random bits of its own', async () => {
    const keys: string[] = []
    for (let i = 0; i < 5; i++) {
      keys.push(newKey(), newKey())
      await new Promise((r) => setTimeout(r, 3))
    }
    // Made a few milliseconds apart, they sort as made: the server's index of keys fills at its end.
    const byTime = keys.map((k) => k.slice(0, 13))
    expect([...byTime].sort()).toEqual(byTime)
    expect(new Set(byTime).size).toBeGreaterThanOrEqual(5)
    for (const k of keys) {
      const [time, random] = [k.slice(0, 13), k.slice(13).split('-')]
      expect(Math.abs(Number(time) - Date.now())).toBeLessThan(5000)
      expect(random).toHaveLength(8)
      for (const part of random) expect(Number(part)).toBeLessThan(2 ** 32)
      // What the server accepts as a key (server/services/idempotency.ts).
      expect(k).toMatch(/^[\x21-\x7e]{1,255}$/)
    }
    expect(new Set(keys.map((k) => k.slice(13))).size).toBe(keys.length)
  })
})

describe('a submission sent to the writer thread', () => {
  it('carries its body as the text written for its key’s hash, and reads back as the call itself', () => {
    const body = { answers: { q: 'sí', n: 3, many: ['a', 'b "c"'], none: null }, deviceToken: 'd'.repeat(16) }
    const idem = idempotencyRequest('response:evento:evaluacion', 'clave-1', body)
    const input = { slug: 'evento', formKey: 'evaluacion', body, user: undefined, lang: 'es', idem }
    const text = callText('survey', input)!
    // The body's text is the one hashed, spliced in as it was written, not serialised again.
    expect(text).toContain(`"body":${writtenBody(body)}`)
    expect(idem.requestHash).toBe(sha256HexSync(writtenBody(body)!))
    // What the writer thread parses is what serialising the whole call would have given, the undefined
    // key left out; and the input is as it was.
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(['survey', input])))
    expect(Object.keys(JSON.parse(text)[1])).toEqual(['slug', 'formKey', 'lang', 'idem', 'body'])
    expect(input.body).toBe(body)
    expect(JSON.parse(callText('survey', { body })!)).toEqual(['survey', { body }])
  })

  it('is serialised whole when no key was sent', () => {
    expect(callText('attendance', { slug: 'evento', body: { name: 'Ana' } })).toBeUndefined()
  })
})
