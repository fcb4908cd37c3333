import { describe, expect, it } from 'vitest'
import { sha256HexSync } from '../server/services/sha256'
import { requiredAnswers, sampleEvent, type TestApp, testApp } from './helpers'

const BANK_IDS = [
  'genero',
  'rango_edad',
  'ocupacion',
  'nivel_educativo',
  'grupo_poblacional',
  'medio_enterado',
  'explicacion_procedimiento',
  'oportunidad_opinar',
  'tiempo_exposicion',
  'responde_intereses',
  'muestra_resultados',
  'calificacion_gestion',
  'volveria_participar',
  'temas_proximo',
  'comentarios',
]

async function withEvent(over: Record<string, unknown> = {}) {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento', ...over }) })
  return t
}
let device = 0
const respond = (
  t: TestApp,
  answers: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  headers = {},
) =>
  t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
    body: { answers, deviceToken: `device-token-${String(++device).padStart(6, '0')}`, ...extra },
    headers,
  })
const stats = async (t: TestApp, query = '') =>
  (await t.call('GET', `/api/events/evento/forms/evaluacion/stats${query}`, { token: t.adminToken })).json
const question = (s: any, id: string) => s.questions.find((q: { id: string }) => q.id === id)

describe('the evaluation form', () => {
  it('is built for every event from the question bank, with its stable ids, in Spanish', async () => {
    const t = await withEvent()
    const res = await t.call('GET', '/api/events/evento/forms')
    const [form] = res.json.forms
    expect(form).toMatchObject({ key: 'evaluacion', version: 1, open: true })
    expect(form.questions.map((q: { id: string }) => q.id)).toEqual(BANK_IDS)
    const groups = form.questions[4]
    expect(groups).toMatchObject({ type: 'multi', sensitive: true, required: false })
    expect(groups.options.at(-1)).toEqual({
      value: 'prefiero_no_responder',
      label: 'Prefiero no responder',
      exclusive: true,
    })
    expect(form.questions[11].options.map((o: { label: string }) => o.label)).toEqual([
      'Excelente',
      'Buena',
      'Regular',
      'Mala',
    ])
    const en = await t.call('GET', '/api/events/evento/forms/evaluacion', {
      headers: { 'accept-language': 'en' },
    })
    expect(en.json.form.questions[0].label).toBe('Gender')
  })

  it('comes with the event, and no read or submission makes one', async () => {
    const t = await withEvent()
    const client = (
      t.deps.db as unknown as { $client: { prepare(s: string): { get(): any; run(): unknown } } }
    ).$client
    const forms = () => client.prepare('select count(*) n from forms').get().n
    expect(forms()).toBe(1)
    // Forms were once made on first use, and the long fuzz walk found refused reads that made one (an
    // unknown form's, an unknown question's texts) before answering 404. An event without its form (only
    // by hand now: migration 0017 gave every older event its own) is answered as one without forms.
    client.prepare('delete from forms').run()
    for (const key of ['otro', 'evaluacion'])
      for (const path of [
        '',
        '/results',
        '/responses',
        '/stats',
        '/crosstab?question=genero&by=rango_edad',
        '/texts/x',
      ])
        for (const token of [t.adminToken, undefined]) {
          const res = await t.call('GET', `/api/events/evento/forms/${key}${path}`, { token })
          expect([res.status, res.json.error.code], `${key}${path}`).toEqual(
            token || !path || path === '/results' ? [404, 'FORM_NOT_FOUND'] : [401, 'UNAUTHORIZED'],
          )
        }
    expect((await t.call('GET', '/api/events/evento/forms')).json.forms).toEqual([])
    expect((await t.call('GET', '/e/evento')).status).toBe(200)
    const answer = await respond(t, requiredAnswers)
    expect([answer.status, answer.json.error.code]).toEqual([404, 'FORM_NOT_FOUND'])
    expect(forms()).toBe(0)
  })
})

