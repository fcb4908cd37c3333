import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatNumber, formatPercent, formatShare, percent } from '../server/services/percent'
import { csvStream, neutralise, toCsv } from '../server/services/spreadsheet'
import { suppressOptions } from '../server/services/suppression'
import { csvTables, tableOf, xlsxSheets } from './fixtures/csv-tables'
import { requiredAnswers, sampleEvent, type TestApp, testApp } from './helpers'

/** The figures of a statistics CSV, one object per row, by header. */
const figuresOf = (text: string) => tableOf(csvTables(text), 'Estadísticas').records

describe('the one percentage', () => {
  it('rounds to one decimal, half away from zero, on the exact fraction', () => {
    expect(percent(1, 8)).toBe(12.5)
    expect(percent(1, 16)).toBe(6.3) // 6.25 exactly: up, where a float product could go down
    expect(percent(1, 2000)).toBe(0.1) // 0.05 exactly
    expect(percent(1, 2001)).toBe(0) // 0.04997...
    expect(percent(2, 3)).toBe(66.7)
    expect(percent(1, 3)).toBe(33.3)
    expect(percent(7, 7)).toBe(100)
    expect(percent(0, 0)).toBe(0)
    expect(() => percent(1.5, 3)).toThrow(RangeError)
  })

  it('agrees with exact integer arithmetic for any count and total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.nat(), (total, raw) => {
        const count = raw % (total * 2 + 1)
        const [c, t] = [BigInt(count), BigInt(total)]
        const tenths = (c * 2000n + t) / (2n * t)
        return percent(count, total) === Number(tenths) / 10
      }),
    )
  })

  it('formats numbers and shares the way reports write them', () => {
    expect(formatPercent(55.2)).toBe('55,2\u00a0%')
    expect(formatPercent(100)).toBe('100,0\u00a0%')
    expect(formatPercent(55.2, 'en')).toBe('55.2%')
    expect(formatNumber(1302)).toBe('1.302')
    expect(formatNumber(857)).toBe('857')
    expect(formatNumber(1234567, 'en')).toBe('1,234,567')
    expect(formatShare(16, 29)).toBe('55,2\u00a0%')
  })
})

describe('suppression of small cells', () => {
  const opt = (value: string, count: number) => ({ value, label: value, count, percent: 0 })
  it('hides cells under 5 with the next smallest that have people, five people or more in two cells', () => {
    const out = suppressOptions([opt('a', 12), opt('b', 3), opt('c', 7), opt('d', 0)])
    expect(out.map((o) => o.count)).toEqual([12, null, null, 0])
    const two = suppressOptions([opt('a', 12), opt('b', 3), opt('c', 2)])
    expect(two.map((o) => o.count)).toEqual([12, null, null])
    // Two small cells of 1 and 2 hold 3 people: the next smallest joins them.
    const few = suppressOptions([opt('a', 12), opt('b', 1), opt('c', 2), opt('d', 6)])
    expect(few.map((o) => o.count)).toEqual([12, null, null, null])
    // One person with a disability beside five with none: never a zero as the second hidden cell, whose
    // choice would tell which of the two holds the person.
    const lone = suppressOptions([
      opt('indigena', 0),
      opt('discapacidad', 1),
      opt('ninguno', 5),
      opt('rrom', 0),
    ])
    expect(lone.map((o) => o.count)).toEqual([0, null, null, 0])
    // Fewer than five people in all: nothing of them can be shown, not even the zeros.
    const one = suppressOptions([opt('indigena', 0), opt('victima', 1), opt('ninguno', 0)])
    expect(one.every((o) => o.suppressed)).toBe(true)
    expect(suppressOptions([opt('a', 5), opt('b', 0)]).map((o) => o.count)).toEqual([5, 0])
  })

  it('never leaves a hidden cell recoverable: none, or five people or more in two cells or more', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 9 }), (counts) => {
        const out = suppressOptions(counts.map((n, i) => opt(`o${i}`, n)))
        const hidden = out.flatMap((o, i) => (o.suppressed ? [counts[i]] : []))
        const everything = hidden.length === counts.length
        // A shown cell is exact, and every cell of fewer than five people with someone in it is hidden.
        out.forEach((o, i) => {
          if (!o.suppressed) expect(o.count).toBe(counts[i])
          if (counts[i] > 0 && counts[i] < 5) expect(o.suppressed).toBe(true)
        })
        if (hidden.length && !everything) {
          expect(hidden.every((n) => n > 0)).toBe(true)
          expect(hidden.length).toBeGreaterThan(1)
          expect(hidden.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5)
        }
      }),
    )
  })
})

