import type { NumberLang } from '../percent'

/**
 * The most bars one chart draws, in Word and in the printed HTML alike: at 30 px a bar (less would
 * squeeze an option's name, 9 pt and often on two lines, until Word and LibreOffice leave some out), a
 * chart of 26 and its heading fit on an A4 page. A question of more options (a neighbourhood, a
 * department) is charted in parts, each on its page, rather than as one chart cut at the page's foot.
 */
export const CHART_BARS = 26

/** `items` in as few parts as CHART_BARS allows, of sizes that differ by one at most. */
export function chartParts<T>(items: T[]): T[][] {
  const count = Math.max(1, Math.ceil(items.length / CHART_BARS))
  const size = Math.ceil(items.length / count)
  return Array.from({ length: count }, (_, i) => items.slice(i * size, (i + 1) * size))
}

/** A part's name, for its alternative text: "Barrio (parte 1 de 2)". */
export const partTitle = (title: string, i: number, count: number, lang: NumberLang) =>
  count === 1
    ? title
    : `${title} (${lang === 'en' ? `part ${i + 1} of ${count}` : `parte ${i + 1} de ${count}`})`
