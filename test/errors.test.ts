import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/sqlite-proxy'
import { describe, expect, it } from 'vitest'
import { attendees } from '../db/schema'
import { createApp } from '../server/app'
import { startupFailure } from '../server/errors'
import { requiredAnswers, sampleEvent, testApp } from './helpers'

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
    expect(res.json.error.issues.find((i: { path: string }) => i.path === 'password').message).toBe(
      'This field is required.',
    )
    const es = await t.call('POST', '/api/auth/login', { body: { email: 'no' } })
    expect(es.json.error.issues.find((i: { path: string }) => i.path === 'password').message).toBe(
      'Falta este campo: es obligatorio.',
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

  it("says what a field expects in words people use, never zod's generic ones, in both languages", async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const scale = await t.call('POST', '/api/events/evento/forms', {
      token: t.adminToken,
      body: {
        key: 'puntaje',
        title: 'Puntaje',
        questions: [
          { id: 'puntaje', type: 'scale', label: 'Puntaje', scale: { min: 1, max: 5 } },
          { id: 'idea', type: 'long_text', label: 'Idea', maxLength: 2000 },
        ],
      },
    })
    expect(scale.status).toBe(201)
    const seen: string[] = []
    /** The issues of a refusal as path → message: always a 400 VALIDATION_ERROR. */
    const refused = async (method: string, path: string, body: unknown, lang = 'es', token?: string) => {
      const res = await t.call(method, path, { body, token, headers: { 'accept-language': lang } })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_ERROR')
      const issues = res.json.error.issues as { path: string; message: string }[]
      seen.push(...issues.map((i) => i.message))
      return Object.fromEntries(issues.map((i) => [i.path, i.message]))
    }
    let device = 0
    const answer = (form: string, answers: unknown, lang = 'es') =>
      refused(
        'POST',
        `/api/events/evento/forms/${form}/responses`,
        { answers, deviceToken: `device-token-${String(++device).padStart(8, '0')}` },
        lang,
      )
    const register = (over: Record<string, unknown>, lang = 'es') =>
      refused(
        'POST',
        '/api/events/evento/attendance',
        { name: 'Ana', email: 'ana@correo.co', consent: true, ...over },
        lang,
      )
    const ask = (over: Record<string, unknown>, lang = 'es') =>
      refused(
        'POST',
        '/api/events/evento/questions',
        { type: 'peticion', text: '¿Habrá ferias?', ...over },
        lang,
      )
    const createEvent = (over: Record<string, unknown>, lang = 'es') =>
      refused('POST', '/api/events', sampleEvent({ slug: 'otro', ...over }), lang, t.adminToken)

    // A missing field.
    expect(await refused('POST', '/api/auth/login', {})).toEqual({
      email: 'Falta este campo: es obligatorio.',
      password: 'Falta este campo: es obligatorio.',
    })
    expect(await refused('POST', '/api/auth/login', {}, 'en')).toEqual({
      email: 'This field is required.',
      password: 'This field is required.',
    })
    expect(
      await refused('POST', '/api/events/evento/forms/evaluacion/responses', {
        deviceToken: 'device-token-none-1',
      }),
    ).toEqual({ answers: 'Falta este campo: es obligatorio.' })
    expect(
      await refused(
        'POST',
        '/api/events/evento/forms/evaluacion/responses',
        { deviceToken: 'device-token-none-2' },
        'en',
      ),
    ).toEqual({ answers: 'This field is required.' })
    // One to choose: the options are what to send.
    expect(await refused('POST', '/api/events/evento/questions', { text: 'Hola' })).toEqual({
      type: 'Falta este campo. Elija una de las opciones: peticion, peticion_documentos, peticion_informacion, consulta, queja, reclamo, sugerencia, denuncia, felicitacion, pregunta.',
    })

    // The wrong type: what is expected, said plainly.
    expect(await ask({ text: 42, anonymous: 'sí' })).toEqual({
      text: 'Escriba un texto.',
      anonymous: 'Responda sí o no (true o false).',
    })
    expect(await ask({ text: 42, anonymous: 'yes' }, 'en')).toEqual({
      text: 'Write some text.',
      anonymous: 'Answer yes or no (true or false).',
    })
    expect(await register({ populationGroups: 'afrodescendiente' })).toEqual({
      populationGroups: 'Elija una o varias opciones de la lista.',
    })
    expect(await register({ populationGroups: 'afrodescendiente' }, 'en')).toEqual({
      populationGroups: 'Choose one or more options from the list.',
    })
    expect(await createEvent({ agenda: 'Apertura' })).toEqual({
      agenda: 'Envíe una lista, entre corchetes [ ].',
    })
    expect(await createEvent({ agenda: 'Apertura' }, 'en')).toEqual({
      agenda: 'Send a list, in brackets [ ].',
    })
    // A scale takes a whole number, within its bounds.
    expect(await answer('puntaje', { puntaje: 3.5 })).toEqual({
      'answers.puntaje': 'Escriba un número entero.',
    })
    expect(await answer('puntaje', { puntaje: '3' })).toEqual({
      'answers.puntaje': 'Escriba un número entero.',
    })
    expect(await answer('puntaje', { puntaje: 3.5 }, 'en')).toEqual({
      'answers.puntaje': 'Enter a whole number.',
    })
    expect(await answer('puntaje', { puntaje: 9 })).toEqual({
      'answers.puntaje': 'Escriba un número entero igual o menor que 5.',
    })
    expect(await answer('puntaje', { puntaje: 0 }, 'en')).toEqual({
      'answers.puntaje': 'Enter a whole number of 1 or more.',
    })
    // What no answer can be: an answer is a text, a list of options or a number.
    expect(await answer('puntaje', { puntaje: true })).toEqual({
      'answers.puntaje': 'Envíe un texto, una lista o un número.',
    })
    expect(await answer('puntaje', { puntaje: true }, 'en')).toEqual({
      'answers.puntaje': 'Send a text, a list or a number.',
    })
    expect(await answer('evaluacion', { ...requiredAnswers, comentarios: 5 })).toEqual({
      'answers.comentarios': 'Escriba un texto.',
    })
    expect(await answer('evaluacion', { ...requiredAnswers, calificacion_gestion: ['buena'] })).toEqual({
      'answers.calificacion_gestion': 'Elija una opción de la lista.',
    })
    // An entity given as an object, wrong inside: where.
    expect(await createEvent({ entity: { name: 7 } })).toEqual({ entity: '«name»: Escriba un texto.' })
    expect(await createEvent({ entity: 7 }, 'en')).toEqual({ entity: 'Send a text or a JSON object.' })

    // A date and time.
    const when = await createEvent({ startsAt: 'mañana' })
    expect(when).toEqual({
      startsAt: 'Escriba una fecha y hora ISO 8601 con su zona, p. ej. 2026-11-21T10:00:00-05:00.',
    })
    expect(await createEvent({ startsAt: '2026-11-21T10:00:00' }, 'en')).toEqual({
      startsAt: 'Enter an ISO 8601 date and time with its zone, e.g. 2026-11-21T10:00:00-05:00.',
    })
    const web =
      'Escriba una dirección web completa, que empiece por https:// o http://, p. ej. https://www.ejemplo.gov.co.'
    expect(await createEvent({ streamUrl: 'youtube' })).toEqual({ streamUrl: web })
    // A link people open from the page or an embedder's: no other scheme (a javascript: one would run there).
    expect(await createEvent({ streamUrl: 'javascript:alert(document.cookie)' })).toEqual({ streamUrl: web })
    expect(await createEvent({ streamUrl: 'data:text/html,<script>alert(1)</script>' })).toEqual({
      streamUrl: web,
    })
    expect(await createEvent({ entity: { name: 'Alcaldía', website: 'javascript:void(0)' } })).toEqual({
      'entity.website': web,
    })
    expect(await createEvent({ allowedOrigins: ['file:///etc/passwd'] })).toEqual({ 'allowedOrigins.0': web })

    // A survey's free text over its limit says it as the attendance and question forms do.
    expect(await answer('evaluacion', { ...requiredAnswers, comentarios: 'x'.repeat(2001) })).toEqual({
      'answers.comentarios': 'Escriba como máximo 2000 caracteres.',
    })
    expect(await answer('puntaje', { idea: 'x'.repeat(2001) }, 'en')).toEqual({
      'answers.idea': 'Write at most 2000 characters.',
    })
    expect(await register({ name: 'x'.repeat(201) })).toEqual({ name: 'Escriba como máximo 200 caracteres.' })

    // An option: its values, readably.
    expect(await register({ gender: 'femenino' })).toEqual({
      gender: 'Elija una de las opciones: mujer, hombre, no_binario, prefiero_no_responder.',
    })
    expect(await register({ gender: 'female' }, 'en')).toEqual({
      gender: 'Choose one of the options: mujer, hombre, no_binario, prefiero_no_responder.',
    })
    expect(await register({ guardianConsent: false })).toEqual({
      guardianConsent: 'Solo se admite el valor true.',
    })

    // A list of options sent as one string: that it is not a list, and nothing about its length.
    expect(await answer('evaluacion', { ...requiredAnswers, medio_enterado: 'redes_sociales' })).toEqual({
      'answers.medio_enterado': 'Elija una o varias opciones de la lista.',
    })
    expect(
      await answer('evaluacion', { ...requiredAnswers, medio_enterado: 'redes_sociales' }, 'en'),
    ).toEqual({
      'answers.medio_enterado': 'Choose one or more options from the list.',
    })
    expect(await register({ populationGroups: 'afrodescendiente_negro_raizal_palenquero' })).toEqual({
      populationGroups: 'Elija una o varias opciones de la lista.',
    })

    // None of zod's generic wording, nor an English word in Spanish, reached anyone.
    expect(seen.length).toBeGreaterThan(30)
    for (const m of seen)
      expect(m).not.toMatch(
        /Entrada inválida|se esperaba|Inválido|Demasiado|Opción inválida|\bint\b|Invalid|expected|Too (big|small)|received/,
      )
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
        'It goes only with a change of status to hidden, forwarded, extended, withdrawn, or desisted.',
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
    // JSON, but not an object: the body's issue too, named as BAD_JSON names it.
    const list = await t.call('POST', '/api/events', { token: t.adminToken, body: '[1]' })
    expect([list.json.error.code, list.json.error.issues]).toEqual([
      'VALIDATION_ERROR',
      [{ path: 'body', message: 'Envíe un objeto JSON, entre llaves { }.' }],
    ])
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

  it("logs a failed query without the values it was bound to: a person's data stays out of the server log", async () => {
    const t = await testApp()
    const app = createApp(t.deps)
    // Drizzle over a driver that fails the way D1 does when its connection drops (a passing failure).
    const d1Like = drizzle(async () => {
      throw new Error('D1_ERROR: Network connection lost.')
    })
    app.get('/api/lookup', async (c) =>
      c.json(
        await d1Like
          .select()
          .from(attendees)
          .where(eq(attendees.email, 'rosa.marcada@example.org'))
          .then((rows) => rows.length),
      ),
    )
    const original = console.error
    const logged: unknown[] = []
    console.error = (...args: unknown[]) => logged.push(...args)
    const res = await Promise.resolve(app.request('/api/lookup')).finally(() => {
      console.error = original
    })
    expect(res.status).toBe(503)
    const line = logged.map((a) =>
      a instanceof Error ? `${a.stack}\n${(a.cause as Error)?.stack}` : String(a),
    )
    expect(line.join('\n')).toContain('Failed query: select')
    expect(line.join('\n')).toContain('Network connection lost')
    expect(line.join('\n')).not.toContain('rosa.marcada')
  })

  it('logs a failed query that crossed from a writer object or thread without its values, which only its message kept', async () => {
    const t = await testApp()
    const app = createApp(t.deps)
    // What RPC and the writer thread carry back of drizzle's query error: its message, nothing else.
    app.get('/api/crossed', () => {
      throw new Error(
        'Failed query: insert into "attendees" ("name", "email") values (?, ?)\nparams: Rosa Marcada,rosa.marcada@example.org',
      )
    })
    const original = console.error
    const logged: unknown[] = []
    console.error = (...args: unknown[]) => logged.push(...args)
    const res = await Promise.resolve(app.request('/api/crossed?q=Rosa%20Marcada&token=secreto-1')).finally(
      () => {
        console.error = original
      },
    )
    expect(res.status).toBe(500)
    const line = logged.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join('\n')
    expect(line).toContain('Failed query: insert into "attendees" ("name", "email") values (?, ?)')
    for (const value of ['Rosa', 'rosa.marcada', 'secreto-1']) expect(line).not.toContain(value)
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
