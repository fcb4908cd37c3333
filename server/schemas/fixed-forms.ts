import { z } from 'zod'
import { documentsOf, pqrsdLabels, pqrsdTypes } from '../../db/enums'
import { inLang, type Lang } from '../messages'
import {
  ageOptions,
  educationOptions,
  genderOptions,
  occupationOptions,
  optionValues,
  populationGroupsOf,
} from '../services/question-bank'
import { widgetStrings } from '../services/widget-strings'
import {
  contactNeeded,
  documentNumberFormat,
  documentTypeNeeded,
  ecuadorCedula,
  guardianNeeded,
  inPersonDocument,
  phoneFormat,
} from './attendance'

/**
 * The attendance and question forms as data, field by field, next to the bodies they fill:
 * registrationBody (./attendance.ts) and submitQuestionBody (./questions.ts). They travel with the event
 * (GET /api/events/:slug, `fixedForms`) in the request's language, so the widget renders them like a survey.
 * test/fixed-forms.test.ts fills them as the widget does and feeds the result to those validators.
 */
export type FieldOption = { value: string; label: string; other?: boolean; exclusive?: boolean; lang?: 'es' }
/**
 * Shown only while the field `field` holds `is`, or anything but `not`, and while `and` holds too. `and`
 * nests rather than a list replacing the object, so a widget (or an embedder's form) that predates it
 * still reads the first condition as before; the server refuses what that lets through.
 */
export type FieldCondition = {
  field: string
  is?: string | boolean
  not?: string | boolean
  and?: FieldCondition
}
export type FieldDef = {
  /** The property of the request body. */
  id: string
  label: string
  /** A survey question's types, plus a drop-down list (`select`) and a checkbox (`check`, sent as `true`). */
  type: 'short_text' | 'long_text' | 'single' | 'multi' | 'select' | 'check'
  required?: boolean
  sensitive?: boolean
  help?: string | null
  /** `es`: a label staff wrote in Spanish only, on an English page (a survey's, lent: publicForm). */
  lang?: 'es'
  options?: FieldOption[]
  maxLength?: number
  input?: 'email' | 'tel'
  autocomplete?: 'name' | 'email' | 'tel'
  /**
   * Shows the event's notice of that name above the checkbox: the bundle's `consent` (the registration's
   * consent) or `privacy` (the question form's privacy notice).
   */
  notice?: 'consent' | 'privacy'
  /** The message when a required field is left empty, instead of the common one (strings.errRequired). */
  requiredMessage?: string
  /**
   * The format the value, trimmed, must have when given (the source of a JavaScript regular expression),
   * and the message when it has not: the validator's own, so the device refuses what the server would.
   */
  pattern?: string
  patternMessage?: string
  /**
   * Checked while the condition holds (a document number, while its type is an Ecuadorian cédula): the
   * value with its spaces, dots and hyphens taken out must match `pattern`, and its digits, weighted 2, 1,
   * 2, 1… from the first (a product above 9 less 9), must add up to a multiple of 10 — the check digit of
   * server/schemas/attendance.ts `isEcuadorCedula`. Else `message`: a typo is caught before a
   * registration is queued on the device, not by the server after the person has left.
   */
  checkDigit?: FieldCondition & { pattern: string; message: string }
  /** Required as soon as any of these fields has a value (a document's type, once its number is given). */
  requiredWith?: string[]
  /** Required while all of these fields are empty (one way to tell a registration apart). */
  requiredWithout?: string[]
  when?: FieldCondition
}
/**
 * `description`: the form's own text, which the widget shows under the title and before the fields, with
 * the note on the starred ones: what a star cannot say (one of three fields, none required alone).
 */
export type FixedForm = {
  key: 'asistencia' | 'pregunta'
  title: string
  description?: string
  questions: FieldDef[]
}
type SurveyQuestion = Pick<FieldDef, 'id' | 'label' | 'lang' | 'help' | 'sensitive' | 'options'> & {
  type: string
}
/** The event's country: its documents, its territories and its population groups. */
type Country = 'CO' | 'EC'

const minor = 'menos_18'

/**
 * The characterisation questions are the survey's (its labels, as staff left them), so both tabulate with
 * the same values. Registration keeps the category only: what it does not accept is not offered, and its
 * "Otra" takes no free text.
 */
