import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { client, unique } from '../contract/client'
import { expectAccessible, laptop, launch, signIn, signInHanded } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)('one’s own password, in the console', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => browser?.close())

  it('changes it with the current one, names a weak one at its field, and keeps this session', async () => {
    const api = client(server!.url)
    const admin = await api.login()
    const email = `${unique('moderadora')}@example.org`
    const created = await api.call('POST', '/api/users', {
      token: admin,
      body: { email, password: 'primera frase 2026', role: 'moderator', name: 'Moderadora' },
    })
    expect(created.status).toBe(201)
    const elsewhere = (
      await api.call('POST', '/api/auth/login', { body: { email, password: 'primera frase 2026' } })
    ).json.token as string
    const page = await laptop(browser)
    await signIn(page, server!.url, email, 'primera frase 2026')
    await page.getByRole('button', { name: 'Cambiar mi contraseña' }).click()
    const form = page.getByRole('region', { name: 'Cambiar mi contraseña' })
    await form.getByLabel('Contraseña actual').fill('primera frase 2026')
    await form.getByLabel('Contraseña nueva').fill('Password2026!')
    await form.getByRole('button', { name: 'Cambiar la contraseña' }).click()
    const next = form.getByLabel('Contraseña nueva')
    await expect.poll(() => next.getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'a weak new password refused')
    await next.fill('segunda frase de clave 7')
    await form.getByRole('button', { name: 'Cambiar la contraseña' }).click()
    await form.getByText('Contraseña cambiada.', { exact: false }).waitFor()
    // This tab goes on with its new session; the other session is over; the new password signs in.
    await page.getByRole('link', { name: 'Calendario' }).click()
    await page.getByRole('heading', { level: 1 }).waitFor()
    expect(await page.getByRole('button', { name: 'Cerrar sesión' }).count()).toBe(1)
    expect((await api.call('GET', '/api/auth/me', { token: elsewhere })).status).toBe(401)
    const again = await api.call('POST', '/api/auth/login', {
      body: { email, password: 'segunda frase de clave 7' },
    })
    expect(again.status).toBe(200)
    await page.close()
  })

  it('asks for a password of their own first when the one they signed in with was handed over, then opens the page asked for', async () => {
    const api = client(server!.url)
    const admin = await api.login()
    const email = `${unique('analista')}@example.org`
    const created = await api.call('POST', '/api/users', {
      token: admin,
      body: { email, role: 'analyst', name: 'Analista' },
    })
    expect(created.status).toBe(201)
    const handed = created.json.password as string
    const page = await laptop(browser)
    await page.goto(`${server!.url}/console/calendario`)
    await page.getByLabel('Correo electrónico').fill(email)
    await page.getByLabel('Contraseña').fill(handed)
    await page.getByRole('button', { name: 'Ingresar' }).click()
    const heading = page.getByRole('heading', { name: 'Elija su contraseña', level: 1 })
    await heading.waitFor()
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Elija su contraseña')
    // Nothing else of the console: no navigation, no page behind it.
    expect(await page.getByRole('link', { name: 'Calendario' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Cerrar sesión' }).count()).toBe(1)
    await expectAccessible(page, 'a handed-over password to replace')
    // A reload keeps the session and the request.
    await page.reload()
    await heading.waitFor()

    // The same password again is refused at its field; a wrong current one is said above the form.
    await page.getByLabel('Contraseña que le entregaron').fill(handed)
    const next = page.getByLabel('Contraseña nueva')
    await next.fill(handed)
    await page.getByRole('button', { name: 'Guardar y continuar' }).click()
    await expect.poll(() => next.getAttribute('aria-invalid')).toBe('true')
    await expectAccessible(page, 'the same password refused')
    await page.getByLabel('Contraseña que le entregaron').fill(handed)
    await next.fill('frase propia de la analista 7')
    await page.getByRole('button', { name: 'Guardar y continuar' }).click()

    // On to the page the address named, its heading focused; the session works everywhere.
    const calendar = page.getByRole('heading', { name: 'Calendario de términos', level: 1 })
    await calendar.waitFor()
    expect(new URL(page.url()).pathname).toBe('/console/calendario')
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Calendario de términos')
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('cabildo:console')!).token)
    expect((await api.call('GET', '/api/events', { token })).status).toBe(200)
    expect((await api.call('POST', '/api/auth/login', { body: { email, password: handed } })).status).toBe(
      401,
    )
    await page.close()

    // Signing in again with their own password goes straight to the console.
    const again = await laptop(browser)
    await signIn(again, server!.url, email, 'frase propia de la analista 7')
    await again.close()
  })

  it('asks again for a password of their own after an admin resets it', async () => {
    const api = client(server!.url)
    const admin = await api.login()
    const email = `${unique('moderador')}@example.org`
    const created = await api.call('POST', '/api/users', {
      token: admin,
      body: { email, role: 'moderator', password: 'elegida por el 2026' },
    })
    const id = created.json.user.id as string
    const page = await laptop(browser)
    await signIn(page, server!.url, email, 'elegida por el 2026')
    // An admin resets it (the open sessions end), and the moderator signs in with the new one.
    const reset = await api.call('PATCH', `/api/users/${id}`, {
      token: admin,
      body: { password: 'restablecida 2026 x' },
    })
    expect(reset.json.user.mustChangePassword).toBe(true)
    await signInHanded(page, server!.url, email, 'restablecida 2026 x', 'de nuevo propia 2026')
    await page.getByRole('heading', { name: 'Eventos' }).waitFor()
    await page.close()
  })
})
