import { describe, expect, it } from 'vitest'
import { wallLostScript } from '../web/page/wall-lost'
import { sampleEvent, testApp } from './helpers'
import { langAt } from './lang-at'

async function withEvent(over: Record<string, unknown> = {}) {
  const t = await testApp()
  const res = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'rc-2026', ...over }),
  })
  expect(res.status).toBe(201)
  return t
}

describe('the attendee page', () => {
  it('is rendered on the server with the event in its time zone and the widget', async () => {
    const t = await withEvent({ streamUrl: 'https://www.youtube.com/watch?v=x', place: 'Auditorio' })
    const res = await t.call('GET', '/e/rc-2026')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(res.text).toMatch(/^<!doctype html><html lang="es-CO">/)
    expect(res.text).toContain('Rendición de cuentas 2026 — Secretaría de Desarrollo Económico')
    expect(res.text).toContain('viernes, 27 de noviembre de 2026')
    expect(res.text).toContain('(hora de Colombia)')
    expect(res.text).toContain('href="https://www.youtube.com/watch?v=x"')
    expect(res.text).toContain('<cabildo-form event="rc-2026" form="asistencia" lang="es" nav heading="3">')
    expect(res.text).toContain('<script src="/widget.js" async>')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    // Until the script fills them, and for good where script is blocked: what to do, not only "loading".
    const wall = /<div id="wall"><p>([^<]*)<\/p><\/div>/.exec(res.text)?.[1]
    expect(wall).toBe(
      'Cargando las preguntas… Si no aparecen, active JavaScript o abra esta página en su navegador.',
    )
  })

  it('links the live stream only when it is a web address, even one stored before other schemes were refused', async () => {
    const t = await withEvent({ streamUrl: 'https://www.youtube.com/live/abc' })
    const created = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'antes', streamUrl: 'https://www.youtube.com/live/def' }),
    })
    expect(created.status).toBe(201)
    const client = (t.deps.db as unknown as { $client: { exec(s: string): void } }).$client
    client.exec(`update events set stream_url = 'javascript:alert(1)' where slug = 'antes'`)
    expect((await t.call('GET', '/e/rc-2026')).text).toContain('href="https://www.youtube.com/live/abc"')
    expect((await t.call('GET', '/e/antes')).text).not.toContain('javascript:')
  })

  it('shows what staff wrote of the event, paragraph by paragraph, as text', async () => {
    const t = await withEvent({
      description:
        'La alcaldía presenta su gestión de 2026.\nHabrá intérprete.\n\nTraiga sus preguntas <b>por escrito</b>.',
    })
    const res = await t.call('GET', '/e/rc-2026')
    expect(res.text).toContain(
      '<p class="about">La alcaldía presenta su gestión de 2026.\nHabrá intérprete.</p>',
    )
    expect(res.text).toContain('<p class="about">Traiga sus preguntas &lt;b>por escrito&lt;/b>.</p>')
    // On the English page it is marked as the Spanish it is written in.
    const en = await t.call('GET', '/e/rc-2026?lang=en')
    expect(en.text).toContain('<p class="about" lang="es">Traiga sus preguntas')
  })

  it('speaks English with ?lang=en', async () => {
    const t = await withEvent()
    const res = await t.call('GET', '/e/rc-2026?lang=en')
    expect(res.text).toContain('<html lang="en">')
    expect(res.text).toContain('Friday, November 27, 2026')
    expect(res.text).toContain('lang="en"')
  })

  it("lists the commitments staff published, for citizens to check, and nothing of the petitioner's", async () => {
    const t = await withEvent()
    const token = t.adminToken
    const filed = await t.call('POST', '/api/events/rc-2026/questions', {
      body: { type: 'peticion', text: '¿Arreglan el puente?', name: 'Ana Pérez', email: 'ana@correo.co' },
    })
    const create = (body: Record<string, unknown>) =>
      t.call('POST', '/api/events/rc-2026/commitments', { token, body })
    expect(
      (
        await create({
          description: 'Reparar el puente peatonal de la vereda El Salitre',
          area: 'despacho',
          responsible: 'Secretaría de Obras',
          dueMonth: '2027-03',
          questionId: filed.json.id,
          published: true,
        })
      ).status,
    ).toBe(201)
    await create({ description: 'Borrador sin publicar', area: 'despacho', dueDate: '2027-02-01' })
    const page = (await t.call('GET', '/e/rc-2026')).text
    const section = page.slice(page.indexOf('id="compromisos"'))
    expect(section).toContain('Compromisos de la entidad')
    expect(section).toContain('Reparar el puente peatonal de la vereda El Salitre')
    expect(section).toContain('Secretaría de Obras · Despacho')
    expect(section).toContain('marzo de 2027')
    expect(section).toContain('Pendiente · 0,0\u00a0%')
    expect(page).not.toContain('Borrador sin publicar')
    expect(page).not.toMatch(/Ana Pérez|ana@correo\.co/)
    // A staff change shows at once: the kept page is dropped on every staff write.
    await create({
      description: 'Segundo compromiso publicado',
      area: 'despacho',
      responsible: 'Despacho',
      dueDate: '2027-04-30',
      published: true,
    })
    const again = (await t.call('GET', '/e/rc-2026')).text
    expect(again).toContain('Segundo compromiso publicado')
    // The person responsible being the dependency itself, it is named once.
    expect(again).not.toContain('Despacho · Despacho')
    // With none published, no empty section.
    const other = await withEvent()
    expect((await other.call('GET', '/e/rc-2026')).text).not.toContain('id="compromisos"')
  })

  it("marks what the entity wrote as Spanish on the English page, so a screen reader says it so, and not the page's own words", async () => {
    const t = await withEvent({
      title: 'Rendición de cuentas de la vigencia',
      place: 'Auditorio principal',
      agenda: ['Informe de gestión del cuatrienio'],
    })
    const made = await t.call('POST', '/api/events/rc-2026/commitments', {
      token: t.adminToken,
      body: {
        description: 'Reparar el puente peatonal',
        area: 'despacho',
        responsible: 'Secretaría de Obras',
        dueMonth: '2027-03',
        published: true,
      },
    })
    expect(made.status).toBe(201)
    const page = (await t.call('GET', '/e/rc-2026?lang=en')).text
    // The head's <title> names them first; the body is what is read.
    const body = page.replace(/<head>.*<\/head>/s, '')
    const written = [
      'Secretaría de Desarrollo Económico',
      'Rendición de cuentas de la vigencia',
      'Auditorio principal',
      'Informe de gestión del cuatrienio',
      'Reparar el puente peatonal',
      'Secretaría de Obras',
    ]
    for (const text of written) expect(langAt(body, text), text).toBe('es')
    for (const text of [
      'Take part',
      'Place',
      'Agenda',
      "The entity's commitments",
      'Responsible',
      'Data controller',
    ])
      expect(langAt(body, text), text).toBe('en')
    // In Spanish the page's own language covers them: nothing more to mark.
    const es = (await t.call('GET', '/e/rc-2026')).text
    for (const text of written) expect(langAt(es.replace(/<head>.*<\/head>/s, ''), text), text).toBe('es-CO')
  })

  it('serves its service worker among the event pages, for its scope, with its own CSP and no long cache', async () => {
    const t = await withEvent()
    const res = await t.call('GET', '/e/sw.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self'(;|$)/)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.text).toContain('addEventListener')
    // The event page beside it is still the page.
    expect((await t.call('GET', '/e/rc-2026')).headers.get('content-type')).toMatch(/^text\/html/)
  })

  it('routes every request through one regular expression (RegExpRouter), not a search of a tree', async () => {
    // Hono's SmartRouter falls back to its TrieRouter, for every route, when one route is more than
    // RegExpRouter can hold: a fixed path before a parameter in the same place (/e/sw.js and /e/:slug).
    // The tree search cost a survey response several times what the expression does (docs/throughput-log.md).
    const t = await testApp()
    t.app.router.match('GET', '/')
    expect(t.app.router.name).toBe('SmartRouter + RegExpRouter')
  })

  it('answers an unknown or draft event with a 404 page for people', async () => {
    const t = await withEvent({ status: 'draft' })
    for (const path of ['/e/rc-2026', '/e/no-such-event']) {
      const res = await t.call('GET', path)
      expect(res.status, path).toBe(404)
      expect(res.text).toContain('No existe un evento con esa dirección.')
    }
  })

  it('answers a browser opening an address with no page with a 404 page, and API clients with the envelope', async () => {
    const t = await withEvent()
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
    for (const path of ['/e/rc-2026/preguntas', '/inscripcion', '/console-vieja']) {
      const res = await t.call('GET', path, { headers: html })
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(res.text).toContain('<h1>No encontramos esa página. Revise la dirección.</h1>')
    }
    const en = await t.call('GET', '/inscripcion?lang=en', { headers: html })
    expect(en.text).toContain('We could not find that page. Check the address.')
    // The API speaks JSON to everyone, a browser included; so does anything that did not ask for a page.
    for (const [path, headers] of [
      ['/api/nada', html],
      ['/inscripcion', { accept: 'application/json' }],
      ['/inscripcion', {}],
    ] as const) {
      const res = await t.call('GET', path, { headers })
      expect(res.status, path).toBe(404)
      expect(res.json.error.code, path).toBe('NOT_FOUND')
    }
    expect((await t.call('POST', '/inscripcion', { headers: html, body: {} })).json.error.code).toBe(
      'NOT_FOUND',
    )
  })
})

