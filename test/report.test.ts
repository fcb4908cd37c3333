import fc from 'fast-check'
import { strFromU8, unzipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { percent } from '../server/services/percent'
import { pointsBetween } from '../server/services/report/across'
import { label } from '../server/services/report/labels'
import { pqrsdSection } from '../server/services/report/pqrsd'
import { renderReport } from '../server/services/report/render'
import { renderDocx } from '../server/services/report/render-docx'
import { cell as mdCell, safe as mdText, renderMarkdown } from '../server/services/report/render-md'
import { leadingSentence } from '../server/services/report/summary'
import { shareTable } from '../server/services/report/tables'
import { longDate } from '../web/shared/format'
import { type CsvTable, csvTables, tableOf, xlsxSheets } from './fixtures/csv-tables'
import { docxToPdfText, hasLibreOffice } from './fixtures/office'
import { fixtureReport } from './fixtures/report'
import { requiredAnswers, sampleEvent, type TestApp, testApp } from './helpers'
import { langAt } from './lang-at'

const base = requiredAnswers

/** A report's text in any format: Word's document, every sheet of a workbook, or the text itself. */
function textOf(type: string | null, body: Uint8Array) {
  if (!type?.includes('officedocument')) return strFromU8(body)
  const files = unzipSync(body)
  const parts = Object.keys(files).filter((f) => f === 'word/document.xml' || /^xl\/worksheets\//.test(f))
  expect(parts.length).toBeGreaterThan(0)
  return parts.map((f) => strFromU8(files[f]).replace(/<[^>]+>/g, ' ')).join('\n')
}
// Five responses: calificacion_gestion 2 excelente, 2 buena, 1 regular; medio_enterado is multi-choice.
const responses = [
  {
    ...base,
    calificacion_gestion: 'excelente',
    medio_enterado: ['redes_sociales', 'voz_a_voz'],
    temas_proximo: 'Empleo juvenil',
  },
  {
    ...base,
    calificacion_gestion: 'excelente',
    medio_enterado: ['redes_sociales'],
    temas_proximo: 'Empleo juvenil',
  },
  { ...base, calificacion_gestion: 'buena', medio_enterado: ['voz_a_voz'], temas_proximo: 'Vías rurales' },
  {
    ...base,
    calificacion_gestion: 'buena',
    medio_enterado: ['redes_sociales'],
    tiempo_exposicion: 'insuficiente',
  },
  { ...base, calificacion_gestion: 'regular', responde_intereses: 'parcialmente' },
]
const people = [
  ['Ana', 'mujer', 'whatsapp'],
  ['Beatriz', 'mujer', 'whatsapp'],
  ['Carla', 'mujer', 'whatsapp'],
  ['Diana', 'mujer', 'facebook'],
  ['Ernesto', 'hombre', 'facebook'],
  ['Fabio', 'hombre', 'facebook'],
  ['Gabriel', 'hombre', 'whatsapp'],
] as const

async function seed(t: TestApp) {
  const token = t.adminToken
  await t.call('POST', '/api/events', {
    token,
    body: sampleEvent({ slug: 'informe', channels: ['Facebook Live'] }),
  })
  await t.call('PATCH', '/api/events/informe', {
    token,
    body: { peakViewers: 81, figuresSource: 'Facebook Live' },
  })
  const codes: string[] = []
  for (const [i, [name, gender, linkChannel]] of people.entries()) {
    const res = await t.call('POST', '/api/events/informe/attendance', {
      body: { name, gender, linkChannel, documentType: 'CC', documentNumber: `1000${i}`, consent: true },
    })
    expect(res.status).toBe(201)
    codes.push(res.json.checkinCode)
  }
  for (const code of codes.slice(0, 2))
    expect((await t.call('POST', '/api/events/informe/checkins', { token, body: { code } })).status).toBe(200)
  for (const [i, answers] of responses.entries())
    expect(
      (
        await t.call('POST', '/api/events/informe/forms/evaluacion/responses', {
          body: { answers, deviceToken: `device-token-${i}-abcdef` },
        })
      ).status,
    ).toBe(201)
  const ask = async (text: string) =>
    (await t.call('POST', '/api/events/informe/questions', { body: { type: 'pregunta', text } })).json
      .id as string
  const moderate = (id: string, body: Record<string, unknown>) =>
    t.call('PATCH', `/api/questions/${id}`, { token, body })
  const [q1, q2, q3, q4] = [
    await ask('¿Cuándo abre la convocatoria?'),
    await ask('¿Qué pasó con las ferias?'),
    await ask('¿Habrá más cupos?'),
    await ask('compren ya spam spam'),
  ]
  await moderate(q1, { status: 'answered_live', answer: 'En febrero.', area: 'despacho' })
  await moderate(q2, { status: 'answered_live', answer: 'Se hicieron doce.', area: 'despacho' })
  await moderate(q3, { status: 'pending', area: 'cadenas-valor' })
  await moderate(q4, { status: 'hidden', reason: 'Publicidad' })
  await t.call('POST', '/api/events/informe/commitments', {
    token,
    body: {
      description: 'Abrir la convocatoria de emprendimiento',
      area: 'despacho',
      activity: 'Publicar términos',
      dueMonth: '2027-02',
      questionId: q3,
    },
  })
}

describe('the report', () => {
  let t: TestApp
  let report: any
  beforeAll(async () => {
    t = await testApp({ now: new Date('2026-11-28T15:00:00Z') })
    await seed(t)
    const res = await t.call('GET', '/api/events/informe/report', { token: t.adminToken })
    expect(res.status).toBe(200)
    report = res.json
  })

  it('has the six sections of DOMAIN.md and a place for conclusions', () => {
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        'general',
        'convocatoria',
        'asistencia',
        'evaluacion',
        'pqrsd',
        'compromisos',
        'conclusiones',
      ]),
    )
    // API.md: times are ISO 8601 instants; the text beside it is for people.
    expect(report.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    expect(report.generatedAtText).toMatch(/ de 2026/)
    expect(report.general).toMatchObject({
      title: sampleEvent().title,
      modality: 'hibrida',
      channels: ['Facebook Live'],
    })
    expect(report.general.date).toBe('viernes, 27 de noviembre de 2026, 2:00 p. m., hora de Colombia (UTC−5)')
  })

  it('states attendance figure by figure, with the staff-entered figure and its source', () => {
    const a = report.asistencia
    expect([a.registered, a.checkedIn]).toEqual([7, 2])
    expect(a.figures).toEqual([
      { key: 'peakViewers', label: 'Máximo de espectadores en vivo', value: 81, source: 'Facebook Live' },
    ])
    // DOMAIN.md's attendance breakdowns have their cells under 5 suppressed, in the staff copy too (it is
    // what goes into the published report); the exact figures stay in the staff's attendance summary.
    const gender = a.breakdowns.find((b: any) => b.key === 'gender').tally
    expect(gender.total).toBe(7)
    expect(
      gender.items.filter((i: any) => i.suppressed).map((i: any) => [i.label, i.count, i.percent]),
    ).toEqual([
      ['Mujer', null, null],
      ['Hombre', null, null],
    ])
    expect(a.summary).toBe(
      '7 personas se registraron y 2 registraron su ingreso. La transmisión tuvo un máximo de 81 espectadores en vivo (fuente: Facebook Live).',
    )
    const links = report.convocatoria.joinLinks.items
      .filter((i: any) => i.count > 0)
      .map((i: any) => [i.label, i.count, i.percent])
    expect(links).toEqual([
      ['WhatsApp', 4, 57.1],
      ['Facebook', 3, 42.9],
    ])
  })

  it('states every survey question with its count and one-decimal percentages', () => {
    const e = report.evaluacion
    expect(e.responses).toBe(5)
    const q = e.questions.find((x: any) => x.id === 'calificacion_gestion')
    expect(q.answered).toBe(5)
    expect(q.options.map((o: any) => [o.key, o.count, o.percent])).toEqual([
      ['excelente', 2, 40],
      ['buena', 2, 40],
      ['regular', 1, 20],
      ['mala', 0, 0],
    ])
    expect(q.summary).toBe(
      'De 5 respuestas, «Excelente» (40,0\u00a0%) y «Buena» (40,0\u00a0%) empataron como las más elegidas.',
    )
    const heard = report.convocatoria.heardFrom
    expect(heard.multi).toBe(true)
    expect(heard.answered).toBe(4)
    expect(heard.options.filter((o: any) => o.count).map((o: any) => [o.key, o.count, o.percent])).toEqual([
      ['redes_sociales', 3, 75],
      ['voz_a_voz', 2, 50],
    ])
    expect(e.nextTopics).toEqual([
      { text: 'Empleo juvenil', count: 2 },
      { text: 'Vías rurales', count: 1 },
    ])
  })

  it('counts questions answered live and pending, and the share per area, hidden spam among the pending', () => {
    const p = report.pqrsd
    expect([p.received, p.answeredLive, p.pending, p.answeredInWriting]).toEqual([4, 2, 2, 0])
    expect(p.byArea.items.map((i: any) => [i.label, i.count, i.percent])).toEqual([
      ['Despacho', 2, 66.7],
      ['Subsecretaría de Cadenas de Valor', 1, 33.3],
    ])
    // The spam keeps its row, so the series reads whole, without its text; the staff copy says why.
    expect(p.questions.map((q: any) => q.radicado)).toEqual([
      'SDE-2026-000001',
      'SDE-2026-000002',
      'SDE-2026-000003',
      'SDE-2026-000004',
    ])
    expect(p.questions[2]).toMatchObject({
      statusLabel: 'Pendiente',
      area: 'Subsecretaría de Cadenas de Valor',
      answer: null,
    })
    expect(p.questions[3]).toMatchObject({
      text: null,
      status: 'hidden',
      statusLabel: 'Oculta (motivo: Publicidad)',
      area: null,
      answer: null,
      // Its term runs, off the wall.
      dueDateApplies: true,
    })
    expect(JSON.stringify(report)).not.toContain('compren ya spam')
    expect(p.summary).toContain('66,7\u00a0% Despacho y 33,3\u00a0% Subsecretaría de Cadenas de Valor')
    // The sentence adds up to what was received, in the singular where it is one.
    expect(p.summary).toBe(
      'Se recibieron 4 preguntas: 2 se respondieron durante el evento y 2 quedan pendientes de respuesta. ' +
        'Por dependencia (de las 3 que tienen dependencia asignada): 66,7\u00a0% Despacho y 33,3\u00a0% Subsecretaría de Cadenas de Valor. ' +
        '1 de las pendientes se ocultó del muro por moderación (spam o insultos); su término corre igual.',
    )
    expect(report.compromisos.items).toEqual([
      expect.objectContaining({
        description: 'Abrir la convocatoria de emprendimiento',
        due: '2027-02',
        // Staff's copy: not published yet, and said so.
        statusLabel: 'Pendiente (sin publicar)',
        progress: 0,
      }),
    ])
  })

  const figures = [
    '57,1\u00a0%',
    '42,9\u00a0%',
    '40,0\u00a0%',
    '20,0\u00a0%',
    '75,0\u00a0%',
    '66,7\u00a0%',
    '33,3\u00a0%',
    'SDE-2026-000003',
    'Abrir la convocatoria de emprendimiento',
  ]

  it('puts the same figures in the Markdown and the HTML', async () => {
    for (const format of ['md', 'html']) {
      const res = await t.call('GET', `/api/events/informe/report?format=${format}`, { token: t.adminToken })
      expect(res.status).toBe(200)
      const text = format === 'html' ? res.text.replace(/&nbsp;|&#160;/g, '\u00a0') : res.text
      for (const f of figures) expect(text, `${format}: ${f}`).toContain(f)
    }
  })

  it('writes a commitment’s progress as the whole percentage staff gave it, with no decimal', async () => {
    const res = await t.call('GET', '/api/events/informe/report?format=md', { token: t.adminToken })
    const row = res.text.split('\n').find((l) => l.startsWith('|') && l.includes('Abrir la convocatoria'))
    expect(row).toMatch(/\| 0\u00a0% \|$/)
    const en = await t.call('GET', '/api/events/informe/report?format=md&lang=en', { token: t.adminToken })
    expect(en.text.split('\n').find((l) => l.startsWith('|') && l.includes('Abrir la convocatoria'))).toMatch(
      /\| 0% \|$/,
    )
  })

  it('writes a Word document with headings, tables, charts and the same figures', async () => {
    const res = await t.app.request('/api/events/informe/report?format=docx', {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="informe-informe.docx"')
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
    const xml = strFromU8(files['word/document.xml'])
    const text = xml.replace(/<[^>]+>/g, '')
    for (const f of figures) expect(text, f).toContain(f)
    expect(xml).toContain('w:val="Heading1"')
    // A note under a table spans its row, as in HTML, not squeezed into the first column (the public
    // copy has hidden cells, and so their note).
    const pub = await t.app.request('/api/events/informe/report?format=docx&audience=public', {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    const pubXml = strFromU8(unzipSync(new Uint8Array(await pub.arrayBuffer()))['word/document.xml'])
    const notes = pubXml.match(/<w:tr>(?:(?!<\/w:tr>).)*Oculta:(?:(?!<\/w:tr>).)*<\/w:tr>/gs) ?? []
    expect(notes.length).toBeGreaterThan(0)
    for (const row of notes) expect(row).toMatch(/<w:gridSpan w:val="3"\/>/)
    expect(Object.keys(files).filter((f) => /^word\/charts\/chart\d+\.xml$/.test(f)).length).toBeGreaterThan(
      5,
    )
  })

  it('numbers the agenda in Word, as in HTML (<ol>) and Markdown, not bullets', async () => {
    const files = unzipSync(await renderDocx(fixtureReport))
    const xml = strFromU8(files['word/document.xml'])
    const item = xml.match(/<w:p>(?:(?!<\/w:p>).)*Informe de gestión(?:(?!<\/w:p>).)*<\/w:p>/s)?.[0] ?? ''
    const numId = item.match(/<w:numId w:val="(\d+)"\/>/)?.[1]
    expect(numId).toBeDefined()
    const numbering = strFromU8(files['word/numbering.xml'])
    const abstract = numbering.match(
      new RegExp(`<w:num w:numId="${numId}"[^>]*>\\s*<w:abstractNumId w:val="(\\d+)"`),
    )?.[1]
    const levels = numbering.match(
      new RegExp(`<w:abstractNum [^>]*w:abstractNumId="${abstract}"[^>]*>(?:(?!</w:abstractNum>).)*`, 's'),
    )?.[0]
    expect(levels).toContain('<w:numFmt w:val="decimal"/>')
    expect(levels).toContain('<w:lvlText w:val="%1."/>')
  })

  it.skipIf(!hasLibreOffice)(
    'converts to PDF with LibreOffice without error, keeping the figures',
    async () => {
      const res = await t.app.request('/api/events/informe/report?format=docx', {
        headers: { authorization: `Bearer ${t.adminToken}` },
      })
      const bytes = new Uint8Array(await res.arrayBuffer())
      const text = docxToPdfText(bytes, { dir: process.env.CABILDO_KEEP_DOCX })
      if (text !== null) {
        for (const f of ['57,1', '66,7', 'Abrir la convocatoria']) expect(text).toContain(f)
        expect(text).toContain('SDE-2026-000003')
        // The wide tables' narrow columns wrap at words, never inside one: "Respondid" / "a en vivo".
        const lines = text.split('\n').map((l) => l.trim())
        for (const part of ['Respondid', 'Dependen', 'Subsecreta', 'rendició'])
          expect(lines.filter((l) => l === part || l.endsWith(` ${part}`))).toEqual([])
      }
    },
    150_000,
  )

  const gestion = 'De acuerdo con la información presentada, ¿cómo califica la gestión?'
  const download = async (query: string) => {
    const res = await t.app.request(`/api/events/informe/report?${query}`, {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    expect(res.status).toBe(200)
    return res
  }
  const tablesOf = async (query = 'format=csv') => csvTables(await (await download(query)).text())
  const sheetNames = [
    'Datos generales',
    'Cifras',
    'Resumen y notas',
    'Respuestas abiertas',
    'Preguntas PQRSD',
    'Compromisos',
    // Ecuador's plan de trabajo: a Colombian entity's report has it only when its commitments record one.
    'Conclusiones',
  ]

  it('exports every section as CSV, a table each, every row headed by its table', async () => {
    const res = await download('format=csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    const tables = csvTables(text)
    expect(tables.map((x) => x.name)).toEqual(sheetNames)
    // Section 1, the event's data, field by field, the agenda one row per item.
    const general = tableOf(tables, 'Datos generales')
    expect(general.headers).toEqual(['Campo', 'Valor'])
    expect(general.rows).toEqual(
      expect.arrayContaining([
        ['Entidad', 'Secretaría de Desarrollo Económico'],
        ['Evento', sampleEvent().title],
        ['Fecha', 'viernes, 27 de noviembre de 2026, 2:00 p. m., hora de Colombia (UTC−5)'],
        ['Modalidad', 'Híbrida'],
        ['Canales', 'Facebook Live'],
      ]),
    )
    // Every figure, with the base of its percentages on its own row and in its own column.
    const figures = tableOf(tables, 'Cifras')
    expect(figures.headers).toEqual([
      'Sección',
      'Indicador',
      'Opción',
      'Cantidad',
      'Porcentaje',
      'Base de los porcentajes',
      'Nota',
    ])
    expect(figures.rows).toContainEqual(['Evaluación', gestion, 'Excelente', '2', '40,0', '5', ''])
    expect(figures.rows).toContainEqual(['Evaluación', gestion, 'Mala', '0', '0,0', '5', ''])
    expect(figures.rows).toContainEqual([
      'Preguntas y respuestas – PQRSD',
      'Por dependencia',
      'Despacho',
      '2',
      '66,7',
      '3',
      '',
    ])
    expect(figures.rows).toContainEqual(['Asistencia', 'Personas registradas', '', '7', '', '', ''])
    expect(figures.rows).toContainEqual([
      'Asistencia',
      'Máximo de espectadores en vivo',
      '',
      '81',
      '',
      '',
      'Fuente: Facebook Live',
    ])
    // Hidden cells stay hidden: no count, and the note says so.
    expect(figures.rows).toContainEqual(['Asistencia', 'Género', 'Mujer', '', '', '7', 'oculta'])
    // A free-text question: how many answered, and no option.
    expect(figures.rows).toContainEqual([
      'Evaluación',
      'Temas sugeridos para la próxima rendición de cuentas',
      '',
      '',
      '',
      '3',
      'Pregunta abierta: sus respuestas están en la tabla «Respuestas abiertas».',
    ])
    // The commitments: how many stand in each status.
    expect(figures.rows).toContainEqual(['Compromisos', 'Estado', 'Pendiente', '1', '100,0', '1', ''])
    // The sentences and notes the other formats print under the tables.
    const notes = tableOf(tables, 'Resumen y notas').rows
    expect(notes).toContainEqual(['Asistencia', '', report.asistencia.summary])
    expect(notes).toContainEqual(['Preguntas y respuestas – PQRSD', '', report.pqrsd.summary])
    expect(notes).toContainEqual([
      'Evaluación',
      gestion,
      report.evaluacion.questions.find((q: any) => q.id === 'calificacion_gestion').summary,
    ])
    expect(notes).toContainEqual([
      'Convocatoria',
      report.convocatoria.heardFrom.label,
      label('multiNote', 'es'),
    ])
    expect(notes).toContainEqual(['Asistencia', 'Género', label('suppressedNote', 'es')])
    // The free texts, grouped, with how many wrote each.
    expect(tableOf(tables, 'Respuestas abiertas').rows).toEqual([
      ['Evaluación', 'Temas sugeridos para la próxima rendición de cuentas', 'Empleo juvenil', '2'],
      ['Evaluación', 'Temas sugeridos para la próxima rendición de cuentas', 'Vías rurales', '1'],
    ])
    // Each question with its radicado, its answer or its due date; the spam keeps its row, without text.
    const questions = tableOf(tables, 'Preguntas PQRSD')
    expect(questions.headers).toEqual([
      'Radicado',
      'Tipo',
      'Pregunta',
      'Estado',
      'Dependencia',
      'Recibida',
      'Vence',
      'Respuesta',
      'Respondida el',
      'Dentro del término',
    ])
    expect(questions.rows.map((r) => r[0])).toEqual(report.pqrsd.questions.map((q: any) => q.radicado))
    expect(questions.rows[0]).toEqual([
      'SDE-2026-000001',
      'Pregunta de rendición de cuentas',
      '¿Cuándo abre la convocatoria?',
      'Respondida en vivo',
      'Despacho',
      expect.stringMatching(/^2026-11-2\d \d\d:\d\d$/),
      '',
      'En febrero.',
      expect.stringMatching(/^2026-11-2\d \d\d:\d\d$/),
      '',
    ])
    expect(questions.rows[2]).toMatchObject({
      2: '¿Habrá más cupos?',
      3: 'Pendiente',
      4: 'Subsecretaría de Cadenas de Valor',
      6: report.pqrsd.questions[2].dueDate,
      7: '',
    })
    expect(questions.rows[3]).toMatchObject({ 2: '', 3: 'Oculta (motivo: Publicidad)', 4: '' })
    expect(text).not.toContain('compren ya spam')
    expect(tableOf(tables, 'Compromisos').records).toEqual([
      {
        Eje: '',
        Compromiso: 'Abrir la convocatoria de emprendimiento',
        Actividad: 'Publicar términos',
        'Fecha o mes': '2027-02',
        'Fecha inicial': '',
        Responsable: '',
        Dependencia: 'Despacho',
        Estado: 'Pendiente (sin publicar)',
        'Avance (%)': '0',
      },
    ])
    expect(tableOf(tables, 'Conclusiones').rows).toEqual([['(Espacio para las conclusiones de la entidad.)']])
  })

  it('keeps only counts of options in the count columns: a question’s counts add up to its people', async () => {
    const figures = tableOf(await tablesOf(), 'Cifras')
    const byIndicator = new Map<string, Record<string, string>[]>()
    for (const r of figures.records) {
      const key = `${r.Sección} ${r.Indicador}`
      byIndicator.set(key, [...(byIndicator.get(key) ?? []), r])
    }
    for (const [indicator, rows] of byIndicator) {
      // Each count is a whole number or empty, never a label nor a total.
      for (const r of rows) expect(r.Cantidad, indicator).toMatch(/^(\d+)?$/)
      expect(rows.map((r) => r.Opción)).not.toContain('Base de los porcentajes')
      // Every row of a distribution has its base.
      const bases = new Set(rows.map((r) => r['Base de los porcentajes']))
      expect(bases.size, indicator).toBe(1)
    }
    const sum = (indicator: string) =>
      byIndicator.get(indicator)!.reduce((n, r) => n + Number(r.Cantidad || 0), 0)
    const base = (indicator: string) => Number(byIndicator.get(indicator)![0]['Base de los porcentajes'])
    for (const q of report.evaluacion.questions.filter((x: any) => x.options.length && !x.multi))
      expect(sum(`Evaluación ${q.label}`), q.label).toBe(base(`Evaluación ${q.label}`))
    expect(sum(`Evaluación ${gestion}`)).toBe(5)
    expect(sum('Preguntas y respuestas – PQRSD Por tipo')).toBe(4)
    // A multi-choice question's people may choose several: its rows say so.
    const heard = byIndicator.get(`Convocatoria ${report.convocatoria.heardFrom.label}`)!
    expect(new Set(heard.map((r) => r.Nota))).toEqual(new Set(['respuesta múltiple']))
    expect(sum(`Convocatoria ${report.convocatoria.heardFrom.label}`)).toBe(5)
    expect(base(`Convocatoria ${report.convocatoria.heardFrom.label}`)).toBe(4)
  })

  it('gives the same tables as an Excel workbook, a sheet each, numbers as numbers', async () => {
    const res = await download('format=xlsx')
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    expect(res.headers.get('content-disposition')).toContain('informe-informe.xlsx')
    const bytes = new Uint8Array(await res.arrayBuffer())
    const sheets = await xlsxSheets(bytes)
    const tables = await tablesOf()
    expect(sheets.map((x) => x.name)).toEqual(sheetNames)
    // Sheet for sheet the CSV's tables, header first, row for row, the numbers as numbers.
    const asCsv = (v: unknown) =>
      v === null
        ? ''
        : typeof v === 'number'
          ? Number.isInteger(v)
            ? String(v)
            : v.toFixed(1).replace('.', ',')
          : String(v)
    for (const [i, sheet] of sheets.entries()) {
      expect(sheet.headers, sheet.name).toEqual(tables[i].headers)
      expect(
        sheet.rows.map((r) => tables[i].headers.map((_, c) => asCsv(r[c] ?? null))),
        sheet.name,
      ).toEqual(tables[i].rows.map((r) => r.map((v) => v.replace(/^(\d+),0$/, '$1'))))
    }
    const figures = sheets[1].rows
    expect(figures).toContainEqual(['Evaluación', gestion, 'Excelente', 2, 40, 5, null])
    expect(figures).toContainEqual(['Asistencia', 'Género', 'Mujer', null, null, 7, 'oculta'])
    // The percentages show their one decimal (40,0), the counts are whole.
    const sheet = strFromU8(unzipSync(bytes)['xl/worksheets/sheet2.xml'])
    expect([...sheet.matchAll(/<c r="E\d+"( s="(\d+)")?><v>/g)].every((c) => c[2] === '2')).toBe(true)
    expect([...sheet.matchAll(/<c r="D\d+"( s="(\d+)")?><v>/g)].every((c) => c[2] === undefined)).toBe(true)
    expect(strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml'])).toContain('tabSelected="1"')
  })

  it('writes every share of its CSV with one decimal, 40,0 and 0,0, as the statistics CSV does', async () => {
    const row = (tables: CsvTable[], name: string, question: string, option: string) =>
      tableOf(tables, name).rows.find((r) => r.includes(question) && r.includes(option))
    const report = await tablesOf()
    expect(row(report, 'Cifras', gestion, 'Excelente')).toEqual([
      'Evaluación',
      gestion,
      'Excelente',
      '2',
      '40,0',
      '5',
      '',
    ])
    expect(row(report, 'Cifras', gestion, 'Mala')).toEqual([
      'Evaluación',
      gestion,
      'Mala',
      '0',
      '0,0',
      '5',
      '',
    ])
    // The same figures, written the same way, as the survey statistics give them.
    const statsCsv = async (query: string) => {
      const res = await t.app.request(`/api/events/informe/forms/evaluacion/stats?${query}`, {
        headers: { authorization: `Bearer ${t.adminToken}` },
      })
      return res.text()
    }
    const stats = csvTables(await statsCsv('format=csv'))
    expect(row(stats, 'Estadísticas', gestion, 'Excelente')).toEqual([
      gestion,
      'Excelente',
      '2',
      '40,0',
      '5',
      '',
    ])
    expect(row(stats, 'Estadísticas', gestion, 'Mala')).toEqual([gestion, 'Mala', '0', '0,0', '5', ''])
    // Where `,` separates the fields, the decimal is a point.
    const comma = (await (await download('format=csv&delimiter=,')).text()).split('\r\n')
    expect(comma).toContain(`Cifras,Evaluación,"${gestion}",Mala,0,0.0,5,,,,`)
    expect(comma).toContain(`Cifras,Evaluación,"${gestion}",Excelente,2,40.0,5,,,,`)
    const statsComma = (await statsCsv('format=csv&delimiter=,')).split('\r\n')
    expect(statsComma).toContain(`Estadísticas,"${gestion}",Excelente,2,40.0,5,`)
    expect(statsComma).toContain(`Estadísticas,"${gestion}",Mala,0,0.0,5,`)
  })

  it('speaks English when asked', async () => {
    const res = await t.call('GET', '/api/events/informe/report?format=md&lang=en', { token: t.adminToken })
    expect(res.text).toContain('## 5. Questions and answers – PQRSD')
    expect(res.text).toContain('66.7%')
  })

  it("marks what people wrote as Spanish in the English HTML, for a screen reader, and not the report's own words", async () => {
    const get = (format: string) =>
      t.call('GET', `/api/events/informe/report?format=${format}&lang=en`, { token: t.adminToken })
    const html = (await get('html')).text.replace(/<head>.*<\/head>/s, '')
    const { pqrsd } = (await get('json')).json
    const written = [
      'Rendición de cuentas 2026',
      'Facebook Live',
      'Empleo juvenil',
      '¿Cuándo abre la convocatoria?',
      'En febrero.',
      'Abrir la convocatoria de emprendimiento',
      'Publicar términos',
    ]
    for (const text of written) expect(langAt(html, text), text).toBe('es')
    // A department is named first in the section's English sentence; its cell in the list is its own.
    const list = html.slice(html.indexOf(label('questionList', 'en')))
    expect(langAt(list, 'Subsecretaría de Cadenas de Valor')).toBe('es')
    const own = [
      label('pqrsd', 'en'),
      label('questionList', 'en'),
      label('compromisos', 'en'),
      pqrsd.questions[0].statusLabel,
    ]
    for (const text of own) expect(langAt(html, text), text).toBe('en')
  })

  it('says in an English comparison which question and options staff wrote only in Spanish', async () => {
    const t2 = await testApp()
    for (const slug of ['sede-a', 'sede-b']) {
      await t2.call('POST', '/api/events', { token: t2.adminToken, body: sampleEvent({ slug }) })
      const added = await t2.call('POST', `/api/events/${slug}/forms/evaluacion/questions`, {
        token: t2.adminToken,
        body: {
          id: 'sede',
          type: 'single',
          label: '¿En qué sede lo atendieron?',
          options: [
            { value: 'norte', label: 'Sede norte' },
            { value: 'sur', label: 'Sede sur' },
          ],
        },
      })
      expect(added.status, added.text).toBe(201)
    }
    const cmp = await t2.call('GET', '/api/reports/compare?a=sede-a&b=sede-b&lang=en', {
      token: t2.adminToken,
    })
    const sede = cmp.json.questions.find((q: any) => q.id === 'sede')
    expect(sede).toMatchObject({ label: '¿En qué sede lo atendieron?', lang: 'es' })
    expect(sede.options.map((o: any) => [o.label, o.lang])).toEqual([
      ['Sede norte', 'es'],
      ['Sede sur', 'es'],
    ])
    // The bank's own questions are in English, unmarked.
    expect(cmp.json.questions.find((q: any) => q.id === 'calificacion_gestion')).not.toHaveProperty('lang')
  })

  it('marks in the English HTML a survey question and option staff wrote only in Spanish', async () => {
    const [q] = fixtureReport.evaluacion.questions
    const r: typeof fixtureReport = {
      ...fixtureReport,
      lang: 'en',
      evaluacion: {
        ...fixtureReport.evaluacion,
        questions: [
          { ...q, id: 'sede', label: '¿En qué sede lo atendieron?', lang: 'es' },
          { ...q, options: q.options.map((o, i) => (i ? o : { ...o, label: 'Sede norte', lang: 'es' })) },
        ],
      },
    }
    // What is read: not the head's title nor the charts, hidden from screen readers beside their tables.
    const html = ((await renderReport(r, 'html')).body as string)
      .replace(/<head>.*<\/head>/s, '')
      .replace(/<figure aria-hidden="true">.*?<\/figure>/gs, '')
    expect(langAt(html, '¿En qué sede lo atendieron?')).toBe('es')
    expect(langAt(html, 'Sede norte')).toBe('es')
    expect(langAt(html, '¿cómo califica la gestión?')).toBe('en')
    expect(langAt(html, 'Buena')).toBe('en')
  })

  it('publishes a public copy only when staff publish it, with small cells suppressed and no personal data', async () => {
    expect((await t.call('GET', '/api/events/informe/report/public')).json.error.code).toBe(
      'REPORT_NOT_PUBLISHED',
    )
    await t.call('PATCH', '/api/events/informe', { token: t.adminToken, body: { reportPublished: true } })
    const res = await t.call('GET', '/api/events/informe/report/public')
    expect(res.status).toBe(200)
    const gender = res.json.asistencia.breakdowns.find((b: any) => b.key === 'gender').tally.items
    expect(
      gender.filter((i: any) => i.label === 'Mujer' || i.label === 'Hombre').every((i: any) => i.suppressed),
    ).toBe(true)
    // Every radicado is listed (the hidden one too, without its text or its reason); the text only of
    // those made public, on the wall or answered on the stream.
    expect(res.json.pqrsd.questions.map((q: any) => [q.radicado, q.text === null, q.statusLabel])).toEqual([
      ['SDE-2026-000001', false, 'Respondida en vivo'],
      ['SDE-2026-000002', false, 'Respondida en vivo'],
      ['SDE-2026-000003', true, 'Pendiente'],
      ['SDE-2026-000004', true, 'Oculta'],
    ])
    expect(res.text).not.toMatch(/compren ya spam|Publicidad/)
    for (const name of people.map((p) => p[0])) expect(res.text).not.toContain(name)
    expect(res.json.evaluacion.questions.every((q: any) => q.texts === undefined)).toBe(true)
  })

  it('adds up events and compares two of them', async () => {
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'otro', startsAt: '2026-12-05T14:00:00-05:00' }),
    })
    await t.call('POST', '/api/events/otro/forms/evaluacion/responses', {
      body: {
        answers: { ...base, calificacion_gestion: 'mala', grupo_poblacional: ['indigena'] },
        deviceToken: 'device-token-x-abcdef',
      },
    })
    const totals = await t.call('GET', '/api/reports/totals?from=2026-01-01&to=2027-01-01', {
      token: t.adminToken,
    })
    expect(totals.json.totals).toMatchObject({
      events: 2,
      participants: 7,
      // 4 women and 3 men, both hidden in the event's report (cells under 5): the totals do not state them.
      women: null,
      men: null,
      surveyResponses: 6,
      // The spam hidden by moderation is a petition still, as in the event's own report.
      questions: 4,
    })
    expect(totals.json.events.map((e: any) => [e.slug, e.women, e.men])).toEqual([
      ['informe', null, null],
      ['otro', 0, 0],
    ])
    expect(totals.json.sentence).toBe('2 encuentros con 7 participantes.')
    // A draft in the period was never held: not one of its events, unless picked by its slug.
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'borrador', status: 'draft', startsAt: '2026-12-06T14:00:00-05:00' }),
    })
    const held = await t.call('GET', '/api/reports/totals?from=2026-01-01&to=2027-01-01', {
      token: t.adminToken,
    })
    expect(held.json.events.map((e: any) => e.slug)).toEqual(['informe', 'otro'])
    const picked = await t.call('GET', '/api/reports/totals?slugs=otro,borrador', { token: t.adminToken })
    expect(picked.json.events.map((e: any) => e.slug)).toEqual(['otro', 'borrador'])
    // A range that ends before it starts, or an event compared with itself, is a slip: said, not answered empty.
    const backwards = await t.call('GET', '/api/reports/totals?from=2026-12-01&to=2026-11-01', {
      token: t.adminToken,
    })
    expect([backwards.status, backwards.json.error.issues[0].path]).toEqual([400, 'to'])
    const oneDay = await t.call('GET', '/api/reports/totals?from=2026-12-05&to=2026-12-05', {
      token: t.adminToken,
    })
    expect(oneDay.json.events.map((e: any) => e.slug)).toEqual(['otro'])
    const itself = await t.call('GET', '/api/reports/compare?a=otro&b=otro', { token: t.adminToken })
    expect([itself.status, itself.json.error.issues[0]]).toEqual([
      400,
      { path: 'b', message: 'Elija otro evento para comparar con el primero.' },
    ])
    const cmp = await t.call('GET', '/api/reports/compare?a=informe&b=otro', { token: t.adminToken })
    const q = cmp.json.questions.find((x: any) => x.id === 'calificacion_gestion')
    expect(q.options.find((o: any) => o.value === 'mala')).toMatchObject({
      a: { count: 0, percent: 0 },
      b: { count: 1, percent: 100 },
      difference: 100,
    })
    // A sensitive question only in aggregate, as in the report: one person's group is not shown.
    const groups = cmp.json.questions.find((x: any) => x.id === 'grupo_poblacional')
    expect(groups.options.find((o: any) => o.value === 'indigena')).toMatchObject({
      b: { count: null, percent: null, suppressed: true },
      difference: null,
    })
    const md = await t.app.request('/api/reports/compare?a=informe&b=otro&format=md', {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="comparacion-informe-otro.md"')
    const text = await md.text()
    expect(text).toMatch(/\| Indígena \| [^|]+ \| oculta \| — \|/)
    // Each table starts with the bases; a side where nobody answered shows no share and no difference.
    expect(text).toContain('| Base de los porcentajes | 5 | 1 | |')
    const heard = cmp.json.questions.find((x: any) => x.id === 'medio_enterado')
    expect(heard.answered.b).toBe(0)
    expect(heard.options.every((o: any) => o.difference === null)).toBe(true)
    expect(text).toMatch(/\| Redes sociales \| \d+ \([^)]+\) \| — \| — \|/)
    expect(text).toContain('_Oculta: las cifras de menos de 5 personas no se publican')
    // The headline figures first, as each event's report and the totals give them: a gender count its
    // report hides has no difference either.
    expect(cmp.json.figures).toEqual([
      { key: 'participants', label: 'Participantes', a: 7, b: 0, difference: -7 },
      { key: 'checkedIn', label: 'Personas con ingreso registrado', a: 2, b: 0, difference: -2 },
      { key: 'women', label: 'Mujeres', a: null, b: 0, difference: null },
      { key: 'men', label: 'Hombres', a: null, b: 0, difference: null },
      { key: 'surveyResponses', label: 'Encuestas respondidas', a: 5, b: 1, difference: -4 },
      { key: 'questions', label: 'Preguntas recibidas', a: 4, b: 0, difference: -4 },
    ])
    expect(text.indexOf('### Cifras principales')).toBe(0)
    expect(text).toContain('| Participantes | 7 | 0 | -7 |')
    expect(text).toContain('| Mujeres | oculta | 0 | — |')
  })

  it('gives the two events compared as Word and Excel, in Spanish and English, hidden cells "oculta"', async () => {
    // The events of the test before: "informe" (A) hides its genders, "otro" (B) its one indigenous person.
    const get = (format: string, lang: string) =>
      t.app.request(`/api/reports/compare?a=informe&b=otro&format=${format}`, {
        headers: { authorization: `Bearer ${t.adminToken}`, 'accept-language': lang },
      })
    for (const [lang, hidden, difference, women] of [
      ['es', 'oculta', 'Diferencia (B − A)', 'Mujeres'],
      ['en', 'hidden', 'Difference (B − A)', 'Women'],
    ] as const) {
      const json = (
        await t.call('GET', `/api/reports/compare?a=informe&b=otro&lang=${lang}`, { token: t.adminToken })
      ).json
      const dates = [json.a.date, json.b.date]
      const option = (q: string, v: string) =>
        json.questions.find((x: any) => x.id === q).options.find((o: any) => o.value === v).label
      const indigenous = option('grupo_poblacional', 'indigena')
      const sides = dates.map(
        (d, i) => `${i ? 'B' : 'A'} · ${json[i ? 'b' : 'a'].title}, ${longDate(d, lang)}`,
      )
      const docx = await get('docx', lang)
      expect(docx.status).toBe(200)
      expect(docx.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      )
      expect(docx.headers.get('content-disposition')).toBe(
        'attachment; filename="comparacion-informe-otro.docx"',
      )
      const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
      const rows = [...xml.matchAll(/<w:tr>(.*?)<\/w:tr>/gs)].map((r) =>
        [...r[1].matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((c) => c[1].replace(/<[^>]+>/g, '')),
      )
      expect(rows[0]).toEqual(['', ...sides, difference])
      expect(rows).toContainEqual([women, hidden, '0', '—'])
      // Nobody at A answered the group question: no share there; B's one person is hidden.
      expect(rows).toContainEqual([indigenous, '—', hidden, '—'])
      // Figures only: no name of the people who registered.
      for (const [name] of people) expect(xml).not.toContain(name)

      const xlsx = await get('xlsx', lang)
      expect(xlsx.headers.get('content-type')).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      )
      expect(xlsx.headers.get('content-disposition')).toBe(
        'attachment; filename="comparacion-informe-otro.xlsx"',
      )
      const book = new Uint8Array(await xlsx.arrayBuffer())
      for (const [name] of people) expect(textOf(xlsx.headers.get('content-type'), book)).not.toContain(name)
      const [figures, survey] = await xlsxSheets(book)
      expect(figures.headers).toEqual([label('indicator', lang), ...sides, difference])
      expect(figures.rows).toContainEqual([women, hidden, 0, null])
      expect(figures.rows).toContainEqual([label('participants', lang), 7, 0, -7])
      expect(survey.rows.find((r) => r[1] === indigenous)!.slice(2)).toEqual([0, null, hidden, null, null])
      // The same figures as the JSON: "mala" went from nobody to the one answer, a hundred points.
      const rating = json.questions.find((q: any) => q.id === 'calificacion_gestion')
      const bad = survey.rows.find((r) => r[0] === rating.label && r[1] === option(rating.id, 'mala'))!
      expect(bad.slice(2)).toEqual([0, 0, 1, 100, 100])
    }
    // A format it does not know is a clear error, in the one envelope.
    const odd = await t.call('GET', '/api/reports/compare?a=informe&b=otro&format=pdf', {
      token: t.adminToken,
    })
    expect([odd.status, odd.json.error.code, odd.json.error.issues[0].path]).toEqual([
      400,
      'VALIDATION_ERROR',
      'format',
    ])
  })

  it('names each compared event in the Markdown with its date, as A and B, when the titles are the same', async () => {
    // Last year's dialogue and this year's, titled alike, as an entity titles them.
    const t = await testApp()
    const title = 'Rendición de cuentas — Secretaría de Desarrollo Económico'
    for (const [slug, startsAt] of [
      ['dialogo-2025', '2025-11-28T14:00:00-05:00'],
      ['dialogo-2026', '2026-11-27T14:00:00-05:00'],
    ]) {
      const made = await t.call('POST', '/api/events', {
        token: t.adminToken,
        body: sampleEvent({ slug, title, startsAt }),
      })
      expect(made.status).toBe(201)
    }
    for (const [lang, difference] of [
      ['es', 'Diferencia (B − A)'],
      ['en', 'Difference (B − A)'],
    ]) {
      const md = await t.call(
        'GET',
        `/api/reports/compare?a=dialogo-2025&b=dialogo-2026&format=md&lang=${lang}`,
        {
          token: t.adminToken,
        },
      )
      expect(md.status).toBe(200)
      const sides = `| A · ${title}, ${longDate('2025-11-28', lang as 'es')} | B · ${title}, ${longDate('2026-11-27', lang as 'es')} | ${difference} |`
      // The main figures' table and every question's name the two columns the same way.
      const heads = md.text.split('\n').filter((line) => line.includes(title))
      expect(heads.length).toBeGreaterThan(1)
      for (const head of heads) expect(head.endsWith(sides)).toBe(true)
    }
  })
})

describe('the report page', () => {
  it('keeps its print stylesheet intact (not escaped into entities)', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'estilo' }) })
    const res = await t.call('GET', '/api/events/estilo/report?format=html', { token: t.adminToken })
    expect(res.text).toContain('font:11pt/1.45 "DejaVu Sans"')
    expect(res.text).not.toMatch(/<style>[^<]*&quot;/)
  })
})

