import type { FormDefinition, FormQuestion } from '../../db/schema'
import type { QuestionType } from '../shared/api'
import { keyOf, lines, pairLines, pairsOf } from './form-values'

/** A form's stored definition as staff get it (server/schemas/surveys.ts): both languages, every setting. */
export type { FormDefinition }
export type QuestionDefinition = FormQuestion

export const isChoice = (type: string) => type === 'single' || type === 'multi'
export const isText = (type: string) => type === 'short_text' || type === 'long_text'

/** English option texts by value: "value = text" lines, or plain lines taken in the options' order. */
function englishOf(text: string, values: string[]) {
  const out = new Map<string, string>()
  lines(text).forEach((l, i) => {
    const at = l.indexOf('=')
    if (at >= 0) out.set(keyOf(l.slice(0, at)), l.slice(at + 1).trim())
    else if (values[i]) out.set(values[i], l)
  })
  return out
}

/**
 * A survey question as the forms API takes it, from the fields named by `prefix`. Editing, `base` is the
 * stored question: its id and type stay (answers are counted by them across versions).
 */
export function questionFrom(v: Record<string, string>, prefix: string, base?: QuestionDefinition) {
  const at = (k: string): string | undefined => v[`${prefix}${k}`]
  const type = base?.type ?? ((at('type') ?? 'single') as QuestionType)
  const label = at('label') ?? ''
  const id = base?.id ?? at('id') ?? keyOf(label)
  const q: QuestionDefinition = {
    // Question ids start with a letter.
    id: /^[a-z]/.test(id) ? id : `p_${id}`.slice(0, 48),
    type,
    label,
    labelEn: at('labelEn'),
    help: at('help'),
    helpEn: at('helpEn'),
    required: at('required') === 'on',
    sensitive: at('sensitive') === 'on',
  }
  if (isChoice(type)) {
    const pairs = pairsOf(at('options') ?? '').map((o) => ({ value: keyOf(o.key), label: o.name }))
    const en = englishOf(
      at('optionsEn') ?? '',
      pairs.map((o) => o.value),
    )
    const before = new Map(base?.options?.map((o) => [o.value, o]))
    q.options = pairs.map((o) => ({
      ...o,
      labelEn: en.get(o.value),
      other: at('other') === o.value || undefined,
      // Only multiple choice shows the setting; a single choice keeps what it had.
      exclusive:
        (type === 'multi' ? at(`exclusive.${o.value}`) === 'on' : before.get(o.value)?.exclusive) ||
        undefined,
    }))
  }
  if (type === 'scale')
    q.scale = {
      min: Number(at('min') ?? 1),
      max: Number(at('max') ?? 5),
      minLabel: at('minLabel'),
      maxLabel: at('maxLabel'),
    }
  if (isText(type) && at('maxLength')) q.maxLength = Number(at('maxLength'))
  return q
}

const PREFER_NOT = 'prefiero_no_responder'

/**
 * The question as sent: a sensitive choice question always offers «Prefiero no responder» (the server
 * refuses it otherwise, and the checkbox promises it), so the option is added when staff left it out.
 */
export function withPreferNot(q: QuestionDefinition): QuestionDefinition {
  if (!q.sensitive || !isChoice(q.type) || q.options?.some((o) => o.value === PREFER_NOT)) return q
  const option = {
    value: PREFER_NOT,
    label: 'Prefiero no responder',
    labelEn: 'Prefer not to say',
    exclusive: q.type === 'multi' || undefined,
  }
  return { ...q, options: [...(q.options ?? []), option] }
}

/** The options of a stored question as the editor's two text areas show them. */
export const optionLines = (q?: QuestionDefinition) => ({
  es: pairLines((q?.options ?? []).map((o) => ({ key: o.value, name: o.label }))),
  en: pairLines((q?.options ?? []).filter((o) => o.labelEn).map((o) => ({ key: o.value, name: o.labelEn! }))),
})
