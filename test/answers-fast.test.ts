import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FormDefinition, FormQuestion } from '../db/schema'
import { answersSchema, normalise, normText, plainAnswers } from '../server/services/answers'
import { evaluationForm } from '../server/services/question-bank'

/**
 * A survey response's answers skip zod when `plainAnswers` finds them plainly valid. That is only safe
 * if it never accepts what the schema refuses, and returns what the schema would: checked here on
 * random answers, valid and not, to the evaluation form and to a form with every kind of question.
 */
const everyKind: FormDefinition = {
  title: 'Todo',
  questions: [
    {
      id: 'color',
      type: 'single',
      label: 'Color',
      required: true,
      sensitive: false,
      options: [
        { value: 'rojo', label: 'Rojo' },
        { value: 'otra', label: 'Otra', other: true },
      ],
    },
    {
      id: 'medios',
      type: 'multi',
      label: 'Medios',
      required: false,
      sensitive: false,
      options: [
        { value: 'radio', label: 'Radio' },
        { value: 'prensa', label: 'Prensa' },
        { value: 'otra', label: 'Otra', other: true },
        { value: 'ninguno', label: 'Ninguno', exclusive: true },
      ],
    },
    {
      id: 'puntaje',
      type: 'scale',
      label: 'Puntaje',
      required: false,
      sensitive: false,
      scale: { min: 0, max: 3 },
    },
    { id: 'volveria', type: 'yesno', label: '¿Volvería?', required: true, sensitive: false },
    { id: 'corto', type: 'short_text', label: 'Corto', required: false, sensitive: false, maxLength: 5 },
    { id: 'largo', type: 'long_text', label: 'Largo', required: false, sensitive: false },
  ],
}

// Blank to the eye: spaces, and what shows nothing (zero-width and no-break spaces, a BOM, a NUL).
const blank = fc.constantFrom<unknown>(null, '', '   ', [], '\u200b', '\u00a0\u200b\ufeff', '\u0000')
/** Characters a free text may hold or not: tab and line breaks (kept), controls (refused), invisibles. */
const oddChar = fc.constantFrom(
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0007',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u00a0',
  '\u2028',
)
/** A short text, now and then with one of those characters somewhere in it. */
const odd = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc
      .tuple(fc.string({ maxLength: Math.max(0, maxLength - 1) }), oddChar, fc.nat())
      .map(([t, c, at]) => t.slice(0, at % (t.length + 1)) + c + t.slice(at % (t.length + 1))),
    fc.array(oddChar, { minLength: 1, maxLength: 3 }).map((c) => c.join('')),
  )
const junk = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -2, max: 12 }),
  fc.double({ min: -1, max: 6, noNaN: true }),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
)

/** Values near the valid ones of a question: its options, "otra:" texts, repeats, bounds, padding. */
function near(q: FormQuestion): fc.Arbitrary<unknown> {
  const values = (q.options ?? []).map((o) => o.value)
  const one = fc.oneof(
    fc.constantFrom(...(values.length ? values : ['si'])),
    odd(6).map((t) => `otra:${t}`),
    odd(6).map((t) => `${values[0] ?? 'x'}:${t}`),
  )
  switch (q.type) {
    case 'single':
      return one
    case 'multi':
      return fc.array(one, { minLength: 1, maxLength: values.length + 1 })
    case 'scale':
      return fc.integer({ min: (q.scale?.min ?? 1) - 1, max: (q.scale?.max ?? 5) + 1 })
    case 'yesno':
      return fc.constantFrom('si', 'no', 'Si', 'sí')
    default:
      return fc.oneof(
        fc.string({ maxLength: (q.maxLength ?? 300) + 2 }).map((t) => ` ${t} `),
        odd(Math.min(q.maxLength ?? 300, 12)),
      )
  }
}

/** A valid answer to a question. */
function valid(q: FormQuestion): fc.Arbitrary<unknown> {
  const options = q.options ?? []
  const plainValues = options.filter((o) => !o.exclusive && !o.other).map((o) => o.value)
  switch (q.type) {
    case 'single':
      return fc.constantFrom(...options.map((o) => (o.other ? `${o.value}:Perifoneo` : o.value)))
    case 'multi':
      return fc.oneof(
        fc.subarray(plainValues, { minLength: 1 }),
        fc.constantFrom(...options.filter((o) => o.exclusive).map((o) => [o.value]), [plainValues[0]]),
      )
    case 'scale':
      return fc.integer({ min: q.scale?.min ?? 1, max: q.scale?.max ?? 5 })
    case 'yesno':
      return fc.constantFrom('si', 'no')
    default:
      return fc.string({ minLength: 1, maxLength: Math.min(q.maxLength ?? 300, 40) })
  }
}

function answers(def: FormDefinition) {
  const entries = def.questions.map((q) =>
    fc.option(fc.oneof({ weight: 40, arbitrary: valid(q) }, { weight: 2, arbitrary: near(q) }, blank, junk), {
      nil: undefined,
      freq: 12,
    }),
  )
  return fc
    .tuple(
      fc.tuple(...entries),
      fc.oneof(
        { weight: 20, arbitrary: fc.constant(null) },
        fc.constantFrom('desconocida', '__proto__', 'constructor'),
      ),
    )
    .map(([values, extra]) => {
      const out: Record<string, unknown> = {}
      def.questions.forEach((q, i) => {
        if (values[i] !== undefined) out[q.id] = values[i]
      })
      if (extra) Object.defineProperty(out, extra, { value: 'x', enumerable: true })
      return out
    })
}

