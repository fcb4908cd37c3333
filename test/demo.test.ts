import { describe, expect, it } from 'vitest'
import { DEMO_SLUG, ensureDemo } from '../server/bootstrap'
import { verifyAuditChain } from '../server/services/audit'
import { countersReport } from '../server/services/maintenance'
import { testApp } from './helpers'

const api = `/api/events/${DEMO_SLUG}`

describe('the demo event', () => {
  it('is under way with fictitious participation that every screen and the report show', async () => {
    const t = await testApp({ demo: true })
    expect(await ensureDemo(t.deps)).toBe(DEMO_SLUG)
    const { json: ev } = await t.call('GET', api)
    expect(ev.event.status).toBe('open')
    expect(Date.parse(ev.event.startsAt)).toBeLessThanOrEqual(t.deps.now().getTime())

    const report = (await t.call('GET', `${api}/report`, { token: t.adminToken })).json
    expect(report.asistencia.registered).toBe(30)
    expect(report.asistencia.checkedIn).toBe(21)
    expect(report.asistencia.figures).toContainEqual(
      expect.objectContaining({ value: 81, source: 'Facebook Live' }),
    )
    expect(report.general.moderators).toEqual(['Moderadora de ejemplo (Oficina de Comunicaciones)'])
    expect(report.evaluacion.responses).toBe(18)
    // The hidden one too: a petition whose term runs, off the wall.
    expect(report.pqrsd.received).toBe(7)
    expect(report.pqrsd.answeredLive).toBe(1)
    expect(report.compromisos.items).toHaveLength(2)

    // The wall: the pinned question first, then by votes; the hidden one is not there.
    const wall = (await t.call('GET', `${api}/questions`)).json.questions
    expect(wall.map((q: { votes: number; pinned: boolean }) => [q.pinned, q.votes])).toEqual([
      [true, 9],
      [false, 6],
      [false, 3],
      [false, 0],
    ])
    expect(JSON.stringify(wall)).not.toContain('Hola hola hola')
    // Nobody's data on the public page and its wall: the people are invented, and still not shown.
    const page = await t.app.request(`/e/${DEMO_SLUG}`)
    const html = await page.text()
    for (const shown of [html, JSON.stringify(wall)]) {
      expect(shown).not.toMatch(/example\.org|DEMO-00/)
      expect(shown).not.toContain('Diana Rojas')
    }
    expect(html).toContain('Publicar el cronograma de mantenimiento')

    // Its invented figures stay out of the totals across events, unless it is picked by its slug.
    const totals = (q: string) => t.call('GET', `/api/reports/totals${q}`, { token: t.adminToken })
    expect((await totals('')).json.totals).toMatchObject({ events: 0, participants: 0 })
    expect((await totals(`?slugs=${DEMO_SLUG}`)).json.totals).toMatchObject({ events: 1, participants: 30 })

    // Stored as real submissions are: the counters agree with the rows, the audit chain holds.
    const counters = await countersReport(t.deps.db, { actor: 'test', now: t.deps.now })
    expect(counters.ok, JSON.stringify(counters.events)).toBe(true)
    expect((await verifyAuditChain(t.deps.db)).ok).toBe(true)
    // The demo's moderator, named in the audit log, cannot sign in.
    const signIn = await t.call('POST', '/api/auth/login', {
      body: { email: 'moderacion.demo@example.org', password: 'cualquier-cosa-1' },
    })
    expect(signIn.status).toBe(401)

    // A later start finds the demo and adds nothing.
    expect(await ensureDemo(t.deps)).toBe(DEMO_SLUG)
    const again = (await t.call('GET', `${api}/report`, { token: t.adminToken })).json
    expect([again.asistencia.registered, again.evaluacion.responses, again.pqrsd.received]).toEqual([
      30, 18, 7,
    ])
  })
})
