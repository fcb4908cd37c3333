import { render } from 'preact-render-to-string'
import { ReportPage } from '../../pages/ReportPage'
import { type CsvDelimiter, fileName, spreadsheetTypes, tablesToCsv, xlsxBook } from '../spreadsheet'
import { reportTables } from './render-csv'
import { docxType, renderDocx } from './render-docx'
import { renderMarkdown } from './render-md'
import type { Report } from './types'

export const reportFormats = ['json', 'md', 'html', 'docx', 'csv', 'xlsx'] as const
export type ReportFormat = (typeof reportFormats)[number]

export type Rendered = { body: string | Uint8Array; type: string; file?: string }

/** Every format from the one JSON report, so no two formats can disagree on a figure. */
export async function renderReport(
  r: Report,
  format: ReportFormat,
  delimiter: CsvDelimiter = ';',
): Promise<Rendered> {
  const base = `informe-${r.general.slug}`
  switch (format) {
    case 'json':
      return { body: JSON.stringify(r), type: 'application/json; charset=utf-8' }
    case 'md':
      return { body: renderMarkdown(r), type: 'text/markdown; charset=utf-8', file: `${base}.md` }
    case 'html':
      return { body: `<!doctype html>${render(<ReportPage report={r} />)}`, type: 'text/html; charset=utf-8' }
    case 'docx':
      return {
        body: await renderDocx(r),
        type: docxType,
        file: `${base}.docx`,
      }
    case 'csv':
      // Several tables in one file, each row headed by its table's name (render-csv.ts, `tablesToCsv`).
      return {
        body: tablesToCsv(reportTables(r), delimiter),
        type: spreadsheetTypes.csv,
        file: fileName(base, 'csv'),
      }
    case 'xlsx':
      // The same tables, a sheet each: numbers stay numbers, whatever the spreadsheet's locale.
      return { body: xlsxBook(reportTables(r)), type: spreadsheetTypes.xlsx, file: fileName(base, 'xlsx') }
  }
}
