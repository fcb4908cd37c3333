import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { ChartRun } from 'docx/charts'
import { contentLang } from '../../../web/shared/format'
import { formatNumber, formatPercent, type NumberLang } from '../percent'
import { chartParts, partTitle } from './chart-parts'
import { chartsAsDocument } from './docx-labels'
import { fitFirstColumn } from './docx-widths'
import { answeredText, label as L, otherTextsLine, spanishTag, textsCutNote } from './labels'
import {
  attendanceRows,
  commitmentTable,
  generalRows,
  generalWritten,
  pqrsdRows,
  questionCells,
  questionColumns,
  questionWritten,
  shareTable as sharedTable,
} from './tables'
import type { Report, ReportQuestion, Tally } from './types'

type Block = Paragraph | Table

export const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** A run of text, marked with its language where it is not the document's. */
const run = (
  text: string,
  opts: { bold?: boolean; italics?: boolean; size?: number; lang?: string } = {},
) => {
  const { lang, ...rest } = opts
  return new TextRun({ text, ...rest, ...(lang ? { language: { value: lang } } : {}) })
}

// The levels follow the HTML copy's, one down (its h1 is the Title here): a section is Heading 1, what
// is under it Heading 2, an axis of the work plan Heading 3. None is skipped, so Word's navigation pane
// and table of contents nest them, and a screen reader can go from one to the next.
const h = (text: string, heading: (typeof HeadingLevel)[keyof typeof HeadingLevel], lang?: string) =>
  new Paragraph({ heading, children: [run(text, { lang })] })
/**
 * `text` marked with its language `lang` where that is not the document's, then `after` (the report's own
 * words: a count, a label's end) in the document's: one run where nothing is marked.
 */
const marked = (text: string, lang: string | undefined, after = '') =>
  lang ? [run(text, { lang }), ...(after ? [run(after)] : [])] : [run(text + after)]
/** An item of a bulleted list, marked as `marked` marks it. */
const bullet = (text: string, lang?: string, after = '') =>
  new Paragraph({ bullet: { level: 0 }, children: marked(text, lang, after) })
const AGENDA = 'agenda'

const p = (
  text: string,
  { keepNext, ...opts }: { italics?: boolean; bold?: boolean; keepNext?: boolean } = {},
) => new Paragraph({ keepNext, children: [new TextRun({ text, ...opts })] })
/** A line that introduces what follows it (a count, a summary above a table): printed on the same page. */
const lead = (text: string, opts: { bold?: boolean } = {}) => p(text, { ...opts, keepNext: true })

/**
 * Headings are kept on the page of what follows them, as Word's own heading styles do: otherwise a page
 * can end with a question's title and its count, its chart and table starting on the next. Then the
 * lines that introduce a block (`lead`), a chart and its table are kept together too.
 */
export const keptWithNext = { paragraph: { keepNext: true, keepLines: true } }

/** The page of every Word file Cabildo writes: A4, with margins of 1,000 twentieths of a point. */
export const a4Page = {
  page: {
    size: { width: 11906, height: 16838 },
    margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 },
  },
}

/** The text of every Word file Cabildo writes: Arial 10.5 pt in `language`, a little space after a paragraph. */
export const documentText = (language: string) => ({
  run: { font: 'Arial', size: 21, language: { value: language } },
  paragraph: { spacing: { after: 100 } },
})

// Column widths in twentieths of a point for the long tables (the 9,906 between the margins), so text
// wraps at words, not letters: each short column takes its longest word at 8 pt ("Subsecretaría",
// "Felicitación", "Reprogramado", "Responsable") with the narrow cell margins below; the long texts
// share the rest.
const WIDE = {
  questions: [1450, 1200, 1500, 1100, 1300, 1000, 1000, 1356],
  commitments: [2300, 1700, 1000, 1350, 1350, 1250, 956],
  commitmentsByAxis: [1150, 1750, 1400, 1000, 1300, 1300, 1250, 756],
}
const narrow = { left: 60, right: 60 }
const LONG_SIZE = 16

export type GridOptions = {
  /** Fixed column widths, in twentieths of a point; without them the table spans the page. */
  widths?: number[]
  /**
   * A table that may run over pages (the lists of questions and commitments): set smaller, its rows
   * free to break and its header row repeated on every page. Otherwise the table is short and kept on
   * one page, each row with the next.
   */
  long?: boolean
  /** A short table kept with the paragraph after it too (its summary). */
  withNext?: boolean
  /**
   * The language of a body cell that is not the document's, by row and column: what staff or citizens
   * wrote in Spanish, in an English file, is marked so (WCAG 3.1.2), as the HTML copy marks it.
   */
  langOf?: (row: number, column: number) => string | undefined
}

