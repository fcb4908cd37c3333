import fc from 'fast-check'
import { strFromU8, unzipSync } from 'fflate'
import readXlsxFile, { readSheet } from 'read-excel-file/node'
import { describe, expect, it } from 'vitest'
import {
  type Cell,
  neutralise,
  type Paged,
  tablesToCsv,
  xlsxBook,
  xlsxStream,
} from '../server/services/spreadsheet'
import { csvTables } from './fixtures/csv-tables'
import { requiredAnswers, sampleEvent, testApp } from './helpers'

/** A table already in memory, as a paged table of one page. */
const pagedOf = (table: { headers: string[]; rows: Cell[][] }): Paged => ({
  headers: table.headers,
  pages: async function* () {
    yield table.rows
  },
})

const bytesOf = async (stream: ReadableStream<Uint8Array>) =>
  Buffer.from(await new Response(stream).arrayBuffer())

/** What a reader gets back from a cell: text and numbers as written, Sí/No for booleans, nothing for empty. */
const expected = (cell: Cell) => {
  if (cell === null || cell === undefined || cell === '') return null
  if (typeof cell === 'boolean') return cell ? 'Sí' : 'No'
  if (cell === 0) return 0 // a sheet has no -0
  return cell
}

/** A paged table that counts the pages read, to see that the stream reads as it is read. */
function counted(headers: string[], pages: Cell[][][]) {
  const paged = {
    read: 0,
    headers,
    pages: async function* () {
      for (const page of pages) {
        paged.read += 1
        yield page
      }
    },
  }
  return paged satisfies Paged & { read: number }
}

// Text as people type it, and as they should not: markup, formula starts, the format's own escape,
// controls XML cannot carry, CR, lone surrogate halves, spaces at either end, and the names of
// Object.prototype (write-excel-file, used before, wrote a corrupt workbook for "constructor").
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '=HYPERLINK("http://evil.co","x")',
    '_x0041_ y _x005F_',
    'a\u0001b\u001fc',
    'línea\r\notra',
    '\uD800 sola',
    '  espacios  ',
    'Ñandú & "cía" <s.a.>',
    'constructor',
    'valueOf',
    '__proto__',
  ),
)
const cell: fc.Arbitrary<Cell> = fc.oneof(
  text,
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
  fc.boolean(),
  fc.constant(null),
)

