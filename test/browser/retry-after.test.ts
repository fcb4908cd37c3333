import { rmSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startNode } from '../contract/servers'
import { launch, openEvent, phone } from './chromium'

// A server of its own, whose event takes one submission per 5 s: the widget meets its real 429.
const enabled = Boolean(inject('browserServer'))
const WINDOW = 5_000

describe.skipIf(!enabled)("the server's Retry-After", () => {
  let browser: Browser
  let server: Awaited<ReturnType<typeof startNode>>
  let event: Awaited<ReturnType<typeof openEvent>>

  beforeAll(async () => {
    browser = await launch()
    server = await startNode({ CABILDO_RATE_LIMIT_EVENT: `1/${WINDOW / 1000}` })
    event = await openEvent(server.url)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    rmSync(server.dir, { recursive: true, force: true })
  })

  /** Every question the page posts, as it goes out and as it is answered (nothing is intercepted). */
  function watchPosts(page: Page) {
    const sent: { at: number; key: string }[] = []
    const answers: { at: number; status: number; retryAfter: string | null }[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/questions'))
        sent.push({ at: Date.now(), key: r.headers()['idempotency-key'] })
    })
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && r.url().endsWith('/questions'))
        answers.push({ at: Date.now(), status: r.status(), retryAfter: r.headers()['retry-after'] ?? null })
    })
    return { sent, answers }
  }

  it('sends a refused submission again only once the wait is over, retry button and reload included, with its key', async () => {
    const page = await phone(browser)
    const { sent, answers } = watchPosts(page)
    await page.goto(`${server.url}/e/${event.slug}`)
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    const text = 'Con el límite lleno: ¿habrá una segunda jornada?'
    await page.getByLabel('Su pregunta o solicitud').fill(text)

    // Someone else's question takes the event's one slot, early in a window, so the wait is a long one.
    await expect.poll(() => Date.now() % WINDOW < 300, { interval: 50, timeout: WINDOW * 2 }).toBe(true)
    const other = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      body: { type: 'sugerencia', text: 'La que llegó primero', anonymous: true },
    })
    expect(other.status).toBe(201)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await expect.poll(() => answers.length).toBe(1)
    expect(answers[0].status).toBe(429)
    const until = answers[0].at + Number(answers[0].retryAfter) * 1000
    // Both in one window: the slot frees once the next window has passed too.
    expect(Number(answers[0].retryAfter)).toBeGreaterThanOrEqual(WINDOW / 1000)
    // The connection is fine: the message says the service is busy.
    await page
      .getByText(
        'Guardado en este dispositivo, aún sin enviar: el servicio está ocupado en este momento y se enviará automáticamente en unos minutos, con esta página abierta. Si la cierra, vuelva a abrirla para enviarlo.',
      )
      .waitFor()

    // Asked to try again, told the connection is back, reloaded: nothing goes out before its time.
    await page.getByRole('button', { name: 'Reintentar' }).click()
    await page.evaluate(() => dispatchEvent(new Event('online')))
    await page.reload()
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.waitForTimeout(1000)
    await page.getByRole('button', { name: 'Reintentar' }).click()
    expect(Date.now()).toBeLessThan(until)
    expect(sent).toHaveLength(1)

    // Then it is sent by itself, with the same key, and stored once.
    await page.getByRole('heading', { name: /Su pregunta quedó radicada/ }).waitFor({ timeout: 30_000 })
    expect(sent.length).toBeGreaterThanOrEqual(2)
    expect(sent[1].at).toBeGreaterThanOrEqual(until)
    expect(new Set(sent.map((s) => s.key)).size).toBe(1)
    const res = await event.api.call('GET', `/api/events/${event.slug}/questions`, { token: event.token })
    expect(res.json.questions.filter((q: { text: string }) => q.text === text)).toHaveLength(1)
    await page.close()
  })
})
