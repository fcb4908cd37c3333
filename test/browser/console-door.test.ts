import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, openEvent, phone, signIn } from './chromium'

const server = inject('browserServer')
type OpenEvent = Awaited<ReturnType<typeof openEvent>>

/** A registration with consent, through the API; its check-in code. */
async function registerAt(event: OpenEvent, body: Record<string, unknown>) {
  const r = await event.api.call('POST', `/api/events/${event.slug}/attendance`, {
    body: { ...body, consent: true },
  })
  expect(r.status).toBe(201)
  return r.json.checkinCode as string
}

/** How many of the event's registrants are inside, as staff's summary counts them. */
const checkedInAt = async (event: OpenEvent) =>
  (
    await event.api.call('GET', `/api/events/${event.slug}/attendance/summary`, {
      token: event.token,
    })
  ).json.checkedIn.value

describe.skipIf(!server)('check-in at the door, in the console', () => {
  let browser: Browser
  let page: Page
  let event: OpenEvent
  const register = (body: Record<string, unknown>) => registerAt(event, body)
  const checkedIn = () => checkedInAt(event)
  const enter = async (code: string) => {
    await page.getByLabel('Código de ingreso').fill(code)
    await page.getByRole('button', { name: 'Registrar ingreso' }).click()
  }
  const result = () => page.locator('.door-result')

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
    page = await laptop(browser)
    await page.goto(`${server!.url}/console`)
    await page.getByLabel('Correo electrónico').fill(CONTRACT_ADMIN.email)
    await page.getByLabel('Contraseña').fill(CONTRACT_ADMIN.password)
    await page.getByRole('button', { name: 'Ingresar' }).click()
    await page.getByRole('heading', { name: 'Eventos' }).waitFor()
    await page.goto(`${server!.url}/console/eventos/${event.slug}/ingreso`)
    await page.getByLabel('Código de ingreso').waitFor()
  })
  afterAll(async () => browser?.close())

  it('offers no one-click undo for an earlier check-in, and asks before undoing it', async () => {
    const before = await checkedIn()
    const code = await register({ name: 'Marta Lucía Gómez', documentType: 'CC', documentNumber: '52111222' })
    await enter(code)
    await result().getByText('Ingreso registrado: Marta Lucía Gómez.').waitFor()
    await result().getByRole('button', { name: 'Deshacer este ingreso' }).waitFor()

    // The same code again: the person is inside, and one click must not send them back out.
    await enter(code)
    await result().getByText('Marta Lucía Gómez ya había ingresado.').waitFor()
    const since = result().getByText(/^Su ingreso se registró a las \d{1,2}:\d\d/)
    await since.waitFor()
    // «p. m.» closes the sentence: no second period after it.
    expect(await since.innerText()).toMatch(/\d\d\s[ap]\.\s?m\.$/)
    expect(await result().getByRole('button', { name: 'Deshacer este ingreso' }).count()).toBe(0)
    await result().getByRole('button', { name: 'Deshacer el ingreso anterior…' }).click()
    const ask = result().getByRole('group', { name: /^¿Deshacer el ingreso de Marta Lucía Gómez registrado/ })
    await ask.waitFor()
    await expectAccessible(page, 'undoing an earlier check-in')
    // Focus is on "keep it": Enter pressed out of habit changes nothing.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('No, dejarlo')
    await page.keyboard.press('Enter')
    await ask.waitFor({ state: 'detached' })
    expect(await checkedIn()).toBe(before + 1)

    await result().getByRole('button', { name: 'Deshacer el ingreso anterior…' }).click()
    await ask.getByRole('button', { name: 'Sí, deshacer ese ingreso' }).click()
    await result().getByText('Ingreso de Marta Lucía Gómez deshecho.').waitFor()
    expect(await checkedIn()).toBe(before)
  })

  it('shows the code of a person registered without a document, and the document of one with it', async () => {
    const code = await register({ name: 'Yesenia Mosquera', email: 'yesenia@example.co' })
    await enter(code)
    await result().getByText('Ingreso registrado: Yesenia Mosquera.').waitFor()
    await result().getByText(`Sin documento registrado · Código ${code}`).waitFor()
    // No contact details at the door: it needs none to let her in.
    expect(await result().innerText()).not.toContain('yesenia@example.co')
    await enter(code)
    await result().getByText('Yesenia Mosquera ya había ingresado.').waitFor()
    await result().getByText(`Sin documento registrado · Código ${code}`).waitFor()

    const other = await register({ name: 'Ana Milena Torres', documentType: 'CE', documentNumber: '987654' })
    await enter(other)
    await result().getByText(`CE 987654 · Código ${other}`).waitFor()
  })

  it('does not undo, from a stale result, a check-in made again since at another door', async () => {
    const before = await checkedIn()
    const code = await register({ name: 'Jorge Iván Rueda', documentType: 'CC', documentNumber: '79333444' })
    await enter(code)
    await result().getByText('Ingreso registrado: Jorge Iván Rueda.').waitFor()
    // Another door undoes it and checks him in again while this screen still offers its undo.
    const other = (method: string, path: string, body?: unknown) =>
      event.api.call(method, `/api/events/${event.slug}/checkins${path}`, { token: event.token, body })
    expect((await other('DELETE', `/${code}`)).json.changed).toBe(true)
    await new Promise((r) => setTimeout(r, 5))
    expect((await other('POST', '', { code })).json.alreadyCheckedIn).toBe(false)
    await result().getByRole('button', { name: 'Deshacer este ingreso' }).click()
    await result()
      .getByText(/^Ese ingreso ya no es el que se vio/)
      .waitFor()
    expect(await checkedIn()).toBe(before + 1)
  })
  it('says on the field what is wrong with a code the server refuses, and checks no one in', async () => {
    const before = await checkedIn()
    const field = page.getByLabel('Código de ingreso')
    // A code cut short at the door: the envelope's general message alone would not say what to fix.
    await enter('6R')
    await result().getByText('Código de ingreso o documento: Escriba al menos 4 caracteres.').waitFor()
    expect(await result().getByText('Los datos enviados no son válidos.').count()).toBe(0)
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    expect(await field.getAttribute('aria-describedby')).toBe('checkin-code-hint checkin-code-error')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('checkin-code')
    await expectAccessible(page, 'a refused check-in code')
    // Typing again takes the mark away; a code of nobody's marks the field too.
    await field.fill('ZZZZZZ')
    expect(await field.getAttribute('aria-invalid')).toBeNull()
    await page.getByRole('button', { name: 'Registrar ingreso' }).click()
    await result().getByText('No hay ningún registro en este evento con ese código.').waitFor()
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    expect(await checkedIn()).toBe(before)
  })

  it('checks a person in by the document number they give, with its dots', async () => {
    await register({ name: 'Rosa Elena Quintero', documentType: 'CC', documentNumber: '41555666' })
    await enter('41.555.666')
    await result().getByText('Ingreso registrado: Rosa Elena Quintero.').waitFor()
    await result()
      .getByText(/^CC 41555666 · Código [A-Z0-9]{6}$/)
      .waitFor()
  })

  it('takes the last result down while the next is asked, keeps what was typed meanwhile, and announces a repeat', async () => {
    const field = page.getByLabel('Código de ingreso')
    const first = await register({
      name: 'Hernán Darío Ospina',
      documentType: 'CC',
      documentNumber: '71222333',
    })
    const second = await register({
      name: 'Luz Dary Cárdenas',
      documentType: 'CC',
      documentNumber: '43999888',
    })
    await register({ name: 'Wilson Arango', documentType: 'CC', documentNumber: '98111222' })
    await enter(first)
    await result().getByText('Ingreso registrado: Hernán Darío Ospina.').waitFor()
    // A weak network at the door: the next answer takes its time.
    let release = () => {}
    const held = new Promise<void>((r) => {
      release = r
    })
    await page.route('**/checkins', async (route) => {
      await held
      await route.continue().catch(() => {})
    })
    try {
      await enter(second)
      // The last person is not on the screen while the next one waits to be let in.
      await expect.poll(() => result().innerText(), { timeout: 3000 }).not.toContain('Hernán')
      await result().getByText(`Buscando ${second}…`).waitFor()
      // The next person's document, typed while waiting, is not wiped by the answer that comes.
      await field.fill('98.111.222')
      release()
      await result().getByText('Ingreso registrado: Luz Dary Cárdenas.').waitFor()
      expect(await field.inputValue()).toBe('98.111.222')
    } finally {
      release()
      await page.unroute('**/checkins')
    }
    await page.getByRole('button', { name: 'Registrar ingreso' }).click()
    await result().getByText('Ingreso registrado: Wilson Arango.').waitFor()
    expect(await field.inputValue()).toBe('')

    // The same QR shown twice reads the same each time: the live region is given it anew, so it is said.
    await enter(first)
    await result().getByText('Hernán Darío Ospina ya había ingresado.').waitFor()
    await page.evaluate(() => {
      const w = window as unknown as { added: number }
      w.added = 0
      new MutationObserver((ms) => {
        for (const m of ms) w.added += m.addedNodes.length
      }).observe(document.querySelector('.door-result')!, { childList: true, subtree: true })
    })
    await enter(first)
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { added: number }).added))
      .toBeGreaterThan(0)
    await result().getByText('Hernán Darío Ospina ya había ingresado.').waitFor()
    await expectAccessible(page, 'a check-in shown again')
  })

  it('takes a retry after an answer lost on the way back for the check-in it made, not an earlier one', async () => {
    const before = await checkedIn()
    const code = await register({ name: 'Edilma Restrepo', documentType: 'CC', documentNumber: '21444555' })
    // The check-in reaches the server, and the network drops before its answer reaches the door.
    await page.route(
      '**/checkins',
      async (route) => {
        await route.fetch()
        await route.abort('internetdisconnected')
      },
      { times: 1 },
    )
    await enter(code)
    await result().getByText('No hay conexión con el servidor. Reintente en un momento.').waitFor()
    expect(await page.getByLabel('Código de ingreso').inputValue()).toBe(code)
    expect(await checkedIn()).toBe(before + 1)
    // Tried again: she came in with that very request, a moment ago, and has not been in before.
    await page.getByRole('button', { name: 'Registrar ingreso' }).click()
    await result().getByText('Ingreso registrado: Edilma Restrepo.').waitFor()
    expect(await result().getByText('Edilma Restrepo ya había ingresado.').count()).toBe(0)
    await result().getByRole('button', { name: 'Deshacer este ingreso' }).waitFor()
    expect(await checkedIn()).toBe(before + 1)
    // Once that is settled, the same code again is the same person come back.
    await enter(code)
    await result().getByText('Edilma Restrepo ya había ingresado.').waitFor()
    expect(await checkedIn()).toBe(before + 1)
  })
})