describe('streamed XLSX', () => {
  it('reads back, in a real reader, every cell that was written, page after page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }).chain((width) =>
          fc.record({
            headers: fc.array(fc.string({ minLength: 1, maxLength: 12 }), {
              minLength: width,
              maxLength: width,
            }),
            pages: fc.array(
              fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
              {
                maxLength: 5,
              },
            ),
          }),
        ),
        async ({ headers, pages }) => {
          const paged = counted(headers, pages)
          const stream = xlsxStream(paged)
          expect(paged.read).toBe(0)
          const sheet = await readSheet(await bytesOf(stream), { trim: false })
          expect(paged.read).toBe(pages.length)
          const rows = pages.flat()
          // The reader leaves out empty rows at the end, as Excel does.
          const want = [headers, ...rows.map((row) => row.map(expected))]
          while (want.length > 1 && want.at(-1)?.every((c) => c === null)) want.pop()
          expect(sheet.map((row) => row.slice(0, headers.length))).toEqual(
            want.map((row) => [...row, ...Array(headers.length - row.length).fill(null)]),
          )
        },
      ),
      { numRuns: 60 },
    )
  })

  it('names columns past Z as Excel does, and keeps the bold header frozen at the top', async () => {
    const headers = Array.from({ length: 60 }, (_, i) => `P${i + 1}`)
    const row = headers.map((_, i) => i + 1)
    const bytes = await bytesOf(xlsxStream(pagedOf({ headers, rows: [row] }), 'Respuestas'))
    const sheet = await readSheet(bytes)
    expect(sheet[1]).toEqual(row)
    const parts = unzipSync(new Uint8Array(bytes))
    const xml = strFromU8(parts['xl/worksheets/sheet1.xml'])
    expect(xml).toContain('<c r="Z2"><v>26</v></c><c r="AA2"><v>27</v></c>')
    expect(xml).toContain('<c r="BH2"><v>60</v></c>')
    expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/)
    expect(xml).toMatch(/<c r="A1" s="1"/)
    expect(strFromU8(parts['xl/styles.xml'])).toContain('<b/>')
    expect(strFromU8(parts['xl/workbook.xml'])).toContain('name="Respuestas"')
  })

  it("cuts text at Excel's 32,767 characters a cell and never splits a character in two", async () => {
    const long = `${'a'.repeat(32_765)}😀😀😀`
    const sheet = await readSheet(await bytesOf(xlsxStream(pagedOf({ headers: ['Texto'], rows: [[long]] }))))
    const read = sheet[1][0] as string
    expect(read.length).toBeLessThanOrEqual(32_767)
    expect(read).toBe(`${'a'.repeat(32_765)}…`)
  })

  it("ends a sheet past Excel's rows with a row that says so, and reads no further", async () => {
    const rows = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => [`fila ${from + i + 1}`, from + i + 1])
    // 4 rows a sheet here (1,048,576 in Excel), the header included: 3 rows fit exactly.
    const fits = await readSheet(
      await bytesOf(xlsxStream(pagedOf({ headers: ['Texto', 'N'], rows: rows(3) }), 'Datos', { maxRows: 4 })),
    )
    expect(fits).toEqual([['Texto', 'N'], ...rows(3)])
    // One more, in any page: the last place says why the rest are missing, in the request's language.
    const pages = counted(['Texto', 'N'], [rows(2), rows(2, 2), rows(2, 4), rows(2, 6)])
    const cut = await readSheet(await bytesOf(xlsxStream(pages, 'Datos', { maxRows: 4, lang: 'en' })))
    expect(cut).toEqual([
      ['Texto', 'N'],
      ...rows(2),
      ['Excel holds 4 rows a sheet: the rest do not fit here. Download the CSV, which has them all.', null],
    ])
    expect(pages.read).toBe(2)
    const es = await readSheet(
      await bytesOf(xlsxStream(pagedOf({ headers: ['T'], rows: rows(9) }), 'D', { maxRows: 6 })),
    )
    expect(es.at(-1)?.[0]).toMatch(/^Excel admite 6 filas por hoja: .* Descargue el CSV/)
  })

  it('streams a large export page by page, and stops reading when the download stops', async () => {
    const headers = ['Nombre', 'Correo', 'Municipio', 'Edad']
    const page = (p: number) =>
      Array.from({ length: 1000 }, (_, i) => [
        `Persona ${p}-${i}`,
        `p${p}.${i}@correo.co`,
        'Pasto',
        20 + (i % 60),
      ])
    const many = counted(headers, [])
    many.pages = async function* () {
      for (let p = 0; p < 50; p++) {
        many.read += 1
        yield page(p)
      }
    }
    const sheet = await readSheet(await bytesOf(xlsxStream(many)))
    expect(sheet.length).toBe(50_001)
    expect(sheet[50_000]).toEqual(['Persona 49-999', 'p49.999@correo.co', 'Pasto', 20 + (999 % 60)])

    const stopped = counted(headers, [])
    stopped.pages = async function* () {
      for (let p = 0; p < 50; p++) {
        stopped.read += 1
        yield page(p)
      }
    }
    const reader = xlsxStream(stopped).getReader()
    let got = 0
    while (got < 64 * 1024) {
      const { value, done } = await reader.read()
      if (done) break
      got += value.length
    }
    await reader.cancel()
    expect(stopped.read).toBeLessThan(50)
  })

  it('exports registrations as a workbook that reads back with their text intact', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const names = ['Ana <b>Pérez</b>', '=1+1', 'José _x0041_ Ñ']
    for (const [i, name] of names.entries())
      expect(
        (
          await t.call('POST', '/api/events/evento/attendance', {
            body: { name, email: `x${i}@correo.co`, consent: true },
          })
        ).status,
      ).toBe(201)
    const res = await t.app.request('/api/events/evento/attendance?format=xlsx', {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const sheet = await readSheet(Buffer.from(await res.arrayBuffer()))
    expect(sheet).toHaveLength(4)
    const nameColumn = sheet[0].indexOf('Nombre')
    expect(nameColumn).toBeGreaterThanOrEqual(0)
    expect(sheet.slice(1).map((row) => row[nameColumn])).toEqual(names)
  })
  it('exports the survey statistics with every share at one decimal, 50,0 and not 50', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    // Half and half: shares of exactly 50 and, for the options nobody chose, 0.
    for (const [i, gender] of ['mujer', 'hombre'].entries())
      expect(
        (
          await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
            body: {
              answers: { ...requiredAnswers, genero: gender },
              deviceToken: `device-token-xlsx-${i}-abcdef`,
            },
          })
        ).status,
      ).toBe(201)
    const res = await t.app.request('/api/events/evento/forms/evaluacion/stats?format=xlsx', {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    expect(res.status).toBe(200)
    const bytes = Buffer.from(await res.arrayBuffer())
    const rows = await readSheet(bytes)
    expect(rows[0]).toEqual(['Pregunta', 'Opción', 'Respuestas', '%', 'Base de los porcentajes', 'Nota'])
    const shares = rows.filter((r) => r[0] === 'Género' && typeof r[3] === 'number')
    expect(shares.map((r) => [r[1], r[2], r[3], r[4]])).toEqual([
      ['Mujer', 1, 50, 2],
      ['Hombre', 1, 50, 2],
      ['No binario / otra identidad', 0, 0, 2],
      ['Prefiero no responder', 0, 0, 2],
    ])
    // The values stay numbers; the cells show them as the report does, with their one decimal.
    const files = unzipSync(new Uint8Array(bytes))
    const styles = strFromU8(files['xl/styles.xml'])
    const formats = new Map(
      [...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    )
    const xfs = [...(styles.match(/<cellXfs[^>]*>(.*?)<\/cellXfs>/)?.[1] ?? '').matchAll(/<xf [^>]*>/g)]
    const formatOf = (style: number) => formats.get(xfs[style]?.[0].match(/numFmtId="(\d+)"/)?.[1] ?? '')
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml'])
    const percentCells = [...sheet.matchAll(/<c r="D\d+"( s="(\d+)")?><v>/g)]
    expect(percentCells.length).toBeGreaterThan(0)
    for (const cell of percentCells) expect(formatOf(Number(cell[2] ?? 0))).toBe('0.0')
    // The counts stay whole numbers.
    for (const cell of sheet.matchAll(/<c r="C\d+"( s="(\d+)")?><v>/g)) expect(cell[2]).toBeUndefined()
  })

  it('makes the column of shares as wide as 100,0 is shown, when every share is a whole number', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    // Four answers: every share is whole (100, 75, 50, 25, 0), and none is written wider than "100".
    for (const [i, time] of ['adecuado', 'adecuado', 'adecuado', 'excesivo'].entries()) {
      const sent = await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
        body: {
          answers: { ...requiredAnswers, tiempo_exposicion: time },
          deviceToken: `device-token-width-${i}-abcdef`,
        },
      })
      expect(sent.status).toBe(201)
    }
    const res = await t.app.request('/api/events/evento/forms/evaluacion/stats?format=xlsx', {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    expect(res.status).toBe(200)
    const bytes = Buffer.from(await res.arrayBuffer())
    const rows = await readSheet(bytes)
    expect(rows[0][3]).toBe('%')
    const shares = rows.slice(1).flatMap((r) => (typeof r[3] === 'number' ? [r[3]] : []))
    expect(shares).toContain(100)
    expect(shares.every(Number.isInteger)).toBe(true)
    // Shown with its decimal, 100 reads "100,0": five characters, and the margin every column has. A
    // column made for "100" shows Excel's "####" in its place.
    const sheet = strFromU8(unzipSync(new Uint8Array(bytes))['xl/worksheets/sheet1.xml'])
    const width = Number(sheet.match(/<col min="4" max="4" width="(\d+)"/)?.[1])
    expect(width).toBeGreaterThanOrEqual('100,0'.length + 2)
  })
})

