/**
 * Advance widths of Arial (and of Liberation Sans, its metric twin that LibreOffice uses), in thousandths
 * of an em, for what a radicado is made of: capitals, digits and hyphens. Anything else counts a whole
 * em, so a width worked out here is never short.
 */
const ARIAL: Record<string, number> = {
  A: 667,
  B: 667,
  C: 722,
  D: 722,
  E: 667,
  F: 611,
  G: 778,
  H: 722,
  I: 278,
  J: 500,
  K: 667,
  L: 556,
  M: 833,
  N: 722,
  O: 778,
  P: 667,
  Q: 778,
  R: 722,
  S: 667,
  T: 611,
  U: 722,
  V: 667,
  W: 944,
  X: 667,
  Y: 667,
  Z: 611,
  '-': 333,
  ...Object.fromEntries([...'0123456789'].map((d) => [d, 556])),
}

/** How wide `text` is set in Arial at `halfPoints` (Word's run size), in twentieths of a point. */
export const textTwips = (text: string, halfPoints: number) =>
  ([...text].reduce((em, ch) => em + (ARIAL[ch] ?? 1000), 0) * halfPoints * 10) / 1000

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
