import { describe, expect, it } from 'vitest'
import { dueDate } from '../server/services/calendar'
import { sampleEvent, testApp } from './helpers'

// 23:30 on Thursday 3 December 2026 in Galápagos; already Friday on the mainland.
const lateInGalapagos = new Date('2026-12-04T05:30:00Z')
// 23:30 on 31 December 2026 in Galápagos; already 2027 on the mainland.
const lateOnNewYearsEve = new Date('2027-01-01T05:30:00Z')
const gad = { name: 'GAD Municipal de Ejemplo', nit: '1760001550001', radicadoPrefix: 'GME' }

describe("an event's time zone", () => {
  it("dates a petition's radicado year, due date and constancia where the event receives it", async () => {
    const t = await testApp({ now: lateInGalapagos })
    const create = (slug: string, timezone?: string) =>
      t.call('POST', '/api/events', {
        token: t.adminToken,
        body: sampleEvent({ slug, country: 'EC', entity: gad, ...(timezone ? { timezone } : {}) }),
      })
    // The entity was registered with a mainland event; this one is held in Galápagos.
    expect((await create('quito')).json.event.timezone).toBe('America/Guayaquil')
    const islands = await create('islas', 'Pacific/Galapagos')
    expect(islands.status).toBe(201)
    expect(islands.json.event.timezone).toBe('Pacific/Galapagos')
    const filed = await t.call('POST', '/api/events/islas/questions', {
      body: { type: 'peticion', text: '¿Cuándo llega el agua potable a Bellavista?' },
    })
    expect(filed.status).toBe(201)
    expect(filed.json.radicado).toBe('GME-2026-000001')
    const galapagos = dueDate({
      country: 'EC',
      timeZone: 'Pacific/Galapagos',
      receivedAt: lateInGalapagos,
      businessDays: 15,
      changes: [],
    })
    const mainland = dueDate({
      country: 'EC',
      timeZone: 'America/Guayaquil',
      receivedAt: lateInGalapagos,
      businessDays: 15,
      changes: [],
    })
    expect(galapagos).not.toBe(mainland)
    expect(filed.json.dueDate).toBe(galapagos)
    const constancia = await t.call('GET', `/api/questions/${filed.json.id}/constancia`, {
      token: t.adminToken,
    })
    expect(constancia.json.constancia).toMatchObject({ timezone: 'Pacific/Galapagos', dueDate: galapagos })
    // Received on 31 December where it was asked: still the 2026 series.
    t.setNow(lateOnNewYearsEve)
    const last = await t.call('POST', '/api/events/islas/questions', {
      body: { type: 'peticion', text: '¿Y el muelle de Puerto Ayora?' },
    })
    expect(last.json.radicado).toBe('GME-2026-000002')
  })

  it("refuses a time zone that is not the country's, at creation and in a change", async () => {
    const t = await testApp()
    const create = (slug: string, country: string, timezone: string) =>
      t.call('POST', '/api/events', {
        token: t.adminToken,
        body: sampleEvent({ slug, country, timezone, ...(country === 'EC' ? { entity: gad } : {}) }),
      })
    const lima = await create('lima', 'CO', 'America/Lima')
    expect(lima.status).toBe(400)
    expect(lima.json.error.issues).toMatchObject([{ path: 'timezone' }])
    const islands = await create('islas-co', 'CO', 'Pacific/Galapagos')
    expect(islands.status).toBe(400)
    expect(islands.json.error.issues).toEqual([
      { path: 'timezone', message: 'Un evento en Colombia usa la zona horaria America/Bogota.' },
    ])
    const bogota = await create('bogota-ec', 'EC', 'America/Bogota')
    expect(bogota.json.error.issues).toEqual([
      {
        path: 'timezone',
        message: 'Un evento en Ecuador usa la zona horaria America/Guayaquil o Pacific/Galapagos.',
      },
    ])
    expect((await create('islas', 'EC', 'Pacific/Galapagos')).status).toBe(201)
    const patch = (timezone: string) =>
      t.call('PATCH', '/api/events/islas', { token: t.adminToken, body: { timezone } })
    const refused = await patch('America/Bogota')
    expect(refused.status).toBe(400)
    expect(refused.json.error.issues[0].path).toBe('timezone')
    const moved = await patch('America/Guayaquil')
    expect(moved.status).toBe(200)
    expect(moved.json.event.timezone).toBe('America/Guayaquil')
  })
})