describe('survey responses', () => {
  it('takes one response per attendee token, and one per device without it', async () => {
    const t = await withEvent()
    const { attendeeToken } = (
      await t.call('POST', '/api/events/evento/attendance', {
        body: { name: 'Ana', email: 'ana@x.co', consent: true },
      })
    ).json
    const first = await respond(
      t,
      { ...requiredAnswers, genero: 'mujer' },
      { attendeeToken, deviceToken: undefined },
    )
    expect(first.status).toBe(201)
    expect(first.json.id).toMatch(/^[0-9a-f-]{36}$/)
    const second = await respond(t, requiredAnswers, { attendeeToken, deviceToken: undefined })
    expect(second.status).toBe(409)
    expect(second.json.error.code).toBe('ALREADY_RESPONDED')
    const deviceToken = 'my-phone-0123456789'
    expect((await respond(t, requiredAnswers, { deviceToken })).status).toBe(201)
    expect((await respond(t, requiredAnswers, { deviceToken })).json.error.code).toBe('ALREADY_RESPONDED')
    expect((await stats(t)).responses).toBe(2)
  })

  it('keeps its respondents after the moment their tokens were made, and as before at an event that kept them so', async () => {
    const t = await withEvent()
    const client = (t.deps.db as any).$client
    const respondents = () =>
      (client.prepare('select key_hash from form_respondents').all() as { key_hash: string }[]).map((r) =>
        r.key_hash.split(':').slice(2),
      )
    const { attendeeToken } = (
      await t.call('POST', '/api/events/evento/attendance', {
        body: { name: 'Ana', email: 'ana@x.co', consent: true },
      })
    ).json
    // The widget's device tokens begin with the moment they were made, in milliseconds. An attendee's
    // token begins with its stamp, which its registration's row keeps too: its respondent is kept by the
    // hash alone, so that nothing joins the two.
    const deviceToken = `${Date.now()}4242424242-1717171717`
    expect((await respond(t, requiredAnswers, { attendeeToken, deviceToken })).status).toBe(201)
    const hash = (kind: string, token: string) => sha256HexSync(`respondent:${kind}:${token}`)
    expect(respondents()).toHaveLength(2)
    expect(respondents()).toContainEqual([hash('a', attendeeToken)])
    expect(respondents()).toContainEqual([deviceToken.slice(0, 13), hash('d', deviceToken)])
    const stamps = (client.prepare('select token_hash from attendees').all() as { token_hash: string }[]).map(
      (r) => r.token_hash.slice(0, 12),
    )
    expect(JSON.stringify(client.prepare('select * from form_respondents').all())).not.toContain(stamps[0])
    // Each is still one respondent: either token again is refused.
    expect((await respond(t, requiredAnswers, { deviceToken })).json.error.code).toBe('ALREADY_RESPONDED')
    expect(
      (await respond(t, requiredAnswers, { attendeeToken, deviceToken: undefined })).json.error.code,
    ).toBe('ALREADY_RESPONDED')
    // A token of another form is kept by its hash alone.
    expect((await respond(t, requiredAnswers, { deviceToken: 'mi-telefono-0123456789' })).status).toBe(201)
    expect(respondents()).toContainEqual([hash('d', 'mi-telefono-0123456789')])

    // An event whose respondents were kept before they were ordered (migration 0029) keeps each new one
    // as its hash alone too, so that a device that answered then is refused now.
    const old = await withEvent()
    const oldClient = (old.deps.db as any).$client
    oldClient.prepare("update events set stored_keys = 'hashed'").run()
    expect((await respond(old, requiredAnswers, { deviceToken })).status).toBe(201)
    const kept = oldClient.prepare('select key_hash from form_respondents').all() as { key_hash: string }[]
    expect(kept.map((r) => r.key_hash.split(':').slice(2))).toEqual([[hash('d', deviceToken)]])
    expect((await respond(old, requiredAnswers, { deviceToken })).json.error.code).toBe('ALREADY_RESPONDED')
  })

  it('keeps an attendee’s respondent by its hash alone even when its token’s stamp reads as digits', async () => {
    // A stamp is the moment in hexadecimal (0x019999999999 is 20 Oct 2025): some are all decimal digits,
    // and a token's next character is one about as often as one in six, so its first 13 characters read
    // like the moment a device token begins with. None may put a respondent after its registration's stamp.
    const t = await testApp({ now: new Date(0x019999999999) })
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const tokens: string[] = []
    for (let i = 0; i < 80; i++) {
      const r = await t.call('POST', '/api/events/evento/attendance', {
        body: { name: `Persona ${i}`, email: `persona${i}@x.co`, consent: true },
      })
      expect(r.status).toBe(201)
      tokens.push(r.json.attendeeToken)
    }
    expect(tokens.some((token) => /^\d{13}/.test(token))).toBe(true)
    for (const attendeeToken of tokens)
      expect((await respond(t, requiredAnswers, { attendeeToken, deviceToken: undefined })).status).toBe(201)
    const kept = (t.deps.db as any).$client.prepare('select key_hash from form_respondents').all() as {
      key_hash: string
    }[]
    expect(kept).toHaveLength(80)
    for (const { key_hash } of kept) expect(key_hash.split(':').slice(2)).toHaveLength(1)
  })

  it('takes the token of a registration made before tokens were stamped, found by its plain hash', async () => {
    const t = await withEvent()
    const reg = await t.call('POST', '/api/events/evento/attendance', {
      body: { name: 'Ana', email: 'ana@x.co', consent: true },
    })
    // The row as earlier versions stored it: a 43-character token, kept by its SHA-256 alone.
    const old = `${'A'.repeat(20)}${'b-_'.repeat(7)}12`
    ;(t.deps.db as any).$client
      .prepare('update attendees set token_hash = ? where id = ?')
      .run(sha256HexSync(old), reg.json.id)
    expect((await respond(t, requiredAnswers, { attendeeToken: old, deviceToken: undefined })).status).toBe(
      201,
    )
    const again = await respond(t, requiredAnswers, { attendeeToken: old, deviceToken: undefined })
    expect(again.json.error.code).toBe('ALREADY_RESPONDED')
  })

  it('keeps no link from a response to the registration or the device', async () => {
    const t = await withEvent()
    const reg = await t.call('POST', '/api/events/evento/attendance', {
      body: { name: 'Ana', email: 'a@x.co', consent: true },
    })
    const res = await respond(t, requiredAnswers, {
      attendeeToken: reg.json.attendeeToken,
      deviceToken: 'phone-abcdefghijklmnop',
    })
    const client = (t.deps.db as any).$client
    const response = client.prepare('select * from form_responses').get()
    expect(Object.keys(response).sort()).toEqual([
      'answers',
      'event_id',
      'form_id',
      'id',
      'others',
      'submitted_at',
    ])
    // The answers travel on the response row: nothing in them names the person or the device either.
    const answers = JSON.stringify([response.answers, response.others])
    for (const secret of [reg.json.id, reg.json.attendeeToken, 'phone-abcdefghijklmnop'])
      expect(answers).not.toContain(secret)
    const attendee = client.prepare('select token_hash from attendees').get()
    const keys = client.prepare('select * from form_respondents').all()
    expect(keys).toHaveLength(2)
    const dump = JSON.stringify(keys)
    for (const secret of [
      res.json.id,
      reg.json.id,
      attendee.token_hash,
      reg.json.attendeeToken,
      'phone-abcdefghijklmnop',
    ])
      expect(dump).not.toContain(secret)
  })

  it('refuses an unknown question, a wrong option and a missing required answer, naming each, storing nothing', async () => {
    const t = await withEvent()
    const res = await respond(t, {
      ...requiredAnswers,
      calificacion_gestion: 'pésima',
      volveria_participar: undefined,
      pregunta_inventada: 'sí',
      medio_enterado: ['redes_sociales', 'redes_sociales'],
      grupo_poblacional: ['ninguno', 'afro'],
    })
    expect(res.status).toBe(400)
    expect(res.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'answers.calificacion_gestion',
      'answers.grupo_poblacional',
      'answers.medio_enterado',
      'answers.pregunta_inventada',
      'answers.volveria_participar',
    ])
    const by = Object.fromEntries(res.json.error.issues.map((i: any) => [i.path, i.message]))
    expect(by['answers.volveria_participar']).toBe('Esta pregunta es obligatoria.')
    expect(by['answers.calificacion_gestion']).toBe('Esa opción no existe en la pregunta.')
    expect(by['answers.pregunta_inventada']).toBe('El formulario no tiene esa pregunta.')
    const en = await respond(
      t,
      { ...requiredAnswers, calificacion_gestion: 3 },
      {},
      { 'accept-language': 'en' },
    )
    expect(en.json.error.issues).toEqual([
      { path: 'answers.calificacion_gestion', message: 'Choose an option from the list.' },
    ])
    expect((await stats(t)).responses).toBe(0)
  })

  it('takes a response without any token, as docs/API.md allows, and refuses a token of no registration', async () => {
    const t = await withEvent()
    const none = await respond(t, requiredAnswers, { deviceToken: undefined })
    expect(none.status).toBe(201)
    expect(none.json.id).toMatch(/^[0-9a-f-]{36}$/)
    // With no token there is no respondent to recognise: another such response is another one.
    expect((await respond(t, requiredAnswers, { deviceToken: undefined })).status).toBe(201)
    expect((await stats(t)).responses).toBe(2)
    const fake = await respond(t, requiredAnswers, { attendeeToken: 'x'.repeat(43) })
    expect(fake.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['attendeeToken'])
  })

  it('treats blank optional answers as unanswered and keeps sensitive questions away from minors', async () => {
    const t = await withEvent()
    const blank = await respond(t, { ...requiredAnswers, genero: '', medio_enterado: [], comentarios: '   ' })
    expect(blank.status).toBe(201)
    const minor = await respond(t, {
      ...requiredAnswers,
      rango_edad: 'menos_18',
      grupo_poblacional: ['afro'],
    })
    expect(minor.json.error.issues).toEqual([
      {
        path: 'answers.grupo_poblacional',
        message: 'Las personas menores de edad no responden preguntas sensibles.',
      },
    ])
    // A registered minor, whose token says so, though the survey's own age question is left unanswered.
    const registered = await t.call('POST', '/api/events/evento/attendance', {
      body: {
        name: 'Luis',
        documentType: 'TI',
        documentNumber: '1099888781',
        ageRange: 'menos_18',
        guardianConsent: true,
        consent: true,
      },
    })
    expect(registered.status).toBe(201)
    const attendeeToken = registered.json.attendeeToken
    const byToken = await respond(
      t,
      { ...requiredAnswers, grupo_poblacional: ['victima'] },
      { attendeeToken },
    )
    expect([byToken.status, byToken.json.error.issues]).toEqual([
      400,
      [
        {
          path: 'answers.grupo_poblacional',
          message: 'Las personas menores de edad no responden preguntas sensibles.',
        },
      ],
    ])
    expect((await respond(t, requiredAnswers, { attendeeToken })).status).toBe(201)
    const s = await stats(t)
    expect([question(s, 'genero').answered, question(s, 'comentarios').answered]).toEqual([0, 0])
    expect(question(s, 'grupo_poblacional').answered).toBe(0)
  })

  it('labels in the raw export an option that a later version removed, as the stats label it', async () => {
    const t = await withEvent()
    expect((await respond(t, { ...requiredAnswers, calificacion_gestion: 'regular' })).status).toBe(201)
    const def = (await t.call('GET', '/api/events/evento/forms/evaluacion', { token: t.adminToken })).json
      .settings.definition
    const q = def.questions.find((x: any) => x.id === 'calificacion_gestion')
    const label = q.options.find((o: any) => o.value === 'regular').label
    const without = {
      ...def,
      questions: def.questions.map((x: any) =>
        x.id === q.id ? { ...x, options: x.options.filter((o: any) => o.value !== 'regular') } : x,
      ),
    }
    expect(
      (await t.call('PUT', '/api/events/evento/forms/evaluacion', { token: t.adminToken, body: without }))
        .status,
    ).toBe(200)
    const csv = (
      await t.call('GET', '/api/events/evento/forms/evaluacion/responses?format=csv', { token: t.adminToken })
    ).text
    const [head, row] = csv.replace(/^\uFEFF/, '').split('\r\n')
    expect(row.split(';')[head.split(';').indexOf(q.label)]).toBe(label)
  })

  it('returns the first answer to an Idempotency-Key retry and counts the response once', async () => {
    const t = await withEvent()
    const headers = { 'idempotency-key': 'encuesta-1' }
    const body = { deviceToken: 'retry-device-000000001' }
    const first = await respond(t, requiredAnswers, body, headers)
    const retry = await respond(t, requiredAnswers, body, headers)
    expect(retry.status).toBe(201)
    expect(retry.json).toEqual(first.json)
    expect((await stats(t)).responses).toBe(1)
  })

  it('answers a retry of a stored response with it after the form or the event closed', async () => {
    const t = await withEvent()
    const headers = { 'idempotency-key': 'encuesta-antes-del-cierre' }
    const body = { deviceToken: 'retry-device-000000003' }
    const first = await respond(t, requiredAnswers, body, headers)
    expect(first.status).toBe(201)
    const close = (path: string, change: unknown) =>
      t.call('PATCH', path, { token: t.adminToken, body: change })
    await close('/api/events/evento/forms/evaluacion', { open: false })
    expect(await respond(t, requiredAnswers, body, headers)).toMatchObject({ status: 201, json: first.json })
    expect((await respond(t, requiredAnswers)).json.error.code).toBe('FORM_CLOSED')
    await close('/api/events/evento', { status: 'closed' })
    expect(await respond(t, requiredAnswers, body, headers)).toMatchObject({ status: 201, json: first.json })
    expect((await respond(t, requiredAnswers)).json.error.code).toBe('EVENT_CLOSED')
    expect((await stats(t)).responses).toBe(1)
  })

  it('answers a retry from what its key recorded, even once the form has changed, and no other body', async () => {
    const t = await withEvent()
    const headers = { 'idempotency-key': 'encuesta-antes-del-cambio' }
    const body = { deviceToken: 'retry-device-000000002' }
    const first = await respond(t, requiredAnswers, body, headers)
    expect(first.status).toBe(201)
    // Version 2 requires a question the first attempt could not answer: the retry is still the first.
    const next = await t.call('POST', '/api/events/evento/forms/evaluacion/questions', {
      token: t.adminToken,
      body: { id: 'puntaje', type: 'scale', label: 'Puntaje', required: true, scale: { min: 1, max: 5 } },
    })
    expect(next.json).toMatchObject({ versioned: true, form: { version: 2 } })
    const retry = await respond(t, requiredAnswers, body, headers)
    expect([retry.status, retry.json]).toEqual([201, first.json])
    // The same key with another body, valid or not, from the same device or another: refused.
    const changed = await respond(t, { ...requiredAnswers, puntaje: 4 }, body, headers)
    const invalid = await respond(t, { ...requiredAnswers, comentarios: 7 }, body, headers)
    const other = await respond(t, { ...requiredAnswers, puntaje: 4 }, {}, headers)
    expect([changed, invalid, other].map((r) => [r.status, r.json.error.code])).toEqual([
      [422, 'IDEMPOTENCY_CONFLICT'],
      [422, 'IDEMPOTENCY_CONFLICT'],
      [422, 'IDEMPOTENCY_CONFLICT'],
    ])
    expect((await stats(t)).responses).toBe(1)
  })

  it('stops taking responses when the form or the event is closed', async () => {
    const t = await withEvent()
    const patch = await t.call('PATCH', '/api/events/evento/forms/evaluacion', {
      token: t.adminToken,
      body: { open: false },
    })
    expect(patch.json.form.open).toBe(false)
    expect((await respond(t, requiredAnswers)).json.error.code).toBe('FORM_CLOSED')
    await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { status: 'closed' } })
    expect((await respond(t, requiredAnswers)).json.error.code).toBe('EVENT_CLOSED')
    const unknown = await t.call('POST', '/api/events/evento/forms/nada/responses', {
      body: { answers: {}, deviceToken: 'a'.repeat(20) },
    })
    expect(unknown.status).toBe(404)
  })

  it('lists "Otra" texts and free texts, grouped where they repeat', async () => {
    const t = await withEvent()
    for (const [medio, comentario] of [
      ['otro:Perifoneo', 'Más tiempo para preguntas'],
      ['otro: perifoneo ', 'más tiempo para preguntas!'],
      ['otro', 'Transmitir por radio'],
    ])
      await respond(t, { ...requiredAnswers, medio_enterado: ['voz_a_voz', medio], comentarios: comentario })
    const s = await stats(t)
    expect(question(s, 'medio_enterado').texts).toEqual([{ text: 'Perifoneo', count: 2 }])
    expect(question(s, 'comentarios').texts).toEqual([
      { text: 'Más tiempo para preguntas', count: 2 },
      { text: 'Transmitir por radio', count: 1 },
    ])
    const page = await t.call('GET', '/api/events/evento/forms/evaluacion/texts/comentarios?limit=2', {
      token: t.adminToken,
    })
    expect(page.json.texts).toEqual(['Transmitir por radio', 'más tiempo para preguntas!'])
    const rest = await t.call(
      'GET',
      `/api/events/evento/forms/evaluacion/texts/comentarios?limit=2&cursor=${page.json.nextCursor}`,
      { token: t.adminToken },
    )
    expect(rest.json).toEqual({ texts: ['Más tiempo para preguntas'], nextCursor: null })
  })
})

