import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { client, unique } from '../contract/client'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, phone, screenshot } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)('the staff views of the console', () => {
  let browser: Browser
  let page: Page
  let token: string
  const slug = unique('consola')
  const urls: string[] = []
  const api = () => client(server!.url)

  beforeAll(async () => {
    browser = await launch()
    token = await api().login()
    page = await laptop(browser)
    page.on('request', (r) => urls.push(r.url()))
    await page.goto(`${server!.url}/console`)
    await page.getByLabel('Correo electrónico').fill(CONTRACT_ADMIN.email)
    await page.getByLabel('Contraseña').fill(CONTRACT_ADMIN.password)
    await page.getByRole('button', { name: 'Ingresar' }).click()
    await page.getByRole('heading', { name: 'Eventos' }).waitFor()
  })
  afterAll(async () => browser?.close())

  it('creates an event from the form and opens its workspace', async () => {
    await page.getByRole('link', { name: 'Crear un evento' }).click()
    await page.getByRole('heading', { name: 'Nuevo evento' }).waitFor()
    await expectAccessible(page, 'new event form')
    await page.getByLabel('Título').fill('Diálogo ciudadano 2026 — Comuna 3')
    await page.getByLabel(/Dirección corta/).fill(slug)
    await page.getByLabel('Entidad', { exact: true }).fill('Alcaldía de Ejemplo')
    await page.getByLabel(/Prefijo del radicado/).fill('ADE')
    await page.getByLabel(/Fecha y hora de inicio/).fill('2026-12-04T09:30')
    await page.getByLabel('Estado').selectOption('open')
    await page.getByLabel(/Dependencias/).fill('despacho = Despacho\nSecretaría de Obras Públicas')
    await page.getByRole('button', { name: 'Crear el evento' }).click()
    await page.getByRole('heading', { name: 'Diálogo ciudadano 2026 — Comuna 3' }).waitFor()
    const ev = await api().call('GET', `/api/events/${slug}`, { token })
    expect(ev.json.event.startsAt).toBe('2026-12-04T14:30:00.000Z')
    // Areas belong to the entity: these are added to any it already had.
    expect(ev.json.event.areas).toEqual(
      expect.arrayContaining([
        { key: 'despacho', name: 'Despacho' },
        { key: 'secretaria_de_obras_publicas', name: 'Secretaría de Obras Públicas' },
      ]),
    )
  })

  it('records figures from outside the forms', async () => {
    await page.getByRole('link', { name: 'Datos del evento' }).click()
    await page.getByLabel('Máximo de espectadores en vivo').fill('81')
    await page.getByLabel(/Fuente de las cifras/).fill('Facebook Live')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await page.getByText('Cambios guardados.').waitFor()
    const ev = await api().call('GET', `/api/events/${slug}`, { token })
    expect(ev.json.event.figures.peakViewers).toMatchObject({ value: 81, source: 'Facebook Live' })
  })

  it('adds a question to the evaluation survey', async () => {
    await page.getByRole('link', { name: 'Formularios' }).click()
    await page.getByRole('button', { name: 'Añadir una pregunta' }).click()
    await page.getByLabel('Pregunta', { exact: true }).fill('¿Cómo llegó al auditorio?')
    await page.getByLabel(/^Opciones/).fill('bus = Bus\na_pie = A pie\notro = Otro medio')
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    await page.getByText('¿Cómo llegó al auditorio?').waitFor()
    const forms = await api().call('GET', `/api/events/${slug}/forms`)
    const q = forms.json.forms[0].questions.find(
      (x: { label: string }) => x.label === '¿Cómo llegó al auditorio?',
    )
    expect(q).toMatchObject({ id: 'como_llego_al_auditorio', type: 'single' })
  })

  it('adds a commitment and moves it forward', async () => {
    await page.getByRole('link', { name: 'Compromisos' }).click()
    await page
      .getByLabel('Compromiso', { exact: true })
      .fill('Publicar el cronograma de obras de la comuna 3')
    await page.getByLabel('Dependencia').selectOption('despacho')
    await page.getByLabel('Responsable').fill('Oficina de Planeación')
    await page.getByLabel(/O bien el mes/).fill('2027-02')
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    const row = page.getByRole('row', { name: /Publicar el cronograma/ })
    await row.waitFor()
    await row.getByRole('button', { name: /Editar/ }).click()
    await page.getByLabel('Estado').selectOption('en_ejecucion')
    await page.getByLabel('Avance (%)').fill('30')
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    await expect.poll(() => row.innerText()).toContain('En ejecución')
    await expectAccessible(page, 'commitments')
  })

  it('downloads exports and the report as files, with the token never in a URL', async () => {
    await page.getByRole('link', { name: 'Exportes e informe' }).click()
    const file = async (name: RegExp) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name }).click(),
      ])
      return download.suggestedFilename()
    }
    expect(await file(/Asistencia · CSV/)).toMatch(/\.csv$/)
    expect(await file(/Estadísticas de la encuesta · Excel/)).toMatch(/\.xlsx$/)
    expect(await file(/Informe de rendición de cuentas · Word/)).toMatch(/\.docx$/)
    const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('cabildo:console')!).token)
    expect(urls.filter((u) => u.includes(session))).toEqual([])
  })

  it('switches to English', async () => {
    await page.getByRole('link', { name: 'English' }).click()
    await page.getByRole('heading', { name: 'Exports', exact: true }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await expectAccessible(page, 'English exports view')
  })

  it('takes pictures of the widget at 360 px, one per form', async () => {
    const phonePage = await phone(browser)
    await phonePage.goto(`${server!.url}/e/${slug}`)
    const widget = phonePage.locator('cabildo-form')
    const shots = new URL('./screenshots/', import.meta.url).pathname
    for (const [tab, heading, key] of [
      ['Asistencia', 'Asistencia', 'asistencia'],
      ['Evaluación', /Encuesta de evaluación/, 'evaluacion'],
      ['Pregunta', 'Pregunta', 'pregunta'],
    ] as const) {
      await phonePage.getByRole('button', { name: tab, exact: true }).click()
      await phonePage.getByRole('heading', { name: heading, exact: true }).waitFor()
      await widget.screenshot({ path: `${shots}widget-360-${key}.png` })
    }
    await screenshot(phonePage, 'widget-360-page')
    await phonePage.close()
  })
})
