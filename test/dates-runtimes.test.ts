import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Constancia } from '../server/services/constancia'
import { constanciaHtml, constanciaText } from '../server/services/constancia-render'
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
    expect(report.json.general.date).toBe(
      'viernes, 27 de noviembre de 2026, 2:00 p. m., hora de Colombia (UTC−5)',
    )
    expect(report.json.generatedAtText).toBe(
      'martes, 1 de diciembre de 2026, 10:00 a. m., hora de Colombia (UTC−5)',
    )
    const en = await t.call('GET', '/api/events/hora/report?lang=en', { token: t.adminToken })
    expect(en.json.general.date).toBe('Friday, November 27, 2026 at 2:00 PM, Colombia time (UTC−5)')
  })

  it('writes a constancia’s dates as the widget and the lookup do, its zone by name, with one plain joint', () => {
    const es = constanciaText(constancia, 'es')
    expect(es).toContain(
      'Fecha y hora de recepción: martes, 1 de diciembre de 2026, 10:00:00 a. m. (hora de Colombia)',
    )
    expect(es).toContain('Fecha de vencimiento: martes, 22 de diciembre de 2026\n')
    const en = constanciaText(constancia, 'en')
    expect(en).toContain('Received on: Tuesday, December 1, 2026 at 10:00:00 AM (Colombia time)')
    expect(en).toContain('Due date: Tuesday, December 22, 2026\n')
    const quito = { ...constancia, timezone: 'America/Guayaquil', receivedAt: '2026-12-01T05:30:00Z' }
    const html = constanciaHtml(quito, 'es')
    expect(html).toContain(
      '<td>martes, 1 de diciembre de 2026, 12:30:00 a. m. (hora de Ecuador continental)</td>',
    )
    expect(html).toContain('<td>martes, 22 de diciembre de 2026</td>')
    expect(html).not.toMatch(/America\/|\d{4}-\d\d-\d\d/)
  })

  it('writes the event page’s time and a report’s due day with plain spaces', () => {
    expect(eventTime('2026-12-01T15:00:00Z', 'America/Bogota', 'es')).toBe(
      'martes, 1 de diciembre de 2026, 10:00 a. m. (hora de Colombia)',
    )
    expect(longDate('2026-12-24', 'es')).toBe('24 de diciembre de 2026')
  })
})
