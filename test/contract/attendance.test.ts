import { readSheet } from 'read-excel-file/node'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { OPINION_QUESTIONS } from '../../server/services/suppression'
import { testApp } from '../helpers'
import { client, unique } from './client'

const event = (slug: string, over: Record<string, unknown> = {}) => ({
  slug,
  title: 'Audiencia pública de contrato',
  entity: {
    name: 'Alcaldía de Contrato',
    nit: '800000001-1',
    address: 'Plaza principal',
    email: 'datos.personales@contrato.gov.co',
  },
  startsAt: '2026-12-01T15:00:00Z',
  modality: 'hibrida',
  country: 'CO',
  status: 'open',
  ...over,
})
const required = {
  explicacion_procedimiento: 'clara',
  oportunidad_opinar: 'adecuada',
  tiempo_exposicion: 'adecuado',
  responde_intereses: 'parcialmente',
  muestra_resultados: 'si',
  volveria_participar: 'si',
}

describe.each(inject('runtimes'))('attendance and surveys on $name', ({ url }) => {
  const api = client(url)
  let admin: string
  let slug: string
  const path = (p: string) => `/api/events/${slug}${p}`
  const register = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api.call('POST', path('/attendance'), { body: { consent: true, ...body }, headers })
  const respond = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api.call('POST', path('/forms/evaluacion/responses'), { body, headers })

  beforeAll(async () => {
    admin = await api.login()
    slug = unique('asistencia')
    const res = await api.call('POST', '/api/events', { token: admin, body: event(slug) })
    expect(res.status).toBe(201)
  })

  it("serves the event with its evaluation form, the consent notice, the widget's texts and its fixed forms", async () => {
    const res = await api.call('GET', path(''))
    expect(res.json.forms[0].key).toBe('evaluacion')
    expect(res.json.forms[0].questions.map((q: { id: string }) => q.id)).toContain('calificacion_gestion')
    expect(res.json.consent).toMatchObject({
      version: expect.stringMatching(/^v-/),
      controller: { nit: '800000001-1' },
    })
    expect(res.json.strings).toMatchObject({ send: 'Enviar', asistencia: 'Asistencia' })
    const en = await api.call('GET', path(''), { headers: { 'accept-language': 'en' } })
    expect(en.json.strings.send).toBe('Send')
    expect(en.json.fixedForms[1].questions[0].options[0]).toEqual({
      value: 'pregunta',
      label: 'Accountability question',
    })
    // The attendance and question forms, field by field, in the request's language.
    expect(res.json.fixedForms.map((f: { key: string }) => f.key)).toEqual(['asistencia', 'pregunta'])
    expect(en.json.fixedForms[0].questions[0]).toMatchObject({
      id: 'name',
      label: 'Full name',
      required: true,
    })
  })

  it('registers a new person, gives the same id to the same person, and refuses without consent', async () => {
    const first = await register({
      name: 'Ana',
      documentType: 'CC',
      documentNumber: '52.111.222',
      gender: 'mujer',
    })
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({
      id: expect.any(String),
      attendeeToken: expect.any(String),
      checkinCode: expect.any(String),
    })
    const again = await register({ name: 'Ana María', documentType: 'CC', documentNumber: '52111222' })
    expect(again.status).toBe(200)
    expect(again.json).toEqual({ id: first.json.id, alreadyRegistered: true })
    const noConsent = await register({ name: 'Luis', email: 'luis@x.co', consent: false })
    expect(noConsent.status).toBe(400)
    expect(noConsent.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['consent'])
  })

  it('returns the first answer, token included, to a retry with the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': unique('registro') }
    const body = { name: 'Marta', email: `${unique('marta')}@x.co`, linkChannel: 'whatsapp' }
    const first = await register(body, headers)
    const retry = await register(body, headers)
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.json).toEqual(first.json)
    // The same key with another body is another request, whichever thread or object hashes the body.
    const other = await register({ ...body, name: 'Marta Lucía' }, headers)
    expect(other.status).toBe(422)
    expect(other.json.error.code).toBe('IDEMPOTENCY_CONFLICT')

    // A response of an event of its own, which the counts of the tests below do not include.
    const own = unique('idem')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(own) })).status).toBe(201)
    const respond = (body: Record<string, unknown>, headers: Record<string, string>) =>
      api.call('POST', `/api/events/${own}/forms/evaluacion/responses`, { body, headers })
    const key = { 'idempotency-key': unique('respuesta') }
    const response = {
      deviceToken: unique('dispositivo'),
      answers: { ...required, calificacion_gestion: 'buena' },
    }
    const sent = await respond(response, key)
    expect(sent.status).toBe(201)
    expect(await respond(response, key)).toMatchObject({ status: 201, json: sent.json })
    const changed = await respond(
      { ...response, answers: { ...required, calificacion_gestion: 'regular' } },
      key,
    )
    expect(changed.status).toBe(422)
    expect(changed.json.error.code).toBe('IDEMPOTENCY_CONFLICT')
  })

  it('refuses a bad submission where it is decided as the route refuses it in process, and stores nothing', async () => {
    // On Node the writer thread reads a submission's body and key (server/submissions-elsewhere.ts,
    // `withBody`); in process, and on Workers, the route does. Each refusal must be the same: status,
    // code, and every issue with its message, in the request's language, the body's before the key's.
    const own = unique('rechazos')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(own) })).status).toBe(201)
    const here = await testApp()
    const count = async () => ({
      responses: (await api.call('GET', `/api/events/${own}/forms/evaluacion/stats`, { token: admin })).json
        .responses,
      registered: (await api.call('GET', `/api/events/${own}/attendance/summary`, { token: admin })).json
        .registered.value,
    })
    const before = await count()
    const person = { name: 'Rosa', email: 'rosa@x.co', consent: true }
    const response = { deviceToken: unique('dispositivo'), answers: { ...required } }
    const badKey = { 'idempotency-key': 'dos palabras' }
    const cases: [string, unknown, Record<string, string>?][] = [
      ['/attendance', '{"name": '],
      ['/attendance', '[]'],
      ['/attendance', ''],
      ['/attendance', { ...person, admin: true }],
      ['/attendance', { name: 'Rosa', documentNumber: '1234567', consent: false }],
      ['/attendance', { name: 'Rosa', documentNumber: '1234567' }, { 'accept-language': 'en' }],
      ['/attendance', person, badKey],
      ['/attendance', { ...person, email: 'no es correo' }, badKey],
      ['/attendance', person, { 'idempotency-key': 'x'.repeat(256), 'accept-language': 'en' }],
      ['/forms/evaluacion/responses', '{"answers": '],
      ['/forms/evaluacion/responses', { answers: 'todas' }],
      ['/forms/evaluacion/responses', { ...response, extra: 1 }, { 'accept-language': 'en' }],
      ['/forms/evaluacion/responses', response, badKey],
      ['/forms/evaluacion/responses', { answers: [] }, badKey],
    ]
    for (const [p, body, headers] of cases) {
      const there = await api.call('POST', `/api/events/${own}${p}`, { body, headers })
      const inProcess = await here.call('POST', `/api/events/${own}${p}`, { body, headers })
      const refusal = (r: { status: number; json: any }) => [
        r.status,
        r.json?.error?.code,
        r.json?.error?.issues,
      ]
      expect(refusal(there), `${p} ${JSON.stringify(body)}`).toEqual(refusal(inProcess))
      expect(there.status).toBe(400)
    }
    expect(await count()).toEqual(before)
  })

  it('answers bad input with the envelope and never 500', async () => {
    const bad = await api.call('POST', path('/attendance'), { body: '{"name": ' })
    expect([bad.status, bad.json.error.code]).toEqual([400, 'BAD_JSON'])
    // Every 400 carries issues, as the contract says: this one names the body.
    expect(bad.json.error.issues).toEqual([
      { path: 'body', message: 'El cuerpo de la solicitud no es JSON válido.' },
    ])
    const unknownField = await register({ name: 'X', email: 'x@x.co', admin: true })
    expect(unknownField.json.error.issues[0].message).toMatch(/admin/)
    const huge = await register({ name: 'x'.repeat(100_000), email: 'x@x.co' })
    expect(huge.status).toBe(413)
    const noEvent = await api.call('POST', '/api/events/no-existe-este/attendance', {
      body: { name: 'X', email: 'x@x.co', consent: true },
    })
    expect(noEvent.status).toBe(404)
    // A body sent as anything but JSON is refused as such (not read as an empty body), storing nothing:
    // the same person is then registered for the first time (at an event of its own, so the counts of
    // the tests below stay theirs).
    const other = unique('tipo')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(other) })).status).toBe(201)
    const person = { name: 'Tipo', email: `${unique('tipo')}@x.co`, consent: true }
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']) {
      const wrong = await api.call('POST', `/api/events/${other}/attendance`, {
        body: person,
        headers: { 'content-type': type },
      })
      expect([wrong.status, wrong.json.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE'])
      expect(wrong.json.error.message).toBe('Envíe los datos como application/json.')
    }
    const right = await api.call('POST', `/api/events/${other}/attendance`, {
      body: person,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
    expect(right.status).toBe(201)
  })

  it('takes a valid response, refuses an invalid one and a second one from the same token', async () => {
    const { attendeeToken } = (await register({ name: 'Pedro', email: `${unique('pedro')}@x.co` })).json
    const invalid = await respond({
      attendeeToken,
      answers: { ...required, calificacion_gestion: 'pésima', nada: 1 },
    })
    expect(invalid.status).toBe(400)
    expect(invalid.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'answers.calificacion_gestion',
      'answers.nada',
    ])
    const answers = {
      ...required,
      calificacion_gestion: 'buena',
      genero: 'hombre',
      medio_enterado: ['radio', 'otro:Perifoneo'],
    }
    const typo = await respond({ attendeeToken, answers })
    expect(typo.json.error.issues[0].path).toBe('answers.medio_enterado.0')
    answers.medio_enterado = ['medios', 'otro:Perifoneo']
    const valid = await respond({ attendeeToken, answers })
    expect(valid.status).toBe(201)
    const second = await respond({ attendeeToken, answers })
    expect(second.status).toBe(409)
    expect(second.json.error.code).toBe('ALREADY_RESPONDED')
  })

  it('stores each of many concurrent submissions once: repeats refused, retries answered as the first', async () => {
    // Arriving together they share commits (one transaction on SQLite, one batch on D1); a repeat in
    // the group fails alone, and the others are stored all the same.
    const own = unique('lote')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(own) })).status).toBe(201)
    const at = (p: string) => `/api/events/${own}${p}`
    const respond = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      api.call('POST', at('/forms/evaluacion/responses'), { body, headers })
    const register = (body: Record<string, unknown>) =>
      api.call('POST', at('/attendance'), { body: { consent: true, ...body } })
    const count = async () => ({
      responses: (await api.call('GET', at('/forms/evaluacion/stats'), { token: admin })).json.responses,
      registered: (await api.call('GET', at('/attendance/summary'), { token: admin })).json.registered.value,
    })
    const run = unique('lote')
    const answers = { ...required, calificacion_gestion: 'buena' }
    const tokens = Array.from({ length: 40 }, (_, i) => `${run}-dispositivo-${i}`)
    const keys = tokens.map((_, i) => `${run}-r-${i}`)
    const people = Array.from({ length: 20 }, (_, i) => ({
      name: `Persona ${i}`,
      documentType: 'CC',
      documentNumber: String(70_000_000 + i),
    }))
    const [first, repeats, retries, registered, again] = await Promise.all([
      Promise.all(
        tokens.map((deviceToken, i) => respond({ deviceToken, answers }, { 'idempotency-key': keys[i] })),
      ),
      // The same device again, without the key: a second response.
      Promise.all(tokens.slice(0, 5).map((deviceToken) => respond({ deviceToken, answers }))),
      // The same request again, with the same key: a retry.
      Promise.all(
        tokens
          .slice(5, 10)
          .map((deviceToken, i) => respond({ deviceToken, answers }, { 'idempotency-key': keys[5 + i] })),
      ),
      Promise.all(people.map((p) => register(p))),
      Promise.all(people.slice(0, 5).map((p) => register({ ...p, name: `${p.name} otra vez` }))),
    ])
    // A repeat and its original race: whichever commits first is the response, the other is refused.
    for (let i = 0; i < 5; i++) expect([first[i].status, repeats[i].status].sort()).toEqual([201, 409])
    for (const r of first.slice(5)) expect(r.status).toBe(201)
    for (let i = 0; i < 5; i++) {
      expect(retries[i].status).toBe(201)
      expect(retries[i].json.id).toBe(first[5 + i].json.id)
    }
    for (const r of repeats.filter((r) => r.status === 409))
      expect(r.json.error.code).toBe('ALREADY_RESPONDED')
    const ids = new Map(registered.filter((r) => r.status === 201).map((r, i) => [i, r.json.id]))
    expect(ids.size + again.filter((r) => r.status === 201).length).toBe(20)
    for (const r of [...registered, ...again]) expect([200, 201]).toContain(r.status)
    expect(await count()).toEqual({ responses: 40, registered: 20 })
  })

  it('tabulates the responses from counters, and filters and crosses them from the raw answers', async () => {
    const key = unique('k')
    for (const [i, [genero, calificacion]] of [
      ['mujer', 'excelente'],
      ['mujer', 'buena'],
      ['hombre', 'buena'],
    ].entries()) {
      const res = await respond(
        {
          deviceToken: `${unique('device')}-${i}`,
          answers: { ...required, genero, calificacion_gestion: calificacion },
        },
        { 'idempotency-key': `${key}-${i}` },
      )
      expect(res.status).toBe(201)
    }
    const stats = await api.call('GET', path('/forms/evaluacion/stats'), { token: admin })
    expect(stats.json.responses).toBe(4)
    const q = stats.json.questions.find((x: { id: string }) => x.id === 'calificacion_gestion')
    expect(q.answered).toBe(4)
    expect(q.options.map((o: any) => [o.value, o.count, o.percent])).toEqual([
      ['excelente', 1, 25],
      ['buena', 3, 75],
      ['regular', 0, 0],
      ['mala', 0, 0],
    ])
    const medio = stats.json.questions.find((x: { id: string }) => x.id === 'medio_enterado')
    expect(medio.texts).toEqual([{ text: 'Perifoneo', count: 1 }])
    const women = await api.call('GET', path('/forms/evaluacion/stats?filter.genero=mujer'), { token: admin })
    expect(women.json.responses).toBe(2)
    const x = await api.call(
      'GET',
      path('/forms/evaluacion/crosstab?question=calificacion_gestion&by=genero'),
      {
        token: admin,
      },
    )
    expect(x.json.groups.slice(0, 2).map((g: any) => [g.value, g.answered, g.options[1].count])).toEqual([
      ['mujer', 2, 1],
      ['hombre', 2, 2],
    ])
    // The raw answers (a JSON object on each response row) read back on every runtime: filtered texts,
    // the pages of free texts and the raw export.
    const men = await api.call('GET', path('/forms/evaluacion/stats?filter.genero=hombre'), { token: admin })
    expect(men.json.questions.find((x: { id: string }) => x.id === 'medio_enterado').texts).toEqual([
      { text: 'Perifoneo', count: 1 },
    ])
    const texts = await api.call('GET', path('/forms/evaluacion/texts/medio_enterado?limit=1'), {
      token: admin,
    })
    expect(texts.json).toEqual({ texts: ['Perifoneo'], nextCursor: null })
    const raw = await api.call('GET', path('/forms/evaluacion/responses?limit=3'), { token: admin })
    expect(raw.json.responses.map((r: any) => [r.answers.genero, r.answers.calificacion_gestion])).toEqual([
      ['hombre', 'buena'],
      ['mujer', 'excelente'],
      ['mujer', 'buena'],
    ])
    expect(raw.json.responses[0]).toMatchObject({
      answers: { medio_enterado: ['medios', 'otro'] },
      others: { medio_enterado: 'Perifoneo' },
    })
    const rest = await api.call('GET', path(`/forms/evaluacion/responses?cursor=${raw.json.nextCursor}`), {
      token: admin,
    })
    expect(rest.json.responses.map((r: any) => [r.answers.genero, r.others])).toEqual([['hombre', {}]])
  })

  it('lists and exports every response of a form changed many times while answered', async () => {
    // Each change after a response is a new version, read as one arm per version of a compound SELECT;
    // D1 takes at most 5 arms, so from the 6th version on Workers answered 500 or empty files.
    const own = unique('versiones')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(own) })).status).toBe(201)
    const form = `/api/events/${own}/forms/evaluacion`
    const comments = Array.from({ length: 7 }, (_, i) => `Comentario de la versión ${i + 1}`)
    for (const [i, comentarios] of comments.entries()) {
      const res = await api.call('POST', `${form}/responses`, {
        body: {
          deviceToken: `${own}-dispositivo-${i}`,
          answers: { ...required, calificacion_gestion: 'buena', comentarios },
        },
      })
      expect(res.status).toBe(201)
      const added = await api.call('POST', `${form}/questions`, {
        token: admin,
        body: { id: `extra_${i}`, type: 'short_text', label: `Pregunta añadida ${i}` },
      })
      expect(added.status).toBe(201)
    }
    expect((await api.call('GET', form, { token: admin })).json.form.version).toBe(8)
    const get = (p: string) => fetch(`${url}${form}${p}`, { headers: { authorization: `Bearer ${admin}` } })
    const page = await get('/responses?limit=5')
    expect(page.status).toBe(200)
    const first = (await page.json()) as {
      responses: { answers: { comentarios: string } }[]
      nextCursor: string
    }
    const rest = await api.call('GET', `${form}/responses?cursor=${first.nextCursor}`, { token: admin })
    const listed = [...first.responses, ...rest.json.responses].map((r) => r.answers.comentarios)
    expect(listed).toEqual(comments)
    const texts = await api.call('GET', `${form}/texts/comentarios`, { token: admin })
    expect([texts.status, [...texts.json.texts].sort()]).toEqual([200, [...comments].sort()])
    const csv = await (await get('/responses?format=csv')).text()
    expect(comments.filter((c) => !csv.includes(c))).toEqual([])
    const sheet = await readSheet(Buffer.from(await (await get('/responses?format=xlsx')).arrayBuffer()))
    expect(sheet).toHaveLength(1 + comments.length)
  })

  it('checks people in by code, counts them apart, and exports the list for Excel', async () => {
    const { checkinCode } = (
      await register({ name: '=cmd|calc', email: `${unique('c')}@x.co`, territory: 'Comuna 1' })
    ).json
    const checkin = await api.call('POST', path('/checkins'), { token: admin, body: { code: checkinCode } })
    expect(checkin.json.alreadyCheckedIn).toBe(false)
    const summary = await api.call('GET', path('/attendance/summary'), { token: admin })
    expect(summary.json.checkedIn.value).toBe(1)
    expect(summary.json.registered.value).toBe(4)
    const res = await fetch(`${url}${path('/attendance?format=csv')}`, {
      headers: { authorization: `Bearer ${admin}` },
    })
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder().decode(bytes)).toContain("'=cmd|calc")
    const xlsx = await fetch(`${url}${path('/attendance?format=xlsx')}`, {
      headers: { authorization: `Bearer ${admin}` },
    })
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    // Streamed as it is read, on either runtime; a reader finds every registration, the text kept as text.
    const sheet = await readSheet(Buffer.from(await xlsx.arrayBuffer()))
    expect(sheet).toHaveLength(5)
    const names = sheet.slice(1).map((row) => row[sheet[0].indexOf('Nombre')])
    expect(names).toContain('=cmd|calc')
    const qr = await fetch(`${url}${path('/qr.svg?canal=facebook')}`)
    expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    expect(await qr.text()).toMatch(/^<svg/)
  })

  it('finds a person at the door by a whole name or e-mail, however long, in the list and its export', async () => {
    // D1 refuses a LIKE pattern over 50 bytes: a search longer than that once answered 500 on Workers.
    const own = unique('puerta')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(own) })).status).toBe(201)
    const name = 'María Fernanda de los Ángeles Rodríguez Castañeda'
    const email = `maria_fernanda.rodriguez.castaneda.${unique('p')}@alcaldia-ejemplo.gov.co`
    const other = `${unique('otra')}@x.co`
    for (const body of [
      { name, email, documentType: 'CC', documentNumber: '1.020.304.050' },
      { name: 'Mariafernanda Otra', email: other },
    ]) {
      const res = await api.call('POST', `/api/events/${own}/attendance`, {
        body: { consent: true, ...body },
      })
      expect(res.status).toBe(201)
    }
    const search = (q: string, format = 'json') =>
      fetch(`${url}/api/events/${own}/attendance?format=${format}&q=${encodeURIComponent(q)}`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    // Letters in either case, as LIKE compared them; an underscore is a character like any other.
    for (const q of [name, name.replace('Fernanda', 'FERNANDA'), email, 'maria_fernanda']) {
      const res = await search(q)
      expect([q, res.status]).toEqual([q, 200])
      const { attendees } = (await res.json()) as { attendees: { name: string }[] }
      expect(attendees.map((a) => a.name)).toEqual([name])
    }
    const csv = await search(name, 'csv')
    expect(csv.status).toBe(200)
    const text = await csv.text()
    expect([text.includes(email), text.includes(other)]).toEqual([true, false])
  })

  it('undoes a check-in and deletes a registration out of every count', async () => {
    const { id, checkinCode } = (
      await register({ name: 'Borrar', email: `${unique('b')}@x.co`, gender: 'hombre' })
    ).json
    await api.call('POST', path('/checkins'), { token: admin, body: { code: checkinCode } })
    const before = (await api.call('GET', path('/attendance/summary'), { token: admin })).json
    const undo = await api.call('DELETE', path(`/checkins/${checkinCode}`), { token: admin })
    expect(undo.json.changed).toBe(true)
    await api.call('POST', path('/checkins'), { token: admin, body: { code: checkinCode } })
    expect((await api.call('DELETE', path(`/attendance/${id}`), { token: admin })).status).toBe(204)
    const after = (await api.call('GET', path('/attendance/summary'), { token: admin })).json
    const men = (s: any) => s.breakdowns.find((b: { id: string }) => b.id === 'gender').options[1].count
    expect([after.registered.value, after.checkedIn.value, men(after)]).toEqual([
      before.registered.value - 1,
      before.checkedIn.value - 1,
      men(before) - 1,
    ])
  })

  it('checks a person in at the door by the document number they give, with its dots', async () => {
    await register({ name: 'Por documento', documentType: 'CC', documentNumber: '52333444' })
    const door = await api.call('POST', path('/checkins'), { token: admin, body: { code: '52.333.444' } })
    expect(door.json).toMatchObject({
      alreadyCheckedIn: false,
      attendee: { name: 'Por documento', documentNumber: '52333444' },
    })
    const undo = await api.call('DELETE', path(`/checkins/${door.json.attendee.checkinCode}`), {
      token: admin,
    })
    expect(undo.json.changed).toBe(true)
  })

  it('registers a walk-in at the door and checks them in once, a retry and the same document included', async () => {
    const walkIn = (body: Record<string, unknown>, key: string) =>
      api.call('POST', path('/walk-ins'), {
        token: admin,
        body: { consent: true, documentType: 'CC', ...body },
        headers: { 'idempotency-key': key },
      })
    const key = unique('walk-in')
    const first = await walkIn({ name: 'Sin inscripción', documentNumber: '17666555' }, key)
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({
      attendee: { name: 'Sin inscripción', documentNumber: '17666555', checkedInAt: expect.any(String) },
      registered: true,
      alreadyCheckedIn: false,
    })
    const retry = await walkIn({ name: 'Sin inscripción', documentNumber: '17666555' }, key)
    expect(retry.status).toBe(201)
    expect(retry.json).toMatchObject({ attendee: { id: first.json.attendee.id }, registered: true })
    const known = await walkIn({ name: 'Otra vez', documentNumber: '17.666.555' }, unique('walk-in'))
    expect(known.status).toBe(200)
    expect(known.json).toMatchObject({
      attendee: { id: first.json.attendee.id },
      registered: false,
      alreadyCheckedIn: true,
    })
    const list = await api.call('GET', path('/attendance?q=17666555'), { token: admin })
    expect(list.json.attendees).toHaveLength(1)
    expect(list.json.attendees[0]).toMatchObject({ source: 'staff', consent: { given: 'in_person' } })
  })

  it('records check-ins only while the event is open, and says what a door entry that finds no one was', async () => {
    const own = unique('puerta-estado')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(own) })).status).toBe(201)
    const at = (p: string) => `/api/events/${own}${p}`
    const { checkinCode } = (
      await api.call('POST', at('/attendance'), {
        body: { consent: true, name: 'Tardía', email: `${unique('t')}@x.co` },
      })
    ).json
    const door = (code: string) => api.call('POST', at('/checkins'), { token: admin, body: { code } })
    const status = (s: string) => api.call('PATCH', at(''), { token: admin, body: { status: s } })
    const checkedIn = async () =>
      (await api.call('GET', at('/attendance/summary'), { token: admin })).json.checkedIn.value

    expect((await status('draft')).status).toBe(200)
    const draft = await door(checkinCode)
    expect([draft.status, draft.json.error.code]).toEqual([409, 'EVENT_NOT_OPEN'])
    expect((await status('closed')).status).toBe(200)
    const closed = await door(checkinCode)
    expect([closed.status, closed.json.error.code]).toEqual([409, 'EVENT_CLOSED'])
    expect(closed.json.error.message).toMatch(/^El evento está cerrado: su asistencia es la del informe/)
    expect(await checkedIn()).toBe(0)
    expect((await status('open')).status).toBe(200)
    expect((await door(checkinCode)).json.alreadyCheckedIn).toBe(false)
    expect((await status('closed')).status).toBe(200)
    const undo = await api.call('DELETE', at(`/checkins/${checkinCode}`), { token: admin })
    expect([undo.status, undo.json.error.code]).toEqual([409, 'EVENT_CLOSED'])
    expect(await checkedIn()).toBe(1)

    // This suite's own event holds registrations: one of their codes is another event's here.
    const other = (await register({ name: 'De otro evento', email: `${unique('o')}@x.co` })).json.checkinCode
    expect((await status('open')).status).toBe(200)
    const elsewhere = await door(other)
    expect([elsewhere.status, elsewhere.json.error.message]).toEqual([
      404,
      expect.stringMatching(
        /^Ese código es de otro evento: «Audiencia pública de contrato», del 1 de diciembre de 2026\./,
      ),
    ])
    expect((await door('AB0CDE')).json.error.message).toMatch(
      /^Los códigos de ingreso no llevan O, 0, I, 1 ni L/,
    )
    expect((await door('52.000.111')).json.error.message).toBe(
      'No hay ningún registro en este evento con ese número de documento.',
    )
    const page = await door(`${url}/e/${own}?canal=qr`)
    expect([page.status, page.json.error.issues[0].message]).toEqual([
      400,
      expect.stringMatching(/^Ese es el código QR de la página del evento, no el de un asistente/),
    ])
  })

  it('publishes results only after the embargo, with small cells suppressed', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString()
    await api.call('PATCH', path('/forms/evaluacion'), { token: admin, body: { embargoUntil: until } })
    expect((await api.call('GET', path('/forms/evaluacion/results'))).json.error.code).toBe(
      'RESULTS_EMBARGOED',
    )
    await api.call('PATCH', path('/forms/evaluacion'), { token: admin, body: { embargoUntil: null } })
    const res = await api.call('GET', path('/forms/evaluacion/results'))
    expect(res.status).toBe(200)
    // Every question about who answered hides its small cells; an opinion of the event is exact, as
    // the staff's own stats give it.
    type Q = { id: string; options: { value: string; count: number | null }[] }
    const questions = res.json.questions as Q[]
    const about = questions.filter((x) => !OPINION_QUESTIONS.has(x.id))
    expect(about.length).toBeGreaterThan(0)
    for (const x of about)
      expect(
        x.options.every((o) => o.count === null || o.count === 0 || o.count >= 5),
        x.id,
      ).toBe(true)
    const stats = await api.call('GET', path('/forms/evaluacion/stats'), { token: admin })
    const exact = (qs: Q[]) => qs.find((x) => x.id === 'calificacion_gestion')!.options.map((o) => o.count)
    expect(exact(questions)).toEqual(exact(stats.json.questions))
  })

  it('closes registration and responses with the event', async () => {
    const closed = unique('cerrado')
    await api.call('POST', '/api/events', { token: admin, body: event(closed, { status: 'closed' }) })
    const reg = await api.call('POST', `/api/events/${closed}/attendance`, {
      body: { name: 'Tarde', email: 't@x.co', consent: true },
    })
    expect([reg.status, reg.json.error.code]).toEqual([409, 'EVENT_CLOSED'])
    const res = await api.call('POST', `/api/events/${closed}/forms/evaluacion/responses`, {
      body: { deviceToken: 'late-device-0000000001', answers: required },
    })
    expect(res.json.error.code).toBe('EVENT_CLOSED')
  })
})
