import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { client, unique } from '../contract/client'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, fieldState, laptop, launch, openEvent, screenshot, signIn } from './chromium'

const server = inject('browserServer')

type Received = { path: string; headers: IncomingHttpHeaders; body: string }

describe.skipIf(!server)("the console's webhooks", () => {
  let browser: Browser
  let page: Page
  let token: string
  let slug: string
  let receiver: Server
  let base = ''
  // What the receiver beside the test was sent: /ok answers 204, /fail 500.
  const received: Received[] = []
  const created: string[] = []
  // The first webhook's secret, as the console showed it the one time it is shown.
  let firstSecret = ''
  const hintOf = (secret: string) => `whsec_…${secret.slice(-4)}`
  // Whether the page holds the secret anywhere: its text, its attributes, its fields.
  const holds = (secret: string) =>
    page.evaluate(
      (key) =>
        document.documentElement.outerHTML.includes(key) ||
        [...document.querySelectorAll('input, textarea')].some((f) =>
          (f as HTMLInputElement).value.includes(key),
        ),
      secret.slice('whsec_'.length),
    )
  const api = () => client(server!.url)
  const focused = () => page.evaluate(() => document.activeElement?.textContent)
  const said = () => page.locator('main > section > p[role=status]').innerText()
  const card = (url: string) => page.getByRole('region', { name: url, exact: true })
  const listed = async () => (await api().call('GET', '/api/webhooks', { token })).json.webhooks as any[]
  const one = async (url: string) => (await listed()).find((w) => w.url === url)
  const file = (text: string) =>
    api().call('POST', `/api/events/${slug}/questions`, { body: { type: 'sugerencia', text } })

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => {
        body += c
      })
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body })
        res.writeHead(req.url === '/ok' ? 204 : 500).end()
      })
    })
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done))
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
    browser = await launch()
    token = await api().login()
    slug = (await openEvent(server!.url, { entity: { name: unique('Alcaldía de los Avisos') } })).slug
    page = await laptop(browser)
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server!.url })
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
  })
  afterAll(async () => {
    // The browser suite's server keeps its data between files: no webhook of this file outlives it.
    for (const w of await listed().catch(() => []))
      if (created.includes(w.url)) await api().call('DELETE', `/api/webhooks/${w.id}`, { token })
    await browser?.close()
    await new Promise((done) => receiver?.close(done))
  })

  it("names the server's refusal of a plain http address in the error summary, and registers nothing", async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click()
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor()
    await page.getByRole('heading', { name: /webhooks?$/, level: 2 }).waitFor()
    await expectAccessible(page, 'webhooks list')
    const before = (await listed()).length
    await page.getByRole('button', { name: 'Registrar un webhook' }).click()
    await expect.poll(focused).toBe('Nuevo webhook')
    const form = page.getByRole('region', { name: 'Nuevo webhook' })
    // The types are the server's own list, each a checkbox.
    const types = form.getByRole('group', { name: 'Avisos que recibe' }).getByRole('checkbox')
    expect(await types.evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toEqual(
      (await api().call('GET', '/api/webhooks', { token })).json.eventTypes,
    )
    const url = form.getByLabel('Dirección')
    await url.fill('http://example.org/cabildo')
    await form.getByRole('button', { name: 'Registrar el webhook' }).click()

    const summary = form.getByRole('alert')
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await summary.getByRole('heading').innerText()).toBe('Hay un problema')
    const link = summary.getByRole('link', { name: /^Dirección: Use https/ })
    expect(await link.innerText()).toContain('datos personales de los peticionarios')
    const state = await fieldState(url)
    expect(state.invalid).toBe('true')
    expect(state.described).toContain('Use https')
    await expectAccessible(page, 'a webhook refused')
    await link.click()
    await expect.poll(() => fieldState(url)).toMatchObject({ focused: true })
    expect((await listed()).length).toBe(before)
  })

  it('registers one, shows its secret once with a copy button, then only its hint, also after a reload', async () => {
    const form = page.getByRole('region', { name: 'Nuevo webhook' })
    const url = `${base}/ok`
    created.push(url)
    await form.getByLabel('Dirección').fill(url)
    await form.getByLabel('Descripción').fill('Gestor documental de la Secretaría General')
    await form.getByRole('checkbox', { name: /^Pregunta o petición radicada/ }).check()
    await form.getByRole('button', { name: 'Registrar el webhook' }).click()

    await expect.poll(focused).toBe('Secreto de firma')
    expect(await said()).toBe(`Webhook registrado: ${url}. Copie ahora su secreto: no se volverá a mostrar.`)
    const shown = page.getByRole('region', { name: 'Secreto de firma' })
    const secret = await shown.locator('code').innerText()
    firstSecret = secret
    const saved = await one(url)
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    // The API no longer gives it: only the hint the list shows.
    expect(saved.secret).toBeUndefined()
    expect(saved.secretHint).toBe(hintOf(secret))
    expect(saved.eventTypes).toEqual(['question.created'])
    expect(saved.description).toBe('Gestor documental de la Secretaría General')
    expect(await shown.innerText()).toContain('Configúrelo ahora en el sistema que recibe los mensajes')
    // The focused heading is described by the warning, so a screen reader says it with the heading.
    const once = 'Se muestra solo esta vez: cópielo ahora.'
    expect(
      await shown
        .getByRole('heading', { name: 'Secreto de firma' })
        .evaluate((h) => document.getElementById(h.getAttribute('aria-describedby') ?? '')?.textContent),
    ).toContain(once)
    await shown.getByRole('button', { name: 'Copiar el secreto' }).click()
    await shown.getByText('Secreto copiado.').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret)
    await expectAccessible(page, 'a new webhook and its secret')
    await screenshot(page, 'console-webhooks')

    // Set, it is gone from the page; the card shows its hint and when it was made, and no way to see it.
    await shown.getByRole('button', { name: 'Ya lo configuré' }).click()
    await expect.poll(focused).toMatch(/webhooks?$/)
    expect(await holds(secret)).toBe(false)
    const mine = card(url)
    expect(await mine.innerText()).toContain('Pregunta o petición radicada')
    expect(await mine.innerText()).toContain('Todas las entidades')
    expect(await mine.innerText()).toContain('Activo')
    await mine.getByText('Ninguno todavía').waitFor()
    expect(await mine.locator('code').innerText()).toBe(hintOf(secret))
    expect(await mine.innerText()).toMatch(/Secreto de firma\s+whsec_…\S{4} · hecho el \S/)
    expect(await mine.getByRole('button', { name: /Mostrar el secreto/ }).count()).toBe(0)
    await expectAccessible(page, 'a webhook and the hint of its secret')

    // Another new one, its secret still on the page when it is reloaded: gone, and only its hint listed.
    const other = `${base}/otro`
    created.push(other)
    await page.getByRole('button', { name: 'Registrar un webhook' }).click()
    await form.getByLabel('Dirección').fill(other)
    await form.getByRole('button', { name: 'Registrar el webhook' }).click()
    await expect.poll(focused).toBe('Secreto de firma')
    const second = await page.getByRole('region', { name: 'Secreto de firma' }).locator('code').innerText()
    expect(second).toMatch(/^whsec_/)
    expect(await holds(second)).toBe(true)
    await page.reload()
    await card(other).waitFor()
    expect(await page.getByRole('region', { name: 'Secreto de firma' }).count()).toBe(0)
    expect(await card(other).locator('code').innerText()).toBe(hintOf(second))
    expect(await holds(second)).toBe(false)
    expect(await holds(secret)).toBe(false)
    const gone = (await one(other)).id
    expect((await api().call('DELETE', `/api/webhooks/${gone}`, { token })).status).toBe(204)
    await page.reload()
    await card(url).waitFor()
  })

  it("shows a webhook's deliveries, signed, and sends a failed one again", async () => {
    const failing = `${base}/fail`
    created.push(failing)
    expect(
      (
        await api().call('POST', '/api/webhooks', {
          token,
          body: { url: failing, eventTypes: ['question.created'] },
        })
      ).status,
    ).toBe(201)
    expect(
      (await file('Que la próxima rendición se transmita también por la emisora comunitaria.')).status,
    ).toBe(201)
    await expect.poll(() => received.filter((r) => r.path === '/fail').length).toBe(1)
    await expect.poll(() => received.filter((r) => r.path === '/ok').length).toBe(1)
    // Opened again, each card says how its last delivery went.
    await page.reload()
    await card(`${base}/ok`).getByText('Entregado').waitFor()

    // Signed with the webhook's secret, as the receiver checks it (Standard Webhooks).
    const [got] = received.filter((r) => r.path === '/ok')
    const key = Buffer.from(firstSecret.replace(/^whsec_/, ''), 'base64')
    const mac = createHmac('sha256', key)
      .update(`${got.headers['webhook-id']}.${got.headers['webhook-timestamp']}.${got.body}`)
      .digest('base64')
    expect(got.headers['webhook-signature']).toBe(`v1,${mac}`)

    await page
      .getByRole('region', { name: `${base}/ok`, exact: true })
      .getByRole('button', { name: /^Ver los envíos/ })
      .click()
    const okLog = page.getByRole('region', { name: `Envíos recientes a ${base}/ok` })
    await expect.poll(focused).toBe(`Envíos recientes a ${base}/ok`)
    await okLog.getByRole('cell', { name: 'Entregado', exact: true }).waitFor()
    expect(await okLog.getByRole('row').nth(1).innerText()).toContain('HTTP 204')
    expect(await okLog.getByRole('button', { name: /^Reenviar ahora/ }).count()).toBe(0)

    const failCard = card(failing)
    await failCard.getByText('HTTP 500').waitFor()
    await failCard.getByRole('button', { name: `Ver los envíos a ${failing}` }).click()
    const failLog = page.getByRole('region', { name: `Envíos recientes a ${failing}` })
    await failLog.getByRole('cell', { name: 'Pendiente', exact: true }).waitFor()
    expect(await failLog.getByRole('row').nth(1).innerText()).toContain('Próximo intento')
    await expectAccessible(page, 'the deliveries of two webhooks')
    await screenshot(page, 'console-webhook-deliveries')
    // Its next try is 5 s after the first; one sent now is one more request, whatever the timer did.
    const before = received.filter((r) => r.path === '/fail').length
    await failLog.getByRole('button', { name: /^Reenviar ahora el mensaje escrito/ }).click()
    await failLog.getByText('Mensaje en cola para enviarse ahora.').waitFor()
    await expect.poll(() => received.filter((r) => r.path === '/fail').length).toBeGreaterThan(before)
    await expect
      .poll(async () => {
        await failLog.getByRole('button', { name: 'Actualizar' }).click()
        const tries = received.filter((r) => r.path === '/fail').length
        return new RegExp(`Pendiente\\s+${tries}\\s`).test(await failLog.getByRole('row').nth(1).innerText())
      })
      .toBe(true)
  })

  it('disables one after a confirmation whose "No" is focused, and enables it again', async () => {
    const url = `${base}/ok`
    const mine = card(url)
    const disable = mine.getByRole('button', { name: `Desactivar el webhook ${url}` })
    await disable.click()
    await mine.getByRole('group', { name: /^¿Desactivar el webhook/ }).waitFor()
    await expect.poll(focused).toBe('No, dejarlo activo')
    // An Enter pressed by habit keeps it active.
    await page.keyboard.press('Enter')
    await disable.waitFor()
    await expect.poll(focused).toBe('Desactivar')
    expect((await one(url)).active).toBe(true)

    await disable.click()
    await mine.getByRole('button', { name: 'Sí, desactivarlo' }).click()
    await expect.poll(said).toBe(`Webhook ${url} desactivado.`)
    expect(await mine.innerText()).toContain('Inactivo')
    await expect.poll(focused).toBe('Activar')
    expect((await one(url)).active).toBe(false)
    await expectAccessible(page, 'an inactive webhook')

    await mine.getByRole('button', { name: `Activar de nuevo el webhook ${url}` }).click()
    await expect.poll(said).toBe(`Webhook ${url} activo de nuevo.`)
    await expect.poll(focused).toBe('Desactivar')
    expect((await one(url)).active).toBe(true)
  })

  it('edits its address, notices and description, saying what the server refuses in the card', async () => {
    const url = `${base}/ok`
    const mine = card(url)
    await mine.getByRole('button', { name: `Editar el webhook ${url}` }).click()
    await expect.poll(focused).toBe(`Cambiar ${url}`)
    const form = mine.getByRole('region', { name: `Cambiar ${url}` })
    expect(await form.getByRole('checkbox', { name: /^Pregunta o petición radicada/ }).isChecked()).toBe(true)
    expect(await form.getByLabel('Descripción').inputValue()).toBe(
      'Gestor documental de la Secretaría General',
    )
    expect(await form.getByText('La entidad de un webhook no se cambia').count()).toBe(1)

    // Nothing changed, nothing sent.
    await form.getByRole('button', { name: 'Guardar los cambios' }).click()
    await expect.poll(said).toBe('No hay cambios que guardar.')
    await expect.poll(focused).toBe('Editar')

    await mine.getByRole('button', { name: `Editar el webhook ${url}` }).click()
    const address = form.getByLabel('Dirección')
    await address.fill('http://example.org/avisos')
    await form.getByRole('checkbox', { name: /^Pregunta o petición cambiada/ }).check()
    await form.getByRole('button', { name: 'Guardar los cambios' }).click()
    const summary = form.getByRole('alert')
    await expect.poll(() => summary.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await summary.getByRole('heading', { level: 5 }).innerText()).toBe('Hay un problema')
    expect(await summary.getByRole('link', { name: /^Dirección: Use https/ }).count()).toBe(1)
    expect((await fieldState(address)).invalid).toBe('true')
    await expectAccessible(page, 'a webhook change refused')
    // Refused as a whole: the types ticked meanwhile were not saved either.
    expect((await one(url)).eventTypes).toEqual(['question.created'])

    await address.fill(url)
    await form.getByLabel('Descripción').fill('')
    await form.getByRole('button', { name: 'Guardar los cambios' }).click()
    await expect.poll(said).toBe(`Cambios guardados en el webhook ${url}.`)
    await expect.poll(focused).toBe('Editar')
    const saved = await one(url)
    expect([...saved.eventTypes].sort()).toEqual(['question.created', 'question.updated'])
    expect(saved.description).toBeNull()
    expect(await mine.innerText()).toContain('Pregunta o petición cambiada')
    expect(await mine.innerText()).not.toContain('Gestor documental')
  })

  it('changes the secret after a confirmation, shows the new one once, and then its new hint', async () => {
    const url = `${base}/ok`
    expect((await one(url)).secretHint).toBe(hintOf(firstSecret))
    await card(url)
      .getByRole('button', { name: `Cambiar el secreto de ${url}` })
      .click()
    await card(url).getByRole('button', { name: 'Sí, cambiarlo' }).click()
    await expect.poll(focused).toBe('Secreto de firma')
    const shown = page.getByRole('region', { name: 'Secreto de firma' })
    const fresh = await shown.locator('code').innerText()
    expect(fresh).toMatch(/^whsec_/)
    expect(fresh).not.toBe(firstSecret)
    expect(await shown.innerText()).toContain('Se muestra solo esta vez')
    const saved = await one(url)
    expect(saved.secret).toBeUndefined()
    expect(saved.secretHint).toBe(hintOf(fresh))
    expect(await said()).toBe(
      `Secreto de ${url} cambiado: copie ahora el nuevo, que no se volverá a mostrar, y configúrelo en el sistema que recibe.`,
    )
    await shown.getByRole('button', { name: 'Ya lo configuré' }).click()
    await expect.poll(focused).toMatch(/webhooks?$/)
    expect(await card(url).locator('code').innerText()).toBe(hintOf(fresh))
    expect(await holds(fresh)).toBe(false)
  })

  it('deletes one after a confirmation, and it is gone from the list and the API', async () => {
    const url = `${base}/fail`
    const { id } = await one(url)
    const remove = card(url).getByRole('button', { name: `Eliminar el webhook ${url}` })
    await remove.click()
    await expect.poll(focused).toBe('No, conservarlo')
    await page.keyboard.press('Enter')
    await expect.poll(focused).toBe('Eliminar')
    expect((await api().call('GET', `/api/webhooks/${id}`, { token })).status).toBe(200)

    await remove.click()
    await card(url).getByRole('button', { name: 'Sí, eliminarlo' }).click()
    await expect.poll(said).toBe(`Webhook ${url} eliminado.`)
    await expect.poll(() => card(url).count()).toBe(0)
    await expect.poll(focused).toMatch(/webhooks?$/)
    expect((await api().call('GET', `/api/webhooks/${id}`, { token })).status).toBe(404)
    expect(await card(`${base}/ok`).count()).toBe(1)
  })

  it('speaks English when the console does', async () => {
    await page.goto(`${server!.url}/console/webhooks?lang=en`)
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor()
    const mine = card(`${base}/ok`)
    await mine.getByRole('button', { name: `Disable the webhook ${base}/ok` }).waitFor()
    expect(await mine.innerText()).toContain('Question or petition filed')
    await page.getByRole('button', { name: 'Register a webhook' }).click()
    await page.getByRole('group', { name: 'Notices it receives' }).waitFor()
    await page.goto(`${server!.url}/console/webhooks?lang=es`)
    await page.getByRole('button', { name: 'Registrar un webhook' }).waitFor()
  })

  it('shows no link to other roles, and refuses them the page', async () => {
    const email = `${unique('moderador-avisos')}@example.org`
    const password = 'frase del moderador de avisos 4'
    const made = await api().call('POST', '/api/users', {
      token,
      body: { email, role: 'moderator', password },
    })
    expect(made.status).toBe(201)
    const other = await laptop(browser)
    await signIn(other, server!.url, email, password)
    expect(await other.getByRole('link', { name: 'Webhooks' }).count()).toBe(0)
    await other.goto(`${server!.url}/console/webhooks`)
    await other.getByText('Solo un administrador maneja los webhooks.').waitFor()
    expect(await other.getByRole('button', { name: 'Registrar un webhook' }).count()).toBe(0)
    expect(await other.getByRole('region', { name: `${base}/ok`, exact: true }).count()).toBe(0)
    await other.context().close()
  })
})
