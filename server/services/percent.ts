/**
 * THE percentage of Cabildo: every figure the API, the console and the report show comes from here.
 *
 * `percent(count, total)` is count/total×100 rounded to one decimal, **half away from zero, on the exact
 * rational** (integer arithmetic, never a float product): 1/8 = 12.5 % exactly, and 1/16 = 6.25 % → 6.3 %,
 * where `Math.round(6.25 * 10) / 10` would depend on binary floating point. A total of 0 gives 0.
 */
export function percent(count: number, total: number): number {
  if (!Number.isInteger(count) || !Number.isInteger(total) || count < 0 || total < 0)
    throw new RangeError(`percent needs non-negative integers, got ${count}/${total}`)
  if (total === 0) return 0
  // Tenths of a percent: count×1000/total, as quotient and remainder of integers.
  const scaled = count * 1000
  const tenths = Math.floor(scaled / total)
  const rest = scaled - tenths * total
  return (2 * rest >= total ? tenths + 1 : tenths) / 10
}

export type NumberLang = 'es' | 'en'

function group(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep)
}

/**
 * A whole number as reports write it: `1.302` in Spanish (grouped from four digits on, unlike CLDR's
 * es, which leaves 1302 ungrouped), `1,302` in English. Done by hand so Node and workerd agree.
 */
export function formatNumber(n: number, lang: NumberLang = 'es'): string {
  const sign = n < 0 ? '-' : ''
  return sign + group(String(Math.trunc(Math.abs(n))), lang === 'es' ? '.' : ',')
}

/**
 * A percentage with its one decimal: `55,2 %` in Spanish (decimal comma, a no-break space before the
 * sign, as the RAE and ISO 31-0 write it), `55.2%` in English. `0` shows as `0,0 %`.
 */
export function formatPercent(value: number, lang: NumberLang = 'es'): string {
  const [int, dec = '0'] = Math.abs(value).toFixed(1).split('.')
  const sign = value < 0 ? '-' : ''
  return lang === 'es' ? `${sign}${group(int, '.')},${dec}\u00a0%` : `${sign}${group(int, ',')}.${dec}%`
}

/**
 * A whole percentage typed by staff, such as a commitment's progress: `40 %` in Spanish, `40%` in English.
 * It is not a share of a count, so it keeps no decimal: "40,0 %" would claim a precision nobody gave it.
 */
export const formatWholePercent = (value: number, lang: NumberLang = 'es') =>
  lang === 'es' ? `${formatNumber(value, lang)}\u00a0%` : `${formatNumber(value, lang)}%`

/** `percent` and its formatting in one call, for the report's "N (55,2 %)" cells. */
export const formatShare = (count: number, total: number, lang: NumberLang = 'es') =>
  formatPercent(percent(count, total), lang)