describe.skipIf(!server)('the door camera on a phone', () => {
  let browser: Browser
  let page: Page
  let event: OpenEvent

  beforeAll(async () => {
    browser = await launch()
    event = await openEvent(server!.url)
    page = await phone(browser)
    // Headless Chromium on Linux has neither a camera nor BarcodeDetector: a blank camera, and a detector
    // that reads whatever QR the test holds in front of it (`qrInView`), frame after frame.
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>
      w.qrInView = ''
      w.frames = 0
      w.BarcodeDetector = class {
        static async getSupportedFormats() {
          return ['qr_code']
        }
        async detect() {
          w.frames = (w.frames as number) + 1
          return w.qrInView ? [{ rawValue: w.qrInView }] : []
        }
      }
      const getUserMedia = async () => {
        const canvas = document.createElement('canvas')
        canvas.width = 640
        canvas.height = 480
        const g = canvas.getContext('2d')!
        const paint = () => {
          g.fillStyle = `hsl(${Date.now() % 360} 40% 50%)`
          g.fillRect(0, 0, 640, 480)
        }
        paint()
        setInterval(paint, 100)
        const stream = canvas.captureStream(10)
        w.stream = stream
        return stream
      }
      Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true })
    })
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
    await page.goto(`${server!.url}/console/eventos/${event.slug}/ingreso`)
    await page.getByLabel('Código de ingreso').waitFor()
  })
  afterAll(async () => browser?.close())

  const register = (name: string, documentNumber: string) =>
    registerAt(event, { name, documentType: 'CC', documentNumber })
  const checkedIn = () => checkedInAt(event)
  const hold = (qr: string) => page.evaluate((v) => Object.assign(window, { qrInView: v }), qr)
  const frames = () => page.evaluate(() => (window as unknown as { frames: number }).frames)
  const result = () => page.locator('.door-result')
  /** Wholly inside the phone's 740 px of height, as the page stands: nobody scrolled. */
  const onScreen = async (what: string, locator: ReturnType<Page['locator']>) => {
    const box = (await locator.boundingBox())!
    expect([what, box.y >= 0 && box.y + box.height <= 740], `${what}: ${JSON.stringify(box)}`).toEqual([
      what,
      true,
    ])
  }

  it('reads one person after another with the camera on, once each, with the preview and the result on screen', async () => {
    const before = await checkedIn()
    const first = await register('Gloria Inés Patiño', '39222333')
    const second = await register('Álvaro Ramírez', '80444555')
    await page.getByRole('button', { name: 'Leer el código QR con la cámara' }).click()
    const video = page.getByLabel('Imagen de la cámara')
    await video.waitFor()

    await hold(first)
    await result().getByText('Ingreso registrado: Gloria Inés Patiño.').waitFor()
    // The same QR stays in front of the camera for a couple of seconds: read again and again, taken once.
    const seen = await frames()
    await expect.poll(frames, { timeout: 10_000 }).toBeGreaterThan(seen + 8)
    expect(await result().getByText('Gloria Inés Patiño ya había ingresado.').count()).toBe(0)
    await result().getByText('Ingreso registrado: Gloria Inés Patiño.').waitFor()
    expect(await checkedIn()).toBe(before + 1)
    await onScreen('the preview', video)
    await onScreen('the result', result().locator('.door'))

    // The next person holds up theirs: no scroll, no tap, the camera still on.
    await hold(second)
    await result().getByText('Ingreso registrado: Álvaro Ramírez.').waitFor()
    expect(await checkedIn()).toBe(before + 2)
    await onScreen('the preview', video)
    await onScreen('the next result', result().locator('.door'))

    // The event's own join QR, on the wall beside the door, read by mistake.
    await hold(`${server!.url}/e/${event.slug}?canal=qr`)
    await result()
      .getByText(/Ese es el código QR de la página del evento, no el de un asistente/)
      .waitFor()
    await onScreen('the message', result())
    await expectAccessible(page, 'the camera reading at the door')

    const stop = page.getByRole('button', { name: 'Apagar la cámara' })
    await onScreen('the button that turns the camera off', stop)
    await stop.click()
    await video.waitFor({ state: 'detached' })
    // The camera itself is released, not only its preview.
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { stream: MediaStream }).stream
            .getTracks()
            .every((t) => t.readyState === 'ended'),
        ),
      )
      .toBe(true)
    await page.getByRole('button', { name: 'Leer el código QR con la cámara' }).waitFor()
  })
})
