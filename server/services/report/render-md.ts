import { formatNumber, type NumberLang } from '../percent'
import { answeredText, label as L, otherTextsLine, textsCutNote } from './labels'
import {
  attendanceRows,
  commitmentTable,
  generalRows,
  pqrsdRows,
  questionCells,
  questionColumns,
  shareTable,
} from './tables'
import type { Report, ReportQuestion, Tally } from './types'

/**
 * Text that people typed (a question, a commitment, a title), as Markdown shows it and nothing more, in
 * CommonMark and GitHub's flavour as in Pandoc's: no HTML (a viewer would run `<script>` or an
 * `<img onerror>`), no entity, no link (`[l](javascript:…)`), and no formatting either, since a viewer
 * would show `**bold**` bold and `` `code` `` as code, not what was typed. So:
 * - the marks that mean something wherever they stand are escaped with a backslash: the backslash
 *   itself, `` ` `` `*` `_` `[` `]` `|` `#` `~`, and Pandoc's `{` `}` (attributes), `^` (superscript),
 *   `$` (math);
 * - `<` and `>`, and the `&` of an entity, are written as entities;
 * - what GitHub's autolinks and Pandoc's bare URIs would make a link of without any mark (GFM spec,
 *   "Autolinks (extension)"): a scheme's colon (`https\://`, `mailto\:`), the dot of `www\.` and every
 *   `\@` (an e-mail, and GitHub's mentions and Pandoc's citations too). Each rule looks for those
 *   characters side by side in the text as written ("www." at a word's start, "://" after a scheme, "@"
 *   between an address's two parts), and an escape puts a backslash between them;
 * - at the start of a line, the marks that only mean something there: a list's `-`, `+`, `1.`, `1)`,
 *   `a.` or `(i)` (Pandoc's lists), a heading's underline `=`, a definition's `:`; leading spaces, which
 *   would make code, are dropped.
 * A backslash before any of these shows the character alone, and they are rare in what people write, so
 * the escaped text still reads as typed.
 */
