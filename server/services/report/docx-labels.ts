import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'

const CHART = /^word\/charts\/chart\d+\.xml$/
const LABELS = /<c:dLbls>[\s\S]*?<\/c:dLbls>/g
/** docx writes every chart's language, and each of its text runs', as en-US whatever the document's. */
const CHART_LANG = /(<c:lang val=|<a:(?:rPr|endParaRPr) lang=)"en-US"/g

/**
 * A Word file whose charts are set as the rest of the document is. Two things docx writes its own way:
 * - Every bar label's text box wraps (`wrap="square"`), as Office writes it, and LibreOffice wraps such
 *   a label at a width of its own, about six characters: "100,0 %" printed as "100,0" over "%". The
 *   labels are a figure each, never worth two lines, so their boxes are made not to wrap. The options'
 *   names on the category axis keep wrapping: a long one takes two lines beside its bar.
 * - Each chart, and each run of its text, is marked en-US. A Spanish report's charts then read, to a
 *   screen reader or a spelling checker, as English: they are marked in `language`, the document's.
 */
export function chartsAsDocument(docx: Uint8Array, language: string): Uint8Array {
  const files = unzipSync(docx)
  let changed = false
  for (const name of Object.keys(files)) {
    if (!CHART.test(name)) continue
    const xml = strFromU8(files[name])
    let fixed = xml.replace(LABELS, (labels) => labels.replaceAll('wrap="square"', 'wrap="none"'))
    if (language !== 'en-US') fixed = fixed.replace(CHART_LANG, `$1"${language}"`)
    if (fixed !== xml) [files[name], changed] = [strToU8(fixed), true]
  }
  return changed ? zipSync(files, { level: 6 }) : docx
}
