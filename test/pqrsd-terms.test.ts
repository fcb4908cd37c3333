import { describe, expect, it } from 'vitest'
import { sampleEvent, testApp } from './helpers'

/**
 * The legal terms of Ley 1755 de 2015 beyond the answer's: forwarding for lack of competence (art. 21)
 * and incomplete petitions (art. 17). Dates worked out by hand on Colombia's 2026 calendar: Monday 16
 * November (Independencia de Cartagena, moved from Wednesday 11), Tuesday 8 December (Inmaculada
 * Concepción) and Friday 25 December are holidays.
 */
async function setup(now: string) {
  const t = await testApp({ now: new Date(now) })
  const made = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento' }),
  })
  if (made.status !== 201) throw new Error(made.text)
  // Staff tokens last 12 hours: the admin signs in again each time the clock moves (`at`).
  let mod = await t.staffToken('moderator')
  const at = async (iso: string) => {
    t.setNow(new Date(iso))
    mod = await t.login()
  }
  const submit = async (over: Record<string, unknown> = {}) => {
    const body = {
      type: 'peticion',
      text: '¿Habrá más ferias?',
      name: 'Ana',
      email: 'ana@example.co',
      ...over,
    }
    const res = await t.call('POST', '/api/events/evento/questions', { body })
    if (res.status !== 201) throw new Error(res.text)
    return res.json as { id: string; radicado: string; receiptToken: string; dueDate: string }
  }
  const patch = (id: string, body: unknown) => t.call('PATCH', `/api/questions/${id}`, { token: mod, body })
  const staffView = async (id: string) =>
    (await t.call('GET', `/api/questions/${id}`, { token: mod })).json.question
  const lookup = async (radicado: string) => (await t.call('GET', `/api/pqrsd/${radicado}`)).json.pqrsd
  const constancia = (q: { radicado: string; receiptToken: string }, format = 'json') =>
    t.call('GET', `/api/pqrsd/${q.radicado}/constancia?format=${format}&token=${q.receiptToken}`)
  const report = async () =>
    (await t.call('GET', '/api/events/evento/report?format=json', { token: mod })).json.pqrsd
  return { t, at, submit, patch, staffView, lookup, constancia, report }
}

describe('forwarding for lack of competence (Ley 1755, art. 21)', () => {
  it('gives each petition five business days to be forwarded, counted over a holiday', async () => {
    // Received on Wednesday 11 November 2026 at 10:00 in Bogotá: Thursday 12 and Friday 13 count, Monday
    // 16 is a holiday, Tuesday 17, Wednesday 18 and Thursday 19 count: forwarded by 19 November.
    const { submit, staffView } = await setup('2026-11-11T15:00:00Z')
    const q = await submit()
    expect(q.dueDate).toBe('2026-12-03')
    expect(await staffView(q.id)).toMatchObject({ forwardDueDate: '2026-11-19', forwardedAt: null })
  })

  it('records when a petition was forwarded, tells the petitioner, and counts the late ones in the report', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const onTime = await s.submit()
    const late = await s.submit({ text: '¿Quién arregla la vía departamental?' })
    const dupe = await s.submit({ text: '¿Y la vía?' })
    expect((await s.patch(dupe.id, { mergeInto: late.id })).status).toBe(200)
    // The last day, Thursday 19 November at 15:00 in Bogotá: on time.
    await s.at('2026-11-19T20:00:00Z')
    const forwarded = await s.patch(onTime.id, {
      status: 'forwarded',
      forwardedTo: 'Gobernación de Antioquia',
      reason: 'La vía es departamental',
    })
    expect(forwarded.status).toBe(200)
    expect(forwarded.json.question).toMatchObject({
      status: 'forwarded',
      forwardedAt: '2026-11-19T20:00:00.000Z',
      forwardDueDate: '2026-11-19',
    })
    // The petitioner's lookup says where it went and when.
    expect(await s.lookup(onTime.radicado)).toMatchObject({
      status: 'forwarded',
      forwardedTo: 'Gobernación de Antioquia',
      forwardedAt: '2026-11-19T20:00:00.000Z',
    })
    // And so does the constancia, in every format.
    expect((await s.constancia(onTime)).json.constancia.forwarding).toEqual({
      to: 'Gobernación de Antioquia',
      at: '2026-11-19T20:00:00.000Z',
      dueDate: '2026-11-19',
      reason: 'La vía es departamental',
    })
    const txt = (await s.constancia(onTime, 'txt')).text
    expect(txt).toContain('Trasladada a la entidad competente: Gobernación de Antioquia\n')
    expect(txt).toContain(
      'Plazo para el traslado (Ley 1755 de 2015, art. 21): jueves, 19 de noviembre de 2026\n',
    )
    expect(txt).toContain('Motivo del traslado: La vía es departamental\n')
    // Friday 20 November, a business day after the limit: late, and its merged duplicate with it.
    await s.at('2026-11-20T15:00:00Z')
    expect((await s.patch(late.id, { status: 'forwarded', forwardedTo: 'INVÍAS' })).status).toBe(200)
    expect(await s.staffView(dupe.id)).toMatchObject({
      status: 'forwarded',
      forwardedTo: 'INVÍAS',
      forwardedAt: '2026-11-20T15:00:00.000Z',
    })
    expect((await s.constancia(late, 'txt')).text).toContain(
      'Plazo para el traslado (Ley 1755 de 2015, art. 21): jueves, 19 de noviembre de 2026 (trasladada después del plazo)\n',
    )
    const p = await s.report()
    expect([p.received, p.forwarded, p.forwardedLate]).toEqual([3, 3, 2])
    expect(p.summary).toContain(
      '3 se trasladaron a la entidad competente (2 después de los 5 días hábiles del art. 21 de la Ley 1755)',
    )
    // A question not forwarded has no forwarding date in the lookup.
    const other = await s.submit({ text: 'Otra' })
    expect((await s.lookup(other.radicado)).forwardedAt).toBeNull()
  })

  it('moves the forwarding limit of running petitions when a day is recorded as a holiday', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    // Friday 13 November made a rest day: Thursday 12, Tuesday 17 to Friday 20.
    const set = await s.t.call('PUT', '/api/calendar/CO/days/2026-11-13', {
      token: s.t.adminToken,
      body: { rest: true, source: 'Decreto de prueba' },
    })
    expect(set.status).toBe(200)
    expect(await s.staffView(q.id)).toMatchObject({ forwardDueDate: '2026-11-20', dueDate: '2026-12-04' })
    expect(set.json.moved).toEqual([{ id: q.id, radicado: q.radicado, from: '2026-12-03', to: '2026-12-04' }])
  })
})