describe('the report, for what a staff member pastes into the official one', () => {
  it('dates the event from its start to its end, and names the source of a figure staff left unnamed', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', {
      token,
      body: sampleEvent({ slug: 'con-fin', startsAt: '2026-11-27T14:00:00-05:00' }),
    })
    const patched = await t.call('PATCH', '/api/events/con-fin', {
      token,
      body: { endsAt: '2026-11-27T16:30:00-05:00', peakViewers: 40 },
    })
    expect(patched.status).toBe(200)
    const report = (lang: string) => t.call('GET', `/api/events/con-fin/report?lang=${lang}`, { token })
    const es = (await report('es')).json
    expect(es.general.date).toBe(
      'viernes, 27 de noviembre de 2026, de 2:00 p. m. a 4:30 p. m., hora de Colombia (UTC−5)',
    )
    expect(es.general.endsAt).toBe('2026-11-27T21:30:00.000Z')
    expect(es.asistencia.figures[0].source).toBe('personal de la entidad')
    const en = (await report('en')).json
    expect(en.general.date).toBe('Friday, November 27, 2026, from 2:00 PM to 4:30 PM, Colombia time (UTC−5)')
    // "(source: personal)" was the Spanish word stored for it, in the English report.
    expect(en.asistencia.figures[0].source).toBe("the entity's staff")
    expect(en.asistencia.summary).toContain("(source: the entity's staff)")
    // An event over two days gives both instants.
    await t.call('PATCH', '/api/events/con-fin', { token, body: { endsAt: '2026-11-28T10:00:00-05:00' } })
    expect((await report('es')).json.general.date).toBe(
      'viernes, 27 de noviembre de 2026, 2:00 p. m. – sábado, 28 de noviembre de 2026, 10:00 a. m., hora de Colombia (UTC−5)',
    )
    const md = (await t.call('GET', '/api/events/con-fin/report?format=md', { token })).text
    expect(md).toContain(
      'viernes, 27 de noviembre de 2026, 2:00 p. m. – sábado, 28 de noviembre de 2026, 10:00 a. m.',
    )
  })

  it('counts an event in the year and on the day it is held where it is held', async () => {
    const t = await testApp()
    const token = t.adminToken
    // New Year's Eve at 21:00 in Guayaquil is 1 January 02:00 UTC.
    await t.call('POST', '/api/events', {
      token,
      body: sampleEvent({
        slug: 'nochevieja',
        country: 'EC',
        timezone: 'America/Guayaquil',
        startsAt: '2026-12-31T21:00:00-05:00',
        entity: { name: 'GAD Parroquial de Nayón', nit: '1768000000001' },
      }),
    })
    const totals = (query: string) => t.call('GET', `/api/reports/totals?${query}`, { token })
    const year = await totals('from=2026-01-01&to=2026-12-31')
    expect(year.json.totals.events).toBe(1)
    expect(year.json.events[0].date).toBe('2026-12-31')
    expect(year.json.sentence).toBe('1 encuentro con 0 participantes, 0 mujeres y 0 hombres.')
    expect((await totals('from=2027-01-01&to=2027-12-31')).json.totals.events).toBe(0)
    const md = (await totals('from=2026-01-01&to=2026-12-31&format=md')).text
    expect(md).toContain('| 31 de diciembre de 2026 |')
  })

  it("states no gender figure across events that an event's report hides, nor one the total would give away", async () => {
    const t = await testApp()
    const token = t.adminToken
    const fill = async (slug: string, women: number, men: number) => {
      await t.call('POST', '/api/events', { token, body: sampleEvent({ slug }) })
      const genders = [...Array(women).fill('mujer'), ...Array(men).fill('hombre')]
      for (const [i, gender] of genders.entries())
        expect(
          (
            await t.call('POST', `/api/events/${slug}/attendance`, {
              body: { name: `Persona ${i}`, email: `${slug}${i}@example.org`, gender, consent: true },
            })
          ).status,
        ).toBe(201)
    }
    await fill('grande', 9, 6)
    await fill('chico', 7, 2)
    const totals = async (slugs: string) =>
      (await t.call('GET', `/api/reports/totals?slugs=${slugs}`, { token })).json
    // "chico" hides its 2 men and, beside them, its 7 women (its report does too); with "grande" beside it,
    // the total less grande's shown figures would give chico's: no gender total is stated.
    const two = await totals('grande,chico')
    expect(two.events.map((e: any) => [e.slug, e.women, e.men]).sort()).toEqual([
      ['chico', null, null],
      ['grande', 9, 6],
    ])
    expect([two.totals.women, two.totals.men]).toEqual([null, null])
    expect(two.sentence).toBe('2 encuentros con 24 participantes.')
    const mdRes = await t.call('GET', '/api/reports/totals?slugs=grande,chico&format=md', { token })
    expect(mdRes.headers.get('content-disposition')).toBe('attachment; filename="totales.md"')
    const md = mdRes.text
    expect(md).toMatch(/\| oculta \| oculta \|/)
    // A third event that hides its figures too: what the rows hide lies in two events and adds up to 5 or
    // more, so the totals are stated.
    await fill('otro', 3, 6)
    const three = await totals('grande,chico,otro')
    expect(three.events.find((e: any) => e.slug === 'otro')).toMatchObject({ women: null, men: null })
    expect([three.totals.women, three.totals.men]).toEqual([19, 14])
    expect(three.sentence).toBe('3 encuentros con 33 participantes, 19 mujeres y 14 hombres.')
  })

  it('judges answers on time against the term, leaving out what was forwarded to the competent entity', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'terminos' }) })
    const ask = async (text: string) =>
      (
        await t.call('POST', '/api/events/terminos/questions', {
          body: { type: 'peticion', text, email: 'a@b.co' },
        })
      ).json as { id: string }
    const moderate = (id: string, body: unknown) => t.call('PATCH', `/api/questions/${id}`, { token, body })
    const [answered, late, forwarded] = [await ask('¿Uno?'), await ask('¿Dos?'), await ask('¿Tres?')]
    for (const q of [answered, late]) await moderate(q.id, { status: 'pending', area: 'despacho' })
    expect((await moderate(answered.id, { status: 'answered', answer: 'Sí.' })).status).toBe(200)
    expect(
      (await moderate(forwarded.id, { status: 'forwarded', forwardedTo: 'INVÍAS', reason: 'Vía' })).status,
    ).toBe(200)
    // Two months on: the pending one is past its 15 business days; the forwarded one is another entity's.
    t.setNow(new Date('2027-02-01T15:00:00Z'))
    const later = await t.login() // the morning's token has expired
    const p = (await t.call('GET', '/api/events/terminos/report?format=json', { token: later })).json.pqrsd
    expect(p.onTime).toEqual({ due: 2, onTime: 1, percent: 50 })
  })

  it('lists the questions of an event that runs into the new year in order of receipt', async () => {
    const t = await testApp({ now: new Date('2026-12-31T20:00:00Z') })
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'fin-de-ano' }) })
    const ask = async (text: string) =>
      (await t.call('POST', '/api/events/fin-de-ano/questions', { body: { type: 'peticion', text } })).json
        .radicado as string
    const filed = [await ask('¿Uno?'), await ask('¿Dos?')]
    t.setNow(new Date('2027-01-01T15:00:00Z'))
    filed.push(await ask('¿Tres?'), await ask('¿Cuatro?'), await ask('¿Cinco?'))
    expect(filed.map((r) => r.slice(-11))).toEqual([
      '2026-000001',
      '2026-000002',
      '2027-000001',
      '2027-000002',
      '2027-000003',
    ])
    const p = (await t.call('GET', '/api/events/fin-de-ano/report?format=json', { token: await t.login() }))
      .json.pqrsd
    expect(p.questions.map((q: { radicado: string }) => q.radicado)).toEqual(filed)
  })

  it('gives no due date, in any format, to a question answered live or forwarded: no term of the entity runs', async () => {
    const t = await testApp({ now: new Date('2026-11-28T15:00:00Z') })
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'vence' }) })
    const ask = async (text: string) =>
      (
        await t.call('POST', '/api/events/vence/questions', {
          body: { type: 'peticion', text, email: 'a@b.co' },
        })
      ).json as { id: string; radicado: string; dueDate: string }
    const moderate = (id: string, body: unknown) => t.call('PATCH', `/api/questions/${id}`, { token, body })
    const [live, forwarded, pending, written] = [
      await ask('¿En vivo?'),
      await ask('¿Trasladada?'),
      await ask('¿Pendiente?'),
      await ask('¿Por escrito?'),
    ]
    expect(
      (await moderate(live.id, { status: 'answered_live', answer: 'Sí.', area: 'despacho' })).status,
    ).toBe(200)
    expect(
      (await moderate(forwarded.id, { status: 'forwarded', forwardedTo: 'INVÍAS', reason: 'Vía' })).status,
    ).toBe(200)
    expect((await moderate(pending.id, { status: 'pending', area: 'despacho' })).status).toBe(200)
    expect((await moderate(written.id, { status: 'answered', answer: 'No.' })).status).toBe(200)
    const get = (format: string) => t.call('GET', `/api/events/vence/report?format=${format}`, { token })
    const items = (await get('json')).json.pqrsd.questions
    expect(Object.fromEntries(items.map((q: any) => [q.radicado, q.dueDateApplies]))).toEqual({
      [live.radicado]: false,
      [forwarded.radicado]: false,
      [pending.radicado]: true,
      [written.radicado]: true,
    })
    // All four were received the same day: the same due date, "21 de diciembre de 2026" or so.
    const due = longDate(pending.dueDate, 'es')!
    expect(written.dueDate).toBe(pending.dueDate)
    // Each format's row of a question, as its cells' text.
    const rowsOf = {
      md: (text: string) => text.split('\n').filter((l) => l.startsWith('| ')),
      html: (text: string) => text.match(/<tr>(?:(?!<\/tr>).)*<\/tr>/gs) ?? [],
      docx: (text: string) => text.match(/<w:tr>(?:(?!<\/w:tr>).)*<\/w:tr>/gs) ?? [],
    }
    const docx = await t.app.request('/api/events/vence/report?format=docx', {
      headers: { authorization: `Bearer ${token}` },
    })
    const texts = {
      md: (await get('md')).text,
      html: (await get('html')).text,
      docx: strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml']),
    }
    for (const [format, text] of Object.entries(texts)) {
      const rows = rowsOf[format as keyof typeof rowsOf](text).map((r) => r.replace(/<[^>]+>/g, ' '))
      const row = (radicado: string) => rows.find((r) => r.includes(radicado)) ?? ''
      expect(row(live.radicado), format).not.toContain(due)
      expect(row(forwarded.radicado), format).not.toContain(due)
      // Its only empty cell: it has a department and an answer.
      expect(row(live.radicado), format).toContain('—')
      expect(row(pending.radicado), format).toContain(due)
      expect(row(written.radicado), format).toContain(due)
    }
  })

  it('says in the list of questions the day each was received where the event is held, in every format', async () => {
    // 23:30 in Bogotá on 27 November: already the 28th in UTC.
    const t = await testApp({ now: new Date('2026-11-28T04:30:00Z') })
    const token = t.adminToken
    const created = await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'recibida' }) })
    expect(created.status).toBe(201)
    const asked = await t.call('POST', '/api/events/recibida/questions', {
      body: { type: 'peticion', text: '¿Cuándo abre la convocatoria?', email: 'a@b.co' },
    })
    expect(asked.status).toBe(201)
    const { id, radicado, dueDate } = asked.json as { id: string; radicado: string; dueDate: string }
    const moved = await t.call('PATCH', `/api/questions/${id}`, {
      token,
      body: { status: 'pending', area: 'despacho' },
    })
    expect(moved.status).toBe(200)
    const cells = (row: string) =>
      [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((m) => m[1].replace(/<[^>]+>/g, ''))
    const expected = {
      es: {
        head: ['Radicado', 'Tipo', 'Pregunta', 'Estado', 'Dependencia', 'Recibida', 'Vence', 'Respuesta'],
        type: 'Petición de interés general o particular',
        status: 'Pendiente',
        received: '27 de noviembre de 2026',
      },
      en: {
        head: ['Filing number', 'Type', 'Question', 'Status', 'Department', 'Received', 'Due', 'Answer'],
        type: 'Petition (general or particular interest)',
        status: 'Pending',
        received: 'November 27, 2026',
      },
    } as const
    for (const lang of ['es', 'en'] as const) {
      const html = (await t.call('GET', `/api/events/recibida/report?format=html&lang=${lang}`, { token }))
        .text
      // The list of questions is the report's one wide table here: the event has no commitment.
      const [list, ...others] = html.match(/<table class="wide[^"]*">.*?<\/table>/gs) ?? []
      expect(others).toEqual([])
      const [head, row, ...more] = list!.match(/<tr>.*?<\/tr>/gs) ?? []
      expect(more).toEqual([])
      expect(cells(head!)).toEqual(expected[lang].head)
      // Written as the report writes a date, as the due date beside it is.
      expect(cells(row!)).toEqual([
        radicado,
        expected[lang].type,
        '¿Cuándo abre la convocatoria?',
        expected[lang].status,
        'Despacho',
        expected[lang].received,
        longDate(dueDate, lang),
        '—',
      ])
    }
    // The Markdown and Word copies have the same columns.
    const md = (await t.call('GET', '/api/events/recibida/report?format=md', { token })).text
    expect(md).toContain(`| ${expected.es.head.join(' | ')} |`)
    expect(md).toMatch(
      new RegExp(`\\| ${radicado} \\|.*\\| 27 de noviembre de 2026 \\| ${longDate(dueDate, 'es')} \\|`),
    )
    const docx = await t.app.request('/api/events/recibida/report?format=docx', {
      headers: { authorization: `Bearer ${token}` },
    })
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
    const words = (xml.match(/<w:tr>(?:(?!<\/w:tr>).)*<\/w:tr>/gs) ?? []).map((tr) =>
      [...tr.matchAll(/<w:tc>(?:(?!<\/w:tc>).)*<\/w:tc>/gs)].map((tc) =>
        [...tc[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((x) => x[1]).join(''),
      ),
    )
    expect(words).toContainEqual(expected.es.head)
    expect(words.find((r) => r[0] === radicado)?.slice(5, 7)).toEqual([
      '27 de noviembre de 2026',
      longDate(dueDate, 'es'),
    ])
    // The XLSX's column of the same name, with the time: the same day.
    const xlsx = await t.app.request('/api/events/recibida/report?format=xlsx', {
      headers: { authorization: `Bearer ${token}` },
    })
    const sheet = (await xlsxSheets(await xlsx.arrayBuffer())).find((x) => x.name === 'Preguntas PQRSD')!
    expect(sheet.rows[0]![sheet.headers.indexOf('Recibida')]).toBe('2026-11-27 23:30')
  })

  it('names the zone of the event’s date and of the time it was generated, once each, in every format', async () => {
    const t = await testApp({ now: new Date('2026-11-02T15:00:00Z') })
    const token = t.adminToken
    const entity = { name: 'Gobierno Autónomo Descentralizado de Galápagos', nit: '2060000010001' }
    const events = [
      { slug: 'bogota-zona', zone: { es: 'hora de Colombia (UTC−5)', en: 'Colombia time (UTC−5)' } },
      {
        slug: 'quito-zona',
        body: { entity, country: 'EC' },
        zone: { es: 'hora de Ecuador continental (UTC−5)', en: 'mainland Ecuador time (UTC−5)' },
      },
      {
        slug: 'galapagos-zona',
        body: { entity, country: 'EC', timezone: 'Pacific/Galapagos' },
        zone: { es: 'hora de Galápagos (UTC−6)', en: 'Galápagos time (UTC−6)' },
      },
    ]
    for (const e of events) {
      const made = await t.call('POST', '/api/events', {
        token,
        body: sampleEvent({ slug: e.slug, ...e.body }),
      })
      expect(made.status).toBe(201)
      for (const lang of ['es', 'en'] as const) {
        const json = (await t.call('GET', `/api/events/${e.slug}/report?lang=${lang}`, { token })).json
        // The date and the time of day, where the event is held, then the zone they are in.
        const [date, generated] = [json.general.date, json.generatedAtText].map((x: string) =>
          x.endsWith(`, ${e.zone[lang]}`) ? x.slice(0, -e.zone[lang].length - 2) : x,
        )
        expect(date, `${e.slug} ${lang}`).toMatch(/ (a\. m\.|p\. m\.|AM|PM)$/)
        expect(generated, `${e.slug} ${lang}`).toMatch(/ (a\. m\.|p\. m\.|AM|PM)$/)
        for (const format of ['md', 'html', 'docx', 'csv']) {
          const res = await t.app.request(`/api/events/${e.slug}/report?format=${format}&lang=${lang}`, {
            headers: { authorization: `Bearer ${token}` },
          })
          const text = textOf(res.headers.get('content-type'), new Uint8Array(await res.arrayBuffer()))
          // Beside the event's date and the time the report was made: not beside every date it gives.
          expect(text.split(e.zone[lang]).length - 1, `${e.slug} ${lang} ${format}`).toBe(2)
          expect(text, `${e.slug} ${lang} ${format}`).toContain(json.general.date)
          expect(text, `${e.slug} ${lang} ${format}`).toContain(json.generatedAtText)
        }
      }
    }
  })

  it('judges an answer on time in the zone its due date was counted in, the event’s, not the entity’s', async () => {
    const t = await testApp({ now: new Date('2026-11-02T15:00:00Z') })
    const token = t.adminToken
    const entity = { name: 'Gobierno Autónomo Descentralizado de Galápagos', nit: '2060000010001' }
    // The entity's first event is on the mainland's zone; a later one is held in Galápagos.
    await t.call('POST', '/api/events', {
      token,
      body: sampleEvent({ entity, country: 'EC', slug: 'guayaquil-2026' }),
    })
    const galapagos = { entity, country: 'EC', slug: 'galapagos-2026', timezone: 'Pacific/Galapagos' }
    expect((await t.call('POST', '/api/events', { token, body: sampleEvent(galapagos) })).status).toBe(201)
    const asked = await t.call('POST', '/api/events/galapagos-2026/questions', {
      body: { type: 'peticion', text: '¿Cuándo llega el agua potable?', email: 'a@b.ec' },
    })
    const { id, dueDate } = asked.json as { id: string; dueDate: string }
    expect(dueDate).toBe('2026-11-24')
    expect(
      (
        await t.call('PATCH', `/api/questions/${id}`, {
          token,
          body: { status: 'pending', area: 'despacho' },
        })
      ).status,
    ).toBe(200)
    // Answered at 23:30 of the due date in Galápagos, where it was received and its term counted: 00:30
    // the next day on the mainland, where the entity sits.
    t.setNow(new Date(`${dueDate}T23:30:00-06:00`))
    const later = await t.login()
    const answer = { status: 'answered', answer: 'En marzo.' }
    expect((await t.call('PATCH', `/api/questions/${id}`, { token: later, body: answer })).status).toBe(200)
    const p = (await t.call('GET', '/api/events/galapagos-2026/report', { token: later })).json.pqrsd
    expect(p.onTime).toEqual({ due: 1, onTime: 1, percent: 100 })
  })

  it('judges an answer on time in the zone the petition was received in, after the event’s zone changed', async () => {
    const t = await testApp({ now: new Date('2026-11-02T15:00:00Z') })
    const token = t.adminToken
    const entity = { name: 'Gobierno Autónomo Descentralizado de Galápagos', nit: '2060000010001' }
    const galapagos = { entity, country: 'EC', slug: 'galapagos-2026', timezone: 'Pacific/Galapagos' }
    expect((await t.call('POST', '/api/events', { token, body: sampleEvent(galapagos) })).status).toBe(201)
    const asked = await t.call('POST', '/api/events/galapagos-2026/questions', {
      body: { type: 'peticion', text: '¿Cuándo llega el agua potable?', email: 'a@b.ec' },
    })
    const { id, dueDate } = asked.json as { id: string; dueDate: string }
    expect(dueDate).toBe('2026-11-24')
    // Staff then set the event to the mainland's zone: the petition keeps the day it was received there.
    const moved = await t.call('PATCH', '/api/events/galapagos-2026', {
      token,
      body: { timezone: 'America/Guayaquil' },
    })
    expect(moved.status).toBe(200)
    // Answered at 23:30 of the due date in Galápagos, where its term was counted: 00:30 on the mainland.
    t.setNow(new Date(`${dueDate}T23:30:00-06:00`))
    const later = await t.login()
    const answer = { status: 'answered', answer: 'En marzo.' }
    expect((await t.call('PATCH', `/api/questions/${id}`, { token: later, body: answer })).status).toBe(200)
    const p = (await t.call('GET', '/api/events/galapagos-2026/report', { token: later })).json.pqrsd
    expect(p.onTime).toEqual({ due: 1, onTime: 1, percent: 100 })
  })

  it('names an Ecuadorian entity’s tax id its RUC, and a Colombian one’s its NIT, in every format', async () => {
    const t = await testApp()
    const token = t.adminToken
    const ec = { name: 'GAD Municipal de Cuenca', nit: '0160000270001' }
    await t.call('POST', '/api/events', {
      token,
      body: sampleEvent({ slug: 'cuenca', country: 'EC', entity: ec }),
    })
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'bogota' }) })
    const get = async (slug: string, format: string) =>
      (await t.call('GET', `/api/events/${slug}/report?format=${format}`, { token })).text
    expect(await get('cuenca', 'md')).toContain('| RUC | 0160000270001 |')
    expect(await get('cuenca', 'html')).toContain('<th scope="row">RUC</th><td>0160000270001</td>')
    const docx = await t.app.request('/api/events/cuenca/report?format=docx', {
      headers: { authorization: `Bearer ${token}` },
    })
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
    expect(xml).toContain('>RUC<')
    expect(xml).not.toContain('>NIT<')
    expect(await get('bogota', 'md')).toContain('| NIT | 899999061-9 |')
    expect((await t.call('GET', '/api/events/cuenca/report?lang=en', { token })).json.general.entity).toEqual(
      {
        ...ec,
        country: 'EC',
      },
    )
  })

  it('keeps an annulled radicado in the list with its reason, names it in the summary, and keeps the reason out of the public copy', async () => {
    const t = await testApp({ now: new Date('2026-11-28T15:00:00Z') })
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'anulada' }) })
    const ask = async (text: string) =>
      (await t.call('POST', '/api/events/anulada/questions', { body: { type: 'pregunta', text } })).json as {
        id: string
        radicado: string
      }
    const [first, annulled, last] = [await ask('¿Uno?'), await ask('¿Dos?'), await ask('¿Tres?')]
    const reason = 'Duplicada de la de Juan Pérez'
    expect(
      (await t.call('POST', `/api/questions/${annulled.id}/annul`, { token, body: { reason } })).status,
    ).toBe(200)
    for (const q of [first, last])
      await t.call('PATCH', `/api/questions/${q.id}`, {
        token,
        body: { status: 'pending', area: 'despacho' },
      })
    const get = (query: string) => t.call('GET', `/api/events/anulada/report?${query}`, { token })
    const p = (await get('format=json')).json.pqrsd
    // Not a question received: the counts stay as they were.
    expect([p.received, p.pending, p.annulled]).toEqual([2, 2, 1])
    expect(p.byType.total).toBe(2)
    expect(p.questions.map((q: any) => q.radicado)).toEqual([
      first.radicado,
      annulled.radicado,
      last.radicado,
    ])
    expect(p.questions[1]).toMatchObject({
      status: 'annulled',
      statusLabel: `Anulada (motivo: ${reason})`,
      annulReason: reason,
      dueDateApplies: false,
    })
    expect(p.summary).toBe(
      `Se recibieron 2 preguntas: 0 se respondieron durante el evento y 2 quedan pendientes de respuesta. Por dependencia: 100,0\u00a0% Despacho. 1 radicado se anuló: ${annulled.radicado}.`,
    )
    expect((await get('format=json&lang=en')).json.pqrsd.summary).toMatch(
      new RegExp(`1 filing number was annulled: ${annulled.radicado}\\.$`),
    )
    const md = (await get('format=md')).text
    expect(md).toContain(`1 radicado se anuló: ${annulled.radicado}.`)
    expect(md).toContain('| Radicados anulados | 1 |')
    const mdRow = md.split('\n').find((l) => l.startsWith(`| ${annulled.radicado} |`))
    expect(mdRow).toContain(`Anulada (motivo: ${reason})`)
    const html = (await get('format=html')).text
    expect(html).toContain(`1 radicado se anuló: ${annulled.radicado}.`)
    expect(html).toMatch(
      new RegExp(
        `<td class="nowrap">${annulled.radicado}</td>(?:(?!</tr>).)*Anulada \\(motivo: ${reason}\\)`,
      ),
    )
    const docx = await t.app.request('/api/events/anulada/report?format=docx', {
      headers: { authorization: `Bearer ${token}` },
    })
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
    const docRow = (xml.match(/<w:tr>(?:(?!<\/w:tr>).)*<\/w:tr>/gs) ?? [])
      .map((r) => r.replace(/<[^>]+>/g, ' '))
      .find((r) => r.includes(annulled.radicado))
    expect(docRow).toContain(`Anulada (motivo: ${reason})`)
    expect(xml).toContain(`1 radicado se anuló: ${annulled.radicado}.`)
    const tables = csvTables((await get('format=csv')).text)
    expect(tableOf(tables, 'Cifras').rows).toContainEqual([
      'Preguntas y respuestas – PQRSD',
      'Radicados anulados',
      '',
      '1',
      '',
      '',
      annulled.radicado,
    ])
    expect(tableOf(tables, 'Preguntas PQRSD').rows[1]).toMatchObject({
      0: annulled.radicado,
      3: `Anulada (motivo: ${reason})`,
      6: '',
    })
    // The public copy: the number and that it was annulled, not staff's reason, which may name people.
    await t.call('PATCH', '/api/events/anulada', { token, body: { reportPublished: true } })
    const pub = (await t.call('GET', '/api/events/anulada/report/public?format=json')).json.pqrsd
    expect(pub.questions[1]).toMatchObject({
      radicado: annulled.radicado,
      statusLabel: 'Anulada',
      annulReason: null,
    })
    expect(pub.summary).toContain(`1 radicado se anuló: ${annulled.radicado}.`)
    for (const format of ['md', 'html']) {
      const text = (await t.call('GET', `/api/events/anulada/report/public?format=${format}`)).text
      expect(text, format).toContain(annulled.radicado)
      expect(text, format).not.toContain('Juan Pérez')
    }
  })

  it('tags an Ecuadorian event’s report es-EC and a Colombian one’s es-CO, in HTML and Word; English stays English', async () => {
    const t = await testApp()
    const token = t.adminToken
    const ec = { name: 'GAD Municipal de Cuenca', nit: '0160000270001' }
    await t.call('POST', '/api/events', {
      token,
      body: sampleEvent({ slug: 'cuenca', country: 'EC', entity: ec }),
    })
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'bogota' }) })
    const html = async (slug: string, lang = 'es') =>
      (await t.call('GET', `/api/events/${slug}/report?format=html&lang=${lang}`, { token })).text
    const docxLang = async (slug: string, lang = 'es') => {
      const res = await t.app.request(`/api/events/${slug}/report?format=docx&lang=${lang}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      const styles = strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/styles.xml'])
      return [...styles.matchAll(/<w:lang w:val="([^"]+)"/g)].map((m) => m[1])
    }
    expect(await html('cuenca')).toContain('<html lang="es-EC">')
    expect(await html('bogota')).toContain('<html lang="es-CO">')
    expect(await html('cuenca', 'en')).toContain('<html lang="en">')
    expect(await docxLang('cuenca')).toEqual(['es-EC'])
    expect(await docxLang('bogota')).toEqual(['es-CO'])
    expect(await docxLang('cuenca', 'en')).toEqual(['en-US'])
    // The public copy too.
    await t.call('PATCH', '/api/events/cuenca', { token, body: { reportPublished: true } })
    expect((await t.call('GET', '/api/events/cuenca/report/public?format=html')).text).toContain(
      '<html lang="es-EC">',
    )
  })

  it('lists a merged duplicate as merged, pending with its primary, in the department it is answered by', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'unidas' }) })
    const ask = async (text: string) =>
      (await t.call('POST', '/api/events/unidas/questions', { body: { type: 'pregunta', text } })).json
    const [primary, duplicate] = [await ask('¿Y la vía?'), await ask('¿Cuándo arreglan la vía?')]
    const moderate = (id: string, body: unknown) => t.call('PATCH', `/api/questions/${id}`, { token, body })
    expect((await moderate(primary.id, { status: 'pending', area: 'despacho' })).status).toBe(200)
    expect((await moderate(duplicate.id, { mergeInto: primary.id })).status).toBe(200)
    const p = (await t.call('GET', '/api/events/unidas/report?format=json', { token })).json.pqrsd
    expect(p.byArea.items.map((i: any) => [i.label, i.count])).toEqual([['Despacho', 2]])
    expect(p.questions[1]).toMatchObject({
      area: 'Despacho',
      statusLabel: `Pendiente (unida a ${primary.radicado})`,
    })
  })

  it('gives each share table its base, and says when one-answer shares add up to 99,9 or 100,1 %', () => {
    const share = (label: string, count: number, total: number) => ({
      key: label,
      label,
      count,
      percent: percent(count, total),
    })
    // 1 of 16 is 6,3 % and 15 of 16 is 93,8 %: 100,1 % in all.
    const gender = shareTable({ total: 16, items: [share('Mujer', 1, 16), share('Hombre', 15, 16)] }, 'es')
    expect(gender.foot).toEqual([
      ['Base de los porcentajes', '16', ''],
      ['Los porcentajes suman 100,1\u00a0% porque cada uno se redondea a un decimal.', '', ''],
    ])
    expect(shareTable({ total: 0, items: [share('Sí', 0, 0)] }, 'es').rows).toEqual([['Sí', '0', '—']])
    const even = shareTable({ total: 4, items: [share('Sí', 3, 4), share('No', 1, 4)] }, 'es')
    expect(even.foot).toEqual([['Base de los porcentajes', '4', '']])
    // Several answers a person (counts above the base): the shares are not meant to add up to 100 %.
    const multi = shareTable({ total: 3, items: [share('Radio', 2, 3), share('Redes', 2, 3)] }, 'en')
    expect(multi.foot).toEqual([['Base of the percentages', '3', '']])
  })

  it('takes the difference between two events from the counts, not from the rounded shares', () => {
    // 2/7 − 9/29 = −5/203 = −2,463… points: −2,5, where 28,6 − 31,0 would say −2,4.
    expect(pointsBetween(9, 29, 2, 7)).toBe(-2.5)
    expect(pointsBetween(0, 0, 1, 1)).toBe(100)
    expect(pointsBetween(1, 3, 1, 3)).toBe(0)
  })

  it('adds up every question received, keeps a denuncia out of the public copy, and shows sensitive groups in aggregate', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'cuentas' }) })
    // Twelve registrations: six victims of the conflict, five peasant farmers, one indigenous person (a
    // cell under 5).
    for (let i = 0; i < 12; i++) {
      const res = await t.call('POST', '/api/events/cuentas/attendance', {
        body: {
          name: `Persona ${i}`,
          documentType: 'CC',
          documentNumber: `2000${i}`,
          populationGroups: [i < 6 ? 'victima' : i < 11 ? 'campesino' : 'indigena'],
          consent: true,
        },
      })
      expect(res.status).toBe(201)
    }
    const ask = async (body: Record<string, unknown>) =>
      (await t.call('POST', '/api/events/cuentas/questions', { body })).json as {
        id: string
        radicado: string
      }
    const moderate = (id: string, body: Record<string, unknown>) =>
      t.call('PATCH', `/api/questions/${id}`, { token, body })
    const denuncia = await ask({
      type: 'denuncia',
      text: 'Soy María López, CC 52123456, y denuncio cobros de Pedro Pérez.',
      name: 'María López',
      email: 'maria@example.co',
    })
    const forwarded = await ask({
      type: 'peticion',
      text: '¿Quién arregla la vía nacional?',
      email: 'a@b.co',
    })
    const pending = await ask({ type: 'pregunta', text: '¿Habrá más ferias?' })
    expect((await moderate(denuncia.id, { status: 'pending', area: 'despacho' })).status).toBe(200)
    expect(
      (await moderate(denuncia.id, { status: 'answered', answer: 'Se abrió la investigación.' })).status,
    ).toBe(200)
    expect(
      (await moderate(forwarded.id, { status: 'forwarded', forwardedTo: 'INVÍAS', reason: 'Vía nacional' }))
        .status,
    ).toBe(200)
    expect((await moderate(pending.id, { status: 'pending', area: 'cadenas-valor' })).status).toBe(200)

    const staff = (await t.call('GET', '/api/events/cuentas/report?format=json', { token })).json
    expect(staff.pqrsd).toMatchObject({
      received: 3,
      answeredLive: 0,
      answeredInWriting: 1,
      forwarded: 1,
      pending: 1,
    })
    expect(staff.pqrsd.summary).toBe(
      'Se recibieron 3 preguntas: 0 se respondieron durante el evento, 1 por escrito después, ' +
        '1 se trasladó a la entidad competente y 1 queda pendiente de respuesta. ' +
        'Por dependencia (de las 2 que tienen dependencia asignada): 50,0\u00a0% Subsecretaría de Cadenas de Valor y 50,0\u00a0% Despacho.',
    )
    // Population group, sensitive: the six victims are shown; the one indigenous person is hidden, and the
    // five peasant farmers with them, the next smallest cell that has people (not a zero: which zero was
    // picked would tell which of the two holds the person).
    const groups = staff.asistencia.breakdowns.find((b: any) => b.key === 'populationGroups').tally.items
    expect(groups.find((i: any) => i.key === 'victima')).toMatchObject({ count: 6, percent: 50 })
    expect(groups.find((i: any) => i.key === 'indigena')).toMatchObject({ suppressed: true })
    expect(groups.find((i: any) => i.key === 'campesino')).toMatchObject({ suppressed: true })
    expect(groups.find((i: any) => i.key === 'rrom')).toMatchObject({ count: 0 })
    // Several groups a person: its shares may add up past 100 %, and the report says so under it.
    const html = (await t.call('GET', '/api/events/cuentas/report?format=html', { token })).text
    const attendance = html.slice(html.indexOf('<h2>3.'), html.indexOf('<h2>4.'))
    expect(attendance).toContain('Grupo poblacional')
    expect(attendance).toContain('pueden sumar más de 100')
    // Due dates as a report writes them.
    const md = (await t.call('GET', '/api/events/cuentas/report?format=md', { token })).text
    expect(md).toMatch(/\| \d{1,2} de [a-z]+ de 2026 \|/)
    expect(md).toContain('Trasladadas a la entidad competente | 1')

    await t.call('PATCH', '/api/events/cuentas', { token, body: { reportPublished: true } })
    for (const format of ['json', 'md', 'html']) {
      const pub = await t.call('GET', `/api/events/cuentas/report/public?format=${format}`)
      expect(pub.status).toBe(200)
      expect(pub.text).not.toMatch(/María|52123456|Pedro Pérez|maria@example/)
    }
    // The staff's preview of the public copy in the formats only staff download: the same, while the
    // staff copy lists the denuncia as it was received.
    for (const format of ['csv', 'xlsx', 'docx']) {
      const read = async (audience: string) => {
        const res = await t.app.request(`/api/events/cuentas/report?format=${format}&audience=${audience}`, {
          headers: { authorization: `Bearer ${token}` },
        })
        return textOf(res.headers.get('content-type'), new Uint8Array(await res.arrayBuffer()))
      }
      expect(await read('public'), format).not.toMatch(/María|52123456|Pedro Pérez|maria@example/)
      expect(await read('staff'), format).toContain('Soy María López')
    }
    const pub = (await t.call('GET', '/api/events/cuentas/report/public?format=json')).json
    expect(pub.pqrsd.questions.map((q: any) => [q.radicado, q.text])).toEqual([
      [denuncia.radicado, null],
      [forwarded.radicado, null],
      [pending.radicado, null],
    ])
    const pubGroups = pub.asistencia.breakdowns.find((b: any) => b.key === 'populationGroups').tally.items
    expect(pubGroups.find((i: any) => i.key === 'victima')).toMatchObject({ count: 6 })
  })

  it('never lists what was typed after "Otro" in a sensitive question, in any copy or format', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'sensible' }) })
    const answers = { ...requiredAnswers, grupo_poblacional: ['otro:Wayuu'], ocupacion: 'otra:Líder comunal' }
    const sent = await t.call('POST', '/api/events/sensible/forms/evaluacion/responses', {
      body: { answers, deviceToken: 'device-token-sensible-0' },
    })
    expect(sent.status).toBe(201)
    await t.call('PATCH', '/api/events/sensible', { token, body: { reportPublished: true } })
    const read = async (path: string) => {
      const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } })
      return textOf(res.headers.get('content-type'), new Uint8Array(await res.arrayBuffer()))
    }
    const paths = ['json', 'md', 'html', 'docx', 'csv', 'xlsx'].flatMap((format) => [
      `/api/events/sensible/report?format=${format}`,
      `/api/events/sensible/report?format=${format}&audience=public`,
      // The published copy comes in these three.
      ...(format === 'docx' || format === 'csv' || format === 'xlsx'
        ? []
        : [`/api/events/sensible/report/public?format=${format}`]),
    ])
    for (const path of paths) {
      const text = await read(path)
      expect(text, path).toContain('Ocupación')
      expect(text, path).not.toContain('Wayuu')
    }
    // The cell stays hidden, and the staff copy still lists the texts of a question that is not sensitive.
    const md = await read('/api/events/sensible/report?format=md')
    const groups = md.slice(md.indexOf('### ¿Grupo poblacional'))
    expect(groups.slice(0, groups.indexOf('###', 4))).toMatch(/^\| Otro \| oculta \| — \|$/m)
    expect(md).toContain('- Líder comunal')
    const json = JSON.parse(await read('/api/events/sensible/report?format=json'))
    const group = json.evaluacion.questions.find((q: any) => q.id === 'grupo_poblacional')
    expect(group.texts).toBeUndefined()
  })

  it('says over the texts of a choice question that they were typed after its "Otra", in every format', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'otra' }) })
    const sent = await t.call('POST', '/api/events/otra/forms/evaluacion/responses', {
      body: {
        answers: { ...requiredAnswers, ocupacion: 'otra:Líder comunal' },
        deviceToken: 'device-token-otra-00',
      },
    })
    expect(sent.status).toBe(201)
    const read = async (format: string, lang = 'es') => {
      const res = await t.app.request(`/api/events/otra/report?format=${format}&lang=${lang}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      return textOf(res.headers.get('content-type'), new Uint8Array(await res.arrayBuffer()))
    }
    const json = JSON.parse(await read('json'))
    const job = json.evaluacion.questions.find((q: any) => q.id === 'ocupacion')
    expect(job).toMatchObject({ otherOptions: ['Otra'], texts: [{ text: 'Líder comunal', count: 1 }] })
    // A question without an "Otra" option, and one with no text typed, have no such line.
    expect(json.evaluacion.questions.find((q: any) => q.id === 'comentarios')?.otherOptions).toBeUndefined()
    expect(
      json.evaluacion.questions.find((q: any) => q.id === 'medio_enterado')?.otherOptions,
    ).toBeUndefined()
    expect(await read('md')).toContain('Lo que escribieron quienes eligieron «Otra»:\n\n- Líder comunal')
    for (const format of ['html', 'docx'])
      expect((await read(format)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '), format).toMatch(
        /Lo que escribieron quienes eligieron «Otra»: ?Líder comunal/,
      )
    expect(await read('csv')).toContain(
      'Lo que escribieron quienes eligieron «Otra» está en la tabla «Respuestas abiertas».',
    )
    expect(await read('md', 'en')).toMatch(/What people typed after choosing “[^”]+”:\n\n- Líder comunal/)
  })

  it('names in no copy of the report a place typed by fewer than 5 people, and every place in the staff summary', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'lugares' }) })
    const places = [...Array(6).fill('Comuna 3'), 'Vereda El Rosal', 'Vereda El Rosal']
    for (const [i, territory] of places.entries())
      await t.call('POST', '/api/events/lugares/attendance', {
        body: {
          name: `Persona ${i}`,
          documentType: 'CC',
          documentNumber: `4000${i}`,
          territory,
          consent: true,
        },
      })
    await t.call('PATCH', '/api/events/lugares', { token, body: { reportPublished: true } })
    for (const format of ['json', 'md', 'html']) {
      const pub = await t.call('GET', `/api/events/lugares/report/public?format=${format}`)
      expect(pub.text, format).toContain('Comuna 3')
      expect(pub.text, format).not.toContain('Rosal')
    }
    // The staff preview of the public copy, in the formats only staff download.
    for (const format of ['csv', 'docx', 'xlsx']) {
      const res = await t.app.request(`/api/events/lugares/report?format=${format}&audience=public`, {
        headers: { authorization: `Bearer ${token}` },
      })
      const text = textOf(res.headers.get('content-type'), new Uint8Array(await res.arrayBuffer()))
      expect(text, format).toContain('Otros territorios')
      expect(text, format).not.toContain('Rosal')
    }
    const md = (await t.call('GET', '/api/events/lugares/report/public?format=md')).text
    const section = md.slice(md.indexOf('### Territorio'))
    expect(section).toMatch(/^\| Otros territorios \| oculta \| — \|$/m)
    expect(section).toMatch(/^\| Comuna 3 \| oculta \| — \|$/m)
    // The staff copy goes into the published report: the same rows. The staff's summary names every place.
    const staff = (await t.call('GET', '/api/events/lugares/report?format=md', { token })).text
    expect(staff).not.toContain('Rosal')
    expect(staff.slice(staff.indexOf('### Territorio'))).toMatch(/^\| Otros territorios \| oculta \| — \|$/m)
    const summary = await t.call('GET', '/api/events/lugares/attendance/summary', { token })
    const territory = summary.json.breakdowns.find((b: { id: string }) => b.id === 'territory')
    expect(territory.options.map((o: { label: string; count: number }) => [o.label, o.count])).toEqual(
      expect.arrayContaining([
        ['Comuna 3', 6],
        ['Vereda El Rosal', 2],
      ]),
    )
  })

  it('writes what people typed into the Markdown report as text: no HTML and no link a viewer would follow', async () => {
    const t = await testApp()
    const token = t.adminToken
    const attack = '<script>alert(1)</script><img src=x onerror=alert(2)> [l](javascript:alert(3)) &lt;b&gt;'
    await t.call('POST', '/api/events', {
      token,
      body: sampleEvent({ slug: 'marcas', title: `Diálogo <i>ciudadano</i>`, agenda: [attack] }),
    })
    const made = await t.call('POST', '/api/events/marcas/commitments', {
      token,
      body: { description: attack, area: 'despacho', dueMonth: '2027-02' },
    })
    expect(made.status).toBe(201)
    const md = (await t.call('GET', '/api/events/marcas/report?format=md', { token })).text
    expect(md).not.toMatch(/<script|<img|<i>|(?<!\\)\]\(javascript:|&lt;b&gt;/)
    expect(md).toContain('# Informe de rendición de cuentas — Diálogo &lt;i&gt;ciudadano&lt;/i&gt;')
    // The reports across events too: their titles are typed by staff.
    await t.call('POST', '/api/events', {
      token,
      body: sampleEvent({ slug: 'marcas-2', title: 'Diálogo [2](javascript:alert(4)) | <b>bis</b>' }),
    })
    const across = [
      (await t.call('GET', '/api/reports/totals?format=md', { token })).text,
      (await t.call('GET', '/api/reports/compare?a=marcas&b=marcas-2&format=md', { token })).text,
    ]
    for (const text of across) {
      expect(text).not.toMatch(/<i>|<b>|(?<!\\)\]\(javascript:/)
      expect(text).toContain('Diálogo \\[2\\](javascript\\:alert(4)) \\| &lt;b&gt;bis&lt;/b&gt;')
    }
    // Shown by a Markdown viewer exactly as typed.
    expect(md).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; \\[l\\](javascript\\:alert(3)) &amp;lt;b&amp;gt;',
    )
  })

  it('lists the topics suggested for the next event in every format, and says when small cells hide every option', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'temas' }) })
    for (const [i, temas_proximo] of ['Vías rurales', 'Vías rurales', 'Empleo joven'].entries())
      await t.call('POST', '/api/events/temas/forms/evaluacion/responses', {
        body: {
          answers: { ...requiredAnswers, temas_proximo, genero: 'mujer' },
          deviceToken: `device-token-${i}-temas`,
        },
      })
    const html = (await t.call('GET', '/api/events/temas/report?format=html', { token })).text
    expect(html).toContain('Temas sugeridos para la próxima rendición de cuentas')
    expect(html).toContain('Vías rurales (2)')
    const docx = await t.app.request('/api/events/temas/report?format=docx', {
      headers: { authorization: `Bearer ${token}` },
    })
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
    expect(xml).toContain('Vías rurales (2)')
    expect(xml).toContain('Empleo joven')
    // Three answers to every question: in the public copy every cell of who answered is under 5.
    await t.call('PATCH', '/api/events/temas', { token, body: { reportPublished: true } })
    const pub = (await t.call('GET', '/api/events/temas/report/public?format=json')).json
    const gender = pub.evaluacion.questions.find((q: any) => q.id === 'genero')
    expect(gender.summary).toBe(
      '3 personas respondieron; las cifras de las opciones se ocultan porque al menos una tiene menos de 5 personas.',
    )
    // What they thought of the event is stated exact.
    const rating = pub.evaluacion.questions.find((q: any) => q.id === 'calificacion_gestion')
    expect(rating.summary).toBe('De 3 respuestas, la opción más elegida fue «Buena» (100,0\u00a0%).')
  })

  it('says how many suggested topics for the next event, "N respuestas", in every format and copy', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'temas-n' }) })
    // Three of four suggest a topic, two the same one.
    for (const [i, temas_proximo] of ['Vías rurales', 'Vías rurales', 'Empleo joven', undefined].entries())
      expect(
        (
          await t.call('POST', '/api/events/temas-n/forms/evaluacion/responses', {
            body: {
              answers: { ...requiredAnswers, ...(temas_proximo ? { temas_proximo } : {}) },
              deviceToken: `device-token-${i}-temas-n`,
            },
          })
        ).status,
      ).toBe(201)
    const get = (query: string) => t.call('GET', `/api/events/temas-n/report?${query}`, { token })
    const json = (await get('format=json')).json
    expect(json.evaluacion.nextTopicsAnswered).toBe(3)
    expect(json.evaluacion.nextTopics).toHaveLength(2)
    const heading = 'Temas sugeridos para la próxima rendición de cuentas'
    expect((await get('format=md')).text).toContain(`### ${heading}\n\n3 respuestas\n\n- Vías rurales (2)`)
    expect((await get('format=md&lang=en')).text).toContain(
      '### Topics suggested for the next event\n\n3 responses',
    )
    expect((await get('format=html')).text).toContain(`<h3>${heading}</h3><p class="n">3 respuestas</p>`)
    const docx = await t.app.request('/api/events/temas-n/report?format=docx', {
      headers: { authorization: `Bearer ${token}` },
    })
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
    const paragraphs = xml.split('</w:p>').map((x) => x.replace(/<[^>]+>/g, ''))
    expect(paragraphs[paragraphs.indexOf(heading) + 1]).toBe('3 respuestas')
    const tables = csvTables((await get('format=csv')).text)
    expect(tableOf(tables, 'Cifras').rows).toContainEqual([
      'Evaluación',
      heading,
      '',
      '',
      '',
      '3',
      'Pregunta abierta: sus respuestas están en la tabla «Respuestas abiertas».',
    ])
    expect(tableOf(tables, 'Respuestas abiertas').rows).toEqual([
      ['Evaluación', heading, 'Vías rurales', '2'],
      ['Evaluación', heading, 'Empleo joven', '1'],
    ])
    // The public copy lists no text (it may name people), but says how many answered.
    await t.call('PATCH', '/api/events/temas-n', { token, body: { reportPublished: true } })
    const pub = await t.call('GET', '/api/events/temas-n/report/public?format=md')
    expect(pub.text).toContain(`### ${heading}\n\n3 respuestas`)
    expect(pub.text).not.toContain('Vías rurales')
  })

  it('says "no answers yet" while the survey is open, and that nobody answered once it is closed, in every format', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'encuesta-vacia' }) })
    const said = {
      open: { es: 'Aún no hay respuestas.', en: 'No answers yet.' },
      closed: { es: 'Nadie respondió esta pregunta.', en: 'Nobody answered this question.' },
    }
    const expectSaid = async (when: keyof typeof said) => {
      for (const lang of ['es', 'en'] as const)
        for (const format of ['json', 'md', 'html', 'docx', 'csv']) {
          const res = await t.app.request(`/api/events/encuesta-vacia/report?format=${format}&lang=${lang}`, {
            headers: { authorization: `Bearer ${token}` },
          })
          const text = textOf(res.headers.get('content-type'), new Uint8Array(await res.arrayBuffer()))
          const other = said[when === 'open' ? 'closed' : 'open'][lang]
          expect(text, `${when} ${lang} ${format}`).toContain(said[when][lang])
          expect(text, `${when} ${lang} ${format}`).not.toContain(other)
        }
    }
    await expectSaid('open')
    // The survey closed, the event still open: no answer will come.
    const form = (open: boolean) =>
      t.call('PATCH', '/api/events/encuesta-vacia/forms/evaluacion', { token, body: { open } })
    expect((await form(false)).status).toBe(200)
    await expectSaid('closed')
    // Or the event closed, which takes no answer either.
    expect((await form(true)).status).toBe(200)
    expect(
      (await t.call('PATCH', '/api/events/encuesta-vacia', { token, body: { status: 'closed' } })).status,
    ).toBe(200)
    await expectSaid('closed')
  })

  it('gives no percentage and draws no chart where nobody answered, in the CSV as in the table', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'sin-respuestas' }) })
    const get = (format: string) =>
      t.call('GET', `/api/events/sin-respuestas/report?format=${format}`, { token })
    const sectionOf = (html: string) => {
      const from = html.slice(
        html.indexOf('<h3 id="t-q-calificacion_gestion">De acuerdo con la información presentada'),
      )
      return from.slice(0, from.indexOf('</section>'))
    }
    const section = sectionOf((await get('html')).text.replace(/&nbsp;|&#160;/g, '\u00a0'))
    const table = section.slice(section.indexOf('<table'), section.indexOf('</table>'))
    expect(table).toMatch(/<th scope="row">Excelente<\/th><td>0<\/td><td>—<\/td>/)
    // The table says it all: bars of nothing would repeat its zeros, and Word draws none either.
    expect(section).toContain('<table')
    expect(section).not.toMatch(/<svg|<figure/)
    expect(section.replace(/<[^>]+>/g, ' ')).not.toContain('%')
    const rating = (text: string) =>
      tableOf(csvTables(text), 'Cifras').rows.find(
        (r) => /califica la gestión/.test(r[1]) && r[2] === 'Excelente',
      )
    const csv = (await get('csv')).text
    expect(rating(csv)).toEqual(['Evaluación', expect.any(String), 'Excelente', '0', '', '0', ''])
    expect(csv).not.toMatch(/;0;0,0;/)
    // With answers, each bar keeps its percentage.
    await t.call('POST', '/api/events/sin-respuestas/forms/evaluacion/responses', {
      body: { answers: requiredAnswers, deviceToken: 'device-token-1-sin-respuestas' },
    })
    const drawn = sectionOf((await get('html')).text)
    expect(drawn.match(/<svg/g)?.length).toBe(1)
    expect(drawn.slice(drawn.indexOf('<svg'), drawn.indexOf('</svg>'))).toMatch(
      /\(100,0(&nbsp;|&#160;|\u00a0)%\)/,
    )
    expect(rating((await get('csv')).text)).toEqual([
      'Evaluación',
      expect.any(String),
      'Excelente',
      '0',
      '0,0',
      '1',
      '',
    ])
  })

  it('hides the cell that has people beside a lone small one without calling it small, in every public format', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'oculta' }) })
    for (let i = 0; i < 16; i++)
      await t.call('POST', '/api/events/oculta/forms/evaluacion/responses', {
        body: {
          answers: {
            ...requiredAnswers,
            volveria_participar: i < 15 ? 'si' : 'no',
            ocupacion: i < 9 ? 'estudiante' : i < 15 ? 'empleado' : 'hogar',
          },
          deviceToken: `device-token-${i}-oculta`,
        },
      })
    await t.call('PATCH', '/api/events/oculta', { token, body: { reportPublished: true } })
    const pub = (await t.call('GET', '/api/events/oculta/report/public?format=json')).json
    const work = pub.evaluacion.questions.find((q: any) => q.id === 'ocupacion')
    // One person at home: hidden, and beside it the next smallest that has people (the six employed), or
    // the one would be 16 − 9 − 6; a zero would not do, as which zero was picked would tell.
    expect(work.options.filter((o: any) => o.suppressed).map((o: any) => o.key)).toEqual([
      'empleado',
      'hogar',
    ])
    expect(work.options.find((o: any) => o.key === 'estudiante')).toMatchObject({ count: 9 })
    expect(work.options.find((o: any) => o.key === 'independiente')).toMatchObject({ count: 0 })
    // An opinion of the event names no one: "Sí 15, No 1", exact.
    const again = pub.evaluacion.questions.find((q: any) => q.id === 'volveria_participar')
    expect(again.options.map((o: any) => [o.key, o.count, o.suppressed])).toEqual([
      ['si', 15, undefined],
      ['no', 1, undefined],
    ])
    // A hidden cell has no figure in the JSON either: null, as in the public results and summary.
    expect(work.options.find((o: any) => o.key === 'hogar')).toEqual({
      key: 'hogar',
      label: 'Hogar',
      count: null,
      percent: null,
      suppressed: true,
    })
    const csv = (await t.call('GET', '/api/events/oculta/report?format=csv&audience=public', { token })).text
    const figures = tableOf(csvTables(csv), 'Cifras').rows
    expect(figures).toContainEqual(['Evaluación', 'Ocupación', 'Hogar', '', '', '16', 'oculta'])
    expect(figures).toContainEqual(['Evaluación', 'Ocupación', 'Empleado(a)', '', '', '16', 'oculta'])
    expect(figures).toContainEqual(['Evaluación', 'Ocupación', 'Estudiante', '9', '56,3', '16', ''])
    // Why, under the table, as in the other formats.
    expect(tableOf(csvTables(csv), 'Resumen y notas').rows).toContainEqual([
      'Evaluación',
      'Ocupación',
      label('suppressedNote', 'es'),
    ])
    const md = (await t.call('GET', '/api/events/oculta/report/public?format=md')).text
    const section = md.slice(md.indexOf('### Ocupación'))
    expect(section).toMatch(/^\| Hogar \| oculta \| — \|$/m)
    expect(section).toMatch(/^\| Empleado\(a\) \| oculta \| — \|$/m)
    expect(section.slice(0, section.indexOf('###', 4))).toContain(
      '| Oculta: las cifras de menos de 5 personas',
    )
    expect(md).not.toContain('menos de 5 |')
    const html = (await t.call('GET', '/api/events/oculta/report/public?format=html')).text
    expect(html).not.toContain('<td>menos de 5</td>')
    expect(html).toContain('se ocultan las siguientes más pequeñas hasta sumar 5 personas o más')
    // The chart keeps the hidden options' rows, marked, rather than leaving them out as if nobody chose
    // them: its text reads in the options' order.
    const chart = html.slice(html.indexOf('<h3 id="t-q-ocupacion">Ocupación</h3>'))
    const svg = chart.slice(chart.indexOf('<svg'), chart.indexOf('</svg>'))
    const shown = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
    expect(shown.slice(0, 2)).toEqual(['Empleado(a)', 'oculta'])
    expect(shown[shown.indexOf('Hogar') + 1]).toBe('oculta')
    expect(shown[shown.indexOf('Estudiante') + 1]).toBe('9 (56,3\u00a0%)')
    // The staff preview of the public copy, in Word: a Word chart cannot mark a bar, so the hidden
    // options are named under it.
    const docx = await t.app.request('/api/events/oculta/report?format=docx&audience=public', {
      headers: { authorization: `Bearer ${token}` },
    })
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
    expect(xml).toContain('se ocultan las siguientes más pequeñas hasta sumar 5 personas o más')
    expect(xml.replace(/<[^>]+>/g, '')).toContain(
      'El gráfico no muestra las opciones ocultas: Empleado(a); Hogar.',
    )
  })
})

