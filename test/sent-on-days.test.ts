import { beforeAll, describe, expect, it } from 'vitest'
import type { StaffQuestion } from '../web/console/moderation-store'
import type { EventDays } from '../web/console/term-limits'
import { sampleEvent, testApp } from './helpers'

// The console's modules read the page's language at import: a bare document is enough for them.
let sentOnDays: typeof import('../web/console/term-limits').sentOnDays
let mt: typeof import('../web/console/text-moderation').mt
beforeAll(async () => {
  ;(globalThis as any).document ??= { documentElement: { lang: 'es' } }
  sentOnDays = (await import('../web/console/term-limits')).sentOnDays
  mt = (await import('../web/console/text-moderation')).mt
})

/** The calendar days from `from` to `to`, both included. */
const daysFrom = (from: string, to: string) => {
  const out: string[] = []
  for (
    let d = from;
    d <= to;
    d = new Date(Date.parse(`${d}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  )
    out.push(d)
  return out
}

/**
 * The console's date picker for the correction of the day an answer or a forwarding was sent
 * (PqrsdActions.tsx, Redate) offers the days term-limits.ts works out: exactly those the server takes
 * (server/services/sent-on.ts), where the petition was received, across an event held over several days.
 */
describe('the days the console offers to correct the day an answer was sent', () => {
  it('are those the server takes, counted where the petition was received, from the event’s local start to its close', async () => {
    // An Ecuadorian event that begins on Friday 27 November at 19:30 in Guayaquil: the 28th in UTC.
    const t = await testApp({ now: new Date('2026-11-28T05:30:00Z') })
    const made = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({
        slug: 'dialogo',
        country: 'EC',
        timezone: 'America/Guayaquil',
        startsAt: '2026-11-27T19:30:00-05:00',
        entity: { name: 'GAD Parroquial de Nayón', nit: '1768000000001', radicadoPrefix: 'GPN' },
      }),
    })
    expect(made.status).toBe(201)
    // Received on Saturday 28 at 00:30 in Guayaquil, still Friday 27 in Galápagos; and one more.
    const ask = async (text: string) => {
      const r = await t.call('POST', '/api/events/dialogo/questions', {
        body: { type: 'peticion', text, name: 'Rosa Quishpe', email: 'rosa@example.ec' },
      })
      expect(r.status).toBe(201)
      return r.json.id as string
    }
    const live = await ask('¿Cuándo se pavimenta la vía a la parroquia?')
    const written = await ask('¿Me envían el presupuesto participativo?')
    const forwarded = await ask('¿Quién arregla la carretera estatal?')
    // Said live on Monday 30, the event held over days; closed on Wednesday 2 December at 00:30 in
    // Guayaquil, still Tuesday 1 in Galápagos and the 2nd in UTC.
    t.setNow(new Date('2026-11-30T15:00:00Z'))
    let admin = await t.login()
    const patch = (id: string, body: unknown) =>
      t.call('PATCH', `/api/questions/${id}`, { token: admin, body })
    expect((await patch(live, { status: 'answered_live', answer: 'En enero.' })).status).toBe(200)
    t.setNow(new Date('2026-12-02T05:30:00Z'))
    admin = await t.login()
    const event = (body: unknown) => t.call('PATCH', '/api/events/dialogo', { token: admin, body })
    expect((await event({ status: 'closed' })).status).toBe(200)
    expect((await patch(written, { status: 'answered', answer: 'Se envió.' })).status).toBe(200)
    expect((await patch(forwarded, { status: 'forwarded', forwardedTo: 'MTOP' })).status).toBe(200)
    // The event's zone changes afterwards: its petitions keep the days where they were received.
    expect((await event({ timezone: 'Pacific/Galapagos' })).status).toBe(200)
    const now = new Date('2026-12-05T15:00:00Z')
    t.setNow(now)
    admin = await t.login()
    const staff = (await t.call('GET', '/api/events/dialogo', { token: admin })).json.event as EventDays
    expect(staff).toMatchObject({ timezone: 'Pacific/Galapagos', closedAt: '2026-12-02T05:30:00.000Z' })

    const cases = [
      [live, 'answeredOn', { from: '2026-11-28', to: '2026-12-02', live: true }],
      [written, 'answeredOn', { from: '2026-11-28', to: '2026-12-05', live: false }],
      [forwarded, 'forwardedOn', { from: '2026-11-28', to: '2026-12-05', live: false }],
    ] as const
    for (const [id, field, expected] of cases) {
      const q = (await t.call('GET', `/api/questions/${id}`, { token: admin })).json.question as StaffQuestion
      expect(q.receiptZone).toBe('America/Guayaquil')
      const offered = sentOnDays(q, staff, now)
      expect(offered).toEqual(expected)
      // Every day around them: the server takes the ones offered, and refuses the others.
      for (const day of daysFrom('2026-11-25', '2026-12-07')) {
        const r = await t.call('PATCH', `/api/questions/${id}/sent-on`, {
          token: admin,
          body: { [field]: day, reason: 'Fecha mal digitada.' },
        })
        expect({ day, status: r.status }).toEqual({
          day,
          status: day >= offered.from && day <= offered.to ? 200 : 400,
        })
      }
    }
  })

  it('runs an answer said live to today while the event is open, and says no day fits when its start moved past them', async () => {
    const t = await testApp({ now: new Date('2026-11-27T20:00:00Z') })
    expect(
      (await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) }))
        .status,
    ).toBe(201)
    const r = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'peticion', text: '¿Y el parque?', name: 'Ana', email: 'ana@example.co' },
    })
    t.setNow(new Date('2026-11-30T15:00:00Z'))
    const admin = await t.login()
    const said = await t.call('PATCH', `/api/questions/${r.json.id}`, {
      token: admin,
      body: { status: 'answered_live', answer: 'En enero.' },
    })
    expect(said.status).toBe(200)
    const q = said.json.question as StaffQuestion
    const now = new Date('2026-12-03T15:00:00Z')
    const open = { startsAt: '2026-11-27T19:00:00.000Z', closedAt: null, timezone: 'America/Bogota' }
    expect(sentOnDays(q, open, now)).toEqual({ from: '2026-11-27', to: '2026-12-03', live: true })
    expect(mt().act.redateDays('2026-11-27', '2026-12-03', true)).toBe(
      'Una respuesta en vivo se dio durante el evento: del 27 de noviembre de 2026 al 3 de diciembre de 2026.',
    )
    // Its start put off to the 4th: no day fits, which the server refuses too, and the hint says so.
    const later = { ...open, startsAt: '2026-12-04T15:00:00.000Z' }
    expect(sentOnDays(q, later, now)).toEqual({ from: '2026-12-04', to: '2026-12-03', live: true })
    expect(mt().act.redateDays('2026-12-04', '2026-12-03', true)).toBe(
      'Ningún día cabe entre el 4 de diciembre de 2026 y el 3 de diciembre de 2026: revise las fechas del evento.',
    )
  })
})
