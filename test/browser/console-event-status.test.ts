import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, openEvent, signIn } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)("closing and reopening an event from the console's event details", () => {
  let browser: Browser
  let page: Page
  let event: Awaited<ReturnType<typeof openEvent>>
  /** The event edits the page sent. */
  const patches: string[] = []
  const staffEvent = async () =>
    (await event.api.call('GET', `/api/events/${event.slug}`, { token: event.token })).json.event
  const focused = () => page.evaluate(() => document.activeElement?.textContent)
  const status = () => page.getByLabel('Estado', { exact: true })
  const save = () => page.getByRole('button', { name: 'Guardar' })
  const question = (name: RegExp) => page.getByRole('group', { name })

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url, { title: 'Diálogo que se cierra' })
    page = await laptop(browser)
    page.on('request', (r) => {
      if (r.method() === 'PATCH' && r.url().endsWith(`/api/events/${event.slug}`))
        patches.push(r.postData() ?? '')
    })
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
    await page.goto(`${server!.url}/console/eventos/${event.slug}/datos`)
    await status().waitFor()
  })
  afterAll(async () => browser?.close())

  it('asks before closing the event, and a «No» sends nothing and leaves it open', async () => {
    await page.getByLabel('Lugar').fill('Salón comunal')
    await status().selectOption('closed')
    await save().click()
    const ask = question(/^¿Cerrar el evento\?/)
    await ask.waitFor()
    expect(await ask.locator('legend').innerText()).toBe(
      '¿Cerrar el evento? Desde ese momento no recibe más registros de asistencia, respuestas a la encuesta ni preguntas, y su página lo dice a los asistentes.',
    )
    // «No» has the focus: an Enter pressed by habit changes nothing.
    expect(await focused()).toBe('No, no cerrarlo')
    await expectAccessible(page, 'the question before closing an event')
    await page.keyboard.press('Enter')
    await ask.waitFor({ state: 'detached' })
    expect(patches).toEqual([])
    // The form shows the event as it is, says nothing was saved, and keeps the other field as typed.
    expect(await status().inputValue()).toBe('open')
    await page
      .getByRole('status')
      .filter({ hasText: 'No se guardó nada: el estado sigue siendo «Abierto».' })
      .waitFor()
    expect(await page.getByLabel('Lugar').inputValue()).toBe('Salón comunal')
    await expect.poll(focused).toBe('Guardar')
    expect((await staffEvent()).status).toBe('open')
  })

  it('closes the event once «Sí» is pressed, with what else the form changed', async () => {
    await status().selectOption('closed')
    await save().click()
    await question(/^¿Cerrar el evento\?/)
      .getByRole('button', { name: 'Sí, cerrar el evento' })
      .click()
    await page.getByRole('status').filter({ hasText: 'Cambios guardados.' }).waitFor()
    expect(patches.map((p) => JSON.parse(p))).toEqual([{ status: 'closed', place: 'Salón comunal' }])
    expect((await staffEvent()).status).toBe('closed')
  })

  it('asks before reopening a closed event, and reopens it on «Sí»', async () => {
    await status().selectOption('open')
    await save().click()
    const ask = question(/^¿Reabrir el evento\?/)
    await ask.waitFor()
    expect(await ask.locator('legend').innerText()).toBe(
      '¿Reabrir el evento? Volverá a recibir registros de asistencia, respuestas a la encuesta y preguntas, y su página los aceptará de nuevo.',
    )
    await ask.getByRole('button', { name: 'No, dejarlo cerrado' }).click()
    expect(await status().inputValue()).toBe('closed')
    expect(patches).toHaveLength(1)

    await status().selectOption('open')
    await save().click()
    await ask.getByRole('button', { name: 'Sí, reabrir el evento' }).click()
    await expect.poll(async () => (await staffEvent()).status).toBe('open')
    expect(JSON.parse(patches[1])).toEqual({ status: 'open' })
  })

  it('saves any other change without asking', async () => {
    await page.getByLabel('Lugar').fill('Auditorio principal')
    await save().click()
    await expect.poll(async () => (await staffEvent()).place).toBe('Auditorio principal')
    expect(await question(/el evento\?/).count()).toBe(0)
  })
})
