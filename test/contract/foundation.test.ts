import { get, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { strFromU8, unzipSync } from 'fflate'
import { readSheet } from 'read-excel-file/node'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { requiredAnswers } from '../helpers'
import { client, eventBody, unique } from './client'

const rawGet = (url: string, headers: Record<string, string>) =>
  new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) =>
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (d: Buffer) => chunks.push(d))
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject),
  )

/**
 * A POST the way some clients send one: the whole body written before anything is read, on a connection
 * asked to close (Python's urllib does both). Resolves with what came back, or with the socket's error.
 */
const postWholeBody = (url: string, path: string, body: Buffer) =>
  new Promise<string>((resolve) => {
    const { hostname, port } = new URL(url)
    const socket = connect(Number(port), hostname)
    let got = ''
    socket.on('data', (d) => {
      got += d
    })
    socket.on('error', (err) => resolve(`error: ${err.message}`))
    socket.on('close', () => resolve(got))
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    )
    socket.write(body)
  })

const event = (slug: string) => eventBody(slug, { areas: [{ key: 'despacho', name: 'Despacho' }] })

describe.each(inject('runtimes'))('foundation on $name', ({ url }) => {
  const api = client(url)
  let admin: string
  beforeAll(async () => {
    admin = await api.login()
  })

  it('answers the health check', async () => {
    const res = await api.call('GET', '/api/health')
    expect(res.status).toBe(200)
    expect(res.json.status).toBe('ok')
  })

  it('serves the demo event', async () => {
    const res = await api.call('GET', '/api/events/demo-rendicion-de-cuentas')
    expect(res.status).toBe(200)
    expect(res.json.event.entity.name).toBe('Alcaldía de Ejemplo')
    expect(res.json.event.areas.map((a: { name: string }) => a.name)).toEqual([
      'Despacho',
      'Subsecretaría de Cadenas de Valor',
      'Subsecretaría de Servicios Productivos',
    ])
    // Seeded with its invented participation (server/demo-data.ts) on either runtime: the wall has votes.
    const wall = await api.call('GET', '/api/events/demo-rendicion-de-cuentas/questions')
    expect(wall.json.questions.map((q: { votes: number }) => q.votes)).toEqual([9, 6, 3, 0])
  })

  it('refuses a bad login with the 401 envelope', async () => {
    const res = await api.call('POST', '/api/auth/login', {
      body: { email: 'contract-admin@cabildo.test', password: 'wrong-password' },
    })
    expect(res.status).toBe(401)
    expect(res.json.error.code).toBe('INVALID_CREDENTIALS')
    expect(typeof res.json.error.requestId).toBe('string')
  })

  it('creates, reads and updates an event', async () => {
    const slug = unique('contrato')
    const created = await api.call('POST', '/api/events', { token: admin, body: event(slug) })
    expect(created.status).toBe(201)
    expect(created.json.event.slug).toBe(slug)
    const read = await api.call('GET', `/api/events/${slug}`)
    expect(read.json.event).toMatchObject({
      title: 'Diálogo ciudadano de prueba',
      timezone: 'America/Bogota',
      modality: 'virtual',
    })
    const updated = await api.call('PATCH', `/api/events/${slug}`, {
      token: admin,
      body: { status: 'closed', peakViewers: 81 },
    })
    expect(updated.status).toBe(200)
    expect(updated.json.event.figures.peakViewers.value).toBe(81)
    expect((await api.call('GET', `/api/events/${slug}`)).json.event.status).toBe('closed')
  })

  it('keeps every field of PATCHes sent at once to one event', async () => {
    const slug = unique('simultaneo')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(slug) })).status).toBe(201)
    const patches = [
      { peakViewers: 81 },
      { reactions: 245 },
      { comments: 87 },
      { shares: 12 },
      { views: 1302 },
      { reportPublished: true },
      { signLanguage: true },
      { channels: ['Facebook Live', 'YouTube'] },
      { allowedOrigins: ['https://www.alcaldia.gov.co'] },
    ]
    const res = await Promise.all(
      patches.map((body) => api.call('PATCH', `/api/events/${slug}`, { token: admin, body })),
    )
    expect(res.map((r) => r.status)).toEqual(patches.map(() => 200))
    const ev = (await api.call('GET', `/api/events/${slug}`, { token: admin })).json.event
    expect(
      Object.fromEntries(
        ['peakViewers', 'reactions', 'comments', 'shares', 'views'].map((k) => [k, ev.figures[k]?.value]),
      ),
    ).toEqual({ peakViewers: 81, reactions: 245, comments: 87, shares: 12, views: 1302 })
    expect(ev).toMatchObject({
      reportPublished: true,
      signLanguage: true,
      channels: ['Facebook Live', 'YouTube'],
      allowedOrigins: ['https://www.alcaldia.gov.co'],
    })
  })

  it('keeps every question added at once to a form', async () => {
    const slug = unique('preguntas')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(slug) })).status).toBe(201)
    const path = `/api/events/${slug}/forms/evaluacion`
    const before = (await api.call('GET', path, { token: admin })).json.form.questions.length
    const ids = Array.from({ length: 12 }, (_, i) => `extra_${i}`)
    const res = await Promise.all(
      ids.map((id) =>
        api.call('POST', `${path}/questions`, {
          token: admin,
          body: { id, type: 'short_text', label: `Pregunta adicional ${id}` },
        }),
      ),
    )
    expect(res.map((r) => r.status)).toEqual(ids.map(() => 201))
    const after = (await api.call('GET', path, { token: admin })).json.form
    expect(after.version).toBe(1)
    expect(after.questions).toHaveLength(before + ids.length)
    expect(after.questions.map((q: { id: string }) => q.id)).toEqual(expect.arrayContaining(ids))
  })

  it('puts validation errors in the envelope, in Spanish and in English', async () => {
    const es = await api.call('POST', '/api/events', {
      token: admin,
      body: { ...event(unique('x')), modality: 'otra' },
    })
    expect(es.status).toBe(400)
    expect(es.json.error.code).toBe('VALIDATION_ERROR')
    expect(es.json.error.message).toBe('Los datos enviados no son válidos.')
    expect(es.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['modality'])
    const en = await api.call('POST', '/api/events', {
      token: admin,
      body: { title: 1 },
      headers: { 'accept-language': 'en' },
    })
    expect(en.json.error.message).toBe('The data sent is not valid.')
  })

  it('answers 401 without a token and 403 to a role that may not create events', async () => {
    expect((await api.call('POST', '/api/events', { body: event(unique('y')) })).status).toBe(401)
    const email = `${unique('analista')}@cabildo.test`
    await api.call('POST', '/api/users', {
      token: admin,
      body: { email, password: 'analyst-password', role: 'analyst' },
    })
    const analyst = await api.login(email, 'analyst-password')
    const res = await api.call('POST', '/api/events', { token: analyst, body: event(unique('z')) })
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('FORBIDDEN')
  })

  it('answers an unknown path and an unknown event with the 404 envelope', async () => {
    expect((await api.call('GET', '/api/nada')).json.error.code).toBe('NOT_FOUND')
    const res = await api.call('GET', '/api/events/no-existe-este-evento')
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('EVENT_NOT_FOUND')
  })

  it('refuses an oversized body with 413', async () => {
    const res = await api.call('POST', '/api/events', {
      token: admin,
      body: { ...event(unique('big')), description: 'x'.repeat(200_000) },
    })
    expect(res.status).toBe(413)
    expect(res.json.error.code).toBe('PAYLOAD_TOO_LARGE')
    // Sent whole before reading, on a connection that then closes: the client still gets the envelope,
    // not a reset connection.
    const big = Buffer.from(JSON.stringify({ name: 'x'.repeat(30_000_000), consent: true }))
    const got = await postWholeBody(url, '/api/events/demo-rendicion-de-cuentas/attendance', big)
    expect(got).toMatch(/^HTTP\/1\.1 413 /)
    expect(got).toContain('"code":"PAYLOAD_TOO_LARGE"')
  })
  // D1 binds at most 100 parameters a statement: lists that grow with the data are bound as one.
  it('closes a form for good even when a new version of it is made at the same moment', async () => {
    // The close is sent a little later each round, to land before, during and after the new version.
    for (let round = 0; round < 8; round++) {
      const slug = unique('cierre')
      expect((await api.call('POST', '/api/events', { token: admin, body: event(slug) })).status).toBe(201)
      const path = `/api/events/${slug}/forms/evaluacion`
      // With a response, a new question makes a new version (copying the settings of the current one).
      const answered = await api.call('POST', `${path}/responses`, {
        body: { answers: requiredAnswers, deviceToken: `cierre-${round}-dispositivo` },
      })
      expect(answered.status).toBe(201)
      const [added, closed] = await Promise.all([
        api.call('POST', `${path}/questions`, {
          token: admin,
          body: { id: `nueva_${round}`, type: 'short_text', label: 'Una pregunta nueva' },
        }),
        new Promise((r) => setTimeout(r, round * 2)).then(() =>
          api.call('PATCH', path, { token: admin, body: { open: false } }),
        ),
      ])
      expect([closed.status, added.status]).toEqual([200, 201])
      const now = (await api.call('GET', path, { token: admin })).json.form
      expect([now.version, now.open]).toEqual([2, false])
    }
  })

  it('decides changes sent at once to one commitment on its row as it is when written', async () => {
    const slug = unique('compromisos')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(slug) })).status).toBe(201)
    for (let round = 0; round < 4; round++) {
      const created = await api.call('POST', `/api/events/${slug}/commitments`, {
        token: admin,
        body: { description: `Compromiso ${round}`, area: 'despacho', dueDate: '2027-03-01' },
      })
      const id = created.json.commitment.id as string
      // Each alone is fine; together they would publish a commitment without a date.
      const [publish, undate] = await Promise.all([
        api.call('PATCH', `/api/commitments/${id}`, { token: admin, body: { published: true } }),
        api.call('PATCH', `/api/commitments/${id}`, { token: admin, body: { dueDate: null } }),
      ])
      expect([publish.status, undate.status].sort()).toEqual([200, 400])
      const now = (await api.call('GET', `/api/commitments/${id}`, { token: admin })).json.commitment
      expect(now.published && !now.dueDate && !now.dueMonth).toBe(false)
    }
    const last = (await api.call('GET', `/api/events/${slug}/commitments`, { token: admin })).json
      .commitments[0]
    const notes = Array.from({ length: 8 }, (_, i) => `Avance ${i}`)
    const added = await Promise.all(
      notes.map((note, i) =>
        api.call('POST', `/api/commitments/${last.id}/follow-ups`, {
          token: admin,
          body: { note, progress: i * 10 },
        }),
      ),
    )
    expect(added.map((r) => r.status)).toEqual(notes.map(() => 201))
    // The last one written carries every note before it in its own answer (and its webhook).
    expect(Math.max(...added.map((r) => r.json.commitment.followUps.length))).toBe(notes.length)
  })

  it('answers over lists longer than D1 binds: 150 slugs, an event of 105 commitments', async () => {
    const slug = unique('muchos')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(slug) })).status).toBe(201)
    const slugs = [slug, ...Array.from({ length: 149 }, (_, i) => `no-${i}`)].join(',')
    const totals = await api.call('GET', `/api/reports/totals?slugs=${slugs}`, { token: admin })
    expect(totals.status).toBe(200)
    expect(totals.json.events.map((e: { slug: string }) => e.slug)).toEqual([slug])
    let last = ''
    for (let i = 0; i < 105; i++) {
      const c = await api.call('POST', `/api/events/${slug}/commitments`, {
        token: admin,
        body: { description: `Compromiso ${i}`, area: 'despacho' },
      })
      expect(c.status).toBe(201)
      last = c.json.commitment.id
    }
    await api.call('POST', `/api/commitments/${last}/follow-ups`, {
      token: admin,
      body: { note: 'Contrato firmado', progress: 30 },
    })
    const list = await api.call('GET', `/api/events/${slug}/commitments`, { token: admin })
    expect(list.status).toBe(200)
    expect(list.json.commitments).toHaveLength(105)
    const mine = list.json.commitments.find((c: { id: string }) => c.id === last)
    expect(mine.followUps.map((f: { note: string }) => f.note)).toEqual(['Contrato firmado'])
  })

  it('renders two events compared as Word and Excel', async () => {
    const slugs = [unique('antes'), unique('ahora')]
    for (const [i, slug] of slugs.entries()) {
      expect((await api.call('POST', '/api/events', { token: admin, body: event(slug) })).status).toBe(201)
      const answered = await api.call('POST', `/api/events/${slug}/forms/evaluacion/responses`, {
        body: {
          answers: { ...requiredAnswers, calificacion_gestion: i ? 'excelente' : 'buena' },
          deviceToken: `device-${slug}-abcdef`,
        },
      })
      expect(answered.status).toBe(201)
    }
    const file = (format: string) =>
      fetch(`${url}/api/reports/compare?a=${slugs[0]}&b=${slugs[1]}&format=${format}&lang=es`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    const docx = await file('docx')
    expect([docx.status, docx.headers.get('content-disposition')]).toEqual([
      200,
      `attachment; filename="comparacion-${slugs.join('-')}.docx"`,
    ])
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
    expect(xml).toContain('Diferencia (B − A)')
    expect(xml).toContain('+100,0 pp')
    const xlsx = await file('xlsx')
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const survey = await readSheet(Buffer.from(await xlsx.arrayBuffer()), 'Evaluación')
    const rated = survey.filter((r) => r[1] === 'Excelente' || r[1] === 'Buena').map((r) => r.slice(1))
    expect(rated).toContainEqual(['Excelente', 0, 0, 1, 100, 100])
    expect(rated).toContainEqual(['Buena', 1, 100, 0, 0, -100])
  })
})

