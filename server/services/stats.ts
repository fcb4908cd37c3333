import { and, count, desc, eq } from 'drizzle-orm'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { type Form, type FormDefinition, type FormQuestion, formCounters, formTexts } from '../../db/schema'
import type { Lang } from '../messages'
import { percent } from './percent'

/**
 * Survey statistics in the API.md shape. Unfiltered, they come from the counter rows kept in each
 * response's commit: O(options × versions) rows whatever the number of responses. Filtered ones and
 * cross-tabs come from the raw answers (see crosstab.ts) and are built by the same `questionStats`.
 */
/** `lang: 'es'` on a label asked for in English that staff wrote only in Spanish (pages mark it so). */
type InSpanish = { lang?: 'es' }
export type OptionStat = { value: string; label: string; count: number; percent: number } & InSpanish
export type TextStat = { text: string; count: number }
export type QuestionStat = {
  id: string
  label: string
  type: FormQuestion['type']
  required: boolean
  sensitive: boolean
  answered: number
  options: OptionStat[]
  texts?: TextStat[]
  /** More distinct texts exist than the ones listed: page through them with the texts endpoint. */
  textsMore?: boolean
} & InSpanish
export type FormStats = {
  formKey: string
  version: number | null
  versions: number[]
  responses: number
  questions: QuestionStat[]
}

/** Counts by question and value; value '' is the question's `answered`; question '' the responses. */
export type Tally = Map<string, Map<string, number>>

export const TEXTS_SHOWN = 20
const isChoice = (q: FormQuestion) => q.type === 'single' || q.type === 'multi'
export const hasTexts = (q: FormQuestion) =>
  q.type === 'short_text' || q.type === 'long_text' || Boolean(q.options?.some((o) => o.other))

export const tallyGet = (t: Tally, q: string, v: string) => t.get(q)?.get(v) ?? 0
export function tallyAdd(t: Tally, q: string, v: string, n: number) {
  const m = t.get(q) ?? new Map<string, number>()
  m.set(v, (m.get(v) ?? 0) + n)
  t.set(q, m)
}

const pick = (lang: Lang, es: string, en?: string) => (lang === 'en' && en ? en : es)
// A screen reader reads an English page's Spanish fallback with English sounds unless it is marked.
const inSpanish = (lang: Lang, l?: { labelEn?: string }): InSpanish =>
  lang === 'en' && l && !l.labelEn ? { lang: 'es' } : {}

/** The questions of every version, newest definition first for each id, in the newest's order. */
export function mergedQuestions(defs: FormDefinition[]): FormQuestion[][] {
  const byId = new Map<string, FormQuestion[]>()
  for (const def of [...defs].reverse())
    for (const q of def.questions) byId.set(q.id, [...(byId.get(q.id) ?? []), q])
  return [...byId.values()]
}

/**
 * Each point of a scale as an option, the ends with the labels staff gave them ("1 · Nada", "2", …,
 * "5 · Mucho"): as the widget shows them to the people who answer, so the statistics, the report and
 * every export name the points as they were asked.
 */
export const scalePoints = ({ min, max, minLabel, maxLabel }: NonNullable<FormQuestion['scale']>) =>
  Array.from({ length: max - min + 1 }, (_, i) => {
    const end = i === 0 ? minLabel : min + i === max ? maxLabel : undefined
    return { value: `${min + i}`, label: `${min + i}${end ? ` · ${end}` : ''}`, labelled: Boolean(end) }
  })

/** Every option a question can show, in the newest version's order, then older or unknown values. */
export function optionList(versions: FormQuestion[], counted: Map<string, number> | undefined, lang: Lang) {
  const q = versions[0]
  const out = new Map<string, string>()
  if (q.type === 'yesno') {
    out.set('si', lang === 'en' ? 'Yes' : 'Sí')
    out.set('no', 'No')
  } else if (q.type === 'scale' && q.scale) {
    for (const p of scalePoints(q.scale)) out.set(p.value, p.label)
  } else for (const o of q.options ?? []) out.set(o.value, pick(lang, o.label, o.labelEn))
  for (const [value] of counted ?? []) {
    if (value === '' || out.has(value)) continue
    const old = versions.flatMap((v) => v.options ?? []).find((o) => o.value === value)
    out.set(value, old ? pick(lang, old.label, old.labelEn) : value)
  }
  return out
}

