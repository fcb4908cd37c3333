import { commitmentStatuses } from '../../../db/schema'
import { localTime } from '../local-time'
import { percent } from '../percent'
import type { Cell, NamedTable } from '../spreadsheet'
import {
  commitmentStatusLabel,
  label as L,
  type LabelKey,
  otherTextsLine,
  pqrsdLabel,
  textsCutNote,
} from './labels'
import { generalRows, questionColumns, tallyNotes } from './tables'
import type { Report, ReportQuestion, Tally } from './types'

/**
 * The report as the tables a spreadsheet works with, everything the other formats carry, each table with
 * its own header row; `tablesToCsv` writes them one after the other in one CSV (each row headed by its
 * table's name), `xlsxBook` a sheet each:
 *
 * - Datos generales (section 1): field and value, the agenda one row per item.
 * - Cifras (sections 2 to 6): every figure, one row each: section, indicator, option, count, percent,
 *   the base the percent is of, note. A count column holds only the count of its row's option (or, on a
 *   row without option, the indicator's own figure: people registered, questions received), never a
 *   total nor a label, so that a question's counts add up to its people (more, for a multi-choice
 *   question, whose rows say so); the base (people who answered, registrations, questions with a
 *   department) is on every row of its distribution, in its own column. A survey question without
 *   options (free text) has one row, with its base only. A hidden cell has no count nor percent, and
 *   its note reads "oculta". A base of 0 gives no percent: the cell is empty, as the other formats
 *   print "—" rather than "0,0 %".
 * - Resumen y notas: the sentences the other formats print (each question's leading options, the
 *   attendance and PQRSD summaries) and the notes under their tables (why cells are hidden, shares of a
 *   multi-choice question, rounding, a list of texts cut short), by section and indicator.
 * - Respuestas abiertas: the free texts, grouped where they repeat, with how many people wrote each.
 * - Preguntas PQRSD: each radicado with its type, question, status, department, when it was received
 *   and when it is due, its answer, when it was answered and whether within its term.
 * - Compromisos: each commitment, its dates as ISO dates or months, its progress a number.
 * - Observaciones y aportes: Ecuador's plan de trabajo, by axis.
 * - Conclusiones (section 7): the place left for them.
 *
 * Every table is there, with its header, even when it has no rows, so that a script finds them all; but
 * a Colombian entity's report, which has no plan de trabajo, has "Observaciones y aportes" only when its
 * commitments record some (as the other formats print them only then).
 * What a copy may hold is the JSON report's (build.ts): the public copy has no personal data and its
 * small cells hidden, and so have these tables.
 */