// On Workers the [assets] directory serves the built files before the app runs; on Node the app does.
describe.each(inject('runtimes').filter((r) => r.name === 'node'))('web assets on $name', ({ url }) => {
  it('serves the widget from memory: gzipped with its length, revalidated by ETag', async () => {
    // node:http, not fetch, which asks for gzip itself and undoes it.
    const plain = await rawGet(`${url}/widget.js`, {})
    const text = plain.body.toString('utf8')
    expect(plain.headers['content-type']).toMatch(/^text\/javascript/)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length)
    const zipped = await rawGet(`${url}/widget.js`, { 'accept-encoding': 'gzip' })
    const bytes = zipped.body
    expect(zipped.headers['content-encoding']).toBe('gzip')
    expect(Number(zipped.headers['content-length'])).toBe(bytes.length)
    expect(gunzipSync(bytes).toString('utf8')).toBe(text)
    const etag = String(zipped.headers.etag)
    expect(plain.headers.etag).toBe(etag)
    const again = await fetch(`${url}/widget.js`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    // HEAD and ranges come from the file itself; a file that is not there is the app's 404.
    const head = await fetch(`${url}/widget.js`, { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(text)))
    const range = await fetch(`${url}/widget.js`, { headers: { range: 'bytes=0-9' } })
    expect(range.status).toBe(206)
    expect(await range.text()).toBe(text.slice(0, 10))
    const missing = await fetch(`${url}/app/no-such-file.js`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
  })
})
