import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import type { Compared } from '../server/services/report/across'
import { compareDocx, compareTables } from '../server/services/report/compare-files'
import { xlsxBook } from '../server/services/spreadsheet'
import { longDate } from '../web/shared/format'
import { xlsxSheets } from './fixtures/csv-tables'

/** Last year's dialogue and this year's, titled alike: a hidden cell, a side nobody answered, a drop. */
const compared: Compared = {
  a: { slug: 'dialogo-2025', title: 'Rendición de cuentas', date: '2025-11-28', responses: 4 },
  b: { slug: 'dialogo-2026', title: 'Rendición de cuentas', date: '2026-11-27', responses: 1302 },
  figures: [
    { key: 'participants', label: 'Participantes', a: 1400, b: 1302, difference: -98 },
    { key: 'women', label: 'Mujeres', a: null, b: 857, difference: null },
  ],
  questions: [
    {
      id: 'calificacion_gestion',
      label: '¿Cómo califica la gestión?',
      answered: { a: 4, b: 1302 },
      options: [
        {
          value: 'buena',
          label: 'Buena',
          a: { count: 3, percent: 75 },
          b: { count: 651, percent: 50 },
          difference: -25,
        },
        {
          value: 'mala',
          label: 'Mala',
          a: { count: 1, percent: 25 },
          b: { count: 651, percent: 50 },
          difference: 25,
        },
      ],
    },
    {
      id: 'grupo_poblacional',
      label: 'Grupo poblacional',
      lang: 'es',
      answered: { a: 0, b: 1302 },
      options: [
        {
          value: 'indigena',
          label: 'Indígena',
          lang: 'es',
          a: { count: 0, percent: 0 },
          b: { count: null, percent: null, suppressed: true },
          difference: null,
        },
      ],
    },
  ],
}

/** The Word file's tables, each a list of rows of its cells' text, and its paragraphs' text. */
async function wordOf(lang: 'es' | 'en') {
  const xml = strFromU8(unzipSync(await compareDocx(compared, lang))['word/document.xml'])
  const text = (s: string) => [...s.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
  const tables = [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/gs)].map((t) =>
    [...t[1].matchAll(/<w:tr>(.*?)<\/w:tr>/gs)].map((r) =>
      [...r[1].matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((c) => text(c[1])),
    ),
  )
  const outside = xml.replace(/<w:tbl>.*?<\/w:tbl>/gs, '')
  const paragraphs = [...outside.matchAll(/<w:p>(.*?)<\/w:p>/gs)].map((p) => text(p[1]))
  return { xml, tables, paragraphs }
}

const sides = (lang: 'es' | 'en') => [
  `A · Rendición de cuentas, ${longDate('2025-11-28', lang)}`,
  `B · Rendición de cuentas, ${longDate('2026-11-27', lang)}`,
]

describe('two events compared, in Word', () => {
  it('writes the Markdown’s tables: each event’s column with its date, the signed difference, "oculta"', async () => {
    const { tables, paragraphs } = await wordOf('es')
    expect(paragraphs.slice(0, 1)).toEqual(['Cifras principales'])
    expect(tables[0]).toEqual([
      ['', ...sides('es'), 'Diferencia (B − A)'],
      ['Participantes', '1.400', '1.302', '-98'],
      ['Mujeres', 'oculta', '857', '—'],
    ])
    expect(tables[1]).toEqual([
      ['Opción', ...sides('es'), 'Diferencia (B − A)'],
      ['Base de los porcentajes', '4', '1.302', ''],
      ['Buena', '3 (75,0\u00a0%)', '651 (50,0\u00a0%)', '-25,0 pp'],
      ['Mala', '1 (25,0\u00a0%)', '651 (50,0\u00a0%)', '+25,0 pp'],
    ])
    // A side nobody answered has no share; a hidden one reads "oculta", and has no difference.
    expect(tables[2].at(-1)).toEqual(['Indígena', '—', 'oculta', '—'])
    expect(paragraphs).toContain('¿Cómo califica la gestión?')
    expect(paragraphs.at(-1)).toMatch(/^Oculta: las cifras de menos de 5 personas no se publican/)
  })

  it('writes English, marking what staff wrote only in Spanish, on fixed columns within the page', async () => {
    const { xml, tables, paragraphs } = await wordOf('en')
    expect(tables[0][0]).toEqual(['', ...sides('en'), 'Difference (B − A)'])
    // The figures' labels come in the comparison's language (compareEvents): only the numbers are written here.
    expect(tables[0][1]).toEqual(['Participantes', '1,400', '1,302', '-98'])
    expect(tables[1][2]).toEqual(['Buena', '3 (75.0%)', '651 (50.0%)', '-25.0 pp'])
    expect(tables[2][0][0]).toBe('Option')
    expect(tables[2].at(-1)).toEqual(['Indígena', '—', 'hidden', '—'])
    expect(paragraphs.at(-1)).toMatch(/^Hidden: figures of fewer than 5 people/)
    expect(xml).toContain('<w:lang w:val="es"/>')
    for (const grid of xml.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/gs)) {
      const cols = [...grid[1].matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1]))
      expect(cols).toHaveLength(4)
      // Between the A4 page's margins: 11,906 − 2 × 1,000.
      expect(cols.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(9906)
    }
    expect(xml).toContain('w:type="fixed"')
  })
})

