import type { Consent, EventBundle, QuestionDef, QuestionType } from '../shared/api'
import type { Dict } from './i18n'

export type Value = string | string[] | boolean
export type Values = Record<string, Value | undefined>
/** A form field: a survey question, or one of the fixed fields of attendance and of questions. */
export type Field = Omit<QuestionDef, 'type'> & {
  type: QuestionType | 'select' | 'check'
  input?: 'email' | 'tel'
  /** The consent notice, shown in a box above its checkbox. */
  notice?: Consent
  /** Shown only while this holds (contact fields, unless anonymous). */
  when?: (v: Values) => boolean
}

/** Where the free text of an "Otra" option is kept while typing; it is sent as `value:text`. */
export const otherKey = (id: string) => `${id}:otra`
const empty = (v?: Value) => v == null || v === '' || v === false || (Array.isArray(v) && !v.length)
export const visible = (fields: Field[], v: Values) => fields.filter((f) => !f.when || f.when(v))

/** The server's own checks, made first on the device so most mistakes need no network. */
export function check(fields: Field[], v: Values, t: Dict) {
  const errors: Record<string, string> = {}
  for (const f of visible(fields, v)) {
    const x = v[f.id]
    if (f.required && empty(x)) errors[f.id] = f.id === 'consent' ? t.errConsent : t.errRequired
    else if (f.input === 'email' && x && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(x).trim()))
      errors[f.id] = t.errEmail
  }
  return errors
}

/** The visible, non-empty values, trimmed, with "Otra" text folded in as `value:text`. */
export function collect(fields: Field[], v: Values) {
  const out: Record<string, Value | number> = {}
  for (const f of visible(fields, v)) {
    const x = v[f.id]
    if (empty(x)) continue
    const other = String(v[otherKey(f.id)] ?? '').trim()
    const fold = (s: string) =>
      other && f.options?.some((o) => o.other && o.value === s) ? `${s}:${other}` : s.trim()
    out[f.id] =
      f.type === 'scale' ? Number(x) : Array.isArray(x) ? x.map(fold) : typeof x === 'string' ? fold(x) : x!
  }
  return out
}

type Fixed = Omit<Field, 'label'> & { label?: string }
/** A fixed field's label is the text of the same name: `name` is labelled t.name. */
const named = (t: Dict, fields: Fixed[]) =>
  fields.map((f) => ({ label: t[f.id as keyof Dict] as string, ...f }))

export function attendanceFields(b: EventBundle, t: Dict): Field[] {
  const survey = b.forms?.find((f) => f.key === 'evaluacion')?.questions ?? []
  const adult = (v: Values) => v.ageRange !== 'menos_18'
  // The characterisation questions are the survey's, so both tabulate with the same option values.
  const bank = (id: string, as: string): Field[] =>
    survey.filter((q) => q.id === id).map((q) => ({ ...q, id: as, required: false }))
  return named(t, [
    { id: 'name', type: 'short_text', required: true, maxLength: 200 },
    { id: 'documentType', type: 'select', options: t.docs },
    { id: 'documentNumber', type: 'short_text', maxLength: 40 },
    { id: 'email', type: 'short_text', input: 'email', maxLength: 200 },
    { id: 'phone', type: 'short_text', input: 'tel', maxLength: 60 },
    ...bank('genero', 'gender'),
    ...bank('rango_edad', 'ageRange'),
    ...bank('ocupacion', 'occupation'),
    ...bank('nivel_educativo', 'education'),
    // Minors answer no sensitive question and register with their guardian's authorisation.
    ...bank('grupo_poblacional', 'populationGroups').map((f) => ({ ...f, when: adult })),
    { id: 'territory', type: 'short_text', maxLength: 200 },
    { id: 'consent', type: 'check', required: true, notice: b.consent },
    { id: 'guardianConsent', type: 'check', required: true, when: (v) => !adult(v) },
  ])
}

export function questionFields(b: EventBundle, t: Dict): Field[] {
  const open = (v: Values) => !v.anonymous
  const areas = b.event.areas.map((a) => ({ value: a.key, label: a.name }))
  return named(t, [
    { id: 'type', type: 'select', required: true, options: t.types },
    { id: 'text', type: 'long_text', required: true, maxLength: 4000 },
    ...(areas.length
      ? [{ id: 'area', type: 'select' as const, options: [{ value: '', label: t.anyArea }, ...areas] }]
      : []),
    { id: 'anonymous', type: 'check', help: t.anonymousNote },
    { id: 'name', type: 'short_text', maxLength: 200, when: open },
    { id: 'email', type: 'short_text', input: 'email', maxLength: 200, when: open },
  ])
}
