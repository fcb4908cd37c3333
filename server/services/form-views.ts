import type { Entity, Event, Form, FormQuestion } from '../../db/schema'
import type { Deps } from '../env'
import type { Lang } from '../messages'
import { MINOR_AGE, textLimit } from './answers'
import { consentNotice, noticeEvent, petitionNotice } from './consent'
import { currentForms } from './forms'
import { yesNo } from './question-bank'
import { scalePoints } from './stats'

const pick = (lang: Lang, es: string, en?: string) => (lang === 'en' && en ? en : es)
/**
 * A label staff wrote in Spanish only, shown on an English page: marked, so that a screen reader reads it
 * in Spanish (WCAG 3.1.2), as the page marks what staff typed (contentLang).
 */
const spanish = (lang: Lang, en?: string) => (lang === 'en' && !en ? { lang: 'es' as const } : {})

/** Each point of a scale as an option, the ends with their labels ("1 · Muy mala"), as the statistics name them. */
const points = (scale: NonNullable<FormQuestion['scale']>) =>
  scalePoints(scale).map(({ value, label }) => ({ value, label }))

/** A form as the widget shows it, in the request's language (Spanish when no English label exists). */
export function publicForm(form: Form, lang: Lang) {
  const d = form.definition
  // A minor is asked no sensitive question (the server refuses their answers): once the survey's own age
  // question says "menos de 18", the widget hides them, as the attendance form does.
  const adultsOnly = d.questions.some((q) => q.id === MINOR_AGE.question)
    ? { when: { field: MINOR_AGE.question, not: MINOR_AGE.value } }
    : {}
  return {
    key: form.key,
    version: form.version,
    open: form.open,
    title: pick(lang, d.title, d.titleEn),
    description: d.description ? pick(lang, d.description, d.descriptionEn) : null,
    questions: d.questions.map((q) => ({
      id: q.id,
      type: q.type,
      label: pick(lang, q.label, q.labelEn),
      ...spanish(lang, q.labelEn),
      help: q.help ? pick(lang, q.help, q.helpEn) : null,
      required: q.required,
      sensitive: q.sensitive,
      ...(q.options
        ? {
            options: q.options.map((o) => ({
              value: o.value,
              label: pick(lang, o.label, o.labelEn),
              ...spanish(lang, o.labelEn),
              ...(o.other ? { other: true } : {}),
              ...(o.exclusive ? { exclusive: true } : {}),
            })),
          }
        : {}),
      // Yes/no and the points of a scale are options too, so every choice comes labelled in `lang`.
      ...(q.type === 'yesno'
        ? { options: yesNo.map(([value, es, en]) => ({ value, label: pick(lang, es, en) })) }
        : {}),
      ...(q.scale ? { options: points(q.scale), scale: q.scale } : {}),
      // Every text question says its limit, the server's default where staff set none: the widget then
      // says when it is reached, and never keeps to send later an answer the server would refuse.
      ...(q.type === 'short_text' || q.type === 'long_text' ? { maxLength: textLimit(q) } : {}),
      ...(q.sensitive ? adultsOnly : {}),
    })),
  }
}

/** What staff see besides the public definition: settings and the full bilingual definition. */
export const staffForm = (form: Form) => ({
  key: form.key,
  version: form.version,
  open: form.open,
  embargoUntil: form.embargoUntil,
  definition: form.definition,
  createdAt: form.createdAt,
  updatedAt: form.updatedAt,
})

/**
 * What the event's public view carries besides the event: its forms, the consent notice of the
 * registration and the privacy notice of the question form.
 */
export async function formsAndConsent(deps: Deps, full: { event: Event; entity: Entity }, lang: Lang) {
  const [list, consent] = await Promise.all([
    currentForms(deps.db, full.event.id),
    consentNotice(noticeEvent(full.event, deps.config.retentionDays), full.entity, lang),
  ])
  const privacy = petitionNotice(noticeEvent(full.event, deps.config.retentionDays), full.entity, lang)
  return { forms: list.map((f) => publicForm(f, lang)), consent, privacy }
}