describe("an entity's tax id", () => {
  it('is the RUC for an Ecuadorian entity and the NIT for a Colombian one, on every public page, in both languages', async () => {
    const t = await testApp()
    const ec = { name: 'GAD Municipal de Cuenca', nit: '0160000270001', radicadoPrefix: 'GADC' }
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'cuenca', country: 'EC', entity: ec }),
    })
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'bogota' }) })
    const ask = { type: 'peticion', text: '¿Cuándo?', name: 'Ana Pérez', email: 'ana@example.ec' }
    const filed = (await t.call('POST', '/api/events/cuenca/questions', { body: ask })).json
    const constancia = (lang: string, format: string) =>
      t.call(
        'GET',
        `/api/pqrsd/${filed.radicado}/constancia?format=${format}&lang=${lang}&token=${filed.receiptToken}`,
      )
    const seen = async (lang: string) => {
      const event = (await t.call('GET', `/api/events/cuenca?lang=${lang}`)).json
      return [
        (await t.call('GET', `/e/cuenca?lang=${lang}`)).text,
        event.consent.text.controller,
        event.privacy.text.controller,
        (await constancia(lang, 'html')).text,
        (await constancia(lang, 'txt')).text,
      ]
    }
    for (const lang of ['es', 'en']) {
      const texts = await seen(lang)
      for (const text of texts) {
        expect(text, lang).toMatch(/\bRUC\)? 0160000270001/)
        expect(text, lang).not.toMatch(/\bNIT\b/)
      }
    }
    expect((await constancia('es', 'json')).json.constancia.entity.country).toBe('EC')
    // One filed before the constancia kept the country names it by the entity's all the same.
    const client = (t.deps.db as unknown as { $client: { exec(s: string): void } }).$client
    client.exec(`update questions set constancia = json_remove(constancia, '$.entity.country')`)
    expect((await constancia('es', 'txt')).text).toContain('GAD Municipal de Cuenca — RUC 0160000270001')
    const bogota = (await t.call('GET', '/e/bogota')).text
    expect(bogota).toContain('NIT 899999061-9')
    const consent = (await t.call('GET', '/api/events/bogota?lang=en')).json.consent.text.controller
    expect(consent).toContain('tax id (NIT) 899999061-9')
  })
})

