import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'

const CHART = /^word\/charts\/chart\d+\.xml$/
const LABELS = /<c:dLbls>[\s\S]*?<\/c:dLbls>/g

/**
 * A Word file whose charts' bar labels are set on one line. docx writes every label's text box as
 * Office does, `wrap="square"`, and LibreOffice wraps such a label at a width of its own, about six
 * characters: "100,0 %" printed as "100,0" over "%". The labels are a figure each, never worth two
 * lines, so their text boxes are made not to wrap. The options' names on the category axis keep
 * wrapping: a long one takes two lines beside its bar.
 */
export function unwrappedLabels(docx: Uint8Array): Uint8Array {
  const files = unzipSync(docx)
  let changed = false
  for (const name of Object.keys(files)) {
    if (!CHART.test(name)) continue
    const xml = strFromU8(files[name])
    const fixed = xml.replace(LABELS, (labels) => labels.replaceAll('wrap="square"', 'wrap="none"'))
    if (fixed !== xml) [files[name], changed] = [strToU8(fixed), true]
  }
  return changed ? zipSync(files, { level: 6 }) : docx
}
