import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Constancia } from '../server/services/constancia'
import { constanciaText } from '../server/services/constancia-render'
import { eventTime, longDate } from '../web/shared/format'
import { sampleEvent, testApp } from './helpers'

/**
 * Intl as workerd's ICU writes Spanish: a no-break space inside "a. m." and a comma, not "a las",
 * between a long date and its time. Node's ICU writes "10:00 a. m." and "a las".
 */
const workerd = (text: string) => text.replace(/([ap])\. m\./g, '$1.\u00a0m.').replace(' a las ', ', ')
const NodeFormat = Intl.DateTimeFormat
class WorkerdFormat extends NodeFormat {
  override format(date?: Date | number) {
    return workerd(super.format(date))
  }
}
const nodeToLocaleString = Date.prototype.toLocaleString

const constancia = {
  radicado: 'SDE-2026-000001',
  entity: { name: 'Secretaría', nit: null, address: null },
  event: { title: 'Rendición', slug: 'rendicion', place: null },
  receivedAt: '2026-12-01T15:00:00Z',
  timezone: 'America/Bogota',
  type: 'peticion',
  termDays: 15,
  dueDate: '2026-12-22',
  petitioner: { anonymous: true },
  text: '¿Cuándo?',
  reasons: null,
  annexes: [],
  receivedBy: 'Moderación',
  channel: 'presencial',
  verbal: true,
  answer: null,
  updatedAt: null,
} as Constancia

// Every formatter of these tests is built while Intl is workerd's: the modules keep the ones they build.
describe('dates written the same on Node and on Workers', () => {
  beforeAll(() => {
    Intl.DateTimeFormat = WorkerdFormat as typeof Intl.DateTimeFormat
    Date.prototype.toLocaleString = function (this: Date, ...args: Parameters<Date['toLocaleString']>) {
      return workerd(nodeToLocaleString.apply(this, args))
    } as Date['toLocaleString']
  })
  afterAll(() => {
    Intl.DateTimeFormat = NodeFormat
    Date.prototype.toLocaleString = nodeToLocaleString
  })

  it('writes the report’s times with plain spaces, as Node does', async () => {
    const t = await testApp({ now: new Date('2026-12-01T15:00:00Z') })
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'hora' }) })
    const report = await t.call('GET', '/api/events/hora/report?lang=es', { token: t.adminToken })
    expect(report.json.general.date).toBe('viernes, 27 de noviembre de 2026, 2:00 p. m.')
    expect(report.json.generatedAtText).toBe('martes, 1 de diciembre de 2026, 10:00 a. m.')
    const en = await t.call('GET', '/api/events/hora/report?lang=en', { token: t.adminToken })
    expect(en.json.general.date).toBe('Friday, November 27, 2026 at 2:00 PM')
  })

  it('writes a constancia’s date and time with one plain joint in each language', () => {
    expect(constanciaText(constancia, 'es')).toContain(
      'Fecha y hora de recepción: 1 de diciembre de 2026, 10:00:00 a. m. (America/Bogota)',
    )
    expect(constanciaText(constancia, 'en')).toContain(
      'Received on: December 1, 2026 at 10:00:00 AM (America/Bogota)',
    )
  })

  it('writes the event page’s time and a report’s due day with plain spaces', () => {
    expect(eventTime('2026-12-01T15:00:00Z', 'America/Bogota', 'es')).toBe(
      'martes, 1 de diciembre de 2026, 10:00 a. m. (hora de Colombia)',
    )
    expect(longDate('2026-12-24', 'es')).toBe('24 de diciembre de 2026')
  })
})
