import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launch, openEvent, retryUntilShown } from './chromium'

const server = inject('browserServer')
const xss = '<script>alert("xss")</script><img src=x onerror=alert(1)>'

/** A phone with the page's own CSP enforced (the other suites bypass it to inject axe-core). */
async function strictPhone(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'es-CO' })
  const page = await context.newPage()
  const dialogs: string[] = []
  page.on('dialog', async (d) => {
    dialogs.push(d.message())
    await d.dismiss()
  })
  await page.addInitScript(() => {
    ;(window as any).__violations = []
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    )
  })
  return { page, dialogs, violations: () => page.evaluate(() => (window as any).__violations as string[]) }
}

describe.skipIf(!server)('the attendee page under its own CSP', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => browser?.close())

  it('works with nothing blocked and shows a question with markup in it as plain text', async () => {
    const { slug, api, token } = await openEvent(server!.url)
    const q = await api.call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'pregunta', text: xss },
    })
    await api.call('PATCH', `/api/questions/${q.json.id}`, { token, body: { status: 'approved' } })
    const { page, dialogs, violations } = await strictPhone(browser)
    await page.goto(`${server!.url}/e/${slug}`)
    await page.getByRole('heading', { name: 'Asistencia' }).waitFor()
    const item = page.locator('#wall li', { hasText: 'alert("xss")' })
    await item.waitFor()
    expect(await item.locator('p.q').innerText()).toBe(xss)
    expect(await page.locator('#wall script, #wall img').count()).toBe(0)
    expect(dialogs).toEqual([])
    expect(await violations()).toEqual([])
  })
})

