import { describe, expect, it } from 'vitest'
import { newId } from '../db/ids'
import { entities } from '../db/schema'
import { ApiError } from '../server/errors'
import { createEvent } from '../server/services/events'
import { checkDigit, nitKeys } from '../server/services/nit'
import { commitAtFirstClockRead, sampleEvent, type TestApp, testApp } from './helpers'

const now = new Date('2026-11-27T15:00:00-05:00')
const alcaldia = (nit?: string) => ({
  name: 'Alcaldía de Ejemplo',
  ...(nit ? { nit } : {}),
  email: 'a@x.gov.co',
})

// An entity with no NIT cannot open an event (its privacy notice would name none): its events are drafts.
const create = (t: TestApp, slug: string, entity: unknown, country = 'CO', status = 'open') =>
  t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug, entity, country, status }) })
const draft = (t: TestApp, slug: string, entity: unknown) => create(t, slug, entity, 'CO', 'draft')

const radicado = async (t: TestApp, slug: string) =>
  (
    await t.call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'pregunta', text: '¿Y las vías?' },
    })
  ).json.radicado

/** An entity stored before a NIT had to carry its check digit, as it was kept then: its digits bare. */
async function storedBefore(t: TestApp, name: string, nit: string, radicadoPrefix?: string) {
  await t.deps.db.insert(entities).values({
    id: newId(),
    name,
    nit,
    nitKey: nitKeys(nit, 'CO')[0],
    email: 'a@x.gov.co',
    address: 'Calle 1 # 1-01',
    country: 'CO',
    timezone: 'America/Bogota',
    radicadoPrefix,
  })
}

const entityList = async (t: TestApp) =>
  (await t.call('GET', '/api/entities', { token: t.adminToken })).json.entities as {
    id: string
    name: string
    nit: string | null
    country: string
  }[]

