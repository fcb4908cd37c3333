import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { registrationBody } from '../server/schemas/attendance'
import { type FixedForm, fixedForms } from '../server/schemas/fixed-forms'
import { submitQuestionBody } from '../server/schemas/questions'
import { publicForm } from '../server/services/form-views'
import { evaluationForm } from '../server/services/question-bank'
import { widgetStrings } from '../server/services/widget-strings'
import { check, collect, type Field, otherKey, type Values, visible } from '../web/widget/fields'
import { sampleEvent, testApp } from './helpers'

/**
 * The attendance and question forms the widget is told about (GET /api/events/:slug, `fixedForms`),
 * filled and collected by the widget's own code, against the validators of the bodies they fill.
 */
async function setup() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'campos' }) })
  const get = async (lang: string) =>
    (await t.call('GET', '/api/events/campos', { headers: { 'accept-language': lang } })).json
      .fixedForms as FixedForm[]
  return { t, es: await get('es'), en: await get('en') }
}

const form = (forms: FixedForm[], key: string) => forms.find((f) => f.key === key)!.questions as Field[]

/** What a person can give in a field: each option, or text at the field's length limit. */
function answers(f: Field): Values[] {
  if (f.type === 'check') return [{ [f.id]: true }]
  if (f.options)
    return f.options
      .filter((o) => o.value)
      .map((o) => ({
        [f.id]: f.type === 'multi' ? [o.value] : o.value,
        ...(o.other ? { [otherKey(f.id)]: 'Comerciante' } : {}),
      }))
  const n = f.maxLength!
  if (f.input === 'email') return [{ [f.id]: `${'a'.repeat(n - 9)}@mail.com` }]
  if (f.input === 'tel') return [{ [f.id]: '+57 (601) 234-5678' }, { [f.id]: '3'.repeat(20) }]
  return [{ [f.id]: 'A'.repeat(n) }]
}

/** Fills every required field that `v` leaves empty and shows, as a person must before sending. */
function complete(fields: Field[], v: Values): Values {
  const out = { ...v }
  for (const f of visible(fields, out))
    if (f.required && out[f.id] === undefined) Object.assign(out, answers(f)[0])
  return out
}

/** Every answer to every field, each in an otherwise complete form, passes the widget's checks and the validator. */
function expectAccepted(fields: Field[], schema: z.ZodType, base: Values) {
  const t = widgetStrings('es')
  for (const f of fields) {
    expect(f.type === 'check' || f.options || f.maxLength, `${f.id} limits what is typed`).toBeTruthy()
    for (const a of answers(f)) {
      // The one answer the device cannot check alone: a minor's document without the age. The server
      // names the age range, a field on screen, and the person answers it (test/attendance.test.ts).
      const minorsDocument = a.documentType === 'TI' || a.documentType === 'RC'
      const v = complete(fields, { ...base, ...a, ...(minorsDocument ? { ageRange: '18_28' } : {}) })
      expect(check(fields, v, t), JSON.stringify(a)).toEqual({})
      const parsed = schema.safeParse(collect(fields, v))
      expect(parsed.error?.issues ?? [], JSON.stringify(a)).toEqual([])
    }
  }
}

/** The properties a body must always have. */
const requiredKeys = (schema: z.ZodObject) =>
  Object.entries(schema.shape)
    .filter(([, s]) => !(s as z.ZodType).safeParse(undefined).success)
    .map(([k]) => k)
    .sort()