describe('form versions', () => {
  const extra = { id: 'transporte', type: 'yesno', label: '¿Usó el transporte gratuito?', required: false }

  it('refuses a question past the hundredth with the 400 envelope and keeps the form as it was', async () => {
    const t = await withEvent()
    const add = (n: number) =>
      t.call('POST', '/api/events/evento/forms/evaluacion/questions', {
        token: t.adminToken,
        body: { id: `extra_${n}`, type: 'yesno', label: `Pregunta adicional ${n}` },
      })
    for (let n = BANK_IDS.length; n < 100; n++) expect((await add(n)).status).toBe(201)
    const refused = await add(100)
    expect(refused.status).toBe(400)
    expect(refused.json.error.code).toBe('VALIDATION_ERROR')
    expect(refused.json.error.issues[0].path).toBe('questions')
    const form = await t.call('GET', '/api/events/evento/forms/evaluacion', { token: t.adminToken })
    expect(form.json.form.questions).toHaveLength(100)
  })

  it('checks a response against a definition changed in place, even when a setting follows in the same millisecond', async () => {
    // The test clock stands still: every change below lands in the same millisecond.
    const t = await withEvent()
    // A response refused for its answers has still read the version's definition, and kept it under the
    // version's id and time.
    expect((await respond(t, {})).status).toBe(400)
    const added = await t.call('POST', '/api/events/evento/forms/evaluacion/questions', {
      token: t.adminToken,
      body: {
        id: 'puntaje',
        type: 'scale',
        label: 'Puntaje general',
        scale: { min: 1, max: 5 },
        required: true,
      },
    })
    expect(added.json).toMatchObject({ versioned: false, form: { version: 1 } })
    const settings = await t.call('PATCH', '/api/events/evento/forms/evaluacion', {
      token: t.adminToken,
      body: { embargoUntil: null },
    })
    expect(settings.status).toBe(200)
    // The setting must not take the version back to the time under which the old definition was kept.
    const late = await respond(t, requiredAnswers)
    expect([late.status, late.json.error?.issues?.[0]?.path]).toEqual([400, 'answers.puntaje'])
  })

  it('changes a form in place until it has responses, then adds a version and keeps the old one', async () => {
    const t = await withEvent()
    const added = await t.call('POST', '/api/events/evento/forms/evaluacion/questions', {
      token: t.adminToken,
      body: extra,
    })
    expect(added.json).toMatchObject({ versioned: false, form: { version: 1 } })
    await respond(t, { ...requiredAnswers, transporte: 'si' })
    const analyst = await t.staffToken('analyst')
    const next = await t.call('POST', '/api/events/evento/forms/evaluacion/questions', {
      token: analyst,
      body: { id: 'puntaje', type: 'scale', label: 'Puntaje general', scale: { min: 1, max: 5 } },
    })
    expect(next.json).toMatchObject({ versioned: true, form: { version: 2 } })
    await respond(t, { ...requiredAnswers, calificacion_gestion: 'excelente', puntaje: 4 })
    const all = await stats(t)
    expect([all.versions, all.responses]).toEqual([[1, 2], 2])
    expect(question(all, 'calificacion_gestion').options.map((o: any) => o.count)).toEqual([1, 1, 0, 0])
    expect(question(all, 'puntaje').options.map((o: any) => [o.value, o.count])).toEqual([
      ['1', 0],
      ['2', 0],
      ['3', 0],
      ['4', 1],
      ['5', 0],
    ])
    const v1 = await stats(t, '?version=1')
    expect([v1.responses, question(v1, 'puntaje')]).toEqual([1, undefined])
    expect(question(v1, 'transporte').options).toEqual([
      { value: 'si', label: 'Sí', count: 1, percent: 100 },
      { value: 'no', label: 'No', count: 0, percent: 0 },
    ])
  })

  it('pages the raw responses of every version together, oldest first, each once', async () => {
    const t = await withEvent()
    const sent: string[] = []
    for (const [v, id] of ['', 'transporte', 'parqueadero'].entries()) {
      if (id) {
        const next = await t.call('POST', '/api/events/evento/forms/evaluacion/questions', {
          token: t.adminToken,
          body: { ...extra, id },
        })
        expect(next.json.form.version).toBe(v + 1)
      }
      for (const comentarios of [`v${v + 1}-a`, `v${v + 1}-b`, `v${v + 1}-c`]) {
        await respond(t, { ...requiredAnswers, comentarios })
        sent.push(comentarios)
      }
    }
    const seen: { version: number; comentarios: string }[] = []
    for (let cursor = ''; ; ) {
      const page = await t.call('GET', `/api/events/evento/forms/evaluacion/responses?limit=2${cursor}`, {
        token: t.adminToken,
      })
      expect(page.json.responses.length).toBeLessThanOrEqual(2)
      for (const r of page.json.responses)
        seen.push({ version: r.version, comentarios: r.answers.comentarios })
      if (!page.json.nextCursor) break
      cursor = `&cursor=${page.json.nextCursor}`
    }
    expect(seen).toEqual(sent.map((comentarios) => ({ version: Number(comentarios[1]), comentarios })))
    const v2 = await t.call('GET', '/api/events/evento/forms/evaluacion/responses?limit=10&version=2', {
      token: t.adminToken,
    })
    expect(v2.json.responses.map((r: any) => r.answers.comentarios)).toEqual(['v2-a', 'v2-b', 'v2-c'])
  })

  it('pages the free texts of every version together, newest first, filtered or not', async () => {
    const t = await withEvent()
    for (const comentarios of ['uno', 'dos']) await respond(t, { ...requiredAnswers, comentarios })
    const next = await t.call('POST', '/api/events/evento/forms/evaluacion/questions', {
      token: t.adminToken,
      body: extra,
    })
    expect(next.json).toMatchObject({ versioned: true, form: { version: 2 } })
    await respond(t, { ...requiredAnswers, comentarios: 'tres', transporte: 'si' })
    await respond(t, { ...requiredAnswers, calificacion_gestion: 'mala' })
    await respond(t, { ...requiredAnswers, comentarios: 'cuatro', calificacion_gestion: 'mala' })
    const path = '/api/events/evento/forms/evaluacion/texts/comentarios'
    const page = await t.call('GET', `${path}?limit=3`, { token: t.adminToken })
    expect(page.json.texts).toEqual(['cuatro', 'tres', 'dos'])
    const rest = await t.call('GET', `${path}?limit=3&cursor=${page.json.nextCursor}`, {
      token: t.adminToken,
    })
    expect(rest.json).toEqual({ texts: ['uno'], nextCursor: null })
    const texts = (s: any) => question(s, 'comentarios').texts.map((x: any) => x.text)
    expect(texts(await stats(t, '?filter.calificacion_gestion=buena'))).toEqual(['tres', 'dos', 'uno'])
    expect(texts(await stats(t, '?filter.calificacion_gestion=mala'))).toEqual(['cuatro'])
  })

  it('shows help and description in the language asked for, in Spanish where staff gave no English', async () => {
    const t = await withEvent()
    const body = { ...extra, id: 'parqueadero', help: 'Solo si vino en carro.' }
    await t.call('POST', '/api/events/evento/forms/evaluacion/questions', { token: t.adminToken, body })
    const form = async (lang: string) =>
      (
        await t.call('GET', '/api/events/evento/forms/evaluacion', {
          headers: { 'accept-language': lang },
        })
      ).json.form
    const [es, en] = [await form('es'), await form('en')]
    expect(question(es, 'grupo_poblacional').help).toBe('Dato sensible: responder es opcional.')
    expect(question(en, 'grupo_poblacional').help).toBe('Sensitive data: answering is optional.')
    expect(es.description).toMatch(/^Sus respuestas son anónimas/)
    expect(en.description).toMatch(/^Your answers are anonymous/)
    expect(question(en, 'parqueadero').help).toBe('Solo si vino en carro.')
  })

  it('says which labels of its results, asked for in English, staff wrote only in Spanish, for pages to mark them', async () => {
    const t = await withEvent()
    const body = {
      id: 'sede',
      type: 'single',
      label: '¿En qué sede lo atendieron?',
      required: false,
      options: [
        { value: 'norte', label: 'Sede norte' },
        { value: 'sur', label: 'Sede sur', labelEn: 'South office' },
      ],
    }
    const added = await t.call('POST', '/api/events/evento/forms/evaluacion/questions', {
      token: t.adminToken,
      body,
    })
    expect(added.status).toBe(201)
    for (let i = 0; i < 5; i++) await respond(t, { ...requiredAnswers, sede: 'norte' })
    const results = async (lang: string) =>
      (
        await t.call('GET', '/api/events/evento/forms/evaluacion/results', {
          headers: { 'accept-language': lang },
        })
      ).json
    const en = await results('en')
    expect(question(en, 'sede')).toMatchObject({ label: '¿En qué sede lo atendieron?', lang: 'es' })
    expect(question(en, 'sede').options.map((o: any) => [o.label, o.lang])).toEqual([
      ['Sede norte', 'es'],
      ['South office', undefined],
    ])
    // The bank's questions have their English, and a yes-or-no's choices are the interface's words.
    expect(question(en, 'calificacion_gestion').lang).toBeUndefined()
    expect(question(en, 'calificacion_gestion').options.some((o: any) => o.lang)).toBe(false)
    // In Spanish every label is in the page's language: nothing to mark.
    expect(JSON.stringify(await results('es'))).not.toContain('"lang"')
  })

  it('spells out the choices of a yes-or-no question and of a scale, with its end labels, in each language', async () => {
    const t = await withEvent()
    for (const body of [
      extra,
      {
        id: 'puntaje',
        type: 'scale',
        label: 'Puntaje',
        scale: { min: 1, max: 3, minLabel: 'Malo', maxLabel: 'Bueno' },
      },
    ])
      await t.call('POST', '/api/events/evento/forms/evaluacion/questions', { token: t.adminToken, body })
    const shown = async (lang: string) => {
      const res = await t.call('GET', '/api/events/evento/forms/evaluacion', {
        headers: { 'accept-language': lang },
      })
      const labels = (id: string) => question(res.json.form, id).options.map((o: any) => [o.value, o.label])
      return [labels('transporte'), labels('puntaje')]
    }
    expect(await shown('es')).toEqual([
      [
        ['si', 'Sí'],
        ['no', 'No'],
      ],
      [
        ['1', '1 · Malo'],
        ['2', '2'],
        ['3', '3 · Bueno'],
      ],
    ])
    expect((await shown('en'))[0]).toEqual([
      ['si', 'Yes'],
      ['no', 'No'],
    ])
  })

  it("tells the widget the limit of every text question, the server's own where staff set none", async () => {
    // A question added in the console without a limit: the widget, told none, let a person type past the
    // 300 characters the server takes, and a response queued offline was refused once the person had left.
    const t = await withEvent()
    const added = [
      { id: 'barrio', type: 'short_text', label: '¿Qué mejoraría en su barrio?' },
      { id: 'propuesta', type: 'long_text', label: 'Su propuesta' },
      { id: 'lema', type: 'short_text', label: 'Un lema', maxLength: 40 },
    ]
    for (const body of added)
      await t.call('POST', '/api/events/evento/forms/evaluacion/questions', { token: t.adminToken, body })
    const form = (await t.call('GET', '/api/events/evento')).json.forms[0]
    const limits = Object.fromEntries(
      form.questions.filter((q: any) => /text/.test(q.type)).map((q: any) => [q.id, q.maxLength]),
    )
    expect(limits).toEqual({ temas_proximo: 2000, comentarios: 2000, barrio: 300, propuesta: 2000, lema: 40 })
    // Each limit is the server's: an answer of that length is taken, one character more is refused.
    for (const [id, max] of Object.entries(limits) as [string, number][]) {
      const over = await respond(t, { ...requiredAnswers, [id]: 'a'.repeat(max + 1) })
      expect(over.status, id).toBe(400)
      expect(over.json.error.issues.map((i: { path: string }) => i.path)).toEqual([`answers.${id}`])
      expect((await respond(t, { ...requiredAnswers, [id]: 'a'.repeat(max) })).status, id).toBe(201)
    }
  })

  it('refuses a definition that reuses a question id with another type, or a required sensitive question', async () => {
    const t = await withEvent()
    const form = (await t.call('GET', '/api/events/evento/forms/evaluacion', { token: t.adminToken })).json
      .settings
    const def = form.definition
    const retyped = {
      ...def,
      questions: def.questions.map((q: any) => (q.id === 'genero' ? { ...q, type: 'multi' } : q)),
    }
    const res = await t.call('PUT', '/api/events/evento/forms/evaluacion', {
      token: t.adminToken,
      body: retyped,
    })
    expect(res.json.error.issues[0].path).toBe('questions.0.type')
    const sensitive = {
      ...def,
      questions: def.questions.map((q: any) => (q.sensitive ? { ...q, required: true } : q)),
    }
    const bad = await t.call('PUT', '/api/events/evento/forms/evaluacion', {
      token: t.adminToken,
      body: sensitive,
    })
    expect(bad.json.error.issues[0].path).toBe('questions.4.required')
  })

  it('refuses a new sensitive question marked required, saying in Spanish which field to change', async () => {
    const t = await withEvent()
    const body = {
      id: 'discapacidad',
      type: 'single',
      label: '¿Tiene alguna discapacidad?',
      required: true,
      sensitive: true,
      options: [
        { value: 'si', label: 'Sí' },
        { value: 'no', label: 'No' },
        { value: 'prefiero_no_responder', label: 'Prefiero no responder' },
      ],
    }
    const path = '/api/events/evento/forms/evaluacion/questions'
    const res = await t.call('POST', path, { token: t.adminToken, body })
    expect(res.status).toBe(400)
    expect(res.json.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'Los datos enviados no son válidos.',
    })
    expect(res.json.error.issues).toEqual([
      {
        path: 'required',
        message: 'Una pregunta sensible (sensitive: true) siempre es opcional: envíe required: false.',
      },
    ])
    const en = await t.call('POST', path, { token: t.adminToken, body, headers: { 'accept-language': 'en' } })
    expect(en.json.error.issues[0].message).toBe(
      'A sensitive question (sensitive: true) is always optional: send required: false.',
    )
    const form = (await t.call('GET', '/api/events/evento/forms/evaluacion', { token: t.adminToken })).json
    expect(form.settings.definition.questions.map((q: { id: string }) => q.id)).not.toContain('discapacidad')
    const optional = await t.call('POST', path, { token: t.adminToken, body: { ...body, required: false } })
    expect(optional.status).toBe(201)
  })

  it('lets staff create another form that takes its own responses', async () => {
    const t = await withEvent()
    const body = { key: 'satisfaccion', title: 'Satisfacción', questions: [{ ...extra, required: true }] }
    expect((await t.call('POST', '/api/events/evento/forms', { token: t.adminToken, body })).status).toBe(201)
    expect(
      (await t.call('POST', '/api/events/evento/forms', { token: t.adminToken, body })).json.error.code,
    ).toBe('FORM_KEY_TAKEN')
    const res = await t.call('POST', '/api/events/evento/forms/satisfaccion/responses', {
      body: { answers: { transporte: 'no' }, deviceToken: 'device-satisfaccion-1' },
    })
    expect(res.status).toBe(201)
    expect((await t.call('GET', '/api/events/evento')).json.forms.map((f: { key: string }) => f.key)).toEqual(
      ['evaluacion', 'satisfaccion'],
    )
  })

  it('filters a form of a hundred questions, more than one statement of sums', async () => {
    const t = await withEvent()
    const questions = Array.from({ length: 100 }, (_, i) => ({
      ...extra,
      id: `p${i}`,
      label: `Pregunta ${i}`,
    }))
    const body = { key: 'larga', title: 'Larga', questions }
    expect((await t.call('POST', '/api/events/evento/forms', { token: t.adminToken, body })).status).toBe(201)
    for (const [i, answers] of [
      { p0: 'si', p99: 'si' },
      { p0: 'si', p60: 'no' },
      { p0: 'no', p99: 'no' },
    ].entries())
      await t.call('POST', '/api/events/evento/forms/larga/responses', {
        body: { answers, deviceToken: `device-larga-${i}-xxxxxx` },
      })
    const s = (
      await t.call('GET', '/api/events/evento/forms/larga/stats?filter.p0=si', { token: t.adminToken })
    ).json
    expect(s.responses).toBe(2)
    const answered = (id: string) => question(s, id).answered
    expect([answered('p0'), answered('p1'), answered('p60'), answered('p99')]).toEqual([2, 0, 1, 1])
    expect(question(s, 'p99').options.map((o: any) => o.count)).toEqual([1, 0])
  })
})

