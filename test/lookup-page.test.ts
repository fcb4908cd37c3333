import type { Context } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv, Deps } from '../server/env'
import { MemoryRateLimiter } from '../server/ratelimit/memory'
import { addBusinessDays } from '../server/services/calendar'
import { sampleEvent, type TestApp, testApp } from './helpers'

// The client IP as the test says it is: one header stands for each socket.
const clientIp = (c: Context<AppEnv>) => c.req.header('x-test-ip')

/** An open event `rc-2026` and a petition filed at it by a named petitioner, answered in writing. */
async function withPetition(deps: Partial<Deps> = {}) {
  const t = await testApp({ deps })
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'rc-2026' }) })
  const filed = await t.call('POST', '/api/events/rc-2026/questions', {
    body: {
      type: 'peticion_informacion',
      text: '¿Cuántos emprendimientos rurales se apoyaron?',
      name: 'Ana Pérez Gómez',
      email: 'ana.perez@correo.co',
    },
  })
  expect(filed.status).toBe(201)
  return { t, radicado: filed.json.radicado as string, id: filed.json.id as string, filed: filed.json }
}

/** The lookup section of a page: the form and what it says below it. */
const section = (page: string) => page.slice(page.indexOf('id="consulta"'), page.indexOf('</main>'))

describe('the radicado lookup of the attendee page without JavaScript', () => {
  it('is a plain GET form to the page, carrying its language, that leads to the result', async () => {
    const { t } = await withPetition()
    const page = (await t.call('GET', '/e/rc-2026?lang=en')).text
    // The example of what to type is in the entity's format: its prefix, this year (the page's script
    // takes it from the form for what it says).
    expect(page).toContain(
      '<form id="lookup" method="get" action="/e/rc-2026#resultado" data-example="SDE-2026-000123">',
    )
    expect(section(page)).toContain(
      '<p id="radicado-h" class="help">Type the filing number you received, e.g. SDE-2026-000123.</p>',
    )
    expect(section(page)).toContain('<input type="hidden" name="lang" value="en"/>')
    expect(section(page)).toMatch(/<label for="radicado">Filing number<\/label>/)
    expect(section(page)).toContain('name="radicado"')
  })

  it("shows a radicado's status and published answer in the page, and nothing of who asked", async () => {
    const { t, radicado, id } = await withPetition()
    const answered = await t.call('PATCH', `/api/questions/${id}`, {
      token: t.adminToken,
      body: { status: 'answered', answer: 'Se apoyaron 42 emprendimientos.', publishAnswer: true },
    })
    expect(answered.status).toBe(200)
    // As a person types it: lower case, spaces around and between, the number without its leading zeros.
    const typed = ` ${radicado.toLowerCase().replace(/-0+/, ' ')} `
    expect(typed).toBe(' sde-2026 1 ')
    const res = await t.call('GET', `/e/rc-2026?lang=es&radicado=${encodeURIComponent(typed)}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.text).toMatch(/^<!doctype html><html lang="es-CO">/)
    const found = section(res.text)
    // The heading the form's address leads to, focusable, so the browser puts focus on the result.
    expect(found).toContain(`<h3 id="resultado" tabindex="-1">${radicado}</h3>`)
    expect(found).toContain('<dt>Estado</dt><dd>Respondida por escrito</dd>')
    expect(found).toContain('<dt>Tipo de solicitud</dt><dd>Petición de información</dd>')
    expect(found).toMatch(/<dt>Fecha máxima de respuesta<\/dt><dd>\p{L}+, \d{1,2} de \p{L}+ de 2026<\/dd>/u)
    expect(found).toContain('Se apoyaron 42 emprendimientos.')
    // What the person typed stays in the field; no error on it.
    expect(found).toContain(`value="${typed.trim()}"`)
    expect(found).not.toContain('aria-invalid')
    // Same data as the API, and never the petitioner's.
    const api = (await t.call('GET', `/api/pqrsd/${radicado}`)).json.pqrsd
    expect(api.status).toBe('answered')
    expect(res.text).not.toMatch(/Ana Pérez|ana\.perez@correo\.co|emprendimientos rurales se apoyaron/)
    expect(res.text).not.toMatch(/constancia/)
    // The page's CSP and the rest of the event page are all there.
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.text).toContain('<cabildo-form event="rc-2026"')
  })

  it("says why a term was extended, as the petitioner's one notice when there is no contact", async () => {
    const { t, radicado, id, filed } = await withPetition()
    const extended = await t.call('PATCH', `/api/questions/${id}`, {
      token: t.adminToken,
      body: {
        status: 'extended',
        reason: 'Se requiere un concepto jurídico',
        noticeDate: t.deps.now().toISOString().slice(0, 10),
        newDueDate: addBusinessDays('CO', filed.dueDate, 2),
      },
    })
    expect(extended.status).toBe(200)
    const found = section((await t.call('GET', `/e/rc-2026?radicado=${radicado}`)).text)
    expect(found).toContain('<dt>Motivo de la prórroga</dt><dd>Se requiere un concepto jurídico</dd>')
    // On the English page the staff's Spanish words are marked as Spanish.
    const en = section((await t.call('GET', `/e/rc-2026?lang=en&radicado=${radicado}`)).text)
    expect(en).toContain(
      '<dt>Reason for the extension</dt><dd lang="es">Se requiere un concepto jurídico</dd>',
    )
  })

  it('keeps the result out of every cache, and the plain page cached as it was', async () => {
    const { t, radicado } = await withPetition()
    const plain = await t.call('GET', '/e/rc-2026')
    expect(plain.headers.get('cache-control')).toBe('no-cache')
    expect(plain.headers.get('etag')).toMatch(/^W\//)
    const looked = await t.call('GET', `/e/rc-2026?radicado=${radicado}`)
    expect(looked.status).toBe(200)
    expect(looked.headers.get('cache-control')).toBe('private, no-store')
    expect(looked.headers.get('etag')).toBeNull()
    expect(looked.text).toContain(`<h3 id="resultado" tabindex="-1">${radicado}</h3>`)
    // Not answered from the kept plain page (the fault was exactly that), nor left in it.
    const again = await t.call('GET', '/e/rc-2026', {
      headers: { 'if-none-match': plain.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
    const fresh = (await t.call('GET', '/e/rc-2026')).text
    expect(fresh).toBe(plain.text)
    expect(fresh).not.toContain(radicado)
    // Every answer to a lookup, the refusals too.
    for (const q of ['radicado=SDE-2026-999999', 'radicado=', 'radicado=x'])
      expect((await t.call('GET', `/e/rc-2026?${q}`)).headers.get('cache-control'), q).toBe(
        'private, no-store',
      )
  })

  it('says in the page, in its language, that a radicado is unknown, malformed or missing, tied to the field', async () => {
    const { t } = await withPetition()
    const cases = [
      [
        '?radicado=SDE-2026-999999',
        404,
        'No encontramos ese radicado. Revise el número, p. ej. SDE-2026-000123.',
      ],
      [
        '?radicado=x',
        400,
        'Revise el número: un radicado tiene el prefijo de la entidad, el año y el número, separados por guiones, p. ej. SDE-2026-000123.',
      ],
      [
        `?radicado=${'9'.repeat(41)}`,
        400,
        'Revise el número: un radicado tiene el prefijo de la entidad, el año y el número, separados por guiones, p. ej. SDE-2026-000123.',
      ],
      [
        '?lang=en&radicado=SDE-000001',
        400,
        "Check the number: a filing number has the entity's prefix, the year and the number, separated by hyphens, e.g. SDE-2026-000123.",
      ],
      ['?radicado=+', 400, 'Escriba el número de radicado que recibió.'],
      [
        '?lang=en&radicado=SDE-2026-999999',
        404,
        'We found no request with that number. Check it, e.g. SDE-2026-000123.',
      ],
    ] as const
    for (const [query, status, message] of cases) {
      const res = await t.call('GET', `/e/rc-2026${query}`)
      expect(res.status, query).toBe(status)
      expect(res.headers.get('content-type'), query).toMatch(/^text\/html/)
      expect(res.text, query).not.toContain('"error"')
      const said = section(res.text)
      expect(said, query).toContain(`<p class="err" id="radicado-e">${message}</p>`)
      // What a screen reader on the field hears, with focus back there, as the script does it.
      expect(said, query).toMatch(
        /<input id="radicado" name="radicado" type="text"[^>]* aria-describedby="radicado-h radicado-e" aria-invalid="true" autofocus/,
      )
      expect(said, query).not.toContain('id="resultado"')
    }
    expect((await t.call('GET', '/e/rc-2026?lang=en&radicado=x')).text).toMatch(
      /^<!doctype html><html lang="en">/,
    )
  })

  it("gives its example in the entity's own format: its prefix, or the one scheduled, and this year", async () => {
    const t = await testApp({ now: new Date('2027-03-02T15:00:00Z') })
    const create = (slug: string, entity: Record<string, unknown>) =>
      t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug, entity }) })
    expect(
      (await create('alcaldia', { name: 'Alcaldía de Pasto', nit: '891280000-3', radicadoPrefix: 'PASTO' }))
        .status,
    ).toBe(201)
    // An entity with no prefix yet: the one its first radicado will take, from its name.
    expect(
      (await create('sin-prefijo', { name: 'Secretaría de Movilidad', nit: '899999061-9' })).status,
    ).toBe(201)
    const example = async (slug: string, lang = 'es') => {
      const page = (await t.call('GET', `/e/${slug}?lang=${lang}`)).text
      return [
        /data-example="([^"]+)"/.exec(page)?.[1],
        /<p id="radicado-h" class="help">([^<]+)</.exec(page)?.[1],
      ]
    }
    expect(await example('alcaldia')).toEqual([
      'PASTO-2027-000123',
      'Escriba el número de radicado que recibió, p. ej. PASTO-2027-000123.',
    ])
    expect(await example('sin-prefijo', 'en')).toEqual([
      'SM-2027-000123',
      'Type the filing number you received, e.g. SM-2027-000123.',
    ])
    // A prefix scheduled for next year shows from the first day of that year, where the event is.
    const entityId = (await t.call('GET', '/api/events/alcaldia', { token: t.adminToken })).json.event
      .entityId
    const scheduled = await t.call('PATCH', `/api/entities/${entityId}`, {
      token: t.adminToken,
      body: { radicadoPrefixNext: { prefix: 'PAS', fromYear: 2028 } },
    })
    expect(scheduled.status).toBe(200)
    t.setNow(new Date('2028-01-01T04:59:00Z'))
    expect((await example('alcaldia'))[0]).toBe('PASTO-2027-000123')
    t.setNow(new Date('2028-01-01T05:00:00Z'))
    expect((await example('alcaldia'))[0]).toBe('PAS-2028-000123')
    // And the messages about a radicado say it too.
    const unknown = (await t.call('GET', '/e/alcaldia?radicado=PAS-2028-000009')).text
    expect(section(unknown)).toContain(
      '<p class="err" id="radicado-e">No encontramos ese radicado. Revise el número, p. ej. PAS-2028-000123.</p>',
    )
  })

  it('offers the constancia to the petitioner whose link carries the receipt token, and to no one else', async () => {
    const { t, radicado, filed } = await withPetition()
    const token = filed.receiptToken as string
    const mine = (await t.call('GET', `/e/rc-2026?radicado=${radicado}&token=${encodeURIComponent(token)}`))
      .text
    const href = `/api/pqrsd/${radicado}/constancia?format=html&amp;lang=es&amp;token=${encodeURIComponent(token)}`
    expect(section(mine)).toContain(`<a href="${href}">Ver e imprimir la constancia de radicación</a>`)
    // The link opens it.
    const opened = await t.call('GET', href.replaceAll('&amp;', '&'))
    expect(opened.status).toBe(200)
    expect(opened.text).toContain('Ana Pérez Gómez')
    // A wrong token: the public status only, as without one.
    for (const query of [`&token=${token.slice(1)}x`, '&token=', '']) {
      const other = (await t.call('GET', `/e/rc-2026?radicado=${radicado}${query}`)).text
      expect(section(other), query).toContain(`<h3 id="resultado" tabindex="-1">${radicado}</h3>`)
      expect(other, query).not.toMatch(/constancia|Ana Pérez/)
    }
  })

  it('answers a lookup on an unknown or draft event with the 404 page, kept by no cache', async () => {
    const { t, radicado } = await withPetition()
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'borrador', status: 'draft' }),
    })
    for (const path of [`/e/no-existe?radicado=${radicado}`, `/e/borrador?radicado=${radicado}`]) {
      const res = await t.call('GET', path)
      expect(res.status, path).toBe(404)
      expect(res.text, path).toContain('No existe un evento con esa dirección.')
      expect(res.headers.get('cache-control'), path).toBe('private, no-store')
    }
  })
})

describe('the rate limit of radicado lookups', () => {
  async function limited() {
    const rateLimiter = new MemoryRateLimiter({ lookup: { limit: 6, windowSeconds: 60 } })
    return withPetition({ rateLimiter, clientIp })
  }
  const page = (t: TestApp, ip: string, radicado: string) =>
    t.call('GET', `/e/rc-2026?radicado=${radicado}`, { headers: { 'x-test-ip': ip } })
  const api = (t: TestApp, ip: string, radicado: string) =>
    t.call('GET', `/api/pqrsd/${radicado}`, { headers: { 'x-test-ip': ip } })

  it('refuses a burst of page lookups from one address with a readable page, 429 and Retry-After', async () => {
    const { t, radicado } = await limited()
    const listing = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        page(t, '203.0.113.7', `SDE-2026-${String(n + 1).padStart(6, '0')}`),
      ),
    )
    expect(listing.filter((r) => r.status !== 429)).toHaveLength(6)
    const refused = listing.filter((r) => r.status === 429)
    expect(refused).toHaveLength(14)
    const r = refused[0]
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(r.headers.get('content-type')).toMatch(/^text\/html/)
    expect(r.headers.get('cache-control')).toBe('private, no-store')
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(r.text).toMatch(/^<!doctype html><html lang="es-CO">/)
    expect(r.text).toContain('<h1>Demasiadas consultas seguidas</h1>')
    expect(r.text).toContain(
      `Se hicieron demasiadas consultas de radicados desde esta conexión. Espere ${r.headers.get('retry-after')} segundos e intente de nuevo.`,
    )
    // Said once, under the page's heading: nothing is wrong with the number, so its field is neither marked
    // wrong, nor described by the wait, nor focused.
    expect(r.text.split('Se hicieron demasiadas consultas')).toHaveLength(2)
    expect(r.text).toMatch(/<h1>Demasiadas consultas seguidas<\/h1><p class="err">Se hicieron/)
    expect(r.text).not.toMatch(/aria-invalid|autofocus|radicado-e/)
    expect(r.text).toContain('aria-describedby="radicado-h"')
    // The form is there to ask again once the wait is over, the number kept; and the way back to the event.
    expect(r.text).toContain('action="/e/rc-2026#resultado"')
    expect(r.text).toMatch(/value="SDE-2026-0000\d\d"/)
    expect(r.text).toContain('<a href="/e/rc-2026?lang=es">Volver a la página del evento</a>')
    // In English too.
    const en = await t.call('GET', `/e/rc-2026?lang=en&radicado=${radicado}`, {
      headers: { 'x-test-ip': '203.0.113.7' },
    })
    expect(en.status).toBe(429)
    expect(en.text).toContain('<h1>Too many look-ups in a row</h1>')
    // Another address still finds its radicado.
    expect((await page(t, '198.51.100.20', radicado)).status).toBe(200)
    // An empty field is said as such, and counted too: every answer is a page built for that request
    // alone, so a burst of them must not pass the limit.
    const empty = await t.call('GET', '/e/rc-2026?radicado=', { headers: { 'x-test-ip': '198.51.100.30' } })
    expect(empty.status).toBe(400)
    expect(
      (await t.call('GET', '/e/rc-2026?radicado=', { headers: { 'x-test-ip': '203.0.113.7' } })).status,
    ).toBe(429)
  })

  it('is the one limit the API counts too: lookups on the page and in the API add up', async () => {
    const { t, radicado } = await limited()
    const ip = '203.0.113.9'
    for (let i = 0; i < 3; i++) expect((await page(t, ip, radicado)).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await api(t, ip, radicado)).status).toBe(200)
    expect((await page(t, ip, radicado)).status).toBe(429)
    const refused = await api(t, ip, radicado)
    expect(refused.status).toBe(429)
    expect(refused.json.error.code).toBe('RATE_LIMITED')
    // And the other way round, from another address: the API's lookups refuse the page's.
    const other = '203.0.113.10'
    for (let i = 0; i < 6; i++) expect((await api(t, other, radicado)).status).toBe(200)
    expect((await page(t, other, radicado)).status).toBe(429)
  })
})
