import { connect, createServer, type Socket } from 'node:net'
import type { Browser, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { STALL_MS } from '../../web/shared/stall'
import { client } from '../contract/client'
import { expectAccessible, launch, listenToWall, openEvent, phone, screenshot, toldOnWall } from './chromium'

const server = inject('browserServer')

/**
 * A TCP relay to the server that can hold every byte both ways without closing anything: a connection
 * that stalls, as a phone's does between networks, which neither side sees fail.
 */
async function stallingRelay(target: string) {
  const { hostname, port } = new URL(target)
  let held: (() => void)[] | null = null
  const sockets = new Set<Socket>()
  const relay = (from: Socket, to: Socket) =>
    from.on('data', (d) => (held ? held.push(() => to.write(d)) : to.write(d)))
  const proxy = createServer((client) => {
    const upstream = connect(Number(port), hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => {})
      s.on('close', () => {
        sockets.delete(s)
        client.destroy()
        upstream.destroy()
      })
    }
    relay(client, upstream)
    relay(upstream, client)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const { port: own } = proxy.address() as { port: number }
  return {
    url: `http://127.0.0.1:${own}`,
    stall: () => {
      held = []
    },
    resume: () => {
      const queued = held ?? []
      held = null
      for (const send of queued) send()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        proxy.close(() => resolve())
      }),
  }
}

describe.skipIf(!server)('the public wall', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => browser?.close())

  it("shows a question live once a moderator approves it in another page, others' votes as they come, and its removal", async () => {
    const { slug, token } = await openEvent(server!.url)
    const attendee = await phone(browser)
    await attendee.goto(`${server!.url}/e/${slug}`)
    await attendee.getByText(/^En vivo:/).waitFor()

    await attendee.getByRole('button', { name: 'Pregunta', exact: true }).click()
    await attendee.getByLabel('Tipo de solicitud').selectOption('pregunta')
    const text = '¿Qué resultados tuvo el programa de ferias campesinas?'
    await attendee.getByLabel('Su pregunta o solicitud').fill(text)
    await attendee.getByRole('button', { name: 'Enviar' }).click()
    await attendee.getByRole('heading', { name: /Su pregunta quedó radicada/ }).waitFor()
    expect(await attendee.locator('#wall').innerText()).not.toContain(text)

    // The moderator's side, from a second page, until the console exists: the API with a staff token.
    const moderator = await phone(browser)
    await moderator.goto(`${server!.url}/api/health`)
    /** A moderation decision on the question, as staff send it: the question found by its text. */
    const moderate = (decision: Record<string, unknown>) =>
      moderator.evaluate(
        async ({ slug, token, text, decision }) => {
          const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
          const list: { questions: { id: string; text: string }[] } = await (
            await fetch(`/api/events/${slug}/questions`, { headers: auth })
          ).json()
          const id = list.questions.find((q) => q.text === text)!.id
          const res = await fetch(`/api/questions/${id}`, {
            method: 'PATCH',
            headers: auth,
            body: JSON.stringify(decision),
          })
          return res.status
        },
        { slug, token, text, decision },
      )
    const approved = await moderate({ status: 'approved' })
    expect(approved).toBe(200)

    const item = attendee.locator('#wall li', { hasText: text })
    await item.waitFor({ timeout: 10_000 })
    await item.getByRole('button', { name: /Apoyar · 0/ }).click()
    await item.getByRole('button', { name: /Apoyar · 1/ }).waitFor()
    await attendee.getByText('Gracias: su apoyo quedó registrado.').waitFor()
    // A device that forgot it voted (storage cleared) is told so, and counted once.
    await attendee.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.endsWith(':votes')) localStorage.removeItem(k)
    })
    await attendee.reload()
    await item.getByRole('button', { name: /Apoyar · 1/ }).click()
    await attendee.getByText('Su apoyo a esta pregunta ya estaba registrado.').waitFor()
    await item.getByRole('button', { name: /Apoyar · 1/ }).waitFor()
    // Someone else's vote shows without a reload: the votes frame carries the new count.
    const voted = await moderator.evaluate(
      async ({ slug, text }) => {
        const list: { questions: { id: string; text: string }[] } = await (
          await fetch(`/api/events/${slug}/questions`)
        ).json()
        const id = list.questions.find((q) => q.text === text)!.id
        const res = await fetch(`/api/events/${slug}/questions/${id}/votes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-device-token': 'otro-dispositivo-123' },
          body: '{}',
        })
        return res.status
      },
      { slug, text },
    )
    expect(voted).toBe(201)
    await item.getByRole('button', { name: /Apoyar · 2/ }).waitFor({ timeout: 10_000 })
    await screenshot(attendee, 'wall-approved')
    await expectAccessible(attendee, 'attendee page with the wall')
    // A moderator hides it: it leaves the wall without a reload.
    const hidden = await moderate({ status: 'hidden', reason: 'Duplicada' })
    expect(hidden).toBe(200)
    await item.waitFor({ state: 'detached', timeout: 10_000 })
  })

  it('notices a stream that stalls without closing, and catches up once it flows again', async () => {
    const { slug, token } = await openEvent(server!.url)
    const api = client(server!.url)
    const relay = await stallingRelay(server!.url)
    const attendee = await phone(browser)
    // The page's own clock, which runs as usual until moved on below.
    await attendee.clock.install()
    try {
      await attendee.goto(`${relay.url}/e/${slug}`)
      await attendee.getByText(/^En vivo:/).waitFor()
      relay.stall()
      // The server's ping stops coming: after STALL_MS of silence (the page's clock moved on rather than
      // waited for) the page stops saying "En vivo".
      await attendee.clock.fastForward(STALL_MS + 1_000)
      await attendee.getByText('Conectando con la transmisión de preguntas…').waitFor({ timeout: 10_000 })
      // Approved meanwhile, and sent on a stream the page is no longer reading.
      const text = '¿Se aprobó durante el corte?'
      const { id } = (
        await api.call('POST', `/api/events/${slug}/questions`, { body: { type: 'pregunta', text } })
      ).json
      await api.call('PATCH', `/api/questions/${id}`, { token, body: { status: 'approved' } })
      relay.resume()
      await attendee.getByText(/^En vivo:/).waitFor({ timeout: 40_000 })
      await attendee.locator('#wall li', { hasText: text }).waitFor({ timeout: 10_000 })
    } finally {
      await attendee.close()
      await relay.close()
    }
  })

  it('tells a screen reader of new and answered questions, politely, counted and at most once every 10 s, never of votes', async () => {
    const { slug, token } = await openEvent(server!.url)
    const api = client(server!.url)
    const approve = async (text: string) => {
      const { id } = (
        await api.call('POST', `/api/events/${slug}/questions`, { body: { type: 'pregunta', text } })
      ).json
      await api.call('PATCH', `/api/questions/${id}`, { token, body: { status: 'approved' } })
      return id as string
    }
    const first = await approve('¿Cuándo empieza la obra del parque de La Floresta?')
    const attendee = await phone(browser)
    await attendee.goto(`${server!.url}/e/${slug}`)
    await attendee.getByText(/^En vivo:/).waitFor()
    await attendee.locator('#wall li').first().waitFor()
    // Every change of the wall's polite regions, with when it came.
    await attendee.evaluate(() => {
      const w = window as unknown as { heard: [number, string][] }
      w.heard = []
      for (const region of Array.from(document.querySelectorAll('#wall [aria-live], #wall [role=status]')))
        new MutationObserver(() => {
          if (region.textContent) w.heard.push([Date.now(), region.textContent])
        }).observe(region, { childList: true, characterData: true, subtree: true })
    })
    const heard = () => attendee.evaluate(() => (window as unknown as { heard: [number, string][] }).heard)
    // Nothing in the list itself is a live region.
    expect(
      await attendee
        .locator('#wall ul')
        .evaluate(
          (ul) => !!ul.closest('[aria-live], [role=status], [role=log]') || !!ul.querySelector('[aria-live]'),
        ),
    ).toBe(false)
    // Others' votes are not news.
    for (const device of ['uno-1234567', 'dos-1234567', 'tres-123456'])
      await api.call('POST', `/api/events/${slug}/questions/${first}/votes`, {
        headers: { 'x-device-token': device },
        body: {},
      })
    await attendee.getByRole('button', { name: /Apoyar · 3/ }).waitFor()
    // Two approved at once: said once, counted.
    await approve('¿Habrá iluminación en la cancha del barrio Kennedy?')
    await approve('¿Qué pasó con el presupuesto participativo de 2025?')
    await attendee.locator('#wall li').nth(2).waitFor()
    await expect.poll(heard).toEqual([[expect.any(Number), 'Hay 2 preguntas nuevas en el muro.']])
    const [[saidAt]] = await heard()
    // Right after, one more and an answer: kept for the next news, 10 s after the first.
    await approve('¿Se amplía el horario del CAI?')
    await api.call('PATCH', `/api/questions/${first}`, {
      token,
      body: { status: 'answered_live', answer: 'Empieza en marzo.' },
    })
    await attendee.locator('#wall li').nth(3).waitFor()
    await attendee.getByText('Empieza en marzo.').waitFor()
    await attendee.waitForTimeout(3000)
    expect(await heard()).toHaveLength(1)
    await expect.poll(heard, { timeout: 15_000 }).toEqual([
      [saidAt, 'Hay 2 preguntas nuevas en el muro.'],
      [expect.any(Number), 'Hay una pregunta nueva en el muro. Se respondió una pregunta del muro.'],
    ])
    const [, [againAt]] = await heard()
    // 10 s apart, give or take when the page got to render each (a few ms on a busy machine).
    expect(againAt - saidAt).toBeGreaterThanOrEqual(9_800)
    await expectAccessible(attendee, 'the wall after its news')
    await attendee.close()
  })

  it('holds its order still as votes arrive, sorts when asked, and keeps focus on the button voted with', async () => {
    const { slug, token } = await openEvent(server!.url)
    const api = client(server!.url)
    const approvedQuestion = async (text: string) => {
      const { id } = (
        await api.call('POST', `/api/events/${slug}/questions`, { body: { type: 'pregunta', text } })
      ).json
      await api.call('PATCH', `/api/questions/${id}`, { token, body: { status: 'approved' } })
      return id as string
    }
    await approvedQuestion('¿Primera pregunta del muro?')
    const second = await approvedQuestion('¿Segunda pregunta del muro?')
    const attendee = await phone(browser)
    await attendee.goto(`${server!.url}/e/${slug}`)
    await attendee.getByText(/^En vivo:/).waitFor()
    const texts = () => attendee.locator('#wall li p.q').allInnerTexts()
    await attendee.locator('#wall li').nth(1).waitFor()
    expect(await texts()).toEqual(['¿Primera pregunta del muro?', '¿Segunda pregunta del muro?'])
    // No live region around the list: a screen reader is not read every vote (the wall's news, counted,
    // has a region of its own, beside the list).
    expect(
      await attendee
        .locator('#wall ul')
        .evaluate(
          (ul) => !!ul.closest('[aria-live], [role=status], [role=log]') || !!ul.querySelector('[aria-live]'),
        ),
    ).toBe(false)

    // Two votes from elsewhere: the count changes in place, the order does not.
    for (const device of ['dispositivo-uno-123', 'dispositivo-dos-456'])
      await api.call('POST', `/api/events/${slug}/questions/${second}/votes`, {
        headers: { 'x-device-token': device },
      })
    const secondItem = attendee.locator('#wall li', { hasText: '¿Segunda pregunta del muro?' })
    await secondItem.getByRole('button', { name: /Apoyar · 2/ }).waitFor({ timeout: 10_000 })
    expect(await texts()).toEqual(['¿Primera pregunta del muro?', '¿Segunda pregunta del muro?'])
    await attendee.getByRole('button', { name: 'Ordenar por apoyos' }).click()
    expect(await texts()).toEqual(['¿Segunda pregunta del muro?', '¿Primera pregunta del muro?'])
    await attendee.getByRole('status').filter({ hasText: 'Preguntas ordenadas por apoyos.' }).waitFor()

    // Voting from the keyboard leaves focus on the button, now pressed; pressing it again says so.
    const button = secondItem.getByRole('button', { name: /Apoyar/ })
    await button.focus()
    await attendee.keyboard.press('Enter')
    await secondItem.getByRole('button', { name: /Apoyar · 3/ }).waitFor()
    expect(await button.getAttribute('aria-pressed')).toBe('true')
    expect(await button.evaluate((b) => b === document.activeElement)).toBe(true)
    await attendee.keyboard.press('Enter')
    await attendee.getByText('Su apoyo a esta pregunta ya estaba registrado.').waitFor()
    expect(await button.evaluate((b) => b === document.activeElement)).toBe(true)
    await expectAccessible(attendee, 'the wall after sorting and voting')
    await attendee.close()
  })

  it('counts a double tap on "Apoyar" once and says the support was counted', async () => {
    const { slug, token } = await openEvent(server!.url)
    const api = client(server!.url)
    const { id } = (
      await api.call('POST', `/api/events/${slug}/questions`, {
        body: { type: 'pregunta', text: '¿Habrá ciclovía los domingos?' },
      })
    ).json
    await api.call('PATCH', `/api/questions/${id}`, { token, body: { status: 'approved' } })
    const attendee = await phone(browser)
    const sent: string[] = []
    // A slow network: each vote takes 700 ms, time for the thumb to bounce.
    await attendee.route('**/votes', async (route) => {
      sent.push(route.request().url())
      await new Promise((r) => setTimeout(r, 700))
      await route.continue()
    })
    await attendee.goto(`${server!.url}/e/${slug}`)
    const button = attendee.locator('#wall li').getByRole('button', { name: /Apoyar/ })
    await button.dblclick()
    await attendee.getByRole('button', { name: /Apoyar · 1/ }).waitFor()
    await attendee.getByText('Gracias: su apoyo quedó registrado.').waitFor()
    await attendee.waitForTimeout(1000)
    expect(sent).toHaveLength(1)
    await expect
      .poll(() => attendee.locator('#wall [role=status]').innerText())
      .toBe('Gracias: su apoyo quedó registrado.')
    await attendee.close()
  })

  it('shows at once on a slow connection that the support is being recorded, and settles it when answered or left waiting', async () => {
    const { slug, token } = await openEvent(server!.url)
    const api = client(server!.url)
    const texts = ['¿Cuándo arreglan la vía a la vereda La Esperanza?', '¿Habrá más rutas de bus nocturnas?']
    for (const text of texts) {
      const { id } = (
        await api.call('POST', `/api/events/${slug}/questions`, { body: { type: 'pregunta', text } })
      ).json
      await api.call('PATCH', `/api/questions/${id}`, { token, body: { status: 'approved' } })
    }
    const attendee = await phone(browser)
    // Every vote takes 2.5 s; the second never arrives (the connection drops on its way).
    let votes = 0
    await attendee.route('**/votes', async (route) => {
      const fails = votes++ > 0
      await new Promise((r) => setTimeout(r, 2500))
      await (fails ? route.abort('internetdisconnected') : route.continue())
    })
    await attendee.goto(`${server!.url}/e/${slug}`)
    const button = (text: string) =>
      attendee.locator('#wall li', { hasText: text }).getByRole('button', { name: /Apoyar/ })
    const status = attendee.locator('#wall [role=status]')
    await button(texts[0]).waitFor()
    // Well before the answer: pressed, and said.
    const soon = { timeout: 1500 }
    await button(texts[0]).click()
    await expect.poll(() => button(texts[0]).getAttribute('aria-pressed'), soon).toBe('true')
    await expect.poll(() => status.innerText(), soon).toBe('Registrando su apoyo…')
    // A second tap meanwhile sends nothing more.
    await button(texts[0]).click()
    await expect.poll(() => status.innerText()).toBe('Gracias: su apoyo quedó registrado.')
    expect(await button(texts[0]).getAttribute('aria-pressed')).toBe('true')
    await attendee.getByRole('button', { name: /Apoyar · 1/ }).waitFor()
    expect(votes).toBe(1)
    // One that meets no network is pressed while it is on its way, then stays pressed, waiting on the phone
    // to go again, and says so.
    await button(texts[1]).click()
    await expect.poll(() => button(texts[1]).getAttribute('aria-pressed'), soon).toBe('true')
    await expect.poll(() => status.innerText(), soon).toBe('Registrando su apoyo…')
    await expect
      .poll(() => status.innerText())
      .toBe('Su apoyo quedó pendiente en este teléfono: se enviará al recuperar la conexión.')
    expect(await button(texts[1]).getAttribute('aria-pressed')).toBe('true')
    expect(await button(texts[1]).innerText()).toMatch(/· pendiente$/)
    await expectAccessible(attendee, 'the wall after a vote that could not be counted yet')
    await attendee.close()
  })

  it('keeps both of two votes sent close together on a slow network, and says its thanks for each', async () => {
    const { slug, token } = await openEvent(server!.url)
    const api = client(server!.url)
    const texts = ['¿Habrá alumbrado en la vereda El Salitre?', '¿Cuándo abre el centro de salud?']
    for (const text of texts) {
      const { id } = (
        await api.call('POST', `/api/events/${slug}/questions`, { body: { type: 'pregunta', text } })
      ).json
      await api.call('PATCH', `/api/questions/${id}`, { token, body: { status: 'approved' } })
    }
    const attendee = await phone(browser)
    // The first vote takes 1.5 s, the second 2.5 s: the second is tapped while the first is on its way,
    // and answered a second after it, each answer said in its turn.
    let votes = 0
    await attendee.route('**/votes', async (route) => {
      await new Promise((r) => setTimeout(r, votes++ === 0 ? 1500 : 2500))
      await route.continue()
    })
    await attendee.goto(`${server!.url}/e/${slug}`)
    const button = (text: string) =>
      attendee.locator('#wall li', { hasText: text }).getByRole('button', { name: /Apoyar/ })
    await button(texts[1]).waitFor()
    // What the status line says, each time it changes: a screen reader reads each change.
    await listenToWall(attendee)
    await button(texts[0]).click()
    await button(texts[1]).click()
    for (const text of texts) await expect.poll(() => button(text).getAttribute('aria-pressed')).toBe('true')
    const thanks = 'Gracias: su apoyo quedó registrado.'
    // Each tap is said at once ("Registrando…"), then each answer in its turn.
    await expect
      .poll(() => toldOnWall(attendee).then((told) => told.filter((x) => x !== 'Registrando su apoyo…')))
      .toEqual([thanks, thanks])
    expect((await toldOnWall(attendee))[0]).toBe('Registrando su apoyo…')
    // Both stay voted on the device: opened again, neither is sent a second time.
    await attendee.reload()
    for (const text of texts) await expect.poll(() => button(text).getAttribute('aria-pressed')).toBe('true')
    await attendee.close()
  })

  it('says it could not load the questions rather than loading forever, and shows them once it can', async () => {
    const { slug, token } = await openEvent(server!.url)
    const api = client(server!.url)
    const { id } = (
      await api.call('POST', `/api/events/${slug}/questions`, {
        body: { type: 'pregunta', text: '¿Cuándo abre la biblioteca?' },
      })
    ).json
    await api.call('PATCH', `/api/questions/${id}`, { token, body: { status: 'approved' } })
    const attendee = await phone(browser)
    // The page came, then the network went: the wall's read and its stream both fail.
    const cut = (route: { abort: () => Promise<void> }) => route.abort()
    await attendee.route(`**/api/events/${slug}/questions`, cut)
    await attendee.route(`**/api/events/${slug}/live`, cut)
    await attendee.goto(`${server!.url}/e/${slug}`)
    await attendee
      .getByText('No pudimos cargar las preguntas. Aparecerán aquí en cuanto vuelva la conexión.')
      .waitFor()
    await attendee.unroute(`**/api/events/${slug}/questions`, cut)
    await attendee.unroute(`**/api/events/${slug}/live`, cut)
    await attendee.getByText('¿Cuándo abre la biblioteca?').waitFor({ timeout: 20_000 })
    await attendee.close()
  })

  it('drops a question hidden meanwhile while its live stream is blocked, the wall read about every 15 s', async () => {
    const { slug, token } = await openEvent(server!.url)
    const api = client(server!.url)
    const text = '¿Por qué el concejal dijo eso en la transmisión?'
    const { id } = (
      await api.call('POST', `/api/events/${slug}/questions`, { body: { type: 'pregunta', text } })
    ).json
    await api.call('PATCH', `/api/questions/${id}`, { token, body: { status: 'approved' } })
    const attendee = await phone(browser)
    // A network that lets the API through but not event streams.
    await attendee.route(`**/api/events/${slug}/live`, (route) => route.abort('connectionrefused'))
    try {
      await attendee.goto(`${server!.url}/e/${slug}`)
      const item = attendee.locator('#wall li', { hasText: text })
      await item.waitFor()
      await attendee.getByText('Conectando con la transmisión de preguntas…').waitFor()
      const hidden = await api.call('PATCH', `/api/questions/${id}`, {
        token,
        body: { status: 'hidden', reason: 'Lenguaje ofensivo' },
      })
      expect(hidden.status).toBe(200)
      // Within the poll (12–18 s, and a moment for the read), with no stream to say so.
      await item.waitFor({ state: 'detached', timeout: 22_000 })
    } finally {
      await attendee.close()
    }
  })

  it('opens its stream again after the server refused it (503), without waiting for the stall watchdog', async () => {
    const { slug } = await openEvent(server!.url)
    const attendee = await phone(browser)
    // The first two opens of the stream meet a server that is restarting: an answer that is not a
    // stream, which the browser's EventSource never retries by itself.
    let refusals = 0
    await attendee.route('**/live', async (route) => {
      if (refusals >= 2) return route.continue()
      refusals++
      await route.fulfill({
        status: 503,
        headers: { 'retry-after': '1', 'content-type': 'application/json' },
        body: JSON.stringify({
          error: { code: 'UNAVAILABLE', message: 'Intente de nuevo.', requestId: 'x' },
        }),
      })
    })
    await attendee.goto(`${server!.url}/e/${slug}`)
    // Two backoffs of at most 2 and 4 s, well inside STALL_MS (25 s), after which the watchdog alone
    // would have opened it.
    await attendee.getByText(/^En vivo:/).waitFor({ timeout: 15_000 })
    expect(refusals).toBe(2)
    await attendee.context().close()
  })

  it("shows a closed event's questions with the counts they closed with and no button to vote", async () => {
    const { slug, api, token } = await openEvent(server!.url)
    const { id } = (
      await api.call('POST', `/api/events/${slug}/questions`, {
        body: { type: 'pregunta', text: '¿Se publicará el informe?' },
      })
    ).json
    await api.call('PATCH', `/api/questions/${id}`, { token, body: { status: 'approved' } })
    await api.call('POST', `/api/events/${slug}/questions/${id}/votes`, {
      headers: { 'x-device-token': 'dispositivo-uno-123' },
    })
    await api.call('PATCH', `/api/events/${slug}`, { token, body: { status: 'closed' } })
    const attendee = await phone(browser)
    await attendee.goto(`${server!.url}/e/${slug}`)
    const item = attendee.locator('#wall li', { hasText: '¿Se publicará el informe?' })
    await item.getByText('1 voto').waitFor()
    expect(
      await attendee
        .locator('#wall')
        .getByRole('button', { name: /Apoyar/ })
        .count(),
    ).toBe(0)
    await expectAccessible(attendee, 'the wall of a closed event')
    await attendee.close()
  })

  it("reads the questions, answers and departments in Spanish on an English page, and the wall's own words in English", async () => {
    const { slug, api, token } = await openEvent(server!.url)
    const text = '¿Cuándo abren las inscripciones del programa?'
    const answer = 'En febrero, por la sede electrónica.'
    const filed = (
      await api.call('POST', `/api/events/${slug}/questions`, { body: { type: 'pregunta', text } })
    ).json
    await api.call('PATCH', `/api/questions/${filed.id}`, { token, body: { status: 'approved' } })
    const answered = await api.call('PATCH', `/api/questions/${filed.id}`, {
      token,
      body: { status: 'answered_live', answer, area: 'cadenas-valor' },
    })
    expect(answered.status).toBe(200)
    const attendee = await phone(browser)
    await attendee.goto(`${server!.url}/e/${slug}?lang=en`)
    const item = attendee.locator('#wall li', { hasText: text })
    await item.waitFor()
    /** The language the text is read in: the nearest `lang` around it (WCAG 3.1.2). */
    const langOf = (l: Locator) => l.evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))
    const at = (l: Locator, s: string) => l.getByText(s, { exact: true })
    for (const s of [text, answer, 'Subsecretaría de Cadenas de Valor'])
      expect(await langOf(at(item, s)), s).toBe('es')
    expect(await langOf(item.getByRole('button', { name: /Support/ }))).toBe('en')
    expect(await langOf(at(item, 'Answer:'))).toBe('en')
    // The page's own facts, server-rendered: the entity's name and the title, in Spanish.
    expect(await langOf(attendee.locator('h1'))).toBe('es')
    expect(await langOf(attendee.locator('p.entity'))).toBe('es')
    // A radicado looked up: its department and answer are the entity's words, its labels the page's.
    await attendee.getByLabel('Filing number').fill(filed.radicado)
    await attendee.getByRole('button', { name: 'Look up' }).click()
    const result = attendee.locator('#lookup-result')
    await result.locator('dl').waitFor()
    for (const s of [answer, 'Subsecretaría de Cadenas de Valor'])
      expect(await langOf(at(result, s)), s).toBe('es')
    expect(await langOf(result.locator('dt').first())).toBe('en')
    await expectAccessible(attendee, 'the English wall with Spanish questions')
    await attendee.close()
  })

  it('keeps a long unbroken question and a right-to-left one inside a small phone, each vote button naming its question', async () => {
    const { slug, token } = await openEvent(server!.url)
    const api = client(server!.url)
    const long = `Vea https://ejemplo.gov.co/${'tramite'.repeat(130)} por favor`
    const rtl = 'هل ستُفتح المكتبة يوم السبت؟'
    for (const text of [long, rtl]) {
      const { id } = (
        await api.call('POST', `/api/events/${slug}/questions`, { body: { type: 'pregunta', text } })
      ).json
      await api.call('PATCH', `/api/questions/${id}`, { token, body: { status: 'approved' } })
    }
    const attendee = await phone(browser)
    await attendee.setViewportSize({ width: 320, height: 640 })
    await attendee.goto(`${server!.url}/e/${slug}`)
    await attendee.locator('#wall li').nth(1).waitFor()
    // Nothing wider than the screen: the page does not scroll sideways, and its tabs can still be tapped.
    expect(
      await attendee.evaluate(
        () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      ),
    ).toBe(true)
    const rtlText = attendee.locator('#wall p.q', { hasText: rtl })
    expect(await rtlText.evaluate((p) => getComputedStyle(p).direction)).toBe('rtl')
    // Every button says "Apoyar"; its description says which question it supports.
    const described = await attendee
      .locator('#wall li', { hasText: rtl })
      .getByRole('button', { name: /Apoyar/ })
      .evaluate((b) => document.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent)
    expect(described).toBe(rtl)
    await expectAccessible(attendee, 'the wall with a long and a right-to-left question')
    await attendee.close()
  })
})
