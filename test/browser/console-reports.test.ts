import { readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import type { Browser, Page } from 'playwright-core'
import readXlsxFile from 'read-excel-file/node'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { client, freshNit, unique } from '../contract/client'
import { CONTRACT_ADMIN } from '../contract/servers'
import { requiredAnswers } from '../fixtures/answers'
import { expectAccessible, laptop, launch, openEvent, phone, screenshot, signIn } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)("the console's reports across events", () => {
  let browser: Browser
  let page: Page
  // An entity of its own: the browser suite's server keeps its database between files.
  const entity = { name: unique('Alcaldía de Informes'), nit: freshNit().hyphen }
  const titleOld = 'Diálogo ciudadano 2025'
  const titleA = 'Rendición de cuentas 2026 — primer semestre'
  const titleB = 'Rendición de cuentas 2026 — segundo semestre'
  const slugs: Record<string, string> = {}
  const api = () => client(server!.url)
  const focused = () => page.evaluate(() => document.activeElement?.textContent)
  const totals = () => page.getByRole('region', { name: 'Totales de varios eventos' })
  const compare = () => page.getByRole('region', { name: 'Comparar dos eventos' })
  /** The cells of a table's row, by the row's header, as the page shows them. */
  const cells = (table: ReturnType<Page['getByRole']>, name: string) =>
    table
      .getByRole('row', { name: new RegExp(`^${name}`) })
      .locator('th, td')
      .allInnerTexts()

  /** An event of the entity with its people (by gender), check-ins, survey ratings and questions. */
  async function held(
    title: string,
    startsAt: string,
    women: number,
    men: number,
    ratings: string[],
    asked = 0,
  ) {
    const { slug, token } = await openEvent(server!.url, { title, startsAt, entity })
    const genders = [...Array(women).fill('mujer'), ...Array(men).fill('hombre')]
    for (const [i, gender] of genders.entries()) {
      const r = await api().call('POST', `/api/events/${slug}/attendance`, {
        body: { name: `Persona ${i}`, email: `${slug}-${i}@example.org`, gender, consent: true },
      })
      expect(r.status).toBe(201)
      // Every other person is checked in at the door.
      if (i % 2 === 0) {
        const c = await api().call('POST', `/api/events/${slug}/checkins`, {
          token,
          body: { code: r.json.checkinCode },
        })
        expect(c.status).toBe(200)
      }
    }
    for (const [i, rating] of ratings.entries()) {
      const r = await api().call('POST', `/api/events/${slug}/forms/evaluacion/responses`, {
        body: {
          answers: { ...requiredAnswers, calificacion_gestion: rating },
          deviceToken: `device-${slug}-${i}-abcdef`,
        },
      })
      expect(r.status).toBe(201)
    }
    for (let i = 0; i < asked; i++) {
      const r = await api().call('POST', `/api/events/${slug}/questions`, {
        body: { type: 'pregunta', text: `¿Pregunta ${i + 1} del ${title}?` },
      })
      expect(r.status).toBe(201)
    }
    return slug
  }

  beforeAll(async () => {
    browser = await launch()
    // The 2025 one has too few people for its genders to be published: its report hides them.
    slugs.old = await held(titleOld, '2025-11-20T14:00:00-05:00', 1, 1, [])
    slugs.a = await held(
      titleA,
      '2026-06-10T14:00:00-05:00',
      6,
      5,
      ['excelente', 'buena', 'buena', 'buena'],
      2,
    )
    slugs.b = await held(
      titleB,
      '2026-11-27T14:00:00-05:00',
      8,
      6,
      ['excelente', 'excelente', 'excelente', 'buena', 'regular'],
      1,
    )
    page = await laptop(browser)
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
  })
  afterAll(async () => browser?.close())

  it("adds up an entity's events of a year into the report's sentence, with each event's figures", async () => {
    await page.getByRole('link', { name: 'Informes' }).click()
    await expect.poll(focused).toBe('Informes de varios eventos')
    await expectAccessible(page, 'reports page')
    await totals().getByLabel('Entidad', { exact: true }).selectOption({ label: entity.name })
    await totals().getByLabel('Desde (incluido)').fill('2026-01-01')
    await totals().getByLabel('Hasta (incluido)').fill('2026-12-31')
    await totals().getByRole('button', { name: 'Calcular los totales' }).click()
    await expect.poll(focused).toBe('La frase para el informe')
    expect(await totals().getByRole('status').first().innerText()).toBe('Totales de 2 eventos.')
    expect(await totals().locator('.sentence').innerText()).toBe(
      '2 encuentros con 25 participantes, 14 mujeres y 11 hombres.',
    )
    const table = totals().getByRole('table', { name: '2 eventos sumados' })
    expect(await cells(table, titleA)).toEqual([titleA, '10 de junio de 2026', '11', '6', '6', '5', '4', '2'])
    expect(await cells(table, titleB)).toEqual([
      titleB,
      '27 de noviembre de 2026',
      '14',
      '7',
      '8',
      '6',
      '5',
      '1',
    ])
    expect(await cells(table, 'Total')).toEqual(['Total', '', '25', '13', '14', '11', '9', '3'])
    await expectAccessible(page, 'totals of two events')
    await screenshot(page, 'console-reports-totals')

    // The CSV is fetched with the token and saved: the same figures, for a spreadsheet.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      totals().getByRole('button', { name: /CSV/ }).click(),
    ])
    expect(download.suggestedFilename()).toBe('totales.csv')
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv).toContain('Evento;Fecha;Participantes;Ingresos;Mujeres;Hombres;Encuestas;Preguntas')
    expect(csv).toContain(`${titleA};2026-06-10;11;6;6;5;4;2`)
    expect(csv).toContain(`${titleB};2026-11-27;14;7;8;6;5;1`)
    await totals().getByText('Archivo descargado.').waitFor()
  })

  it('reads a gender figure an event hides as "oculta", with the note, and leaves it out of the sentence', async () => {
    await totals().getByLabel('Desde (incluido)').fill('')
    await totals().getByLabel('Hasta (incluido)').fill('')
    await totals().getByRole('button', { name: 'Calcular los totales' }).click()
    await expect
      .poll(() => totals().locator('.sentence').innerText())
      .toBe('3 encuentros con 27 participantes.')
    const table = totals().getByRole('table', { name: '3 eventos sumados' })
    expect(await cells(table, titleOld)).toEqual([
      titleOld,
      '20 de noviembre de 2025',
      '2',
      '1',
      'oculta',
      'oculta',
      '0',
      '0',
    ])
    expect((await cells(table, 'Total')).slice(4, 6)).toEqual(['oculta', 'oculta'])
    await totals()
      .getByText(/^Oculta: las cifras de menos de 5 personas no se publican/)
      .waitFor()
    await totals()
      .getByText(/^Total oculto:/)
      .waitFor()

    // Chosen one by one instead: a refusal without one is said, and focus goes to the list.
    await totals().getByRole('radio', { name: 'Los que elija uno por uno' }).check()
    await totals().getByRole('button', { name: 'Calcular los totales' }).click()
    expect(await totals().getByRole('alert').innerText()).toBe('Elija al menos un evento.')
    await totals()
      .getByRole('checkbox', { name: new RegExp(`^${titleB}`) })
      .check()
    await totals().getByRole('button', { name: 'Calcular los totales' }).click()
    await expect
      .poll(() => totals().locator('.sentence').innerText())
      .toBe('1 encuentro con 14 participantes, 8 mujeres y 6 hombres.')
    await expectAccessible(page, 'totals of events chosen one by one')
  })

  it('compares the two events: the figures with signed differences and each option in points', async () => {
    await compare().getByLabel('Evento de referencia (A)').selectOption(slugs.a)
    await compare().getByLabel('Evento comparado (B)').selectOption(slugs.b)
    await compare().getByRole('button', { name: 'Comparar' }).click()
    await expect.poll(focused).toBe(`${titleA} frente a ${titleB}`)
    const figures = compare().getByRole('table', { name: 'Cifras principales' })
    expect(await cells(figures, 'Participantes')).toEqual(['Participantes', '11', '14', '+3'])
    expect(await cells(figures, 'Mujeres')).toEqual(['Mujeres', '6', '8', '+2'])
    expect(await cells(figures, 'Encuestas respondidas')).toEqual(['Encuestas respondidas', '4', '5', '+1'])
    expect(await cells(figures, 'Preguntas recibidas')).toEqual(['Preguntas recibidas', '2', '1', '−1'])
    const rating = compare().getByRole('table', { name: /cómo califica la gestión/ })
    expect(await cells(rating, 'Base de los porcentajes')).toEqual([
      'Base de los porcentajes (respuestas)',
      '4',
      '5',
      '',
    ])
    expect(await cells(rating, 'Excelente')).toEqual([
      'Excelente',
      '1 (25,0\u00a0%)',
      '3 (60,0\u00a0%)',
      '+35,0 pp',
    ])
    expect(await cells(rating, 'Buena')).toEqual(['Buena', '3 (75,0\u00a0%)', '1 (20,0\u00a0%)', '−55,0 pp'])
    expect(await cells(rating, 'Regular')).toEqual([
      'Regular',
      '0 (0,0\u00a0%)',
      '1 (20,0\u00a0%)',
      '+20,0 pp',
    ])
    // A question neither event's people answered is named, not drawn as a table of dashes.
    expect(await compare().getByRole('table', { name: 'Género' }).count()).toBe(0)
    await compare()
      .getByText(/^Sin respuestas en ninguno de los dos: Género · Rango de edad/)
      .waitFor()
    await expectAccessible(page, 'two events compared')
    await screenshot(page, 'console-reports-compare')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      compare().getByRole('button', { name: 'Descargar en Markdown' }).click(),
    ])
    const md = readFileSync((await download.path())!, 'utf8')
    expect(md).toContain('| Participantes | 11 | 14 | +3 |')
    // Word and Excel beside it, named as the Markdown, with the same figures.
    const saved = async (button: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        compare().getByRole('button', { name: button }).click(),
      ])
      expect(file.suggestedFilename()).toMatch(
        new RegExp(`^comparacion-${slugs.a}-${slugs.b}\\.(docx|xlsx)$`),
      )
      return new Uint8Array(readFileSync((await file.path())!))
    }
    const word = strFromU8(unzipSync(await saved('Descargar en Word (.docx)'))['word/document.xml'])
    expect(word.replace(/<[^>]+>/g, ' ')).toMatch(/Participantes\s+11\s+14\s+\+3/)
    const [main, survey] = await readXlsxFile(Buffer.from(await saved('Descargar en Excel (.xlsx)')))
    expect(main.data).toContainEqual(['Participantes', 11, 14, 3])
    expect(survey.data).toContainEqual([
      expect.stringMatching(/cómo califica la gestión/),
      'Excelente',
      1,
      25,
      3,
      60,
      35,
    ])
  })

  it('refuses to compare an event with itself before asking the server', async () => {
    await compare().getByLabel('Evento comparado (B)').selectOption(slugs.a)
    await compare().getByRole('button', { name: 'Comparar' }).click()
    expect(await compare().getByRole('alert').innerText()).toBe('Elija dos eventos distintos.')
    await expect.poll(focused).toMatch(/^Elija un evento/)
  })

  it('keeps a question staff wrote only in Spanish marked as Spanish in the English console', async () => {
    const token = await api().login()
    for (const slug of [slugs.a, slugs.b]) {
      const added = await api().call('POST', `/api/events/${slug}/forms/evaluacion/questions`, {
        token,
        body: { id: 'sede', type: 'yesno', label: '¿Lo atendieron en la sede norte?' },
      })
      expect(added.status).toBe(201)
    }
    const en = await laptop(browser)
    await signIn(en, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
    await en.goto(`${server!.url}/console/informes?lang=en`)
    const part = en.getByRole('region', { name: 'Compare two events' })
    await part.getByLabel('Reference event (A)').selectOption(slugs.a)
    await part.getByLabel('Compared event (B)').selectOption(slugs.b)
    await part.getByRole('button', { name: 'Compare', exact: true }).click()
    // Nobody answered it yet: named in the line of questions without answers, in Spanish for a screen reader.
    const named = part.getByText('¿Lo atendieron en la sede norte?')
    await named.waitFor()
    expect(await named.evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))).toBe('es')
    expect(
      await part
        .getByRole('table', { name: /how do you rate the administration/ })
        .evaluate((e) => e.closest('[lang]')?.getAttribute('lang')),
    ).toBe('en')
    await en.context().close()
  })

  it('fits a phone 360 px wide, each event a card of its figures', async () => {
    const small = await phone(browser)
    await signIn(small, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
    await small.getByRole('link', { name: 'Informes' }).click()
    const part = small.getByRole('region', { name: 'Totales de varios eventos' })
    await part.getByLabel('Entidad', { exact: true }).selectOption({ label: entity.name })
    await part.getByRole('button', { name: 'Calcular los totales' }).click()
    await part.getByRole('table', { name: '3 eventos sumados' }).waitFor()
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectAccessible(small, 'totals on a phone')
    await screenshot(small, 'console-reports-phone')
    await small.context().close()
  })

  it('offers an analyst limited to entities only theirs, and adds up only their events', async () => {
    const token = await api().login()
    const entities = (await api().call('GET', '/api/entities', { token })).json.entities as {
      id: string
      name: string
    }[]
    const own = entities.find((e) => e.name === entity.name)!
    const email = `${unique('analista-informes')}@example.org`
    const password = 'clave-de-analisis-2026'
    const made = await api().call('POST', '/api/users', {
      token,
      body: { email, password, role: 'analyst', entityIds: [own.id] },
    })
    expect(made.status).toBe(201)
    const analyst = await laptop(browser)
    await signIn(analyst, server!.url, email, password)
    await analyst.getByRole('link', { name: 'Informes' }).click()
    const part = analyst.getByRole('region', { name: 'Totales de varios eventos' })
    const choice = part.getByLabel('Entidad', { exact: true })
    await expect.poll(() => choice.locator('option').allInnerTexts()).toEqual([entity.name])
    await part.getByRole('button', { name: 'Calcular los totales' }).click()
    await part.getByRole('table', { name: '3 eventos sumados' }).waitFor()
    // Comparing is offered between its own events only.
    const b = analyst.getByRole('region', { name: 'Comparar dos eventos' }).getByLabel('Evento comparado (B)')
    const offered = await b.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))
    expect(offered.filter(Boolean).sort()).toEqual([slugs.old, slugs.a, slugs.b].sort())
    await analyst.context().close()
  })

  it('shows a moderator no Informes link, and the page says who may see it', async () => {
    const token = await api().login()
    const email = `${unique('moderador-informes')}@example.org`
    const password = 'clave-de-moderacion-2026'
    const made = await api().call('POST', '/api/users', {
      token,
      body: { email, password, role: 'moderator' },
    })
    expect(made.status).toBe(201)
    const mod = await laptop(browser)
    await signIn(mod, server!.url, email, password)
    expect(await mod.getByRole('link', { name: 'Calendario' }).count()).toBe(1)
    expect(await mod.getByRole('link', { name: 'Informes' }).count()).toBe(0)
    await mod.goto(`${server!.url}/console/informes`)
    await mod.getByText('Solo analistas y administradores ven los informes de varios eventos.').waitFor()
    expect(await mod.getByRole('button', { name: 'Calcular los totales' }).count()).toBe(0)
    // The API refuses them too.
    const me = await api().login(email, password)
    expect((await api().call('GET', '/api/reports/totals', { token: me })).status).toBe(403)
    await mod.context().close()
  })
})