describe('two events compared, in Excel', () => {
  it('keeps counts and percentages numbers, hidden cells "oculta", and the note on its own sheet', async () => {
    const book = xlsxBook(compareTables(compared, 'es'))
    const [figures, survey, notes] = await xlsxSheets(book)
    expect(figures.name).toBe('Cifras principales')
    expect(figures.headers).toEqual(['Indicador', ...sides('es'), 'Diferencia (B − A)'])
    expect(figures.rows).toEqual([
      ['Participantes', 1400, 1302, -98],
      ['Mujeres', 'oculta', 857, null],
    ])
    expect(survey.name).toBe('Evaluación')
    const [a, b] = sides('es')
    expect(survey.headers).toEqual([
      'Pregunta',
      'Opción',
      a,
      'A · Porcentaje',
      b,
      'B · Porcentaje',
      'Diferencia (B − A), en puntos porcentuales',
    ])
    expect(survey.rows).toEqual([
      ['¿Cómo califica la gestión?', 'Base de los porcentajes', 4, null, 1302, null, null],
      ['¿Cómo califica la gestión?', 'Buena', 3, 75, 651, 50, -25],
      ['¿Cómo califica la gestión?', 'Mala', 1, 25, 651, 50, 25],
      ['Grupo poblacional', 'Base de los porcentajes', 0, null, 1302, null, null],
      ['Grupo poblacional', 'Indígena', 0, null, 'oculta', null, null],
    ])
    expect(notes.rows).toEqual([[expect.stringMatching(/^Oculta: las cifras de menos de 5 personas/)]])
    // The percentages and the points show their one decimal, as the report's workbook shows its shares.
    const files = unzipSync(book)
    const sheet = strFromU8(files['xl/worksheets/sheet2.xml'])
    const styled = (col: string) => [
      ...sheet.matchAll(new RegExp(`<c r="${col}\\d+"( s="(\\d+)")?><v>`, 'g')),
    ]
    for (const col of ['D', 'F', 'G']) {
      expect(styled(col).length, col).toBeGreaterThan(0)
      for (const c of styled(col)) expect(c[2], col).toBe('2')
    }
    for (const c of styled('C')) expect(c[2]).toBeUndefined()
    expect(strFromU8(files['xl/styles.xml'])).toContain('<numFmt numFmtId="164" formatCode="0.0"/>')
  })

  it('writes English, and an empty notes sheet when nothing is hidden', async () => {
    const shown: Compared = {
      ...compared,
      figures: compared.figures.slice(0, 1),
      questions: compared.questions.slice(0, 1),
    }
    const [figures, survey, notes] = await xlsxSheets(xlsxBook(compareTables(shown, 'en')))
    expect(figures.name).toBe('Main figures')
    expect(figures.headers).toEqual(['Indicator', ...sides('en'), 'Difference (B − A)'])
    expect(survey.name).toBe('Evaluation')
    expect(survey.headers.at(-1)).toBe('Difference (B − A), in percentage points')
    expect(survey.rows[0][1]).toBe('Base of the percentages')
    expect([notes.name, notes.headers, notes.rows]).toEqual(['Summary and notes', ['Text'], []])
  })
})
