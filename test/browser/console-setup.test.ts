import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, openEvent, phone, signIn } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)('an admin preparing an event from the console', () => {
  let browser: Browser
  let page: Page
  // The entity's own site: it serves whatever the admin pasted in its page.
  let site: Server
  let siteUrl = ''
  let pasted = ''

  beforeAll(async () => {
    browser = await launch()
    site = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.end(`<!doctype html><html lang="es"><title>Alcaldía</title><main><h1>Rendición de cuentas</h1>
        ${pasted}</main>`)
    })
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r))
    // Another origin than the server's (127.0.0.1), as the entity's site is: the same host by another name.
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`
    page = await laptop(browser)
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
  })
  afterAll(async () => {
    await browser?.close()
    site?.close()
  })

  it("gives the code that embeds the forms, and takes the entity's site that may send them", async () => {
    const { slug, api, token } = await openEvent(server!.url, { modality: 'virtual' })
    await page.goto(`${server!.url}/console/eventos/${slug}`)
    const code = page.getByLabel('Código para insertar los formularios en el sitio web de la entidad')
    await code.waitFor()
    pasted = await code.inputValue()
    expect(pasted).toBe(
      `<script src="${server!.url}/widget.js" data-event="${slug}" data-form="asistencia" data-nav async></script>`,
    )
    const sites = page.locator('#share-embed-sites')
    expect(await sites.innerText()).toBe(
      'Aún ningún sitio está autorizado: insertados, los formularios se ven pero no envían nada. Autorizar el sitio de la entidad',
    )
    await expectAccessible(page, "the event's summary with the embed code")

    // The site is typed as people read it, with no scheme; a second one with a path.
    await sites.getByRole('link', { name: 'Autorizar el sitio de la entidad' }).click()
    const field = page.getByLabel('Sitios web donde se insertan los formularios, uno por línea')
    await field.fill(`${siteUrl.replace('http://', '')}\nhttps://participa.alcaldia.gov.co/rendicion`)
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    await page.getByRole('status').filter({ hasText: 'Cambios guardados.' }).waitFor()
    let event = (await api.call('GET', `/api/events/${slug}`, { token })).json.event
    // Without a scheme the site is taken as https, as a browser would: not the site, which is http here.
    expect(event.allowedOrigins).toEqual([
      `https://${siteUrl.replace('http://', '')}`,
      'https://participa.alcaldia.gov.co/rendicion',
    ])
    await field.fill(`${siteUrl}\nhttps://participa.alcaldia.gov.co/rendicion`)
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    await expect
      .poll(async () => (await api.call('GET', `/api/events/${slug}`, { token })).json.event.allowedOrigins)
      .toEqual([siteUrl, 'https://participa.alcaldia.gov.co/rendicion'])
    // Read back as saved, after a reload.
    await page.reload()
    await field.waitFor()
    expect(await field.inputValue()).toBe(`${siteUrl}\nhttps://participa.alcaldia.gov.co/rendicion`)
    await page.goto(`${server!.url}/console/eventos/${slug}`)
    expect(await sites.innerText()).toBe(
      `Los formularios insertados envían desde ${siteUrl}, https://participa.alcaldia.gov.co/rendicion. Cambiar los sitios autorizados`,
    )

    // The code pasted in the site's page shows the forms, and a registration there is taken.
    const visitor = await phone(browser)
    await visitor.goto(siteUrl)
    await visitor.getByRole('button', { name: 'Pregunta' }).waitFor()
    await visitor.getByLabel('Nombre completo').fill('Rosa Gómez')
    await visitor.getByLabel('Correo electrónico').fill(`rosa-${slug}@correo.co`)
    await visitor.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await visitor.getByRole('button', { name: 'Enviar' }).click()
    await visitor.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' }).waitFor()
    event = (await api.call('GET', `/api/events/${slug}/attendance`, { token })).json
    expect(JSON.stringify(event)).toContain('Rosa Gómez')
    await visitor.context().close()
  })

  it('names a site that is not a web address by its line, and saves nothing', async () => {
    const { slug, api, token } = await openEvent(server!.url)
    await page.goto(`${server!.url}/console/eventos/${slug}/datos`)
    const field = page.getByLabel('Sitios web donde se insertan los formularios, uno por línea')
    await field.fill('https://www.alcaldia.gov.co\n\nftp://archivos.alcaldia.gov.co')
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    const link = page.getByRole('alert').getByRole('link', { name: /^Sitios web autorizados, línea 3:/ })
    await link.waitFor()
    await link.click()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('ev-allowedOrigins')
    expect((await api.call('GET', `/api/events/${slug}`, { token })).json.event.allowedOrigins).toEqual([])
  })

  it("links an opening refused for the entity's missing data to the entity's fields, and opens once they are given", async () => {
    // A draft whose entity has its NIT only: no address, no e-mail or phone.
    const { slug, api, token } = await openEvent(server!.url, {
      status: 'draft',
      entity: { name: 'Alcaldía de Tenjo de Prueba', address: undefined, email: undefined },
    })
    await page.goto(`${server!.url}/console/eventos/${slug}/datos`)
    await page.getByLabel('Estado', { exact: true }).selectOption('open')
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    const summary = page.getByRole('alert').filter({ hasText: 'No se puede abrir el evento' })
    await summary.waitFor()
    expect(await summary.getByRole('link').allInnerTexts()).toEqual([
      'Dirección: Falta la dirección.',
      'Correo para ejercer los derechos sobre los datos: Falta un correo o un teléfono de contacto.',
    ])
    // Each link takes the focus to the entity's field, below the event's form.
    await summary.getByRole('link', { name: /^Correo/ }).click()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('entity-email')
    await page.keyboard.type('contacto@tenjo.gov.co')
    await summary.getByRole('link', { name: /^Dirección/ }).click()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('entity-address')
    await page.keyboard.type('Carrera 3 # 2-50')
    await page.getByRole('button', { name: 'Actualizar los datos de la entidad' }).click()
    await expect.poll(() => page.locator('#entity-address').inputValue()).toBe('Carrera 3 # 2-50')
    await page.getByLabel('Estado', { exact: true }).selectOption('open')
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    await expect
      .poll(async () => (await api.call('GET', `/api/events/${slug}`, { token })).json.event.status)
      .toBe('open')
  })

  it('lists the events on a phone as cards, every action within the screen, without scrolling sideways', async () => {
    const { slug } = await openEvent(server!.url, {
      title: 'Rendición de cuentas de la Secretaría de Cadenas de Valor y Desarrollo Rural 2026',
    })
    const small = await phone(browser)
    await signIn(small, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
    const row = small.getByRole('row', { name: /Secretaría de Cadenas de Valor y Desarrollo Rural/ })
    await row.first().waitFor()
    expect(
      await small.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]),
    ).toEqual([360, 360])
    const moderate = row.first().getByRole('link', { name: 'Moderar' })
    const box = (await moderate.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(360)
    // Each cell says its column beside it, and a screen reader still meets a table with its headers.
    expect(await row.first().getByRole('cell').first().getAttribute('data-label')).toBe('Entidad')
    expect(await small.getByRole('columnheader').allInnerTexts()).toEqual([
      'Evento',
      'Entidad',
      'Fecha',
      'Estado',
      'Acciones',
    ])
    await expectAccessible(small, 'the list of events on a phone')
    await moderate.click()
    await small.waitForURL(`**/console/eventos/${slug}/moderacion`)
    await small.context().close()
  })
})
