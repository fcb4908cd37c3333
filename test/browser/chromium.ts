import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import axe from 'axe-core'
import { type Browser, chromium, type Locator, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { client, freshNit, unique } from '../contract/client'

export const CHROMIUM = '/usr/bin/chromium'
const shots = new URL('./screenshots/', import.meta.url).pathname

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * A phone: 360×740, touch, Spanish. CSP is bypassed only so axe-core can be injected. The attendee
 * page's service worker is blocked unless `serviceWorker` is asked for: once it controls a page,
 * Playwright's `page.route` no longer sees the page's requests, and the tests that answer them in its
 * place would then, now and then, reach the server instead.
 */
export async function phone(browser: Browser, opts: { serviceWorker?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'es-CO',
    bypassCSP: true,
    serviceWorkers: opts.serviceWorker ? 'allow' : 'block',
  })
  return context.newPage()
}

/** A laptop beside the stream (the console): 1280×800, Spanish. CSP is bypassed only for axe-core. */
export async function laptop(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'es-CO',
    bypassCSP: true,
  })
  return context.newPage()
}

/** Signs in to the console on `page` and waits for the list of events. */
export async function signIn(page: Page, url: string, email: string, password: string) {
  await page.goto(`${url}/console`)
  await page.getByLabel('Correo electrónico').fill(email)
  await page.getByLabel('Contraseña').fill(password)
  await page.getByRole('button', { name: 'Ingresar' }).click()
  await page.getByRole('heading', { name: 'Eventos' }).waitFor()
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(shots, { recursive: true })
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true })
}

/** Runs axe-core on the whole page, open shadow roots included, and expects no violation. */
export async function expectAccessible(page: Page, label: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source })
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => n.target.join(' > ')).slice(0, 5),
    }))
  })
  expect(violations, label).toEqual([])
}

/** An open event with two areas, created through the API with the admin's token. */
export async function openEvent(url: string, over: Record<string, unknown> = {}) {
  const api = client(url)
  const token = await api.login()
  const slug = unique('e2e')
  const res = await api.call('POST', '/api/events', {
    token,
    body: {
      slug,
      title: 'Rendición de cuentas 2026 — Secretaría de Desarrollo Económico',
      entity: {
        name: 'Secretaría de Desarrollo Económico',
        nit: '899999061-9',
        email: 'datos@sde.gov.co',
        address: 'Calle 10 # 5-20',
        radicadoPrefix: 'SDE',
      },
      startsAt: '2026-11-27T14:00:00-05:00',
      modality: 'hibrida',
      country: 'CO',
      status: 'open',
      place: 'Auditorio principal',
      streamUrl: 'https://www.youtube.com/watch?v=demo',
      areas: [
        { key: 'despacho', name: 'Despacho' },
        { key: 'cadenas-valor', name: 'Subsecretaría de Cadenas de Valor' },
      ],
      ...over,
      // An entity of its own (a name of its own) gets a NIT of its own, valid, and the address and
      // contact its privacy notice names, unless it brings them: an event opens only with them.
      ...(over.entity && typeof over.entity === 'object'
        ? {
            entity: {
              nit: freshNit().hyphen,
              address: 'Calle 10 # 5-20',
              email: 'datos@entidad.gov.co',
              ...(over.entity as Record<string, unknown>),
            },
          }
        : {}),
    },
  })
  if (res.status !== 201) throw new Error(`event create failed ${res.status} ${JSON.stringify(res.json)}`)
  return { slug, api, token }
}

/** The widget's shadow root content, for checks that need the DOM itself (focus, attributes). */
export const inWidget = <T>(page: Page, fn: (root: ShadowRoot) => T) =>
  page.evaluate(`(${fn.toString()})(document.querySelector('cabildo-form').shadowRoot)`) as Promise<T>

/**
 * Presses "Reintentar" until `done` shows. The widget's backoff retries too, only slower, and may
 * deliver between two presses: the button is then gone, which is as good.
 */
export const retryUntilShown = (page: Page, done: string | RegExp) =>
  expect
    .poll(async () => {
      await page
        .getByRole('button', { name: 'Reintentar' })
        .click({ timeout: 1000 })
        .catch(() => {})
      return page.getByRole('heading', { name: done }).count()
    })
    .toBe(1)

/** What a screen reader on a form field meets: whether it has focus, aria-invalid, and the texts describing it. */
export const fieldState = (field: Locator) =>
  field.evaluate((el) => ({
    focused: el === document.activeElement,
    invalid: el.getAttribute('aria-invalid'),
    described: (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
      .join(' '),
  }))

/** The evaluation survey's required questions, each answered, on the attendee page's survey tab. */
export async function answerRequired(p: Page) {
  const pick = (group: RegExp, option: string) =>
    p.getByRole('group', { name: group }).getByRole('radio', { name: option, exact: true }).check()
  await pick(/explicación sobre el procedimiento/, 'Clara')
  await pick(/oportunidad para que los asistentes/, 'Adecuada')
  await pick(/tiempo de exposición/, 'Adecuado')
  await pick(/respondió a sus intereses/, 'Sí')
  await pick(/dio a conocer los resultados/, 'Sí')
  await pick(/cómo califica la gestión/, 'Buena')
  await pick(/Volvería a participar/, 'Sí')
}
