import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { client, unique } from '../contract/client'
import { requiredAnswers } from '../fixtures/answers'
import { scratchDir } from '../fixtures/scratch'
import { launch, openEvent } from './chromium'

const server = inject('browserServer')

/** An A4 page less the report's own print margins (16 mm a side), in CSS pixels. */
/** The staff's HTML report of an event, as the console downloads it. */
async function htmlReport(slug: string, token: string) {
  const res = await fetch(`${server!.url}/api/events/${slug}/report?format=html`, {
    headers: { authorization: `Bearer ${token}` },
  })
  expect(res.status).toBe(200)
  return res.text()
}

const A4_TEXT_WIDTH = Math.floor(((210 - 2 * 16) / 25.4) * 96)

describe.skipIf(!server)('the HTML report printed on A4', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => browser?.close())

  it('fits every table, the wide ones included, within the width of the page', async () => {
    const { slug, api, token } = await openEvent(server!.url)
    const ask = async (type: string, text: string) =>
      (await api.call('POST', `/api/events/${slug}/questions`, { body: { type, text, anonymous: true } }))
        .json.id as string
    const moderate = (id: string, body: unknown) => api.call('PATCH', `/api/questions/${id}`, { token, body })
    const a = await ask('felicitacion', 'Felicitaciones por la feria de emprendimiento de noviembre.')
    const b = await ask(
      'peticion_informacion',
      'Solicito el listado de beneficiarios del fondo de microcrédito.',
    )
    const c = await ask('queja', 'La convocatoria no llegó a la Comuna 2; nadie nos avisó.')
    expect(
      (await moderate(a, { status: 'answered_live', answer: 'Gracias.', area: 'cadenas-valor' })).status,
    ).toBe(200)
    expect((await moderate(b, { status: 'pending', area: 'cadenas-valor' })).status).toBe(200)
    const said = 'Se ampliará la convocatoria por WhatsApp y perifoneo en la Comuna 2 antes de febrero.'
    expect((await moderate(c, { status: 'answered_live', answer: said, area: 'despacho' })).status).toBe(200)
    const commitment = await api.call('POST', `/api/events/${slug}/commitments`, {
      token,
      body: {
        description: 'Publicar el listado de beneficiarios del microcrédito por comuna',
        activity: 'Publicación en la página web',
        area: 'cadenas-valor',
        responsible: 'Subsecretario de Servicios Productivos',
        dueDate: '2026-12-24',
        axis: 'Desarrollo económico',
      },
    })
    expect(commitment.status).toBe(201)
    const html = await htmlReport(slug, token)

    const page = await (
      await browser.newContext({ viewport: { width: A4_TEXT_WIDTH, height: 1000 } })
    ).newPage()
    await page.emulateMedia({ media: 'print' })
    await page.setContent(html)
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth
      return [...document.querySelectorAll('table')]
        .map((t) => ({
          head: t.querySelector('th')?.textContent,
          right: Math.ceil(t.getBoundingClientRect().right),
        }))
        .filter((t) => t.right > width)
    })
    expect(overflow).toEqual([])
    // Each wide table is there, under its heading, with its last column.
    for (const last of ['Respuesta', 'Avance']) await page.getByRole('columnheader', { name: last }).waitFor()
    await page.getByRole('heading', { name: /Cada pregunta, con su respuesta/ }).waitFor()
  })

  it('fits the demo event’s tables within the width of the page, its list of questions with the day each was received', async () => {
    // The seeded demo: its radicados are DEMO-…, its questions longer than the test's own.
    const api = client(server!.url)
    const token = await api.login()
    const html = await htmlReport('demo-rendicion-de-cuentas', token)
    const page = await (
      await browser.newContext({ viewport: { width: A4_TEXT_WIDTH, height: 1000 } })
    ).newPage()
    await page.emulateMedia({ media: 'print' })
    await page.setContent(html)
    const tables = await page.evaluate(() =>
      [...document.querySelectorAll('table')].map((t) => ({
        head: [...t.querySelectorAll('thead th')].map((th) => th.textContent),
        right: Math.ceil(t.getBoundingClientRect().right),
      })),
    )
    const list = tables.find((t) => t.head[0] === 'Radicado')
    expect(list?.head).toEqual([
      'Radicado',
      'Tipo',
      'Pregunta',
      'Estado',
      'Dependencia',
      'Recibida',
      'Vence',
      'Respuesta',
    ])
    expect(tables.filter((t) => t.right > A4_TEXT_WIDTH)).toEqual([])
  })

  it('draws every option’s name whole beside its bar, a long one in capitals too', async () => {
    // Names as entities write them, in capitals: 31 of them are wider than 32 lower-case letters.
    const areas = [
      { key: 'poblado', name: 'COMUNA 14 - EL POBLADO MEDELLÍN' },
      { key: 'infraestructura', name: 'SECRETARÍA DE INFRAESTRUCTURA FÍSICA Y VALORIZACIÓN MUNICIPAL' },
      { key: 'hacienda', name: 'Hacienda' },
    ]
    const entity = { name: unique('Alcaldía de Medellín') }
    const { slug, api, token } = await openEvent(server!.url, { entity, areas })
    for (const area of areas.map((a) => a.key)) {
      const asked = await api.call('POST', `/api/events/${slug}/questions`, {
        body: { type: 'peticion', text: `¿Qué obras hay en ${area}?`, anonymous: true },
      })
      const moved = await api.call('PATCH', `/api/questions/${asked.json.id}`, {
        token,
        body: { status: 'pending', area },
      })
      expect(moved.status).toBe(200)
    }
    const html = await htmlReport(slug, token)
    const page = await (
      await browser.newContext({ viewport: { width: A4_TEXT_WIDTH, height: 1000 } })
    ).newPage()
    await page.emulateMedia({ media: 'print' })
    await page.setContent(html)
    // Every text of every chart, as drawn: its box must lie within its drawing's.
    const texts = await page.evaluate(() =>
      [...document.querySelectorAll('figure svg')].flatMap((svg) => {
        const frame = svg.getBoundingClientRect()
        return [...svg.querySelectorAll('text')].map((t) => {
          const box = t.getBoundingClientRect()
          return {
            text: t.textContent,
            inside: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5,
          }
        })
      }),
    )
    const drawn = texts.map((t) => t.text).join(' ')
    for (const word of ['COMUNA 14 - EL POBLADO', 'SECRETARÍA DE INFRAESTRUCTURA', 'Hacienda'])
      expect(drawn).toContain(word)
    expect(texts.filter((t) => !t.inside)).toEqual([])
  })

  it('prints a question of many options under its heading, its chart in parts a page can end between', async () => {
    const { slug, api, token } = await openEvent(server!.url)
    // Forty neighbourhoods: a chart of them all is taller than a page.
    const options = Array.from({ length: 40 }, (_, i) => ({
      value: `b${i + 1}`,
      label: `Barrio número ${i + 1}`,
    }))
    const added = await api.call('POST', `/api/events/${slug}/forms/evaluacion/questions`, {
      token,
      body: { id: 'barrio', type: 'single', label: '¿En qué barrio vive usted?', options },
    })
    expect(added.status).toBe(201)
    const chosen = new Set([1, 8, 15, 22, 29, 36])
    for (const b of chosen) {
      const answers = { ...requiredAnswers, barrio: `b${b}` }
      const r = await api.call('POST', `/api/events/${slug}/forms/evaluacion/responses`, {
        body: { answers },
      })
      expect(r.status).toBe(201)
    }
    const html = await htmlReport(slug, token)
    const page = await (await browser.newContext()).newPage()
    await page.setContent(html)
    const pdf = join(scratchDir('cabildo-print-'), 'informe.pdf')
    writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true }))
    const run = spawnSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    // The percent's sign follows a no-break space.
    const pages = run.stdout.replace(/\u00a0/g, ' ').split('\f')
    const at = pages.findIndex((p) => p.includes('¿En qué barrio vive usted?'))
    expect(at).toBeGreaterThanOrEqual(0)
    // The heading and its count on the page where the chart starts, not alone at the foot of one.
    expect(pages[at]).toMatch(/Barrio número 1\s+1 \(16,7 %\)/)
    // Every option drawn with its figures beside it, on the same page.
    for (const [i, { label }] of options.entries()) {
      const figures = chosen.has(i + 1) ? '1 \\(16,7 %\\)' : '0 \\(0,0 %\\)'
      const drawn = new RegExp(`${label}\\s+${figures}`)
      expect(
        pages.some((p) => drawn.test(p)),
        label,
      ).toBe(true)
    }
  })

  it('copies into a word processor as headings and tables, with no chart run into a line of text nor a second title', async () => {
    const { slug, api, token } = await openEvent(server!.url)
    for (const [i, gender] of ['mujer', 'mujer', 'mujer', 'mujer', 'mujer', 'hombre', 'hombre'].entries()) {
      const r = await api.call('POST', `/api/events/${slug}/attendance`, {
        body: {
          name: `Persona ${i + 1}`,
          gender,
          documentType: 'CC',
          documentNumber: `7100${i}`,
          consent: true,
        },
      })
      expect(r.status).toBe(201)
    }
    const asked = await api.call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'peticion', text: '¿Cuándo abre la convocatoria?', anonymous: true },
    })
    expect(asked.status).toBe(201)
    const html = await htmlReport(slug, token)
    const context = await browser.newContext()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server!.url })
    const page = await context.newPage()
    // A page of the server's own origin, whose clipboard the test may read.
    await page.goto(`${server!.url}/api/docs`)
    await page.setContent(html)
    // As a staff member copies it: the whole page selected, then Ctrl+C.
    await page.evaluate(() => getSelection()!.selectAllChildren(document.body))
    await page.keyboard.press('Control+C')
    const pasted = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read()
      const html = await (await item!.getType('text/html')).text()
      const doc = new DOMParser().parseFromString(html, 'text/html')
      return {
        tables: doc.querySelectorAll('table').length,
        captions: [...doc.querySelectorAll('caption')].map((c) => c.textContent),
        // What a word processor that draws no SVG makes of a chart: the text of its labels and figures.
        chartText: [...doc.querySelectorAll('svg')].map((svg) => svg.textContent ?? '').join(''),
        headings: [...doc.querySelectorAll('h3')].map((h) => h.textContent),
      }
    })
    expect(pasted.tables).toBeGreaterThan(5)
    expect(pasted.headings).toEqual(expect.arrayContaining(['Género', 'Por tipo', 'Por dependencia']))
    expect(pasted.captions).toEqual([])
    expect(pasted.chartText).toBe('')
  })

  it('wraps a long place, list of channels or web address within the page, in tables and lists', async () => {
    // Addresses as they are pasted: a stream's, a SECOP contract's, a document's, none with a space.
    const stream = `https://www.facebook.com/AlcaldiaDeEjemploOficial/videos/rendicion-de-cuentas-2026/${'1'.repeat(19)}/`
    const secop =
      'https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.1234567&isFromPublicArea=True&isModal=False'
    const site =
      'https://www.sde.gov.co/transparencia/rendicion-de-cuentas/2026/soportes-de-compromisos-adquiridos'
    // And what the general data's table holds in words: a place and channels longer than a line.
    const place =
      'Auditorio principal del Centro Administrativo Municipal La Alpujarra, Calle 44 # 52-165, piso 2'
    const channels = [
      'Facebook Live de la Alcaldía',
      'YouTube',
      'Emisora comunitaria La Voz del Barrio',
      'Perifoneo',
    ]
    const { slug, api, token } = await openEvent(server!.url, { streamUrl: stream, place, channels })
    const answered = await api.call('POST', `/api/events/${slug}/forms/evaluacion/responses`, {
      body: { answers: { ...requiredAnswers, comentarios: `Los soportes: ${site}?utm_source=whatsapp` } },
    })
    expect(answered.status).toBe(201)
    const asked = await api.call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'peticion_documentos', text: `Solicito copia del contrato ${secop}`, anonymous: true },
    })
    const said = { status: 'answered_live', area: 'despacho', answer: `Está publicado en ${secop}` }
    const moderated = await api.call('PATCH', `/api/questions/${asked.json.id}`, { token, body: said })
    expect(moderated.status).toBe(200)
    const commitment = await api.call('POST', `/api/events/${slug}/commitments`, {
      token,
      body: { description: `Publicar los soportes en ${site}`, area: 'despacho', dueDate: '2027-02-15' },
    })
    expect(commitment.status).toBe(201)
    const html = await htmlReport(slug, token)

    const page = await (
      await browser.newContext({ viewport: { width: A4_TEXT_WIDTH, height: 1000 } })
    ).newPage()
    await page.emulateMedia({ media: 'print' })
    await page.setContent(html)
    // Every box of the report, not the tables alone: what passes the page's edge is cut off on paper.
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth
      return [...document.querySelectorAll('main *')]
        .filter((e) => e.getBoundingClientRect().right > width + 0.5)
        .map((e) => `${e.tagName}: ${e.textContent?.slice(0, 60)}`)
    })
    expect(overflow).toEqual([])
    // Each address is there whole, broken across lines but not cut.
    const text = await page.evaluate(() => document.body.innerText.replace(/\s+/g, ''))
    for (const written of [stream, secop, site, place, ...channels])
      expect(text).toContain(written.replace(/\s+/g, ''))
  })

  it('keeps every heading on the page of its intro and the start of its table, list or text', async () => {
    const { slug, api, token } = await openEvent(server!.url, {
      channels: ['Facebook Live', 'Emisora comunitaria', 'Perifoneo'],
      moderators: ['Ana María Ríos'],
    })
    const people: [string, string, string, string][] = [
      ['Marta Gómez', 'mujer', '29_40', 'redes_sociales'],
      ['Luis Pérez', 'hombre', '41_59', 'voz_a_voz'],
      ['Rosa Díaz', 'mujer', '18_28', 'redes_sociales'],
      ['Jorge Ruiz', 'hombre', '60_mas', 'invitacion_directa'],
      ['Clara Mejía', 'mujer', '29_40', 'reunion_lideres'],
      ['Pedro Castro', 'hombre', '29_40', 'redes_sociales'],
    ]
    for (const [i, [name, gender, ageRange, channel]] of people.entries()) {
      const documentNumber = String(52_111_220 + i)
      const r = await api.call('POST', `/api/events/${slug}/attendance`, {
        body: { name, documentType: 'CC', documentNumber, gender, ageRange, channel, consent: true },
      })
      expect(r.status).toBe(201)
    }
    for (const [i, genero] of ['mujer', 'hombre', 'mujer', 'hombre', 'mujer'].entries()) {
      const r = await api.call('POST', `/api/events/${slug}/forms/evaluacion/responses`, {
        body: {
          answers: {
            ...requiredAnswers,
            genero,
            medio_enterado: ['redes_sociales'],
            temas_proximo: `Empleo juvenil en la comuna ${i + 1}`,
            comentarios: `Más tiempo para las preguntas del público, punto ${i + 1}.`,
          },
        },
      })
      expect(r.status).toBe(201)
    }
    const asked: [string, string, Record<string, unknown>][] = [
      [
        'peticion',
        '¿Cuándo abre la convocatoria de capital semilla?',
        { status: 'pending', area: 'despacho' },
      ],
      [
        'queja',
        'La convocatoria no llegó a la Comuna 2; nadie nos avisó.',
        { status: 'answered_live', area: 'cadenas-valor', answer: 'Se avisará por perifoneo.' },
      ],
      [
        'peticion_informacion',
        'Solicito el listado de beneficiarios del fondo de microcrédito.',
        { status: 'pending', area: 'cadenas-valor' },
      ],
      [
        'sugerencia',
        'Hagan la próxima feria en el barrio Manrique.',
        { status: 'pending', area: 'despacho' },
      ],
    ]
    for (const [type, text, decision] of asked) {
      const q = await api.call('POST', `/api/events/${slug}/questions`, {
        body: { type, text, anonymous: true },
      })
      expect(q.status).toBe(201)
      const moderated = await api.call('PATCH', `/api/questions/${q.json.id}`, { token, body: decision })
      expect(moderated.status).toBe(200)
    }
    for (const description of ['Publicar el listado de beneficiarios', 'Llevar la feria a la Comuna 2']) {
      const c = await api.call('POST', `/api/events/${slug}/commitments`, {
        token,
        body: { description, area: 'despacho', responsible: 'Despacho', dueDate: '2027-02-15' },
      })
      expect(c.status).toBe(201)
    }
    expect(
      (await api.call('PATCH', `/api/events/${slug}`, { token, body: { peakViewers: 81 } })).status,
    ).toBe(200)

    const page = await (await browser.newContext()).newPage()
    const dir = scratchDir('cabildo-print-')
    // One more line at a time in the agenda and in the topics suggested for the next event moves the
    // sections under each a line down the page: over a page's worth of lines each of their headings comes
    // to every height of its page, the foot included. (A section that does not fit where it is starts the
    // next page, so the one list near the top alone would not reach the later sections.)
    const problems = new Set<string>()
    for (let items = 0; items <= 46; items++) {
      const agenda = Array.from({ length: items }, (_, i) => `Punto ${i + 1} del orden del día`)
      expect((await api.call('PATCH', `/api/events/${slug}`, { token, body: { agenda } })).status).toBe(200)
      if (items > 0) {
        const temas_proximo = `Tema sugerido número ${items}`
        const answers = { ...requiredAnswers, temas_proximo }
        const r = await api.call('POST', `/api/events/${slug}/forms/evaluacion/responses`, {
          body: { answers },
        })
        expect(r.status).toBe(201)
      }
      const html = await htmlReport(slug, token)
      await page.setContent(html)
      for (const p of await headingsEndingPages(page, join(dir, `informe-${items}.pdf`)))
        problems.add(`${p} (${items})`)
    }
    expect([...problems]).toEqual([])
  }, 180_000)
})

