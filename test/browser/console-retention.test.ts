import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { unique } from '../contract/client'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, openEvent, screenshot, signIn } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)("the retention of attendees' personal data, in the console", () => {
  let browser: Browser
  let page: Page
  let event: Awaited<ReturnType<typeof openEvent>>
  const title = 'Diálogo de retención'
  const focused = () => page.evaluate(() => document.activeElement?.textContent)
  const staffEvent = async () =>
    (await event.api.call('GET', `/api/events/${event.slug}`, { token: event.token })).json.event
  const attendees = async () =>
    (await event.api.call('GET', `/api/events/${event.slug}/attendance`, { token: event.token })).json
      .attendees as { name: string; documentNumber: string | null; anonymizedAt: string | null }[]
  const action = () => page.getByRole('button', { name: 'Anonimizar registros' })

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url, { title })
    for (const [name, doc] of [
      ['Marta Retenida', '52333444'],
      ['Julio Retenido', '80444555'],
    ])
      await event.api.call('POST', `/api/events/${event.slug}/attendance`, {
        body: { name, documentType: 'CC', documentNumber: doc, gender: 'mujer', consent: true },
      })
    page = await laptop(browser)
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
  })
  afterAll(async () => browser?.close())

  it('sets and clears the retention period where the event details are edited', async () => {
    await page.goto(`${server!.url}/console/eventos/${event.slug}/datos`)
    const field = page.getByLabel('Plazo de conservación de los datos de asistentes (días)')
    await field.waitFor()
    expect(await field.getAttribute('aria-describedby')).toBe('ev-retentionDays-hint')
    await field.fill('365')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await expect.poll(() => page.getByText('Cambios guardados.').count()).toBe(1)
    expect((await staffEvent()).retentionDays).toBe(365)
    await expectAccessible(page, 'event details with the retention period')

    await page.reload()
    expect(await field.inputValue()).toBe('365')
    await field.fill('')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await expect.poll(async () => (await staffEvent()).retentionDays).toBeNull()
  })

  it('offers the anonymisation on the door tab only once the event is closed', async () => {
    await page.goto(`${server!.url}/console/eventos/${event.slug}/ingreso`)
    await page.getByLabel('Código de ingreso').waitFor()
    expect(await action().count()).toBe(0)
    await event.api.call('PATCH', `/api/events/${event.slug}`, {
      token: event.token,
      body: { status: 'closed' },
    })
    await page.reload()
    await action().waitFor()
  })

  it('asks first, with "No" focused, then says in a live region how many registrations it anonymised', async () => {
    await action().click()
    const ask = page.getByRole('group', {
      name: new RegExp(`^¿Anonimizar los registros de asistencia de «${title}»`),
    })
    await ask.waitFor()
    await expect.poll(focused).toBe('No, conservarlos')
    await expectAccessible(page, 'anonymisation asked about')
    // An Enter pressed by habit keeps them.
    await page.keyboard.press('Enter')
    await action().waitFor()
    await expect.poll(focused).toBe('Anonimizar registros')
    expect((await attendees()).every((a) => a.anonymizedAt === null)).toBe(true)

    await action().click()
    await ask.getByRole('button', { name: 'Sí, anonimizar' }).click()
    const status = page.locator('.anonymize [role="status"]')
    await expect.poll(() => status.innerText()).toBe('2 registros anonimizados.')
    await expect.poll(focused).toBe('Anonimizar registros')
    const rows = await attendees()
    expect(rows.map((a) => [a.name, a.documentNumber, a.anonymizedAt !== null])).toEqual([
      ['', null, true],
      ['', null, true],
    ])
    await expectAccessible(page, 'anonymisation done')
    await screenshot(page, 'console-retention')

    await action().click()
    await page.getByRole('button', { name: 'Sí, anonimizar' }).click()
    await expect
      .poll(() => status.innerText())
      .toBe('Ningún registro guardaba ya datos personales: nada cambió.')
  })

  it('says on the forms tab of a closed event that an open form takes no answers', async () => {
    await page.goto(`${server!.url}/console/eventos/${event.slug}/formularios`)
    await page.getByRole('heading', { name: 'Formularios' }).waitFor()
    await page.getByText('Abierto, pero el evento está cerrado: no recibe respuestas').first().waitFor()
    expect(await page.getByText('Abierto: recibe respuestas').count()).toBe(0)
  })

  it('is not offered to a moderator, who works the door', async () => {
    const email = `${unique('moderador')}@cabildo.test`
    await event.api.call('POST', '/api/users', {
      token: event.token,
      body: { email, password: 'moderator-password', role: 'moderator' },
    })
    const moderator = await laptop(browser)
    try {
      await signIn(moderator, server!.url, email, 'moderator-password')
      await moderator.goto(`${server!.url}/console/eventos/${event.slug}/ingreso`)
      await moderator.getByLabel('Código de ingreso').waitFor()
      expect(await moderator.getByRole('button', { name: 'Anonimizar registros' }).count()).toBe(0)
    } finally {
      await moderator.close()
    }
  })
})
