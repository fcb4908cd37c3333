import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { client, unique } from '../contract/client'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, fieldState, laptop, launch, openEvent, screenshot, signIn } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)("the console's staff accounts", () => {
  let browser: Browser
  let page: Page
  let moderator: Page
  let token: string
  // Two entities of their own: the browser suite's server keeps its database between files.
  const nameA = unique('Alcaldía de Arriba')
  const nameB = unique('Alcaldía de Abajo')
  const titleA = 'Diálogo de la Alcaldía de Arriba'
  const titleB = 'Diálogo de la Alcaldía de Abajo'
  const email = `${unique('moderadora')}@example.org`
  const who = 'Moderadora de Arriba'
  let password = ''
  const api = () => client(server!.url)
  const focused = () => page.evaluate(() => document.activeElement?.textContent)
  const row = () => page.getByRole('row', { name: new RegExp(who) })
  const eventsListed = (p: Page) =>
    p.locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({
        title: r.querySelector('th')!.textContent,
        entity: r.querySelector('td')!.textContent,
      })),
    )

  beforeAll(async () => {
    browser = await launch()
    token = await api().login()
    await openEvent(server!.url, { title: titleA, entity: { name: nameA } })
    await openEvent(server!.url, { title: titleB, entity: { name: nameB } })
    page = await laptop(browser)
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
  })
  afterAll(async () => browser?.close())

  it('creates a moderator limited to one entity, names a weak password at its field, and shows the password once', async () => {
    await page.getByRole('link', { name: 'Personal' }).click()
    await page.getByRole('heading', { name: 'Personal', level: 1 }).waitFor()
    await expectAccessible(page, 'staff accounts list')
    await page.getByRole('button', { name: 'Crear una cuenta' }).click()
    await expect.poll(focused).toBe('Nueva cuenta')
    const form = page.getByRole('region', { name: 'Nueva cuenta' })
    await form.getByLabel('Correo electrónico').fill(email)
    await form.getByLabel('Nombre').fill(who)
    expect(await form.getByLabel('Rol', { exact: true }).inputValue()).toBe('moderator')
    await form.getByRole('radio', { name: 'Solo las entidades marcadas' }).check()
    await form.getByRole('checkbox', { name: nameA }).check()

    // A typed password the server finds weak is named at its field, in Spanish.
    await form.getByRole('radio', { name: 'Escribirla' }).check()
    const typed = form.getByLabel('Contraseña', { exact: true })
    await typed.fill('Password2026!')
    await form.getByRole('button', { name: 'Crear la cuenta' }).click()
    await expect.poll(() => fieldState(typed)).toMatchObject({ invalid: 'true' })
    expect((await fieldState(typed)).described).toContain('fácil de adivinar')
    await expectAccessible(page, 'new account with a weak password')

    await form.getByRole('radio', { name: 'Generar una contraseña segura' }).check()
    await form.getByRole('button', { name: 'Crear la cuenta' }).click()
    await expect.poll(focused).toBe(`Contraseña de ${who}`)
    expect(await page.getByRole('status').first().innerText()).toBe(`Cuenta de ${who} creada.`)
    const shown = page.getByRole('region', { name: `Contraseña de ${who}` })
    password = await shown.locator('code').innerText()
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/)
    await expectAccessible(page, 'the new password to hand over')
    await screenshot(page, 'console-users')

    // Listed with its entity's name, not its id.
    expect(await row().innerText()).toContain(nameA)
    expect(await row().innerText()).toContain('Moderación')
    expect(await row().innerText()).not.toContain(nameB)
    const listed = (await api().call('GET', '/api/users', { token })).json.users
    const entities = (await api().call('GET', '/api/entities', { token })).json.entities
    const idA = entities.find((e: { name: string }) => e.name === nameA).id
    expect(listed.find((u: { email: string }) => u.email === email).entityIds).toEqual([idA])

    // Once handed over, it is gone from the page.
    await shown.getByRole('button', { name: 'Ya la entregué' }).click()
    expect(await page.getByText(password).count()).toBe(0)
  })

  it('names an e-mail already taken at its field', async () => {
    await page.getByRole('button', { name: 'Crear una cuenta' }).click()
    const form = page.getByRole('region', { name: 'Nueva cuenta' })
    const field = form.getByLabel('Correo electrónico')
    await field.fill(email.toUpperCase())
    await form.getByRole('button', { name: 'Crear la cuenta' }).click()
    await expect.poll(() => fieldState(field)).toMatchObject({ invalid: 'true' })
    expect((await fieldState(field)).described).toContain('Ya existe un usuario con ese correo.')
    await form.getByRole('button', { name: 'Cancelar' }).click()
    await expect.poll(focused).toBe('Crear una cuenta')
  })

  it('resets the password from the editor, shown once, and the first one stops working', async () => {
    await row()
      .getByRole('button', { name: `Editar la cuenta de ${who}` })
      .click()
    const editor = page.getByRole('region', { name: `Cuenta de ${who}` })
    const reset = editor.getByRole('form', { name: 'Restablecer la contraseña' })
    expect(await reset.getByRole('radio', { name: 'Generar una contraseña segura' }).isChecked()).toBe(true)
    await reset.getByRole('button', { name: 'Restablecer' }).click()
    await expect.poll(focused).toBe(`Contraseña de ${who}`)
    const first = password
    password = await page
      .getByRole('region', { name: `Contraseña de ${who}` })
      .locator('code')
      .innerText()
    expect(password).not.toBe(first)
    const login = (p: string) => api().call('POST', '/api/auth/login', { body: { email, password: p } })
    expect((await login(first)).status).toBe(401)
    expect((await login(password)).status).toBe(200)
    await page.getByRole('button', { name: 'Ya la entregué' }).click()
    await expect.poll(focused).toMatch(/^\d+ cuentas$/)
  })

  it("signs the moderator in elsewhere: only its entity's events, and no staff accounts", async () => {
    moderator = await laptop(browser)
    await signIn(moderator, server!.url, email, password)
    await moderator.getByRole('link', { name: titleA }).waitFor()
    const events = await eventsListed(moderator)
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((e) => e.entity === nameA)).toBe(true)
    expect(events.some((e) => e.title === titleB)).toBe(false)

    expect(await moderator.getByRole('link', { name: 'Personal' }).count()).toBe(0)
    await moderator.goto(`${server!.url}/console/personal`)
    await moderator.getByText('Solo un administrador maneja las cuentas del personal.').waitFor()
    expect(await moderator.getByRole('button', { name: 'Crear una cuenta' }).count()).toBe(0)
    expect(await moderator.getByRole('table').count()).toBe(0)
  })

  it('adds an entity from the editor, which the open session follows at once', async () => {
    await row()
      .getByRole('button', { name: `Editar la cuenta de ${who}` })
      .click()
    await expect.poll(focused).toBe(`Cuenta de ${who}`)
    const editor = page.getByRole('region', { name: `Cuenta de ${who}` })
    expect(await editor.getByRole('checkbox', { name: nameA }).isChecked()).toBe(true)
    await editor.getByRole('checkbox', { name: nameB }).check()
    await expectAccessible(page, 'an account being edited')
    await editor.getByRole('button', { name: 'Guardar los cambios' }).click()
    await expect.poll(focused).toBe('Editar')
    expect(await page.getByRole('status').first().innerText()).toBe(
      `Cambios guardados en la cuenta de ${who}.`,
    )
    expect(await row().innerText()).toContain(nameB)

    await moderator.goto(`${server!.url}/console`)
    await moderator.getByRole('link', { name: titleB }).waitFor()
    const entities = new Set((await eventsListed(moderator)).map((e) => e.entity))
    expect(entities).toEqual(new Set([nameA, nameB]))
  })

  it('disables the moderator after a confirmation whose "No" is focused, and its session is refused', async () => {
    const disable = row().getByRole('button', { name: `Desactivar la cuenta de ${who}` })
    await disable.click()
    await row()
      .getByRole('group', { name: new RegExp(`^¿Desactivar la cuenta de ${who}`) })
      .waitFor()
    await expect.poll(focused).toBe('No, dejarla activa')
    // An Enter pressed by habit keeps it active.
    await page.keyboard.press('Enter')
    await disable.waitFor()
    await expect.poll(focused).toBe('Desactivar')
    const me = await api().call('POST', '/api/auth/login', { body: { email, password } })
    expect(me.status).toBe(200)

    await disable.click()
    await row().getByRole('button', { name: 'Sí, desactivarla' }).click()
    await expect
      .poll(() => page.getByRole('status').first().innerText())
      .toBe(`Cuenta de ${who} desactivada: sus sesiones se cerraron.`)
    expect(await row().innerText()).toContain('Desactivada')
    await expect.poll(focused).toBe('Activar')
    expect((await api().call('GET', '/api/auth/me', { token: me.json.token })).status).toBe(401)

    // The console open elsewhere is sent back to the sign-in, saying why, and the password no longer works.
    await moderator.getByRole('link', { name: 'Calendario' }).click()
    await moderator.getByText('Su sesión terminó. Ingrese de nuevo.').waitFor()
    await moderator.getByLabel('Correo electrónico').fill(email)
    await moderator.getByLabel('Contraseña').fill(password)
    await moderator.getByRole('button', { name: 'Ingresar' }).click()
    await moderator.getByText('Correo o contraseña incorrectos.').waitFor()
  })
})