describe('spreadsheet safety', () => {
  it('neutralises text that a spreadsheet would read as a formula', () => {
    for (const v of ['=1+1', '+57 300', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(v)).toBe(`'${v}`)
    expect(neutralise('Ana')).toBe('Ana')
    expect(neutralise(-2)).toBe(-2)
    const csv = toCsv({ headers: ['a', 'b'], rows: [['x;y', 'dice "hola"']] }, ';')
    expect(csv).toBe('\ufeffa;b\r\n"x;y";"dice ""hola"""\r\n')
  })

  it('streams page by page the very CSV it builds whole, reading each page only when asked', async () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom('=1+1', 'a;b', 'a,b', 'dice "hola"', 'línea\r\notra', ''),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    )
    const row = fc.array(cell, { minLength: 3, maxLength: 3 })
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(row, { maxLength: 4 }), { maxLength: 4 }),
        fc.constantFrom(';' as const, ',' as const),
        async (pages, delimiter) => {
          const headers = ['uno', 'dos', 'tres']
          let read = 0
          const paged = {
            headers,
            async *pages() {
              for (const page of pages) {
                read++
                yield page
              }
            },
          }
          const stream = csvStream(paged, delimiter)
          expect(read).toBe(0)
          const bytes = new Uint8Array(await new Response(stream).arrayBuffer())
          expect(read).toBe(pages.length)
          expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(
            toCsv({ headers, rows: pages.flat() }, delimiter),
          )
        },
      ),
    )
  })
})

const base = {
  explicacion_procedimiento: 'clara',
  oportunidad_opinar: 'adecuada',
  muestra_resultados: 'si',
  volveria_participar: 'si',
}
const col = (spec: [string | unknown, number][]) => spec.flatMap(([v, n]) => Array(n).fill(v))
// Thirteen respondents, answer by answer (index i is respondent i).
const known = {
  calificacion_gestion: col([
    ['excelente', 5],
    ['buena', 4],
    ['regular', 3],
    ['mala', 1],
  ]),
  genero: col([
    ['mujer', 7],
    ['hombre', 4],
    ['no_binario', 1],
    [undefined, 1],
  ]),
  tiempo_exposicion: col([
    ['adecuado', 8],
    ['insuficiente', 3],
    ['excesivo', 2],
  ]),
  responde_intereses: col([
    ['si', 6],
    ['parcialmente', 6],
    ['no', 1],
  ]),
  explicacion_procedimiento: col([
    ['confusa', 2],
    ['clara', 11],
  ]),
  volveria_participar: col([
    ['si', 12],
    ['no', 1],
  ]),
  rango_edad: col([
    ['18_28', 4],
    ['29_40', 2],
    ['60_mas', 1],
    [undefined, 6],
  ]),
  ocupacion: ['otra:Líder comunal', 'estudiante'],
  grupo_poblacional: [['afro', 'victima'], ['prefiero_no_responder'], ['ninguno']],
  medio_enterado: [
    ['redes_sociales', 'voz_a_voz'],
    ['redes_sociales'],
    ['redes_sociales', 'pagina_web'],
    ['redes_sociales', 'otro:Perifoneo'],
    ['redes_sociales', 'voz_a_voz'],
    ['redes_sociales', 'pagina_web', 'voz_a_voz'],
    ['correo'],
    ['medios'],
  ],
  comentarios: ['Muy clara la exposición', 'muy clara la exposicion', 'Faltó tiempo'],
}

async function knownSet(): Promise<TestApp> {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  for (let i = 0; i < 13; i++) {
    const answers: Record<string, unknown> = { ...base }
    for (const [id, values] of Object.entries(known)) if (values[i] !== undefined) answers[id] = values[i]
    const res = await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
      body: { answers, deviceToken: `known-set-device-${i}-xxxx` },
    })
    expect(res.status, JSON.stringify(res.json)).toBe(201)
  }
  return t
}

const table = (q: any) => [q.answered, q.options.map((o: any) => [o.value, o.count, o.percent])]
const stats = async (t: TestApp, query = '') =>
  (await t.call('GET', `/api/events/evento/forms/evaluacion/stats${query}`, { token: t.adminToken })).json