export function reportTables(r: Report): NamedTable[] {
  const { lang } = r
  const sec = (k: LabelKey) => L(k, lang).replace(/^\d+\.\s*/, '')
  const figures: Cell[][] = []
  const notes: Cell[][] = []
  const open: Cell[][] = []
  const figure = (section: string, indicator: string, value: number, note: string | null = null) =>
    figures.push([section, indicator, null, value, null, null, note])
  const note = (section: string, indicator: string | null, text: string) =>
    notes.push([section, indicator, text])

  /** A distribution: a row per option, each with the base; its notes go to "Resumen y notas". */
  const tally = (section: string, indicator: string, t: Tally, multi = false) => {
    if (!t.items.length) figures.push([section, indicator, null, null, null, t.total, L('none', lang)])
    for (const i of t.items) {
      const said = [i.suppressed ? L('suppressed', lang) : null, multi ? L('multiShort', lang) : null]
      const why = said.filter(Boolean).join('; ') || null
      figures.push(
        i.suppressed
          ? [section, indicator, i.label, null, null, t.total, why]
          : [section, indicator, i.label, i.count, t.total ? i.percent : null, t.total, why],
      )
    }
    for (const n of tallyNotes(t, lang)) note(section, indicator, n)
    if (multi) note(section, indicator, L('multiNote', lang))
  }
  /** Free texts, with the note saying how many there are when the list holds only the most repeated. */
  const texts = (
    section: string,
    indicator: string,
    list: { text: string; count: number }[],
    total?: number,
  ) => {
    for (const t of list) open.push([section, indicator, t.text, t.count])
    const cut = textsCutNote(list.length, total, lang)
    if (cut) note(section, indicator, cut)
  }
  const question = (section: string, q: ReportQuestion) => {
    if (q.options.length) {
      note(section, q.label, q.summary)
      tally(section, q.label, { total: q.answered, items: q.options }, q.multi)
      const others = otherTextsLine(q.otherOptions, lang, true)
      if (others && q.texts?.length) note(section, q.label, others)
    } else
      figures.push([
        section,
        q.label,
        null,
        null,
        null,
        q.answered,
        q.texts?.length ? L('openAnswersNote', lang) : null,
      ])
    texts(section, q.label, q.texts ?? [], q.textsTotal)
  }

  const c = r.convocatoria
  tally(sec('convocatoria'), L('joinLinks', lang), c.joinLinks)
  if (c.heardFrom) question(sec('convocatoria'), c.heardFrom)

  const a = r.asistencia
  note(sec('asistencia'), null, a.summary)
  figure(sec('asistencia'), L('registered', lang), a.registered)
  figure(sec('asistencia'), L('checkedIn', lang), a.checkedIn)
  for (const f of a.figures) figure(sec('asistencia'), f.label, f.value, `${L('source', lang)}: ${f.source}`)
  for (const b of a.breakdowns) tally(sec('asistencia'), b.label, b.tally, b.multi)

  const e = r.evaluacion
  figure(sec('evaluacion'), L('surveyResponses', lang), e.responses)
  for (const q of e.questions) question(sec('evaluacion'), q)
  // Free text, as "Observaciones": how many answered, the base a count of people would be of.
  if (e.nextTopicsAnswered !== null)
    figures.push([
      sec('evaluacion'),
      L('nextTopics', lang),
      null,
      null,
      null,
      e.nextTopicsAnswered,
      e.nextTopics.length ? L('openAnswersNote', lang) : null,
    ])
  texts(sec('evaluacion'), L('nextTopics', lang), e.nextTopics, e.nextTopicsTotal)

  const p = r.pqrsd
  note(sec('pqrsd'), null, p.summary)
  for (const k of ['received', 'answeredLive', 'pending', 'answeredInWriting', 'forwarded'] as const)
    figure(sec('pqrsd'), L(k, lang), p[k])
  if (p.forwardedLate)
    figure(sec('pqrsd'), pqrsdLabel('forwardedLate', lang, r.general.entity.country), p.forwardedLate)
  if (p.incomplete) figure(sec('pqrsd'), L('incomplete', lang), p.incomplete)
  if (p.withdrawn) figure(sec('pqrsd'), pqrsdLabel('withdrawn', lang, r.general.entity.country), p.withdrawn)
  if (p.desisted) figure(sec('pqrsd'), pqrsdLabel('desisted', lang, r.general.entity.country), p.desisted)
  if (p.continuedExOfficio)
    figure(
      sec('pqrsd'),
      pqrsdLabel('continuedExOfficio', lang, r.general.entity.country),
      p.continuedExOfficio,
    )
  // The annulled numbers, named in the note, so the series reads whole here too.
  if (p.annulled)
    figure(
      sec('pqrsd'),
      L('annulled', lang),
      p.annulled,
      p.questions
        .filter((q) => q.status === 'annulled')
        .map((q) => q.radicado)
        .join(', '),
    )
  if (p.onTime)
    figures.push([
      sec('pqrsd'),
      L('onTime', lang),
      null,
      p.onTime.onTime,
      p.onTime.percent,
      p.onTime.due,
      null,
    ])
  tally(sec('pqrsd'), L('byType', lang), p.byType)
  tally(sec('pqrsd'), L('byChannel', lang), p.byChannel)
  tally(sec('pqrsd'), L('byArea', lang), p.byArea)

  // How many commitments stand in each status; each one is in its own table.
  const items = r.compromisos.items
  tally(sec('compromisos'), L('status', lang), {
    total: items.length,
    items: commitmentStatuses.map((s) => {
      const count = items.filter((x) => x.status === s).length
      return { key: s, label: commitmentStatusLabel(s, lang), count, percent: percent(count, items.length) }
    }),
  })

  const g = r.general
  const head = (...keys: LabelKey[]) => keys.map((k) => L(k, lang))
  return [
    {
      name: sec('general'),
      headers: head('field', 'value'),
      rows: [
        ...generalRows(r),
        ...g.agenda.map((x, i): Cell[] => [`${L('agenda', lang)} ${i + 1}`, x]),
        [L('generatedAt', lang), r.generatedAtText],
      ],
    },
    {
      name: L('figuresTable', lang),
      headers: head('section', 'indicator', 'option', 'count', 'share', 'base', 'note'),
      rows: figures,
      // The percent: one decimal, as every other format and the statistics.
      oneDecimal: [4],
    },
    { name: L('notesTable', lang), headers: head('section', 'indicator', 'text'), rows: notes },
    { name: L('answers', lang), headers: head('section', 'question', 'answer', 'people'), rows: open },
    {
      name: L('questionsTable', lang),
      // The list's columns in every format, then what only the spreadsheet carries.
      headers: head(...questionColumns, 'answeredAt', 'answeredOnTime'),
      rows: p.questions.map((q) => [
        q.radicado,
        q.typeLabel,
        q.text,
        q.statusLabel,
        q.area,
        // Where the event is held, as the legal term is counted; dates as a spreadsheet sorts them.
        // Filed after the day it was received (staff gave that day): the day, which the term counts from.
        q.receivedOn < localTime(q.receivedAt, g.timezone).slice(0, 10)
          ? q.receivedOn
          : localTime(q.receivedAt, g.timezone),
        q.dueDateApplies ? q.dueDate : null,
        q.answer,
        // The day the answer was sent and whether within its term: what the control office checks, row by
        // row. Answered that day, with the time it was recorded.
        q.answeredAt && q.answeredOn === localTime(q.answeredAt, g.timezone).slice(0, 10)
          ? localTime(q.answeredAt, g.timezone)
          : q.answeredOn,
        q.answeredOnTime === null ? null : L(q.answeredOnTime ? 'yes' : 'no', lang),
      ]),
    },
    {
      name: sec('compromisos'),
      headers: head(
        'axis',
        'description',
        'activity',
        'due',
        'firstDue',
        'responsible',
        'area',
        'status',
        'progressPercent',
      ),
      rows: items.map((x) => [
        x.axis,
        x.description,
        x.activity,
        x.due,
        x.originalDue,
        x.responsible,
        x.area,
        x.statusLabel,
        x.progress,
      ]),
    },
    ...(g.entity.country !== 'EC' && !r.compromisos.plan.length
      ? []
      : [
          {
            name: L('citizenInputTable', lang),
            headers: head('axis', 'type', 'text'),
            rows: r.compromisos.plan.flatMap((x) => [
              ...x.observations.map((t): Cell[] => [x.axis, L('observation', lang), t]),
              ...x.contributions.map((t): Cell[] => [x.axis, L('contribution', lang), t]),
            ]),
          },
        ]),
    {
      name: sec('conclusiones'),
      headers: head('text'),
      rows: [[r.conclusiones.text ?? L('conclusionsPlaceholder', lang)]],
    },
  ]
}
