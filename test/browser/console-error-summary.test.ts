import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { client, unique } from '../contract/client'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, fieldState, laptop, launch, openEvent, screenshot, signIn } from './chromium'

const server = inject('browserServer')

/** The element that has the focus: its id, its tag, and a link's href. */
const focus = (page: Page) =>
  page.evaluate(() => ({
    id: document.activeElement?.id ?? '',
    tag: document.activeElement?.tagName ?? '',
    href: document.activeElement?.getAttribute('href') ?? '',
  }))

describe.skipIf(!server)("the console's error summaries", () => {
  let browser: Browser
  let page: Page
  const api = () => client(server!.url)

  beforeAll(async () => {
    browser = await launch()
    page = await laptop(browser)
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
  })
  afterAll(async () => browser?.close())

  /** The summary of the refused form: it has the focus, under its heading; its links, by their text. */
  async function summary(scope: Page | Locator) {
    const box = scope.getByRole('alert').filter({ hasText: 'Hay un problema' })
    await box.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert')
    expect(await box.getByRole('heading', { name: 'Hay un problema' }).count()).toBe(1)
    return box
  }

  it("takes the person from a server's refusal to each field it names, by keyboard, without leaving the page", async () => {
    await page.goto(`${server!.url}/console/eventos/nuevo`)
    await page.getByRole('heading', { name: 'Nuevo evento' }).waitFor()
    await page.getByLabel('Título').fill('Diálogo ciudadano 2026 — Comuna 7')
    await page.getByLabel(/Dirección corta/).fill('Comuna 7')
    await page.getByLabel('Entidad', { exact: true }).fill('Alcaldía de Ejemplo')
    await page.getByLabel(/Fecha y hora de inicio/).fill('2026-12-05T09:30')
    await page.getByLabel(/Dependencias/).fill('despacho = Despacho\n\n= Secretaría de Obras')
    await page.getByRole('button', { name: 'Crear el evento' }).click()
    const box = await summary(page)
    // At the top of the form, above its first field.
    const above = await page.evaluate(() => {
      const alert = document.querySelector('[role=alert]')!
      const first = document.getElementById('ev-country')!
      return Boolean(alert.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)
    })
    expect(above).toBe(true)
    const slugLink = box.getByRole('link', { name: /^Dirección corta: Use minúsculas/ })
    const areasLink = box.getByRole('link', { name: /^Dependencias, línea 3: / })
    expect(await slugLink.getAttribute('href')).toBe('#ev-slug')
    expect(await areasLink.getAttribute('href')).toBe('#ev-areas')

    // Tab from the summary reaches its first link; Enter on it moves the focus to its field.
    await page.keyboard.press('Tab')
    const first = await focus(page)
    expect(first.tag).toBe('A')
    await page.keyboard.press('Enter')
    await expect.poll(() => focus(page).then((f) => `#${f.id}`)).toBe(first.href)

    await areasLink.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focus(page).then((f) => f.id)).toBe('ev-areas')
    const areas = page.getByLabel(/Dependencias/)
    expect(await areas.evaluate((el) => el.getBoundingClientRect().top >= 0)).toBe(true)
    await slugLink.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focus(page).then((f) => f.id)).toBe('ev-slug')

    // Each field says it is invalid and is described by its own message.
    const slugField = await fieldState(page.getByLabel(/Dirección corta/))
    expect(slugField).toMatchObject({ focused: true, invalid: 'true' })
    expect(slugField.described).toContain('Use minúsculas, números y guiones')
    expect((await fieldState(areas)).invalid).toBe('true')
    // The router saw no navigation: same address, no fragment, and what was typed is still there.
    expect(new URL(page.url()).pathname).toBe('/console/eventos/nuevo')
    expect(new URL(page.url()).hash).toBe('')
    expect(await areas.inputValue()).toBe('despacho = Despacho\n\n= Secretaría de Obras')
    await expectAccessible(page, 'the error summary of a new event')
    await page.evaluate(() => scrollTo(0, 0))
    await screenshot(page, 'console-error-summary')
  })

  it("links the page's own refusal, made before anything is sent, to its field", async () => {
    const { slug } = await openEvent(server!.url)
    await page.goto(`${server!.url}/console/eventos/${slug}/datos`)
    const views = page.getByLabel('Reproducciones')
    await views.fill('1,5')
    await page.getByRole('button', { name: 'Guardar' }).click()
    const box = await summary(page)
    const link = box.getByRole('link', { name: /^Reproducciones: Escriba un número entero/ })
    await link.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focus(page).then((f) => f.id)).toBe('ev-views')
    expect(await fieldState(views)).toMatchObject({ focused: true, invalid: 'true' })
    expect(new URL(page.url()).pathname).toBe(`/console/eventos/${slug}/datos`)
    await expectAccessible(page, "the error summary of the page's own check")
    // A retention period the number field cannot read ("1e") is refused here, not sent as a cleared one.
    await views.fill('')
    const kept = page.getByLabel(/^Plazo de conservación/)
    await kept.fill('')
    await kept.pressSequentially('1e')
    await page.getByRole('button', { name: 'Guardar' }).click()
    const again = await summary(page)
    await again.getByRole('link', { name: /^Plazo de conservación: Escriba un número entero/ }).waitFor()
  })

  it('takes a refusal of a group to its invalid control, and an error the server gives by code to its field', async () => {
    const taken = `${unique('moderadora')}@example.org`
    const token = await api().login()
    const made = await api().call('POST', '/api/users', {
      token,
      body: { email: taken, password: 'primera frase 2026', role: 'moderator', name: 'Moderadora' },
    })
    expect(made.status).toBe(201)
    await page.goto(`${server!.url}/console/personal`)
    await page.getByRole('button', { name: 'Crear una cuenta' }).click()
    const form = page.getByRole('region', { name: 'Nueva cuenta' })
    await form.getByLabel('Correo electrónico').fill(`${unique('otra')}@example.org`)
    // A typed password the server finds weak: its summary links to the password group.
    await form.getByRole('radio', { name: 'Escribirla' }).check()
    const typed = form.getByLabel('Contraseña', { exact: true })
    await typed.fill('Password2026!')
    await form.getByRole('button', { name: 'Crear la cuenta' }).click()
    let box = await summary(form)
    const group = box.getByRole('link', { name: /^Contraseña: / })
    expect(await group.getAttribute('href')).toBe('#new-user-password')
    await group.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => fieldState(typed)).toMatchObject({ focused: true, invalid: 'true' })

    // An e-mail another account has: a refusal by code, listed and linked as the e-mail field's.
    await form.getByLabel('Correo electrónico').fill(taken)
    await typed.fill('segunda frase de clave 7')
    await form.getByRole('button', { name: 'Crear la cuenta' }).click()
    box = await summary(form)
    const email = box.getByRole('link', { name: /^Correo electrónico: / })
    await email.focus()
    await page.keyboard.press('Enter')
    const field = await fieldState(form.getByLabel('Correo electrónico'))
    expect(field).toMatchObject({ focused: true, invalid: 'true' })
    expect(field.described).toBe(await email.innerText().then((t) => t.replace(/^Correo electrónico: /, '')))
    await expectAccessible(page, 'the error summary of a new account')
  })

  it('takes a stream link typed without https:// as its address, and says what the API refuses in the summary, not in a bubble', async () => {
    const { slug, api: events, token } = await openEvent(server!.url)
    await page.goto(`${server!.url}/console/eventos/${slug}/datos`)
    const link = page.getByLabel('Enlace de la transmisión')
    await link.fill('youtube.com/live/rdc2026-comuna7')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await page.getByText('Cambios guardados.').waitFor()
    expect(await link.inputValue()).toBe('https://youtube.com/live/rdc2026-comuna7')
    const stored = await events.call('GET', `/api/events/${slug}`)
    expect(stored.json.event.streamUrl).toBe('https://youtube.com/live/rdc2026-comuna7')

    // A scheme mistyped is not guessed at: the API refuses it, and the form's summary says so.
    await link.fill('https//youtube.com/live/x')
    await page.getByRole('button', { name: 'Guardar' }).click()
    const box = await summary(page)
    const named = box.getByRole('link', {
      name: /^Enlace de la transmisión: Escriba una dirección web completa/,
    })
    await named.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focus(page).then((f) => f.id)).toBe('ev-streamUrl')
    expect(await fieldState(link)).toMatchObject({ focused: true, invalid: 'true' })
    expect((await events.call('GET', `/api/events/${slug}`)).json.event.streamUrl).toBe(
      'https://youtube.com/live/rdc2026-comuna7',
    )

    // The entity's e-mail, on the same page: mistyped, or emptied (the API clears none of its data).
    const entity = page.getByRole('region', { name: /^Datos de la entidad/ })
    const email = entity.getByLabel('Correo para ejercer los derechos sobre los datos')
    await email.fill('datos@sde')
    await entity.getByRole('button', { name: 'Actualizar los datos de la entidad' }).click()
    await (await summary(entity)).getByRole('link', { name: /Escriba un correo válido/ }).waitFor()
    await email.fill('')
    await entity.getByRole('button', { name: 'Actualizar los datos de la entidad' }).click()
    await (await summary(entity)).getByRole('link', { name: /no se puede dejar vacío/ }).waitFor()
    expect((await events.call('GET', `/api/events/${slug}`, { token })).json.event.entity.email).toBe(
      'datos@sde.gov.co',
    )

    // A new event's entity e-mail mistyped: the same summary, not the browser's check.
    await page.goto(`${server!.url}/console/eventos/nuevo`)
    await page.getByLabel('Título').fill('Diálogo ciudadano 2026 — Comuna 8')
    await page.getByLabel('Entidad', { exact: true }).fill(unique('Alcaldía Local'))
    await page
      .getByLabel(/Correo/)
      .first()
      .fill('datos@')
    await page.getByLabel(/Fecha y hora de inicio/).fill('2026-12-05T09:30')
    await page.getByRole('button', { name: 'Crear el evento' }).click()
    const created = await summary(page)
    await created.getByRole('link', { name: /Escriba un correo válido/ }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/console/eventos/nuevo')
  })

  it('says a mistyped e-mail at sign-in in its own message, naming the field, not in a bubble', async () => {
    const other = await laptop(browser)
    await other.goto(`${server!.url}/console`)
    await other.getByLabel('Correo electrónico').fill('admin@')
    await other.getByLabel('Contraseña').fill('una clave')
    await other.getByRole('button', { name: 'Ingresar' }).click()
    const alert = other.locator('#login-error')
    await expect.poll(() => alert.innerText()).toMatch(/^Correo electrónico: Escriba un correo válido/)
    await other.context().close()
  })
})