describe('plainly valid answers', () => {
  for (const [name, def] of [
    ['the evaluation form', evaluationForm()],
    ['a form with every kind of question', everyKind],
  ] as const) {
    it(`are those ${name}'s schema accepts, and come out as it returns them`, () => {
      const schema = answersSchema(def, 'es')
      const plain = plainAnswers(def)
      let accepted = 0
      let refused = 0
      fc.assert(
        fc.property(answers(def), (raw) => {
          const fast = plain(raw)
          const slow = schema.safeParse(raw)
          expect(fast !== null).toBe(slow.success)
          if (!slow.success) return void refused++
          accepted++
          const data = Object.fromEntries(Object.entries(slow.data).filter(([, v]) => v !== undefined))
          expect(fast).toEqual(data)
        }),
        { numRuns: 3000 },
      )
      // Both verdicts came up often enough for the comparison to mean something.
      expect(Math.min(accepted, refused)).toBeGreaterThan(300)
    })
  }
})

/** Option values and question ids that JSON must escape: quotes, a backslash, accents, a line break. */
const escaping: FormDefinition = {
  title: 'Escapes',
  questions: [
    {
      id: 'comillas "q"',
      type: 'single',
      label: 'Q',
      required: true,
      sensitive: false,
      options: [
        { value: 'a"b', label: 'A' },
        { value: 'c\\d', label: 'C' },
        { value: 'otra', label: 'Otra', other: true },
      ],
    },
    {
      id: 'línea\nnueva',
      type: 'multi',
      label: 'M',
      required: false,
      sensitive: false,
      options: [
        { value: 'ñandú', label: 'Ñ' },
        { value: 'x\u2028y', label: 'X' },
        { value: 'ninguno', label: 'Ninguno', exclusive: true },
      ],
    },
    { id: 'sí', type: 'yesno', label: 'S', required: false, sensitive: false },
    { id: 'n', type: 'scale', label: 'N', required: false, sensitive: false, scale: { min: 0, max: 10 } },
    { id: 't', type: 'long_text', label: 'T', required: false, sensitive: false },
  ],
}

describe('answers as stored', () => {
  // normalise keeps the JSON texts of a definition's own strings rather than calling JSON.stringify for
  // each answer: what it stores must still be exactly what JSON.stringify gives.
  for (const [name, def] of [
    ['the evaluation form', evaluationForm()],
    ['a form with every kind of question', everyKind],
    ['a form whose ids and options JSON must escape', escaping],
  ] as const) {
    it(`are each answer's JSON text, keyed by the question id's, for ${name}`, () => {
      const plain = plainAnswers(def)
      let checked = 0
      fc.assert(
        fc.property(answers(def), (raw) => {
          const data = plain(raw)
          if (!data) return
          checked++
          const stored = normalise(def, data)
          expect(stored.map((a) => a.questionId)).toEqual(
            def.questions.filter((q) => data[q.id] !== undefined).map((q) => q.id),
          )
          for (const a of stored) {
            const q = def.questions.find((x) => x.id === a.questionId)!
            expect(a.key).toBe(JSON.stringify(q.id))
            const value = JSON.parse(a.value)
            const chosen = (v: string) =>
              (q.options ?? []).find((o) => o.value === v || v.startsWith(`${o.value}:`))
            if (q.type === 'single') expect(value).toBe(chosen(data[q.id] as string)!.value)
            else if (q.type === 'multi')
              expect(value).toEqual((data[q.id] as string[]).map((v) => chosen(v)!.value))
            // JSON has no negative zero: a scale answered -0 is stored as 0, as JSON.stringify writes it.
            else expect(a.value).toBe(JSON.stringify(data[q.id]))
            expect(a.value).toBe(JSON.stringify(value))
          }
          // The object the response row stores, spliced from these texts, parses back to the same.
          const object = JSON.parse(`{${stored.map((a) => `${a.key}:${a.value}`).join(',')}}`)
          expect(Object.keys(object)).toEqual(stored.map((a) => a.questionId))
        }),
        { numRuns: 3000 },
      )
      expect(checked).toBeGreaterThan(300)
    })
  }
})

describe('free texts as they are grouped', () => {
  // normText as it was before its shortcut for plain texts: what it must still give for every text.
  const reference = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  const pieces = [
    'Más',
    'espacios',
    'PARTICIPACIÓN',
    'ñandú',
    'comuna',
    '3',
    ' ',
    '  ',
    '-',
    '¿',
    '?',
    '\t',
    'ǅ',
    '١٢',
    'İ',
    '',
  ]

  it('gives what the full Unicode-aware folding gives, plain or not', () => {
    for (const t of ['Más espacios de participación en los barrios', 'comuna 3', 'Comuna  3 ', ' a', 'a '])
      expect(normText(t)).toBe(reference(t))
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.constantFrom(...pieces)).map((p) => p.join('')),
        ),
        (t) => {
          expect(normText(t)).toBe(reference(t))
        },
      ),
      { numRuns: 2000 },
    )
  })
})
