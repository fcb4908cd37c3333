import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, openEvent, phone, signIn } from './chromium'

const server = inject('browserServer')
type OpenEvent = Awaited<ReturnType<typeof openEvent>>
type Row = { name: string; source: string; checkedInAt: string | null; consent: Record<string, unknown> }

const CONSENT = 'La persona escuchó o leyó el aviso y autorizó aquí, en persona, el tratamiento de sus datos.'

describe.skipIf(!server)('registering a walk-in at the door, on a phone', () => {
  let browser: Browser
  let page: Page
  let event: OpenEvent
  const door = () => `${server!.url}/console/eventos/${event.slug}/ingreso`
  const result = () => page.locator('.door-result')
  const form = () => page.getByRole('form', { name: 'Registro en la puerta' })
  /** The event's registrations with that document, as staff's attendance list gives them. */
  const rows = async (document: string) =>
    (
      await event.api.call('GET', `/api/events/${event.slug}/attendance?q=${document}`, {
        token: event.token,
      })
    ).json.attendees as Row[]
  const openForm = async () => {
    await page.getByRole('button', { name: 'Registrar a quien llega sin inscripción' }).click()
    await form().waitFor()
  }
  const fill = async (name: string, document: string) => {
    await form().getByLabel('Nombre completo').fill(name)
    await form().getByLabel('Tipo de documento').selectOption('CC')
    await form().getByLabel('Número de documento').fill(document)
    await form().getByLabel(CONSENT).check()
  }
  const send = () => form().getByRole('button', { name: 'Registrar e ingresar' }).click()

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
    page = await phone(browser)
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
    await page.goto(door())
    await page.getByLabel('Código de ingreso o documento').waitFor()
  })
  afterAll(async () => browser?.close())

  it('registers a person who arrives unregistered and checks them in, with the consent given in person', async () => {
    await openForm()
    // Focus on the form's heading; the notice is there to be read out, above the consent's box.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('walkin-h')
    await form().getByText('Aviso de privacidad y autorización de tratamiento de datos').waitFor()
    await form()
      .getByText(/^Responsable del tratamiento: Secretaría de Desarrollo Económico/)
      .waitFor()

    // Nothing typed: the summary says what is missing, takes the focus, and no one is registered.
    await send()
    const problems = form().getByRole('alert')
    await problems.getByText('Revise los datos marcados: no se ha registrado a nadie.').waitFor()
    await problems.getByRole('link', { name: /^Nombre completo:/ }).waitFor()
    await problems.getByRole('link', { name: /^La persona escuchó o leyó el aviso/ }).waitFor()
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('problems')))
      .toBe(true)
    await expectAccessible(page, 'a walk-in form refused on the device')
    await problems.getByRole('link', { name: /^Nombre completo:/ }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('wi-name')

    await fill('Gilberto Arango', '8123456')
    await form().getByRole('group', { name: 'Rango de edad' }).getByLabel('60 o más').check()
    await send()
    await result().getByText('Registro e ingreso hechos: Gilberto Arango.').waitFor()
    await result()
      .getByText(/^CC 8123456 · Código [A-Z0-9]{6}$/)
      .waitFor()
    await result().getByRole('button', { name: 'Deshacer este ingreso' }).waitFor()
    // The form folds away for the next person; focus is back at the door's field.
    expect(await form().count()).toBe(0)
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('checkin-code')
    // Nothing runs off the phone's screen sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectAccessible(page, 'a walk-in registered')

    const [row] = await rows('8123456')
    expect(row).toMatchObject({ name: 'Gilberto Arango', source: 'staff', checkedInAt: expect.any(String) })
    expect(row.consent).toMatchObject({ given: 'in_person', receivedBy: expect.stringMatching(/^user:/) })
  })

  it("shows, to a holder's request, that the consent was given in person at the door", async () => {
    await page.goto(`${server!.url}/console/titulares`)
    await page.getByLabel('Número de documento').fill('8123456')
    await page.getByRole('button', { name: 'Buscar', exact: true }).click()
    const card = page.getByRole('article', { name: /Rendición de cuentas 2026/ })
    await card.getByText(/, dada en persona en la puerta del evento$/).waitFor()
    await page.goto(door())
    await page.getByLabel('Código de ingreso o documento').waitFor()
  })

  it('checks in, without registering again, a person registered before with the same document', async () => {
    const first = await event.api.call('POST', `/api/events/${event.slug}/attendance`, {
      body: { name: 'Luz Dary Cardona', documentType: 'CC', documentNumber: '43222111', consent: true },
    })
    expect(first.status).toBe(201)
    await openForm()
    await fill('Luz Dary Cardona Ríos', '43.222.111')
    await send()
    await result()
      .getByText('Luz Dary Cardona ya tenía registro: ingreso registrado, sin registrarlo de nuevo.')
      .waitFor()
    const found = await rows('43222111')
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({
      name: 'Luz Dary Cardona',
      source: 'form',
      checkedInAt: expect.any(String),
    })

    // Once more: she is inside already, and the door says since when.
    await openForm()
    await fill('Luz Dary Cardona', '43222111')
    await send()
    await result()
      .getByText('Luz Dary Cardona ya tenía registro y ya había ingresado: no se registró de nuevo.')
      .waitFor()
    await result()
      .getByText(/^Su ingreso se registró a las/)
      .waitFor()
    expect(await rows('43222111')).toHaveLength(1)
  })

  it('keeps what was typed when the answer is lost, and a retry registers the person once', async () => {
    await openForm()
    await fill('Aníbal Zapata', '70111999')
    // The registration reaches the server, and the signal drops before its answer reaches the door.
    await page.route(
      '**/walk-ins',
      async (route) => {
        await route.fetch()
        await route.abort('internetdisconnected')
      },
      { times: 1 },
    )
    await send()
    await form()
      .getByRole('alert')
      .getByText(/^No hubo respuesta del servidor/)
      .waitFor()
    expect(await form().getByLabel('Nombre completo').inputValue()).toBe('Aníbal Zapata')
    expect(await form().getByLabel(CONSENT).isChecked()).toBe(true)
    expect(await rows('70111999')).toHaveLength(1)

    await send()
    await result().getByText('Registro e ingreso hechos: Aníbal Zapata.').waitFor()
    const found = await rows('70111999')
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ source: 'staff', checkedInAt: expect.any(String) })
  })

  it('keeps what was typed through a session that ends, for after signing in again', async () => {
    await openForm()
    await form().getByLabel('Nombre completo').fill('Rubiela Ospina')
    await form().getByLabel('Tipo de documento').selectOption('CC')
    await form().getByLabel('Número de documento').fill('24555666')
    // The session ends on the server: the next request is refused, and the sign-in comes back.
    await page.route(
      '**/walk-ins',
      (route) =>
        route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'UNAUTHORIZED', message: 'Inicie sesión.', requestId: 'x' },
          }),
        }),
      { times: 1 },
    )
    await form().getByLabel(CONSENT).check()
    await send()
    await page.getByLabel('Contraseña').waitFor()
    await page.getByLabel('Correo electrónico').fill(CONTRACT_ADMIN.email)
    await page.getByLabel('Contraseña').fill(CONTRACT_ADMIN.password)
    await page.getByRole('button', { name: 'Ingresar' }).click()
    // Back on the door's page, with the form open as it was left.
    await form().waitFor()
    expect(await form().getByLabel('Nombre completo').inputValue()).toBe('Rubiela Ospina')
    expect(await form().getByLabel('Número de documento').inputValue()).toBe('24555666')
    expect(await rows('24555666')).toHaveLength(0)
    await send()
    await result().getByText('Registro e ingreso hechos: Rubiela Ospina.').waitFor()
    expect(await rows('24555666')).toHaveLength(1)
  })

  it('says why a closed event refuses, registers no one, and keeps what was typed', async () => {
    const closed = await event.api.call('PATCH', `/api/events/${event.slug}`, {
      token: event.token,
      body: { status: 'closed' },
    })
    expect(closed.status).toBe(200)
    await openForm()
    await fill('Otoniel Berrío', '15888777')
    await send()
    await form()
      .getByRole('alert')
      .getByText(/^El evento está cerrado: su asistencia es la del informe y ya no cambia\./)
      .waitFor()
    expect(await form().getByLabel('Nombre completo').inputValue()).toBe('Otoniel Berrío')
    expect(await rows('15888777')).toHaveLength(0)
    await expectAccessible(page, 'a walk-in refused by a closed event')
  })
})

