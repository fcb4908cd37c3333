import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { requiredAnswers, sampleEvent, type TestApp, testApp } from './helpers'

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
      JSON.stringify(p),
    ).toBe(
      // A name and a territory are one line: the one with a line break is refused, and reaches the
      // exports through the survey's free text below.
      /[\r\n]/.test(p) ? 400 : 201,
    )
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

describe('the report as a spreadsheet', () => {
  /** An event whose every kind of typed text starts like a formula: staff's, the survey's, the questions'. */
  async function withFormulas() {
    const t = await testApp()
    const token = t.adminToken
    const event = sampleEvent({
      slug: 'informe',
      title: '=HYPERLINK("http://evil.co","Informe")',
      agenda: ['@SUM(A1:A9)', '-2+3'],
      channels: ['+57 300 123 4567'],
    })
    expect((await t.call('POST', '/api/events', { token, body: event })).status).toBe(201)
    const added = await t.call('POST', '/api/events/informe/forms/evaluacion/questions', {
      token,
      body: {
        id: 'servicio',
        type: 'single',
        label: '=1+1',
        options: [
          { value: 'si', label: '@SUM(A1:A9)' },
          { value: 'no', label: '-1+1' },
        ],
      },
    })
    expect(added.status).toBe(201)
    for (const [i, p] of payloads.entries())
      expect(
        (
          await t.call('POST', '/api/events/informe/forms/evaluacion/responses', {
            body: {
              answers: { ...requiredAnswers, servicio: 'si', comentarios: p, temas_proximo: p },
              deviceToken: `report-formula-${String(i).padStart(6, '0')}`,
            },
          })
        ).status,
      ).toBe(201)
    const asked = await t.call('POST', '/api/events/informe/questions', {
      body: { type: 'pregunta', text: '=HYPERLINK("http://evil.co","¿Y la vía?")' },
    })
    expect(asked.status).toBe(201)
    await t.call('PATCH', `/api/questions/${asked.json.id}`, {
      token,
      body: { status: 'answered_live', answer: '+57 300 123 4567', area: 'despacho' },
    })
    await t.call('POST', '/api/events/informe/commitments', {
      token,
      body: {
        description: '@SUM(A1:A9)',
        activity: '=1+1',
        responsible: '-Pedro',
        area: 'despacho',
        dueMonth: '2027-02',
      },
    })
    return t
  }

  const download = async (t: TestApp, query: string) => {
    const res = await t.app.request(`/api/events/informe/report?${query}`, {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    expect(res.status, query).toBe(200)
    return res.arrayBuffer()
  }

  it('writes no CSV cell that a spreadsheet would run as a formula, in any table or copy', async () => {
    const t = await withFormulas()
    for (const query of ['format=csv', 'format=csv&audience=public', 'format=csv&delimiter=,']) {
      const delimiter = query.includes('delimiter=,') ? ',' : ';'
      const cells = csvCells(new TextDecoder().decode(await download(t, query)), delimiter)
      expect(
        cells.filter((c) => FORMULA_START.test(c)),
        query,
      ).toEqual([])
      for (const typed of ["'=HYPERLINK(", "'@SUM(A1:A9)", "'-1+1", "'=1+1"])
        expect(
          cells.some((c) => c.startsWith(typed)),
          `${query}: ${typed}`,
        ).toBe(true)
    }
    // The staff copy lists what people wrote: their formulas too, as text.
    const staff = csvCells(new TextDecoder().decode(await download(t, 'format=csv')))
    expect(staff).toContain("'+57 300 123 4567")
    expect(staff).toContain("'-2+3")
  })

  it('writes every sheet of its workbook as typed text, with no formula', async () => {
    const t = await withFormulas()
    for (const query of ['format=xlsx', 'format=xlsx&audience=public']) {
      const { sheets, text } = xlsxParts(await download(t, query))
      // The report's tables but Ecuador's work plan, which this Colombian entity's commitments do not have.
      expect(sheets.length, query).toBe(7)
      for (const sheet of sheets) expect(sheet, query).not.toMatch(/<f[\s>]/)
      expect(text, query).toMatch(/=HYPERLINK\(&quot;http:\/\/evil\.co&quot;|=HYPERLINK\("http:\/\/evil\.co"/)
      expect(text, query).toContain('@SUM(A1:A9)')
    }
  })
})