describe('the web assets', () => {
  it('are served by the asset server the runtime hands the app, with a short cache', async () => {
    const t = await testApp()
    expect((await t.call('GET', '/widget.js')).status).toBe(404)
    t.deps.assets = async (c) => c.body('/* widget */', 200, { 'content-type': 'text/javascript' })
    const res = await t.call('GET', '/widget.js')
    expect(res.status).toBe(200)
    expect(res.text).toBe('/* widget */')
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
  })

  it('give every page its icon, and a browser asking /favicon.ico is sent to it rather than a 404', async () => {
    const t = await withEvent()
    for (const path of ['/e/rc-2026', '/console', '/api/docs'])
      expect((await t.call('GET', path)).text, path).toContain(
        '<link rel="icon" href="/favicon.svg" type="image/svg+xml"/>',
      )
    const icon = await t.call('GET', '/favicon.svg')
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    expect(icon.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>$/)
    const ico = await t.call('GET', '/favicon.ico')
    expect(ico.status).toBe(301)
    expect(ico.headers.get('location')).toBe('/favicon.svg')
  })
})

describe('CORS for the embedded widget', () => {
  const origin = { origin: 'https://www.alcaldia-ejemplo.gov.co' }

  it('lets any site read the public endpoints, and submit from the origins the event allows', async () => {
    const t = await withEvent({ allowedOrigins: ['https://www.alcaldia-ejemplo.gov.co'] })
    const pre = await t.call('OPTIONS', '/api/events/rc-2026/questions', {
      headers: {
        ...origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,idempotency-key',
      },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('*')
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key')
    const read = await t.call('GET', '/api/events/rc-2026', { headers: origin })
    expect(read.headers.get('access-control-allow-origin')).toBe('*')
    const missing = await t.call('GET', '/api/events/nope', { headers: origin })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('never lets a foreign page send a staff token or change an event', async () => {
    const t = await withEvent()
    const pre = await t.call('OPTIONS', '/api/events/rc-2026', {
      headers: {
        ...origin,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(pre.status).toBe(403)
    expect(pre.headers.get('access-control-allow-origin')).toBeNull()
    expect((pre.headers.get('access-control-allow-headers') ?? '').toLowerCase()).not.toContain(
      'authorization',
    )
    expect(pre.headers.get('access-control-allow-methods') ?? '').not.toContain('PATCH')
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull()
  })
})

describe("the attendee page opened on one form (`?formulario=`), the link each form's card shares", () => {
  const extra = {
    key: 'movilidad',
    title: 'Encuesta de movilidad',
    questions: [
      {
        id: 'barrio',
        type: 'single',
        label: '¿En qué zona vive?',
        options: [
          { value: 'urbana', label: 'Urbana' },
          { value: 'rural', label: 'Rural' },
        ],
      },
    ],
  }
  const widgetOf = (html: string) => /<cabildo-form [^>]*>/.exec(html)?.[0]

  it('shows an extra form alone, which the tabs do not name, with a link to the page with them', async () => {
    const t = await withEvent()
    // Asked for before the form exists: the page's tabs, saying the link's form is not the event's.
    const before = await t.call('GET', '/e/rc-2026?formulario=movilidad')
    expect(before.status).toBe(200)
    expect(widgetOf(before.text)).toBe(
      '<cabildo-form event="rc-2026" form="asistencia" lang="es" nav heading="3">',
    )
    expect(before.text).toContain('Este evento no tiene el formulario que pedía el enlace.')

    const created = await t.call('POST', '/api/events/rc-2026/forms', { token: t.adminToken, body: extra })
    expect(created.status, created.text).toBe(201)
    const page = await t.call('GET', '/e/rc-2026?formulario=movilidad')
    expect(page.status).toBe(200)
    expect(widgetOf(page.text)).toBe('<cabildo-form event="rc-2026" form="movilidad" lang="es" heading="3">')
    expect(page.text).not.toContain('Este evento no tiene el formulario')
    expect(page.text).toContain('<a href="/e/rc-2026">Ver los demás formularios del evento')
    // In English too, and the page without the query keeps its tabs.
    const en = await t.call('GET', '/e/rc-2026?formulario=movilidad&lang=en')
    expect(widgetOf(en.text)).toBe('<cabildo-form event="rc-2026" form="movilidad" lang="en" heading="3">')
    expect(en.text).toContain('<a href="/e/rc-2026?lang=en">')
    const plain = await t.call('GET', '/e/rc-2026')
    expect(widgetOf(plain.text)).toBe(
      '<cabildo-form event="rc-2026" form="asistencia" lang="es" nav heading="3">',
    )
  })

  it("keeps a form's page on the device apart from the event's page, and no other query", async () => {
    // The service worker's own key function, as it runs in the browser.
    const source = (await (await withEvent()).call('GET', '/e/sw.js')).text
    const fn = /const keyOf = \(href\) => \{[\s\S]*?\n\}/.exec(source)?.[0]
    expect(fn).toBeDefined()
    const keyOf = new Function(`${fn}; return keyOf`)() as (href: string) => string
    const base = 'https://cabildo.example/e/rc-2026'
    expect(keyOf(base)).toBe(base)
    expect(keyOf(`${base}?canal=whatsapp`)).toBe(base)
    expect(keyOf(`${base}?formulario=movilidad&canal=qr`)).toBe(`${base}?formulario=movilidad`)
    expect(keyOf(`${base}?formulario=movilidad&lang=en&radicado=SDE-2026-000001&token=x`)).toBe(
      `${base}?lang=en&formulario=movilidad`,
    )
  })

  it('opens the forms every event has by their keys, and takes a key no form could have as an unknown one', async () => {
    const t = await withEvent()
    for (const key of ['asistencia', 'evaluacion', 'pregunta'])
      expect(widgetOf((await t.call('GET', `/e/rc-2026?formulario=${key}`)).text)).toBe(
        `<cabildo-form event="rc-2026" form="${key}" lang="es" heading="3">`,
      )
    for (const key of ['', 'Movilidad', '../api', 'x'.repeat(49), '<script>']) {
      const res = await t.call('GET', `/e/rc-2026?formulario=${encodeURIComponent(key)}`)
      expect(res.status, key).toBe(200)
      expect(widgetOf(res.text), key).toBe(
        '<cabildo-form event="rc-2026" form="asistencia" lang="es" nav heading="3">',
      )
      expect(res.text).toContain('Este evento no tiene el formulario que pedía el enlace.')
      // The key is not written back as markup: the page's one inline script is its own (wall-lost.ts).
      expect(res.text.replace(`<script>${wallLostScript}</script>`, '')).not.toContain('<script>')
    }
  })
})