describe.skipIf(!server)('registering a walk-in at an Ecuadorian event, on a laptop', () => {
  let browser: Browser
  let page: Page
  let event: OpenEvent

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url, {
      country: 'EC',
      timezone: 'America/Guayaquil',
      modality: 'presencial',
      entity: { name: 'GAD Municipal de Cantón Prueba', nit: '1760001550001' },
    })
    page = await laptop(browser)
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
    await page.goto(`${server!.url}/console/eventos/${event.slug}/ingreso`)
  })
  afterAll(async () => browser?.close())

  it("offers the event's own form, Ecuador's documents and territory, and checks the cédula before sending", async () => {
    await page.getByRole('button', { name: 'Registrar a quien llega sin inscripción' }).click()
    const form = page.getByRole('form', { name: 'Registro en la puerta' })
    await form.getByLabel('Parroquia, barrio o comunidad donde vive').waitFor()
    // No autofill of the staff member's own details into the person's.
    expect(await form.getByLabel('Nombre completo').getAttribute('autocomplete')).toBe('off')
    await form.getByLabel('Nombre completo').fill('Rosa Elvira Chicaiza')
    await form.getByLabel('Tipo de documento').selectOption('CI')
    await form.getByLabel('Número de documento').fill('1710034064')
    await form.getByLabel(CONSENT).check()
    await form.getByRole('button', { name: 'Registrar e ingresar' }).click()
    await form
      .getByRole('alert')
      .getByText(/^Número de documento: Revise el número: una cédula de Ecuador tiene 10 dígitos/)
      .waitFor()
    await form.getByLabel('Número de documento').fill('1710034065')
    await form.getByRole('button', { name: 'Registrar e ingresar' }).click()
    await page.locator('.door-result').getByText('Registro e ingreso hechos: Rosa Elvira Chicaiza.').waitFor()
    await page
      .locator('.door-result')
      .getByText(/^CI 1710034065 · Código/)
      .waitFor()
    await expectAccessible(page, 'a walk-in registered on a laptop')
  })
})
