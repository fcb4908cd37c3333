import { z } from 'zod'
import type { FormDefinition, FormOption, FormQuestion } from '../../db/schema'
import { inLang, type Lang } from '../messages'
import { controlMessage, isBlank, textFault } from '../schemas/common'

/** One answered question, ready to store: its raw JSON value, the "Otra" text, and what it counts. */
export type NormalAnswer = {
  questionId: string
  /** The question id as a JSON string, to key the stored object. */
  key: string
  value: string
  other: string | null
  /** Option values (or scale points) this answer adds one to; empty for a text answer. */
  counts: string[]
  /** The free text to list and group: a text answer, or the text after "Otra:". */
  text: string | null
}

export type AnswerValue = string | number | string[]
export const MINOR_AGE = { question: 'rango_edad', value: 'menos_18' }

/**
 * The most characters a text answer takes, trimmed: the question's own limit, else 300 for a short text
 * and 2,000 for a long one. The widget is told it with the form (form-views.ts), so a question staff
 * added without a limit is limited on the device too, not only refused by the server once sent.
 */
export const textLimit = (q: Pick<FormQuestion, 'type' | 'maxLength'>) =>
  q.maxLength ?? (q.type === 'short_text' ? 300 : 2000)

/** What a minor is told of a sensitive question they answered. */
export const minorMessage = (lang: Lang) => say.minor[lang]

const say = {
  required: { es: 'Esta pregunta es obligatoria.', en: 'This question is required.' },
  option: { es: 'Esa opción no existe en la pregunta.', en: 'That option does not exist in this question.' },
  one: { es: 'Elija una opción de la lista.', en: 'Choose an option from the list.' },
  some: { es: 'Elija una o varias opciones de la lista.', en: 'Choose one or more options from the list.' },
  repeated: { es: 'Una opción aparece dos veces.', en: 'An option appears twice.' },
  exclusive: {
    es: 'Esa opción no se puede combinar con otras.',
    en: 'That option cannot be combined with others.',
  },
  minor: {
    es: 'Las personas menores de edad no responden preguntas sensibles.',
    en: 'Minors do not answer sensitive questions.',
  },
} as const

// A text that shows nothing (spaces, zero-width ones included) is no answer, as an empty one.
const blank = (v: unknown) =>
  v === null || (typeof v === 'string' && isBlank(v)) || (Array.isArray(v) && v.length === 0)

/** Whether a free text (an answer, or what follows "Otra:") holds control characters, which it may not. */
const controlled = (text: string | null) => text !== null && textFault(text, false) === 'control'

/**
 * Splits "otra:Perifoneo" into its option and its free text; a plain value has no text, nor has one
 * whose text shows nothing.
 */
export function splitOther(
  raw: string,
  options: FormOption[],
): { value: string; other: string | null } | null {
  const direct = options.find((o) => o.value === raw)
  if (direct) return { value: direct.value, other: null }
  const at = raw.indexOf(':')
  if (at < 0) return null
  const opt = options.find((o) => o.other && o.value === raw.slice(0, at))
  if (!opt) return null
  const text = raw.slice(at + 1).trim()
  return { value: opt.value, other: isBlank(text) ? null : text }
}

function choiceSchema(q: FormQuestion, lang: Lang) {
  const options = q.options ?? []
  const one = z
    .string({ error: say.one[lang] })
    .max(600)
    .check((ctx) => {
      if (ctx.issues.length) return
      const split = splitOther(ctx.value, options)
      if (!split || controlled(split.other))
        ctx.issues.push({
          code: 'custom',
          message: split ? inLang(controlMessage, lang) : say.option[lang],
          input: ctx.value,
        })
    })
  if (q.type === 'single') return one
  return z
    .array(one, { error: say.some[lang] })
    .min(1)
    .max(options.length)
    .superRefine((list, ctx) => {
      const values = list.map((v) => splitOther(v, options)?.value)
      if (new Set(values).size !== values.length)
        ctx.addIssue({ code: 'custom', message: say.repeated[lang] })
      const exclusive = options.filter((o) => o.exclusive).map((o) => o.value)
      if (list.length > 1 && values.some((v) => v && exclusive.includes(v)))
        ctx.addIssue({ code: 'custom', message: say.exclusive[lang] })
    })
}

