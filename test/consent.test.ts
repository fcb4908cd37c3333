import { describe, expect, it } from 'vitest'
import type { Entity, Event } from '../db/schema'
import { consentNotice, consentVersion } from '../server/services/consent'
import { sampleEvent, testApp } from './helpers'

const entity = {
  id: 'ent-1',
  name: 'Alcaldía de Prueba',
  nit: '900000000-5',
  address: 'Calle 1 # 2-3',
  email: 'datos@prueba.gov.co',
  phone: '601 000 0000',
  website: 'https://prueba.gov.co',
  country: 'CO',
  timezone: 'America/Bogota',
  radicadoPrefix: null,
} as unknown as Entity
const event = {
  id: 'ev-1',
  slug: 'rendicion',
  entityId: 'ent-1',
  title: 'Rendición de cuentas 2026',
  description: 'Informe de gestión',
  startsAt: '2026-12-01T15:00:00Z',
  endsAt: null,
  modality: 'virtual',
  country: 'CO',
  timezone: 'America/Bogota',
  place: 'Auditorio',
  streamUrl: 'https://example.org/live',
  status: 'open',
  updatedAt: null,
} as unknown as Event

// Every field but the country, an enum that picks the law: it gets its own variant below.
const textFields = (row: object) => Object.keys(row).filter((k) => k !== 'country')

const both = async (ev: Event, en: Entity) =>
  JSON.stringify([(await consentNotice(ev, en, 'es')).text, (await consentNotice(ev, en, 'en')).text])

describe('consent version', () => {
  // The version is memoised by the values the notice is built from: if the notice starts reading another
  // field, changing that field must still change the version. Each text field is changed in turn.
  it('changes whenever the notice text changes, and only then', async () => {
    const base = await consentVersion(event, entity)
    const text = await both(event, entity)
    const variants: [Event, Entity][] = [
      ...textFields(event).map((k): [Event, Entity] => [{ ...event, [k]: `${k}-otro` } as Event, entity]),
      ...textFields(entity).map((k): [Event, Entity] => [event, { ...entity, [k]: `${k}-otro` } as Entity]),
      [{ ...event, country: 'EC' } as Event, entity],
    ]
    for (const [ev, en] of variants) {
      const changed = (await both(ev, en)) !== text
      expect((await consentVersion(ev, en)) !== base, JSON.stringify([ev, en])).toBe(changed)
    }
  })

  it("says how long the data is kept: the event's period, the installation's, or the rule without one", async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'plazo' }) })
    const notice = async (lang = 'es') =>
      // Staff's view: built afresh, where the public one is kept until the next write.
      (await t.call('GET', `/api/events/plazo?lang=${lang}`, { token: t.adminToken })).json.consent as {
        version: string
        text: { retention: string }
      }
    const none = await notice()
    expect(none.text.retention).toContain('mientras se cumple esta finalidad')
    t.deps.config.retentionDays = 730
    const installation = await notice()
    expect(installation.text.retention).toBe(
      'Conservación: sus datos se guardan hasta 730 días después del evento; luego se anonimizan y quedan solo las cifras agregadas.',
    )
    expect(installation.version).not.toBe(none.version)
    await t.call('PATCH', '/api/events/plazo', { token: t.adminToken, body: { retentionDays: 365 } })
    const own = await notice()
    expect(own.text.retention).toContain('hasta 365 días después del evento')
    expect((await notice('en')).text.retention).toContain('until 365 days after the event')
    // A registration accepts the version the page shows, retention included.
    const reg = await t.call('POST', '/api/events/plazo/attendance', {
      body: { name: 'Ana', email: 'ana@example.org', consent: true, consentVersion: own.version },
    })
    expect(reg.status, reg.text).toBe(201)
  })
})

describe('sensitive data named in the notice', () => {
  // The notice names what the population-group question asks: each country's form asks its own groups.
  const sensitiveOf = async (country: 'CO' | 'EC', lang: 'es' | 'en') => {
    const t = await testApp()
    const slug = `grupos-${country.toLowerCase()}`
    const entity =
      country === 'EC'
        ? { name: 'GAD Municipal del Cantón Cuenca', nit: '0160000270001', radicadoPrefix: 'GMC' }
        : undefined
    const created = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug, country, ...(entity ? { entity } : {}) }),
    })
    expect(created.status, created.text).toBe(201)
    const view = await t.call('GET', `/api/events/${slug}?lang=${lang}`)
    const groups = (
      view.json.fixedForms as { key: string; questions: { id: string; options: { label: string }[] }[] }[]
    )
      .find((f) => f.key === 'asistencia')!
      .questions.find((q) => q.id === 'populationGroups')!
      .options.map((o) => o.label)
    return { sensitive: view.json.consent.text.sensitive as string, groups }
  }

  it("names, for an Ecuadorian event, what its form asks and the LOPDP calls sensitive, not Colombia's victim status", async () => {
    const ec = await sensitiveOf('EC', 'es')
    expect(ec.groups).not.toContain('Víctima del conflicto armado')
    expect(ec.groups).toContain('Persona en movilidad humana (migrante o refugiada)')
    expect(ec.sensitive).toBe(
      'Las preguntas sobre grupo poblacional (autoidentificación étnica o cultural, discapacidad, orientación sexual o identidad de género, condición migratoria) son datos sensibles: responderlas es facultativo, puede elegir «Prefiero no responder» y solo se publican en forma agregada.',
    )
    expect((await sensitiveOf('EC', 'en')).sensitive).toContain(
      '(ethnic or cultural self-identification, disability, sexual orientation or gender identity, migratory status)',
    )
  })

  it('keeps, for a Colombian event, the victim status its form asks', async () => {
    const co = await sensitiveOf('CO', 'es')
    expect(co.groups).toContain('Víctima del conflicto armado')
    expect(co.sensitive).toContain('(origen étnico, discapacidad, orientación sexual, condición de víctima)')
  })
})
