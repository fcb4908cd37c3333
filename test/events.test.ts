import { describe, expect, it } from 'vitest'
import { documentTypes, pqrsdTypes } from '../db/enums'
import { sampleEvent, testApp } from './helpers'

describe('events', () => {
  it('creates an event with its entity and areas and serves the public view', async () => {
    const t = await testApp()
    const created = await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent() })
    expect(created.status).toBe(201)
    const slug = created.json.event.slug
    expect(slug).toBe('rendicion-de-cuentas-2026-secretaria-de-desarrollo-economico')
    expect(created.json.event.timezone).toBe('America/Bogota')
    expect(created.json.event.startsAt).toBe('2026-11-27T19:00:00.000Z')

    const view = await t.call('GET', `/api/events/${slug}`)
    expect(view.status).toBe(200)
    expect(view.json.event.entity).toMatchObject({
      name: 'Secretaría de Desarrollo Económico',
      nit: '899999061-9',
    })
    expect(view.json.event.areas).toEqual([
      { key: 'despacho', name: 'Despacho' },
      { key: 'cadenas-valor', name: 'Subsecretaría de Cadenas de Valor' },
    ])
    expect(view.json.event).not.toHaveProperty('figures')
  })

  it("sends the widget's texts and its two fixed forms with the public view, in the request's language", async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'textos' }) })
    const es = (await t.call('GET', '/api/events/textos')).json
    const en = (await t.call('GET', '/api/events/textos', { headers: { 'accept-language': 'en' } })).json
    expect([es.strings.send, es.strings.errRequired]).toEqual(['Enviar', 'Responda esta pregunta.'])
    expect([en.strings.send, en.strings.errRequired]).toEqual(['Send', 'Answer this question.'])
    // Every text exists in both languages, and no English one is left in Spanish.
    expect(Object.keys(en.strings).sort()).toEqual(Object.keys(es.strings).sort())
    // The forms' style sheet travels with the texts, and is the same in both.
    expect(en.strings.css).toBe(es.strings.css)
    for (const key of Object.keys(es.strings).filter((k) => k !== 'css'))
      expect(en.strings[key], key).not.toBe(es.strings[key])
    type Field = { id: string; label: string; options?: { value: string; label: string }[] }
    const fields = (b: typeof es, key: string): Field[] =>
      b.fixedForms.find((f: { key: string }) => f.key === key).questions
    for (const key of ['asistencia', 'pregunta'])
      fields(es, key).forEach((f, i) => {
        expect(fields(en, key)[i].label, f.id).not.toBe(f.label)
      })
    expect(fields(es, 'asistencia')[0].label).toBe('Nombre completo')
    expect(fields(en, 'asistencia')[0].label).toBe('Full name')
    const option = (b: typeof es, key: string, id: string) =>
      fields(b, key).find((f) => f.id === id)!.options!
    // The question form offers every PQRSD type the API takes, the accountability question first.
    expect(option(es, 'pregunta', 'type')[0]).toEqual({
      value: 'pregunta',
      label: 'Pregunta de rendición de cuentas',
    })
    expect(
      option(en, 'pregunta', 'type')
        .map((o) => o.value)
        .sort(),
    ).toEqual([...pqrsdTypes].sort())
    // Every document offered is one the registration accepts.
    expect(option(es, 'asistencia', 'documentType')[0]).toEqual({
      value: 'CC',
      label: 'Cédula de ciudadanía',
    })
    expect(option(en, 'asistencia', 'documentType')[0]).toEqual({ value: 'CC', label: 'Citizenship card' })
    for (const d of option(es, 'asistencia', 'documentType')) expect(documentTypes).toContain(d.value)
  })

  it('reuses the entity with the same NIT for a second event', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'primera' }) })
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'segunda', areas: [{ key: 'nueva', name: 'Nueva' }] }),
    })
    const list = await t.call('GET', '/api/entities', { token: t.adminToken })
    expect(list.json.entities).toHaveLength(1)
    expect(list.json.entities[0].areas.map((a: { key: string }) => a.key)).toEqual([
      'despacho',
      'cadenas-valor',
      'nueva',
    ])
  })

  it('fills what an entity lacks from a later event that brings it, and keeps what it has', async () => {
    const t = await testApp()
    const entityOf = async () => (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities
    const nit = '890480184-4'
    const first = { name: 'Alcaldía de Ejemplo', nit, address: undefined, phone: undefined, email: undefined }
    expect(
      (
        await t.call('POST', '/api/events', {
          token: t.adminToken,
          body: sampleEvent({ slug: 'primera', entity: first, status: 'draft' }),
        })
      ).status,
    ).toBe(201)
    const full = {
      name: 'Alcaldía de Ejemplo',
      nit,
      address: 'Calle 1 # 2-3',
      email: 'datos@ejemplo.gov.co',
      phone: '+57 601 111 2222',
    }
    const second = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'segunda', entity: full }),
    })
    expect(second.status).toBe(201)
    // What it lacked is filled in, which is no difference to report.
    expect(second.json).not.toHaveProperty('entityDiffers')
    const [entity] = await entityOf()
    expect(entity).toMatchObject({
      nit,
      address: 'Calle 1 # 2-3',
      email: 'datos@ejemplo.gov.co',
      phone: '+57 601 111 2222',
    })
    // Another value for what it has is left to PATCH /api/entities/:id: the entity keeps its own.
    const third = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({
        slug: 'tercera',
        entity: { ...full, email: 'otro@ejemplo.gov.co', website: 'https://ejemplo.gov.co' },
      }),
    })
    expect(third.status).toBe(201)
    // Said in the answer, so that whoever typed it learns it was not written (the console shows it).
    expect(third.json.entityDiffers).toEqual([
      { field: 'email', stored: 'datos@ejemplo.gov.co', sent: 'otro@ejemplo.gov.co' },
    ])
    expect((await entityOf())[0]).toMatchObject({
      email: 'datos@ejemplo.gov.co',
      website: 'https://ejemplo.gov.co',
    })
    // Known by its name alone, it gets the NIT and the rest at once, and the event opens.
    const named = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({
        slug: 'villa',
        entity: { name: 'Alcaldía de Villa Rica', address: undefined, phone: undefined },
        status: 'draft',
      }),
    })
    const opened = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({
        slug: 'villa-2',
        entity: {
          name: 'Alcaldía de Villa Rica',
          nit: '899999061-9',
          address: 'Plaza',
          email: 'v@villa.gov.co',
        },
      }),
    })
    expect(opened.status).toBe(201)
    expect(opened.json.event.entityId).toBe(named.json.event.entityId)
    expect(opened.json.event.entity).toMatchObject({
      nit: '899999061-9',
      address: 'Plaza',
      email: 'v@villa.gov.co',
    })
    const audit = (await t.call('GET', '/api/audit', { token: t.adminToken })).json.entries
    expect(
      audit
        .filter((e: { action: string }) => e.action === 'entity.update')
        .map((e: { data: unknown }) => e.data),
    ).toEqual([
      { address: 'Calle 1 # 2-3', email: 'datos@ejemplo.gov.co', phone: '+57 601 111 2222' },
      { website: 'https://ejemplo.gov.co' },
      { nit: '899999061-9' },
      { address: 'Plaza', email: 'v@villa.gov.co', phone: '+57 601 000 0000' },
    ])
  })

  it("gives two countries' entities of one name each its own entity, and refuses a NIT of another country", async () => {
    const t = await testApp()
    const create = (slug: string, country: string, entity: unknown) =>
      t.call('POST', '/api/events', {
        token: t.adminToken,
        // An entity known by its name alone cannot open an event (its notice would name no NIT): drafts.
        body: sampleEvent({ slug, country, entity, status: 'draft' }),
      })
    expect((await create('santa-rosa-co', 'CO', 'Alcaldía Municipal de Santa Rosa')).status).toBe(201)
    const ec = await create('santa-rosa-ec', 'EC', 'Alcaldía Municipal de Santa Rosa')
    expect(ec.status).toBe(201)
    expect(ec.json.event.entityId).not.toBe(
      (await t.call('GET', '/api/events/santa-rosa-co', { token: t.adminToken })).json.event.entityId,
    )
    const list = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities
    expect(list.map((e: { country: string; timezone: string }) => [e.country, e.timezone]).sort()).toEqual([
      ['CO', 'America/Bogota'],
      ['EC', 'America/Guayaquil'],
    ])
    // Within one country the name finds the same entity.
    const again = await create('santa-rosa-co-2', 'CO', 'Alcaldía Municipal de Santa Rosa')
    expect(
      (await t.call('GET', '/api/events/santa-rosa-co', { token: t.adminToken })).json.event.entityId,
    ).toBe(again.json.event.entityId)
    // A NIT registered in Colombia is not an Ecuadorian entity: refused, nothing stored.
    await create('sde', 'CO', { name: 'Secretaría de Desarrollo Económico', nit: '899999061-9' })
    const before = (await t.call('GET', '/api/events', { token: t.adminToken })).json.events.length
    const mismatch = await create('sde-ec', 'EC', {
      name: 'Secretaría de Desarrollo Económico',
      nit: '899999061-9',
    })
    expect(mismatch.status).toBe(409)
    expect(mismatch.json.error.code).toBe('ENTITY_COUNTRY_MISMATCH')
    expect((await t.call('GET', '/api/events', { token: t.adminToken })).json.events).toHaveLength(before)
  })

  it('refuses to open an event while its entity lacks what the privacy notice names, and keeps drafts', async () => {
    const t = await testApp()
    const bare = { name: 'Alcaldía de Sin Datos', address: undefined, phone: undefined }
    const open = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'sin-datos', entity: bare }),
    })
    expect(open.status).toBe(409)
    expect(open.json.error.message).toBe(
      'No se puede abrir el evento: el aviso de privacidad que aceptan los asistentes debe nombrar al responsable del tratamiento, y a la entidad le falta el NIT, la dirección y un correo o un teléfono de contacto. Escríbalos con la entidad, o cree el evento como borrador y complételos después en los datos de la entidad (consola: página «Datos» del evento; API: PATCH /api/entities/{id}); mientras tanto el evento puede quedar como borrador.',
    )
    expect(open.json.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'entity.nit',
      'entity.address',
      'entity.email',
    ])
    expect((await t.call('GET', '/api/events/sin-datos', { token: t.adminToken })).status).toBe(404)
    // A draft is taken; opening it waits for the entity's data.
    const draft = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'sin-datos', entity: bare, status: 'draft' }),
    })
    expect(draft.status).toBe(201)
    const opening = () =>
      t.call('PATCH', '/api/events/sin-datos', { token: t.adminToken, body: { status: 'open' } })
    const refused = await opening()
    expect(refused.status).toBe(409)
    expect(refused.json.error.message).toContain('le falta el NIT, la dirección y un correo')
    expect(refused.json.error.message).toContain('Agréguelos en los datos de la entidad')
    const entity = `/api/entities/${draft.json.event.entityId}`
    await t.call('PATCH', entity, {
      token: t.adminToken,
      body: { nit: '890480184-4', email: 'datos@x.gov.co' },
    })
    expect((await opening()).json.error.message).toContain('a la entidad le falta la dirección.')
    await t.call('PATCH', entity, { token: t.adminToken, body: { address: 'Calle 1 # 2-3' } })
    const opened = await opening()
    expect(opened.status).toBe(200)
    expect(opened.json.event.status).toBe('open')
    // A phone is contact enough.
    const phoned = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({
        slug: 'con-telefono',
        entity: { name: 'Alcaldía con Teléfono', nit: '800000001-1', address: 'Calle 1', email: undefined },
      }),
    })
    expect(phoned.status).toBe(201)
  })

  it('creates the events of a new entity sent at once, all with the one entity', async () => {
    const t = await testApp()
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.call('POST', '/api/events', {
          token: t.adminToken,
          body: sampleEvent({
            slug: `a-la-vez-${i}`,
            entity: { name: 'Alcaldía Nueva', nit: '900123456-8' },
          }),
        }),
      ),
    )
    expect(created.map((r) => r.status)).toEqual(Array(8).fill(201))
    expect(new Set(created.map((r) => r.json.event.entityId)).size).toBe(1)
    const list = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities
    expect(list.filter((e: { nit: string }) => e.nit === '900123456-8')).toHaveLength(1)
  })

  it("adds an entity's areas alone, and refuses a change that changes nothing", async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'dialogo' }) })
    const [entity] = (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities
    const added = await t.call('PATCH', `/api/entities/${entity.id}`, {
      token: t.adminToken,
      body: { areas: [{ key: 'hacienda', name: 'Secretaría de Hacienda' }] },
    })
    expect(added.status).toBe(200)
    expect(added.json.entity.name).toBe(entity.name)
    const list = await t.call('GET', '/api/entities', { token: t.adminToken })
    expect(list.json.entities[0].areas.map((a: { key: string }) => a.key)).toContain('hacienda')
    const entries = async () =>
      (await t.call('GET', '/api/audit?limit=500', { token: t.adminToken })).json.entries.length
    const before = await entries()
    const empty = await t.call('PATCH', `/api/entities/${entity.id}`, { token: t.adminToken, body: {} })
    expect(empty.status).toBe(400)
    expect(empty.json.error.code).toBe('VALIDATION_ERROR')
    expect(await entries()).toBe(before)
  })

  it('refuses a slug that is taken with 409 and gives a generated slug a suffix instead', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'dialogo' }) })
    const again = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'dialogo' }),
    })
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('SLUG_TAKEN')
    const a = await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent() })
    const b = await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent() })
    expect(b.json.event.slug).not.toBe(a.json.event.slug)
    expect(b.json.event.slug.startsWith(a.json.event.slug)).toBe(true)
  })

  it('hides a draft from the public but shows it to staff', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'borrador', status: 'draft' }),
    })
    expect((await t.call('GET', '/api/events/borrador')).json.error.code).toBe('EVENT_NOT_FOUND')
    expect((await t.call('GET', '/api/events/borrador', { token: t.adminToken })).json.event.status).toBe(
      'draft',
    )
  })

  it('updates status and staff figures, keeping each figure with its source', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const res = await t.call('PATCH', '/api/events/evento', {
      token: t.adminToken,
      body: { status: 'closed', peakViewers: 81, reactions: 240, figuresSource: 'Facebook Live' },
    })
    expect(res.status).toBe(200)
    expect(res.json.event.status).toBe('closed')
    expect(res.json.event.figures.peakViewers).toEqual({
      value: 81,
      source: 'Facebook Live',
      updatedAt: '2026-11-21T15:00:00.000Z',
    })
    expect(res.json.event.figures.reactions.value).toBe(240)
    // null clears: a figure typed by mistake, a place or a stream link removed.
    const cleared = await t.call('PATCH', '/api/events/evento', {
      token: t.adminToken,
      body: { reactions: null, place: null, streamUrl: null, endsAt: null },
    })
    expect(cleared.status).toBe(200)
    expect(cleared.json.event.figures.reactions).toBeUndefined()
    expect(cleared.json.event.figures.peakViewers.value).toBe(81)
    expect([cleared.json.event.place, cleared.json.event.streamUrl, cleared.json.event.endsAt]).toEqual([
      null,
      null,
      null,
    ])
    expect(
      (await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { title: null } })).status,
    ).toBe(400)
  })

  it('lists events for staff, filtered by status', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'abierto' }) })
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'cerrado', status: 'closed' }),
    })
    const analyst = await t.staffToken('analyst')
    const res = await t.call('GET', '/api/events?status=closed', { token: analyst })
    expect(res.json.events.map((e: { slug: string }) => e.slug)).toEqual(['cerrado'])
  })

  it('lists each event with its own time zone, so that its date is read where it is held', async () => {
    const t = await testApp()
    const gad = { name: 'GAD Municipal de Santa Cruz', nit: '2060000010001' }
    // 23:30 on Monday 30 November in Galápagos: Tuesday in Bogotá.
    const body = sampleEvent({
      slug: 'islas',
      country: 'EC',
      timezone: 'Pacific/Galapagos',
      entity: gad,
      startsAt: '2026-11-30T23:30:00-06:00',
    })
    expect((await t.call('POST', '/api/events', { token: t.adminToken, body })).status).toBe(201)
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'bogota' }) })
    const list = await t.call('GET', '/api/events', { token: await t.staffToken('analyst') })
    const zones = Object.fromEntries(
      list.json.events.map((e: { slug: string; timezone: string }) => [e.slug, e.timezone]),
    )
    expect(zones).toEqual({ islas: 'Pacific/Galapagos', bogota: 'America/Bogota' })
  })

  it('rejects bad input naming each field and stores nothing', async () => {
    const t = await testApp()
    const res = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ modality: 'remota', startsAt: 'mañana', timezone: 'Marte/Olympus', extra: 1 }),
    })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('VALIDATION_ERROR')
    const paths = res.json.error.issues.map((i: { path: string }) => i.path).sort()
    expect(paths).toEqual(['extra', 'modality', 'startsAt', 'timezone'])
    expect(res.json.error.issues.find((i: { path: string }) => i.path === 'extra').message).toBe(
      'Este campo no existe: «extra». Quítelo de la solicitud.',
    )
    const list = await t.call('GET', '/api/events', { token: t.adminToken })
    expect(list.json.events).toHaveLength(0)
  })

  it('refuses an end at or before the start, when created and whichever of the two a change moves', async () => {
    const t = await testApp()
    // sampleEvent starts at 2:00 p. m. in Bogotá.
    const early = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'al-reves', endsAt: '2026-11-27T14:00:00-05:00' }),
    })
    expect(early.status).toBe(400)
    expect(early.json.error.issues).toEqual([
      { path: 'endsAt', message: 'La hora de fin debe ser posterior a la de inicio.' },
    ])
    expect((await t.call('GET', '/api/events', { token: t.adminToken })).json.events).toHaveLength(0)
    const made = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'evento', endsAt: '2026-11-27T16:30:00-05:00' }),
    })
    expect(made.status).toBe(201)
    const patch = (body: object) => t.call('PATCH', '/api/events/evento', { token: t.adminToken, body })
    const endFirst = await patch({ endsAt: '2026-11-27T13:00:00-05:00' })
    expect([endFirst.status, endFirst.json.error.issues[0].path]).toEqual([400, 'endsAt'])
    // A start moved past the end that stands names the start.
    const startLate = await patch({ startsAt: '2026-11-27T17:00:00-05:00' })
    expect([startLate.status, startLate.json.error.issues[0].path]).toEqual([400, 'startsAt'])
    const kept = (await t.call('GET', '/api/events/evento', { token: t.adminToken })).json.event
    expect([kept.startsAt, kept.endsAt]).toEqual(['2026-11-27T19:00:00.000Z', '2026-11-27T21:30:00.000Z'])
    // Both moved at once, in order, are taken; so is an end removed.
    expect(
      (await patch({ startsAt: '2026-11-28T09:00:00-05:00', endsAt: '2026-11-28T12:00:00-05:00' })).status,
    ).toBe(200)
    expect((await patch({ endsAt: null })).status).toBe(200)
  })

  it("gives staff the attendee page's address on the public URL, as the QR code encodes it", async () => {
    const t = await testApp()
    t.deps.config.publicUrl = 'https://cabildo.alcaldia.gov.co'
    const made = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'evento' }),
    })
    expect(made.json.event.pageUrl).toBe('https://cabildo.alcaldia.gov.co/e/evento')
    const staffView = await t.call('GET', '/api/events/evento', { token: t.adminToken })
    expect(staffView.json.event.pageUrl).toBe('https://cabildo.alcaldia.gov.co/e/evento')
    const patched = await t.call('PATCH', '/api/events/evento', {
      token: t.adminToken,
      body: { place: 'Auditorio' },
    })
    expect(patched.json.event.pageUrl).toBe('https://cabildo.alcaldia.gov.co/e/evento')
    // Without a public URL, where the request came; the public view has no such field.
    t.deps.config.publicUrl = undefined
    expect((await t.call('GET', '/api/events/evento', { token: t.adminToken })).json.event.pageUrl).toMatch(
      /^https?:\/\/[^/]+\/e\/evento$/,
    )
    expect((await t.call('GET', '/api/events/evento')).json.event).not.toHaveProperty('pageUrl')
  })

  it('writes every change of an event into the audit log', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { title: 'Nuevo título' } })
    const audit = await t.call('GET', '/api/audit', { token: t.adminToken })
    const actions = audit.json.entries.map((e: { action: string }) => e.action)
    // The admin's sign-in, then the event's changes.
    expect(actions).toEqual(['user.create', 'auth.login', 'event.create', 'event.update'])
    expect(audit.json.entries[3].data).toEqual({ title: 'Nuevo título' })
  })
})
