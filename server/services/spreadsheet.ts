import { stringify } from 'csv-stringify/browser/esm/sync'
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate'
import type { Lang } from '../messages'
import { formatNumber } from './percent'

/** One cell of an export: text, a number, an instant (written as text by the caller), or empty. */
export type Cell = string | number | boolean | null | undefined
export type Table = { headers: string[]; rows: Cell[][] }
export type CsvDelimiter = ';' | ','

// A spreadsheet reads a cell that starts with one of these as a formula (CSV injection, OWASP).
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * Makes a text cell inert for spreadsheets: a leading `'` turns "=HYPERLINK(...)" or "+57 300..." into
 * plain text. Numbers stay numbers: only text can smuggle a formula.
 */
export function neutralise(value: Cell): Cell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value
}

/** A table read a page at a time: its header row, and its rows as they are read. */
export type Paged = { headers: string[]; pages: () => AsyncGenerator<Cell[][]> }

function csvCell(cell: Cell, delimiter: CsvDelimiter, tenths = false) {
  const safe = neutralise(cell)
  if (safe === null || safe === undefined) return ''
  if (typeof safe === 'boolean') return safe ? 'Sí' : 'No'
  // A percentage keeps its one decimal, as the report writes it: 50,0 and 0,0, not 50 and 0.
  const number = typeof safe === 'number' ? (tenths ? safe.toFixed(1) : String(safe)) : null
  // Where `;` separates fields, Excel reads the decimal separator as a comma: 57,1 not 57.1.
  if (number !== null) return delimiter === ';' ? number.replace('.', ',') : number
  return safe
}

/** After whatever else is waiting: setImmediate on Node, a zero timeout on Workers. */
const nextTurn = () =>
  new Promise<void>((resolve) => {
    const g = globalThis as { setImmediate?: (f: () => void) => unknown }
    if (g.setImmediate) g.setImmediate(resolve)
    else setTimeout(resolve, 0)
  })

const csvLines = (rows: Cell[][], delimiter: CsvDelimiter, bom = false, oneDecimal: number[] = []) =>
  stringify(
    rows.map((row) => row.map((cell, i) => csvCell(cell, delimiter, oneDecimal.includes(i)))),
    // A line break of either kind inside a value is quoted: a spreadsheet ends a row at a bare LF too,
    // and the rest of the value would start a row of its own (a formula, if it began with one).
    { delimiter, bom, record_delimiter: 'windows', quoted_match: /[\r\n]/ },
  )

/**
 * CSV that Excel opens as UTF-8 (a BOM first), with CRLF line ends and the delimiter asked for:
 * `;` is what Excel expects where the decimal separator is a comma (es-CO, es-EC), `,` elsewhere.
 */
export function toCsv(table: Table, delimiter: CsvDelimiter = ';'): string {
  return csvLines([table.headers, ...table.rows], delimiter, true)
}

/**
 * One of the tables of a file that holds several (the report's, the statistics'): `name` heads each of
 * its rows in CSV (`tablesToCsv`) and names its sheet in XLSX (`xlsxBook`). The numbers of its
 * `oneDecimal` columns (percentages, counted in `headers`) are written with their one decimal, as the
 * report writes them: 50,0 and 0,0, not 50 and 0.
 */
export type NamedTable = Table & { name: string; oneDecimal?: number[] }

/**
 * Several tables in one CSV, one after the other, as a spreadsheet can filter and a parser can read:
 * the first field of every row names its table, its header row's included, so that filtering the first
 * column by a table's name shows that table with its header; each table starts with its header row
 * (the file's first row, or the one after an empty row), and an empty row stands between two tables;
 * every row has as many fields as the widest table's (the others' last fields are empty), so the file
 * is one rectangle (RFC 4180). A BOM first, CRLF, the delimiter and the decimal separator as `toCsv`.
 */
export function tablesToCsv(tables: NamedTable[], delimiter: CsvDelimiter = ';'): string {
  const width = 1 + Math.max(0, ...tables.map((t) => t.headers.length))
  const pad = (row: Cell[]) => (row.length < width ? [...row, ...Array(width - row.length).fill(null)] : row)
  return tables
    .map((t, i) =>
      csvLines(
        [...(i ? [pad([])] : []), pad([t.name, ...t.headers]), ...t.rows.map((row) => pad([t.name, ...row]))],
        delimiter,
        i === 0,
        (t.oneDecimal ?? []).map((c) => c + 1),
      ),
    )
    .join('')
}