/**
 * A table of every Word file Cabildo writes: its header row shaded and repeated. A row with text in its
 * first cell only is a note under the table: it spans the row, as in HTML.
 */
export function grid(
  head: string[] | null,
  rows: (string | null)[][],
  { widths, long = false, withNext = false, langOf }: GridOptions = {},
): Table {
  const size = long ? LONG_SIZE : 19
  const mk = (cells: (string | null)[], header: boolean, last: boolean, row: number) => {
    const keepNext = !long && (withNext || !last)
    const note = cells.length > 1 && cells.slice(1).every((c) => c === '')
    return new TableRow({
      tableHeader: header,
      // Kept whole on a page, but for the rows of the long tables: a written answer of 10,000 characters
      // is taller than a page, and Word cuts off the part of an unbreakable row that does not fit.
      cantSplit: header || !long,
      children: (note ? cells.slice(0, 1) : cells).map(
        (c, i) =>
          new TableCell({
            children: [
              new Paragraph({
                spacing: { after: 0 },
                keepNext,
                children: [
                  run(c ?? '—', {
                    bold: header,
                    size,
                    lang: header || c === null ? undefined : langOf?.(row, i),
                  }),
                ],
              }),
            ],
            shading: header ? { fill: 'E8EEF5' } : undefined,
            ...(note ? { columnSpan: cells.length } : {}),
            ...(widths ? { width: { size: widths[i], type: WidthType.DXA } } : {}),
            ...(long ? { margins: narrow } : {}),
          }),
      ),
    })
  }
  return new Table({
    ...(widths
      ? {
          columnWidths: widths,
          layout: TableLayoutType.FIXED,
          width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
        }
      : { width: { size: 100, type: WidthType.PERCENTAGE } }),
    rows: [
      ...(head ? [mk(head, true, !rows.length, -1)] : []),
      ...rows.map((r, i) => mk(r, false, i === rows.length - 1, i)),
    ],
  })
}

/**
 * An option's figures, then the base and the notes. An option staff wrote only in Spanish is marked so in
 * an English file, and with `es` every option (the departments, named as the entity names them).
 */
function shareTable(
  t: Tally,
  lang: NumberLang,
  { withNext = false, es }: { withNext?: boolean; es?: string } = {},
): Block {
  if (!t.items.length) return p(L('none', lang), { keepNext: withNext })
  const { rows, foot } = sharedTable(t, lang)
  return grid([L('option', lang), L('count', lang), L('share', lang)], [...rows, ...foot], {
    withNext,
    langOf: (row, column) => (column === 0 && row < rows.length ? (es ?? t.items[row].lang) : undefined),
  })
}

// 30 px a bar: less would squeeze the names of the options until Word and LibreOffice print only some.
const BAR_PX = 30

/**
 * A native Word chart (editable with "Edit Data"), with the figures also in the table that follows it.
 * A Word chart has no way to mark a bar "oculta", so the options whose figures are suppressed are left
 * out of it and named under it: unnamed, they would read as if nobody had chosen them.
 */