export const safe = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[`*_[\]{}#|~^$@]/g, '\\$&')
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\S)/g, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/^[ \t]+/gm, '')
    .replace(/^[-+=:]/gm, '\\$&')
    .replace(
      /^(\(?)(\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(?=\s|$)/gm,
      (_, open: string, mark: string, end: string) => `${open ? '\\(' : ''}${mark}\\${end}`,
    )
/** One cell of a Markdown table, or an item of a list: `safe` (its bars escaped too), on one line. */
export const cell = (s: string | number | null | undefined) =>
  safe(String(s ?? '—')).replace(/\s*\n\s*/g, ' ')
const table = (head: string[], rows: (string | number | null)[][]) =>
  [
    `| ${head.map(cell).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n')

export function shareRows(t: Tally, lang: NumberLang) {
  const { rows, foot } = shareTable(t, lang)
  return [...rows, ...foot]
}

const tallyTable = (t: Tally, lang: NumberLang) =>
  t.items.length
    ? table([L('option', lang), L('count', lang), L('share', lang)], shareRows(t, lang))
    : L('none', lang)

function question(q: ReportQuestion, lang: NumberLang): string {
  const parts = [
    `### ${cell(q.label)}`,
    `${formatNumber(q.answered, lang)} ${L(q.answered === 1 ? 'response' : 'responses', lang)}`,
  ]
  if (q.options.length) parts.push(tallyTable({ total: q.answered, items: q.options }, lang), safe(q.summary))
  if (q.multi) parts.push(`_${L('multiNote', lang)}_`)
  const others = otherTextsLine(q.otherOptions, lang)
  if (others && q.texts?.length) parts.push(safe(others))
  if (q.texts?.length)
    parts.push(
      q.texts
        .map((t) => `- ${cell(t.text)}${t.count > 1 ? ` (${formatNumber(t.count, lang)})` : ''}`)
        .join('\n'),
    )
  const cut = textsCutNote(q.texts?.length ?? 0, q.textsTotal, lang)
  if (cut) parts.push(`_${cut}_`)
  return parts.join('\n\n')
}

/** The report as Markdown, rendered from the JSON report only, so the figures cannot disagree. */
export function renderMarkdown(r: Report): string {
  const { lang, general: g, convocatoria: c, asistencia: a, evaluacion: e, pqrsd: p } = r
  const out: string[] = [
    `# ${L('title', lang)} — ${cell(g.title)}`,
    `_${L('generatedAt', lang)} ${r.generatedAtText}_`,
  ]

  out.push(`## ${L('general', lang)}`, table(['', ''], generalRows(r)))
  if (g.agenda.length)
    out.push(`**${L('agenda', lang)}**\n\n${g.agenda.map((x, i) => `${i + 1}. ${cell(x)}`).join('\n')}`)

  out.push(`## ${L('convocatoria', lang)}`, `${L('channels', lang)}: ${cell(c.channels.join(', ') || '—')}`)
  out.push(`### ${L('joinLinks', lang)}`, tallyTable(c.joinLinks, lang))
  if (c.heardFrom)
    out.push(question({ ...c.heardFrom, label: `${L('heardFrom', lang)} — ${c.heardFrom.label}` }, lang))

  out.push(`## ${L('asistencia', lang)}`, safe(a.summary))
  out.push(table(['', L('count', lang)], attendanceRows(r)))
  for (const b of a.breakdowns) {
    out.push(`### ${cell(b.label)}`, tallyTable(b.tally, lang))
    if (b.multi) out.push(`_${L('multiNote', lang)}_`)
  }

  out.push(`## ${L('evaluacion', lang)}`, `${L('surveyResponses', lang)}: ${formatNumber(e.responses, lang)}`)
  for (const q of e.questions) out.push(question(q, lang))
  if (e.nextTopicsAnswered !== null)
    out.push(`### ${L('nextTopics', lang)}`, answeredText(e.nextTopicsAnswered, lang))
  if (e.nextTopics.length)
    out.push(
      e.nextTopics
        .map((t) => `- ${cell(t.text)}${t.count > 1 ? ` (${formatNumber(t.count, lang)})` : ''}`)
        .join('\n'),
    )
  const topicsCut = textsCutNote(e.nextTopics.length, e.nextTopicsTotal, lang)
  if (topicsCut) out.push(`_${topicsCut}_`)

  out.push(`## ${L('pqrsd', lang)}`, safe(p.summary))
  out.push(table(['', L('count', lang)], pqrsdRows(r)))
  out.push(
    `### ${L('byType', lang)}`,
    tallyTable(p.byType, lang),
    `### ${L('byChannel', lang)}`,
    tallyTable(p.byChannel, lang),
  )
  out.push(`### ${L('byArea', lang)}`, tallyTable(p.byArea, lang))
  if (p.questions.length)
    out.push(
      `### ${L('questionList', lang)}`,
      table(
        questionColumns.map((k) => L(k, lang)),
        p.questions.map((q) => questionCells(q, r)),
      ),
    )
  out.push(`## ${L('compromisos', lang)}`)
  const ct = commitmentTable(r)
  out.push(r.compromisos.items.length ? table(ct.head, ct.rows) : L('none', lang))
  if (r.compromisos.plan.length) {
    out.push(`### ${L('citizenInput', lang)}`)
    // Each a block of its own, as the HTML's h4, paragraphs and lists: in Markdown a line right after a
    // list item continues that item ("Aportes ciudadanos:" would end the last observation), and a line
    // right after the axis would join it on one line.
    for (const a of r.compromisos.plan)
      out.push(
        `#### ${cell(a.axis)}`,
        ...(['observations', 'contributions'] as const).flatMap((k) =>
          a[k].length ? [`${L(k, lang)}:`, a[k].map((x) => `- ${cell(x)}`).join('\n')] : [],
        ),
      )
  }
  out.push(`## ${L('conclusiones', lang)}`, safe(r.conclusiones.text ?? L('conclusionsPlaceholder', lang)))
  return `${out.join('\n\n')}\n`
}
