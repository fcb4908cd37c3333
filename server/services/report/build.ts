import { asc, eq } from 'drizzle-orm'
import { type FormDefinition, questions as questionsTable } from '../../../db/schema'
import type { Deps } from '../../env'
import { attendanceSummary, publicRows } from '../attendance-summary'
import { PQRSD_LABELS, type PqrsdType } from '../calendar'
import { listCommitments } from '../commitment-queries'
import { originalDue, workPlan } from '../commitment-views'
import { dateSpanText, dateTimeText, zoneText } from '../date-text'
import type { EventFull } from '../events'
import { formatNumber, type NumberLang } from '../percent'
import { formStats, type QuestionStat, textCount, topTexts } from '../stats'
import { exactInPublic, suppressOptions } from '../suppression'
import { loadForm } from '../survey-results'
import { commitmentStatusLabel, figureLabel, label as L } from './labels'
import { pqrsdSection } from './pqrsd'
import { leadingSentence } from './summary'
import type { Report, ReportQuestion, Share } from './types'

export type ReportOptions = { lang: NumberLang; audience: 'staff' | 'public' }

const TEXTS_IN_REPORT = 500

/**
 * Staff copies keep exact small cells, except in sensitive questions and in the attendance breakdowns
 * (`always`), which DOMAIN.md publishes only with cells of fewer than 5 people suppressed: so in every
 * copy, since the staff copy is what goes into the published report (the exact figures stay in the
 * staff's attendance summary and exports). Public copies suppress the small cells of every question
 * about who answered too; the opinions of the event stay exact (`exactInPublic`).
 */
function toShares(q: QuestionStat, audience: ReportOptions['audience'], always = false): Share[] {
  const suppress = always || q.sensitive || (audience === 'public' && !exactInPublic(q))
  const options = suppress ? suppressOptions(q.options) : q.options
  return options.map(
    (o): Share =>
      'suppressed' in o && o.suppressed
        ? { key: o.value, label: o.label, count: null, percent: null, suppressed: true, lang: o.lang }
        : { key: o.value, label: o.label, count: o.count ?? 0, percent: o.percent ?? 0, lang: o.lang },
  )
}

type Textual = QuestionStat & { textsTotal?: number }

function reportQuestion(
  q: Textual,
  opts: ReportOptions & { open: boolean },
  definition?: FormDefinition,
): ReportQuestion {
  const options = toShares(q, opts.audience)
  const listed = opts.audience === 'staff' && !q.sensitive && q.texts
  // A choice question's texts are what was typed after its "Otra" options: said so over the list.
  const others = new Set(
    definition?.questions.find((d) => d.id === q.id)?.options?.flatMap((o) => (o.other ? [o.value] : [])),
  )
  const otherOptions = options.filter((o) => others.has(o.key)).map((o) => o.label)
  return {
    id: q.id,
    label: q.label,
    lang: q.lang,
    type: q.type,
    answered: q.answered,
    options,
    // A sensitive question's "Otro" texts name the very group its hidden cells keep back: never listed.
    texts: listed ? q.texts : undefined,
    ...(listed ? { textsTotal: q.textsTotal ?? q.texts!.length } : {}),
    ...(listed && otherOptions.length ? { otherOptions } : {}),
    summary: leadingSentence(q.answered, options, opts.lang, opts.open),
    multi: q.type === 'multi',
  }
}

/**
 * An instant where the event is held, its zone named ("…, 10:00 a. m., hora de Colombia (UTC−5)"): the
 * two times of day a reader of the report meets first, when it was generated and when the event ran, and
 * no other. The list of questions gives days; the spreadsheet's times of receipt are in the zone its
 * first table's "Fecha" names.
 */
const localDate = (iso: string, timeZone: string, lang: NumberLang) =>
  `${dateTimeText(iso, lang, timeZone, { date: 'full', time: 'short' })}, ${zoneText(timeZone, lang, new Date(iso))}`