function chart(title: string, t: Tally, lang: NumberLang): Block[] {
  const items = t.items.filter((i) => !i.suppressed)
  if (!items.some((i) => i.count > 0)) return []
  const hidden = t.items.filter((i) => i.suppressed).map((i) => i.label)
  // A question of many options is charted in parts, each fitting on a page (chart-parts.ts).
  const split = chartParts(items)
  const bars = split.map((part, i) => {
    const name = partTitle(title, i, split.length, lang)
    return new ChartRun({
      type: 'bar',
      categories: part.map((o) => o.label),
      series: [
        {
          name: L('share', lang),
          values: part.map((o) => o.percent),
          color: '1F5F99',
          // Each bar's label is its share as the table beside it writes it ("38,9 %", "38.9%"): a number
          // format would be written with the decimal mark of whoever opens the file (LibreOffice in
          // English printed "38.9 %" beside the table's "38,9 %"). The text stays as it is if the data
          // is edited in Word; the number format is for a bar added there.
          pointLabels: part.map((o) => ({ text: formatPercent(o.percent, lang) })),
        },
      ],
      categoryAxis: { reverseOrder: true },
      // The bars carry their own labels, so the value axis is hidden and leaves room for "100,0 %"; the
      // same scale in every part, so that bars of two parts compare.
      valueAxis: { minimum: 0, maximum: 118, visible: false, gridlines: false },
      dataLabels: { value: true, numberFormat: '0.0" %"' },
      legend: false,
      transformation: { width: 560, height: 70 + BAR_PX * part.length },
      altText: {
        name,
        title: name,
        description: part
          .map((o) => `${o.label}: ${formatNumber(o.count, lang)} (${formatPercent(o.percent, lang)})`)
          .join('; '),
      },
    })
  })
  return [
    // Kept with its table, which follows it everywhere.
    ...bars.map((b) => new Paragraph({ children: [b], alignment: AlignmentType.LEFT, keepNext: true })),
    ...(hidden.length
      ? [p(`${L('chartLeavesOut', lang)}: ${hidden.join('; ')}.`, { italics: true, keepNext: true })]
      : []),
  ]
}

function question(q: ReportQuestion, lang: NumberLang): Block[] {
  const tally = { total: q.answered, items: q.options }
  const out: Block[] = [
    h(q.label, HeadingLevel.HEADING_2, q.lang),
    lead(`${formatNumber(q.answered, lang)} ${L(q.answered === 1 ? 'response' : 'responses', lang)}`, {
      bold: true,
    }),
  ]
  if (q.options.length)
    // The summary under the table, and the note on a multiple choice's percentages under it.
    out.push(
      ...chart(q.label, tally, lang),
      shareTable(tally, lang, { withNext: true }),
      p(q.summary, { keepNext: q.multi }),
    )
  if (q.multi) out.push(p(L('multiNote', lang), { italics: true }))
  const others = otherTextsLine(q.otherOptions, lang)
  if (others && q.texts?.length) out.push(p(others))
  // What people wrote, in their language: Spanish in an English file.
  for (const t of q.texts ?? [])
    out.push(bullet(t.text, contentLang(lang), t.count > 1 ? ` (${formatNumber(t.count, lang)})` : ''))
  const cut = textsCutNote(q.texts?.length ?? 0, q.textsTotal, lang)
  if (cut) out.push(p(cut, { italics: true }))
  return out
}

