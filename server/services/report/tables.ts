import { longDate } from '../../../web/shared/format'
import { formatNumber, formatPercent, formatWholePercent } from '../percent'
import { label as L, modalityLabel, pqrsdLabel } from './labels'
import type { Report, ReportCommitment, ReportQuestionItem, Tally } from './types'

/** The rows and columns every format prints, in one place, so Markdown, HTML and DOCX list the same. */
export type Row = [string, string | null]

/**
 * What a share table says under its figures: why a cell is hidden, and, when a one-answer distribution
 * does not add up to 100,0 % because each share is rounded to one decimal, a word saying so, so nobody
 * "corrects" it.
 */
export function tallyNotes(t: Tally, lang: Report['lang']): string[] {
  const notes: string[] = []
  if (t.items.some((i) => i.suppressed)) notes.push(L('suppressedNote', lang))
  const counted = t.items.reduce((s, i) => s + (i.count ?? 0), 0)
  const tenths = t.items.reduce((s, i) => s + Math.round((i.percent ?? 0) * 10), 0)
  if (t.total > 0 && counted === t.total && !t.items.some((i) => i.suppressed) && tenths !== 1000)
    notes.push(
      lang === 'en'
        ? `The shares add up to ${formatPercent(tenths / 10, lang)}: each is rounded to one decimal.`
        : `Los porcentajes suman ${formatPercent(tenths / 10, lang)} porque cada uno se redondea a un decimal.`,
    )
  return notes
}

/**
 * A share table's rows, one per option, and its foot: the base the percentages are of (people who
 * answered, questions with a department…), then its notes (`tallyNotes`), under the table itself, so a
 * table pasted alone still says why a cell is empty.
 */
export function shareTable(t: Tally, lang: Report['lang']) {
  const rows = t.items.map((i): [string, string, string] =>
    i.suppressed
      ? [i.label, L('suppressed', lang), '—']
      : // With nobody answering there is no share to give: "—", not "0,0 %".
        [i.label, formatNumber(i.count, lang), t.total ? formatPercent(i.percent, lang) : '—'],
  )
  const foot: [string, string, string][] = [
    [L('base', lang), formatNumber(t.total, lang), ''],
    ...tallyNotes(t, lang).map((note): [string, string, string] => [note, '', '']),
  ]
  return { rows, foot }
}

/** The general figures staff wrote (names, the place, the channels), in the entity's language. */
export const generalWritten = (lang: Report['lang']) =>
  new Set<string>((['entity', 'event', 'place', 'channels', 'moderators'] as const).map((k) => L(k, lang)))

export function generalRows(r: Report): Row[] {
  const { lang, general: g } = r
  return [
    [L('entity', lang), g.entity.name],
    // Ecuador's entities are identified by their RUC, not a NIT.
    [L(g.entity.country === 'EC' ? 'ruc' : 'nit', lang), g.entity.nit],
    [L('event', lang), g.title],
    [L('date', lang), g.date],
    [L('modality', lang), modalityLabel(g.modality, lang)],
    [L('place', lang), g.place],
    [L('stream', lang), g.streamUrl],
    [L('channels', lang), g.channels.join(', ') || null],
    [L('moderators', lang), g.moderators.join(', ') || null],
    [L('signLanguage', lang), L(g.signLanguage ? 'yes' : 'no', lang)],
  ]
}

export function attendanceRows(r: Report): Row[] {
  const { lang, asistencia: a } = r
  const n = (x: number) => formatNumber(x, lang)
  return [
    [L('registered', lang), n(a.registered)],
    [L('checkedIn', lang), n(a.checkedIn)],
    ...a.figures.map(
      (f): Row => [`${f.label} (${L('source', lang).toLowerCase()}: ${f.source})`, n(f.value)],
    ),
  ]
}

