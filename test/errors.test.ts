import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp } from '../server/app'
import { startupFailure } from '../server/errors'
import { sampleEvent, testApp } from './helpers'

describe('the error envelope', () => {
  it('answers an unknown path with a 404 envelope carrying the request id', async () => {
    const t = await testApp()
    const res = await t.call('GET', '/api/no-such-thing')
    expect(res.status).toBe(404)
    expect(res.json.error).toEqual({
      code: 'NOT_FOUND',
      message: 'No encontramos lo que busca.',
      requestId: res.headers.get('x-request-id'),
    })
  })

  it('speaks English when the request asks for it', async () => {
    const t = await testApp()
    const res = await t.call('POST', '/api/auth/login', {
      body: { email: 'no' },
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    })
    expect(res.json.error.message).toBe('The data sent is not valid.')
    expect(res.json.error.issues.find((i: { path: string }) => i.path === 'email').message).toMatch(/e-mail/i)
    const es = await t.call('POST', '/api/auth/login', { body: { email: 'no' } })
    expect(es.json.error.issues.find((i: { path: string }) => i.path === 'password').message).toMatch(
      /se esperaba/,
    )
  })

  it('says plainly what people most often get wrong in a form, in both languages', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const ask = async (body: Record<string, unknown>, lang = 'es') => {
      const res = await t.call('POST', '/api/events/evento/questions', {
        body: { type: 'peticion', text: '¿Habrá ferias?', ...body },
        headers: { 'accept-language': lang },
      })
      expect(res.status).toBe(400)
      return Object.fromEntries(
        res.json.error.issues.map((i: { path: string; message: string }) => [i.path, i.message]),
      )
    }
    expect(await ask({ text: '   ', email: 'josé@correo.co' })).toEqual({
      text: 'Escriba algo en este campo: no puede quedar vacío.',
      email: 'Escriba un correo válido, p. ej. nombre@correo.com.',
    })
    expect(await ask({ text: 'x'.repeat(4001) })).toEqual({ text: 'Escriba como máximo 4000 caracteres.' })
    expect(await ask({ text: '', email: 'ana@correo' }, 'en')).toEqual({
      text: 'Write something here: it cannot be empty.',
      email: 'Enter a valid e-mail, e.g. name@mail.com.',
    })
  })

  it("gives Cabildo's own validation messages in English too, from schemas and from services", async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const mod = await t.staffToken('moderator')
    const asked = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'peticion', text: '¿Habrá ferias?', name: 'Ana', email: 'ana@example.co' },
    })
    const en = { 'accept-language': 'en' }
    const refusals = [
      // Schema refinements (fixed messages).
      await t.call('POST', '/api/events/evento/attendance', {
        headers: en,
        body: { name: 'Ana', consent: true },
      }),
      await t.call('POST', '/api/events/evento/attendance', {
        headers: en,
        body: { name: 'Ana', phone: '12', consent: false },
      }),
      await t.call('POST', '/api/events/evento/questions', {
        headers: en,
        body: { type: 'peticion', text: 'x', anonymous: true, email: 'a@b.co' },
      }),
      // Services (messages built with values) on the main thread and in the moderation machine.
      await t.call('PATCH', `/api/questions/${asked.json.id}`, {
        token: mod,
        headers: en,
        body: { status: 'hidden' },
      }),
      await t.call('PATCH', `/api/questions/${asked.json.id}`, {
        token: mod,
        headers: en,
        body: { reason: 'spam' },
      }),
      await t.call('POST', '/api/events/evento/attendance', {
        headers: { ...en, 'idempotency-key': 'ñ' },
        body: { name: 'Ana', email: 'ana@example.co', consent: true },
      }),
      // Staff routes' own schemas.
      await t.call('POST', '/api/users', {
        token: t.adminToken,
        headers: en,
        body: { email: 'x@example.org', password: 'short', role: 'analyst' },
      }),
      await t.call('POST', '/api/events/evento/forms', {
        token: t.adminToken,
        headers: en,
        body: {
          key: 'dos_iguales',
          title: 'Dos iguales',
          questions: [
            { id: 'q1', type: 'short_text', label: 'Uno' },
            { id: 'q1', type: 'short_text', label: 'Otro' },
          ],
        },
      }),
    ]
    const messages = refusals.flatMap((r) => {
      expect(r.status).toBe(400)
      return r.json.error.issues.map((i: { message: string }) => i.message)
    })
    expect(messages).toEqual(
      expect.arrayContaining([
        'Give a document, an e-mail or a phone number to tell your registration apart.',
        'Enter a phone number of 7 to 20 digits; spaces, hyphens and brackets are fine.',
        'Accept the privacy notice (consent: true) to register.',
        'An anonymous petition carries no personal data.',
        'Say why it is hidden.',
        'It goes only with a change of status to hidden or forwarded or extended.',
        'It must have from 1 to 255 visible characters.',
        'Use at least 10 characters.',
        'That question id is already in the form.',
      ]),
    )
    for (const m of messages) expect(m).not.toMatch(/[áéíóúñ¿]|\b(el|la|los|una?|que|por|indique|diga)\b/i)
    // Spanish stays the default.
    const es = await t.call('PATCH', `/api/questions/${asked.json.id}`, {
      token: mod,
      body: { status: 'hidden' },
    })
    expect(es.json.error.issues).toEqual([{ path: 'reason', message: 'Diga por qué se oculta.' }])
  })

  it('has no schema message written in Spanish alone', () => {
    // A message given to a zod check or an issue as a bare literal reaches English clients in Spanish;
    // said('…', '…') gives it both languages.
    const bare =
      /\.(min|max|length|regex|refine|email|url|startsWith|endsWith|includes|int|positive|nonnegative)\([^()]*(\([^()]*\))?[^()]*,\s*['"`]|\bmessage:\s*['"`]/
    const offenders = readdirSync('server', { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .flatMap((f) =>
        readFileSync(join('server', f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (bare.test(line) ? [`server/${f}:${i + 1}: ${line.trim()}`] : [])),
      )
    expect(offenders).toEqual([])
  })

  it('answers in the envelope when the app cannot start (a Worker without its D1 binding, say)', async () => {
    const original = console.error
    const logged: unknown[][] = []
    console.error = (...args: unknown[]) => logged.push(args)
    try {
      const res = startupFailure(
        new Request('http://x/api/health', { headers: { 'accept-language': 'en-GB,en;q=0.8' } }),
        new Error('D1_ERROR: no such table: users'),
      )
      expect(res.status).toBe(500)
      const body = (await res.json()) as { error: { requestId: string } }
      expect(body).toEqual({
        error: {
          code: 'INTERNAL_ERROR',
          message: 'An internal error occurred. Try again.',
          requestId: expect.any(String),
        },
      })
      expect(res.headers.get('x-request-id')).toBe(body.error.requestId)
      expect(JSON.stringify(body)).not.toContain('no such table')
      expect(String(logged[0][0])).toContain(body.error.requestId)
    } finally {
      console.error = original
    }
  })

  it('names each unknown field by its own path, nested ones too, in both languages', async () => {
    const t = await testApp()
    const body = sampleEvent({
      slug: 'evento',
      colour: 'azul',
      size: 3,
      entity: { ...sampleEvent().entity, logo: 'x.png' },
      areas: [
        { key: 'despacho', name: 'Despacho' },
        { key: 'obras', name: 'Obras', head: 'Ana' },
      ],
    })
    const issues = async (lang?: string) => {
      const headers: Record<string, string> = lang ? { 'accept-language': lang } : {}
      const res = await t.call('POST', '/api/events', { token: t.adminToken, body, headers })
      expect(res.status).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_ERROR')
      return res.json.error.issues
    }
    expect(await issues()).toEqual([
      { path: 'entity.logo', message: 'Este campo no existe: «logo». Quítelo de la solicitud.' },
      { path: 'areas.1.head', message: 'Este campo no existe: «head». Quítelo de la solicitud.' },
      { path: 'colour', message: 'Este campo no existe: «colour». Quítelo de la solicitud.' },
      { path: 'size', message: 'Este campo no existe: «size». Quítelo de la solicitud.' },
    ])
    expect((await issues('en'))[2]).toEqual({
      path: 'colour',
      message: 'There is no such field: «colour». Remove it from the request.',
    })
    expect((await t.call('GET', '/api/events', { token: t.adminToken })).json.events).toHaveLength(0)
  })

  it('answers malformed JSON with BAD_JSON', async () => {
    const t = await testApp()
    const res = await t.call('POST', '/api/events', { token: t.adminToken, body: '{"title": ' })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('BAD_JSON')
    // Like every 400, with its issues (docs/API.md), in the request's language.
    expect(res.json.error.issues).toEqual([
      { path: 'body', message: 'El cuerpo de la solicitud no es JSON válido.' },
    ])
    const en = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: '{"title": ',
      headers: { 'accept-language': 'en' },
    })
    expect(en.json.error.issues).toEqual([{ path: 'body', message: 'The request body is not valid JSON.' }])
  })

  it('refuses a body over the limit with 413 before reading it', async () => {
    const t = await testApp()
    const res = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ description: 'x'.repeat(70_000) }),
    })
    expect(res.status).toBe(413)
    expect(res.json.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('hides the cause of an internal error behind INTERNAL_ERROR', async () => {
    const t = await testApp()
    const app = createApp(t.deps)
    app.get('/api/boom', () => {
      throw new Error('secret stack detail')
    })
    const original = console.error
    console.error = () => {}
    const res = await Promise.resolve(app.request('/api/boom')).finally(() => {
      console.error = original
    })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text).error.code).toBe('INTERNAL_ERROR')
    expect(text).not.toContain('secret')
  })
})