describe('the report’s lists of free texts', () => {
  it('says in every format when it lists only the 500 most repeated texts, and of how many', async () => {
    const t = await testApp({ now: new Date('2026-11-28T15:00:00Z') })
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'textos' }) })
    // 502 responses: "Empleo juvenil" twice, and 500 other topics and comments, each typed once.
    for (let i = 0; i < 502; i++) {
      const typed = i < 2 ? 'Empleo juvenil' : `Tema número ${i}`
      const res = await t.call('POST', '/api/events/textos/forms/evaluacion/responses', {
        body: {
          answers: { ...requiredAnswers, temas_proximo: typed, comentarios: typed },
          deviceToken: `device-token-textos-${i}-abcdef`,
        },
      })
      expect(res.status).toBe(201)
    }
    const get = (query: string) => t.call('GET', `/api/events/textos/report?${query}`, { token })
    const json = (await get('format=json')).json
    const comments = json.evaluacion.questions.find((q: any) => q.id === 'comentarios')
    expect(comments.texts).toHaveLength(500)
    expect(comments.texts[0]).toEqual({ text: 'Empleo juvenil', count: 2 })
    expect(comments.textsTotal).toBe(501)
    expect(json.evaluacion.nextTopics).toHaveLength(500)
    expect(json.evaluacion.nextTopicsTotal).toBe(501)
    const es = 'Se listan las 500 respuestas más repetidas, de 501 distintas.'
    const en = 'The 500 most repeated answers are listed, of 501 different ones.'
    for (const [lang, note] of [
      ['es', es],
      ['en', en],
    ]) {
      for (const format of ['md', 'html']) {
        const text = (await get(`format=${format}&lang=${lang}`)).text
        // Once under the comments, once under the topics for the next event.
        expect(text.split(note).length - 1, `${format} ${lang}`).toBe(2)
      }
      const docx = await t.app.request(`/api/events/textos/report?format=docx&lang=${lang}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
      expect(xml.replace(/<[^>]+>/g, '\n').split(note).length - 1, `docx ${lang}`).toBe(2)
    }
    // A list that holds every text says nothing of the kind.
    const seeded = await testApp({ now: new Date('2026-11-28T15:00:00Z') })
    await seed(seeded)
    const whole = await seeded.call('GET', '/api/events/informe/report?format=md', {
      token: seeded.adminToken,
    })
    expect(whole.text).toContain('- Empleo juvenil (2)')
    expect(whole.text).not.toContain('más repetidas')
  }, 60_000)
})

describe('counts in the report’s sentences, singular and plural', () => {
  const share = (label: string, count: number, percent: number) => ({ key: label, label, count, percent })

  it('says "1 respuesta" and "2 respuestas" under a chart', () => {
    expect(leadingSentence(1, [share('Sí', 1, 100)], 'es')).toBe(
      'De 1 respuesta, la opción más elegida fue «Sí» (100,0\u00a0%).',
    )
    expect(leadingSentence(1, [share('Yes', 1, 100)], 'en')).toBe(
      'Of 1 answer, the most chosen option was “Yes” (100.0%).',
    )
    expect(leadingSentence(1302, [share('Sí', 1302, 100)], 'es')).toBe(
      'De 1.302 respuestas, la opción más elegida fue «Sí» (100,0\u00a0%).',
    )
    expect(leadingSentence(2, [share('Yes', 2, 100)], 'en')).toMatch(/^Of 2 answers,/)
  })

  it('speaks of the options shown when a cell is hidden, which may be as large as they are', () => {
    // Mujer 5, Hombre 5, No binario 1: No binario is hidden, and Mujer beside it so that it cannot be
    // worked out. "The most chosen was Hombre" would be false; which is larger must not be said either.
    const hidden = (label: string) => ({
      key: label,
      label,
      count: null,
      percent: null,
      suppressed: true as const,
    })
    const items = [hidden('Mujer'), share('Hombre', 5, 45.5), hidden('No binario')]
    expect(leadingSentence(11, items, 'es')).toBe(
      'De 11 respuestas, entre las opciones con cifra publicada, la opción más elegida fue «Hombre» (45,5\u00a0%).',
    )
    expect(leadingSentence(11, items, 'en')).toBe(
      'Of 11 answers, among the options whose figures are shown, the most chosen option was “Hombre” (45.5%).',
    )
    const tied = [hidden('Mujer'), share('Hombre', 5, 41.7), hidden('No binario'), share('Otro', 5, 41.7)]
    expect(leadingSentence(12, tied, 'es')).toBe(
      'De 12 respuestas, entre las opciones con cifra publicada, «Hombre» (41,7\u00a0%) y «Otro» (41,7\u00a0%) empataron como las más elegidas.',
    )
  })

  it('names every option tied in second place, not only the first in the form', () => {
    // "Redes sociales" 3 of 3, then "Página web", "Voz a voz" and "Otro" 1 each (multi-choice).
    const heard = [
      share('Redes sociales', 3, 100),
      share('Página web', 1, 33.3),
      share('Correo electrónico', 0, 0),
      share('Voz a voz', 1, 33.3),
      share('Otro', 1, 33.3),
    ]
    expect(leadingSentence(3, heard, 'es')).toBe(
      'De 3 respuestas, la opción más elegida fue «Redes sociales» (100,0\u00a0%), seguida de «Página web», «Voz a voz» y «Otro», con 33,3\u00a0% cada una.',
    )
    expect(leadingSentence(3, heard, 'en')).toBe(
      'Of 3 answers, the most chosen option was “Redes sociales” (100.0%), followed by “Página web”, “Voz a voz” and “Otro”, with 33.3% each.',
    )
    // A runner-up alone is named alone, whatever its place in the form.
    expect(
      leadingSentence(6, [share('Mala', 1, 16.7), share('Buena', 3, 50), share('Regular', 2, 33.3)], 'es'),
    ).toBe(
      'De 6 respuestas, la opción más elegida fue «Buena» (50,0\u00a0%), seguida de «Regular» (33,3\u00a0%).',
    )
  })

  it('says only how many answered a question without options, and hides nothing there', () => {
    expect(leadingSentence(5, [], 'es')).toBe('5 respuestas.')
    expect(leadingSentence(1, [], 'es')).toBe('1 respuesta.')
    expect(leadingSentence(1302, [], 'en')).toBe('1,302 answers.')
  })

  it('says "1 persona se registró" and "1 espectador" for one of each', async () => {
    const t = await testApp({ now: new Date('2026-11-28T15:00:00Z') })
    const token = t.adminToken
    await t.call('POST', '/api/events', {
      token,
      body: sampleEvent({ slug: 'uno', channels: ['Facebook Live'] }),
    })
    await t.call('PATCH', '/api/events/uno', {
      token,
      body: { peakViewers: 1, figuresSource: 'Facebook Live' },
    })
    const res = await t.call('POST', '/api/events/uno/attendance', {
      body: { name: 'Ana', gender: 'mujer', documentType: 'CC', documentNumber: '10001', consent: true },
    })
    expect(res.status).toBe(201)
    const code = res.json.checkinCode
    expect((await t.call('POST', '/api/events/uno/checkins', { token, body: { code } })).status).toBe(200)
    const es = await t.call('GET', '/api/events/uno/report', { token })
    expect(es.json.asistencia.summary).toBe(
      '1 persona se registró y 1 registró su ingreso. La transmisión tuvo un máximo de 1 espectador en vivo (fuente: Facebook Live).',
    )
    const en = await t.call('GET', '/api/events/uno/report?lang=en', { token })
    expect(en.json.asistencia.summary).toBe(
      '1 person registered and 1 was checked in. The live stream had a peak of 1 viewer (source: Facebook Live).',
    )
  })

  // The options pqrsdSection takes from the report, the language apart.
  const o = {
    audience: 'staff',
    now: new Date('2026-11-28T17:00:00Z'),
    timezone: 'America/Bogota',
    typeLabel: (x: string) => x,
    country: 'CO',
  } as const

  it('says "de la 1 que tiene dependencia asignada" when one question of several has a department', () => {
    const q = (id: string, areaKey: string | null) =>
      ({
        id,
        radicado: id,
        type: 'peticion',
        channel: 'widget',
        status: 'pending',
        areaKey,
        mergedInto: null,
        text: 'x',
        dueDate: '2026-12-20',
        extendedDueDate: null,
        receivedAt: '2026-11-27T19:00:00Z',
      }) as any
    const areas = [{ key: 'despacho', name: 'Despacho' }] as any
    const one = [q('a', 'despacho'), q('b', null)]
    expect(pqrsdSection(one, areas, { ...o, lang: 'es' }).summary).toContain(
      'Por dependencia (de la 1 que tiene dependencia asignada): 100,0\u00a0% Despacho.',
    )
    expect(pqrsdSection(one, areas, { ...o, lang: 'en' }).summary).toContain(
      'By department (of the 1 with a department assigned): 100.0% Despacho.',
    )
    const two = [q('a', 'despacho'), q('b', 'despacho'), q('c', null)]
    expect(pqrsdSection(two, areas, { ...o, lang: 'es' }).summary).toContain(
      'Por dependencia (de las 2 que tienen dependencia asignada):',
    )
  })

  it('says that no question was received when none was, in every format and both languages', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'sin-preguntas' }) })
    const said = { es: 'No se recibieron preguntas.', en: 'No questions were received.' }
    for (const lang of ['es', 'en'] as const)
      for (const format of ['json', 'md', 'html', 'docx', 'csv']) {
        const res = await t.app.request(`/api/events/sin-preguntas/report?format=${format}&lang=${lang}`, {
          headers: { authorization: `Bearer ${token}` },
        })
        expect(res.status).toBe(200)
        const text = textOf(res.headers.get('content-type'), new Uint8Array(await res.arrayBuffer()))
        expect(text, `${lang} ${format}`).toContain(said[lang])
        expect(text, `${lang} ${format}`).not.toMatch(/recibieron 0|0 questions were|0 quedan|0 remain/)
      }
    // What moderation hid is a petition still, received and pending, and said to be hidden.
    const q = (id: string, status: string) =>
      ({
        id,
        radicado: id,
        type: 'pregunta',
        status,
        receivedAt: '2026-11-27T20:00:00Z',
        dueDate: '2026-12-18',
        extendedDueDate: null,
      }) as any
    expect(pqrsdSection([q('a', 'hidden')], [], { ...o, lang: 'es' }).summary).toBe(
      'Se recibió 1 pregunta: 0 se respondieron durante el evento y 1 queda pendiente de respuesta. 1 de las pendientes se ocultó del muro por moderación (spam o insultos); su término corre igual.',
    )
    expect(pqrsdSection([q('a', 'hidden'), q('b', 'hidden')], [], { ...o, lang: 'en' }).summary).toBe(
      '2 questions were received: 0 were answered during the event and 2 remain pending. 2 of the pending ones were hidden from the wall by moderation (spam or insults); their terms run all the same.',
    )
  })
})

describe('what people typed, in the Markdown report', () => {
  // What CommonMark reads back from escaped text: a backslash before punctuation is that character, and
  // the three entities `safe` writes are theirs.
  const readBack = (md: string) =>
    md
      .replace(/\\([!-/:-@[-`{-~])/g, '$1')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
  const marks = '\\`*_[]{}#|~^$<>@'

  it('escapes every mark that would format it, so that it shows as it was typed', () => {
    expect(mdCell('**bold** `code`')).toBe('\\*\\*bold\\*\\* \\`code\\`')
    for (const [typed, written] of [
      ['_cursiva_ y ~~tachado~~', '\\_cursiva\\_ y \\~\\~tachado\\~\\~'],
      ['# Título', '\\# Título'],
      ['- uno', '\\- uno'],
      ['+ uno', '\\+ uno'],
      ['1. uno', '1\\. uno'],
      ['2) dos', '2\\) dos'],
      ['a. Pandoc', 'a\\. Pandoc'],
      ['(iv) Pandoc', '\\(iv\\) Pandoc'],
      ['> cita', '&gt; cita'],
      ['$x^2$ {#id}', '\\$x\\^2\\$ \\{\\#id\\}'],
      ['a | b', 'a \\| b'],
      ['\\*', '\\\\\\*'],
      ['    código', 'código'],
      ['&copy; & co', '&amp;copy; & co'],
    ])
      expect(mdCell(typed), typed).toBe(written)
    // A paragraph keeps its lines, each escaped where a line starts: no list, heading or underline.
    expect(mdText('Uno\n- dos\n===\n  3. tres')).toBe('Uno\n\\- dos\n\\===\n3\\. tres')
    // Not what reads as itself: a number, a date, a radicado, a question, a time, a colon in a sentence.
    for (const plain of [
      '1.302',
      '27 de noviembre de 2026',
      'SDE-2026-000003',
      '¿Cuándo abre? (pronto)',
      'a las 10:30',
      'Nota: la web',
    ])
      expect(mdCell(plain)).toBe(plain)
  })

  it('leaves no web or e-mail address for GitHub or Pandoc to turn into a link', () => {
    // No GFM renderer is a dependency, so the escaped text is checked against the rules of the GFM
    // spec's autolinks extension (https://github.github.com/gfm/#autolinks-extension-), which cmark-gfm
    // applies to the text as written: a "www autolink" starts with the four characters "www.", an
    // "extended URL autolink" with "http://" or "https://" (the scheme, then "://"), an "extended email
    // autolink" is letters around one "@". A backslash before the dot, the colon or the "@" (CommonMark
    // allows one before any ASCII punctuation, and shows the character alone) puts a character between
    // them, so none of the three is found; Pandoc's bare URIs need the scheme's colon too. Rendered, the
    // text reads as typed.
    for (const [typed, written] of [
      ['https://ejemplo.com/x', 'https\\://ejemplo.com/x'],
      ['Vea http://ejemplo.com.', 'Vea http\\://ejemplo.com.'],
      ['www.ejemplo.com', 'www\\.ejemplo.com'],
      ['(WWW.ejemplo.gov.co/tramites)', '(WWW\\.ejemplo.gov.co/tramites)'],
      ['alguien@ejemplo.com', 'alguien\\@ejemplo.com'],
      ['mailto:alguien@ejemplo.com', 'mailto\\:alguien\\@ejemplo.com'],
      ['ftp://archivo.gov.co', 'ftp\\://archivo.gov.co'],
      ['@alcaldia en redes', '\\@alcaldia en redes'],
    ]) {
      expect(mdCell(typed), typed).toBe(written)
      expect(readBack(mdCell(typed)), typed).toBe(typed)
      const md = mdCell(typed)
      expect(md, typed).not.toMatch(/www\./i)
      expect(md, typed).not.toMatch(/[A-Za-z]:\/\//)
      expect(md, typed).not.toMatch(/(?<!\\)@/)
    }
    // In the report, in either language: a question and its answer as citizens and staff typed them.
    const [q] = fixtureReport.pqrsd.questions
    const typed = {
      ...q,
      text: '¿Está en www.ejemplo.gov.co o en https://ejemplo.gov.co/x?',
      answer: 'Escriba a alguien@ejemplo.gov.co',
    }
    for (const lang of ['es', 'en'] as const) {
      const md = renderMarkdown({
        ...fixtureReport,
        lang,
        pqrsd: { ...fixtureReport.pqrsd, questions: [typed] },
      })
      expect(md, lang).toContain('¿Está en www\\.ejemplo.gov.co o en https\\://ejemplo.gov.co/x?')
      expect(md, lang).toContain('Escriba a alguien\\@ejemplo.gov.co')
    }
  })

  it('reads back as typed, with no mark left bare, whatever is typed', () => {
    const typed = fc.string({
      unit: fc.constantFrom(...marks, ...'-+=:.()!&;1 aw/\n', 'www.', 'https://'),
      maxLength: 40,
    })
    fc.assert(
      fc.property(typed, (s) => {
        const md = mdCell(s)
        // Every mark is escaped: after each, counted back, an odd run of backslashes.
        for (const [i, ch] of [...md].entries()) {
          if (!marks.includes(ch) || ch === '\\') continue
          const before = md.slice(0, i).match(/\\*$/)![0].length
          expect(before % 2, `${JSON.stringify(s)} → ${md}`).toBe(1)
        }
        expect(md).not.toMatch(/^(?:[-+=:]|\d+[.)](?:\s|$))/)
        // Nor an address a viewer would link: "www.", a scheme and its colon ("https://", "mailto:").
        expect(md).not.toMatch(/\bwww\./i)
        expect(md).not.toMatch(/(?:^|[^A-Za-z0-9+.\-\\])[A-Za-z][A-Za-z0-9+.-]*:\S/)
        // And it reads back as typed, on one line, without the spaces that started its lines.
        expect(readBack(md)).toBe(s.replace(/^[ \t]+/gm, '').replace(/\s*\n\s*/g, ' '))
      }),
    )
  })

  it('shows a question, a survey question, a comment and a commitment as typed, not formatted', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'formato' }) })
    const typed = '**negrita** `código` _x_ ~~y~~ # z'
    const written = '\\*\\*negrita\\*\\* \\`código\\` \\_x\\_ \\~\\~y\\~\\~ \\# z'
    const added = await t.call('POST', '/api/events/formato/forms/evaluacion/questions', {
      token,
      body: { id: 'extra', type: 'short_text', label: `Pregunta ${typed}` },
    })
    expect(added.status).toBe(201)
    const sent = await t.call('POST', '/api/events/formato/forms/evaluacion/responses', {
      body: {
        answers: { ...requiredAnswers, comentarios: `Comentario ${typed}` },
        deviceToken: 'device-token-formato-1',
      },
    })
    expect(sent.status).toBe(201)
    const asked = await t.call('POST', '/api/events/formato/questions', {
      body: { type: 'pregunta', text: `Pregunta ciudadana ${typed}` },
    })
    expect(asked.status).toBe(201)
    await t.call('POST', '/api/events/formato/commitments', {
      token,
      body: { description: `- Compromiso ${typed}`, area: 'despacho', dueMonth: '2027-02' },
    })
    const md = (await t.call('GET', '/api/events/formato/report?format=md', { token })).text
    expect(md).not.toContain('**negrita**')
    expect(md).not.toContain('`código`')
    expect(md).toContain(`### Pregunta ${written}`)
    expect(md).toContain(`- Comentario ${written}`)
    expect(md).toContain(`| Pregunta ciudadana ${written} |`)
    expect(md).toContain(`| \\- Compromiso ${written} |`)
  })
})

