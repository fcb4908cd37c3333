import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { client, unique } from '../contract/client'
import { expectAccessible, laptop, launch, signIn } from './chromium'

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
})