/**
 * The same CSV as `toCsv`, written a slice at a time as the pages are read. Built whole, an export of
 * 100,000 registrations took 216 MB of heap at its peak, more than a Worker's 128 MB, and held Node's
 * event loop for all of its 4 s (every page read resolves at once on better-sqlite3); streamed, it
 * holds about a page, and other requests run between slices (`npm run bench -- exports`: none waited
 * more than 57–73 ms). The status is sent before the first page is read: a failure after it cuts the
 * file short.
 */
export function csvStream(paged: Paged, delimiter: CsvDelimiter = ';'): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let rows: AsyncGenerator<Cell[][]> | undefined
  return new ReadableStream({
    async pull(controller) {
      if (!rows) {
        rows = inSlices([], paged.pages())
        controller.enqueue(encoder.encode(csvLines([paged.headers], delimiter, true)))
        return
      }
      // A pull that enqueues nothing is not called again: an empty page is skipped here.
      for (;;) {
        const next = await rows.next()
        if (next.done) return controller.close()
        if (next.value.length) return controller.enqueue(encoder.encode(csvLines(next.value, delimiter)))
      }
    },
    async cancel() {
      await rows?.return(undefined)
    },
  })
}

// Rows are written a slice at a time, with a turn of the event loop before each: a page read from
// better-sqlite3 resolves at once, and a socket that takes every chunk would otherwise run the whole
// export in one turn. A page of 1,000 registrations takes some 15 ms as CSV and 40 ms as XLSX.
const SLICE = 250

/** The rows of `first` and then of every page of `rest`, a slice at a time, each after a turn. */
async function* inSlices(first: Cell[][], rest: AsyncGenerator<Cell[][]>): AsyncGenerator<Cell[][]> {
  try {
    for (let page: Cell[][] | undefined = first; page; ) {
      for (let i = 0; i < page.length; i += SLICE) {
        await nextTurn()
        yield page.length <= SLICE ? page : page.slice(i, i + SLICE)
      }
      const next = await rest.next()
      page = next.done ? undefined : next.value
    }
  } finally {
    await rest.return(undefined)
  }
}

// Excel's limits: the text of a cell, and the rows of a sheet (the header row included).
const XLSX_MAX_TEXT = 32_767
const XLSX_MAX_ROWS = 1_048_576
const TOO_MANY_ROWS = {
  es: (n: number) =>
    `Excel admite ${formatNumber(n, 'es')} filas por hoja: las demás no caben aquí. Descargue el CSV, que las tiene todas.`,
  en: (n: number) =>
    `Excel holds ${formatNumber(n, 'en')} rows a sheet: the rest do not fit here. Download the CSV, which has them all.`,
}

// Not allowed in XML 1.0 at all (an .xlsx holding one does not open): C0 controls but tab and LF,
// U+FFFE/U+FFFF, and halves of a surrogate pair without the other half. And CR, which XML reads as LF.
const XML_INVALID =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is escaped
  /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