describe('stats of a known set of responses', () => {
  it('gives every count and every percentage exactly', async () => {
    const t = await knownSet()
    const s = await stats(t)
    expect(s.responses).toBe(13)
    const by = Object.fromEntries(s.questions.map((q: any) => [q.id, table(q)]))
    expect(by).toEqual({
      genero: [
        12,
        [
          ['mujer', 7, 58.3],
          ['hombre', 4, 33.3],
          ['no_binario', 1, 8.3],
          ['prefiero_no_responder', 0, 0],
        ],
      ],
      rango_edad: [
        7,
        [
          ['menos_18', 0, 0],
          ['18_28', 4, 57.1],
          ['29_40', 2, 28.6],
          ['41_59', 0, 0],
          ['60_mas', 1, 14.3],
          ['prefiero_no_responder', 0, 0],
        ],
      ],
      ocupacion: [
        2,
        [
          ['empleado', 0, 0],
          ['contratista', 0, 0],
          ['independiente', 0, 0],
          ['servidor_publico', 0, 0],
          ['estudiante', 1, 50],
          ['hogar', 0, 0],
          ['desempleado', 0, 0],
          ['pensionado', 0, 0],
          ['otra', 1, 50],
        ],
      ],
      nivel_educativo: [
        0,
        [
          'ninguno',
          'primaria',
          'secundaria',
          'tecnico',
          'tecnologo',
          'profesional',
          'especializacion',
          'maestria',
          'doctorado',
        ].map((v) => [v, 0, 0]),
      ],
      grupo_poblacional: [
        3,
        [
          ['indigena', 0, 0],
          ['afro', 1, 33.3],
          ['rrom', 0, 0],
          ['victima', 1, 33.3],
          ['discapacidad', 0, 0],
          ['lgbtiq', 0, 0],
          ['campesino', 0, 0],
          ['migrante', 0, 0],
          ['otro', 0, 0],
          ['ninguno', 1, 33.3],
          ['prefiero_no_responder', 1, 33.3],
        ],
      ],
      // Shares of respondents: a multi-choice question adds up past 100 %.
      medio_enterado: [
        8,
        [
          ['redes_sociales', 6, 75],
          ['pagina_web', 2, 25],
          ['correo', 1, 12.5],
          ['invitacion_directa', 0, 0],
          ['reunion_lideres', 0, 0],
          ['voz_a_voz', 3, 37.5],
          ['medios', 1, 12.5],
          ['otro', 1, 12.5],
        ],
      ],
      explicacion_procedimiento: [
        13,
        [
          ['clara', 11, 84.6],
          ['confusa', 2, 15.4],
        ],
      ],
      oportunidad_opinar: [
        13,
        [
          ['adecuada', 13, 100],
          ['inadecuada', 0, 0],
        ],
      ],
      tiempo_exposicion: [
        13,
        [
          ['adecuado', 8, 61.5],
          ['insuficiente', 3, 23.1],
          ['excesivo', 2, 15.4],
        ],
      ],
      // Each share rounded on its own: 46,2 + 46,2 + 7,7 = 100,1.
      responde_intereses: [
        13,
        [
          ['si', 6, 46.2],
          ['parcialmente', 6, 46.2],
          ['no', 1, 7.7],
        ],
      ],
      muestra_resultados: [
        13,
        [
          ['si', 13, 100],
          ['no', 0, 0],
        ],
      ],
      calificacion_gestion: [
        13,
        [
          ['excelente', 5, 38.5],
          ['buena', 4, 30.8],
          ['regular', 3, 23.1],
          ['mala', 1, 7.7],
        ],
      ],
      volveria_participar: [
        13,
        [
          ['si', 12, 92.3],
          ['no', 1, 7.7],
        ],
      ],
      temas_proximo: [0, []],
      comentarios: [3, []],
    })
    const texts = Object.fromEntries(s.questions.filter((q: any) => q.texts).map((q: any) => [q.id, q.texts]))
    expect(texts).toEqual({
      ocupacion: [{ text: 'Líder comunal', count: 1 }],
      grupo_poblacional: [],
      medio_enterado: [{ text: 'Perifoneo', count: 1 }],
      temas_proximo: [],
      comentarios: [
        { text: 'Muy clara la exposición', count: 2 },
        { text: 'Faltó tiempo', count: 1 },
      ],
    })
  })

  it('gives the same figures from the raw answers as from the counters', async () => {
    const t = await knownSet()
    const counted = await stats(t)
    const raw = await stats(t, '?filter.muestra_resultados=si')
    expect(raw.filters).toEqual([{ questionId: 'muestra_resultados', values: ['si'] }])
    expect(raw.responses).toBe(counted.responses)
    // The sensitive question aside: under any filter its small cells are hidden (tested below).
    const plain = (x: any) => x.questions.filter((q: any) => !q.sensitive).map(table)
    expect(plain(raw)).toEqual(plain(counted))
    expect(raw.questions.filter((q: any) => q.sensitive).map((q: any) => q.answered)).toEqual(
      counted.questions.filter((q: any) => q.sensitive).map((q: any) => q.answered),
    )
    // A choice question lists only what was typed after its "Otra" option, not its plain options.
    const texts = (s: any, id: string) => s.questions.find((q: any) => q.id === id).texts
    expect(texts(raw, 'ocupacion')).toEqual([{ text: 'Líder comunal', count: 1 }])
    expect(texts(raw, 'medio_enterado')).toEqual(texts(counted, 'medio_enterado'))
  })

  it('filters by a breakdown and crosses one question by another', async () => {
    const t = await knownSet()
    const women = await stats(t, '?filter.genero=mujer')
    expect(women.responses).toBe(7)
    expect(table(women.questions.find((q: any) => q.id === 'calificacion_gestion'))).toEqual([
      7,
      [
        ['excelente', 5, 71.4],
        ['buena', 2, 28.6],
        ['regular', 0, 0],
        ['mala', 0, 0],
      ],
    ])
    const several = await stats(
      t,
      '?filter.genero=hombre,no_binario&filter.tiempo_exposicion=insuficiente,excesivo',
    )
    expect(several.responses).toBe(4)
    const bad = await stats(t, '?filter.comentarios=x')
    expect(bad.error.issues[0].path).toBe('filter.comentarios')
    // A value the question does not have would match nothing, an empty result that reads as data.
    const unknown = await stats(t, '?filter.genero=mujer,foo')
    expect(unknown.error.code).toBe('VALIDATION_ERROR')
    expect(unknown.error.issues).toEqual([
      {
        path: 'filter.genero',
        message: expect.stringMatching(
          /^«foo» no es una opción de esta pregunta\. Sus valores: mujer, hombre, /,
        ),
      },
    ])
    for (const ok of ['filter.muestra_resultados=no', 'filter.calificacion_gestion=buena'])
      expect((await stats(t, `?${ok}`)).responses, ok).toBeGreaterThanOrEqual(0)
    const x = await t.call(
      'GET',
      '/api/events/evento/forms/evaluacion/crosstab?question=calificacion_gestion&by=genero',
      {
        token: t.adminToken,
      },
    )
    expect(x.json.by).toEqual({ id: 'genero', label: 'Género', type: 'single' })
    expect(
      x.json.groups.map((g: any) => [g.value, g.answered, g.options.map((o: any) => [o.count, o.percent])]),
    ).toEqual([
      [
        'mujer',
        7,
        [
          [5, 71.4],
          [2, 28.6],
          [0, 0],
          [0, 0],
        ],
      ],
      [
        'hombre',
        4,
        [
          [0, 0],
          [2, 50],
          [2, 50],
          [0, 0],
        ],
      ],
      [
        'no_binario',
        1,
        [
          [0, 0],
          [0, 0],
          [1, 100],
          [0, 0],
        ],
      ],
      [
        'prefiero_no_responder',
        0,
        [
          [0, 0],
          [0, 0],
          [0, 0],
          [0, 0],
        ],
      ],
      [
        null,
        1,
        [
          [0, 0],
          [0, 0],
          [0, 0],
          [1, 100],
        ],
      ],
    ])
    // A question of several choices: each block counts its people once, though their options add up to more.
    const multi = await t.call(
      'GET',
      '/api/events/evento/forms/evaluacion/crosstab?question=medio_enterado&by=genero',
      { token: t.adminToken },
    )
    const count = (g: any, v: string) => g.options.find((o: any) => o.value === v).count
    const [w, m] = multi.json.groups
    expect([w.value, w.answered, m.value, m.answered]).toEqual(['mujer', 7, 'hombre', 1])
    expect([count(w, 'redes_sociales'), count(w, 'voz_a_voz'), count(w, 'pagina_web')]).toEqual([6, 3, 2])
    expect(w.options.find((o: any) => o.value === 'redes_sociales').percent).toBe(85.7)
    expect(count(m, 'medios')).toBe(1)
  })

  it('keeps hiding the small cells of answers given to a sensitive question after a version unmarks it', async () => {
    const t = await knownSet()
    const def = (await t.call('GET', '/api/events/evento/forms/evaluacion', { token: t.adminToken })).json
      .settings.definition
    const unmarked = {
      ...def,
      questions: def.questions.map((q: any) =>
        q.id === 'grupo_poblacional' ? { ...q, sensitive: false } : q,
      ),
    }
    const put = await t.call('PUT', '/api/events/evento/forms/evaluacion', {
      token: t.adminToken,
      body: unmarked,
    })
    expect(put.status).toBe(200)
    const csv = await t.call('GET', '/api/events/evento/forms/evaluacion/stats?format=csv', {
      token: t.adminToken,
    })
    const groups = figuresOf(csv.text).filter((r) => r.Pregunta.startsWith('¿Grupo poblacional'))
    expect(groups).toContainEqual({
      Pregunta: '¿Grupo poblacional, comunitario o social al que pertenece?',
      Opción: 'Negro, afrocolombiano, raizal o palenquero',
      Respuestas: '',
      '%': '',
      'Base de los porcentajes': '3',
      Nota: 'oculta',
    })
    expect(groups.filter((r) => /^[1-4]$/.test(r.Respuestas))).toEqual([])
  })

  it('counts every filtered response a written answer came in, however many there are', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    // 70 older answers of one text, then 50 newer of another, spelled two ways: more than any sample.
    for (let i = 0; i < 120; i++) {
      const comentarios = i < 70 ? 'Faltó tiempo' : i % 2 ? 'mas  SILLAS' : 'Más sillas'
      const res = await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
        body: { answers: { ...requiredAnswers, comentarios }, deviceToken: `filtered-texts-${i}-device` },
      })
      expect(res.status).toBe(201)
    }
    const q = (s: any) => s.questions.find((x: any) => x.id === 'comentarios')
    const all = q(await stats(t))
    const filtered = q(await stats(t, `?filter.calificacion_gestion=${requiredAnswers.calificacion_gestion}`))
    expect(filtered.texts.map((x: any) => [x.text, x.count])).toEqual([
      ['Faltó tiempo', 70],
      ['Más sillas', 50],
    ])
    expect(filtered.texts).toEqual(all.texts)
    expect(filtered.textsMore).toBe(false)
  })

  it('exports the stats as a sheet to paste and the raw responses as CSV', async () => {
    const t = await knownSet()
    const csv = await t.call('GET', '/api/events/evento/forms/evaluacion/stats?format=csv', {
      token: t.adminToken,
    })
    const figures = tableOf(csvTables(csv.text), 'Estadísticas').rows
    expect(figures).toContainEqual([
      'De acuerdo con la información presentada, ¿cómo califica la gestión?',
      'Excelente',
      '5',
      '38,5',
      '13',
      '',
    ])
    // What is pasted is published: a sensitive question's small cells say so, never their count; the
    // small cells of other questions stay exact for staff.
    const groups = figures.filter((r) => r[0].startsWith('¿Grupo poblacional'))
    expect(groups).toContainEqual([
      '¿Grupo poblacional, comunitario o social al que pertenece?',
      'Negro, afrocolombiano, raizal o palenquero',
      '',
      '',
      '3',
      'oculta',
    ])
    expect(groups.filter((r) => /^[1-4]$/.test(r[2]))).toEqual([])
    // How many answered is on every row of the question, in its own column: the counts are the options'.
    expect(figures.filter((r) => r[0] === 'Género')).toEqual([
      ['Género', 'Mujer', '7', '58,3', '12', ''],
      ['Género', 'Hombre', '4', '33,3', '12', ''],
      ['Género', 'No binario / otra identidad', '1', '8,3', '12', ''],
      ['Género', 'Prefiero no responder', '0', '0,0', '12', ''],
    ])
    const raw = await t.call('GET', '/api/events/evento/forms/evaluacion/responses?format=csv', {
      token: t.adminToken,
    })
    const rows = raw.text.trim().split('\r\n')
    expect(rows).toHaveLength(14)
    expect(rows[4]).toContain('Redes sociales; Otro: Perifoneo')
    // The time it was sent where the event is held (Bogotá), as the attendance export writes it.
    expect(rows[1].split(';')[2]).toBe('2026-11-21 10:00')
    const json = await t.call('GET', '/api/events/evento/forms/evaluacion/responses?limit=2', {
      token: t.adminToken,
    })
    expect(json.json.responses[0]).toMatchObject({
      version: 1,
      answers: { genero: 'mujer', calificacion_gestion: 'excelente' },
    })
  })

  it('says a sheet is filtered, and hides every small figure of a group chosen by sensitive data', async () => {
    const t = await knownSet()
    const sheet = async (query: string) =>
      csvTables(
        (
          await t.call('GET', `/api/events/evento/forms/evaluacion/stats?format=csv&${query}`, {
            token: t.adminToken,
          })
        ).text,
      )
    // One respondent said afro: pasted into a report, the sheet must not give that person's profile.
    const afro = await sheet('filter.grupo_poblacional=afro')
    expect(afro[0]).toEqual({
      name: 'Filtros',
      headers: ['Pregunta', 'Valores'],
      rows: [
        [
          '¿Grupo poblacional, comunitario o social al que pertenece?',
          'Negro, afrocolombiano, raizal o palenquero',
        ],
      ],
    })
    const figures = tableOf(afro, 'Estadísticas').rows
    // How many answered is hidden too, and every option of the question.
    expect(figures.filter((r) => r[0] === 'Género')).toContainEqual(['Género', 'Mujer', '', '', '', 'oculta'])
    expect(figures.filter((r) => r[0] === 'Género').every((r) => r[4] === '' && r[5] === 'oculta')).toBe(true)
    // Zeros may show (they name nobody); no count of 1 to 4 does, nor a base of 1 to 4.
    expect(figures.filter((r) => /^[1-4]$/.test(r[2]) || /^[1-4]$/.test(r[4]))).toEqual([])
    // A group chosen by other data keeps the staff copy's exact cells, under the same first table.
    const women = await sheet('filter.genero=mujer')
    expect(women[0].rows).toEqual([['Género', 'Mujer']])
    expect(tableOf(women, 'Estadísticas').rows).toContainEqual(['Género', 'Mujer', '7', '100,0', '7', ''])
  })

  it('lists the written answers in the stats sheet, grouped, with how many wrote each', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const topics = ['Mercados campesinos', 'Mercados campesinos', '=HYPERLINK("http://x.co","ver")']
    // More different remarks than the stats list: the sheet says it shows the most repeated.
    const remarks = Array.from({ length: 24 }, (_, i) => (i < 3 ? 'Faltó tiempo' : `Observación ${i}`))
    for (let i = 0; i < 24; i++) {
      const answers = {
        ...requiredAnswers,
        ...(topics[i] && { temas_proximo: topics[i] }),
        comentarios: remarks[i],
        // A sensitive question's "Otro" text names the group its small cells keep back.
        ...(i === 0 && { grupo_poblacional: ['otro:Pueblo Zenú'] }),
      }
      const r = await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
        body: { answers, deviceToken: `written-answers-device-${i}-xx` },
      })
      expect(r.status, JSON.stringify(r.json)).toBe(201)
    }
    const sheet = async (query = '') =>
      (
        await t.call('GET', `/api/events/evento/forms/evaluacion/stats?format=csv${query}`, {
          token: t.adminToken,
        })
      ).text
    const text = await sheet()
    const tables = csvTables(text)
    expect(tables.map((x) => x.name)).toEqual(['Estadísticas', 'Respuestas escritas'])
    const topic = 'Temas que le gustaría que se trataran en la próxima rendición de cuentas'
    // With its figures, the question says how many answered; its texts are in a table of their own.
    expect(tableOf(tables, 'Estadísticas').rows.filter((r) => r[0] === topic)).toEqual([
      [topic, '', '', '', '3', ''],
    ])
    const written = tableOf(tables, 'Respuestas escritas')
    expect(written.headers).toEqual(['Pregunta', 'Respuesta escrita', 'Personas', 'Nota'])
    expect(written.rows.filter((r) => r[0] === topic)).toEqual([
      [topic, 'Mercados campesinos', '2', ''],
      // A spreadsheet reads no formula in it.
      [topic, `'=HYPERLINK("http://x.co","ver")`, '1', ''],
    ])
    const listedRemarks = written.rows.filter((r) => r[0] === 'Observaciones o sugerencias')
    expect(listedRemarks[0]).toEqual(['Observaciones o sugerencias', 'Faltó tiempo', '3', ''])
    // As many as the stats list, and a note that says there are more.
    const stats = (await t.call('GET', '/api/events/evento/forms/evaluacion/stats', { token: t.adminToken }))
      .json.questions
    const listed = stats.find((q: any) => q.id === 'comentarios')
    expect(listed.textsMore).toBe(true)
    expect(listedRemarks).toHaveLength(listed.texts.length + 1)
    expect(listedRemarks.at(-1)).toEqual([
      'Observaciones o sugerencias',
      '',
      '',
      'Se muestran las 20 respuestas más repetidas; el exporte de respuestas las tiene todas.',
    ])
    // The people who wrote add up to no more than those who answered: no total among them.
    expect(listedRemarks.reduce((n, r) => n + Number(r[2] || 0), 0)).toBeLessThanOrEqual(24)
    expect(text).not.toContain('Zenú')
    // Filtered by sensitive data, no text (nor its count of one) describes a person of that group.
    const filtered = csvTables(await sheet('&filter.grupo_poblacional=otro'))
    expect(tableOf(filtered, 'Respuestas escritas').rows).toEqual([])
    expect(JSON.stringify(filtered)).not.toContain('Mercados')

    // The workbook: the same tables, a sheet each, the formula as plain text, in English when asked.
    const res = await t.app.request('/api/events/evento/forms/evaluacion/stats?format=xlsx', {
      headers: { authorization: `Bearer ${t.adminToken}`, 'accept-language': 'en' },
    })
    const sheets = await xlsxSheets(await res.arrayBuffer())
    expect(sheets.map((x) => x.name)).toEqual(['Statistics', 'Written answers'])
    const english = 'Topics you would like the next accountability event to cover'
    expect(sheets[0].headers).toEqual(['Question', 'Option', 'Count', '%', 'Base of the percentages', 'Note'])
    expect(sheets[0].rows.filter((r) => r[0] === english)).toEqual([[english, null, null, null, 3, null]])
    expect(sheets[1].headers).toEqual(['Question', 'Written answer', 'People', 'Note'])
    expect(sheets[1].rows.filter((r) => r[0] === english)).toEqual([
      [english, 'Mercados campesinos', 2, null],
      [english, '=HYPERLINK("http://x.co","ver")', 1, null],
    ])
  })

  it('stays exact under concurrent submissions', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const answers = {
      ...base,
      tiempo_exposicion: 'adecuado',
      responde_intereses: 'si',
      calificacion_gestion: 'buena',
    }
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
          body: {
            answers: { ...answers, genero: i % 3 ? 'mujer' : 'hombre' },
            deviceToken: `concurrent-device-${i}-xx`,
          },
        }),
      ),
    )
    expect(results.every((r) => r.status === 201)).toBe(true)
    const s = await stats(t)
    expect(s.responses).toBe(60)
    expect(table(s.questions[0]).slice(0, 2)).toEqual([
      60,
      [
        ['mujer', 40, 66.7],
        ['hombre', 20, 33.3],
        ['no_binario', 0, 0],
        ['prefiero_no_responder', 0, 0],
      ],
    ])
  })
})