describe('a scale with labels at its ends', () => {
  it('names its ends with their labels in the statistics and in every format of the report', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'escala' }) })
    const label = '¿Qué tan útil fue la rendición de cuentas?'
    const added = await t.call('POST', '/api/events/escala/forms/evaluacion/questions', {
      token,
      body: {
        id: 'utilidad',
        type: 'scale',
        label,
        scale: { min: 1, max: 5, minLabel: 'Nada', maxLabel: 'Mucho' },
      },
    })
    expect(added.status).toBe(201)
    for (const [i, utilidad] of [5, 5, 1, 3].entries())
      expect(
        (
          await t.call('POST', '/api/events/escala/forms/evaluacion/responses', {
            body: { answers: { ...requiredAnswers, utilidad }, deviceToken: `device-token-escala-${i}` },
          })
        ).status,
      ).toBe(201)
    const points = ['1 · Nada', '2', '3', '4', '5 · Mucho']
    const stats = (await t.call('GET', '/api/events/escala/forms/evaluacion/stats', { token })).json
    const scale = stats.questions.find((q: any) => q.id === 'utilidad')
    expect(scale.options.map((o: any) => [o.value, o.label, o.count])).toEqual([
      ['1', '1 · Nada', 1],
      ['2', '2', 0],
      ['3', '3', 1],
      ['4', '4', 0],
      ['5', '5 · Mucho', 2],
    ])
    // In English, the ends staff wrote in Spanish are marked so.
    const en = (await t.call('GET', '/api/events/escala/forms/evaluacion/stats?lang=en', { token })).json
    expect(en.questions.find((q: any) => q.id === 'utilidad').options.map((o: any) => o.lang)).toEqual([
      'es',
      undefined,
      undefined,
      undefined,
      'es',
    ])
    const get = async (format: string) => {
      const res = await t.app.request(`/api/events/escala/report?format=${format}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      return { type: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) }
    }
    const json = JSON.parse(strFromU8((await get('json')).body))
    const q = json.evaluacion.questions.find((x: any) => x.id === 'utilidad')
    expect(q.options.map((o: any) => o.label)).toEqual(points)
    expect(q.summary).toBe(
      // 1 and 3 have one answer each: both come second.
      'De 4 respuestas, la opción más elegida fue «5 · Mucho» (50,0\u00a0%), seguida de «1 · Nada» y «3», con 25,0\u00a0% cada una.',
    )
    const md = strFromU8((await get('md')).body)
    expect(md).toContain('| 1 · Nada | 1 | 25,0\u00a0% |')
    expect(md).toContain('| 5 · Mucho | 2 | 50,0\u00a0% |')
    for (const format of ['html', 'docx', 'csv', 'xlsx']) {
      const { type, body } = await get(format)
      const text = textOf(type, body)
      for (const point of ['1 · Nada', '5 · Mucho']) expect(text, `${format}: ${point}`).toContain(point)
    }
    const figures = tableOf(csvTables(strFromU8((await get('csv')).body)), 'Cifras').rows
    expect(figures.filter((r) => r[1] === label).map((r) => [r[2], r[3], r[4], r[5]])).toEqual([
      ['1 · Nada', '1', '25,0', '4'],
      ['2', '0', '0,0', '4'],
      ['3', '1', '25,0', '4'],
      ['4', '0', '0,0', '4'],
      ['5 · Mucho', '2', '50,0', '4'],
    ])
    // And the statistics' sheet, as the report's.
    const sheet = await t.call('GET', '/api/events/escala/forms/evaluacion/stats?format=csv', { token })
    expect(
      tableOf(csvTables(sheet.text), 'Estadísticas')
        .rows.filter((r) => r[0] === label)
        .map((r) => r[1]),
    ).toEqual(points)
  })
})