describe('files of several tables', () => {
  const named = fc.record({
    name: fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      fc.constantFrom(
        'Cifras',
        'cifras',
        'Preguntas [PQRSD]: 1/2',
        'Observaciones y aportes ciudadanos por eje',
      ),
    ),
    headers: fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), {
      minLength: 1,
      maxLength: 6,
    }),
  })
  const tables = fc.array(
    named.chain((t) =>
      fc.record({
        name: fc.constant(t.name),
        headers: fc.constant(t.headers),
        rows: fc.array(fc.array(cell, { minLength: t.headers.length, maxLength: t.headers.length }), {
          maxLength: 6,
        }),
      }),
    ),
    { minLength: 1, maxLength: 5 },
  )

  it('writes a workbook of a sheet each, every one named as Excel takes it, that reads back whole', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (list) => {
        const book = xlsxBook(list)
        const sheets = await readXlsxFile(Buffer.from(book), { trim: false })
        expect(sheets).toHaveLength(list.length)
        const names = sheets.map((s) => s.sheet)
        for (const name of names) {
          expect(name.length).toBeGreaterThan(0)
          expect(name.length).toBeLessThanOrEqual(31)
          expect(name).not.toMatch(/[[\]:*?/\\]/)
        }
        expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length)
        for (const [i, t] of list.entries()) {
          const want = [t.headers, ...t.rows.map((row) => row.map(expected))]
          while (want.length > 1 && want.at(-1)?.every((c) => c === null)) want.pop()
          expect(sheets[i].data.map((row) => row.slice(0, t.headers.length))).toEqual(
            want.map((row) => [...row, ...Array(t.headers.length - row.length).fill(null)]),
          )
        }
        // It opens on the first sheet.
        const files = unzipSync(book)
        expect(strFromU8(files['xl/worksheets/sheet1.xml'])).toContain('tabSelected="1"')
        for (let n = 2; n <= list.length; n++)
          expect(strFromU8(files[`xl/worksheets/sheet${n}.xml`])).not.toContain('tabSelected')
      }),
      { numRuns: 40 },
    )
  })

  it('writes one CSV that a parser reads back table by table, each row headed by its table', () => {
    const csvText = (c: Cell, delimiter: string) => {
      const v = neutralise(c)
      if (v === null || v === undefined) return ''
      if (typeof v === 'boolean') return v ? 'Sí' : 'No'
      return typeof v === 'number' ? (delimiter === ';' ? String(v).replace('.', ',') : String(v)) : v
    }
    fc.assert(
      fc.property(tables, fc.constantFrom(';', ',') as fc.Arbitrary<';' | ','>, (list, delimiter) => {
        const read = csvTables(tablesToCsv(list, delimiter), delimiter)
        expect(read.map((t) => t.name)).toEqual(list.map((t) => csvText(t.name, delimiter)))
        for (const [i, t] of list.entries()) {
          expect(read[i].headers.length).toBeLessThanOrEqual(t.headers.length)
          expect(read[i].rows).toEqual(t.rows.map((row) => row.map((c) => csvText(c, delimiter))))
        }
      }),
      { numRuns: 100 },
    )
  })
})