function characterisation(survey: SurveyQuestion[], lang: Lang, country: Country): FieldDef[] {
  const bank = [
    ['genero', 'gender', genderOptions],
    ['rango_edad', 'ageRange', ageOptions],
    ['ocupacion', 'occupation', occupationOptions],
    ['nivel_educativo', 'education', educationOptions],
    ['grupo_poblacional', 'populationGroups', populationGroupsOf(country)],
  ] as const
  return bank.flatMap(([from, id, list]) => {
    const accepted = optionValues(list)
    return survey
      .filter((q) => q.id === from && (q.type === 'single' || q.type === 'multi'))
      .map((q) => {
        const offered = q.options ?? []
        // A survey made for the other country (one that predates the country's groups, or copied from
        // an event there) does not lend its groups: the event's own are offered, with the bank's labels.
        const own = offered.every((o) => accepted.includes(o.value))
        return {
          id,
          label: q.label,
          ...(q.lang ? { lang: q.lang } : {}),
          type: q.type as 'single' | 'multi',
          help: q.help ?? null,
          sensitive: q.sensitive,
          options: own
            ? offered.filter((o) => accepted.includes(o.value)).map(({ other: _, ...o }) => o)
            : list.map(([value, es, en, extra]) => ({
                value,
                label: lang === 'en' ? en : es,
                ...(extra?.exclusive ? { exclusive: true } : {}),
              })),
          // Minors answer no sensitive question (and register with their guardian's authorisation).
          ...(id === 'populationGroups' ? { when: { field: 'ageRange', not: minor } } : {}),
        }
      })
  })
}

/** The labels of the two forms' own fields; the survey lends the characterisation questions. */
const es = {
  errConsent: 'Para registrarse, lea el aviso y autorice el tratamiento de datos.',
  errEmail: 'Escriba un correo válido, p. ej. nombre@correo.com.',
  name: 'Nombre completo',
  documentType: 'Tipo de documento',
  documentNumber: 'Número de documento',
  email: 'Correo electrónico',
  phone: 'Teléfono o celular',
  territory: 'Barrio, comuna o vereda donde vive',
  // Ecuador's territory is the parroquia (urban or rural), then the barrio or the comunidad.
  territoryEC: 'Parroquia, barrio o comunidad donde vive',
  consent: 'Leí el aviso y autorizo el tratamiento de mis datos personales.',
  guardianConsent: 'Mi representante legal autoriza este registro (menores de 18 años).',
  type: 'Tipo de solicitud',
  text: 'Su pregunta o solicitud',
  anonymous: 'Enviar de forma anónima',
  anonymousNote: 'Sin datos de contacto, la respuesta se publica con el número de radicado.',
  area: 'Dependencia a la que se dirige',
  anyArea: 'No sé / ninguna',
  identityReserve: 'Pido reserva de mi identidad',
  identityReserveNote: 'Solo las personas que administran Cabildo en la entidad verán su nombre y sus datos.',
  oneContact: 'Escriba al menos uno de estos datos: número de documento, correo o teléfono.',
}
// Typed against the Spanish, so a label missing in English fails the typecheck.
const en: Record<keyof typeof es, string> = {
  errConsent: 'To register, read the notice and authorise the processing of your data.',
  errEmail: 'Enter a valid e-mail, e.g. name@mail.com.',
  name: 'Full name',
  documentType: 'Document type',
  documentNumber: 'Document number',
  email: 'E-mail',
  phone: 'Phone',
  territory: 'Neighbourhood or district where you live',
  territoryEC: 'Parish, neighbourhood or community where you live',
  consent: 'I have read the notice and authorise the processing of my personal data.',
  guardianConsent: 'My legal guardian authorises this registration (under 18).',
  type: 'Kind of request',
  text: 'Your question or request',
  anonymous: 'Send anonymously',
  anonymousNote: 'With no contact details, the answer is published under the filing number.',
  area: 'Office it is addressed to',
  anyArea: "Don't know / none",
  identityReserve: 'I ask that my identity be kept in reserve',
  identityReserveNote: "Only the entity's Cabildo administrators will see your name and details.",
  oneContact: 'Give at least one of these: document number, e-mail or phone.',
}

const options = (labels: Record<string, { es: string; en: string }>, keys: readonly string[], lang: Lang) =>
  keys.map((value) => ({ value, label: labels[value][lang] }))
// An accountability event is mostly questions: that type comes first in the list.
const typeOrder = ['pregunta', ...pqrsdTypes.filter((k) => k !== 'pregunta')]

