import { Document, HeadingLevel, Packer, Paragraph, type Table, TextRun } from 'docx'
import { longDate } from '../../../web/shared/format'
import { formatNumber, formatPercent, type NumberLang } from '../percent'
import type { Cell, NamedTable } from '../spreadsheet'
import type { Compared, Side } from './across'
import { label as L } from './labels'
import { a4Page, documentText, grid, keptWithNext } from './render-docx'

/**
 * What every copy of two events compared writes in a cell: the Markdown's words, the Word file's, and
 * the spreadsheet's column names. `text` escapes an event's title where the format needs it.
 */
export function compareWords(lang: NumberLang) {
  const hidden = L('suppressed', lang)
  const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '-' : '')
  return {
    // A side where nobody answered the question has no share to show: "—", as the report writes it.
    share: (x: Side, answered: number) =>
      !answered
        ? '—'
        : x.count === null
          ? hidden
          : `${formatNumber(x.count, lang)} (${formatPercent(x.percent, lang)})`,
    points: (x: number | null) =>
      x === null ? '—' : `${sign(x)}${formatPercent(Math.abs(x), lang).replace(/\s?%$/, '')} pp`,
    count: (x: number | null) => (x === null ? hidden : formatNumber(x, lang)),
    diff: (x: number | null) => (x === null ? '—' : `${sign(x)}${formatNumber(Math.abs(x), lang)}`),
    // Each column names its event as the console does, A and B with its date: two dialogues of one
    // entity often bear the same title, and the difference is B's less A's.
    side: (x: 'A' | 'B', e: { title: string; date: string }, text = (s: string) => s) =>
      `${x} · ${text(e.title)}, ${longDate(e.date, lang)}`,
    difference: L('difference', lang),
  }
}

/** Whether a cell of either event is hidden, so that the note saying why goes under the tables. */
export const hidesCells = (c: Compared) =>
  c.figures.some((f) => f.a === null || f.b === null) ||
  c.questions.some((q) => q.options.some((o) => o.a.count === null || o.b.count === null))

// The 9,906 twentieths of a point between the A4 page's margins, as the report's: the label's column
// the widest, each event's wide enough for "1.302 (100,0 %)" and its heading, the difference's last.
const WIDTHS = [2706, 2600, 2600, 2000]
const SPANISH = 'es'

/** A short table of the report's kind, kept on one page: an option staff wrote only in Spanish marked so. */
const table = (head: string[], rows: { cells: string[]; lang?: string }[]) =>
  grid(
    head,
    rows.map((r) => r.cells),
    { widths: WIDTHS, langOf: (row, column) => (column === 0 && rows[row].lang ? SPANISH : undefined) },
  )

const heading = (text: string, lang?: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_1,
    children: [new TextRun({ text, ...(lang ? { language: { value: SPANISH } } : {}) })],
  })

/** The comparison as a Word document: the Markdown's tables, headings and note, in Word's own tables. */
export async function compareDocx(c: Compared, lang: NumberLang): Promise<Uint8Array> {
  const w = compareWords(lang)
  const sides = [w.side('A', c.a), w.side('B', c.b), w.difference]
  const body: (Paragraph | Table)[] = [
    heading(L('headline', lang)),
    table(
      ['', ...sides],
      c.figures.map((f) => ({ cells: [f.label, w.count(f.a), w.count(f.b), w.diff(f.difference)] })),
    ),
    ...c.questions.flatMap((q) => [
      heading(q.label, q.lang),
      table(
        [L('option', lang), ...sides],
        [
          {
            cells: [L('base', lang), formatNumber(q.answered.a, lang), formatNumber(q.answered.b, lang), ''],
          },
          ...q.options.map((o) => ({
            cells: [o.label, w.share(o.a, q.answered.a), w.share(o.b, q.answered.b), w.points(o.difference)],
            lang: o.lang,
          })),
        ],
      ),
    ]),
    ...(hidesCells(c)
      ? [new Paragraph({ children: [new TextRun({ text: L('suppressedNote', lang), italics: true })] })]
      : []),
  ]
  const doc = new Document({
    creator: 'Cabildo',
    title: `${c.a.title} — ${c.b.title}`,
    styles: {
      default: {
        heading1: keptWithNext,
        // Spanish, not Colombia's or Ecuador's: the comparison carries neither entity's country.
        document: documentText(lang === 'en' ? 'en-US' : SPANISH),
      },
    },
    sections: [{ properties: a4Page, children: body }],
  })
  return new Uint8Array(await Packer.toArrayBuffer(doc))
}

/**
 * The comparison as a workbook's tables (`xlsxBook`): the main figures, then every question's base and
 * options, one row each, each side's count and percent in columns of their own, as numbers (a percent
 * and the difference in points with their one decimal). A hidden cell reads "oculta", as in the
 * Markdown; a share or a difference that cannot be stated is empty, as in the report's workbook.
 */
export function compareTables(c: Compared, lang: NumberLang): NamedTable[] {
  const w = compareWords(lang)
  const [a, b] = [w.side('A', c.a), w.side('B', c.b)]
  const hidden = L('suppressed', lang)
  const side = (x: Side, answered: number): Cell[] =>
    !answered ? [0, null] : x.count === null ? [hidden, null] : [x.count, x.percent]
  return [
    {
      name: L('headline', lang),
      headers: [L('indicator', lang), a, b, w.difference],
      rows: c.figures.map((f) => [f.label, f.a ?? hidden, f.b ?? hidden, f.difference]),
    },
    {
      name: L('evaluacion', lang).replace(/^\d+\.\s*/, ''),
      headers: [
        L('question', lang),
        L('option', lang),
        a,
        `A · ${L('share', lang)}`,
        b,
        `B · ${L('share', lang)}`,
        L('differencePoints', lang),
      ],
      rows: c.questions.flatMap((q) => [
        [q.label, L('base', lang), q.answered.a, null, q.answered.b, null, null],
        ...q.options.map((o) => [
          q.label,
          o.label,
          ...side(o.a, q.answered.a),
          ...side(o.b, q.answered.b),
          o.difference,
        ]),
      ]),
      oneDecimal: [3, 5, 6],
    },
    {
      name: L('notesTable', lang),
      headers: [L('text', lang)],
      rows: hidesCells(c) ? [[L('suppressedNote', lang)]] : [],
    },
  ]
}
