import { widthOf } from './text-width'

/** How wide `text` is set in Arial at `halfPoints` (Word's run size), in twentieths of a point. */
const textTwips = (text: string, halfPoints: number) => widthOf(text, halfPoints * 10)

/**
 * The wide table's widths with its first column (the radicado, never broken: "DEMO-2026-" over
 * "000001" reads as two numbers) as wide as the longest of `texts` asks, with the cell's `margins` and a
 * little over for Word's own rounding. What it takes comes out of the columns of long text (`from`),
 * which wrap at words anyway, so the table keeps its width.
 */
export function fitFirstColumn(
  widths: number[],
  texts: string[],
  opts: { halfPoints: number; margins: number; from: number[] },
): number[] {
  const longest = Math.max(0, ...texts.map((t) => textTwips(t, opts.halfPoints)))
  const need = Math.ceil(longest * 1.03) + opts.margins
  const extra = need - widths[0]
  if (extra <= 0) return widths
  const out = [need, ...widths.slice(1)]
  const share = Math.ceil(extra / opts.from.length)
  let left = extra
  for (const i of opts.from) {
    const take = Math.min(share, left)
    out[i] -= take
    left -= take
  }
  return out
}