describe('stats of one form version', () => {
  it('lists only the free texts of the version asked for, grouped and counted as for every version', async () => {
    const t = await testApp()
    const token = t.adminToken
    await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'evento' }) })
    let device = 0
    const respond = async (answers: Record<string, unknown>) =>
      expect(
        (
          await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
            body: {
              answers: { ...requiredAnswers, ...answers },
              deviceToken: `version-texts-${++device}-xxxx`,
            },
          })
        ).status,
      ).toBe(201)
    await respond({ comentarios: 'Faltó tiempo', ocupacion: 'otra:Líder comunal' })
    await respond({ comentarios: 'faltó  tiempo.' })
    const added = await t.call('POST', '/api/events/evento/forms/evaluacion/questions', {
      token,
      body: { id: 'transporte', type: 'yesno', label: '¿Usó el transporte gratuito?' },
    })
    expect(added.json).toMatchObject({ versioned: true, form: { version: 2 } })
    await respond({ transporte: 'si' })
    await respond({ comentarios: 'Muy clara', ocupacion: 'otra:Veedor' })
    await respond({ comentarios: 'MUY CLARA!' })
    await respond({ comentarios: 'Faltó tiempo' })
    const texts = (s: any, id: string) => s.questions.find((q: any) => q.id === id).texts
    const v1 = await stats(t, '?version=1')
    expect(texts(v1, 'comentarios')).toEqual([{ text: 'Faltó tiempo', count: 2 }])
    expect(texts(v1, 'ocupacion')).toEqual([{ text: 'Líder comunal', count: 1 }])
    const v2 = await stats(t, '?version=2')
    expect(texts(v2, 'comentarios')).toEqual([
      { text: 'Muy clara', count: 2 },
      { text: 'Faltó tiempo', count: 1 },
    ])
    expect(texts(v2, 'ocupacion')).toEqual([{ text: 'Veedor', count: 1 }])
    expect(texts(v2, 'temas_proximo')).toEqual([])
    expect(v2.questions.find((q: any) => q.id === 'comentarios').textsMore).toBe(false)
    // Without a version, every version's texts added up, as before.
    const all = await stats(t)
    expect(texts(all, 'comentarios')).toEqual([
      { text: 'Faltó tiempo', count: 3 },
      { text: 'Muy clara', count: 2 },
    ])
  })
})