/** The labels in `lang`, with the forms' titles, the PQRSD types and the event's documents as options. */
const labelsIn = (lang: Lang, country: Country = 'CO') => {
  const w = widgetStrings(lang)
  const own = lang === 'en' ? en : es
  const docs = documentsOf[country]
  return {
    ...own,
    territory: country === 'EC' ? own.territoryEC : own.territory,
    asistencia: w.asistencia,
    pregunta: w.pregunta,
    types: options(pqrsdLabels, typeOrder, lang),
    docs: options(docs, Object.keys(docs), lang),
  }
}

/** The contact e-mail, the same field in both forms (and the same limit in both validators). */
const email = (t: ReturnType<typeof labelsIn>): FieldDef => ({
  id: 'email',
  label: t.email,
  type: 'short_text',
  input: 'email',
  autocomplete: 'email',
  maxLength: 200,
  // z.email()'s own expression: an address the device lets through, the server takes.
  pattern: z.regexes.email.source,
  patternMessage: t.errEmail,
})

/**
 * `inPerson`: the event is held in person only, where a registration needs an identity document;
 * `country`: the event's, whose documents, territories and population groups are offered.
 */
export function attendanceForm(
  lang: Lang,
  survey: SurveyQuestion[],
  inPerson = false,
  country: Country = 'CO',
): FixedForm {
  const t = labelsIn(lang, country)
  // Without a document, an e-mail or a phone tells the registration apart; in person, only a document.
  const document = inPerson
    ? { required: true, requiredMessage: inLang(inPersonDocument, lang) }
    : { requiredWithout: ['email', 'phone'], requiredMessage: inLang(contactNeeded, lang) }
  return {
    key: 'asistencia',
    title: t.asistencia,
    // None of the three is starred, as none is required alone: said before anything is sent, not only by
    // the error on the document. In person the document is required, and starred.
    ...(inPerson ? {} : { description: t.oneContact }),
    questions: [
      { id: 'name', label: t.name, type: 'short_text', required: true, maxLength: 200, autocomplete: 'name' },
      {
        id: 'documentType',
        label: t.documentType,
        type: 'select',
        options: t.docs,
        requiredWith: ['documentNumber'],
        requiredMessage: inLang(documentTypeNeeded, lang),
      },
      {
        id: 'documentNumber',
        label: t.documentNumber,
        type: 'short_text',
        maxLength: 25,
        pattern: documentNumberFormat.pattern.source,
        patternMessage: inLang(documentNumberFormat.message, lang),
        checkDigit: {
          field: 'documentType',
          is: 'CI',
          pattern: ecuadorCedula.pattern.source,
          message: inLang(ecuadorCedula.message, lang),
        },
        ...document,
      },
      email(t),
      {
        id: 'phone',
        label: t.phone,
        type: 'short_text',
        input: 'tel',
        autocomplete: 'tel',
        // As many characters as the validator takes: up to 20 digits, with the spaces and hyphens between.
        maxLength: 40,
        pattern: phoneFormat.pattern.source,
        patternMessage: inLang(phoneFormat.message, lang),
      },
      ...characterisation(survey, lang, country),
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
        // The validator's own words, not the common "answer this question": what is missing is the
        // guardian's authorisation.
        requiredMessage: inLang(guardianNeeded, lang),
        when: { field: 'ageRange', is: minor },
      },
    ],
  }
}

export function questionForm(lang: Lang, areas: { key: string; name: string }[]): FixedForm {
  const t = labelsIn(lang)
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
      // The privacy notice comes before the choice between asking anonymously and giving one's data.
      { id: 'anonymous', label: t.anonymous, type: 'check', help: t.anonymousNote, notice: 'privacy' },
      { id: 'name', label: t.name, type: 'short_text', maxLength: 200, autocomplete: 'name', when: named },
      { ...email(t), when: named },
      // A denunciante may ask for it (DOMAIN.md); the server refuses it for an anonymous one, which needs
      // none, so it is not offered there: a queued denuncia would otherwise be refused after the person left.
      {
        id: 'identityReserve',
        label: t.identityReserve,
        type: 'check',
        help: t.identityReserveNote,
        when: { field: 'type', is: 'denuncia', and: named },
      },
    ],
  }
}

/** Both forms for an event: the survey lends its characterisation questions, the entity its areas. */
export const fixedForms = (
  lang: Lang,
  forms: { key: string; questions: SurveyQuestion[] }[],
  areas: { key: string; name: string }[],
  modality?: string,
  country: Country = 'CO',
): FixedForm[] => [
  attendanceForm(
    lang,
    forms.find((f) => f.key === 'evaluacion')?.questions ?? [],
    modality === 'presencial',
    country,
  ),
  questionForm(lang, areas),
]