/**
 * Prints the page to PDF as Chromium prints it on A4 and reads the text of each page with pdftotext, as
 * a person finds the sheets: each heading (h2 to h4) must share its page with the start of what it heads,
 * past its intro. Returns "heading, page N" for every one that does not.
 */
async function headingsEndingPages(page: Page, pdf: string): Promise<string[]> {
  const bare = (s: string) => s.replace(/\s+/g, '')
  const heads = await page.evaluate(() => {
    const all = [...document.querySelectorAll('main *')].filter((e) => !e.closest('figure'))
    return all.flatMap((h, i) => {
      const level = /^H([2-4])$/.exec(h.tagName)?.[1]
      if (!level) return []
      // Its intro is the paragraphs right under it; then comes what it heads: a table's first row, a list's
      // first item, or the first paragraph under a subheading ("Sin registros.").
      let start: string | null = null
      let intro: string | null = null
      let sub = false
      for (const e of all.slice(i + 1)) {
        const other = /^H([1-6])$/.exec(e.tagName)?.[1]
        if (other && other <= level) break
        if (other) sub = true
        else if (e.tagName === 'TR' && e.parentElement?.tagName === 'TBODY')
          start = (e as HTMLTableRowElement).cells[0]!.innerText
        else if (e.tagName === 'LI') start = (e as HTMLElement).innerText
        else if (e.tagName === 'P' && sub) start = (e as HTMLElement).innerText
        else if (e.tagName === 'P') intro ??= (e as HTMLElement).innerText
        if (start) break
      }
      return [{ heading: (h as HTMLElement).innerText, start: start ?? intro }]
    })
  })
  writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true }))
  const run = spawnSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' })
  expect(run.status, `pdftotext (poppler-utils) reads the printed report: ${run.stderr}`).toBe(0)
  const pages = run.stdout.split('\f').map(bare)
  const found: string[] = []
  let at = { page: 0, index: 0 }
  for (const { heading, start } of heads) {
    const text = bare(heading)
    let p = at.page
    let index = pages[p]!.indexOf(text, at.index)
    while (index < 0 && ++p < pages.length) index = pages[p]!.indexOf(text)
    expect(index, `the heading «${heading}» is printed`).toBeGreaterThanOrEqual(0)
    at = { page: p, index: index + text.length }
    // Its first words: a text that wraps is the same once its spaces and line ends are taken out.
    expect(start, `what «${heading}» heads`).toBeTruthy()
    if (!pages[p]!.includes(bare(start!).slice(0, 20), at.index)) found.push(`${heading}, page ${p + 1}`)
  }
  return found
}