/** The report as a Word document with real headings, tables and charts, rendered from the JSON report only. */
export async function renderDocx(r: Report): Promise<Uint8Array> {
  const { lang, general: g, convocatoria: c, asistencia: a, evaluacion: e, pqrsd: pq } = r
  const ct = commitmentTable(r)
  const n = (x: number) => formatNumber(x, lang)
  const topicsCut = textsCutNote(e.nextTopics.length, e.nextTopicsTotal, lang)
  // What staff and citizens wrote is in Spanish: marked so in an English file, as the HTML copy marks it.
  const es = contentLang(lang)
  const general = generalRows(r)
  const written = generalWritten(lang)
  const language = lang === 'en' ? 'en-US' : spanishTag(g.entity.country)
  const body: Block[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      children: es
        ? [run(`${L('title', lang)} — `), run(g.title, { lang: es })]
        : [run(`${L('title', lang)} — ${g.title}`)],
    }),
    p(`${L('generatedAt', lang)} ${r.generatedAtText}`, { italics: true }),
    h(L('general', lang), HeadingLevel.HEADING_1),
    grid(null, general, {
      langOf: (row, column) => (column === 1 && written.has(general[row][0] ?? '') ? es : undefined),
    }),
    ...(g.agenda.length
      ? [
          h(L('agenda', lang), HeadingLevel.HEADING_2),
          ...g.agenda.map(
            (x) =>
              new Paragraph({ numbering: { reference: AGENDA, level: 0 }, children: [run(x, { lang: es })] }),
          ),
        ]
      : []),
    h(L('convocatoria', lang), HeadingLevel.HEADING_1),
    new Paragraph({
      keepNext: true,
      children: c.channels.length
        ? [run(`${L('channels', lang)}: `), ...marked(c.channels.join(', '), es)]
        : [run(`${L('channels', lang)}: —`)],
    }),
    h(L('joinLinks', lang), HeadingLevel.HEADING_2),
    ...chart(L('joinLinks', lang), c.joinLinks, lang),
    shareTable(c.joinLinks, lang),
    ...(c.heardFrom
      ? question(
          { ...c.heardFrom, label: `${L('heardFrom', lang)} — ${c.heardFrom.label}`, lang: undefined },
          lang,
        )
      : []),
    h(L('asistencia', lang), HeadingLevel.HEADING_1),
    lead(a.summary),
    grid(null, attendanceRows(r)),
    ...a.breakdowns.flatMap((b) => [
      h(b.label, HeadingLevel.HEADING_2),
      ...chart(b.label, b.tally, lang),
      shareTable(b.tally, lang),
      ...(b.multi ? [p(L('multiNote', lang), { italics: true })] : []),
    ]),
    h(L('evaluacion', lang), HeadingLevel.HEADING_1),
    lead(`${L('surveyResponses', lang)}: ${n(e.responses)}`),
    ...e.questions.flatMap((q) => question(q, lang)),
    ...(e.nextTopicsAnswered !== null
      ? [
          h(L('nextTopics', lang), HeadingLevel.HEADING_2),
          lead(answeredText(e.nextTopicsAnswered, lang), { bold: true }),
          ...e.nextTopics.map((t) => bullet(t.text, es, t.count > 1 ? ` (${n(t.count)})` : '')),
          ...(topicsCut ? [p(topicsCut, { italics: true })] : []),
        ]
      : []),
    h(L('pqrsd', lang), HeadingLevel.HEADING_1),
    lead(pq.summary),
    grid(null, pqrsdRows(r)),
    ...(['byType', 'byChannel', 'byArea'] as const).flatMap((k) => [
      h(L(k, lang), HeadingLevel.HEADING_2),
      ...chart(L(k, lang), pq[k], lang),
      shareTable(pq[k], lang, { es: k === 'byArea' ? es : undefined }),
    ]),
    ...(pq.questions.length
      ? [
          h(L('questionList', lang), HeadingLevel.HEADING_2),
          grid(
            questionColumns.map((k) => L(k, lang)),
            pq.questions.map((q) => questionCells(q, r)),
            // A prefix may be as long as ten letters or more ("DEMO", "SECMOVILIDAD"): the radicado's
            // column is as wide as the longest, taken from the question's and the answer's.
            {
              long: true,
              widths: fitFirstColumn(
                WIDE.questions,
                pq.questions.map((q) => q.radicado),
                { halfPoints: LONG_SIZE, margins: narrow.left + narrow.right, from: [2, 7] },
              ),
              langOf: (_, column) => (questionWritten.includes(column) ? es : undefined),
            },
          ),
        ]
      : []),
    h(L('compromisos', lang), HeadingLevel.HEADING_1),
    r.compromisos.items.length
      ? grid(ct.head, ct.rows, {
          long: true,
          widths: ct.withAxis ? WIDE.commitmentsByAxis : WIDE.commitments,
          langOf: (_, column) => (ct.written.includes(column) ? es : undefined),
        })
      : p(L('none', lang)),
    ...(r.compromisos.plan.length ? [h(L('citizenInput', lang), HeadingLevel.HEADING_2)] : []),
    ...r.compromisos.plan.flatMap((axis) => [
      h(axis.axis, HeadingLevel.HEADING_3, es),
      ...(['observations', 'contributions'] as const).flatMap((k) =>
        axis[k].length ? [lead(`${L(k, lang)}:`), ...axis[k].map((text) => bullet(text, es))] : [],
      ),
    ]),
    h(L('conclusiones', lang), HeadingLevel.HEADING_1),
    r.conclusiones.text
      ? new Paragraph({ children: [run(r.conclusiones.text, { lang: es })] })
      : p(L('conclusionsPlaceholder', lang), { italics: true }),
  ]
  const doc = new Document({
    creator: 'Cabildo',
    // The agenda is numbered, as in the HTML and Markdown copies: its items are referred to by number.
    numbering: {
      config: [
        {
          reference: AGENDA,
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 720, hanging: 360 } } },
            },
          ],
        },
      ],
    },
    title: `${L('title', lang)} — ${g.title}`,
    styles: {
      default: {
        title: keptWithNext,
        heading1: keptWithNext,
        heading2: keptWithNext,
        heading3: keptWithNext,
        document: documentText(language),
      },
    },
    sections: [{ properties: a4Page, children: body }],
  })
  return chartsAsDocument(new Uint8Array(await Packer.toArrayBuffer(doc)), language)
}