describe("an event's entity found by its NIT", () => {
  it('finds one entity for a NIT typed with dots, with the hyphen or as bare digits, and numbers one series', async () => {
    const t = await testApp({ now })
    const typed = [
      ['uno', '890.480.184-4'],
      ['dos', '890480184-4'],
      ['tres', '8904801844'],
      ['cuatro', ' 890 480 184 - 4 '],
      ['cinco', undefined],
    ] as const
    const numbers = []
    for (const [slug, nit] of typed) {
      expect((await create(t, slug, alcaldia(nit))).status).toBe(201)
      numbers.push(await radicado(t, slug))
    }
    expect(numbers).toEqual([1, 2, 3, 4, 5].map((n) => `AE-2026-00000${n}`))
    const list = await entityList(t)
    // Stored as DIAN writes it; the key it is matched by stays inside.
    expect(list.map((e) => e.nit)).toEqual(['890480184-4'])
    expect(list[0]).not.toHaveProperty('nitKey')
  })

  it('gives an entity registered without a NIT the NIT of a later event of it, and keeps its series', async () => {
    const t = await testApp({ now })
    expect((await draft(t, 'sin-nit', alcaldia())).status).toBe(201)
    expect((await create(t, 'con-nit', alcaldia('890.480.184-4'))).status).toBe(201)
    expect(await radicado(t, 'con-nit')).toBe('AE-2026-000001')
    // With the NIT, the entity's first event opens too, and files in the same series.
    const opened = await t.call('PATCH', '/api/events/sin-nit', {
      token: t.adminToken,
      body: { status: 'open' },
    })
    expect(opened.status).toBe(200)
    expect(opened.json.event.entityId).toBe((await entityList(t))[0].id)
    expect(await radicado(t, 'sin-nit')).toBe('AE-2026-000002')
    expect((await create(t, 'otra-vez', alcaldia('8904801844'))).status).toBe(201)
    expect(await radicado(t, 'otra-vez')).toBe('AE-2026-000003')
    const [entity, ...others] = await entityList(t)
    expect(others).toEqual([])
    expect(entity.nit).toBe('890480184-4')
    // The first event's privacy notice now names the NIT, and the change is in the audit log.
    expect((await t.call('GET', '/api/events/sin-nit')).json.event.entity.nit).toBe('890480184-4')
    const audit = (await t.call('GET', '/api/audit?limit=500', { token: t.adminToken })).json.entries
    expect(audit.filter((e: { action: string }) => e.action === 'entity.update')).toMatchObject([
      { subjectType: 'entity', subjectId: entity.id, data: { nit: '890480184-4' } },
    ])
  })

  it('never gives an entity of the same name another NIT, nor joins one of another country', async () => {
    const t = await testApp({ now })
    await create(t, 'evento-a', alcaldia('890480184-4'))
    // Same name, another NIT: another office (the NIT is what tells them apart).
    expect((await create(t, 'evento-b', alcaldia('900123456-8'))).status).toBe(201)
    expect((await entityList(t)).map((e) => e.nit).sort()).toEqual(['890480184-4', '900123456-8'])
    // A NIT registered in Colombia, typed another way, is still not an Ecuadorian entity.
    const mismatch = await create(t, 'evento-ec', alcaldia('890.480.184-4'), 'EC')
    expect(mismatch.status).toBe(409)
    expect(mismatch.json.error.code).toBe('ENTITY_COUNTRY_MISMATCH')
    // An Ecuadorian RUC is its 13 digits, however grouped.
    const ruc = { name: 'GAD Municipal de Ejemplo', nit: '1760001550001' }
    expect((await create(t, 'gad', ruc, 'EC')).status).toBe(201)
    expect((await create(t, 'gad-2', { ...ruc, nit: '1760001550-001' }, 'EC')).status).toBe(201)
    expect(await radicado(t, 'gad')).toBe('GME-2026-000001')
    expect(await radicado(t, 'gad-2')).toBe('GME-2026-000002')
    expect(await entityList(t)).toHaveLength(3)
  })

  it('finds a Colombian NIT typed without its check digit, both ways, but never across a wrong one', async () => {
    expect([checkDigit('890480184'), checkDigit('89048018'), checkDigit('89999906')]).toEqual([4, 3, 9])
    const t = await testApp({ now })
    await create(t, 'con-dv', alcaldia('890480184-4'))
    // Without its check digit: "890480184" cannot be a whole NIT (89048018's check digit is 3, not 4).
    expect((await create(t, 'sin-dv', alcaldia('890480184'))).status).toBe(201)
    expect(await radicado(t, 'sin-dv')).toBe('AE-2026-000001')
    expect(await radicado(t, 'con-dv')).toBe('AE-2026-000002')
    // Stored without it before the check digit was required, found with it, and still read.
    const sde = { name: 'Secretaría de Desarrollo Económico', radicadoPrefix: 'SDE' }
    await storedBefore(t, sde.name, '899999061', 'SDE')
    expect((await create(t, 'sde', { ...sde, nit: '899.999.061' })).status).toBe(201)
    expect((await create(t, 'sde-2', { ...sde, nit: '899999061-9' })).status).toBe(201)
    expect(await entityList(t)).toHaveLength(2)
    expect((await t.call('GET', '/api/events/sde-2')).json.event.entity.nit).toBe('899999061')
    // A wrong check digit is refused without naming the right one (a base mistyped would only be hidden
    // by it): never a new entity, nor one of the others.
    const wrong = await create(t, 'dv-errado', alcaldia('890480184-5'))
    expect(wrong.status).toBe(400)
    expect(wrong.json.error.issues).toEqual([
      {
        path: 'entity.nit',
        message:
          'El dígito de verificación no corresponde al número 890480184: revise el NIT y su dígito en el RUT de la entidad (p. ej. 890.480.184-4).',
      },
    ])
    expect(await entityList(t)).toHaveLength(2)
    // "89999906-1" has the digits of "899.999.061" but is base 89999906 (whose check digit is 9):
    // another NIT, refused rather than merged.
    const clash = await create(t, 'otra-base', { ...sde, nit: '89999906-1' })
    expect(clash.status).toBe(409)
    expect(clash.json.error.code).toBe('ENTITY_NIT_TAKEN')
    expect(await entityList(t)).toHaveLength(2)
  })

  it('creates the events of a new entity sent at once with its NIT typed three ways, all with one entity', async () => {
    const t = await testApp({ now })
    const nits = ['900.123.456-8', '900123456-8', ' 900 123 456 - 8 ']
    const created = await Promise.all(
      Array.from({ length: 9 }, (_, i) => create(t, `a-la-vez-${i}`, alcaldia(nits[i % 3]))),
    )
    expect(created.map((r) => r.status)).toEqual(Array(9).fill(201))
    expect(new Set(created.map((r) => r.json.event.entityId)).size).toBe(1)
    expect(await entityList(t)).toHaveLength(1)
  })

  it('does not join an entity found without a NIT that another event gave another NIT meanwhile', async () => {
    const t = await testApp({ now })
    await draft(t, 'sin-nit', alcaldia())
    // Between this request's reads and its commit, another event records NIT 900123456-8 on the entity.
    const { deps, reads } = commitAtFirstClockRead(
      t,
      `update entities set nit = '900123456-8', nit_key = '9001234568' where nit is null`,
    )
    const input = sampleEvent({ slug: 'con-nit', entity: alcaldia('890480184-4') }) as never
    const made = await createEvent(deps, 'admin', input).catch((e) => e)
    expect(made).not.toBeInstanceOf(ApiError)
    expect(reads()).toBe(2)
    const list = await entityList(t)
    expect(list.map((e) => e.nit).sort()).toEqual(['890480184-4', '900123456-8'])
    expect(made.entity.nit).toBe('890480184-4')
  })

  it("stores a NIT changed on the entity as DIAN writes it, and refuses another entity's", async () => {
    const t = await testApp({ now })
    await create(t, 'evento-a', alcaldia('890480184-4'))
    await draft(t, 'evento-b', { name: 'Otra Entidad', radicadoPrefix: 'OE' })
    const other = (await entityList(t)).find((e) => e.name === 'Otra Entidad')!
    const patch = (nit: string) =>
      t.call('PATCH', `/api/entities/${other.id}`, { token: t.adminToken, body: { nit } })
    const taken = await patch('890.480.184-4')
    expect(taken.status).toBe(409)
    expect(taken.json.error.code).toBe('ENTITY_NIT_TAKEN')
    const changed = await patch('900.123.456-8')
    expect(changed.status).toBe(200)
    expect(changed.json.entity.nit).toBe('900123456-8')
    // Events of it typed another way find it.
    const again = await create(t, 'evento-c', { name: 'Otra Entidad', nit: '9001234568' })
    expect(again.json.event.entityId).toBe(other.id)
  })

  it("refuses an entity's NIT with a wrong check digit and a RUC that is not 13 digits, at creation and in a change", async () => {
    const t = await testApp({ now })
    const nitOf = async (entity: unknown, country = 'CO') => {
      const res = await create(t, `e-${Math.random().toString(36).slice(2, 8)}`, entity, country)
      return { status: res.status, issues: res.json.error?.issues }
    }
    expect(await nitOf(alcaldia('899999063-5'))).toEqual({
      status: 400,
      issues: [
        {
          path: 'entity.nit',
          message:
            'El dígito de verificación no corresponde al número 899999063: revise el NIT y su dígito en el RUT de la entidad (p. ej. 890.480.184-4).',
        },
      ],
    })
    expect((await nitOf(alcaldia('12'))).status).toBe(400)
    const ruc = (nit: string) => ({ name: 'GAD Parroquial', nit })
    for (const bad of ['12', '176000155000', '1760001550000', '9960001550001', '1770001550001']) {
      const refused = await nitOf(ruc(bad), 'EC')
      expect(refused.status, bad).toBe(400)
      expect(refused.issues[0].path).toBe('entity.nit')
      expect(refused.issues[0].message).toContain('no es un RUC: tiene 13 dígitos')
    }
    expect(await entityList(t)).toEqual([])
    // Right ones are taken: a public entity's RUC, and a NIT with its check digit.
    expect((await nitOf(ruc('1760001550001'), 'EC')).status).toBe(201)
    expect((await nitOf({ ...alcaldia('899999063-3'), name: 'Otra' })).status).toBe(201)
    // A change of the entity's NIT is held to the same rule.
    const [gad] = (await entityList(t)).filter((e) => e.country === 'EC')
    const patch = (nit: string) =>
      t.call('PATCH', `/api/entities/${gad.id}`, { token: t.adminToken, body: { nit } })
    const bad = await patch('12')
    expect(bad.status).toBe(400)
    expect(bad.json.error.issues[0]).toMatchObject({ path: 'nit' })
    expect((await patch('0960000000001')).status).toBe(200)
  })

  it('refuses a new Colombian NIT without its check digit, or with a wrong one, in either language, and writes nothing', async () => {
    const t = await testApp({ now })
    const refused = async (nit: string, lang = 'es') => {
      const res = await t.call('POST', '/api/events', {
        token: t.adminToken,
        headers: { 'accept-language': lang },
        body: sampleEvent({ slug: 'nuevo', entity: alcaldia(nit) }),
      })
      expect(res.status, nit).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_ERROR')
      return res.json.error.issues
    }
    // Bare digits: the check digit left out, or not set apart (which of the two cannot be told).
    for (const nit of ['890480184', '890.480.184', '8904801844'])
      expect(await refused(nit)).toEqual([
        {
          path: 'entity.nit',
          message: `Falta el dígito de verificación de «${nit}», o su guion: escriba el NIT como en el RUT de la entidad, el número y su dígito de verificación tras un guion, p. ej. 890.480.184-4.`,
        },
      ])
    expect((await refused('890480184', 'en'))[0].message).toBe(
      '"890480184" lacks its check digit, or its hyphen: give the NIT as the entity\'s RUT has it, the number and its check digit after a hyphen, e.g. 890.480.184-4.',
    )
    expect((await refused('890.480.184-7'))[0].message).toMatch(
      /^El dígito de verificación no corresponde al número 890480184: /,
    )
    expect((await refused('890.480.184-7', 'en'))[0].message).toMatch(
      /^The check digit does not match the number 890480184: /,
    )
    expect(await entityList(t)).toEqual([])
    expect((await t.call('GET', '/api/events/nuevo', { token: t.adminToken })).status).toBe(404)

    // An entity registered without a NIT is given one only with its check digit; so is a NIT changed.
    await draft(t, 'sin-nit', alcaldia())
    expect((await create(t, 'con-nit', alcaldia('890480184'))).status).toBe(400)
    const [entity] = await entityList(t)
    const patch = (nit: string) =>
      t.call('PATCH', `/api/entities/${entity.id}`, { token: t.adminToken, body: { nit } })
    const bare = await patch('8904801844')
    expect(bare.status).toBe(400)
    expect(bare.json.error.issues).toMatchObject([
      { path: 'nit', message: /^Falta el dígito de verificación/ },
    ])
    expect((await patch('890480184-5')).json.error.issues).toMatchObject([
      { path: 'nit', message: /^El dígito de verificación no corresponde/ },
    ])
    expect((await entityList(t)).map((e) => e.nit)).toEqual([null])
    const audit = (await t.call('GET', '/api/audit?limit=500', { token: t.adminToken })).json.entries
    expect(audit.filter((e: { action: string }) => e.action === 'entity.update')).toEqual([])
    expect((await patch('890.480.184-4')).json.entity.nit).toBe('890480184-4')
  })

  it('refuses a NIT with no digits, naming the field', async () => {
    const t = await testApp({ now })
    const res = await create(t, 'evento-x', alcaldia('N/A'))
    expect(res.status).toBe(400)
    expect(res.json.error.issues).toMatchObject([{ path: 'entity.nit' }])
    expect(await entityList(t)).toEqual([])
  })
})