describe('a crosstab that involves sensitive data', () => {
  // 18 responses: 2 indigenous women who rate it excelente, 6 campesinas who rate it buena, and 10 men
  // of no group, 5 excelente and 5 buena.
  async function crossSet(): Promise<TestApp> {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'cruce' }) })
    const people = [
      ...Array(2).fill(['indigena', 'mujer', 'excelente']),
      ...Array(6).fill(['campesino', 'mujer', 'buena']),
      ...Array(5).fill(['ninguno', 'hombre', 'excelente']),
      ...Array(5).fill(['ninguno', 'hombre', 'buena']),
    ] as [string, string, string][]
    for (const [i, [group, genero, rating]] of people.entries()) {
      const answers = { ...requiredAnswers, grupo_poblacional: [group], genero, calificacion_gestion: rating }
      const res = await t.call('POST', '/api/events/cruce/forms/evaluacion/responses', {
        body: { answers, deviceToken: `cross-set-device-${i}-xxxx` },
      })
      expect(res.status, JSON.stringify(res.json)).toBe(201)
    }
    return t
  }
  const cross = async (t: TestApp, query: string) => {
    const res = await t.call('GET', `/api/events/cruce/forms/evaluacion/crosstab?${query}`, {
      token: t.adminToken,
    })
    expect(res.status).toBe(200)
    return res.json.groups as any[]
  }
  const rows = (groups: any[]) =>
    Object.fromEntries(
      groups
        .filter((g) => g.answered !== 0)
        .map((g) => [
          g.value,
          [
            g.answered,
            Object.fromEntries(
              g.options.filter((o: any) => o.count !== 0).map((o: any) => [o.value, o.count]),
            ),
          ],
        ]),
    )

  it('hides the small cells as the filtered sheet does, so none is worked out from a total', async () => {
    const t = await crossSet()
    // By a sensitive question: the 2 indigenous women are hidden, and the 6 campesinas beside them, or
    // the 2 would be the 18 less the others; a hidden group's cells are hidden too.
    const byGroup = await cross(t, 'question=calificacion_gestion&by=grupo_poblacional')
    expect(rows(byGroup)).toEqual({
      indigena: [null, { excelente: null, buena: null, regular: null, mala: null }],
      campesino: [null, { excelente: null, buena: null, regular: null, mala: null }],
      ninguno: [10, { excelente: 5, buena: 5 }],
    })
    expect(byGroup.find((g) => g.value === 'indigena')).toMatchObject({ suppressed: true, answered: null })
    expect(byGroup.find((g) => g.value === 'indigena').options[0]).toMatchObject({
      count: null,
      percent: null,
      suppressed: true,
    })
    // The sensitive question broken down by another: per block, the 2 hidden with the 6 beside them.
    expect(rows(await cross(t, 'question=grupo_poblacional&by=genero'))).toEqual({
      mujer: [8, { indigena: null, campesino: null }],
      hombre: [10, { ninguno: 10 }],
    })
    // Filtered to a sensitive group: every figure describes it, and under 5 in all nothing shows.
    const indigenous = await cross(
      t,
      'question=calificacion_gestion&by=genero&filter.grupo_poblacional=indigena',
    )
    expect(
      indigenous.every((g) => g.answered === null && g.options.every((o: any) => o.count === null)),
    ).toBe(true)
    // As the filtered sheet of that group says "oculta".
    const sheet = await t.call(
      'GET',
      '/api/events/cruce/forms/evaluacion/stats?format=csv&filter.grupo_poblacional=indigena',
      { token: t.adminToken },
    )
    expect(
      tableOf(csvTables(sheet.text), 'Estadísticas')
        .rows.filter((r) => r[0] === 'Género')
        .every((r) => r[2] === '' && r[4] === '' && r[5] === 'oculta'),
    ).toBe(true)
    // Nothing sensitive: the staff's crosstab stays exact, small cells and all.
    expect(rows(await cross(t, 'question=calificacion_gestion&by=genero'))).toEqual({
      mujer: [8, { excelente: 2, buena: 6 }],
      hombre: [10, { excelente: 5, buena: 5 }],
    })
  })

  it("gives a moderator filtered statistics as JSON with the sheet's small figures hidden: a sensitive question's, and all of a group chosen by one", async () => {
    const t = await crossSet()
    // One of the 2 indigenous women wrote a suggestion that names her.
    const wrote = await t.call('POST', '/api/events/cruce/forms/evaluacion/responses', {
      body: {
        answers: {
          ...requiredAnswers,
          grupo_poblacional: ['indigena'],
          genero: 'mujer',
          comentarios: 'Soy Rosa Quispe, del cabildo de la vereda',
        },
        deviceToken: 'cross-set-device-writer-xxxx',
      },
    })
    expect(wrote.status, wrote.text).toBe(201)
    const token = await t.staffToken('moderator')
    const stats = async (query: string) => {
      const res = await t.call('GET', `/api/events/cruce/forms/evaluacion/stats?${query}`, { token })
      expect(res.status, res.text).toBe(200)
      return res.json
    }
    const group = await stats('filter.grupo_poblacional=indigena')
    expect(group.responses).toBeNull()
    for (const q of group.questions) {
      expect(q.answered === null || q.answered === 0, q.id).toBe(true)
      expect(
        q.options.every((o: any) => o.count === 0 || (o.count === null && o.percent === null)),
        q.id,
      ).toBe(true)
      expect(q.texts, q.id).toBeUndefined()
    }
    expect(JSON.stringify(group)).not.toContain('Rosa Quispe')
    // A group of 5 or more keeps its size and the figures of 5 or more; its small cells are hidden.
    const ninguno = await stats('filter.grupo_poblacional=ninguno')
    expect(ninguno.responses).toBe(10)
    // Not chosen by sensitive data: exact, small cells and written answers included, but for the
    // sensitive question's own small cells, which a filter narrow enough would tie to one person.
    const women = await stats('filter.genero=mujer')
    expect(women.responses).toBe(9)
    expect(
      women.questions
        .find((q: any) => q.id === 'grupo_poblacional')
        .options.filter((o: any) => o.count !== 0)
        .map((o: any) => [o.value, o.count]),
    ).toEqual([
      ['indigena', null],
      ['campesino', null],
    ])
    const rating = women.questions.find((q: any) => q.id === 'calificacion_gestion')
    expect(Object.fromEntries(rating.options.map((o: any) => [o.value, o.count]))).toMatchObject({
      excelente: 2,
      buena: 7,
    })
    expect(women.questions.find((q: any) => q.id === 'comentarios').texts).toEqual([
      { text: 'Soy Rosa Quispe, del cabildo de la vereda', count: 1 },
    ])
  })
})