// Any of what `xmlText` replaces: most cells have none, and are written as they are.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is escaped
const NEEDS_ESCAPE = /[&<>_\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/

/**
 * Text as the content of an XML element in a sheet, with nothing lost. The format's own escape is
 * `_xHHHH_` (ECMA-376 Part 1, §22.9.2.19): it carries the characters XML cannot, and a literal
 * `_xHHHH_` in the text keeps its underscore escaped (`_x005F_`) so that it is not read as one.
 */
function xmlText(value: string) {
  if (!NEEDS_ESCAPE.test(value)) return value
  return value
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(XML_INVALID, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
function columnName(index: number) {
  let name = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  return name
}

/** The style of a number shown with one decimal (a percentage): 50 reads "50,0" in Spanish, not "50". */
const ONE_DECIMAL = 2

function xlsxRow(row: Cell[], number: number, columns: string[], tenths?: ReadonlySet<number>) {
  let cells = ''
  for (let i = 0; i < row.length; i++) {
    const cell = row[i]
    if (cell === null || cell === undefined || cell === '') continue
    const ref = `${columns[i] ?? columnName(i)}${number}`
    if (typeof cell === 'number') {
      const style = tenths?.has(i) ? ` s="${ONE_DECIMAL}"` : ''
      if (Number.isFinite(cell)) cells += `<c r="${ref}"${style}><v>${cell}</v></c>`
      continue
    }
    // Typed as text (an inline string): whatever it starts with, Excel never reads it as a formula.
    let text = typeof cell === 'boolean' ? (cell ? 'Sí' : 'No') : cell
    if (text.length > XLSX_MAX_TEXT) {
      const cut = /[\uD800-\uDBFF]/.test(text[XLSX_MAX_TEXT - 2]) ? XLSX_MAX_TEXT - 2 : XLSX_MAX_TEXT - 1
      text = `${text.slice(0, cut)}…`
    }
    const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : ''
    cells += `<c r="${ref}" t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`
  }
  return `<row r="${number}">${cells}</row>`
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships'
const OFFICE_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml'

/** A sheet's name as Excel takes it: none of []:*?/\\ in it, at most 31 characters, not blank. */
const sheetName = (name: string) =>
  name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31)
    .trim() || 'Hoja'

/**
 * The parts of a workbook other than its sheets: what any reader needs and no more, for the sheets
 * named, in order (`xl/worksheets/sheet1.xml` the first). Style 1 is the bold header's; style 2
 * (ONE_DECIMAL) a number with one decimal, in the reader's separator. (write-excel-file, which built
 * these before, needs every row in memory, and wrote a corrupt workbook for a cell reading
 * "constructor" or "valueOf", a shared-strings lookup that fell through to Object.prototype.)
 */
function workbookParts(sheets: string[]): Record<string, string> {
  // Excel refuses two sheets of one name, whatever their capitals.
  const taken = new Set<string>()
  const names = sheets.map((sheet) => {
    const base = sheetName(sheet)
    let name = base
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 28)} ${n}`
    taken.add(name.toLowerCase())
    return xmlText(name).replace(/"/g, '&quot;')
  })
  const numbers = names.map((_, i) => i + 1)
  return {
    '[Content_Types].xml': `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${OFFICE_TYPE}.sheet.main+xml"/>${numbers.map((n) => `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="${OFFICE_TYPE}.worksheet+xml"/>`).join('')}<Override PartName="/xl/styles.xml" ContentType="${OFFICE_TYPE}.styles+xml"/></Types>`,
    '_rels/.rels': `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>${names.map((name, i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    // The styles' relationship comes after the sheets', so that sheet n is rId n.
    'xl/_rels/workbook.xml.rels': `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">${numbers.map((n) => `<Relationship Id="rId${n}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${n}.xml"/>`).join('')}<Relationship Id="rId${names.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    'xl/styles.xml': `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
  }
}

/**
 * The sheet's XML before its rows: the top row frozen, and columns as wide as the header and the first
 * rows ask, up to 60 characters, a number of the `tenths` columns measured as it is shown (100 reads
 * "100,0": a column made for "100" shows Excel's "####"). Then the header row, bold. The workbook opens
 * on its `selected` sheet.
 */
function sheetHead(
  headers: string[],
  firstRows: Cell[][],
  columns: string[],
  selected = true,
  tenths?: ReadonlySet<number>,
) {
  const sample = firstRows.slice(0, 200)
  const shown = (cell: Cell, i: number) =>
    typeof cell === 'number' && tenths?.has(i) ? cell.toFixed(1) : String(cell ?? '')
  const cols = headers
    .map((h, i) => {
      const width = Math.min(60, Math.max(h.length, ...sample.map((r) => shown(r[i], i).length)) + 2)
      return `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`
    })
    .join('')
  const header = headers
    .map((h, i) => `<c r="${columns[i]}1" s="1" t="inlineStr"><is><t>${xmlText(h)}</t></is></c>`)
    .join('')
  return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData><row r="1">${header}</row>`
}

const SHEET_TAIL = '</sheetData></worksheet>'

/**
 * An .xlsx workbook with one sheet, written a page at a time as the pages are read, like `csvStream`.
 * Cells are typed: numbers are numbers, and text is an inline string, never read as a formula. Built
 * whole (every row in memory and a shared-strings table), 100,000 registrations took 13 s, 629 MB more
 * memory, and held every other request for 10 s; streamed through fflate's zip writer, 6.6 s, 45 MB,
 * and none held more than 80 ms (`npm run bench -- exports`). A sheet holds 1,048,576 rows in Excel:
 * past that, its last row says so, in `lang`, and reading stops there (the CSV has every row).
 * `maxRows` is that limit, smaller in tests.
 */
export function xlsxStream(
  paged: Paged,
  sheet = 'Datos',
  { lang = 'es', maxRows = XLSX_MAX_ROWS }: { lang?: Lang; maxRows?: number } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const columns = paged.headers.map((_, i) => columnName(i))
  let slices: AsyncGenerator<Cell[][]> | undefined
  let sheetXml: ZipDeflate
  let written = 1
  // The row for the sheet's last place, written once it is known that no other follows.
  let last: Cell[] | undefined
  let full = false
  let out: Uint8Array[] = []
  const zip = new Zip((error, chunk) => {
    if (error) throw error
    out.push(chunk)
  })
  const rows = (page: Cell[][]) => {
    let xml = ''
    for (const row of page) {
      if (written < maxRows - 1) {
        written += 1
        xml += xlsxRow(row, written, columns)
      } else if (!last) last = row
      else {
        written += 1
        xml += xlsxRow([TOO_MANY_ROWS[lang](maxRows)], written, columns)
        last = undefined
        full = true
        break
      }
    }
    return xml
  }
  // Hands on what the zip writer has produced; true when there was something.
  const flush = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    const chunks = out
    out = []
    for (const chunk of chunks) controller.enqueue(chunk)
    return chunks.length > 0
  }
  return new ReadableStream({
    async pull(controller) {
      if (!slices) {
        const pages = paged.pages()
        const first = await pages.next()
        const firstRows = first.done ? [] : first.value
        slices = inSlices(firstRows, pages)
        for (const [name, xml] of Object.entries(workbookParts([sheet]))) {
          const part = new ZipDeflate(name, { level: 6 })
          zip.add(part)
          part.push(encoder.encode(xml), true)
        }
        // Level 1: a quarter faster than 6, for a file some 40 % larger (100,000 registrations: 7.5 MB).
        sheetXml = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 1 })
        zip.add(sheetXml)
        sheetXml.push(encoder.encode(sheetHead(paged.headers, firstRows, columns)))
        flush(controller)
        return
      }
      // A pull that enqueues nothing is not called again: slices go on until the zip writer has output.
      for (;;) {
        // A full sheet reads no further.
        const next = full ? undefined : await slices.next()
        if (!next || next.done) {
          if (full) await slices.return(undefined)
          if (last) {
            written += 1
            sheetXml.push(encoder.encode(xlsxRow(last, written, columns)))
          }
          sheetXml.push(encoder.encode(SHEET_TAIL), true)
          zip.end()
          flush(controller)
          return controller.close()
        }
        sheetXml.push(encoder.encode(rows(next.value)))
        if (flush(controller)) return
      }
    },
    async cancel() {
      zip.terminate()
      await slices?.return(undefined)
    },
  })
}

/**
 * A workbook of several sheets, one per table, each named after it, with its header row bold and frozen
 * and its cells typed as `xlsxStream` types them (text never read as a formula; the `oneDecimal`
 * columns' numbers with their one decimal). Built whole, for tables that are small (a report's, the
 * statistics'); it opens on the first sheet.
 */
export function xlsxBook(tables: NamedTable[]): Uint8Array<ArrayBuffer> {
  const files: Record<string, Uint8Array> = {}
  for (const [name, xml] of Object.entries(workbookParts(tables.map((t) => t.name))))
    files[name] = strToU8(xml)
  tables.forEach((t, i) => {
    const columns = t.headers.map((_, c) => columnName(c))
    const tenths = new Set(t.oneDecimal ?? [])
    const rows = t.rows.map((row, r) => xlsxRow(row, r + 2, columns, tenths)).join('')
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(
      `${sheetHead(t.headers, t.rows, columns, i === 0, tenths)}${rows}${SHEET_TAIL}`,
    )
  })
  // fflate's zip is a plain Uint8Array over an ArrayBuffer of its own.
  return zipSync(files, { level: 6 }) as Uint8Array<ArrayBuffer>
}

export const spreadsheetTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

/** A file name safe in a Content-Disposition header: ASCII letters, digits, dashes. */
export function fileName(base: string, ext: 'csv' | 'xlsx'): string {
  const safe = base
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  return `${safe || 'export'}.${ext}`
}