function questionSchema(q: FormQuestion, lang: Lang): z.ZodType {
  switch (q.type) {
    case 'single':
    case 'multi':
      return choiceSchema(q, lang)
    case 'scale':
      return z
        .number()
        .int()
        .min(q.scale?.min ?? 1)
        .max(q.scale?.max ?? 5)
    case 'yesno':
      return z.enum(['si', 'no'])
    case 'short_text':
    case 'long_text':
      return z
        .string()
        .trim()
        .max(textLimit(q))
        .check((ctx) => {
          if (!ctx.issues.length && controlled(ctx.value))
            ctx.issues.push({ code: 'custom', message: inLang(controlMessage, lang), input: ctx.value })
        })
  }
}

/**
 * The zod schema of a form's answers, built from its definition: an unknown question, a wrong option or a
 * missing required answer fails with the question's id as the issue path. Blank answers ('', [], null)
 * count as not answered.
 */
export function answersSchema(def: FormDefinition, lang: Lang) {
  const shape: Record<string, z.ZodType> = {}
  for (const q of def.questions)
    shape[q.id] = z.preprocess((v) => (blank(v) ? undefined : v), questionSchema(q, lang).optional())
  const required = def.questions.filter((q) => q.required).map((q) => q.id)
  const sensitive = def.questions.filter((q) => q.sensitive).map((q) => q.id)
  // Runs even when other answers failed, so one answer names every problem at once.
  const whole = z.superRefine<Record<string, unknown>>(
    (answers, ctx) => {
      for (const id of required)
        if (answers[id] === undefined)
          ctx.addIssue({ code: 'custom', path: [id], message: say.required[lang] })
      if (answers[MINOR_AGE.question] !== MINOR_AGE.value) return
      for (const id of sensitive)
        if (answers[id] !== undefined) ctx.addIssue({ code: 'custom', path: [id], message: say.minor[lang] })
    },
    { when: () => true },
  )
  return z.strictObject(shape).check(whole)
}

/**
 * What `answersSchema` would return for answers it accepts, worked out without zod, or null when the
 * answers are not plainly valid: the caller then asks zod, which says what is wrong in the request's
 * language. It never accepts what the schema refuses (test/answers-fast.test.ts checks this on random
 * answers), and costs a tenth of a parse: it runs on every survey response.
 */
export function plainAnswers(def: FormDefinition): (raw: unknown) => Record<string, AnswerValue> | null {
  const byId = new Map(def.questions.map((q) => [q.id, q]))
  const exclusive = new Map(
    def.questions.map((q) => [
      q.id,
      new Set((q.options ?? []).filter((o) => o.exclusive).map((o) => o.value)),
    ]),
  )
  const choice = (q: FormQuestion, v: unknown) => {
    const split = typeof v === 'string' && v.length <= 600 ? splitOther(v, q.options ?? []) : null
    return split && !controlled(split.other) ? split : null
  }
  return (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null
    const out: Record<string, AnswerValue> = {}
    // Object.keys, not Object.entries: the latter takes V8's runtime on every call.
    const record = raw as Record<string, unknown>
    for (const id of Object.keys(record)) {
      const v = record[id]
      const q = byId.get(id)
      if (!q) return null
      if (blank(v)) continue
      switch (q.type) {
        case 'single':
          if (!choice(q, v)) return null
          break
        case 'multi': {
          if (!Array.isArray(v) || v.length > (q.options ?? []).length) return null
          const values = new Set<string>()
          for (const one of v) {
            const c = choice(q, one)
            if (!c || values.has(c.value)) return null
            values.add(c.value)
          }
          const only = exclusive.get(id)!
          if (v.length > 1 && [...values].some((x) => only.has(x))) return null
          break
        }
        case 'scale':
          if (
            !Number.isSafeInteger(v) ||
            (v as number) < (q.scale?.min ?? 1) ||
            (v as number) > (q.scale?.max ?? 5)
          )
            return null
          break
        case 'yesno':
          if (v !== 'si' && v !== 'no') return null
          break
        default: {
          if (typeof v !== 'string') return null
          const text = v.trim()
          if (text.length > textLimit(q) || controlled(text)) return null
          out[id] = text
          continue
        }
      }
      out[id] = v as AnswerValue
    }
    for (const q of def.questions) if (q.required && out[q.id] === undefined) return null
    if (out[MINOR_AGE.question] === MINOR_AGE.value)
      for (const q of def.questions) if (q.sensitive && out[q.id] !== undefined) return null
    return out
  }
}

