// Advance widths of Arial (and of Helvetica and Liberation Sans, metric-compatible) in thousandths of an
// em, for the printable ASCII characters from the space on. A count of characters does not tell a width:
// 31 capitals are wider than 40 lower-case letters.
const ARIAL = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]

/**
 * An estimate of a character's width set in Arial at `size` (in any unit: the result is in the same): an
 * accented letter as its base letter, any other character as a whole em, so an estimate is never short.
 */
export const advance = (ch: string, size: number) =>
  ((ARIAL[ch.normalize('NFD').charCodeAt(0) - 32] ?? 1000) * size) / 1000

/** How wide `text` is set in Arial at `size`, in the unit of `size`. */
export const widthOf = (text: string, size: number) => [...text].reduce((w, ch) => w + advance(ch, size), 0)