describe("an entity's tax id, named as its country calls it", () => {
  const en = { 'accept-language': 'en' }
  const gad = (nit?: string) => ({
    name: 'GAD Municipal de Ejemplo',
    ...(nit ? { nit } : {}),
    email: 'a@x.gob.ec',
  })
  // Every message about it, in both languages: an Ecuadorian entity's name its RUC, a Colombian's its NIT.
  const onlyTaxId = (said: string[], country: 'CO' | 'EC') => {
    const [own, other] = country === 'EC' ? ['RUC', 'NIT'] : ['NIT', 'RUC']
    for (const text of said) {
      expect(text).toContain(own)
      expect(text).not.toContain(other)
    }
  }
  const both = async (call: (headers?: Record<string, string>) => Promise<{ status: number; json: any }>) => {
    const [es, english] = [await call(), await call(en)]
    return { status: es.status, es: es.json.error, en: english.json.error }
  }

  it('asks for the digits of the NIT in Colombia and of the RUC in Ecuador, at creation and in a change', async () => {
    const t = await testApp({ now })
    const created = (country: string, entity: unknown) => (headers?: Record<string, string>) =>
      t.call('POST', '/api/events', {
        token: t.adminToken,
        headers,
        body: sampleEvent({ slug: 'sin-digitos', entity, country }),
      })
    const co = await both(created('CO', alcaldia('N/A')))
    expect(co.status).toBe(400)
    expect(co.es.issues).toEqual([
      { path: 'entity.nit', message: 'Escriba el NIT con sus dígitos, p. ej. 890480184-4.' },
    ])
    expect(co.en.issues).toEqual([
      { path: 'entity.nit', message: 'Give the NIT with its digits, e.g. 890480184-4.' },
    ])
    const ec = await both(created('EC', gad('no tiene')))
    expect(ec.status).toBe(400)
    expect(ec.es.issues).toEqual([
      { path: 'entity.nit', message: 'Escriba el RUC con sus 13 dígitos, p. ej. 1760001550001.' },
    ])
    expect(ec.en.issues).toEqual([
      { path: 'entity.nit', message: 'Give the RUC with its 13 digits, e.g. 1760001550001.' },
    ])
    expect(await entityList(t)).toEqual([])
    // A change knows the entity's country from the entity.
    await create(t, 'gad', gad('1760001550001'), 'EC', 'draft')
    await create(t, 'alcaldia', alcaldia('890480184-4'))
    for (const e of await entityList(t)) {
      const patched = await both((headers) =>
        t.call('PATCH', `/api/entities/${e.id}`, { token: t.adminToken, headers, body: { nit: 'N/A' } }),
      )
      expect(patched.status).toBe(400)
      expect(patched.es.issues[0].path).toBe('nit')
      onlyTaxId([patched.es.issues[0].message, patched.en.issues[0].message], e.country as 'CO' | 'EC')
    }
    expect((await entityList(t)).map((e) => e.nit).sort()).toEqual(['1760001550001', '890480184-4'])
  })

  it("refuses another entity's RUC in Ecuador and NIT in Colombia, each by its name", async () => {
    const t = await testApp({ now })
    await create(t, 'gad-a', gad('1760001550001'), 'EC')
    await create(t, 'gad-b', { ...gad(), name: 'GAD Parroquial de Otra' }, 'EC', 'draft')
    await create(t, 'alcaldia-a', alcaldia('890480184-4'))
    await create(t, 'alcaldia-b', { name: 'Otra Alcaldía', email: 'o@x.gov.co' }, 'CO', 'draft')
    const list = await entityList(t)
    const taken = (name: string, nit: string) => {
      const id = list.find((e) => e.name === name)!.id
      return both((headers) =>
        t.call('PATCH', `/api/entities/${id}`, { token: t.adminToken, headers, body: { nit } }),
      )
    }
    const ec = await taken('GAD Parroquial de Otra', '1760001550001')
    expect(ec.status).toBe(409)
    expect(ec.es.code).toBe('ENTITY_NIT_TAKEN')
    expect(ec.es.message).toBe(
      'Otra entidad ya está registrada con un RUC de esos mismos dígitos; revise el número.',
    )
    onlyTaxId([ec.es.message, ec.en.message], 'EC')
    const co = await taken('Otra Alcaldía', '890.480.184-4')
    expect(co.status).toBe(409)
    expect(co.es.message).toBe(
      'Otra entidad ya está registrada con un NIT de esos mismos dígitos; revise el número y su dígito de verificación.',
    )
    onlyTaxId([co.es.message, co.en.message], 'CO')
    // At creation, one NIT's digits read as another (a wrong check digit set apart) are named the same way.
    await storedBefore(t, 'Secretaría de Desarrollo Económico', '899999061')
    const clash = await both((headers) =>
      t.call('POST', '/api/events', {
        token: t.adminToken,
        headers,
        body: sampleEvent({ slug: 'otra-base', entity: { name: 'SDE', nit: '89999906-1' } }),
      }),
    )
    expect(clash.es.code).toBe('ENTITY_NIT_TAKEN')
    onlyTaxId([clash.es.message, clash.en.message], 'CO')
    expect((await entityList(t)).map((e) => e.nit).sort()).toEqual([
      '1760001550001',
      '890480184-4',
      '899999061',
      null,
      null,
    ])
  })

  it('says an Ecuadorian entity lacks its RUC, and a Colombian one its NIT, before an event opens', async () => {
    const t = await testApp({ now })
    for (const [country, entity] of [
      ['EC', { ...gad(), address: 'Av. Simón Bolívar y Calle 1, Quito' }],
      ['CO', { ...alcaldia(), name: 'Alcaldía sin NIT' }],
    ] as const) {
      const slug = `abre-${country.toLowerCase()}`
      const open = (headers?: Record<string, string>) =>
        t.call('POST', '/api/events', {
          token: t.adminToken,
          headers,
          body: sampleEvent({ slug, entity, country }),
        })
      const refused = await both(open)
      expect(refused.status).toBe(409)
      expect(refused.es.message).toContain(`a la entidad le falta el ${country === 'EC' ? 'RUC' : 'NIT'}.`)
      expect(refused.en.message).toContain(`the entity lacks the ${country === 'EC' ? 'RUC' : 'NIT'}.`)
      expect(refused.es.issues).toEqual([
        { path: 'entity.nit', message: `Falta el ${country === 'EC' ? 'RUC' : 'NIT'}.` },
      ])
      onlyTaxId([refused.es.message, refused.en.message, refused.en.issues[0].message], country)
      // A draft of it waits; opening it later says the same.
      await create(t, slug, entity, country, 'draft')
      const later = await both((headers) =>
        t.call('PATCH', `/api/events/${slug}`, { token: t.adminToken, headers, body: { status: 'open' } }),
      )
      expect(later.status).toBe(409)
      expect(later.es.issues).toEqual([
        { path: 'nit', message: `Falta el ${country === 'EC' ? 'RUC' : 'NIT'}.` },
      ])
      onlyTaxId([later.es.message, later.en.message], country)
    }
  })
})