describe('the attendance and question forms sent to the widget', () => {
  it('offers in the attendance form only what registration accepts, and asks for all it requires', async () => {
    const { es, en } = await setup()
    for (const forms of [es, en]) {
      const fields = form(forms, 'asistencia')
      expectAccepted(fields, registrationBody, { documentType: 'CC', documentNumber: '1710034065' })
      expect(
        fields
          .filter((f) => f.required && !f.when)
          .map((f) => f.id)
          .sort(),
      ).toEqual(requiredKeys(registrationBody))
    }
    // The survey lends its characterisation questions; registration keeps their category, so its "Otra"
    // asks for no free text (a value like "otra:Comerciante" is refused by registration).
    const occupation = form(es, 'asistencia').find((f) => f.id === 'occupation')!
    expect(occupation.options?.map((o) => o.value)).toContain('otra')
    expect(occupation.options?.some((o) => o.other)).toBe(false)
    expect(
      registrationBody.safeParse({ name: 'Ana', email: 'a@b.co', consent: true, occupation: 'otra:X' })
        .success,
    ).toBe(false)
  })

  it('refuses on the device what registration refuses, so nothing is queued that the server would turn away', async () => {
    const t = await testApp()
    const forms = async (slug: string, modality: string) => {
      await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug, modality }) })
      return form((await t.call('GET', `/api/events/${slug}`)).json.fixedForms, 'asistencia')
    }
    const online = await forms('virtual', 'virtual')
    const inPerson = await forms('sala', 'presencial')
    const strings = widgetStrings('es')
    const base = { name: 'Ana Pérez', consent: true }
    const cases: [Field[], Values][] = [
      [online, {}],
      [online, { name: '   ', email: 'ana@correo.co' }],
      [online, { documentNumber: '52123456' }],
      [online, { documentType: 'CC', documentNumber: '5' }],
      [online, { phone: '123' }],
      [online, { phone: '300 123 4567' }],
      ...['josé@correo.co', 'ana@correo.com.', 'ana@correo..com', 'ana@correo.c', ' ana@correo.co '].map(
        (email): [Field[], Values] => [online, { email }],
      ),
      [inPerson, { email: 'ana@correo.co' }],
      [inPerson, { documentType: 'CC', documentNumber: '52123456' }],
    ]
    for (const [fields, typed] of cases) {
      const v = { ...base, ...typed }
      const onDevice = Object.keys(check(fields, v, strings)).sort()
      const body = collect(fields, v)
      const issues = registrationBody.safeParse(body).error?.issues.map((i) => String(i.path[0])) ?? []
      // The in-person rule is the service's (it needs the event); its field is the document's.
      const server = fields === inPerson && !body.documentNumber ? [...issues, 'documentNumber'] : issues
      expect(onDevice, JSON.stringify(typed)).toEqual([...new Set(server)].sort())
    }
    // And the service agrees on the in-person rule: what the device lets through is stored.
    const sent = collect(inPerson, { ...base, documentType: 'CC', documentNumber: '52123456' })
    expect((await t.call('POST', '/api/events/sala/attendance', { body: sent })).status).toBe(201)
    const refused = await t.call('POST', '/api/events/sala/attendance', {
      body: collect(inPerson, { ...base, email: 'ana@correo.co' }),
    })
    expect(refused.json.error.issues.map((i: { path: string }) => i.path)).toEqual(['documentNumber'])
  })

  it('says above the attendance form, in both languages, that one of document, e-mail or phone is needed, which no star shows', async () => {
    const t = await testApp()
    const attendance = async (slug: string, modality: string, lang: string) => {
      if (lang === 'es')
        await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug, modality }) })
      const forms = (await t.call('GET', `/api/events/${slug}`, { headers: { 'accept-language': lang } }))
        .json.fixedForms as FixedForm[]
      return forms.find((f) => f.key === 'asistencia')!
    }
    const said = {
      es: 'Escriba al menos uno de estos datos: número de documento, correo o teléfono.',
      en: 'Give at least one of these: document number, e-mail or phone.',
    }
    for (const lang of ['es', 'en'] as const) {
      const online = await attendance('virtual-uno', 'virtual', lang)
      expect(online.description).toBe(said[lang])
      // None of the three is starred: the description is all that says it before sending.
      const contact = online.questions.filter((f) => ['documentNumber', 'email', 'phone'].includes(f.id))
      expect(contact.map((f) => f.required ?? false)).toEqual([false, false, false])
      expect(contact.find((f) => f.id === 'documentNumber')?.requiredWithout).toEqual(['email', 'phone'])
      // In person the document is required, and starred: nothing more to say.
      const inPerson = await attendance('sala-uno', 'presencial', lang)
      expect(inPerson.description).toBeUndefined()
      expect(inPerson.questions.find((f) => f.id === 'documentNumber')?.required).toBe(true)
    }
    // The question form has no such rule.
    expect((await t.call('GET', '/api/events/virtual-uno')).json.fixedForms[1].description).toBeUndefined()
  })

  it('offers in the question form only what a PQRSD accepts, and asks for all it requires', async () => {
    const { es, en } = await setup()
    for (const forms of [es, en]) {
      const fields = form(forms, 'pregunta')
      expect(fields.find((f) => f.id === 'area')?.options?.map((o) => o.value)).toEqual([
        '',
        'despacho',
        'cadenas-valor',
      ])
      expectAccepted(fields, submitQuestionBody, {})
      expect(
        fields
          .filter((f) => f.required && !f.when)
          .map((f) => f.id)
          .sort(),
      ).toEqual(requiredKeys(submitQuestionBody))
    }
  })

  it("asks a minor for their guardian's authorisation and no sensitive question, as registration requires", async () => {
    const { es } = await setup()
    const fields = form(es, 'asistencia')
    const ids = (v: Values) => visible(fields, v).map((f) => f.id)
    const groups = { populationGroups: ['indigena'] }
    const adult = { name: 'Ana', email: 'ana@example.com', consent: true, ageRange: '29_40', ...groups }
    expect(ids(adult)).toContain('populationGroups')
    expect(ids(adult)).not.toContain('guardianConsent')
    expect(registrationBody.safeParse(collect(fields, adult)).success).toBe(true)

    // The groups chosen before the age stay typed on the device, but are neither shown nor sent.
    const minor = { ...adult, ageRange: 'menos_18' }
    expect(ids(minor)).not.toContain('populationGroups')
    // The checkbox left unticked says what is missing, in the validator's words.
    const guardian = 'El registro de un menor de edad requiere la autorización de su representante legal.'
    expect(check(fields, minor, widgetStrings('es'))).toEqual({ guardianConsent: guardian })
    expect(
      registrationBody.safeParse(collect(fields, minor)).error?.issues.map((i) => [i.path, i.message]),
    ).toEqual([[['guardianConsent'], guardian]])
    const authorised = collect(fields, { ...minor, guardianConsent: true })
    expect(authorised).not.toHaveProperty('populationGroups')
    expect(registrationBody.safeParse(authorised).success).toBe(true)
    // Sent as typed, the groups would be refused: the condition is what keeps the two in step.
    expect(registrationBody.safeParse({ ...authorised, ...groups }).success).toBe(false)
  })

  it('hides and does not send the contact fields of an anonymous question', async () => {
    const { es } = await setup()
    const fields = form(es, 'pregunta')
    const typed = { type: 'queja', text: 'El parque no tiene luz.', name: 'Ana', email: 'ana@example.com' }
    expect(visible(fields, typed).map((f) => f.id)).toContain('email')
    const anonymous = { ...typed, anonymous: true }
    expect(visible(fields, anonymous).map((f) => f.id)).not.toContain('email')
    expect(collect(fields, anonymous)).toEqual({
      type: 'queja',
      text: 'El parque no tiene luz.',
      anonymous: true,
    })
    expect(submitQuestionBody.safeParse(collect(fields, anonymous)).success).toBe(true)
    expect(submitQuestionBody.safeParse(anonymous).success).toBe(false)
  })

  it('does not offer, check or send the identity reserve of an anonymous denuncia, which the server refuses', async () => {
    const { es } = await setup()
    const fields = form(es, 'pregunta')
    const named = { type: 'denuncia', text: 'Cobros indebidos en la ventanilla.', identityReserve: true }
    expect(visible(fields, named).map((f) => f.id)).toContain('identityReserve')
    expect(submitQuestionBody.safeParse(collect(fields, named)).success).toBe(true)
    const anonymous = { ...named, anonymous: true }
    expect(visible(fields, anonymous).map((f) => f.id)).not.toContain('identityReserve')
    expect(check(fields, anonymous, widgetStrings('es'))).toEqual({})
    expect(collect(fields, anonymous)).not.toHaveProperty('identityReserve')
    expect(submitQuestionBody.safeParse(collect(fields, anonymous)).success).toBe(true)
    // Sent as ticked, the server refuses it: the condition is what keeps the two in step.
    expect(submitQuestionBody.safeParse(anonymous).success).toBe(false)
    // A widget that reads the first condition alone still offers it to a denunciante, as before.
    const reserve = fields.find((f) => f.id === 'identityReserve')!
    expect(reserve.when).toMatchObject({ field: 'type', is: 'denuncia' })
  })

  it("labels both forms in the request's language, the consent with its notice and its own message", async () => {
    const { t, es, en } = await setup()
    expect(es.map((f) => [f.key, f.title])).toEqual([
      ['asistencia', 'Asistencia'],
      ['pregunta', 'Pregunta'],
    ])
    expect(en.map((f) => f.title)).toEqual(['Attendance', 'Question'])
    expect(form(es, 'asistencia')[0].label).toBe('Nombre completo')
    expect(form(en, 'asistencia')[0].label).toBe('Full name')
    expect(form(en, 'asistencia').find((f) => f.id === 'gender')?.label).toBe('Gender')
    const consent = form(en, 'asistencia').find((f) => f.id === 'consent')!
    expect(consent).toMatchObject({
      notice: 'consent',
      requiredMessage: 'To register, read the notice and authorise the processing of your data.',
    })
    // The question form tells who processes a petitioner's data, for what and with which rights, before
    // the choice of asking anonymously; it asks for no consent, which a petition does not need.
    expect(form(es, 'pregunta').find((f) => f.id === 'anonymous')).toMatchObject({ notice: 'privacy' })
    for (const lang of ['es', 'en']) {
      const view = (await t.call('GET', '/api/events/campos', { headers: { 'accept-language': lang } })).json
      const { text } = view.privacy
      expect(text.controller).toContain(view.event.entity.name)
      expect(text.controller).toContain(view.event.entity.nit)
      expect(text.purpose).toMatch(lang === 'es' ? /^Finalidad: radicar su petición/ : /^Purpose: to file/)
      expect(text.rights.length).toBeGreaterThan(3)
      expect(text.rights.join(' ')).not.toMatch(/autoriza|consent/i)
      expect(JSON.stringify(text)).not.toMatch(/Al marcar la casilla|By ticking/)
    }
    // What the widget sends from these forms is stored by the real routes.
    const body = collect(
      form(es, 'asistencia'),
      complete(form(es, 'asistencia'), { email: 'ana@example.com' }),
    )
    const registered = await t.call('POST', '/api/events/campos/attendance', { body })
    expect(registered.status).toBe(201)
    const question = collect(form(es, 'pregunta'), complete(form(es, 'pregunta'), { area: 'despacho' }))
    expect((await t.call('POST', '/api/events/campos/questions', { body: question })).status).toBe(201)
  })

  it("gives an Ecuadorian event Ecuador's documents, territory and population groups, and a Colombian one Colombia's", () => {
    // The survey as the widget gets it, for each country's event.
    const survey = (country: 'CO' | 'EC', lang: 'es' | 'en' = 'es') =>
      publicForm(
        {
          key: 'evaluacion',
          version: 1,
          open: true,
          definition: evaluationForm(country),
        } as Parameters<typeof publicForm>[0],
        lang,
      )
    const attendance = (country: 'CO' | 'EC', from = country, lang: 'es' | 'en' = 'es') =>
      fixedForms(lang, [survey(from, lang)], [], 'hibrida', country)[0].questions as Field[]
    const field = (fields: Field[], id: string) => fields.find((f) => f.id === id)!
    const values = (f: Field) => f.options!.map((o) => o.value)
    const labels = (f: Field) => f.options!.map((o) => o.label)

    const ec = attendance('EC')
    // The cédula first, then the passport; a Colombian's cédula is named as Colombian, after them.
    expect(labels(field(ec, 'documentType'))).toEqual([
      'Cédula de identidad (Ecuador)',
      'Pasaporte',
      'Cédula de ciudadanía (Colombia)',
      'Documento de identidad de otro país',
      'Otro',
    ])
    expect(values(field(ec, 'documentType'))).toEqual(['CI', 'PA', 'CC', 'DNI', 'OTRO'])
    expect(field(ec, 'territory').label).toBe('Parroquia, barrio o comunidad donde vive')
    const groups = field(ec, 'populationGroups')
    expect(labels(groups)).toEqual(expect.arrayContaining(['Montubio(a)', 'Mestizo(a)']))
    expect(labels(groups).join(' ')).toMatch(/Afroecuatoriano/)
    expect(labels(groups).join(' ')).not.toMatch(/afrocolombiano|Rrom|conflicto armado/)
    // A group that means the same in both countries keeps its key, so events compare.
    expect(values(groups)).toEqual(expect.arrayContaining(['indigena', 'afro', 'discapacidad', 'migrante']))
    expect(values(groups)).not.toContain('victima')
    // The survey's own question asks the same groups.
    const asked = survey('EC').questions.find((q) => q.id === 'grupo_poblacional')!
    expect(asked.options?.map((o) => o.value)).toEqual(values(groups))
    // An event whose survey still holds Colombia's groups offers Ecuador's all the same.
    expect(values(field(attendance('EC', 'CO'), 'populationGroups'))).toEqual(values(groups))
    expect(field(attendance('EC', 'EC', 'en'), 'territory').label).toBe(
      'Parish, neighbourhood or community where you live',
    )
    // What an Ecuadorian registers with is accepted.
    const body = collect(ec, {
      name: 'Rosa Quiñónez',
      documentType: 'CI',
      documentNumber: '1710034065',
      populationGroups: ['montubio', 'discapacidad'],
      territory: 'Parroquia Tarqui',
      consent: true,
    })
    expect(registrationBody.safeParse(body).error?.issues ?? []).toEqual([])

    // Colombia's lists are as they were.
    const co = attendance('CO')
    expect(values(field(co, 'documentType'))).toEqual([
      'CC',
      'TI',
      'CE',
      'PPT',
      'PEP',
      'CI',
      'PA',
      'DNI',
      'OTRO',
    ])
    expect(field(co, 'documentType').options![0].label).toBe('Cédula de ciudadanía')
    expect(field(co, 'territory').label).toBe('Barrio, comuna o vereda donde vive')
    expect(labels(field(co, 'populationGroups'))).toContain('Negro, afrocolombiano, raizal o palenquero')
    expect(values(field(co, 'populationGroups'))).not.toContain('montubio')
    expect(values(field(attendance('CO', 'EC'), 'populationGroups'))).toEqual(
      values(field(co, 'populationGroups')),
    )
  })

  it("checks an Ecuadorian cédula's last digit on the device, as registration does, before anything is queued", async () => {
    const { es } = await setup()
    const fields = form(es, 'asistencia')
    const strings = widgetStrings('es')
    const base = { name: 'Rosa Quiñónez', consent: true, documentType: 'CI' }
    const message =
      'Revise el número: una cédula de Ecuador tiene 10 dígitos y el último no corresponde a los anteriores.'
    for (const [documentNumber, valid] of [
      ['1710034065', true],
      ['171003406-5', true],
      ['1710034064', false], // a typo in the check digit
      ['1710034056', false], // two digits swapped
      ['9910034065', false], // no such province
      ['171003406', false], // a digit short
      ['CC1710034065', false],
    ] as const) {
      const v = { ...base, documentNumber }
      const server = registrationBody.safeParse(collect(fields, v)).error?.issues ?? []
      expect(server.length === 0, documentNumber).toBe(valid)
      expect(check(fields, v, strings), documentNumber).toEqual(
        valid ? {} : { documentNumber: server[0].message },
      )
      if (!valid && /^\d{9,10}$/.test(documentNumber)) expect(server[0].message).toBe(message)
    }
    // Only for a cédula: the same number as a Colombian's cédula is checked as one.
    expect(check(fields, { ...base, documentType: 'CC', documentNumber: '1710034064' }, strings)).toEqual({})
  })
})
