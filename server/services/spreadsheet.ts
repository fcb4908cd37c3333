import { stringify } from 'csv-stringify/browser/esm/sync'
import writeXlsxFile from 'write-excel-file/universal'

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

/** Every page of a paged table in one table, for the formats that are built whole (XLSX). */
export async function tableOf(paged: Paged): Promise<Table> {
  const rows: Cell[][] = []
  for await (const page of paged.pages()) for (const row of page) rows.push(row)
  return { headers: paged.headers, rows }
}

function csvCell(cell: Cell, delimiter: CsvDelimiter) {
  const safe = neutralise(cell)
  if (safe === null || safe === undefined) return ''
  if (typeof safe === 'boolean') return safe ? 'Sí' : 'No'
  // Where `;` separates fields, Excel reads the decimal separator as a comma: 57,1 not 57.1.
  if (typeof safe === 'number' && delimiter === ';') return String(safe).replace('.', ',')
  return safe
}

/** After whatever else is waiting: setImmediate on Node, a zero timeout on Workers. */
const nextTurn = () =>
  new Promise<void>((resolve) => {
    const g = globalThis as { setImmediate?: (f: () => void) => unknown }
    if (g.setImmediate) g.setImmediate(resolve)
    else setTimeout(resolve, 0)
  })

const csvLines = (rows: Cell[][], delimiter: CsvDelimiter, bom = false) =>
  stringify(
    rows.map((row) => row.map((cell) => csvCell(cell, delimiter))),
    { delimiter, bom, record_delimiter: 'windows' },
  )

/**
 * CSV that Excel opens as UTF-8 (a BOM first), with CRLF line ends and the delimiter asked for:
 * `;` is what Excel expects where the decimal separator is a comma (es-CO, es-EC), `,` elsewhere.
 */
export function toCsv(table: Table, delimiter: CsvDelimiter = ';'): string {
  return csvLines([table.headers, ...table.rows], delimiter, true)
}

/**
 * The same CSV as `toCsv`, written a page at a time as the pages are read. Built whole, an export of
 * 100,000 registrations took 216 MB of heap at its peak, more than a Worker's 128 MB, and held Node's
 * event loop for all of its 4 s (every page read resolves at once on better-sqlite3); streamed, it
 * holds about a page, and other requests run between pages (the longest pause measured 74–91 ms, a
 * page of 1,000). The status is sent before the first page is read: a failure after it cuts the file
 * short.
 */
export function csvStream(paged: Paged, delimiter: CsvDelimiter = ';'): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let pages: AsyncGenerator<Cell[][]> | undefined
  return new ReadableStream({
    async pull(controller) {
      if (!pages) {
        pages = paged.pages()
        controller.enqueue(encoder.encode(csvLines([paged.headers], delimiter, true)))
        return
      }
      // A pull that enqueues nothing is not called again: an empty page is skipped here.
      for (;;) {
        // A turn of the event loop between pages: a page read from better-sqlite3 resolves at once, and
        // a socket that takes every chunk would otherwise run the whole export in one turn.
        await nextTurn()
        const next = await pages.next()
        if (next.done) return controller.close()
        if (next.value.length) return controller.enqueue(encoder.encode(csvLines(next.value, delimiter)))
      }
    },
    async cancel() {
      await pages?.return(undefined)
    },
  })
}

/**
 * An .xlsx workbook with one sheet. Cells are written as typed values (text stays text, it is never read
 * as a formula there), with a bold header row frozen at the top.
 */
export async function toXlsx(table: Table, sheet = 'Datos'): Promise<ArrayBuffer> {
  const header = table.headers.map((h) => ({ value: h, fontWeight: 'bold' as const }))
  const rows = table.rows.map((row) =>
    row.map((cell) => {
      if (cell === null || cell === undefined || cell === '') return null
      if (typeof cell === 'number') return { value: cell, type: Number }
      if (typeof cell === 'boolean') return { value: cell ? 'Sí' : 'No', type: String }
      return { value: cell, type: String }
    }),
  )
  const widths = table.headers.map((h, i) => ({
    width: Math.min(
      60,
      Math.max(h.length, ...table.rows.slice(0, 200).map((r) => String(r[i] ?? '').length)) + 2,
    ),
  }))
  const blob = await writeXlsxFile([header, ...rows], {
    sheet: sheet.slice(0, 31),
    columns: widths,
    stickyRowsCount: 1,
  }).toBlob()
  return blob.arrayBuffer()
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
