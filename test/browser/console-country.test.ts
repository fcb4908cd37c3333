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
})
