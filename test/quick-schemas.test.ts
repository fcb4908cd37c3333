import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { responseBody } from '../server/schemas/surveys'
import { quickCheckOf } from '../server/validate'
import { requiredAnswers } from './fixtures/answers'

/**
 * A body schema's quick check (`quickly`, server/validate.ts) answers what zod answers, or leaves the
 * body to zod: whenever it accepts, zod accepts the same body and gives the same value, keys in the same
 * order (the Idempotency-Key's hash is of that value's JSON). Bodies are generated near the schema's
 * edges, as JSON text parsed as the server parses it, most of them valid.
 */
const quick = quickCheckOf(responseBody)!

const token = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{16,128}$/) },
  fc.constantFrom('x'.repeat(15), 'x'.repeat(129), 'con espacio 0123456789', ''),
  fc.integer(),
  fc.constant(null),
)
const around = (n: number) => fc.constantFrom(n - 1, n, n + 1)
const text = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: 20 }),
    around(max).map((n) => 'á'.repeat(n)),
    // Characters outside the BMP count two each, as zod (and JavaScript) count them.
    around(max / 2).map((n) => '😀'.repeat(n)),
  )
const answer = fc.oneof(
  { weight: 8, arbitrary: text(5000) },
  { weight: 4, arbitrary: fc.array(text(600), { maxLength: 3 }) },
  { weight: 4, arbitrary: fc.integer() },
  around(60).chain((n) => fc.constant(Array.from({ length: n }, (_, i) => `o${i}`))),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.double(),
  fc.constant(null),
  fc.boolean(),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
)
const questionId = fc.oneof(
  { weight: 10, arbitrary: fc.string({ maxLength: 8 }) },
  around(64).map((n) => 'q'.repeat(n)),
  fc.constantFrom('__proto__', 'constructor', 'toString', '0', '10', '-1', ''),
)
const answers = fc.oneof(
  { weight: 12, arbitrary: fc.dictionary(questionId, answer, { maxKeys: 4 }) },
  fc.constant(requiredAnswers),
  fc.constantFrom(null, [], 'texto', 3),
)
const body = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record(
      { answers, attendeeToken: token, deviceToken: token },
      { requiredKeys: ['answers'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record(
      { answers, attendeeToken: token, deviceToken: token, other: fc.string() },
      { requiredKeys: [] },
    ),
  },
  fc.constantFrom(null, [], 'texto', 0, true),
)
// Keys in any order, and the JSON as a client writes it; JSON.parse as the server reads it back.
const sent = body.chain((b) =>
  b !== null && typeof b === 'object' && !Array.isArray(b)
    ? fc.shuffledSubarray(Object.keys(b), { minLength: Object.keys(b).length }).map((keys) => {
        const o = b as Record<string, unknown>
        return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k]) ?? 'null'}`).join(',')}}`
      })
    : fc.constant(JSON.stringify(b)),
)

describe("a survey response's quick check", () => {
  it('accepts only what zod accepts, with the value zod gives, and otherwise leaves the body to zod', () => {
    let accepted = 0
    fc.assert(
      fc.property(sent, (json) => {
        const value = JSON.parse(json)
        const mine = quick(value)
        if (mine === undefined) return
        accepted++
        const r = responseBody.safeParse(JSON.parse(json))
        expect(r.success).toBe(true)
        expect(JSON.stringify(mine)).toBe(JSON.stringify(r.data))
        expect(mine).toEqual(r.data)
      }),
      { numRuns: 4000 },
    )
    // The walk reached the accepting side often enough to mean something.
    expect(accepted).toBeGreaterThan(200)
  })

  it('answers what zod answers for the bodies the widget and the benchmark send', () => {
    for (const b of [
      { answers: requiredAnswers, deviceToken: 'device-token-0000000001' },
      {
        deviceToken: 'device-token-0000000001',
        answers: { genero: 'mujer', medio: ['a', 'b'], n: 4, x: null },
      },
      { attendeeToken: 'A'.repeat(43), answers: {} },
    ]) {
      const value = JSON.parse(JSON.stringify(b))
      expect(JSON.stringify(quick(value))).toBe(JSON.stringify(responseBody.parse(value)))
    }
    // Left to zod: a `__proto__` answer (which zod's record leaves out), and what zod refuses with its message.
    for (const json of [
      '{"answers":{"__proto__":"x"}}',
      '{"answers":{},"deviceToken":"corto"}',
      '{"answers":{},"extra":1}',
      '{"answers":{"q":1e999}}',
      '{}',
    ])
      expect(quick(JSON.parse(json))).toBeUndefined()
  })
})