export type CompiledForm = {
  definition: FormDefinition
  schema(lang: Lang): ReturnType<typeof answersSchema>
  /** The answers as the schema returns them when they are plainly valid, else null (`plainAnswers`). */
  plain(raw: unknown): Record<string, AnswerValue> | null
}

// Reading a definition (several KB, on SQLite overflow pages), parsing it, building its schema and the
// schema's first parse (zod compiles a fast path) cost most of a submission. They are kept per database
// (so per app, never shared between apps or tests) under the form version's id and the time it last
// changed, which `saveDefinition` keeps strictly increasing for a version edited in place.
const compiled = new WeakMap<object, Map<string, CompiledForm>>()

/** The parsed definition of a form version and its answers' schemas; `load` reads it when not kept. */
export async function compiledForm(
  db: object,
  form: { id: string; stamp: string },
  load: () => Promise<{ definition: string; stamp: string } | undefined>,
): Promise<CompiledForm | null> {
  const cache = compiled.get(db) ?? new Map<string, CompiledForm>()
  compiled.set(db, cache)
  const kept = cache.get(`${form.id}|${form.stamp}`)
  if (kept) return kept
  const stored = await load()
  if (!stored) return null
  if (cache.size >= 200) cache.clear()
  const definition = JSON.parse(stored.definition) as FormDefinition
  const schemas: Partial<Record<Lang, ReturnType<typeof answersSchema>>> = {}
  const built: CompiledForm = {
    definition,
    schema: (lang) => (schemas[lang] ??= answersSchema(definition, lang)),
    plain: plainAnswers(definition),
  }
  // Under the time read with the definition: it may have changed since the first read.
  cache.set(`${form.id}|${stored.stamp}`, built)
  return built
}

/**
 * Most texts are plain once folded ("mas espacios de participacion", "comuna 3"): lower-case letters and
 * digits between single spaces, which the Unicode-aware replace in `normText` gives back unchanged, at
 * some 15 k instructions of the writer thread a survey response (bench/instructions-server.ts).
 */
const PLAIN_TEXT = /^[a-z0-9]+(?: [a-z0-9]+)*$/

/** Free text as it is grouped: case, accents, punctuation and spacing do not make two texts differ. */
export const normText = (text: string) => {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
  return PLAIN_TEXT.test(folded) ? folded : folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
}

/**
 * JSON texts of a definition's own strings (question ids, option values), made once per definition: a
 * response stores some twenty of them, and each JSON.stringify call costs more than the text it makes.
 */
const jsonTexts = new WeakMap<FormDefinition, Map<string, string>>()
function jsonOf(def: FormDefinition): (s: string) => string {
  let texts = jsonTexts.get(def)
  if (!texts) {
    texts = new Map()
    jsonTexts.set(def, texts)
  }
  const kept = texts
  return (s) => {
    let text = kept.get(s)
    if (text === undefined) {
      text = JSON.stringify(s)
      kept.set(s, text)
    }
    return text
  }
}

/** Validated answers → the rows to store and the counters they move, in the definition's order. */
export function normalise(def: FormDefinition, answers: Record<string, unknown>): NormalAnswer[] {
  const json = jsonOf(def)
  const out: NormalAnswer[] = []
  for (const q of def.questions) {
    const raw = answers[q.id]
    if (raw === undefined) continue
    const key = json(q.id)
    if (q.type === 'single' || q.type === 'multi') {
      // splitOther gives the option's own value, a string of the definition, whose JSON text is kept.
      const parts = (Array.isArray(raw) ? raw : [raw]).map((v) => splitOther(v as string, q.options ?? [])!)
      const values = parts.map((p) => p.value)
      const other = parts.find((p) => p.other)?.other ?? null
      const value = q.type === 'multi' ? `[${values.map(json).join(',')}]` : json(values[0])
      out.push({ questionId: q.id, key, value, other, counts: values, text: other })
    } else if (q.type === 'scale') {
      // A validated scale answer is a safe integer, whose JSON text is its decimal string.
      const text = String(raw)
      out.push({ questionId: q.id, key, value: text, other: null, counts: [text], text: null })
    } else if (q.type === 'yesno') {
      out.push({
        questionId: q.id,
        key,
        value: json(raw as string),
        other: null,
        counts: [String(raw)],
        text: null,
      })
    } else {
      const text = String(raw)
      out.push({ questionId: q.id, key, value: JSON.stringify(text), other: null, counts: [], text })
    }
  }
  return out
}
