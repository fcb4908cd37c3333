import type { Lang } from '../messages'
import {
  ageOptions,
  educationOptions,
  genderOptions,
  occupationOptions,
  optionValues,
  populationOptions,
} from '../services/question-bank'
import { widgetStrings } from '../services/widget-strings'

/**
 * The attendance and question forms as data, field by field, next to the bodies they fill:
 * registrationBody (./attendance.ts) and submitQuestionBody (./questions.ts). They travel with the event
 * (GET /api/events/:slug, `fixedForms`) in the request's language, so the widget renders them like a survey.
 * test/fixed-forms.test.ts fills them as the widget does and feeds the result to those validators.
 */
export type FieldOption = { value: string; label: string; other?: boolean; exclusive?: boolean }
/** Shown only while the field `field` holds `is`, or anything but `not`. */
export type FieldCondition = { field: string; is?: string | boolean; not?: string | boolean }
export type FieldDef = {
  /** The property of the request body. */
  id: string
  label: string
  /** A survey question's types, plus a drop-down list (`select`) and a checkbox (`check`, sent as `true`). */
  type: 'short_text' | 'long_text' | 'single' | 'multi' | 'select' | 'check'
  required?: boolean
  sensitive?: boolean
  help?: string | null
  options?: FieldOption[]
  maxLength?: number
  input?: 'email' | 'tel'
  autocomplete?: 'name' | 'email' | 'tel'
  /** Shows the event's notice of that name (the bundle's `consent`) above the checkbox. */
  notice?: 'consent'
  /** The message when a required field is left empty, instead of the common one (strings.errRequired). */
  requiredMessage?: string
  when?: FieldCondition
}
export type FixedForm = { key: 'asistencia' | 'pregunta'; title: string; questions: FieldDef[] }
type SurveyQuestion = Pick<FieldDef, 'id' | 'label' | 'help' | 'sensitive' | 'options'> & { type: string }

const minor = 'menos_18'

/**
 * The characterisation questions are the survey's (its labels, as staff left them), so both tabulate with
 * the same values. Registration keeps the category only: what it does not accept is not offered, and its
 * "Otra" takes no free text.
 */
function characterisation(survey: SurveyQuestion[]): FieldDef[] {
  const bank = [
    ['genero', 'gender', genderOptions],
    ['rango_edad', 'ageRange', ageOptions],
    ['ocupacion', 'occupation', occupationOptions],
    ['nivel_educativo', 'education', educationOptions],
    ['grupo_poblacional', 'populationGroups', populationOptions],
  ] as const
  return bank.flatMap(([from, id, list]) => {
    const accepted = optionValues(list)
    return survey
      .filter((q) => q.id === from && (q.type === 'single' || q.type === 'multi'))
      .map((q) => ({
        id,
        label: q.label,
        type: q.type as 'single' | 'multi',
        help: q.help ?? null,
        sensitive: q.sensitive,
        options: (q.options ?? []).filter((o) => accepted.includes(o.value)).map(({ other: _, ...o }) => o),
        // Minors answer no sensitive question (and register with their guardian's authorisation).
        ...(id === 'populationGroups' ? { when: { field: 'ageRange', not: minor } } : {}),
      }))
  })
}

export function attendanceForm(lang: Lang, survey: SurveyQuestion[]): FixedForm {
  const t = widgetStrings(lang)
  return {
    key: 'asistencia',
    title: t.asistencia,
    questions: [
      { id: 'name', label: t.name, type: 'short_text', required: true, maxLength: 200, autocomplete: 'name' },
      { id: 'documentType', label: t.documentType, type: 'select', options: t.docs },
      { id: 'documentNumber', label: t.documentNumber, type: 'short_text', maxLength: 25 },
      {
        id: 'email',
        label: t.email,
        type: 'short_text',
        input: 'email',
        autocomplete: 'email',
        maxLength: 200,
      },
      { id: 'phone', label: t.phone, type: 'short_text', input: 'tel', autocomplete: 'tel', maxLength: 20 },
      ...characterisation(survey),
      { id: 'territory', label: t.territory, type: 'short_text', maxLength: 120 },
      {
        id: 'consent',
        label: t.consent,
        type: 'check',
        required: true,
        notice: 'consent',
        requiredMessage: t.errConsent,
      },
      {
        id: 'guardianConsent',
        label: t.guardianConsent,
        type: 'check',
        required: true,
        when: { field: 'ageRange', is: minor },
      },
    ],
  }
}

export function questionForm(lang: Lang, areas: { key: string; name: string }[]): FixedForm {
  const t = widgetStrings(lang)
  // An anonymous question carries no personal data.
  const named = { field: 'anonymous', not: true }
  const area: FieldDef = {
    id: 'area',
    label: t.area,
    type: 'select',
    options: [{ value: '', label: t.anyArea }, ...areas.map((a) => ({ value: a.key, label: a.name }))],
  }
  return {
    key: 'pregunta',
    title: t.pregunta,
    questions: [
      { id: 'type', label: t.type, type: 'select', required: true, options: t.types },
      { id: 'text', label: t.text, type: 'long_text', required: true, maxLength: 4000 },
      ...(areas.length ? [area] : []),
      { id: 'anonymous', label: t.anonymous, type: 'check', help: t.anonymousNote },
      { id: 'name', label: t.name, type: 'short_text', maxLength: 200, autocomplete: 'name', when: named },
      {
        id: 'email',
        label: t.email,
        type: 'short_text',
        input: 'email',
        autocomplete: 'email',
        maxLength: 200,
        when: named,
      },
    ],
  }
}

/** Both forms for an event: the survey lends its characterisation questions, the entity its areas. */
export const fixedForms = (
  lang: Lang,
  forms: { key: string; questions: SurveyQuestion[] }[],
  areas: { key: string; name: string }[],
): FixedForm[] => [
  attendanceForm(lang, forms.find((f) => f.key === 'evaluacion')?.questions ?? []),
  questionForm(lang, areas),
]
