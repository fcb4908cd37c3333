import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { unique } from '../contract/client'
import { expectAccessible, inWidget, launch, listenToWall, openEvent, phone, toldOnWall } from './chromium'

const server = inject('browserServer')

/**
 * What the person did on the wall's page that waits on the phone for a connection: a support ("Apoyar")
 * and a question filed from the forms. Nothing is lost or counted twice, and each is said once when it goes.
 */
describe.skipIf(!server)('the wall on a weak connection', () => {
  let browser: Browser
  let event: Awaited<ReturnType<typeof openEvent>>

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
  })
  afterAll(async () => browser?.close())

  /** A question approved on the wall, with its id. */
  async function onWall(text: string) {
    const { id } = (
      await event.api.call('POST', `/api/events/${event.slug}/questions`, {
        body: { type: 'pregunta', text },
      })
    ).json
    await event.api.call('PATCH', `/api/questions/${id}`, {
      token: event.token,
      body: { status: 'approved' },
    })
    return id as string
  }
  /** The question's votes as the server counts them. */
  const votesOf = async (id: string) => {
    const res = await event.api.call('GET', `/api/events/${event.slug}/questions`)
    return res.json.questions.find((q: { id: string }) => q.id === id)?.votes
  }
  const button = (page: Page, text: string) =>
    page.locator('#wall li', { hasText: text }).getByRole('button', { name: /Apoyar|Support/ })
  const status = (page: Page) => page.locator('#wall [role=status]')
  /** The votes this phone keeps to send. */
  const waiting = (page: Page) =>
    page.evaluate(
      (key) => JSON.parse(localStorage.getItem(key) ?? '[]'),
      `cabildo:${server!.url}:wall:outbox`,
    )
  const offline = (route: Route) =>
    route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()
  /**
   * A moderator takes the question off the wall while this phone's support of it waits offline; then the
   * connection comes back, and the server refuses it: the wall says so, naming the question.
   */
  async function refusedOnceBack(page: Page, id: string, text: string, reason: string) {
    const hidden = await event.api.call('PATCH', `/api/questions/${id}`, {
      token: event.token,
      body: { status: 'hidden', reason },
    })
    expect(hidden.status).toBe(200)
    await page.unroute('**/votes', offline)
    await page.evaluate(() => dispatchEvent(new Event('online')))
    await expect
      .poll(() => status(page).innerText())
      .toBe(
        `No se registró su apoyo pendiente a «${text.split(' ', 8).join(' ')}»: Esa pregunta no está publicada en el muro.`,
      )
  }

  it('keeps a support that meets no network, shows it pending, and sends it once when the connection is back', async () => {
    const text = `¿Cuándo abre el puesto de salud de la vereda ${unique('v')}?`
    const id = await onWall(text)
    const page = await phone(browser)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await button(page, text).waitFor()
    await listenToWall(page)
    await page.context().setOffline(true)
    await button(page, text).click()

    // Said once, politely, and shown on its button: pressed, "pendiente", and when it will go.
    const saved = 'Su apoyo quedó pendiente en este teléfono: se enviará al recuperar la conexión.'
    await expect.poll(() => status(page).innerText()).toBe(saved)
    await expect.poll(() => button(page, text).getAttribute('aria-pressed')).toBe('true')
    // Counted on its button while it waits, as it will be, and said pending there, in its name too.
    expect(await button(page, text).innerText()).toMatch(/^Apoyar · 1\s*voto\s*· pendiente$/)
    await page.getByRole('button', { name: /^Apoyar · 1 voto · pendiente$/ }).waitFor()
    expect(await votesOf(id)).toBe(0)
    await page.getByText('Pendiente: se enviará al recuperar la conexión.').waitFor()
    const described = await button(page, text).evaluate((b) =>
      b
        .getAttribute('aria-describedby')!
        .split(' ')
        .map((x) => document.getElementById(x)?.textContent)
        .join(' '),
    )
    expect(described).toContain('se enviará al recuperar la conexión')
    expect(await waiting(page)).toHaveLength(1)
    expect(await status(page).getAttribute('role')).toBe('status')
    await expectAccessible(page, 'the wall with a support waiting on the phone')
    // Once ("Registrando…", within the moment the attempt failed, gives way to it).
    expect((await toldOnWall(page)).filter((x) => x !== 'Registrando su apoyo…')).toEqual([saved])
    // A second tap while it waits adds no second vote: it tries again, and says again that it waits.
    await button(page, text).click()
    expect(await waiting(page)).toHaveLength(1)

    await page.context().setOffline(false)
    const sent = `Su apoyo pendiente quedó registrado: «${text.split(' ', 8).join(' ')}».`
    await expect.poll(() => status(page).innerText()).toBe(sent)
    await page.getByRole('button', { name: /^Apoyar · 1 voto$/ }).waitFor()
    expect(await button(page, text).getAttribute('aria-pressed')).toBe('true')
    expect(await page.getByText('Pendiente:').count()).toBe(0)
    expect(await waiting(page)).toEqual([])
    expect(await votesOf(id)).toBe(1)
    expect((await toldOnWall(page)).filter((x) => x === sent)).toHaveLength(1)
    // Opened again, it is voted and nothing goes a second time.
    await page.reload()
    await expect.poll(() => button(page, text).getAttribute('aria-pressed')).toBe('true')
    await page.waitForTimeout(800)
    expect(await votesOf(id)).toBe(1)
    await page.close()
  })

  it('counts once a support whose answer was lost on the way back, sent again after a reload', async () => {
    const text = `¿Habrá alumbrado en el parque ${unique('p')}?`
    const id = await onWall(text)
    const page = await phone(browser)
    // The vote reaches the server and is counted; its answer never comes back. So do the outbox's retries
    // until the reload: the route stays, as a retry may be on its way when the test goes on (unrouted
    // meanwhile, Playwright would answer it a second time).
    let losing = true
    const lost = async (route: Route) => {
      if (route.request().method() !== 'POST' || !losing) return route.continue()
      await route.fetch()
      await route.abort('internetdisconnected')
    }
    await page.route('**/votes', lost)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await button(page, text).click()
    await page.getByText('Pendiente: se enviará al recuperar la conexión.').waitFor()
    expect(await votesOf(id)).toBe(1)
    // The live count, which holds it, comes with no answer: the button counts it once, still pending.
    await page.waitForTimeout(1000)
    expect(await button(page, text).innerText()).toMatch(/^Apoyar · 1\s*voto\s*· pendiente$/)

    const sent: string[] = []
    await page.reload({ waitUntil: 'commit' })
    losing = false
    page.on('request', (r) => r.method() === 'POST' && /\/votes$/.test(r.url()) && sent.push(r.url()))
    await expect
      .poll(() => status(page).innerText())
      .toBe(`Su apoyo pendiente quedó registrado: «${text.split(' ', 8).join(' ')}».`)
    expect(sent).toHaveLength(1)
    expect(await button(page, text).getAttribute('aria-pressed')).toBe('true')
    expect(await waiting(page)).toEqual([])
    expect(await votesOf(id)).toBe(1)
    await page.close()
  })

  it('counts a waiting support once when its live count comes before its answer', async () => {
    const text = `¿Cuándo pasa el carro de la basura por el barrio ${unique('c')}?`
    const id = await onWall(text)
    const otherText = `¿Y el reciclaje en el barrio ${unique('r')}?`
    const other = await onWall(otherText)
    const page = await phone(browser)
    // No network at first; then the support reaches the server, whose answer is held back a while.
    let reachable = false
    let release = () => {}
    const held = new Promise<void>((r) => (release = r))
    let reached = () => {}
    const counted = new Promise<void>((r) => (reached = r))
    await page.route('**/votes', async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      if (!reachable) return route.abort('internetdisconnected')
      const response = await route.fetch()
      reached()
      await held
      await route.fulfill({ response })
    })
    await page.goto(`${server!.url}/e/${event.slug}`)
    await button(page, text).click()
    await page.getByText('Pendiente: se enviará al recuperar la conexión.').waitFor()
    expect(await button(page, text).innerText()).toMatch(/^Apoyar · 1\s*voto\s*· pendiente$/)

    reachable = true
    await page.evaluate(() => dispatchEvent(new Event('online')))
    await counted
    expect(await votesOf(id)).toBe(1)
    // Another person supports another question after it: once its count shows here, the stream has
    // brought this one's, which holds the waiting support. It is not counted a second time.
    const vote = await event.api.call('POST', `/api/events/${event.slug}/questions/${other}/votes`, {
      body: { deviceToken: unique('device-') },
    })
    expect(vote.status).toBe(201)
    await expect.poll(() => button(page, otherText).innerText()).toMatch(/^Apoyar · 1\s*voto$/)
    expect(await button(page, text).innerText()).toMatch(/^Apoyar · 1\s*voto\s*· pendiente$/)
    expect(await waiting(page)).toHaveLength(1)

    // The answer comes: counted, no longer pending, and still once.
    release()
    await expect
      .poll(() => status(page).innerText())
      .toBe(`Su apoyo pendiente quedó registrado: «${text.split(' ', 8).join(' ')}».`)
    expect(await button(page, text).innerText()).toMatch(/^Apoyar · 1\s*voto$/)
    expect(await button(page, text).getAttribute('aria-pressed')).toBe('true')
    expect(await waiting(page)).toEqual([])
    expect(await votesOf(id)).toBe(1)
    await page.close()
  })

  it('takes a waiting support off its button when the server refuses it for good', async () => {
    const text = `¿Cuándo se poda el parque ${unique('k')}?`
    const id = await onWall(text)
    const page = await phone(browser)
    await page.route('**/votes', offline)
    // Its live stream blocked too: the question stays on this page when a moderator takes it off the wall.
    const blocked = (route: Route) => route.abort()
    await page.route(`**/api/events/${event.slug}/live`, blocked)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await button(page, text).click()
    await page.getByText('Pendiente: se enviará al recuperar la conexión.').waitFor()
    expect(await button(page, text).innerText()).toMatch(/^Apoyar · 1\s*voto\s*· pendiente$/)
    await refusedOnceBack(page, id, text, 'Fuera de tema')
    // Its count is the server's again, and the button no longer pressed.
    expect(await button(page, text).innerText()).toMatch(/^Apoyar · 0\s*votos$/)
    expect(await button(page, text).getAttribute('aria-pressed')).toBe('false')
    expect(await waiting(page)).toEqual([])
    await page.close()
  })

  it("waits out a portal's page and a Retry-After, then sends the support, in the page's language", async () => {
    const text = `Will the night bus routes come back ${unique('b')}?`
    const id = await onWall(text)
    const page = await phone(browser)
    let attempts = 0
    await page.route('**/votes', (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      attempts++
      // A captive portal's page, then the server busy for 2 s, then the server itself.
      if (attempts === 1)
        return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>Wi-Fi</h1>' })
      if (attempts === 2)
        return route.fulfill({
          status: 429,
          headers: { 'retry-after': '2' },
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Too many requests.' } }),
        })
      return route.continue()
    })
    await page.goto(`${server!.url}/e/${event.slug}?lang=en`)
    await button(page, text).waitFor()
    // Past the outbox's first look at its queue, 300 ms after the page opened, which would try at once.
    await page.waitForTimeout(500)
    await button(page, text).click()
    await expect
      .poll(() => status(page).innerText())
      .toBe('Your support is pending on this phone: it will be sent when the connection is back.')
    await page.getByText('Pending: it will be sent when the connection is back.').waitFor()
    expect(await button(page, text).innerText()).toMatch(/· pending$/)
    // The connection comes back: the server answers it is busy, and the button says so.
    await page.evaluate(() => dispatchEvent(new Event('online')))
    await page.getByText('Pending: the service is busy; it will be sent in a few minutes.').waitFor()
    expect(attempts).toBe(2)
    expect(await votesOf(id)).toBe(0)
    // Once the Retry-After is over, it goes by itself.
    await expect
      .poll(() => status(page).innerText())
      .toBe(`Your pending support was counted: “${text.split(' ', 8).join(' ')}”.`)
    expect(attempts).toBe(3)
    expect(await votesOf(id)).toBe(1)
    await page.close()
  })

  it('sends a question filed while a support waits out a Retry-After once it is over, with nothing else to wake it', async () => {
    // The server's Retry-After holds every submission of the phone. A question filed meanwhile had no
    // failed attempt of its own, so no retry was timed for it: it waited for a reload or the network.
    const wallText = `Con la espera del servidor ${unique('h')}: ¿hay parqueadero?`
    const id = await onWall(wallText)
    const page = await phone(browser)
    let busy = true
    await page.route('**/votes', (route) => {
      if (route.request().method() !== 'POST' || !busy) return route.continue()
      busy = false
      return route.fulfill({
        status: 429,
        headers: { 'retry-after': '3' },
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Demasiadas solicitudes.' } }),
      })
    })
    await page.goto(`${server!.url}/e/${event.slug}`)
    await button(page, wallText).waitFor()
    await page.waitForTimeout(500)
    await button(page, wallText).click()
    await page.getByText(/Pendiente: el servicio está ocupado/).waitFor()
    const text = `Radicada tras la espera ${unique('q')}: ¿a qué hora empieza?`
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page.getByLabel('Su pregunta o solicitud').fill(text)
    await page.getByRole('button', { name: 'Enviar' }).click()
    // No reload, no `online`, the tab never hidden: the question goes once the wait is over, as the vote.
    await expect.poll(() => radicadoOf(text).catch(() => ''), { timeout: 20_000 }).toMatch(/^SDE-/)
    await expect.poll(() => votesOf(id), { timeout: 20_000 }).toBe(1)
    await page.close()
  })

  it('lets a waiting support go, saying why, when the server refuses it once it can answer', async () => {
    const text = `¿Se arreglará la vía ${unique('r')}?`
    const id = await onWall(text)
    const page = await phone(browser)
    await page.route('**/votes', offline)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await button(page, text).click()
    await page.getByText('Pendiente: se enviará al recuperar la conexión.').waitFor()
    await refusedOnceBack(page, id, text, 'Lenguaje ofensivo')
    expect(await waiting(page)).toEqual([])
    await page.waitForTimeout(500)
    const res = await event.api.call('GET', `/api/questions/${id}`, { token: event.token })
    expect(res.json.question.votes).toBe(0)
    await page.close()
  })

  // A question filed from the forms while offline.
  const queued =
    'Guardado en este dispositivo, aún sin enviar: se enviará cuando vuelva la conexión, con esta página abierta. Si la cierra, vuelva a abrirla para enviarlo.'
  const offlineQuestions = (route: Route) =>
    route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()
  async function ask(page: Page, text: string) {
    await page.route('**/questions', offlineQuestions)
    await page.goto(`${server!.url}/e/${event.slug}`)
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page.getByLabel('Su pregunta o solicitud').fill(text)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByText(queued).waitFor()
  }
  const radicadoOf = async (text: string) => {
    const res = await event.api.call('GET', `/api/events/${event.slug}/questions`, { token: event.token })
    const rows = res.json.questions.filter((q: { text: string }) => q.text === text)
    expect(rows).toHaveLength(1)
    return rows[0].radicado as string
  }
  const filed = (radicado: string) =>
    `Su pregunta guardada en este teléfono se envió y quedó radicada con el número ${radicado}.`

  it('says once, in the status line, a question delivered when the connection comes back while the person is on the wall', async () => {
    const wallText = `Ya en el muro ${unique('w')}: ¿hay transporte al evento?`
    await onWall(wallText)
    const page = await phone(browser)
    const text = `Entregada al volver la conexión ${unique('q')}: ¿habrá intérprete?`
    await ask(page, text)
    // The person goes on to the wall and waits there, on a question's "Apoyar".
    await button(page, wallText).focus()
    await listenToWall(page)
    await page.unroute('**/questions', offlineQuestions)
    await page.evaluate(() => dispatchEvent(new Event('online')))
    await expect.poll(() => radicadoOf(text).catch(() => '')).toMatch(/^SDE-/)
    const code = await radicadoOf(text)
    await expect.poll(() => status(page).innerText()).toBe(filed(code))
    // Seen too, and the person's place kept.
    expect(await status(page).isVisible()).toBe(true)
    expect(await button(page, wallText).evaluate((b) => b === document.activeElement)).toBe(true)
    await page.waitForTimeout(2500)
    expect((await toldOnWall(page)).filter((x) => x.includes(code))).toEqual([filed(code)])
    await page.close()
  })

  it('says a question delivered while another of the forms is on screen, and not twice when the form took focus', async () => {
    const page = await phone(browser)
    const text = `Entregada en otra pestaña del formulario ${unique('t')}: ¿habrá refrigerio?`
    await ask(page, text)
    // The person opens the attendance form meanwhile: the question's confirmation is not on screen.
    await page.getByRole('button', { name: 'Asistencia', exact: true }).click()
    await listenToWall(page)
    await page.unroute('**/questions', offlineQuestions)
    await page.evaluate(() => dispatchEvent(new Event('online')))
    await expect.poll(() => radicadoOf(text).catch(() => '')).toMatch(/^SDE-/)
    const code = await radicadoOf(text)
    await expect.poll(() => status(page).innerText()).toBe(filed(code))

    // Another question, filed offline on the question form itself, delivered after a reload: the form
    // shows its confirmation and takes focus to it, which says it; the page does not say it again.
    const again = `Entregada tras recargar ${unique('r')}: ¿habrá parqueadero?`
    await page.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await page.getByRole('button', { name: 'Hacer otra pregunta' }).click()
    await page.route('**/questions', offlineQuestions)
    await page.getByLabel('Tipo de solicitud').selectOption('sugerencia')
    await page.getByLabel('Su pregunta o solicitud').fill(again)
    await page.getByRole('button', { name: 'Enviar' }).click()
    await page.getByText(queued).waitFor()
    await page.unroute('**/questions', offlineQuestions)
    await page.reload()
    await status(page).waitFor({ state: 'attached' })
    await listenToWall(page)
    await expect.poll(() => radicadoOf(again).catch(() => '')).toMatch(/^SDE-/)
    const second = await radicadoOf(again)
    await expect.poll(() => inWidget(page, (root) => root.activeElement?.textContent ?? '')).toContain(second)
    await page.waitForTimeout(2500)
    expect((await toldOnWall(page)).filter((x) => x.includes(second))).toEqual([])
    expect(await status(page).innerText()).not.toContain(second)
    await page.close()
  })

  it('says a question another tab of the phone delivered in the tab where the person is on the wall', async () => {
    const wallText = `En el muro para la otra pestaña ${unique('o')}: ¿y la biblioteca?`
    await onWall(wallText)
    const first = await phone(browser)
    const text = `Entregada por la otra pestaña ${unique('x')}: ¿habrá transmisión en lengua de señas?`
    await ask(first, text)
    const second = await first.context().newPage()
    await second.route('**/questions', offlineQuestions)
    await second.goto(`${server!.url}/e/${event.slug}`)
    await second.getByText(queued).waitFor()
    await button(second, wallText).focus()
    await listenToWall(second)

    await first.unroute('**/questions', offlineQuestions)
    await first.evaluate(() => dispatchEvent(new Event('online')))
    await expect.poll(() => radicadoOf(text).catch(() => '')).toMatch(/^SDE-/)
    const code = await radicadoOf(text)
    await second.bringToFront()
    await expect.poll(() => status(second).innerText()).toBe(filed(code))
    expect(await button(second, wallText).evaluate((b) => b === document.activeElement)).toBe(true)
    await second.waitForTimeout(2000)
    expect((await toldOnWall(second)).filter((x) => x.includes(code))).toEqual([filed(code)])
    await first.context().close()
  })
})
