import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { client, eventBody, unique } from '../contract/client'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, screenshot, signIn } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)("the console's data holders screen", () => {
  let browser: Browser
  let page: Page
  let token: string
  const slug = unique('titulares')
  // A document no other run used: the browser suite's server keeps its database between files.
  const doc = String(Date.now() % 1e9).padStart(9, '3')
  const dotted = doc.replace(/(\d{3})(?=\d)/g, '$1.')
  // Another person's document: the same but for its last digit, which always differs from the first's.
  const other = `${doc.slice(0, 8)}${(Number(doc.at(-1)) + 1) % 10}`
  const email = `${slug}@example.co`
  const api = () => client(server!.url)
  const focused = () => page.evaluate(() => document.activeElement?.textContent)
  let id = ''

  beforeAll(async () => {
    browser = await launch()
    token = await api().login()
    await api().call('POST', '/api/events', {
      token,
      body: eventBody(slug, { title: 'Diálogo de titulares', modality: 'hibrida' }),
    })
    const reg = await api().call('POST', `/api/events/${slug}/attendance`, {
      body: {
        name: 'Ana Titular',
        documentType: 'CC',
        documentNumber: dotted,
        email,
        gender: 'mujer',
        consent: true,
      },
    })
    expect(reg.status).toBe(201)
    id = reg.json.id
    const second = await api().call('POST', `/api/events/${slug}/attendance`, {
      body: { name: 'Otra Persona', documentType: 'CC', documentNumber: other, consent: true },
    })
    expect(second.status).toBe(201)
    await api().call('POST', `/api/events/${slug}/questions`, {
      body: {
        type: 'peticion',
        text: '¿Qué datos tienen de mí?',
        name: 'Ana Titular',
        email: email.toUpperCase(),
      },
    })
    page = await laptop(browser)
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
  })
  afterAll(async () => browser?.close())

  it('finds the person by a document written without dots and an e-mail, and hands the result over as a file', async () => {
    await page.getByRole('link', { name: 'Titulares de datos' }).click()
    await page.getByRole('heading', { name: 'Titulares de datos', level: 1 }).waitFor()
    await expectAccessible(page, 'data holders search')
    await page.getByLabel('Número de documento').fill(doc)
    await page.getByLabel('Correo electrónico').fill(email)
    await page.getByRole('button', { name: 'Buscar', exact: true }).click()
    // Said in the live region, and focus on the results' heading.
    await expect
      .poll(() => page.getByRole('status').innerText())
      .toBe('1 registro de asistencia y 1 petición.')
    await expect.poll(focused).toBe('Resultados')
    const card = page.getByRole('article', { name: /Diálogo de titulares/ })
    expect(await card.innerText()).toContain(`CC ${dotted}`)
    expect(await card.innerText()).toContain('Mujer')
    await page.getByRole('row', { name: /¿Qué datos|Ana Titular/ }).waitFor()
    await expectAccessible(page, 'data holders results')
    await screenshot(page, 'console-holders')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Descargar el resultado/ }).click(),
    ])
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8'))
    expect(file.registrations.map((r: { id: string }) => r.id)).toEqual([id])
    expect(file.petitions).toHaveLength(1)
  })

  it('corrects the registration from a prefilled form, and refuses a document another registration has', async () => {
    const card = page.getByRole('article', { name: /Diálogo de titulares/ })
    await card.getByRole('button', { name: 'Corregir el registro de Ana Titular' }).click()
    await expect.poll(focused).toBe('Corregir el registro en «Diálogo de titulares»')
    expect(await card.getByLabel('Nombre').inputValue()).toBe('Ana Titular')
    expect(await card.getByLabel('Género').inputValue()).toBe('mujer')
    await expectAccessible(page, 'data holders correction form')

    await card.getByLabel('Número de documento').fill(other)
    await card.getByRole('button', { name: 'Guardar la corrección' }).click()
    await expect
      .poll(() => card.getByRole('alert').innerText())
      .toContain('ya tiene otro registro en este evento')

    await card.getByLabel('Número de documento').fill(dotted)
    await card.getByLabel('Género').selectOption('hombre')
    await card.getByLabel('Nombre').fill('Ana María Titular')
    await card.getByRole('button', { name: 'Guardar la corrección' }).click()
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Registro corregido.')
    const fixed = page.getByRole('article', { name: /Diálogo de titulares/ })
    expect(await fixed.innerText()).toContain('Ana María Titular')
    expect(await fixed.innerText()).toContain('Hombre')
    const found = await api().call('POST', '/api/holders/search', { token, body: { documentNumber: doc } })
    expect(found.json.registrations[0]).toMatchObject({ id, name: 'Ana María Titular', gender: 'hombre' })
  })

  it('deletes the registration after a confirmation whose "No" is focused', async () => {
    const card = page.getByRole('article', { name: /Diálogo de titulares/ })
    await card.getByRole('button', { name: 'Eliminar el registro de Ana María Titular' }).click()
    const ask = card.getByRole('group', { name: /^¿Eliminar el registro de Ana María Titular/ })
    await ask.waitFor()
    await expect.poll(focused).toBe('No, conservarlo')
    // An Enter pressed by habit keeps it.
    await page.keyboard.press('Enter')
    await card.getByRole('button', { name: 'Eliminar el registro de Ana María Titular' }).waitFor()
    expect(
      (await api().call('POST', '/api/holders/search', { token, body: { documentNumber: doc } })).json
        .registrations,
    ).toHaveLength(1)

    await card.getByRole('button', { name: 'Eliminar el registro de Ana María Titular' }).click()
    await ask.getByRole('button', { name: 'Sí, eliminarlo' }).click()
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Registro eliminado.')
    await expect.poll(focused).toBe('Resultados')
    expect(await page.getByRole('article').count()).toBe(0)
    const after = await api().call('POST', '/api/holders/search', { token, body: { documentNumber: doc } })
    expect(after.json.registrations).toEqual([])
  })

  it("offers an Ecuadorian registration's correction Ecuador's documents and groups, named as Ecuador names them", async () => {
    // An Ecuadorian cédula no other run used: Pichincha (17), then its check digit.
    const base = `17${String(Math.floor(Math.random() * 1e7))
      .padStart(7, '0')
      .replace(/^[6-9]/, '1')}`
    const sum = [...base].reduce((s, d, i) => {
      const p = Number(d) * (i % 2 === 0 ? 2 : 1)
      return s + (p > 9 ? p - 9 : p)
    }, 0)
    const cedula = `${base}${(10 - (sum % 10)) % 10}`
    const gad = unique('titulares-gad')
    const made = await api().call('POST', '/api/events', {
      token,
      body: eventBody(gad, {
        title: 'Diálogo del GAD con sus titulares',
        country: 'EC',
        timezone: 'America/Guayaquil',
        entity: {
          name: unique('GAD Titular'),
          nit: `176${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}001`,
        },
      }),
    })
    expect(made.status).toBe(201)
    const reg = await api().call('POST', `/api/events/${gad}/attendance`, {
      body: {
        name: 'Rosa Titular',
        documentType: 'CI',
        documentNumber: cedula,
        populationGroups: ['afro'],
        consent: true,
      },
    })
    expect(reg.status).toBe(201)
    await page.getByRole('link', { name: 'Titulares de datos' }).click()
    await page.getByLabel('Número de documento').fill(cedula)
    await page.getByLabel('Correo electrónico').fill('')
    await page.getByRole('button', { name: 'Buscar', exact: true }).click()
    const card = page.getByRole('article', { name: /Diálogo del GAD con sus titulares/ })
    // Its group as Ecuador's form offered it, not as Colombia's.
    await expect
      .poll(() => card.innerText())
      .toContain('Afroecuatoriano(a), afrodescendiente, negro(a) o mulato(a)')
    expect(await card.innerText()).not.toContain('afrocolombiano')

    await card.getByRole('button', { name: 'Corregir el registro de Rosa Titular' }).click()
    const types = card.getByLabel('Tipo de documento')
    expect(await types.inputValue()).toBe('CI')
    // Ecuador's cédula first, and none of Colombia's own documents but its cédula, named as Colombian.
    expect(
      await types.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
    ).toEqual(['', 'CI', 'PA', 'CC', 'DNI', 'OTRO'])
    expect(await types.locator('option[value="CC"]').innerText()).toBe('Cédula de ciudadanía (Colombia)')
    const groups = card.getByRole('group', { name: 'Grupo poblacional' })
    expect(
      await groups.getByLabel('Afroecuatoriano(a), afrodescendiente, negro(a) o mulato(a)').isChecked(),
    ).toBe(true)
    for (const colombian of ['Rrom', 'Víctima del conflicto armado'])
      expect(await groups.getByLabel(colombian, { exact: true }).count(), colombian).toBe(0)
    await expectAccessible(page, "an Ecuadorian registration's correction")
    await groups.getByLabel('Montubio(a)', { exact: true }).check()
    await card.getByRole('button', { name: 'Guardar la corrección' }).click()
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Registro corregido.')
    const found = await api().call('POST', '/api/holders/search', { token, body: { documentNumber: cedula } })
    expect(found.json.registrations[0]).toMatchObject({
      id: reg.json.id,
      documentType: 'CI',
      populationGroups: ['afro', 'montubio'],
      event: { slug: gad, country: 'EC' },
    })
  })

  it('shows a staff member who is not an admin neither the link nor the search', async () => {
    const email = `${unique('analista')}@cabildo.test`
    await api().call('POST', '/api/users', {
      token,
      body: { email, password: 'analyst-password', role: 'analyst' },
    })
    const analyst = await laptop(browser)
    try {
      await signIn(analyst, server!.url, email, 'analyst-password')
      expect(await analyst.getByRole('link', { name: 'Titulares de datos' }).count()).toBe(0)
      await analyst.goto(`${server!.url}/console/titulares`)
      await analyst.getByText('Solo un administrador atiende').waitFor()
      expect(await analyst.getByRole('button', { name: 'Buscar', exact: true }).count()).toBe(0)
    } finally {
      await analyst.close()
    }
  })
})
