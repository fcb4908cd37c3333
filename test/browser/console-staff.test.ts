import { readFileSync } from 'node:fs'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { checkDigit } from '../../server/services/nit'
import { client, eventBody, freshNit, unique } from '../contract/client'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, phone, screenshot } from './chromium'

const server = inject('browserServer')

/** The texts that describe a field to a screen reader (its aria-describedby). */
const fieldDescription = (field: Locator) =>
  field.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  )

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
    // The country comes first, then what it decides: the time zone, and the tax id's name in the
    // entity's hint and field. Tabbing from the heading reaches them in that order.
    await page.locator('#event-form-h').focus()
    const reached: string[] = []
    for (let i = 0; i < 12 && !reached.includes('ev-nit'); i++) {
      await page.keyboard.press('Tab')
      reached.push(await page.evaluate(() => document.activeElement?.id ?? ''))
    }
    expect(reached.slice(0, 2)).toEqual(['ev-country', 'ev-timezone'])
    expect(reached.indexOf('ev-entity')).toBeGreaterThan(reached.indexOf('ev-timezone'))
    expect(reached.indexOf('ev-nit')).toBeGreaterThan(reached.indexOf('ev-entity'))
    expect(await page.getByLabel('País').inputValue()).toBe('CO')
    await page.getByLabel('Título').fill('Diálogo ciudadano 2026 — Comuna 3')
    await page.getByLabel(/Dirección corta/).fill(slug)
    await page.getByLabel('Entidad', { exact: true }).fill('Alcaldía de Ejemplo')
    // An open event's privacy notice names the entity's NIT, address and a contact: all typed here.
    // A Colombian event's entity has a NIT, named so alone.
    expect(await page.getByLabel('RUC', { exact: true }).count()).toBe(0)
    await page.getByLabel('NIT', { exact: true }).fill('890480184-4')
    await page.getByLabel('Correo de contacto de la entidad').fill('datos@ejemplo.gov.co')
    await page.getByLabel('Teléfono de contacto de la entidad').fill('+57 601 555 0101')
    await page.getByLabel('Dirección de la entidad').fill('Calle 1 # 2-3')
    await page.getByLabel(/Prefijo del radicado/).fill('ADE')
    await page.getByLabel(/Fecha y hora de inicio/).fill('2026-12-04T09:30')
    await page.getByLabel('Estado').selectOption('open')
    await page.getByLabel(/Dependencias/).fill('despacho = Despacho\nSecretaría de Obras Públicas')
    await page.getByRole('button', { name: 'Crear el evento' }).click()
    await page.getByRole('heading', { name: 'Diálogo ciudadano 2026 — Comuna 3' }).waitFor()
    const ev = await api().call('GET', `/api/events/${slug}`, { token })
    expect(ev.json.event.startsAt).toBe('2026-12-04T14:30:00.000Z')
    expect(ev.json.event.status).toBe('open')
    expect(ev.json.event.entity).toMatchObject({ nit: '890480184-4', phone: '+57 601 555 0101' })
    // Areas belong to the entity: these are added to any it already had.
    expect(ev.json.event.areas).toEqual(
      expect.arrayContaining([
        { key: 'despacho', name: 'Despacho' },
        { key: 'secretaria_de_obras_publicas', name: 'Secretaría de Obras Públicas' },
      ]),
    )
  })

  it('offers the registered entities by name, and one chosen brings its NIT and country', async () => {
    const name = unique('GAD Municipal')
    const first = await api().call('POST', '/api/events', {
      token,
      body: eventBody(unique('gad'), { entity: { name, nit: '1760001550001' }, country: 'EC' }),
    })
    expect(first.status).toBe(201)
    await page.goto(`${server!.url}/console/eventos/nuevo`)
    await page.getByRole('heading', { name: 'Nuevo evento' }).waitFor()
    await expect.poll(() => page.locator(`#ev-entities option[value="${name}"]`).count()).toBe(1)
    const other = unique('otro')
    await page.getByLabel('Título').fill('Segundo diálogo del GAD')
    await page.getByLabel(/Dirección corta/).fill(other)
    await page.getByLabel('Entidad', { exact: true }).fill(name)
    // An Ecuadorian entity's tax id is its RUC: the field and the entity's hint say so, never NIT.
    await expect.poll(() => page.getByLabel('RUC', { exact: true }).inputValue()).toBe('1760001550001')
    expect(await page.getByLabel('País').inputValue()).toBe('EC')
    // The country, above the entity, changed with it: a status says so to whoever has gone past it.
    await page
      .getByRole('status')
      .filter({ hasText: 'País del evento: Ecuador, el de la entidad elegida.' })
      .waitFor()
    expect(await page.getByLabel('NIT', { exact: true }).count()).toBe(0)
    const hint = await fieldDescription(page.getByLabel('Entidad', { exact: true }))
    expect(hint).toContain('(o escriba su RUC)')
    expect(hint).not.toContain('NIT')
    await page.getByLabel(/Fecha y hora de inicio/).fill('2026-12-06T09:30')
    await page.getByRole('button', { name: 'Crear el evento' }).click()
    await page.getByRole('heading', { name: 'Segundo diálogo del GAD' }).waitFor()
    const ev = await api().call('GET', `/api/events/${other}`, { token })
    expect(ev.json.event.entityId).toBe(first.json.event.entityId)
  })

  it('says which entity details it kept when a new event brings others, and where to change them', async () => {
    const name = unique('Alcaldía de Prueba')
    const nit = freshNit().hyphen
    const first = await api().call('POST', '/api/events', {
      token,
      body: eventBody(unique('previo'), { entity: { name, nit, email: 'datos@prueba.gov.co' } }),
    })
    expect(first.status).toBe(201)
    await page.goto(`${server!.url}/console/eventos/nuevo`)
    await page.getByRole('heading', { name: 'Nuevo evento' }).waitFor()
    await expect.poll(() => page.locator(`#ev-entities option[value="${name}"]`).count()).toBe(1)
    const slug2 = unique('segundo')
    await page.getByLabel('Título').fill('Otro diálogo de la alcaldía')
    await page.getByLabel(/Dirección corta/).fill(slug2)
    await page.getByLabel('Entidad', { exact: true }).fill(name)
    await expect.poll(() => page.getByLabel('NIT', { exact: true }).inputValue()).toBe(nit)
    await page.getByLabel('Correo de contacto de la entidad').fill('nuevo@prueba.gov.co')
    await page.getByLabel(/Fecha y hora de inicio/).fill('2026-12-06T09:30')
    await page.getByRole('button', { name: 'Crear el evento' }).click()
    await page.getByRole('heading', { name: 'Otro diálogo de la alcaldía' }).waitFor()
    const notice = page.getByRole('status').filter({ hasText: 'ya estaba registrada' })
    await notice.waitFor()
    expect(await notice.innerText()).toContain(
      'Correo: se conserva «datos@prueba.gov.co»; escribió «nuevo@prueba.gov.co»',
    )
    await expectAccessible(page, 'entity details kept notice')
    // The stored e-mail stays until an admin changes it in «Datos de la entidad».
    const ev = await api().call('GET', `/api/events/${slug2}`, { token })
    expect(ev.json.event.entity.email).toBe('datos@prueba.gov.co')
    await notice.getByRole('button', { name: 'Entendido' }).click()
    expect(await notice.count()).toBe(0)
  })

  it("offers Galápagos as a new Ecuadorian event's time zone, names its RUC so, and reads its start on the islands' clock", async () => {
    await page.goto(`${server!.url}/console/eventos/nuevo`)
    await page.getByRole('heading', { name: 'Nuevo evento' }).waitFor()
    const zone = page.getByLabel(/Zona horaria del evento/)
    expect(
      await zone.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
    ).toEqual(['America/Bogota'])
    const islands = unique('islas')
    // Ecuador is chosen first, as the form asks: the fields after it speak of Ecuador before anything
    // is typed in them, and the RUC is typed in a field that says RUC.
    await page.getByLabel('País').selectOption('EC')
    await expect
      .poll(() => zone.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)))
      .toEqual(['America/Guayaquil', 'Pacific/Galapagos'])
    await zone.selectOption('Pacific/Galapagos')
    await page.getByLabel('Título').fill('Diálogo en Santa Cruz')
    await page.getByLabel(/Dirección corta/).fill(islands)
    const hint = await fieldDescription(page.getByLabel('Entidad', { exact: true }))
    expect(hint).toContain('(o escriba su RUC)')
    expect(hint).not.toContain('NIT')
    await page.getByLabel('Entidad', { exact: true }).fill(unique('GAD de Santa Cruz'))
    expect(await page.getByLabel('NIT', { exact: true }).count()).toBe(0)
    // A 13-digit RUC no other test has: Galápagos (20), a public entity's third digit, establishment 001.
    const ruc = `206${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}001`
    await page.getByLabel('RUC', { exact: true }).fill(ruc)
    await page.getByLabel(/Fecha y hora de inicio/).fill('2026-12-04T09:30')
    await page.getByRole('button', { name: 'Crear el evento' }).click()
    await page.getByRole('heading', { name: 'Diálogo en Santa Cruz' }).waitFor()
    const ev = await api().call('GET', `/api/events/${islands}`, { token })
    expect(ev.json.event).toMatchObject({
      country: 'EC',
      timezone: 'Pacific/Galapagos',
      startsAt: '2026-12-04T15:30:00.000Z',
    })
    expect(ev.json.event.entity.nit).toBe(ruc)
  })

  it('dates each event of the list on its own clock: Galápagos at 23:30 on Thursday is Thursday', async () => {
    const late = unique('islas-noche')
    const made = await api().call('POST', '/api/events', {
      token,
      body: eventBody(late, {
        title: 'Diálogo nocturno en Santa Cruz',
        country: 'EC',
        timezone: 'Pacific/Galapagos',
        entity: {
          name: unique('GAD de Santa Cruz'),
          nit: `206${String(Date.now() % 1e7).padStart(7, '0')}001`,
        },
        startsAt: '2026-12-03T23:30:00-06:00',
      }),
    })
    expect(made.status).toBe(201)
    await page.goto(`${server!.url}/console`)
    const row = page.getByRole('row', { name: /Diálogo nocturno en Santa Cruz/ })
    await expect.poll(() => row.innerText()).toMatch(/jueves, 3 de diciembre de 2026/)
    expect(await row.innerText()).not.toMatch(/viernes/)
  })

  it('names the field and the line of each refused value of a new event, and marks the field', async () => {
    await page.goto(`${server!.url}/console/eventos/nuevo`)
    await page.getByRole('heading', { name: 'Nuevo evento' }).waitFor()
    await page.getByLabel('Título').fill('Diálogo ciudadano 2026 — Comuna 4')
    await page.getByLabel(/Dirección corta/).fill('Comuna 4')
    await page.getByLabel('Entidad', { exact: true }).fill('Alcaldía de Ejemplo')
    await page.getByLabel(/Fecha y hora de inicio/).fill('2026-12-05T09:30')
    // The second item is typed on the third line, after a blank one.
    await page.getByLabel(/Dependencias/).fill('despacho = Despacho\n\n= Secretaría de Obras')
    await page.getByRole('button', { name: 'Crear el evento' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    const said = await alert.innerText()
    expect(said).toContain('Dirección corta: Use minúsculas, números y guiones')
    expect(said).toContain('Dependencias, línea 3: ')
    expect(said).not.toContain('areas.1')
    const slugField = page.getByLabel(/Dirección corta/)
    expect(await slugField.getAttribute('aria-invalid')).toBe('true')
    const described = await slugField.getAttribute('aria-describedby')
    expect(await page.locator(`[id="${described}"]`).innerText()).toContain(
      'Use minúsculas, números y guiones',
    )
    expect(await page.getByLabel(/Dependencias/).getAttribute('aria-invalid')).toBe('true')
    // What was typed stays for the person to correct.
    expect(await page.getByLabel(/Dependencias/).inputValue()).toBe(
      'despacho = Despacho\n\n= Secretaría de Obras',
    )
    await expectAccessible(page, 'new event form with server errors')
    await page.goto(`${server!.url}/console/eventos/${slug}`)
    await page.getByRole('heading', { name: 'Diálogo ciudadano 2026 — Comuna 3' }).waitFor()
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

  it('reads a count typed as Spanish writes it, 1.500, as fifteen hundred, and refuses a decimal on its field', async () => {
    await page.getByRole('link', { name: 'Datos del evento' }).click()
    const views = page.getByLabel('Reproducciones')
    await views.fill('1,5')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await page
      .getByText('Reproducciones: Escriba un número entero, sin decimales: p. ej. 1500 o 1.500.')
      .waitFor()
    expect(await views.getAttribute('aria-invalid')).toBe('true')
    expect(
      (await api().call('GET', `/api/events/${slug}`, { token })).json.event.figures.views,
    ).toBeUndefined()
    await expectAccessible(page, 'a figure that is not a count')
    await views.fill('1.500')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await page.getByText('Cambios guardados.').waitFor()
    const ev = (await api().call('GET', `/api/events/${slug}`, { token })).json.event
    expect(ev.figures.views).toMatchObject({ value: 1500, source: 'Facebook Live' })
    expect(ev.figures.peakViewers.value).toBe(81)
    // Shown again as the count it is, and not sent again unchanged.
    await page.reload()
    await expect.poll(() => page.getByLabel('Reproducciones').inputValue()).toBe('1500')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await page.getByText('No hay cambios que guardar.').waitFor()
  })

  it("sets the event's end time and its description for attendees, refusing an end before the start", async () => {
    await page.getByRole('link', { name: 'Datos del evento' }).click()
    const ends = page.getByLabel('Fecha y hora de fin (opcional)')
    const about = page.getByLabel(/^Descripción para los asistentes/)
    await ends.fill('2026-12-04T08:00')
    await about.fill('Informe de gestión 2026 de la Comuna 3.\n\nTraiga sus preguntas.')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await page.getByText('Fecha y hora de fin: La hora de fin debe ser posterior a la de inicio.').waitFor()
    expect(await about.inputValue()).toContain('Traiga sus preguntas.')
    await ends.fill('2026-12-04T12:00')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await page.getByText('Cambios guardados.').waitFor()
    const ev = (await api().call('GET', `/api/events/${slug}`, { token })).json.event
    expect(ev.endsAt).toBe('2026-12-04T17:00:00.000Z')
    expect(ev.description).toBe('Informe de gestión 2026 de la Comuna 3.\n\nTraiga sus preguntas.')
    // Shown again as saved, in the event's own time.
    await page.reload()
    await expect
      .poll(() => page.getByLabel('Fecha y hora de fin (opcional)').inputValue())
      .toBe('2026-12-04T12:00')
  })

  it("shows the attendee page's address on the summary and downloads its QR code to print", async () => {
    await page.getByRole('link', { name: 'Resumen' }).click()
    const address = page.getByLabel('Dirección de la página del evento')
    expect(await address.inputValue()).toBe(`${server!.url}/e/${slug}`)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Descargar el código QR (SVG, para imprimir)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`qr-${slug}.svg`)
    expect(readFileSync((await download.path())!, 'utf8')).toMatch(/<svg[\s>]/)
    await expectAccessible(page, 'summary with the link for attendees')
  })

  it('saves only what the form changed: a form left open does not reopen the event another person closed', async () => {
    await page.getByRole('link', { name: 'Datos del evento' }).click()
    const place = page.getByLabel('Lugar')
    await place.fill('Salón comunal de la Comuna 3')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await page.getByText('Cambios guardados.').waitFor()
    // Meanwhile, from another screen, the event is opened and then closed.
    for (const status of ['open', 'closed'])
      expect((await api().call('PATCH', `/api/events/${slug}`, { token, body: { status } })).status).toBe(200)
    // This form still shows the status it was opened with; a figure typed after the close is saved
    // alone, and a place emptied is cleared.
    await page.getByLabel('Máximo de espectadores en vivo').fill('95')
    await place.fill('')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await expect
      .poll(
        async () =>
          (await api().call('GET', `/api/events/${slug}`, { token })).json.event.figures.peakViewers?.value,
      )
      .toBe(95)
    const ev = (await api().call('GET', `/api/events/${slug}`, { token })).json.event
    expect([ev.status, ev.place]).toEqual(['closed', null])
    expect(ev.figures.peakViewers.source).toBe('Facebook Live')
    // Nothing changed, nothing sent.
    await page.getByRole('button', { name: 'Guardar' }).click()
    await page.getByText('No hay cambios que guardar.').waitFor()
    expect(
      (await api().call('PATCH', `/api/events/${slug}`, { token, body: { status: 'open' } })).status,
    ).toBe(200)
  })

  it("edits the entity's NIT, address, e-mail and phone on the Datos page, naming a refused field", async () => {
    const name = unique('Secretaría sin datos')
    // A NIT no other entity has: a 9-digit base and its check digit.
    const base = `8${String(Date.now() % 1e8).padStart(8, '0')}`
    const nitTyped = `${base}-${checkDigit(base)}`
    const own = unique('sin-datos')
    const draft = await api().call('POST', '/api/events', {
      token,
      body: eventBody(own, {
        entity: { name, address: undefined, email: undefined, phone: undefined },
        status: 'draft',
      }),
    })
    expect(draft.status).toBe(201)
    await page.goto(`${server!.url}/console/eventos/${own}/datos`)
    const panel = page.getByRole('region', { name: `Datos de la entidad: ${name}` })
    await panel.getByText('Faltan datos').waitFor()
    expect(await panel.getByText(/RUC/).count()).toBe(0)
    await panel.getByLabel('NIT', { exact: true }).fill('N/A')
    await panel.getByLabel('Dirección').fill('Carrera 3 # 4-5')
    await panel.getByRole('button', { name: 'Actualizar los datos de la entidad' }).click()
    // The server's message shows at the field, which says it is invalid.
    const nit = panel.getByLabel('NIT', { exact: true })
    await expect.poll(() => nit.getAttribute('aria-invalid')).toBe('true')
    await expect
      .poll(async () => (await panel.locator('#entity-nit-error').innerText()).length)
      .toBeGreaterThan(0)
    await nit.fill(nitTyped)
    await panel.getByLabel('Teléfono de contacto').fill('+57 601 222 3333')
    await panel.getByRole('button', { name: 'Actualizar los datos de la entidad' }).click()
    await panel.getByText('Cambios guardados.').waitFor()
    await expectAccessible(page, 'the entity details')
    const ev = await api().call('GET', `/api/events/${own}`, { token })
    expect(ev.json.event.entity).toMatchObject({
      nit: nitTyped,
      address: 'Carrera 3 # 4-5',
      phone: '+57 601 222 3333',
    })
    // The event can now be opened.
    const opened = await api().call('PATCH', `/api/events/${own}`, { token, body: { status: 'open' } })
    expect(opened.status).toBe(200)
    await page.goto(`${server!.url}/console/eventos/${slug}`)
    await page.getByRole('heading', { name: 'Diálogo ciudadano 2026 — Comuna 3' }).waitFor()
  })

  it("names an Ecuadorian entity's RUC on its Datos page, in its hint, its field and the server's refusal", async () => {
    const name = unique('GAD sin RUC')
    const own = unique('gad-sin-ruc')
    const draft = await api().call('POST', '/api/events', {
      token,
      body: eventBody(own, {
        entity: {
          name,
          nit: undefined,
          address: 'Av. 10 de Agosto y Colón, Quito',
          email: 'datos@gad.gob.ec',
        },
        country: 'EC',
        timezone: 'America/Guayaquil',
        status: 'draft',
      }),
    })
    expect(draft.status).toBe(201)
    // Opening it is refused for the RUC it lacks, in the API's words too.
    const refused = await api().call('PATCH', `/api/events/${own}`, { token, body: { status: 'open' } })
    expect(refused.status).toBe(409)
    expect(refused.json.error.message).toContain('a la entidad le falta el RUC.')
    await page.goto(`${server!.url}/console/eventos/${own}/datos`)
    const panel = page.getByRole('region', { name: `Datos de la entidad: ${name}` })
    await panel.getByText('Faltan datos').waitFor()
    expect(await panel.locator('#entity-hint').innerText()).toContain('la entidad tiene RUC, dirección')
    expect(await panel.getByText(/NIT/).count()).toBe(0)
    const ruc = panel.getByLabel('RUC', { exact: true })
    await ruc.fill('N/A')
    await panel.getByRole('button', { name: 'Actualizar los datos de la entidad' }).click()
    await expect.poll(() => ruc.getAttribute('aria-invalid')).toBe('true')
    const refusal = await panel.locator('#entity-nit-error').innerText()
    expect(refusal).toContain('no es un RUC')
    expect(refusal).not.toContain('NIT')
    // A 13-digit RUC no other test has: province 17, a natural person's third digit, establishment 001.
    const typed = `175${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}001`
    await ruc.fill(typed)
    await panel.getByRole('button', { name: 'Actualizar los datos de la entidad' }).click()
    await panel.getByText('Cambios guardados.').waitFor()
    const ev = await api().call('GET', `/api/events/${own}`, { token })
    expect(ev.json.event.entity.nit).toBe(typed)
    await page.goto(`${server!.url}/console/eventos/${slug}`)
    await page.getByRole('heading', { name: 'Diálogo ciudadano 2026 — Comuna 3' }).waitFor()
  })

  it("schedules a change of the entity's radicado prefix for next year, and cancels it", async () => {
    await page.getByRole('link', { name: 'Datos del evento' }).click()
    const panel = page.getByRole('region', { name: 'Prefijo del radicado' })
    const nextYear = new Date().getUTCFullYear() + 1
    const prefix = `P${Date.now().toString(36).toUpperCase().slice(-6)}`
    await panel.getByLabel(/Prefijo nuevo/).fill(prefix)
    expect(await panel.getByLabel(/Desde el primer radicado del año/).inputValue()).toBe(String(nextYear))
    await panel.getByRole('button', { name: 'Programar el cambio' }).click()
    await panel.getByText(`Cambio programado: ${prefix}, desde el primer radicado de ${nextYear}.`).waitFor()
    const ev = await api().call('GET', `/api/events/${slug}`, { token })
    expect(ev.json.event.radicadoPrefixNext).toEqual({ prefix, fromYear: nextYear })
    await expectAccessible(page, 'the scheduled radicado prefix')
    await panel.getByRole('button', { name: 'Cancelar el cambio programado' }).click()
    await panel.getByText('Cambio cancelado.').waitFor()
    expect(
      (await api().call('GET', `/api/events/${slug}`, { token })).json.event.radicadoPrefixNext,
    ).toBeNull()
  })

  it('adds a question to the evaluation survey', async () => {
    await page.getByRole('link', { name: 'Formularios' }).click()
    await page.getByRole('button', { name: 'Añadir una pregunta' }).click()
    await page.getByLabel('Pregunta', { exact: true }).fill('¿Cómo llegó al auditorio?')
    await page.getByLabel(/^Opciones, una por línea/).fill('bus = Bus\na_pie = A pie\notro = Otro medio')
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    await page.getByText('¿Cómo llegó al auditorio?').waitFor()
    const forms = await api().call('GET', `/api/events/${slug}/forms`)
    const q = forms.json.forms[0].questions.find(
      (x: { label: string }) => x.label === '¿Cómo llegó al auditorio?',
    )
    expect(q).toMatchObject({ id: 'como_llego_al_auditorio', type: 'single' })
  })

  it('adds «Prefiero no responder» to a sensitive choice question that staff left without it', async () => {
    const card = page.getByRole('article', { name: /Encuesta de evaluación/ })
    await card.getByRole('button', { name: 'Añadir una pregunta' }).click()
    await card.getByLabel('Pregunta', { exact: true }).fill('¿Tiene alguna discapacidad?')
    await card.getByLabel('Tipo de respuesta').selectOption('multi')
    await card
      .getByLabel(/^Opciones, una por línea/)
      .fill('fisica = Física\nvisual = Visual\nninguna = Ninguna')
    await card.getByRole('checkbox', { name: /^Dato sensible/ }).check()
    await card.getByRole('button', { name: 'Guardar', exact: true }).click()
    await card.getByText('¿Tiene alguna discapacidad?').waitFor()
    expect(await card.getByRole('alert').count()).toBe(0)
    const forms = await api().call('GET', `/api/events/${slug}/forms`)
    const q = forms.json.forms[0].questions.find(
      (x: { label: string }) => x.label === '¿Tiene alguna discapacidad?',
    )
    expect(q.options.map((o: { value: string }) => o.value)).toEqual([
      'fisica',
      'visual',
      'ninguna',
      'prefiero_no_responder',
    ])
    expect(q.options[3]).toMatchObject({ label: 'Prefiero no responder', exclusive: true })
  })

  it('unticks and locks «Obligatoria» while «Dato sensible» is ticked, says why, and gives it back', async () => {
    const card = page.getByRole('article', { name: /Encuesta de evaluación/ })
    await card.getByRole('button', { name: 'Añadir una pregunta' }).click()
    await card.getByLabel('Pregunta', { exact: true }).fill('¿Pertenece a algún grupo étnico?')
    await card.getByLabel(/^Opciones, una por línea/).fill('si = Sí\nno = No')
    const required = card.getByRole('checkbox', { name: 'Obligatoria' })
    const sensitive = card.getByRole('checkbox', { name: /^Dato sensible/ })
    await required.check()
    await sensitive.check()
    expect(await required.isChecked()).toBe(false)
    expect(await required.isDisabled()).toBe(true)
    const note = page.locator(`[id="${await required.getAttribute('aria-describedby')}"]`)
    expect(await note.isVisible()).toBe(true)
    expect(await note.innerText()).toBe(
      'Un dato sensible nunca es obligatorio: para exigir la respuesta, desmarque «Dato sensible».',
    )
    await expectAccessible(page, 'new sensitive question')
    await sensitive.uncheck()
    expect(await required.isDisabled()).toBe(false)
    expect(await required.getAttribute('aria-describedby')).toBeNull()
    expect(await note.count()).toBe(0)
    await required.check()
    expect(await required.isChecked()).toBe(true)
    await sensitive.check()
    expect(await required.isChecked()).toBe(false)
    await card.getByRole('button', { name: 'Guardar', exact: true }).click()
    await card.getByText('¿Pertenece a algún grupo étnico?').waitFor()
    expect(await card.getByRole('alert').count()).toBe(0)
    const forms = await api().call('GET', `/api/events/${slug}/forms`)
    const q = forms.json.forms[0].questions.find(
      (x: { label: string }) => x.label === '¿Pertenece a algún grupo étnico?',
    )
    expect(q).toMatchObject({ required: false, sensitive: true })
    expect(q.options.map((o: { value: string }) => o.value)).toEqual(['si', 'no', 'prefiero_no_responder'])
  })

  it('names the field of a refused new question and of a refused new form, never a raw path', async () => {
    const card = page.getByRole('article', { name: /Encuesta de evaluación/ })
    await card.getByRole('button', { name: 'Añadir una pregunta' }).click()
    await card.getByLabel('Pregunta', { exact: true }).fill('¿En qué llegó?')
    // The same value twice: the server refuses it.
    await card.getByLabel(/^Opciones, una por línea/).fill('bus = Bus\nbus = Buseta')
    await card.getByRole('button', { name: 'Guardar', exact: true }).click()
    const refused = card.getByRole('alert')
    await expect.poll(() => refused.innerText()).toContain('Opciones: Hay valores de opción repetidos.')
    expect(await refused.locator('code').count()).toBe(0)

    // A new form whose key the event already has: said on the key's field, and its question named.
    await page.getByRole('button', { name: 'Crear otro formulario' }).click()
    const create = page.locator('form.card')
    await create.getByLabel('Título del formulario').fill('Otra evaluación')
    await create.getByLabel(/^Clave/).fill('evaluacion')
    await create.getByLabel('Pregunta', { exact: true }).fill('¿Volvería?')
    await create.getByLabel('Tipo de respuesta').selectOption('yesno')
    await create.getByRole('button', { name: 'Guardar', exact: true }).click()
    const key = create.getByLabel(/^Clave/)
    await expect.poll(() => key.getAttribute('aria-invalid')).toBe('true')
    const described = (await key.getAttribute('aria-describedby'))!.split(' ').at(-1)
    expect(await page.locator(`[id="${described}"]`).innerText()).toBe(
      'El evento ya tiene un formulario con esa clave.',
    )
    await create.getByLabel(/^Clave/).fill('otra_evaluacion')
    await create.getByLabel('Tipo de respuesta').selectOption('single')
    await create.getByLabel(/^Opciones, una por línea/).fill('si = Sí\nsi = Claro\nno = No')
    // The new form's question locks «Obligatoria» under «Dato sensible» as well.
    await create.getByRole('checkbox', { name: 'Obligatoria' }).check()
    await create.getByRole('checkbox', { name: /^Dato sensible/ }).check()
    expect(await create.getByRole('checkbox', { name: 'Obligatoria' }).isDisabled()).toBe(true)
    await create.getByRole('button', { name: 'Guardar', exact: true }).click()
    await expect
      .poll(() => create.getByRole('alert').innerText())
      .toContain('Opciones: Hay valores de opción repetidos.')
    expect(await create.getByRole('alert').locator('code').count()).toBe(0)
    await create.getByLabel(/^Opciones, una por línea/).fill('si = Sí\nno = No')
    await create.getByRole('checkbox', { name: /^Dato sensible/ }).uncheck()
    await create.getByRole('button', { name: 'Guardar', exact: true }).click()
    await page.getByRole('article', { name: /Otra evaluación/ }).waitFor()
  })

  it('edits, removes and reorders the questions of a form without responses, in place', async () => {
    const created = await api().call('POST', `/api/events/${slug}/forms`, {
      token,
      body: {
        key: 'encuesta_jovenes',
        title: 'Encuesta de jóvenes',
        questions: [
          {
            id: 'transporte',
            type: 'single',
            label: '¿Cómo llega a la casa de la juventud?',
            required: true,
            options: [
              { value: 'bus', label: 'Bus' },
              { value: 'a_pie', label: 'A pie' },
            ],
          },
          { id: 'utilidad', type: 'scale', label: '¿Qué tan útil fue el taller?', scale: { min: 1, max: 5 } },
          { id: 'comentarios', type: 'long_text', label: 'Comentarios' },
        ],
      },
    })
    expect(created.status).toBe(201)
    await page.reload()
    const card = page.getByRole('article', { name: /Encuesta de jóvenes/ })
    await card.getByRole('button', { name: 'Editar las preguntas' }).click()
    const editor = card.getByRole('region', { name: 'Editar las preguntas' })
    await editor.getByText(/Aún no hay respuestas: los cambios se guardan en la versión 1/).waitFor()

    await editor.getByRole('button', { name: 'Editar: ¿Cómo llega a la casa de la juventud?' }).click()
    await editor.getByLabel('Pregunta', { exact: true }).fill('¿Cómo llega hoy a la casa de la juventud?')
    // A value given twice: the server refuses it.
    await editor
      .getByLabel(/^Opciones, una por línea/)
      .fill('bus = Bus\na_pie = A pie\nbici = Bicicleta\notro = Otro\nbus = Buseta')
    await editor.getByLabel(/^Opciones en inglés/).fill('Bus\nOn foot\nBicycle\nOther')
    await editor.getByLabel(/Opción «Otra»/).selectOption('otro')
    // The stored question is required: marking it sensitive makes it optional.
    expect(await editor.getByRole('checkbox', { name: 'Obligatoria' }).isChecked()).toBe(true)
    await editor.getByRole('checkbox', { name: /^Dato sensible/ }).check()
    expect(await editor.getByRole('checkbox', { name: 'Obligatoria' }).isChecked()).toBe(false)
    await editor.getByRole('button', { name: 'Aplicar' }).click()
    await editor.getByRole('button', { name: 'Subir: Comentarios' }).click()
    // The moved question's button keeps the focus: the keyboard moves it again.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Subir: Comentarios')
    await page.keyboard.press('Enter')
    await editor.getByText('«Comentarios» quedó en la posición 1 de 3.').waitFor()
    await editor.getByRole('button', { name: 'Quitar: ¿Qué tan útil fue el taller?' }).click()
    await editor.getByText(/Se quitó «¿Qué tan útil fue el taller\?»/).waitFor()
    await editor.getByRole('button', { name: 'Guardar el formulario' }).click()
    const alert = editor.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain(
      'Pregunta 2 «¿Cómo llega hoy a la casa de la juventud?» · Opciones: Hay valores de opción repetidos.',
    )
    // Neither «Obligatoria» nor a missing «Prefiero no responder» is refused: the console saw to both.
    expect((await alert.locator('li').allInnerTexts()).length).toBe(1)
    // Its link leads to the closed question's button, which its message describes.
    await alert.getByRole('link', { name: /^Pregunta 2 / }).focus()
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Editar: ¿Cómo llega hoy a la casa de la juventud?')

    // Opened again, the question's own fields carry the server's messages.
    await editor.getByRole('button', { name: 'Editar: ¿Cómo llega hoy a la casa de la juventud?' }).click()
    const options = editor.getByLabel(/^Opciones, una por línea/)
    expect(await options.getAttribute('aria-invalid')).toBe('true')
    const described = (await options.getAttribute('aria-describedby'))!.split(' ').at(-1)
    expect(await page.locator(`[id="${described}"]`).innerText()).toBe('Hay valores de opción repetidos.')
    const required = editor.getByRole('checkbox', { name: 'Obligatoria' })
    expect([await required.isChecked(), await required.isDisabled()]).toEqual([false, true])
    await expectAccessible(page, 'form editor with server errors')
    const shots = new URL('./screenshots/', import.meta.url).pathname
    await card.screenshot({ path: `${shots}console-form-editor.png` })
    await page.setViewportSize({ width: 360, height: 740 })
    await card.screenshot({ path: `${shots}console-form-editor-360.png` })
    await page.setViewportSize({ width: 1280, height: 800 })

    await options.fill('bus = Bus\na_pie = A pie\nbici = Bicicleta\notro = Otro')
    await editor.getByLabel(/Opción «Otra»/).selectOption('otro')
    await editor.getByRole('checkbox', { name: /^Dato sensible/ }).uncheck()
    await required.check()
    // Saving applies the question still open.
    await editor.getByRole('button', { name: 'Guardar el formulario' }).click()
    await card.getByText('Cambios guardados.').waitFor()
    const got = await api().call('GET', `/api/events/${slug}/forms/encuesta_jovenes`, { token })
    expect(got.json.settings.version).toBe(1)
    expect(got.json.settings.definition.questions).toEqual([
      { id: 'comentarios', type: 'long_text', label: 'Comentarios', required: false, sensitive: false },
      {
        id: 'transporte',
        type: 'single',
        label: '¿Cómo llega hoy a la casa de la juventud?',
        required: true,
        sensitive: false,
        options: [
          { value: 'bus', label: 'Bus', labelEn: 'Bus' },
          { value: 'a_pie', label: 'A pie', labelEn: 'On foot' },
          { value: 'bici', label: 'Bicicleta', labelEn: 'Bicycle' },
          { value: 'otro', label: 'Otro', labelEn: 'Other', other: true },
        ],
      },
    ])
  })

  it('saves the edited questions of a form with responses as a new version, and says so', async () => {
    const answered = await api().call('POST', `/api/events/${slug}/forms/encuesta_jovenes/responses`, {
      body: { answers: { transporte: 'otro:Mototaxi' }, deviceToken: unique('dispositivo-prueba') },
    })
    expect(answered.status).toBe(201)
    const card = page.getByRole('article', { name: /Encuesta de jóvenes/ })
    await card.getByRole('button', { name: 'Editar las preguntas' }).click()
    const editor = card.getByRole('region', { name: 'Editar las preguntas' })
    await editor.getByText(/ya tiene 1 respuesta: al guardar se creará la versión 2/).waitFor()
    await editor.getByRole('button', { name: 'Bajar: Comentarios' }).click()
    const [put] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'PUT'),
      editor.getByRole('button', { name: 'Guardar el formulario' }).click(),
    ])
    expect(await put.json()).toMatchObject({ versioned: true, form: { version: 2 } })
    await card.getByText(/se creó la versión 2 del formulario/).waitFor()
    const got = await api().call('GET', `/api/events/${slug}/forms/encuesta_jovenes`, { token })
    expect(got.json.settings.version).toBe(2)
    expect(got.json.settings.definition.questions.map((q: { id: string }) => q.id)).toEqual([
      'transporte',
      'comentarios',
    ])
  })

  it('keeps every setting of the evaluation questions opened and applied unchanged', async () => {
    const path = `/api/events/${slug}/forms/evaluacion`
    const before = (await api().call('GET', path, { token })).json.settings
    const card = page.getByRole('article', { name: /Encuesta de evaluación/ })
    await card.getByRole('button', { name: 'Editar las preguntas' }).click()
    const editor = card.getByRole('region', { name: 'Editar las preguntas' })
    for (const q of before.definition.questions as { label: string }[]) {
      await editor.getByRole('button', { name: `Editar: ${q.label}`, exact: true }).click()
      await editor.getByRole('button', { name: 'Aplicar' }).click()
    }
    await editor.getByRole('button', { name: 'Guardar el formulario' }).click()
    await card.getByText('Cambios guardados.').waitFor()
    const after = (await api().call('GET', path, { token })).json.settings
    expect(after.version).toBe(before.version)
    // English labels, "Otra", exclusive options, sensitive questions, help texts: all as they were.
    expect(after.definition).toEqual(before.definition)
  })

  it("says on a new commitment's form that its area is required, and where to add areas when there are none", async () => {
    await page.getByRole('link', { name: 'Compromisos' }).click()
    const area = page.getByLabel('Dependencia', { exact: true })
    await area.waitFor()
    expect(await area.evaluate((el) => el.hasAttribute('required'))).toBe(true)
    expect(await fieldDescription(area)).toBe(
      'Obligatoria, salvo que la pregunta de origen ya tenga una dependencia asignada.',
    )
    // Left without one, nothing is sent: the browser points at the field.
    await page.getByLabel('Compromiso', { exact: true }).fill('Un compromiso sin dependencia')
    const posts: string[] = []
    const watch = (r: { method(): string; url(): string }) => {
      if (r.method() === 'POST') posts.push(r.url())
    }
    page.on('request', watch)
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    await expect.poll(() => area.evaluate((el) => el === document.activeElement)).toBe(true)
    page.off('request', watch)
    expect(posts).toEqual([])
    await page.getByLabel('Compromiso', { exact: true }).fill('')
    // An event whose entity has no areas yet says where to add them.
    const bare = unique('sin-areas')
    const made = await api().call('POST', '/api/events', {
      token,
      body: eventBody(bare, { entity: { name: unique('Personería'), nit: freshNit().hyphen } }),
    })
    expect(made.status).toBe(201)
    await page.goto(`${server!.url}/console/eventos/${bare}/compromisos`)
    const none = page.getByLabel('Dependencia', { exact: true })
    await none.waitFor()
    expect(await fieldDescription(none)).toMatch(
      /^El evento aún no tiene dependencias: agréguelas en «Datos del evento»/,
    )
    await page.goto(`${server!.url}/console/eventos/${slug}/compromisos`)
    await page.getByLabel('Compromiso', { exact: true }).waitFor()
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
    // The month as people read it, as the report and the event page write it.
    expect(await row.innerText()).toContain('febrero de 2027')
    await row.getByRole('button', { name: /Editar/ }).click()
    await page.getByLabel('Estado').selectOption('en_ejecucion')
    await page.getByLabel('Avance (%)').fill('30')
    await page.getByRole('button', { name: 'Guardar', exact: true }).click()
    await expect.poll(() => row.innerText()).toContain('En ejecución')
    await expectAccessible(page, 'commitments')
  })

  it('records a dated follow-up of a commitment and refreshes its row', async () => {
    const row = page.getByRole('row', { name: /Publicar el cronograma/ })
    await row.getByRole('button', { name: /^Seguimiento \(0\)/ }).click()
    const panel = page.getByRole('region', { name: /^Seguimiento: Publicar el cronograma/ })
    await panel.getByText('Aún no hay seguimientos.').waitFor()
    // Focus moves to the panel's heading once it is drawn.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H3')
    // A follow-up records what happened: the date input stops at today in the event's zone (Bogotá)...
    const date = panel.getByLabel(/^Fecha/)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota' }).format(new Date())
    expect(await date.getAttribute('max')).toBe(today)
    // ...and the server refuses a later one, as it would from a browser with a wrong clock: its message
    // lands on the field, and nothing is stored.
    await date.evaluate((el) => el.removeAttribute('max'))
    const tomorrow = new Date(Date.parse(`${today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    await panel.getByLabel('Qué se hizo o qué cambió').fill('Se publicará el cronograma.')
    await date.fill(tomorrow)
    await panel.getByRole('button', { name: 'Registrar un seguimiento' }).click()
    await expect.poll(() => date.getAttribute('aria-invalid')).toBe('true')
    const described = (await date.getAttribute('aria-describedby')) ?? ''
    expect(await page.locator(`[id="${described}"]`).innerText()).toContain(
      `la fecha no puede ser posterior a hoy (${today})`,
    )
    expect(await panel.getByText('Aún no hay seguimientos.').isVisible()).toBe(true)

    const note = 'Se publicó el borrador del cronograma en la cartelera de la JAC.'
    await panel.getByLabel('Qué se hizo o qué cambió').fill(note)
    // The day of the event (4 December): a follow-up is dated neither before it nor after today.
    await date.fill('2026-12-04')
    await panel.getByLabel(/^Nuevo avance/).fill('60')
    await panel.getByRole('button', { name: 'Registrar un seguimiento' }).click()
    await panel
      .getByText('Seguimiento registrado. El compromiso queda así: En ejecución, 60 % de avance.')
      .waitFor()
    const item = panel.getByRole('listitem').filter({ hasText: 'cartelera de la JAC' })
    expect(await item.innerText()).toMatch(/4 de diciembre de 2026 · 60\s%/)
    await expect.poll(() => row.innerText()).toContain('60 %')
    expect(await row.innerText()).toContain('Seguimiento (1)')

    const list = await api().call('GET', `/api/events/${slug}/commitments`, { token })
    const saved = list.json.commitments.find((c: { description: string }) =>
      c.description.startsWith('Publicar el cronograma'),
    )
    expect(saved).toMatchObject({ progress: 60, status: 'en_ejecucion' })
    expect(saved.followUps).toEqual([
      expect.objectContaining({ date: '2026-12-04', note, progress: 60, status: null }),
    ])

    // Done: the status sets the progress to 100 %, and the row says both.
    await panel.getByLabel('Qué se hizo o qué cambió').fill('Cronograma definitivo publicado en la web.')
    await panel.getByLabel('Nuevo estado').selectOption('cumplido')
    await panel.getByRole('button', { name: 'Registrar un seguimiento' }).click()
    await panel
      .getByText('Seguimiento registrado. El compromiso queda así: Cumplido, 100 % de avance.')
      .waitFor()
    await expect.poll(() => row.innerText()).toMatch(/Cumplido\s+100 %/)
    expect(await panel.getByRole('listitem').count()).toBe(2)
    await expectAccessible(page, 'commitment follow-ups')
    await screenshot(page, 'console-follow-ups')
    await page.setViewportSize({ width: 360, height: 740 })
    await screenshot(page, 'console-follow-ups-360')
    await page.setViewportSize({ width: 1280, height: 800 })
    await panel.getByRole('button', { name: 'Cerrar el seguimiento' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`fu-open-${saved.id}`)
  })

  it('shows the commitments as labelled cards on a phone, without sideways scrolling', async () => {
    const more = await api().call('POST', `/api/events/${slug}/commitments`, {
      token,
      body: {
        description:
          'Instalar alumbrado público en el sendero peatonal entre la vereda El Salitre y el colegio',
        area: 'secretaria_de_obras_publicas',
        responsible: 'Secretaría de Obras Públicas, grupo de alumbrado',
        dueDate: '2027-06-30',
      },
    })
    expect(more.status).toBe(201)
    await page.reload()
    await page.setViewportSize({ width: 360, height: 740 })
    try {
      const row = page.getByRole('row', { name: /Instalar alumbrado público/ })
      await row.waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      // Nor inside the table's own scroller: each row is a card as wide as the screen.
      const wrap = page.locator('.table-wrap')
      const [inner, shown] = await wrap.evaluate((el) => [el.scrollWidth, el.clientWidth])
      expect(inner).toBeLessThanOrEqual(shown)
      // Each cell shows its column's name beside its value...
      const cell = row.getByRole('cell', { name: 'Secretaría de Obras Públicas, grupo de alumbrado' })
      expect(await cell.evaluate((el) => getComputedStyle(el, '::before').content)).toContain('Responsable')
      // ...and Chromium's own accessibility tree keeps the table: column headers (hidden only visually),
      // cells named by their content alone (the drawn label is not read twice).
      const cdp = await page.context().newCDPSession(page)
      const { nodes } = await cdp.send('Accessibility.getFullAXTree')
      await cdp.detach()
      const ax = nodes.filter((n) => !n.ignored).map((n) => `${n.role?.value}: ${n.name?.value ?? ''}`)
      expect(ax).toContain('table: ')
      expect(ax.filter((n) => n.startsWith('columnheader: '))).toHaveLength(8)
      expect(ax).toContain('columnheader: Responsable')
      expect(ax).toContain('cell: Secretaría de Obras Públicas, grupo de alumbrado')
      const open = row.getByRole('button', { name: /^Seguimiento \(0\): Instalar alumbrado/ })
      await expect.poll(() => open.isVisible()).toBe(true)
      await expectAccessible(page, 'commitments at 360 px')
      await screenshot(page, 'console-commitments-360')
      await open.click()
      await page.getByRole('region', { name: /^Seguimiento: Instalar alumbrado/ }).waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
      await page.getByRole('button', { name: 'Cerrar el seguimiento' }).click()
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 })
    }
  })

  it('keeps what was typed when another staff member changed the commitment, and saves it over theirs only where it was typed', async () => {
    const made = await api().call('POST', `/api/events/${slug}/commitments`, {
      token,
      body: { description: 'Reparar el salón comunal', area: 'despacho', dueMonth: '2027-03' },
    })
    const id = made.json.commitment.id
    await page.reload()
    const row = page.getByRole('row', { name: /Reparar el salón comunal/ })
    await row.getByRole('button', { name: /Editar/ }).click()
    const form = page.getByRole('form', { name: /^Editar: Reparar el salón comunal/ })
    await form.getByLabel('Responsable').fill('Junta de Acción Comunal')
    // Meanwhile, from another console: a new text and the work started.
    const other = await api().call('PATCH', `/api/commitments/${id}`, {
      token,
      body: { description: 'Reparar el techo del salón comunal', status: 'en_ejecucion', progress: 20 },
    })
    expect(other.status).toBe(200)
    await form.getByRole('button', { name: 'Guardar', exact: true }).click()
    const alert = form.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain('Otra persona del equipo cambió este compromiso')
    await expect.poll(() => alert.innerText()).toContain('El formulario muestra ahora su versión')
    expect(await form.getByLabel('Responsable').inputValue()).toBe('Junta de Acción Comunal')
    // The untouched fields now show the other's version, which nothing overwrote.
    expect(await form.getByLabel('Compromiso', { exact: true }).inputValue()).toBe(
      'Reparar el techo del salón comunal',
    )
    expect(await form.getByLabel('Estado').inputValue()).toBe('en_ejecucion')
    const kept = (await api().call('GET', `/api/commitments/${id}`, { token })).json.commitment
    expect(kept).toMatchObject({ description: 'Reparar el techo del salón comunal', responsible: null })
    await expectAccessible(page, 'commitment changed meanwhile')
    // Saving again applies this person's change on top of the other's.
    await form.getByRole('button', { name: 'Guardar', exact: true }).click()
    const now = page.getByRole('row', { name: /Reparar el techo del salón comunal/ })
    await expect.poll(() => now.innerText()).toContain('Junta de Acción Comunal')
    const saved = (await api().call('GET', `/api/commitments/${id}`, { token })).json.commitment
    expect(saved).toMatchObject({
      description: 'Reparar el techo del salón comunal',
      responsible: 'Junta de Acción Comunal',
      status: 'en_ejecucion',
      progress: 20,
    })
  })

  it("records a commitment from a question as the question's, and a fulfilled one at 100 %", async () => {
    const asked = await api().call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'peticion', text: '¿Cuándo abrirán el parque infantil?', anonymous: true },
    })
    expect(asked.status).toBe(201)
    await page.reload()
    const form = page.getByRole('form', { name: 'Nuevo compromiso' })
    const origin = form.getByLabel('Origen', { exact: true })
    expect(await origin.inputValue()).toBe('entidad')
    await form.getByLabel('Compromiso', { exact: true }).fill('Abrir el parque infantil')
    await form.getByLabel('Pregunta de origen').selectOption(asked.json.id)
    // The origin follows the question chosen...
    await expect.poll(() => origin.inputValue()).toBe('pregunta')
    await form.getByLabel('Dependencia').selectOption('despacho')
    await form.getByLabel(/O bien el mes/).fill('2026-11')
    // ...and the progress follows the status until one is typed.
    expect(await form.getByLabel('Avance (%)').inputValue()).toBe('')
    await form.getByLabel('Estado').selectOption('cumplido')
    expect(await form.getByLabel('Avance (%)').inputValue()).toBe('100')
    await expectAccessible(page, 'new commitment from a question')
    await form.getByRole('button', { name: 'Guardar', exact: true }).click()
    await page.getByRole('row', { name: /Abrir el parque infantil/ }).waitFor()
    // A choice of origin stands, whatever the question.
    await form.getByLabel('Compromiso', { exact: true }).fill('Señalizar el parque infantil')
    await form.getByLabel('Pregunta de origen').selectOption(asked.json.id)
    await form.getByLabel('Origen', { exact: true }).selectOption('observacion')
    await form.getByLabel('Dependencia').selectOption('despacho')
    await form.getByLabel('Estado').selectOption('en_ejecucion')
    await form.getByRole('button', { name: 'Guardar', exact: true }).click()
    await page.getByRole('row', { name: /Señalizar el parque infantil/ }).waitFor()
    const list = (await api().call('GET', `/api/events/${slug}/commitments`, { token })).json.commitments
    const find = (start: string) => list.find((c: { description: string }) => c.description.startsWith(start))
    expect(find('Abrir el parque')).toMatchObject({
      questionId: asked.json.id,
      origin: 'pregunta',
      status: 'cumplido',
      progress: 100,
    })
    expect(find('Señalizar el parque')).toMatchObject({
      origin: 'observacion',
      status: 'en_ejecucion',
      progress: 0,
    })
  })

  it('ends a long question cut short among the origins with «…», after a whole word', async () => {
    const text =
      'Solicito que la administración municipal publique el cronograma de mantenimiento de las vías terciarias del corregimiento La Esperanza'
    const asked = await api().call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'peticion', text, anonymous: true },
    })
    expect(asked.status).toBe(201)
    await page.reload()
    const form = page.getByRole('form', { name: 'Nuevo compromiso' })
    const option = form.getByLabel('Pregunta de origen').locator(`option[value="${asked.json.id}"]`)
    // Cut in the middle of a word and with nothing to say so, it read as the whole question.
    expect(await option.textContent()).toBe(
      `${asked.json.radicado} — Solicito que la administración municipal publique el cronograma de…`,
    )
  })

  it("fills Ecuador's work plan from the form: the citizens' observation and contribution", async () => {
    // Colombian events do not use them: the form leaves them out.
    const here = page.getByRole('form', { name: 'Nuevo compromiso' })
    await here.waitFor()
    expect(await here.getByLabel('Observación ciudadana').count()).toBe(0)
    const ec = unique('gad')
    const made = await api().call('POST', '/api/events', {
      token,
      body: eventBody(ec, {
        country: 'EC',
        entity: { name: 'GAD Parroquial de Prueba', nit: '1768000000001', radicadoPrefix: 'GPP' },
        areas: [{ key: 'obras', name: 'Dirección de Obras' }],
      }),
    })
    expect(made.status).toBe(201)
    await page.goto(`${server!.url}/console/eventos/${ec}/compromisos`)
    const form = page.getByRole('form', { name: 'Nuevo compromiso' })
    await form.getByLabel('Compromiso', { exact: true }).fill('Construir dos canchas')
    await form.getByLabel('Dependencia').selectOption('obras')
    await form.getByLabel('Eje temático').fill('Deporte')
    await form.getByLabel('Origen', { exact: true }).selectOption('observacion')
    await form.getByRole('group', { name: /Plan de trabajo/ }).waitFor()
    await form.getByLabel('Observación ciudadana').fill('No hay canchas en la parroquia')
    await form.getByLabel('Aporte ciudadano').fill('La comunidad dona el terreno')
    await expectAccessible(page, 'commitment form of an Ecuadorian event')
    await form.getByRole('button', { name: 'Guardar', exact: true }).click()
    const row = page.getByRole('row', { name: /Construir dos canchas/ })
    await row.waitFor()
    // Editing shows them, and a change to one is saved.
    await row.getByRole('button', { name: /Editar/ }).click()
    const edit = page.getByRole('form', { name: /^Editar: Construir dos canchas/ })
    expect(await edit.getByLabel('Observación ciudadana').inputValue()).toBe('No hay canchas en la parroquia')
    await edit.getByLabel('Aporte ciudadano').fill('La comunidad dona el terreno y la mano de obra')
    await edit.getByRole('button', { name: 'Guardar', exact: true }).click()
    await edit.waitFor({ state: 'detached' })
    const plan = (await api().call('GET', `/api/events/${ec}/commitments?view=plan`, { token })).json.plan
    expect(plan[0]).toMatchObject({
      axis: 'Deporte',
      observaciones: ['No hay canchas en la parroquia'],
      aportes: ['La comunidad dona el terreno y la mano de obra'],
      acuerdos: ['Construir dos canchas'],
    })
    await page.goto(`${server!.url}/console/eventos/${slug}/compromisos`)
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
    // A CSV for an Excel in English: commas between the fields (and a decimal point, spreadsheet.ts).
    const content = async (name: RegExp) => {
      const button = page.getByRole('button', { name })
      // Now and then headless Chromium starts no download for the second of two report files in a row,
      // though the console fetched it (200) and clicked its link ("Descarga lista."): pressed once more.
      const download = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), button.click()])
        .then(([d]) => d)
        .catch(async () => (await Promise.all([page.waitForEvent('download'), button.click()]))[0])
      return readFileSync((await download.path())!, 'utf8')
    }
    expect(await content(/Estadísticas de la encuesta · CSV/)).toMatch(/^\ufeffEstadísticas;Pregunta;Opción;/)
    await page.getByLabel('Coma y punto decimal (Excel en inglés)').check()
    expect(await content(/Estadísticas de la encuesta · CSV/)).toMatch(/^\ufeffEstadísticas,Pregunta,Opción,/)
    expect(await content(/Asistencia · CSV/)).not.toMatch(/;/)
    // Each person's answers, one row each, for every form of the event.
    expect(await content(/^Respuestas de cada persona · Encuesta de evaluación.* · CSV$/)).toMatch(
      /^\ufeffRespuesta,Versión,Fecha,Género,/,
    )
    const forms = (await api().call('GET', `/api/events/${slug}/forms`, { token })).json.forms
    // A form added to the event has its statistics too.
    const youth = forms.find((f: { key: string }) => f.key === 'encuesta_jovenes')
    expect(await content(new RegExp(`^Estadísticas: ${youth.title} · CSV$`))).toMatch(
      /^\ufeffEstadísticas,Pregunta,/,
    )
    expect(await page.getByRole('button', { name: /^Respuestas de cada persona · .* · Excel/ }).count()).toBe(
      forms.length,
    )
    expect(await content(/Informe de rendición de cuentas · CSV/)).toMatch(/^\ufeff[^;\r\n]+,[^;\r\n]+,/)
    // The copy the entity would publish, seen before publishing it, and where it is once published.
    await page.getByText('La copia pública aún no está publicada').waitFor()
    await page.getByLabel(/^Pública: sin datos personales/).check()
    expect(JSON.parse(await content(/Informe de rendición de cuentas · JSON/)).audience).toBe('public')
    await page.getByLabel('Completa, para la entidad').check()
    expect(JSON.parse(await content(/Informe de rendición de cuentas · JSON/)).audience).toBe('staff')
    expect(
      (await api().call('PATCH', `/api/events/${slug}`, { token, body: { reportPublished: true } })).status,
    ).toBe(200)
    await page.reload()
    const published = page.getByRole('link', {
      name: `${server!.url}/api/events/${slug}/report/public?format=html&lang=es`,
    })
    await published.waitFor()
    expect(
      await page.request
        .get(
          `${server!.url}${new URL((await published.getAttribute('href'))!, server!.url).pathname}?format=html`,
        )
        .then((r) => r.status()),
    ).toBe(200)
    await expectAccessible(page, 'exports with the public copy')
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

  it('records a rest day by decree in the calendar, shows the terms it moved, and takes it back', async () => {
    const admin = await laptop(browser)
    try {
      await admin.goto(`${server!.url}/console`)
      await admin.getByLabel('Correo electrónico').fill(CONTRACT_ADMIN.email)
      await admin.getByLabel('Contraseña').fill(CONTRACT_ADMIN.password)
      await admin.getByRole('button', { name: 'Ingresar' }).click()
      const year = new Date().getFullYear()
      // An Ecuadorian question whose term runs over the day recorded below.
      const ev = unique('calendario')
      await api().call('POST', '/api/events', {
        token,
        body: {
          slug: ev,
          title: 'Diálogo con la parroquia',
          // A public entity's 13-digit RUC no other test has, and what the privacy notice names.
          entity: {
            name: 'GAD de Calendario',
            nit: `176${String(Date.now() % 1e7).padStart(7, '0')}001`,
            address: 'Parroquia de Calendario',
            email: 'gad@calendario.gob.ec',
          },
          startsAt: '2026-12-01T15:00:00Z',
          modality: 'virtual',
          country: 'EC',
          status: 'open',
        },
      })
      const q = await api().call('POST', `/api/events/${ev}/questions`, {
        body: { type: 'peticion', text: '¿Cuándo arreglan el puente?', anonymous: true },
      })
      await admin.getByRole('link', { name: 'Calendario' }).click()
      await admin.getByRole('heading', { name: 'Calendario de términos' }).waitFor()
      // The examples are those of the country shown: a Colombian law, then an Ecuadorian decree and canton.
      const source = admin.getByLabel(/Acto que lo decide/)
      const scope = admin.getByLabel('Alcance')
      expect(await admin.getByLabel('País').inputValue()).toBe('CO')
      expect(await fieldDescription(source)).toBe('P. ej. Ley 2578 de 2026')
      expect(await fieldDescription(scope)).toContain('un día cívico que decreta la alcaldía')
      expect(await fieldDescription(scope)).not.toContain('cantón')
      await admin.getByLabel('País').selectOption('EC')
      await admin.getByRole('heading', { name: `Feriados de ${year}` }).waitFor()
      await expect.poll(() => fieldDescription(source)).toBe('P. ej. Decreto Ejecutivo 249 de 17-XII-2025')
      expect(await fieldDescription(scope)).toContain('la fundación del cantón')
      await expectAccessible(admin, 'calendar')
      const known = new Set<string>()
      for (const y of [year, year + 1])
        for (const h of (await api().call('GET', `/api/calendar/EC/${y}`, { token })).json.holidays)
          known.add(h.date)
      const next = (ymd: string) =>
        new Date(Date.parse(`${ymd}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
      const off = (ymd: string) => [0, 6].includes(new Date(`${ymd}T12:00:00Z`).getUTCDay()) || known.has(ymd)
      let day = next(next(new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10)))
      while (off(day)) day = next(day)

      await admin.getByLabel('Fecha', { exact: true }).fill(day)
      await admin.getByLabel(/Acto que lo decide/).fill('Decreto Ejecutivo de prueba')
      await admin.getByRole('button', { name: 'Registrar', exact: true }).click()
      await admin.getByText(/^Día registrado/).waitFor()
      await admin.getByText(`${q.json.radicado}:`, { exact: false }).waitFor()
      const row = admin.getByRole('row', { name: /Decreto Ejecutivo de prueba/ }).last()
      await expect.poll(() => row.innerText()).toContain('Día de descanso')
      const moved = await api().call('GET', `/api/pqrsd/${q.json.radicado}`)
      expect(moved.json.pqrsd.dueDate > q.json.dueDate).toBe(true)
      await expectAccessible(admin, 'calendar with a recorded day')
      await screenshot(admin, 'console-calendar')

      // Taking it back moves due dates again: asked first, "No" focused, so an Enter by habit keeps it.
      await row.getByRole('button', { name: /^Quitar el / }).click()
      const ask = row.getByRole('group', {
        name: /^¿Quitar el .*Los vencimientos que aún corren se recalculan/,
      })
      await ask.waitFor()
      await expect.poll(() => admin.evaluate(() => document.activeElement?.textContent)).toBe('No, dejarlo')
      await admin.keyboard.press('Enter')
      await row.getByRole('button', { name: /^Quitar el / }).waitFor()
      expect((await api().call('GET', `/api/pqrsd/${q.json.radicado}`)).json.pqrsd.dueDate).toBe(
        moved.json.pqrsd.dueDate,
      )
      await row.getByRole('button', { name: /^Quitar el / }).click()
      await ask.getByRole('button', { name: 'Sí, quitarlo' }).click()
      await admin.getByText(/^Día quitado/).waitFor()
      // The row with the button is gone: focus is on the list's heading, not lost to the page.
      await expect
        .poll(() => admin.evaluate(() => document.activeElement?.textContent))
        .toBe('Días registrados por decreto')
      expect((await api().call('GET', `/api/pqrsd/${q.json.radicado}`)).json.pqrsd.dueDate).toBe(
        q.json.dueDate,
      )
      expect((await api().call('GET', `/api/calendar/EC/${day.slice(0, 4)}`, { token })).json.days).toEqual(
        [],
      )

      // The same day as the entity's own holiday: its terms alone move.
      await admin.getByLabel('Alcance').selectOption({ label: 'GAD de Calendario' })
      await admin.getByLabel('Fecha', { exact: true }).fill(day)
      await admin.getByLabel(/Acto que lo decide/).fill('Fundación de la parroquia')
      await admin.getByRole('button', { name: 'Registrar', exact: true }).click()
      await admin.getByText(`${q.json.radicado}:`, { exact: false }).waitFor()
      const local = admin.getByRole('row', { name: /Fundación de la parroquia/ }).last()
      await expect.poll(() => local.innerText()).toContain('GAD de Calendario')
      expect((await api().call('GET', `/api/pqrsd/${q.json.radicado}`)).json.pqrsd.dueDate).toBe(
        moved.json.pqrsd.dueDate,
      )
      await local.getByRole('button', { name: /^Quitar el / }).click()
      await local.getByRole('button', { name: 'Sí, quitarlo' }).click()
      await admin.getByText(/^Día quitado/).waitFor()
      expect((await api().call('GET', `/api/pqrsd/${q.json.radicado}`)).json.pqrsd.dueDate).toBe(
        q.json.dueDate,
      )
    } finally {
      await admin.close()
    }
  })
})