describe('public results', () => {
  it('stay hidden until the embargo passes, then show without texts and with small cells suppressed', async () => {
    const t = await withEvent()
    for (let i = 0; i < 7; i++)
      await respond(t, {
        ...requiredAnswers,
        calificacion_gestion: i < 5 ? 'buena' : 'mala',
        rango_edad: i < 5 ? '29_40' : '60_mas',
        comentarios: 'Juan Pérez me atendió',
      })
    await t.call('PATCH', '/api/events/evento/forms/evaluacion', {
      token: t.adminToken,
      body: { embargoUntil: '2026-11-27T17:00:00-05:00' },
    })
    const early = await t.call('GET', '/api/events/evento/forms/evaluacion/results')
    expect(early.status).toBe(403)
    expect(early.json.error).toMatchObject({
      code: 'RESULTS_EMBARGOED',
      message: expect.stringContaining('2026-11-27T22:00:00.000Z'),
    })
    t.setNow(new Date('2026-11-27T22:00:01Z'))
    const res = await t.call('GET', '/api/events/evento/forms/evaluacion/results')
    expect(res.status).toBe(200)
    expect(res.json.responses).toBe(7)
    // Who answered: the two people aged 60 or more are hidden with the five aged 29 to 40, the next
    // smallest cell that has people; hidden beside a zero, which zero was picked would tell.
    expect(question(res.json, 'rango_edad').options).toEqual([
      { value: 'menos_18', label: 'Menos de 18', count: 0, percent: 0 },
      { value: '18_28', label: '18 a 28', count: 0, percent: 0 },
      { value: '29_40', label: '29 a 40', count: null, percent: null, suppressed: true },
      { value: '41_59', label: '41 a 59', count: 0, percent: 0 },
      { value: '60_mas', label: '60 o más', count: null, percent: null, suppressed: true },
      { value: 'prefiero_no_responder', label: 'Prefiero no responder', count: 0, percent: 0 },
    ])
    // What they thought of the event names no one: exact, as the report states it.
    expect(question(res.json, 'calificacion_gestion').options).toEqual([
      { value: 'excelente', label: 'Excelente', count: 0, percent: 0 },
      { value: 'buena', label: 'Buena', count: 5, percent: 71.4 },
      { value: 'regular', label: 'Regular', count: 0, percent: 0 },
      { value: 'mala', label: 'Mala', count: 2, percent: 28.6 },
    ])
    expect(JSON.stringify(res.json)).not.toContain('Juan')
  })
})
