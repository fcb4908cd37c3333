import { beforeAll, describe, expect, inject, it } from 'vitest'
import { client, eventBody, freshNit, unique } from './client'

describe.each(inject('runtimes'))('entities found by NIT on $name', ({ url }) => {
  const api = client(url)
  let admin: string
  beforeAll(async () => {
    admin = await api.login()
  })

  const create = (entity: Record<string, string>, country = 'CO', status = 'open') =>
    api.call('POST', '/api/events', {
      token: admin,
      body: eventBody(unique('nit'), { entity, country, status }),
    })
  const radicado = async (slug: string) =>
    (
      await api.call('POST', `/api/events/${slug}/questions`, {
        body: { type: 'pregunta', text: '¿Y el agua?' },
      })
    ).json.radicado as string
  const entitiesWith = async (name: string) =>
    (await api.call('GET', '/api/entities', { token: admin })).json.entities.filter(
      (e: { name: string }) => e.name === name,
    ) as { id: string; nit: string | null }[]

  it('keeps one entity and one radicado series for a NIT typed with dots, with the hyphen or bare', async () => {
    const nit = freshNit()
    const name = unique('Alcaldía')
    const prefix = `N${Date.now().toString(36).toUpperCase().slice(-6)}${name.length % 10}`
    const made = []
    for (const typed of [nit.dotted, nit.hyphen, nit.bare]) {
      const res = await create({ name, nit: typed, radicadoPrefix: prefix })
      expect(res.status).toBe(201)
      made.push(res.json.event)
    }
    expect(new Set(made.map((e) => e.entityId)).size).toBe(1)
    const numbers = []
    for (const e of made) numbers.push(await radicado(e.slug))
    expect(numbers.map((r) => r.replace(/^.*-/, '')).map(Number)).toEqual([1, 2, 3])
    expect(new Set(numbers.map((r) => r.replace(/-\d+$/, ''))).size).toBe(1)
    expect((await entitiesWith(name)).map((e) => e.nit)).toEqual([nit.hyphen])
    // In Ecuador, however it is typed, it is still the Colombian entity's NIT.
    const ec = await create({ name, nit: nit.bare }, 'EC')
    expect(ec.status).toBe(409)
    expect(ec.json.error.code).toBe('ENTITY_COUNTRY_MISMATCH')
  })

  it('gives an entity registered without a NIT the one a later event brings, and keeps its series', async () => {
    const nit = freshNit()
    const name = unique('Alcaldía')
    // Without a NIT its event is a draft: it opens once the entity has one.
    const first = await create({ name }, 'CO', 'draft')
    expect(first.status).toBe(201)
    const second = await create({ name, nit: nit.dotted })
    expect(second.status).toBe(201)
    expect(second.json.event.entityId).toBe(first.json.event.entityId)
    const opened = await api.call('PATCH', `/api/events/${first.json.event.slug}`, {
      token: admin,
      body: { status: 'open' },
    })
    expect(opened.status).toBe(200)
    const [a, b] = [await radicado(first.json.event.slug), await radicado(second.json.event.slug)]
    expect(b.replace(/-\d+$/, '')).toBe(a.replace(/-\d+$/, ''))
    expect(Number(b.slice(-6))).toBe(Number(a.slice(-6)) + 1)
    expect(await entitiesWith(name)).toMatchObject([{ id: first.json.event.entityId, nit: nit.hyphen }])
  })

  it('creates the events of one office sent at once, its NIT typed three ways, with one entity', async () => {
    const nit = freshNit()
    const name = unique('Alcaldía')
    // Each a NIT that a new entity may be created with: its check digit after a hyphen.
    const forms = [nit.dotted, nit.hyphen, ` ${nit.hyphen.replace('-', ' - ')} `]
    const made = await Promise.all(Array.from({ length: 6 }, (_, i) => create({ name, nit: forms[i % 3] })))
    expect(made.map((r) => r.status)).toEqual(Array(6).fill(201))
    expect(new Set(made.map((r) => r.json.event.entityId)).size).toBe(1)
    expect(await entitiesWith(name)).toHaveLength(1)
  })

  it('refuses a new entity a NIT without its check digit, or with a wrong one, and creates nothing', async () => {
    const nit = freshNit()
    const name = unique('Alcaldía')
    const wrong = `${nit.hyphen.slice(0, -1)}${(Number(nit.hyphen.at(-1)) + 1) % 10}`
    for (const [typed, said] of [
      [nit.bare.slice(0, -1), /^Falta el dígito de verificación de /],
      [nit.bare, /^Falta el dígito de verificación de /],
      [wrong, /^El dígito de verificación no corresponde al número /],
    ] as const) {
      const res = await create({ name, nit: typed })
      expect(res.status, typed).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_ERROR')
      expect(res.json.error.issues).toMatchObject([{ path: 'entity.nit', message: said }])
    }
    expect(await entitiesWith(name)).toEqual([])
    // Created with it, the entity is then found by its digits typed bare.
    const made = await create({ name, nit: nit.dotted })
    expect(made.status).toBe(201)
    const again = await create({ name, nit: nit.bare })
    expect(again.status).toBe(201)
    expect(again.json.event.entityId).toBe(made.json.event.entityId)
  })

  it('never gives one entity two NITs when two events bring different ones at once', async () => {
    const name = unique('Alcaldía')
    expect((await create({ name }, 'CO', 'draft')).status).toBe(201)
    const nits = [freshNit(), freshNit()]
    const made = await Promise.all(nits.map((n) => create({ name, nit: n.hyphen })))
    expect(made.map((r) => r.status)).toEqual([201, 201])
    const list = await entitiesWith(name)
    expect(list.map((e) => e.nit).sort()).toEqual(nits.map((n) => n.hyphen).sort())
    // Each event is with the entity of its own NIT.
    for (const [i, res] of made.entries())
      expect(list.find((e) => e.id === res.json.event.entityId)?.nit).toBe(nits[i].hyphen)
  })

  it("names an Ecuadorian entity's RUC and a Colombian one's NIT in what it refuses, in both languages", async () => {
    const ruc = `176${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}001`
    const nit = freshNit()
    const en = { 'accept-language': 'en' }
    const said = async (
      call: (headers?: Record<string, string>) => Promise<{ status: number; json: any }>,
    ) => {
      const [es, english] = [await call(), await call(en)]
      return {
        status: es.status,
        code: es.json.error.code,
        es: es.json.error.message,
        en: english.json.error.message,
      }
    }
    for (const [country, taxId, other, own] of [
      ['EC', 'RUC', 'NIT', ruc],
      ['CO', 'NIT', 'RUC', nit.hyphen],
    ] as const) {
      expect((await create({ name: unique('Dueña'), nit: own }, country)).status).toBe(201)
      // An entity without it cannot open its event; given another entity's, it is refused.
      const name = unique('Sin número')
      const bare = await said((headers) =>
        api.call('POST', '/api/events', {
          token: admin,
          headers,
          body: eventBody(unique('nit'), { entity: { name }, country }),
        }),
      )
      const draft = await create({ name }, country, 'draft')
      expect(draft.status).toBe(201)
      const taken = await said((headers) =>
        api.call('PATCH', `/api/entities/${draft.json.event.entityId}`, {
          token: admin,
          headers,
          body: { nit: own },
        }),
      )
      expect([bare.status, bare.code]).toEqual([409, 'CONFLICT'])
      expect(bare.es).toContain(`a la entidad le falta el ${taxId}.`)
      expect([taken.status, taken.code]).toEqual([409, 'ENTITY_NIT_TAKEN'])
      expect(taken.es).toContain(`con un ${taxId} de esos mismos dígitos`)
      for (const text of [bare.es, bare.en, taken.es, taken.en]) {
        expect(text).toContain(taxId)
        expect(text).not.toContain(other)
      }
      expect((await entitiesWith(name)).map((e) => e.nit)).toEqual([null])
    }
  })
})