export function pqrsdRows(r: Report): Row[] {
  const { lang, pqrsd: p } = r
  const { country } = r.general.entity
  const n = (x: number) => formatNumber(x, lang)
  const rows: Row[] = [
    [L('received', lang), n(p.received)],
    [L('answeredLive', lang), n(p.answeredLive)],
    [L('pending', lang), n(p.pending)],
    [L('answeredInWriting', lang), n(p.answeredInWriting)],
    [L('forwarded', lang), n(p.forwarded)],
  ]
  if (p.forwardedLate) rows.push([pqrsdLabel('forwardedLate', lang, country), n(p.forwardedLate)])
  if (p.incomplete) rows.push([L('incomplete', lang), n(p.incomplete)])
  if (p.withdrawn) rows.push([pqrsdLabel('withdrawn', lang, country), n(p.withdrawn)])
  if (p.desisted) rows.push([pqrsdLabel('desisted', lang, country), n(p.desisted)])
  if (p.continuedExOfficio)
    rows.push([pqrsdLabel('continuedExOfficio', lang, country), n(p.continuedExOfficio)])
  // Not a question received: a number of the series given and annulled, listed below with its status.
  if (p.annulled) rows.push([L('annulled', lang), n(p.annulled)])
  if (p.onTime)
    rows.push([
      L('onTime', lang),
      `${n(p.onTime.onTime)} / ${n(p.onTime.due)} (${formatPercent(p.onTime.percent, lang)})`,
    ])
  return rows
}

/**
 * The list of questions, in every format: the day each question was received comes before its due date,
 * as the XLSX has it (there with its time).
 */
export const questionColumns = [
  'radicado',
  'type',
  'question',
  'status',
  'area',
  'receivedAt',
  'dueDate',
  'answer',
] as const

type QuestionColumn = (typeof questionColumns)[number]

/** The columns of the list of questions that are people's words: the question, its department, its answer. */
export const questionWritten = questionColumns.flatMap((k, i) =>
  k === 'question' || k === 'area' || k === 'answer' ? [i] : [],
)

const questionCell: Record<QuestionColumn, (q: ReportQuestionItem, r: Report) => string | null> = {
  radicado: (q) => q.radicado,
  type: (q) => q.typeLabel,
  question: (q) => q.text,
  status: (q) => q.statusLabel,
  area: (q) => q.area,
  // The day it was received where it was, as the XLSX dates it, written as the report writes a date.
  receivedAt: (q, r) => longDate(q.receivedOn, r.lang),
  dueDate: (q, r) => (q.dueDateApplies ? longDate(q.dueDate, r.lang) : null),
  answer: (q) => q.answer,
}

export const questionCells = (q: ReportQuestionItem, r: Report) =>
  questionColumns.map((k) => questionCell[k](q, r))

const commitmentColumns = [
  'description',
  'activity',
  'due',
  'responsible',
  'area',
  'status',
  'progress',
] as const

/** The date a commitment is due, and the one it was first due when it has been rescheduled since. */
export const dueCell = (x: Pick<ReportCommitment, 'due' | 'originalDue'>, lang: Report['lang']) => {
  const due = longDate(x.due, lang)
  if (!x.originalDue) return due
  const first = longDate(x.originalDue, lang)
  return lang === 'en' ? `${due} (first due ${first})` : `${due} (inicialmente ${first})`
}

const commitmentCells = (x: ReportCommitment, lang: Report['lang'], withAxis: boolean) => [
  ...(withAxis ? [x.axis] : []),
  x.description,
  x.activity,
  dueCell(x, lang),
  x.responsible,
  x.area,
  x.statusLabel,
  formatWholePercent(x.progress, lang),
]

const staffWritten = new Set<string>(['axis', 'description', 'activity', 'responsible', 'area'])

/**
 * The commitments table as every format prints it: its head and rows, with the thematic axis first when
 * any commitment has one (Ecuador's plan de trabajo groups its agreements by axis; the rows come sorted
 * by it).
 */
export function commitmentTable(r: Report) {
  const { items } = r.compromisos
  const withAxis = items.some((x) => x.axis)
  const columns = [...(withAxis ? (['axis'] as const) : []), ...commitmentColumns]
  return {
    head: columns.map((k) => L(k, r.lang)),
    rows: items.map((x) => commitmentCells(x, r.lang, withAxis)),
    withAxis,
    /** The columns staff wrote, in the entity's language: the rest are the report's own words. */
    written: columns.flatMap((k, i) => (staffWritten.has(k) ? [i] : [])),
  }
}
