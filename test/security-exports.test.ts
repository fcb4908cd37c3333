import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { sampleEvent, type TestApp, testApp } from './helpers'

/**
 * Spreadsheet formula injection (CSV injection, OWASP): text that people or staff typed must reach a
 * spreadsheet as text. In CSV a leading = + - @ tab or CR gets a `'`; in XLSX every text is a typed
 * string cell, never a formula.
 */
const payloads = [
  '=HYPERLINK("http://evil.co","clic")',
  '+57 300 123 4567',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  // A line break inside a value: unquoted, a spreadsheet would start a row at it, with a formula.
  "Pedro\n=cmd|' /C calc'!A0",
]
const FORMULA_START = /^[=+\-@\t\r]/

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF; enough to see each cell as Excel would. */
function csvCells(text: string, delimiter = ';'): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"'
      i++
    } else if (quoted && ch === '"') quoted = false
    else if (quoted) cell += ch
    else if (ch === '"' && cell === '') quoted = true
    else if (ch === delimiter || ch === '\n') {
      cells.push(cell.replace(/\r$/, ''))
      cell = ''
    } else cell += ch
  }
  if (cell) cells.push(cell)
  return cells
}

function xlsxParts(bytes: ArrayBuffer) {
  const files = unzipSync(new Uint8Array(bytes))
  const sheets = Object.keys(files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))
  const text = Object.entries(files)
    .filter(([f]) => f.endsWith('.xml'))
    .map(([, b]) => strFromU8(b))
    .join('\n')
  return { sheets: sheets.map((f) => strFromU8(files[f])), text }
}

async function withPayloads() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  for (const [i, p] of payloads.entries())
    expect(
      (
        await t.call('POST', '/api/events/evento/attendance', {
          body: { name: p, email: `p${i}@correo.co`, territory: p, consent: true },
        })
      ).status,
    ).toBe(201)
  const form = await t.call('POST', '/api/events/evento/forms', {
    token: t.adminToken,
    body: {
      key: 'satisfaccion',
      title: 'Satisfacción',
      questions: [
        {
          id: 'servicio',
          type: 'single',
          label: '=HYPERLINK("http://evil.co","¿Le gustó?")',
          options: [
            { value: 'si', label: '@SUM(A1:A9)' },
            { value: 'no', label: '-1+1' },
          ],
        },
        { id: 'comentario', type: 'long_text', label: '+Comentario' },
      ],
    },
  })
  expect(form.status).toBe(201)
  for (const [i, p] of payloads.entries())
    await t.call('POST', '/api/events/evento/forms/satisfaccion/responses', {
      body: {
        answers: { servicio: 'si', comentario: p },
        deviceToken: `export-device-${String(i).padStart(6, '0')}`,
      },
    })
  return t
}

const exportsOf = (t: TestApp, format: 'csv' | 'xlsx') =>
  Promise.all(
    [
      '/api/events/evento/attendance',
      '/api/events/evento/forms/satisfaccion/stats',
      '/api/events/evento/forms/satisfaccion/responses',
    ].map(async (path) => {
      const res = await t.app.request(`${path}?format=${format}`, {
        headers: { authorization: `Bearer ${t.adminToken}` },
      })
      expect(res.status, path).toBe(200)
      return { path, body: await res.arrayBuffer() }
    }),
  )

describe('spreadsheet exports', () => {
  it('write no CSV cell that a spreadsheet would run as a formula, and keep the text readable', async () => {
    const t = await withPayloads()
    for (const { path, body } of await exportsOf(t, 'csv')) {
      const cells = csvCells(new TextDecoder().decode(body))
      expect(
        cells.filter((c) => FORMULA_START.test(c)),
        path,
      ).toEqual([])
      expect(
        cells.some((c) => c.startsWith("'=HYPERLINK(") || c.startsWith("'@SUM")),
        path,
      ).toBe(true)
    }
  })

  it('write XLSX cells as typed text, with no formula anywhere in the workbook', async () => {
    const t = await withPayloads()
    for (const { path, body } of await exportsOf(t, 'xlsx')) {
      const { sheets, text } = xlsxParts(body)
      expect(sheets.length, path).toBeGreaterThan(0)
      for (const sheet of sheets) expect(sheet, path).not.toMatch(/<f[\s>]/)
      expect(text, path).toMatch(/=HYPERLINK\(&quot;http:\/\/evil\.co&quot;|=HYPERLINK\("http:\/\/evil\.co"/)
    }
  })
})