/** One question's block: `answered`, then every option with its count and share of `answered`. */
export function questionStats(versions: FormQuestion[], tally: Tally, lang: Lang): QuestionStat {
  const q = versions[0]
  const answered = tallyGet(tally, q.id, '')
  const counted = tally.get(q.id)
  const options =
    isChoice(q) || q.type === 'scale' || q.type === 'yesno'
      ? [...optionList(versions, counted, lang)].map(([value, label]) => {
          const count = counted?.get(value) ?? 0
          // The option optionList took the label from: the newest version's that has the value. A
          // scale's end labels have no English: in English, the point is said to be in Spanish.
          const from =
            q.type === 'scale' && q.scale
              ? scalePoints(q.scale).some((p) => p.value === value && p.labelled)
                ? {}
                : undefined
              : versions.flatMap((v) => v.options ?? []).find((o) => o.value === value)
          return { value, label, count, percent: percent(count, answered), ...inSpanish(lang, from) }
        })
      : []
  return {
    id: q.id,
    label: pick(lang, q.label, q.labelEn),
    type: q.type,
    required: q.required,
    // Sensitive if any version asked it as such: its answers given under that version keep their
    // protection when a later version stops marking it.
    sensitive: versions.some((v) => v.sensitive === true),
    answered,
    options,
    ...inSpanish(lang, q),
  }
}

export async function counterTally(db: Db, formIds: string[]): Promise<Tally> {
  const rows = await db
    .select({ q: formCounters.questionId, v: formCounters.value, n: formCounters.count })
    .from(formCounters)
    .where(inList(formCounters.formId, formIds))
  const tally: Tally = new Map()
  for (const r of rows) tallyAdd(tally, r.q, r.v, r.n)
  return tally
}

/** A question's free texts, in the rows `form_texts` keeps for its form. */
const textsOf = (form: Form, questionId: string) =>
  and(
    eq(formTexts.eventId, form.eventId),
    eq(formTexts.formKey, form.key),
    eq(formTexts.questionId, questionId),
  )

/** The most repeated free texts of a question (grouped where they repeat), from an index: O(shown). */
export async function topTexts(db: Db, form: Form, questionId: string, limit = TEXTS_SHOWN) {
  const rows = await db
    .select({ text: formTexts.text, count: formTexts.count })
    .from(formTexts)
    .where(textsOf(form, questionId))
    .orderBy(desc(formTexts.count))
    .limit(limit + 1)
  return { texts: rows.slice(0, limit), more: rows.length > limit }
}

/** How many different free texts a question has (repeats grouped, as `topTexts` lists them). */
export async function textCount(db: Db, form: Form, questionId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(formTexts).where(textsOf(form, questionId))
  return row?.n ?? 0
}

/**
 * Stats of one version (`version`) or of all versions added up by question id and option value. The
 * free texts come from form_texts, which adds up every version: with a version chosen they are left out,
 * for the caller to count that version's from its responses (`versionTexts`, in statsFor).
 */
export async function formStats(
  db: Db,
  versions: Form[],
  opts: { version?: number; lang: Lang },
): Promise<FormStats> {
  const chosen = opts.version ? versions.filter((v) => v.version === opts.version) : versions
  const tally = await counterTally(
    db,
    chosen.map((v) => v.id),
  )
  const merged = mergedQuestions(chosen.map((v) => v.definition))
  const latest = chosen.at(-1)!
  const questions = await Promise.all(
    merged.map(async (qs) => {
      const stat = questionStats(qs, tally, opts.lang)
      if (!hasTexts(qs[0]) || opts.version) return stat
      const { texts, more } = await topTexts(db, latest, qs[0].id)
      return { ...stat, texts, textsMore: more }
    }),
  )
  return {
    formKey: latest.key,
    version: opts.version ?? null,
    versions: versions.map((v) => v.version),
    responses: tallyGet(tally, '', ''),
    questions,
  }
}
