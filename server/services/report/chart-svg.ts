import { formatNumber, formatPercent, type NumberLang } from '../percent'
import { chartParts, partTitle } from './chart-parts'
import { label } from './labels'
import { advance, widthOf } from './text-width'
import type { Share } from './types'

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

const W = 640
const LABEL = 230
const ROW = 30
const BAR = 18

// The label's room: from the drawing's left edge to the axis, less a margin on each side.
const ROOM = LABEL - 12
const [ONE_LINE, TWO_LINES] = [13, 11]

/** The longest start of `text` that fits in ROOM at `size` (with `after` at its end), cut between words where it can be. */
function fitting(text: string, size: number, after = ''): string {
  let [end, w] = [0, widthOf(after, size)]
  for (const ch of text) {
    w += advance(ch, size)
    if (w > ROOM) break
    end += ch.length
  }
  if (end >= text.length) return text
  const space = text.lastIndexOf(' ', end)
  return text.slice(0, space > end / 3 ? space : end)
}

/**
 * An option's label as the chart draws it right-aligned to the axis: on one line if it fits, else at a
 * smaller size, on two lines if need be, the second ending in "…" if the rest does not fit either (the table beside the chart
 * has it whole). Measured, not counted: a line wider than its room would be cut off at the drawing's edge.
 */
function labelLines(text: string): { lines: string[]; size: number } {
  if (widthOf(text, ONE_LINE) <= ROOM) return { lines: [text], size: ONE_LINE }
  const first = fitting(text, TWO_LINES)
  if (first === text) return { lines: [text], size: TWO_LINES }
  const rest = text.slice(first.length).trim()
  if (widthOf(rest, TWO_LINES) <= ROOM) return { lines: [first.trimEnd(), rest], size: TWO_LINES }
  return { lines: [first.trimEnd(), `${fitting(rest, TWO_LINES, '…').trimEnd()}…`], size: TWO_LINES }
}

/**
 * A horizontal bar chart as inline SVG: black text on white, bars dark enough to print in greyscale,
 * each bar labelled with its count and percentage so the chart reads without a legend. An option whose
 * figures are suppressed keeps its row, with "oculta" where its bar would be: left out, it would read
 * as if nobody had chosen it. Screen readers get the same figures from the table printed next to it;
 * the SVG carries a short title. `total` is the base of the shares: with nobody answering there is no
 * share to give, so each bar says its count alone, "0", as the table beside it says "0" and "—". A question
 * of many options is drawn in parts (chart-parts.ts), one drawing each: a page can end between two, never
 * across a row.
 */
export function barChartSvg(title: string, items: Share[], lang: NumberLang, total: number): string[] {
  const max = Math.max(1, ...items.filter((i) => !i.suppressed).map((i) => i.percent))
  const parts = chartParts(items)
  return parts.map((part, i) => partSvg(partTitle(title, i, parts.length, lang), part, lang, total, max))
}

/** One part's drawing, its bars to the scale `max` of the whole question's, so that two parts compare. */
function partSvg(title: string, items: Share[], lang: NumberLang, total: number, max: number): string {
  const h = items.length * ROW + 12
  const rows = items.map((item, i) => {
    const y = 6 + i * ROW
    const { lines, size } = labelLines(item.label)
    const text = lines
      .map(
        (l, j) =>
          `<text x="${LABEL - 8}" y="${y + (lines.length === 1 ? 19 : 12 + j * 12)}" text-anchor="end" font-size="${size}">${esc(l)}</text>`,
      )
      .join('')
    if (item.suppressed)
      return `${text}<text x="${LABEL + 6}" y="${y + 19}" font-size="13" font-style="italic">${esc(label('suppressed', lang))}</text>`
    const w = Math.max(item.count > 0 ? 2 : 0, Math.round(((W - LABEL - 130) * item.percent) / max))
    const value = total
      ? `${formatNumber(item.count, lang)} (${formatPercent(item.percent, lang)})`
      : formatNumber(item.count, lang)
    return `${text}<rect x="${LABEL}" y="${y + 5}" width="${w}" height="${BAR}" fill="#1f5f99"/><text x="${LABEL + w + 6}" y="${y + 19}" font-size="13">${esc(value)}</text>`
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-label="${esc(title)}" font-family="Arial, Helvetica, sans-serif" fill="#1b1b1b"><title>${esc(title)}</title><line x1="${LABEL}" y1="2" x2="${LABEL}" y2="${h - 4}" stroke="#555"/>${rows.join('')}</svg>`
}
