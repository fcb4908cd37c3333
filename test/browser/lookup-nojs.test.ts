import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { expectAccessible, fieldState, launch, openEvent, phone, screenshot } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)('a petitioner looking up a radicado on a phone without JavaScript', () => {
  let browser: Browser
  let context: BrowserContext
  let event: Awaited<ReturnType<typeof openEvent>>
  let radicado: string

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
    // A petition filed with a name and e-mail, then answered in writing and published under its radicado.
    const filed = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      body: {
        type: 'peticion_informacion',
        text: '¿Cuántos emprendimientos rurales apoyó la secretaría en 2026?',
        name: 'Rosa Elvira Cárdenas',
        email: 'rosa.cardenas@example.org',
        area: 'cadenas-valor',
      },
    })
    expect(filed.status).toBe(201)
    radicado = filed.json.radicado
    const answered = await event.api.call('PATCH', `/api/questions/${filed.json.id}`, {
      token: event.token,
      body: { status: 'answered', answer: 'Se apoyaron 42 emprendimientos rurales.', publishAnswer: true },
    })
    expect(answered.status).toBe(200)
    // A phone whose browser runs no script: the page's own and the widget's are never run.
    context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: 'es-CO',
      javaScriptEnabled: false,
    })
  })
  afterAll(async () => browser?.close())

  /**
   * axe-core on the page at `p`'s address as a browser without script shows it. axe needs script, so it
   * runs in a browser that has it, with every script of the page refused: the page's and the widget's.
   */
  async function expectAccessibleWithoutScript(p: Page, label: string) {
    const checker = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true })
    const q = await checker.newPage()
    await q.route(/\.js(\?|$)/, (route) => route.abort())
    await q.goto(p.url())
    await expectAccessible(q, label)
    await checker.close()
  }

  /** Types `value` in the lookup's field and sends the form, as a person does, and waits for the page. */
  async function lookUp(p: Page, value: string, button = 'Consultar') {
    await p.locator('#radicado').fill(value)
    const [res] = await Promise.all([
      p.waitForResponse((r) => new URL(r.url()).searchParams.has('radicado')),
      p.getByRole('button', { name: button }).click(),
    ])
    await p.waitForLoadState()
    return res
  }

  it('sees the status and the published answer of the radicado, in a page the server drew', async () => {
    const p = await context.newPage()
    await p.goto(`${server!.url}/e/${event.slug}`)
    // No script ran: the widget never drew its forms.
    expect(await p.locator('cabildo-form').innerText()).toContain('Cargando los formularios')
    const res = await lookUp(p, radicado.toLowerCase())
    expect(res.status()).toBe(200)
    expect(res.headers()['cache-control']).toBe('private, no-store')
    const heading = p.getByRole('heading', { level: 3, name: radicado })
    await heading.waitFor()
    expect(new URL(p.url()).search).toBe(`?lang=es&radicado=${radicado.toLowerCase()}`)
    expect(new URL(p.url()).hash).toBe('#resultado')
    const result = await p.locator('#lookup-result').innerText()
    expect(result).toMatch(/Estado\s+Respondida por escrito/)
    expect(result).toMatch(/Tipo de solicitud\s+Petición de información/)
    expect(result).toMatch(/Dependencia que responde\s+Subsecretaría de Cadenas de Valor/)
    expect(result).toMatch(/Fecha máxima de respuesta\s+\p{L}+, \d{1,2} de \p{L}+ de 20\d\d/u)
    expect(result).toContain('Respuesta: Se apoyaron 42 emprendimientos rurales.')
    // The result is where the browser put focus, so a screen reader reads from it; the number typed stays.
    expect(await heading.evaluate((h) => h === document.activeElement)).toBe(true)
    expect(await p.getByLabel('Número de radicado').inputValue()).toBe(radicado.toLowerCase())
    // Nothing of who asked, nor of what.
    expect(await p.locator('body').innerText()).not.toMatch(/Rosa Elvira|rosa\.cardenas|rurales apoyó/)
    await screenshot(p, 'lookup-nojs-result')
    await expectAccessibleWithoutScript(p, 'radicado lookup without JavaScript')
    await p.close()
  })

  it('says in the page that a number is unknown, tied to the field, with focus back on it', async () => {
    const p = await context.newPage()
    await p.goto(`${server!.url}/e/${event.slug}`)
    const res = await lookUp(p, 'SDE-2026-999999')
    expect(res.status()).toBe(404)
    const field = p.getByLabel('Número de radicado')
    await p.locator('#radicado-e').waitFor()
    const state = await fieldState(field)
    expect(state).toMatchObject({ focused: true, invalid: 'true' })
    expect(state.described).toContain('No encontramos ese radicado. Revise el número')
    expect(await p.getByRole('heading', { level: 3 }).count()).toBe(0)
    await expectAccessibleWithoutScript(p, 'unknown radicado without JavaScript')
    // Corrected, the same form finds it.
    await lookUp(p, radicado)
    await p.getByRole('heading', { level: 3, name: radicado }).waitFor()
    expect(await field.getAttribute('aria-invalid')).toBeNull()
    await p.close()
  })

  it('keeps the English of a page opened with lang=en', async () => {
    const p = await context.newPage()
    await p.goto(`${server!.url}/e/${event.slug}?lang=en`)
    await lookUp(p, radicado, 'Look up')
    await p.getByRole('heading', { level: 3, name: radicado }).waitFor()
    expect(await p.locator('html').getAttribute('lang')).toBe('en')
    const result = await p.locator('#lookup-result').innerText()
    expect(result).toMatch(/Status\s+Answered in writing/)
    expect(result).toContain('Answer: Se apoyaron 42 emprendimientos rurales.')
    // What the entity wrote is marked as Spanish for a screen reader.
    expect(await p.locator('#lookup-result .answer span').getAttribute('lang')).toBe('es')
    await p.close()
  })
})

describe.skipIf(!server)("the attendee page's offline copy after a radicado lookup", () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => browser?.close())

  it('is the plain page, never the lookup answer the server drew for one person', async () => {
    const event = await openEvent(server!.url)
    const filed = await event.api.call('POST', `/api/events/${event.slug}/questions`, {
      body: { type: 'pregunta', text: '¿Habrá transporte para las veredas?', name: 'Luz Dary Gómez' },
    })
    const { radicado, receiptToken } = filed.json
    const page = await phone(browser, { serviceWorker: true })
    const url = `${server!.url}/e/${event.slug}`
    // Opened from the confirmation's link: the server draws the status and the constancia's link.
    await page.goto(`${url}?radicado=${radicado}&token=${encodeURIComponent(receiptToken)}#consulta`)
    await page.getByRole('link', { name: 'Ver e imprimir la constancia de radicación' }).waitFor()
    const kept = () => page.evaluate(async (u) => (await (await caches.match(u))?.text()) ?? null, url)
    await expect.poll(kept).toContain('<h1')
    const copy = (await kept())!
    expect(copy).toContain('id="lookup"')
    expect(copy).not.toContain('id="resultado"')
    expect(copy).not.toContain(receiptToken)
    await page.context().close()
  })
})
