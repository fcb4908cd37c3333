import { commitmentStatuses } from '../../../db/schema'
import { percent } from '../percent'
import type { Table } from '../spreadsheet'
import { commitmentStatusLabel, label as L } from './labels'
import type { Report, ReportQuestion, Tally } from './types'

/**
 * Every figure of the report as one long table (section, indicator, option, count, percent), the shape a
 * spreadsheet pivots and charts. Suppressed cells stay out; their rows say so. Each set of shares starts
 * with its base, the count its percentages are of (people who answered, registrations with a link,
 * questions with a department), as the tables of the other formats end with it. A base of 0 gives no
 * percent: the cell is empty, as the other formats print "—" rather than "0,0 %".
 */
export function reportFigures(r: Report): Table {
  const { lang } = r
  const rows: Table['rows'] = []
  const tally = (section: string, indicator: string, t: Tally) => {
    rows.push([section, indicator, L('base', lang), t.total, null, null])
    for (const i of t.items)
      rows.push(
        i.suppressed
          ? [section, indicator, i.label, null, null, L('suppressed', lang)]
          : [section, indicator, i.label, i.count, t.total ? i.percent : null, null],
      )
  }
  const question = (section: string, q: ReportQuestion) =>
    tally(section, q.label, { total: q.answered, items: q.options })
  const sec = (k: Parameters<typeof L>[0]) => L(k, lang).replace(/^\d+\.\s*/, '')

  tally(sec('convocatoria'), L('joinLinks', lang), r.convocatoria.joinLinks)
  if (r.convocatoria.heardFrom) question(sec('convocatoria'), r.convocatoria.heardFrom)
  const a = r.asistencia
  rows.push([sec('asistencia'), L('registered', lang), null, a.registered, null, null])
  rows.push([sec('asistencia'), L('checkedIn', lang), null, a.checkedIn, null, null])
  for (const f of a.figures) rows.push([sec('asistencia'), f.label, null, f.value, null, f.source])
  for (const b of a.breakdowns) tally(sec('asistencia'), b.label, b.tally)
  rows.push([sec('evaluacion'), L('surveyResponses', lang), null, r.evaluacion.responses, null, null])
  for (const q of r.evaluacion.questions) question(sec('evaluacion'), q)
  // Free text, as "Observaciones": how many answered, the base a count of people would be of.
  if (r.evaluacion.nextTopicsAnswered !== null)
    rows.push([
      sec('evaluacion'),
      L('nextTopics', lang),
      L('base', lang),
      r.evaluacion.nextTopicsAnswered,
      null,
      null,
    ])
  const p = r.pqrsd
  for (const [k, v] of [
    ['received', p.received],
    ['answeredLive', p.answeredLive],
    ['pending', p.pending],
    ['answeredInWriting', p.answeredInWriting],
    ['forwarded', p.forwarded],
  ] as const)
    rows.push([sec('pqrsd'), L(k, lang), null, v, null, null])
  // The annulled numbers, named in the note, so the series reads whole here too.
  if (p.annulled)
    rows.push([
      sec('pqrsd'),
      L('annulled', lang),
      null,
      p.annulled,
      null,
      p.questions
        .filter((q) => q.status === 'annulled')
        .map((q) => q.radicado)
        .join(', '),
    ])
  if (p.onTime)
    rows.push(
      [sec('pqrsd'), L('onTime', lang), L('base', lang), p.onTime.due, null, null],
      [sec('pqrsd'), L('onTime', lang), null, p.onTime.onTime, p.onTime.percent, null],
    )
  tally(sec('pqrsd'), L('byType', lang), p.byType)
  tally(sec('pqrsd'), L('byChannel', lang), p.byChannel)
  tally(sec('pqrsd'), L('byArea', lang), p.byArea)
  // The commitments: how many stand in each status, then each one with its status, progress and date.
  const items = r.compromisos.items
  tally(sec('compromisos'), L('status', lang), {
    total: items.length,
    items: commitmentStatuses.map((s) => {
      const count = items.filter((x) => x.status === s).length
      return { key: s, label: commitmentStatusLabel(s, lang), count, percent: percent(count, items.length) }
    }),
  })
  for (const x of items)
    rows.push([
      sec('compromisos'),
      x.description,
      x.statusLabel,
      null,
      x.progress,
      x.originalDue ? `${x.due} (${lang === 'en' ? 'first due' : 'inicialmente'} ${x.originalDue})` : x.due,
    ])
  const head =
    lang === 'en'
      ? ['Section', 'Indicator', 'Option', 'Count', 'Percent', 'Note']
      : ['Sección', 'Indicador', 'Opción', 'Cantidad', 'Porcentaje', 'Nota']
  return { headers: head, rows }
}
