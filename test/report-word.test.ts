import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { formatPercent } from '../server/services/percent'
import { renderDocx } from '../server/services/report/render-docx'
import type { Report } from '../server/services/report/types'
import { docxToPdfText, hasLibreOffice } from './fixtures/office'
import { fixtureReport, reportQuestion } from './fixtures/report'

/** The Word report's main part, as XML. */
const documentXml = async (r: Report) => strFromU8(unzipSync(await renderDocx(r))['word/document.xml'])

/** The text LibreOffice lays out from a DOCX, line by line as on the page; null without LibreOffice. */
const laidOut = (bytes: Uint8Array) =>
  hasLibreOffice ? (docxToPdfText(bytes, { layout: true })?.split('\n') ?? null) : null

const [question] = fixtureReport.pqrsd.questions
// Ten capital W: the widest prefix a radicado can carry at ten letters.
const radicados = ['DEMO-2026-000001', 'WWWWWWWWWW-2026-000002']
const withRadicados: Report = {
  ...fixtureReport,
  pqrsd: { ...fixtureReport.pqrsd, questions: radicados.map((radicado) => ({ ...question, radicado })) },
}

describe('the report in Word', () => {
  it('keeps the longest radicado of the questions table on one line, within the page width', async () => {
    const xml = await documentXml(withRadicados)
    const table = xml.slice(0, xml.indexOf(radicados[1]))
    const grid = [...table.slice(table.lastIndexOf('<w:tblGrid>')).matchAll(/<w:gridCol w:w="(\d+)"\/>/g)]
    const cols = grid.map((m) => Number(m[1]))
    expect(cols).toHaveLength(8)
    // Arial at 8 pt: W is 944 thousandths of an em, a hyphen 333, a digit 556; 160 twips an em; and the
    // cell's margins, 60 a side.
    expect(cols[0]).toBeGreaterThanOrEqual(((10 * 944 + 2 * 333 + 10 * 556) * 160) / 1000 + 120)
    // Between the A4 page's margins: 11,906 − 2 × 1,000.
    expect(cols.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(9906)
    const lines = laidOut(await renderDocx(withRadicados))
    if (lines)
      for (const r of radicados)
        expect(
          lines.some((l) => l.includes(r)),
          r,
        ).toBe(true)
  }, 150_000)

  it('lets the rows of the questions and commitments tables break across pages, repeating their header', async () => {
    // A written answer may run to 10,000 characters: taller than a page.
    const answer = 'Se informa que la convocatoria abre en febrero. '.repeat(200).slice(0, 10_000)
    const xml = await documentXml({
      ...fixtureReport,
      pqrsd: { ...fixtureReport.pqrsd, questions: [{ ...question, status: 'answered', answer }] },
    })
    const tables = xml.match(/<w:tbl>(?:(?!<\/w:tbl>).)*<\/w:tbl>/gs) ?? []
    const long = ['SDE-2026-000001', 'Abrir convocatoria de emprendimiento'].map(
      (text) => tables.find((t) => t.includes(text)) ?? '',
    )
    for (const table of long) {
      const [head, ...rows] = table.match(/<w:tr>(?:(?!<\/w:tr>).)*<\/w:tr>/gs) ?? []
      expect(head).toContain('<w:tblHeader/>')
      expect(rows.length).toBeGreaterThan(0)
      for (const row of rows) expect(row).not.toContain('<w:cantSplit/>')
    }
    // The short tables (a share table) still keep each row on one page.
    const shares = tables.find((t) => t.includes('Base de los porcentajes')) ?? ''
    expect(shares.match(/<w:cantSplit\/>/g)?.length).toBe(shares.match(/<w:tr>/g)?.length)
  })

  it('numbers its headings without skipping a level, as the HTML does (h2, h3, h4)', async () => {
    const xml = await documentXml({
      ...fixtureReport,
      compromisos: {
        ...fixtureReport.compromisos,
        plan: [{ axis: 'Desarrollo económico', observations: ['Más ferias'], contributions: [] }],
      },
    })
    const levels = [...xml.matchAll(/<w:pStyle w:val="Heading(\d)"\/>/g)].map((m) => Number(m[1]))
    expect(levels[0]).toBe(1)
    for (const [i, level] of levels.entries())
      if (i) expect(level, `heading ${i}`).toBeLessThanOrEqual(levels[i - 1] + 1)
    expect(new Set(levels)).toEqual(new Set([1, 2, 3]))
    // The work plan's axis is a heading under "Observaciones y aportes ciudadanos por eje", as its <h4>.
    const axis = xml.match(/<w:p>(?:(?!<\/w:p>).)*Desarrollo económico(?:(?!<\/w:p>).)*<\/w:p>/s)?.[0]
    expect(axis).toContain('<w:pStyle w:val="Heading3"/>')
  })

  it('marks what staff and citizens wrote in Spanish, in an English report, as the HTML copy marks it', async () => {
    const q = reportQuestion('q1', '¿Cómo califica la gestión?', 4, [
      ['Buena', 3],
      ['Mala', 1],
    ])
    const english: Report = {
      ...fixtureReport,
      lang: 'en',
      evaluacion: {
        ...fixtureReport.evaluacion,
        // A question and one option staff wrote only in Spanish; the other option has an English wording.
        questions: [
          {
            ...q,
            lang: 'es',
            options: [
              { ...q.options[0], lang: 'es' },
              { ...q.options[1], label: 'Bad' },
            ],
            texts: [{ text: 'Más ferias', count: 1 }],
          },
        ],
      },
      compromisos: {
        ...fixtureReport.compromisos,
        plan: [{ axis: 'Desarrollo económico', observations: ['Más ferias de empleo'], contributions: [] }],
      },
      conclusiones: { text: 'Se cumplieron los compromisos' },
    }
    const xml = await documentXml(english)
    // Each run of text with the language it is marked with, if any.
    const runs = [...xml.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map((m) => ({
      text: [...m[1].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
      lang: m[1].match(/<w:lang w:val="([^"]+)"\/>/)?.[1],
    }))
    const langOf = (text: string) => {
      const found = runs.filter((r) => r.text === text)
      expect(found.length, text).toBeGreaterThan(0)
      return new Set(found.map((r) => r.lang))
    }
    for (const text of [
      'Rendición de cuentas 2026', // the event's title, in the title and the general figures
      'Secretaría de Desarrollo Económico',
      'Auditorio',
      'Instalación', // the agenda
      'Facebook Live, YouTube', // the channels
      '¿Cómo califica la gestión?',
      'Buena',
      'Más ferias', // a written answer
      'Empleo juvenil', // a topic proposed
      'Despacho', // a department, in its share table, the list of questions and the commitments
      '¿Cuándo abre la convocatoria?',
      'Abrir convocatoria de emprendimiento',
      'Subsecretaría',
      'Desarrollo económico', // the work plan's axis and what citizens said under it
      'Más ferias de empleo',
      'Se cumplieron los compromisos',
    ])
      expect(langOf(text), text).toEqual(new Set(['es']))
    // The report's own words, and an option staff gave an English wording, are the document's language.
    for (const text of ['Bad', 'Option', 'Base of the percentages', 'Pending', 'SDE-2026-000001'])
      expect(langOf(text), text).toEqual(new Set([undefined]))
  })

  it('charts a question of many options in parts a page high, with room for every option’s name', async () => {
    // Forty neighbourhoods, one to four people each: a chart of them all in one would squeeze each bar
    // below the height of its name.
    const pairs = Array.from({ length: 40 }, (_, i): [string, number] => [
      `Barrio número ${i + 1}`,
      1 + (i % 4),
    ])
    const answered = pairs.reduce((n, [, c]) => n + c, 0)
    const q = reportQuestion('barrio', '¿En qué barrio vive?', answered, pairs)
    const bytes = await renderDocx({
      ...fixtureReport,
      evaluacion: { ...fixtureReport.evaluacion, responses: answered, questions: [q] },
    })
    const files = unzipSync(bytes)
    const xml = strFromU8(files['word/document.xml'])
    // Each chart of the question: its height on the page and the options it draws.
    const drawings = [
      ...xml.matchAll(/<wp:extent cx="\d+" cy="(\d+)"\/>(?:(?!<\/w:drawing>).)*?r:id="([^"]+)"/gs),
    ]
    const rels = strFromU8(files['word/_rels/document.xml.rels'])
    const charts = drawings
      .map(([, cy, id]) => {
        const target = rels.match(new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`))?.[1] ?? ''
        const chart = strFromU8(files[`word/${target}`] ?? new Uint8Array())
        const cat = chart.match(/<c:cat>(?:(?!<\/c:cat>).)*<\/c:cat>/s)?.[0] ?? ''
        return { px: Number(cy) / 9525, names: [...cat.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]) }
      })
      .filter((c) => c.names.some((n) => n.startsWith('Barrio')))
    expect(charts.flatMap((c) => c.names)).toEqual(pairs.map(([label]) => label))
    // A page's text is 989 px high (A4 less its margins, at 96 px an inch): each chart fits on one.
    for (const c of charts) {
      expect(c.px / c.names.length, `${c.names.length} bars in ${c.px} px`).toBeGreaterThanOrEqual(30)
      expect(c.px).toBeLessThan(900)
    }
    // Laid out, every option is named beside its bar and in the table (a leading one in the summary too).
    const lines = laidOut(bytes)
    if (lines)
      for (const [label] of pairs) {
        const named = lines.join('\n').match(new RegExp(`${label}(?!\\d)`, 'g'))?.length ?? 0
        expect(named, label).toBeGreaterThanOrEqual(2)
      }
  }, 150_000)

  it('labels each bar with its share as the table writes it, on one line, in Spanish and English', async () => {
    const questions = [
      reportQuestion('todos', 'Todos', 18, [
        ['Sí', 18],
        ['No', 0],
      ]),
      reportQuestion('parte', 'Parte', 18, [
        ['Buena', 7],
        ['Regular', 11],
      ]),
    ]
    for (const lang of ['es', 'en'] as const) {
      const bytes = await renderDocx({
        ...fixtureReport,
        lang,
        evaluacion: { ...fixtureReport.evaluacion, responses: 18, questions },
      })
      const files = unzipSync(bytes)
      const labels = Object.keys(files)
        .filter((f) => /^word\/charts\/chart\d+\.xml$/.test(f))
        .flatMap((f) => strFromU8(files[f]).match(/<c:dLbls>(?:(?!<\/c:dLbls>).)*<\/c:dLbls>/gs) ?? [])
      // Fixed text, not a number format, which a viewer writes with its own decimal mark ("38.9 %").
      const texts = labels.flatMap((l) => [...l.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]))
      for (const share of [100, 0, 38.9, 61.1]) expect(texts, lang).toContain(formatPercent(share, lang))
      // And set on one line: a label's box that wraps is cut at about six characters by LibreOffice.
      const boxes = labels.flatMap((l) => l.match(/<a:bodyPr [^>]*>/g) ?? [])
      expect(boxes.length).toBeGreaterThan(0)
      for (const box of boxes) expect(box).toContain('wrap="none"')
      // Each chart, and each run of its text, in the document's language, not docx's en-US.
      const charts = Object.keys(files)
        .filter((f) => /^word\/charts\/chart\d+\.xml$/.test(f))
        .map((f) => strFromU8(files[f]))
      const tags = charts.flatMap((x) =>
        [...x.matchAll(/(?:<c:lang val=| lang=)"([^"]+)"/g)].map((m) => m[1]),
      )
      expect(tags.length).toBeGreaterThan(charts.length)
      expect(new Set(tags), lang).toEqual(new Set([lang === 'es' ? 'es-CO' : 'en-US']))
      const lines = laidOut(bytes)?.map((l) => l.replace(/\u00a0/g, ' '))
      if (!lines) continue
      const line = (name: string) => lines.find((l) => new RegExp(`^\\s*${name}\\s`).test(l)) ?? ''
      expect(line('Sí'), lang).toMatch(lang === 'es' ? /\s100,0 %$/ : /\s100\.0%$/)
      expect(line('Buena'), lang).toMatch(lang === 'es' ? /\s38,9 %$/ : /\s38\.9%$/)
      expect(lines.filter((l) => /^\s*%\s*$/.test(l))).toEqual([])
    }
  }, 150_000)

  it.skipIf(!hasLibreOffice)(
    'keeps each heading, and the count under it, on the page of the chart and table that follow',
    async () => {
      // Sixteen questions of two to six options: blocks of different heights, so that page ends fall
      // at many places of a block.
      const options = ['Muy buena', 'Buena', 'Regular', 'Mala', 'Muy mala', 'No sabe']
      const questions = Array.from({ length: 16 }, (_, i) =>
        reportQuestion(
          `p${i + 1}`,
          `Pregunta ${i + 1}: ¿cómo califica el punto ${i + 1} del informe?`,
          40,
          options.slice(0, 2 + (i % 5)).map((o, j): [string, number] => [o, 6 + ((i + j) % 4)]),
        ),
      )
      const bytes = await renderDocx({
        ...fixtureReport,
        evaluacion: { ...fixtureReport.evaluacion, responses: 40, questions },
      })
      const xml = strFromU8(unzipSync(bytes)['word/document.xml'])
      const headings = new Set(
        [
          ...xml.matchAll(/<w:p><w:pPr><w:pStyle w:val="(?:Title|Heading\d)"\/>(?:(?!<\/w:p>).)*<\/w:p>/gs),
        ].map((m) => [...m[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
      )
      for (const q of questions) expect(headings).toContain(q.label)
      const text = docxToPdfText(bytes, { layout: true })
      expect(text).not.toBeNull()
      const pages = text!
        .split('\f')
        .map((page) =>
          page
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        )
        .filter((lines) => lines.length)
      expect(pages.length).toBeGreaterThan(5)
      for (const [i, lines] of pages.slice(0, -1).entries()) {
        const last = lines.at(-1)!
        expect(
          headings.has(last) || /^\d+ respuestas?$/.test(last),
          `page ${i + 1} ends with «${last}»`,
        ).toBe(false)
      }
    },
    150_000,
  )
})
