import { rmSync } from 'node:fs'
import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startNode } from '../contract/servers'
import { expectAccessible, launch, openEvent, phone, screenshot } from './chromium'

// This file stops and restarts its own server, so the shared one of the suite is only a presence check.
const enabled = Boolean(inject('browserServer'))
type Server = Awaited<ReturnType<typeof startNode>>

describe.skipIf(!enabled)('nothing typed is lost', () => {
  let browser: Browser
  let server: Server
  let event: Awaited<ReturnType<typeof openEvent>>

  beforeAll(async () => {
    browser = await launch()
    server = await startNode({}, { keepData: true })
    event = await openEvent(server.url)
  })
  afterAll(async () => {
    await browser?.close()
    await server.stop()
    rmSync(server.dir, { recursive: true, force: true })
  })

  async function fillQuestion(page: Page, text: string) {
    await page.goto(`${server.url}/e/${event.slug}`)
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page.getByLabel('Su pregunta o solicitud').fill(text)
  }
  const questionsWith = async (text: string) => {
    const res = await event.api.call('GET', `/api/events/${event.slug}/questions`, { token: event.token })
    return res.json.questions.filter((q: { text: string }) => q.text === text)
  }

  it('keeps a draft across a reload', async () => {
    const page = await phone(browser)
    await fillQuestion(page, 'Borrador que no se debe perder')
    await page.reload()
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    expect(await page.getByLabel('Su pregunta o solicitud').inputValue()).toBe(
      'Borrador que no se debe perder',
    )
    await page.close()
  })

  it('reopens a form in its language from the copy on the device when the event cannot be fetched', async () => {
    const page = await phone(browser)
    const url = `${server.url}/e/${event.slug}?lang=en`
    const unreachable = (route: Route) => route.abort('internetdisconnected')
    // Never loaded on this device: it says so in English, with a way to try again.
    await page.route(`**/api/events/${event.slug}`, unreachable)
    await page.goto(url)
    await page.getByText("We couldn't load the form. Check your connection.").waitFor()
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(1)
    await page.unroute(`**/api/events/${event.slug}`, unreachable)
    await page.getByRole('button', { name: 'Try again' }).click()
    await page.getByLabel('Full name').waitFor()

    // Loaded once: reopened without the event, the form comes back from the device, still in English.
    await page.route(`**/api/events/${event.slug}`, unreachable)
    await page.reload()
    await page.getByLabel('Full name').waitFor()
    expect(await page.getByText('Fields marked with * are required.').count()).toBe(1)
    expect(await page.getByRole('checkbox', { name: /authorise the processing/ }).count()).toBe(1)
    await expectAccessible(page, 'form reopened offline')
    await page.close()
  })

  it('queues a submission while the server is down and delivers it once when it is back', async () => {
    const page = await phone(browser)
    const text = 'Enviada sin conexión: ¿habrá transporte para las veredas?'
    await fillQuestion(page, text)
    await server.stop()
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByText('Guardado en este dispositivo; se enviará al reconectar.').waitFor()
    await screenshot(page, 'question-queued-offline')
    await expectAccessible(page, 'queued state')

    server = await startNode({}, { dir: server.dir, port: server.port, keepData: true })
    await page.getByRole('heading', { name: /Su pregunta quedó radicada/ }).waitFor({ timeout: 30_000 })
    expect(await questionsWith(text)).toHaveLength(1)
    await page.close()
  })

  it('stores a question once when the answer to the first attempt is lost on the way back', async () => {
    const page = await phone(browser)
    const text = 'Respuesta perdida: ¿cuándo se publica el informe?'
    await fillQuestion(page, text)
    let lost = 0
    await page.route('**/questions', async (route) => {
      if (route.request().method() !== 'POST' || lost) return route.continue()
      lost++
      await route.fetch() // the server stores it…
      await route.abort('connectionreset') // …and the phone never hears back
    })
    await page.getByRole('button', { name: 'Enviar' }).click()
    const heading = page.getByRole('heading', { name: /Su pregunta quedó radicada/ })
    await heading.waitFor({ timeout: 30_000 })
    const stored = await questionsWith(text)
    expect(stored).toHaveLength(1)
    expect(await heading.innerText()).toContain(stored[0].radicado)
    await page.close()
  })
})