/** The report's sections as JSON: the one source every other format is rendered from. */
export async function buildReport(deps: Deps, full: EventFull, opts: ReportOptions): Promise<Report> {
  const { db } = deps
  const { event, entity, areas } = full
  const { lang, audience } = opts
  const [att, form, rows, commitments] = await Promise.all([
    attendanceSummary(db, event, lang),
    loadForm(deps, event.slug, 'evaluacion', { staff: true }),
    db
      .select()
      .from(questionsTable)
      .where(eq(questionsTable.eventId, event.id))
      // In order of receipt, as the radicados were given: by year, then number (the series starts again
      // each year, and an event can run across the new year).
      .orderBy(asc(questionsTable.year), asc(questionsTable.seq)),
    listCommitments(db, event.id, audience === 'public' ? { published: true } : {}),
  ])
  const stats = await formStats(db, form.versions, { lang })
  // The most repeated texts, and how many different ones there are, so a list cut short says so.
  const textual = await Promise.all(
    stats.questions.map(async (q): Promise<Textual> => {
      if (!q.texts || audience !== 'staff' || q.sensitive) return q
      const { texts, more } = await topTexts(db, form.current, q.id, TEXTS_IN_REPORT)
      return { ...q, texts, textsTotal: more ? await textCount(db, form.current, q.id) : texts.length }
    }),
  )
  // Whether the survey still takes answers, as a response is refused once the event or the form is closed.
  const open = event.status !== 'closed' && form.current.open
  const survey = textual.map((q) => reportQuestion(q, { ...opts, open }, form.current.definition))
  const heardFrom = survey.find((q) => q.id === 'medio_enterado') ?? null
  const topics = survey.find((q) => q.id === 'temas_proximo')
  const breakdown = (id: string) => att.breakdowns.find((b) => b.id === id)!
  const links = breakdown('linkChannel')
  const n = (x: number) => formatNumber(x, lang)
  // Stored as 'personal' when staff named no source (services/events.ts): said in the report's language.
  const sourceOf = (source: string) => (source === 'personal' ? L('staffSource', lang) : source)
  const figures = Object.entries(event.figures).map(([key, f]) => ({
    key,
    label: figureLabel(key, lang),
    value: f.value,
    source: sourceOf(f.source),
  }))
  const peak = event.figures.peakViewers && {
    ...event.figures.peakViewers,
    source: sourceOf(event.figures.peakViewers.source),
  }

  return {
    lang,
    audience,
    generatedAt: deps.now().toISOString(),
    generatedAtText: localDate(deps.now().toISOString(), event.timezone, lang),
    general: {
      entity: { name: entity.name, nit: entity.nit, country: entity.country },
      title: event.title,
      slug: event.slug,
      date: `${dateSpanText(event.startsAt, event.endsAt, lang, event.timezone)}, ${zoneText(event.timezone, lang, new Date(event.startsAt))}`,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timezone: event.timezone,
      modality: event.modality,
      place: event.place,
      streamUrl: event.streamUrl,
      channels: event.details.channels ?? [],
      moderators: event.details.moderators ?? [],
      signLanguage: event.details.signLanguage ?? false,
      agenda: event.details.agenda ?? [],
    },
    convocatoria: {
      channels: event.details.channels ?? [],
      joinLinks: { total: links.answered, items: toShares(links, audience) },
      heardFrom,
    },
    asistencia: {
      registered: att.registered.value,
      checkedIn: att.checkedIn.value,
      figures,
      breakdowns: att.breakdowns
        .filter((b) => b.id !== 'linkChannel' && b.answered > 0)
        .map((b) => ({
          key: b.id,
          label: b.label,
          sensitive: b.sensitive,
          multi: b.type === 'multi',
          tally: { total: b.answered, items: toShares(publicRows(b, lang), audience, true) },
        })),
      summary:
        lang === 'en'
          ? `${n(att.registered.value)} ${att.registered.value === 1 ? 'person' : 'people'} registered and ${n(att.checkedIn.value)} ${att.checkedIn.value === 1 ? 'was' : 'were'} checked in.${peak ? ` The live stream had a peak of ${n(peak.value)} ${peak.value === 1 ? 'viewer' : 'viewers'} (source: ${peak.source}).` : ''}`
          : `${n(att.registered.value)} ${att.registered.value === 1 ? 'persona se registró' : 'personas se registraron'} y ${n(att.checkedIn.value)} ${att.checkedIn.value === 1 ? 'registró' : 'registraron'} su ingreso.${peak ? ` La transmisión tuvo un máximo de ${n(peak.value)} ${peak.value === 1 ? 'espectador' : 'espectadores'} en vivo (fuente: ${peak.source}).` : ''}`,
    },
    evaluacion: {
      formKey: 'evaluacion',
      version: form.current.version,
      responses: stats.responses,
      questions: survey.filter((q) => q.id !== 'medio_enterado' && q.id !== 'temas_proximo'),
      nextTopics: topics?.texts ?? [],
      nextTopicsTotal: topics?.textsTotal ?? 0,
      // "N respuestas", as every other question: in the public copy too, which lists no text.
      nextTopicsAnswered: topics ? topics.answered : null,
    },
    // Judged where each due date was counted: where the petition was received, not the entity's offices.
    pqrsd: pqrsdSection(rows, areas, {
      ...opts,
      now: deps.now(),
      timezone: event.timezone,
      typeLabel: (t) => PQRSD_LABELS[t as PqrsdType]?.[lang] ?? t,
      country: entity.country,
    }),
    compromisos: {
      items: commitments.map(({ commitment: c, followUps }) => ({
        description: c.description,
        area: areas.find((a) => a.key === c.areaKey)?.name ?? c.areaKey,
        responsible: c.responsible,
        activity: c.activity,
        axis: c.axis,
        due: c.dueDate ?? c.dueMonth,
        originalDue: originalDue(followUps),
        status: c.status,
        // Staff's copy lists the commitments not yet published too, each said to be so.
        statusLabel: c.published
          ? commitmentStatusLabel(c.status, lang)
          : `${commitmentStatusLabel(c.status, lang)} (${L('unpublished', lang)})`,
        progress: c.progress,
      })),
      plan: workPlan(commitments, areas, lang)
        .map((a) => ({ axis: a.axis, observations: a.observaciones, contributions: a.aportes }))
        .filter((a) => a.observations.length || a.contributions.length),
    },
    conclusiones: { text: null },
  }
}

export const reportTitle = (r: Report) => `${L('title', r.lang)} — ${r.general.title}`
