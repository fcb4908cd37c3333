import type { FieldCondition, FieldDef, QuestionDef } from '../shared/api'
import type { Dict } from './i18n'

export type Value = string | string[] | boolean
export type Values = Record<string, Value | undefined>
/** A form field: a survey question, or one of the attendance and question forms (both from the server). */
export type Field = Omit<QuestionDef, 'type'> &
  Omit<FieldDef, 'type'> & { type: QuestionDef['type'] | FieldDef['type'] }

/** Where the free text of an "Otra" option is kept while typing; it is sent as `value:text`. */
export const otherKey = (id: string) => `${id}:otra`
// Spaces alone are nothing: the server trims them away. So are no answer, an unticked box, no option ticked.
const empty = (v?: Value) => !v || !String(v).trim()
/** Whether a condition holds: it names another field and the value it must (not) hold, and maybe one more. */
const holds = (w: FieldCondition | undefined, v: Values): boolean =>
  !w || (('is' in w ? v[w.field] === w.is : v[w.field] !== w.not) && holds(w.and, v))
/** The fields shown for these answers; only those are checked and sent. */
export const visible = (fields: Field[], v: Values) => fields.filter((f) => holds(f.when, v))

/** The server's own checks, made first on the device so most mistakes need no network. */
export function check(fields: Field[], v: Values, t: Dict) {
  const errors: Record<string, string> = {}
  for (const f of visible(fields, v)) {
    const x = v[f.id]
    const filled = (k: string) => !empty(v[k])
    const c = f.checkDigit
    if (empty(x)) {
      if (
        f.required ||
        f.requiredWith?.some(filled) ||
        // Undefined when there is no such rule.
        f.requiredWithout?.some(filled) === false
      )
        errors[f.id] = f.requiredMessage ?? t.errRequired
    } else if (f.pattern && !RegExp(f.pattern).test((x as string).trim())) errors[f.id] = f.patternMessage!
    else if (c && holds(c, v)) {
      // An Ecuadorian cédula's last digit (fixed-forms.ts `checkDigit` says how).
      const d = (x as string).replace(/[\s.-]/g, '')
      if (
        !RegExp(c.pattern).test(d) ||
        [...d].reduce((a, n, i) => {
          const p = +n * (2 - (i % 2))
          return a + (p > 9 ? p - 9 : p)
        }, 0) % 10
      )
        errors[f.id] = c.message
    }
  }
  return errors
}

/** The visible, non-empty values, trimmed, with "Otra" text folded in as `value:text`. */
export function collect(fields: Field[], v: Values) {
  const out: Record<string, Value | number> = {}
  for (const f of visible(fields, v)) {
    const x = v[f.id]
    if (empty(x)) continue
    // What was typed in the "Otra" box: a string, if anything.
    const other = ((v[otherKey(f.id)] as string) ?? '').trim()
    const fold = (s: string) =>
      other && f.options?.some((o) => o.other && o.value === s) ? `${s}:${other}` : s.trim()
    out[f.id] =
      f.type === 'scale'
        ? Number(x)
        : Array.isArray(x)
          ? x.map(fold)
          : // A text or an option; else a ticked box, which has no trim().
            (x as string).trim
            ? fold(x as string)
            : x!
  }
  return out
}