describe.skipIf(!server)('the widget embedded on another site', () => {
  let browser: Browser
  let site: Server
  let siteUrl = ''
  beforeAll(async () => {
    browser = await launch()
    site = createServer((req, res) => {
      const query = new URL(req.url!, 'http://x').searchParams
      const lang = query.get('lang') ?? 'es'
      res.setHeader('content-type', 'text/html; charset=utf-8')
      const heading = query.has('heading') ? `data-heading="${query.get('heading')}"` : ''
      res.end(`<!doctype html><html lang="${lang}"><title>Alcaldía</title><main>
        <script src="${server!.url}/widget.js" data-event="${query.get('evento')}" data-form="${query.get('form') ?? 'asistencia'}"
          data-lang="${lang}" ${heading} async></script></main>`)
    })
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r))
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await browser?.close()
    site?.close()
  })

  const registerOn = async (page: Page, slug: string) => {
    await page.goto(`${siteUrl}/?evento=${slug}`)
    await page.getByLabel('Nombre completo').fill('Rosa Gómez')
    await page.getByLabel('Correo electrónico').fill(`rosa-${slug}@correo.co`)
    await page.getByRole('checkbox', { name: /autorizo el tratamiento/ }).check()
    await page.getByRole('button', { name: 'Enviar' }).click()
  }

  it('fits a column 180 px wide without scrolling sideways: long words and the notice wrap', async () => {
    const { slug } = await openEvent(server!.url, { modality: 'virtual', allowedOrigins: [siteUrl] })
    const { page } = await strictPhone(browser)
    await page.setViewportSize({ width: 180, height: 700 })
    await page.goto(`${siteUrl}/?evento=${slug}`)
    await page.getByLabel('Nombre completo').waitFor()
    expect(
      await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]),
    ).toEqual([180, 180])
  })

  it('registers from a site the event allows', async () => {
    const { slug, api, token } = await openEvent(server!.url, {
      modality: 'virtual',
      allowedOrigins: [siteUrl],
    })
    const { page } = await strictPhone(browser)
    await registerOn(page, slug)
    await page.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' }).waitFor()
    const list = await api.call('GET', `/api/events/${slug}/attendance`, { token })
    expect(JSON.stringify(list.json)).toContain('Rosa Gómez')
  })

  /**
   * An event whose survey staff have shut, its form shown on the site (`clock`: on a page whose clock the
   * test moves on rather than waits for); `reads` gathers the widget's reads of the event from then on.
   */
  const shutSurvey = async ({ clock = false } = {}) => {
    const { slug, api, token } = await openEvent(server!.url, {
      modality: 'virtual',
      allowedOrigins: [siteUrl],
    })
    const survey = (open: boolean) =>
      api.call('PATCH', `/api/events/${slug}/forms/evaluacion`, { token, body: { open } })
    expect((await survey(false)).status).toBe(200)
    const { page, violations } = await strictPhone(browser)
    if (clock) await page.clock.install()
    await page.goto(`${siteUrl}/?evento=${slug}&form=evaluacion`)
    const shut = page.getByText('Este formulario no recibe respuestas en este momento.')
    await shut.waitFor()
    const send = page.getByRole('button', { name: 'Enviar' })
    expect(await send.isDisabled()).toBe(true)
    const reads: string[] = []
    page.on('request', (r) => new URL(r.url()).pathname === `/api/events/${slug}` && reads.push(r.url()))
    return { survey, page, violations, shut, send, reads }
  }

  it('reads the event again when the person comes back to the page, so a survey opened meanwhile opens', async () => {
    const { survey, page, violations, shut, send, reads } = await shutSurvey()
    // Opened by staff while the person watches the stream elsewhere: this site has no stream of the event.
    expect((await survey(true)).status).toBe(200)
    // Back on the site's tab: the page is shown again.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
    await expect.poll(() => send.isDisabled()).toBe(false)
    expect(await shut.count()).toBe(0)
    expect(reads).toHaveLength(1)
    // Hidden (the person goes back to the stream), it reads nothing.
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)))
    expect(reads).toHaveLength(1)
    expect(await violations()).toEqual([])
  })

  it('reads the event every minute while the form on screen is shut, on a page kept in view, and not once it opens', async () => {
    const { survey, page, send, reads } = await shutSurvey({ clock: true })
    // Still shut a minute later: read once, and still shut.
    await page.clock.fastForward(61_000)
    await expect.poll(() => reads.length).toBe(1)
    expect(await send.isDisabled()).toBe(true)
    // Opened by staff: within the next minute it opens, with no visit elsewhere and no reload.
    expect((await survey(true)).status).toBe(200)
    await page.clock.fastForward(61_000)
    await expect.poll(() => send.isDisabled()).toBe(false)
    expect(reads).toHaveLength(2)
    // Open, it reads nothing more.
    await page.clock.fastForward(121_000)
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)))
    expect(reads).toHaveLength(2)
  })

  it('gives its headings the level the site asks for with data-heading, and h2 without a level it can use', async () => {
    const { slug } = await openEvent(server!.url, { modality: 'virtual' })
    const { page } = await strictPhone(browser)
    for (const [asked, level] of [
      [null, 2],
      ['4', 4],
      ['1', 1],
      ['9', 2],
      ['3 ', 2],
    ] as const) {
      await page.goto(`${siteUrl}/?evento=${slug}${asked ? `&heading=${encodeURIComponent(asked)}` : ''}`)
      await page.getByLabel('Nombre completo').waitFor()
      expect(await page.getByRole('heading', { name: 'Asistencia', level }).count(), `${asked}`).toBe(1)
    }
  })

  // What the widget keeps on this site's storage: its queue of unsent submissions.
  const outbox = (page: Page) =>
    page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), `cabildo:${server!.url}:outbox`)
  const attendees = async (api: Awaited<ReturnType<typeof openEvent>>['api'], slug: string, token: string) =>
    (await api.call('GET', `/api/events/${slug}/attendance`, { token })).json.attendees

  it('says a site the event does not list cannot send the form, keeps the draft, and sends it once when the site is allowed', async () => {
    const { slug, api, token } = await openEvent(server!.url, { modality: 'virtual' })
    const { page } = await strictPhone(browser)
    const keys: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST') keys.push(r.headers()['idempotency-key'])
    })
    await registerOn(page, slug)
    // The server's refusal carries CORS headers, so the widget reads it: no guess, and nothing queued.
    const alert = page.getByRole('alert').filter({ hasText: 'no se puede enviar desde este sitio' })
    await alert.waitFor()
    expect(await alert.innerText()).toBe(
      'Este formulario no se puede enviar desde este sitio y no se envió. Llénelo en la página del evento.',
    )
    expect(await alert.getByRole('link', { name: 'la página del evento' }).getAttribute('href')).toBe(
      `${server!.url}/e/${slug}?lang=es`,
    )
    await expect
      .poll(() => page.evaluate(() => document.querySelector('main div')!.shadowRoot!.activeElement?.role))
      .toBe('alert')
    expect(await page.getByText(/Guardado en este dispositivo/).count()).toBe(0)
    expect(await page.getByLabel('Nombre completo').inputValue()).toBe('Rosa Gómez')
    expect(await outbox(page)).toEqual([])
    expect(await attendees(api, slug, token)).toEqual([])

    // Once the event lists the site, the same answers go again with the same key, and are stored once.
    await api.call('PATCH', `/api/events/${slug}`, { token, body: { allowedOrigins: [siteUrl] } })
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByRole('heading', { name: '¡Gracias! Su asistencia quedó registrada.' }).waitFor()
    expect(keys).toHaveLength(2)
    expect(new Set(keys).size).toBe(1)
    expect(await outbox(page)).toEqual([])
    expect(await attendees(api, slug, token)).toHaveLength(1)
  })

  it('drops a queued submission the site may not send once the connection is back, and says so once', async () => {
    const { slug, api, token } = await openEvent(server!.url, { modality: 'virtual' })
    const { page } = await strictPhone(browser)
    await page.goto(`${siteUrl}/?evento=${slug}&lang=en`)
    await page.getByLabel('Full name').fill('Rosa Gómez')
    await page.getByLabel('E-mail').fill(`rosa-${slug}@correo.co`)
    await page.getByRole('checkbox', { name: /authorise the processing/ }).check()
    // No network for the event's calls: the submission waits on the device, as it should.
    const offline = `**/api/events/${slug}/**`
    await page.route(offline, (route) => route.abort('internetdisconnected'))
    await page.getByRole('button', { name: 'Send' }).click()
    await page
      .getByText(
        'Saved on this device, not sent yet: it will be sent when the connection is back, with this page open. If you close it, open it again to send it.',
      )
      .waitFor()
    expect(await outbox(page)).toHaveLength(1)

    // Closed, back online and opened again: the retry meets the server's refusal, which the page can read,
    // and the queue lets it go before the form is drawn (the event is held back until then), so the form
    // says why when it opens. The page is left before the network returns: its own backoff timer would
    // otherwise retry first, and say it.
    await page.goto('about:blank')
    await page.unroute(offline)
    await page.route(`**/api/events/${slug}`, async (route) => {
      try {
        await expect.poll(() => outbox(page), { timeout: 20_000 }).toEqual([])
      } finally {
        await route.continue()
      }
    })
    await page.goto(`${siteUrl}/?evento=${slug}&lang=en`)
    const alert = page.getByRole('alert').filter({ hasText: 'cannot be sent from this site' })
    await alert.waitFor()
    expect(await alert.innerText()).toBe(
      "This form cannot be sent from this site, and it was not sent. Fill it in on the event's page.",
    )
    expect(await alert.getByRole('link', { name: "the event's page" }).getAttribute('href')).toBe(
      `${server!.url}/e/${slug}?lang=en`,
    )
    expect(await page.getByLabel('Full name').inputValue()).toBe('Rosa Gómez')
    expect(await attendees(api, slug, token)).toEqual([])

    // Said once: opened again, the form is back to its draft with nothing announced.
    await page.reload()
    await page.getByLabel('Full name').waitFor()
    expect(await page.getByLabel('Full name').inputValue()).toBe('Rosa Gómez')
    // The form's alert region is there, empty (and so hidden).
    expect(await page.getByRole('alert', { includeHidden: true }).textContent()).toBe('')
  })

  it('takes two replies lost on the way back on an allowed site for a weak connection, not a refusal', async () => {
    const { slug, api, token } = await openEvent(server!.url, {
      modality: 'virtual',
      allowedOrigins: [siteUrl],
    })
    const { page } = await strictPhone(browser)
    const keys: string[] = []
    await page.route(`**/api/events/${slug}/attendance`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      keys.push(route.request().headers()['idempotency-key'])
      if (keys.length > 2) return route.continue()
      await route.fetch() // the server stores it…
      await route.abort('connectionreset') // …and the phone never hears back
    })
    await registerOn(page, slug)
    await page
      .getByText(
        'Guardado en este dispositivo, aún sin enviar: se enviará cuando vuelva la conexión, con esta página abierta. Si la cierra, vuelva a abrirla para enviarlo.',
      )
      .waitFor()
    await retryUntilShown(page, '¡Gracias! Su asistencia quedó registrada.')
    expect(await page.getByText(/no se puede enviar desde este sitio/).count()).toBe(0)
    expect(keys.length).toBeGreaterThanOrEqual(3)
    expect(new Set(keys).size).toBe(1)
    expect(await attendees(api, slug, token)).toHaveLength(1)
  })
})
