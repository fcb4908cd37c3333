import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, openEvent, signIn } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)("the console's details of the event's country", () => {
  let browser: Browser
  let page: Page
  let co: Awaited<ReturnType<typeof openEvent>>
  let ec: Awaited<ReturnType<typeof openEvent>>
  const tab = (slug: string, name: string) => page.goto(`${server!.url}/console/eventos/${slug}/${name}`)

  beforeAll(async () => {
    browser = await launch()
    co = await openEvent(server!.url, { title: 'Diálogo de la Alcaldía' })
    ec = await openEvent(server!.url, {
      title: 'Rendición de cuentas del GAD',
      country: 'EC',
      timezone: 'America/Guayaquil',
      entity: { name: 'GAD Parroquial de Prueba', nit: '1768000000001', radicadoPrefix: 'GPP' },
      areas: [{ key: 'obras', name: 'Dirección de Obras' }],
    })
    page = await laptop(browser)
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
  })
  afterAll(async () => browser?.close())

  it("says what a CSV opened in Excel spoils with the numbers of the event's country", async () => {
    const hint = () => page.locator('p.hint', { hasText: /^(El archivo de Excel|The Excel file)/ })
    await tab(ec.slug, 'informe')
    await page.getByRole('heading', { name: 'Exportes' }).waitFor()
    // Ecuador's cédulas and phones start with 0.
    expect(await hint().innerText()).toBe(
      'El archivo de Excel conserva los ceros iniciales de cédulas y teléfonos (0912…); un CSV abierto en Excel los pierde.',
    )
    // Colombia's do not: what Excel spoils there are numbers of 12 digits or more.
    await tab(co.slug, 'informe')
    await page.getByRole('heading', { name: 'Exportes' }).waitFor()
    expect(await hint().innerText()).toBe(
      'El archivo de Excel conserva enteros los números largos, como los 15 dígitos de un PEP o un celular con el indicativo 57 (573001234567); un CSV abierto en Excel los muestra en notación científica (5,73E+11).',
    )
  })

  it("names the records schedule that sets the retention period as the event's country does", async () => {
    const hint = () => page.locator('#ev-retentionDays-hint').innerText()
    await tab(ec.slug, 'datos')
    await page.getByLabel(/Plazo de conservación/).waitFor()
    expect(await hint()).toContain('según la tabla de plazos de conservación documental.')
    // A new event's follows the country chosen above it.
    await page.goto(`${server!.url}/console/eventos/nuevo`)
    await page.getByRole('heading', { name: 'Nuevo evento' }).waitFor()
    expect(await hint()).toContain('según la tabla de retención documental.')
    await page.getByLabel('País').selectOption('EC')
    await expect.poll(hint).toContain('según la tabla de plazos de conservación documental.')
  })

  it("offers Ecuador's work plan, and its aporte as an origin, at Ecuador's events only", async () => {
    const origins = async () => {
      const form = page.getByRole('form', { name: 'Nuevo compromiso' })
      await form.waitFor()
      return form.getByLabel('Origen', { exact: true }).locator('option').allInnerTexts()
    }
    await tab(ec.slug, 'compromisos')
    expect(await origins()).toEqual([
      'Pregunta ciudadana',
      'Observación',
      'Aporte',
      'Iniciativa de la entidad',
    ])
    await page.getByRole('group', { name: 'Plan de trabajo: lo que dijo la ciudadanía' }).waitFor()
    await tab(co.slug, 'compromisos')
    expect(await origins()).toEqual(['Pregunta ciudadana', 'Observación', 'Iniciativa de la entidad'])
    expect(await page.getByRole('group', { name: /lo que dijo la ciudadanía/i }).count()).toBe(0)
  })

  it('keeps showing, at a Colombian event, the aporte and the citizens’ words a commitment already has', async () => {
    const made = await co.api.call('POST', `/api/events/${co.slug}/commitments`, {
      token: co.token,
      body: {
        description: 'Iluminar el parque del barrio',
        area: 'despacho',
        origin: 'aporte',
        observation: 'El parque está a oscuras',
        contribution: 'La junta de acción comunal cuida las luminarias',
      },
    })
    expect(made.status).toBe(201)
    await tab(co.slug, 'compromisos')
    await page
      .getByRole('row', { name: /Iluminar el parque/ })
      .getByRole('button', { name: /Editar/ })
      .click()
    const edit = page.getByRole('form', { name: /^Editar: Iluminar el parque/ })
    await edit.waitFor()
    const origin = edit.getByLabel('Origen', { exact: true })
    expect(await origin.locator('option').allInnerTexts()).toContain('Aporte')
    expect(await origin.inputValue()).toBe('aporte')
    // Under a name of no work plan: a Colombian entity has none.
    const said = edit.getByRole('group', { name: 'Lo que dijo la ciudadanía', exact: true })
    await said.waitFor()
    expect(await said.getByLabel('Observación ciudadana').inputValue()).toBe('El parque está a oscuras')
    expect(await said.getByLabel('Aporte ciudadano').inputValue()).toBe(
      'La junta de acción comunal cuida las luminarias',
    )
    await expectAccessible(page, "a Colombian event's commitment with the citizens' words")
    // Saved untouched, it keeps them all.
    await edit.getByRole('button', { name: 'Guardar', exact: true }).click()
    await edit.waitFor({ state: 'detached' })
    const kept = await co.api.call('GET', `/api/commitments/${made.json.commitment.id}`, { token: co.token })
    expect(kept.json.commitment).toMatchObject({
      origin: 'aporte',
      observation: 'El parque está a oscuras',
      contribution: 'La junta de acción comunal cuida las luminarias',
    })
  })
})
