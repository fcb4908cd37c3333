import { describe, expect, it } from 'vitest'
import { sampleEvent, testApp } from './helpers'

/**
 * A petition hidden from the wall by moderation (spam, insults) is still a petition whose term runs: the
 * report counts it among those received and pending, and judges it on time or late, with none of its
 * text in either copy. Filed on Saturday 21 November 2026 in Bogotá, a petición is due Monday 14 December.
 */
async function setup() {
  const t = await testApp()
  const token = t.adminToken
  await t.call('POST', '/api/events', { token, body: sampleEvent({ slug: 'evento' }) })
  const ask = async (text: string) => {
    const res = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'peticion', text, name: 'Ana', email: 'ana@example.co' },
    })
    expect(res.status).toBe(201)
    return res.json as { id: string; radicado: string; dueDate: string }
  }
  const moderate = async (id: string, body: Record<string, unknown>) =>
    expect((await t.call('PATCH', `/api/questions/${id}`, { token: await t.login(), body })).status).toBe(200)
  const live = await ask('¿Cuándo abre la convocatoria?')
  const pending = await ask('¿Qué pasó con las ferias?')
  const hidden = await ask('Son unos ladrones, ¿dónde está la plata del acueducto?')
  const answeredOff = await ask('Corruptos: ¿cuánto costó la tarima?')
  expect(hidden.dueDate).toBe('2026-12-14')
  await moderate(live.id, { status: 'answered_live', answer: 'En febrero.', area: 'despacho' })
  await moderate(pending.id, { status: 'pending', area: 'despacho' })
  await moderate(hidden.id, { area: 'cadenas-valor' })
  await moderate(hidden.id, { status: 'hidden', reason: 'Insultos' })
  await moderate(answeredOff.id, { status: 'hidden', reason: 'Insultos' })
  // Answered in writing off the wall, within its term.
  await moderate(answeredOff.id, { status: 'answered', answer: 'Costó 12 millones.' })
  const report = async (query = '') =>
    (await t.call('GET', `/api/events/evento/report?format=json${query}`, { token: await t.login() })).json
  return { t, report, live, pending, hidden, answeredOff }
}

describe('a petition hidden from the wall, in the report', () => {
  it('is counted among those received and pending, and judged late once its term ran out', async () => {
    const s = await setup()
    s.t.setNow(new Date('2026-12-15T15:00:00Z'))
    const p = (await s.report()).pqrsd
    expect(p).toMatchObject({ received: 4, answeredLive: 1, answeredInWriting: 1, pending: 2 })
    expect(p.byType.total).toBe(4)
    // Answered live: no term of the entity's runs. The pending one and the hidden one are past due, unanswered.
    expect(p.onTime).toEqual({ due: 3, onTime: 1, percent: 33.3 })
    expect(p.summary).toBe(
      'Se recibieron 4 preguntas: 1 se respondió durante el evento, 1 por escrito después y 2 quedan pendientes de respuesta. ' +
        'Por dependencia (de las 3 que tienen dependencia asignada): 66,7\u00a0% Despacho y 33,3\u00a0% Subsecretaría de Cadenas de Valor. ' +
        '1 de las pendientes se ocultó del muro por moderación (spam o insultos); su término corre igual.',
    )
    const row = p.questions.find((q: { radicado: string }) => q.radicado === s.hidden.radicado)
    expect(row).toMatchObject({
      text: null,
      status: 'hidden',
      statusLabel: 'Oculta (motivo: Insultos)',
      area: 'Subsecretaría de Cadenas de Valor',
      dueDate: '2026-12-14',
      dueDateApplies: true,
      answeredOnTime: false,
    })
    const off = p.questions.find((q: { radicado: string }) => q.radicado === s.answeredOff.radicado)
    expect(off).toMatchObject({ status: 'answered', answeredOnTime: true })
    const en = (await s.report('&lang=en')).pqrsd.summary
    expect(en).toContain(
      '1 of the pending ones was hidden from the wall by moderation (spam or insults); its term runs all the same.',
    )
  })

  it('is counted in the public copy too, which shows neither its text, its reason nor its department', async () => {
    const s = await setup()
    s.t.setNow(new Date('2026-12-15T15:00:00Z'))
    const pub = await s.report('&audience=public')
    expect(pub.pqrsd).toMatchObject({ received: 4, pending: 2, onTime: { due: 3, onTime: 1 } })
    const row = pub.pqrsd.questions.find((q: { radicado: string }) => q.radicado === s.hidden.radicado)
    expect(row).toMatchObject({ text: null, statusLabel: 'Oculta', area: null, answeredOnTime: false })
    expect(JSON.stringify(pub)).not.toMatch(/ladrones|Corruptos|Insultos|Ana|ana@example/)
    // Nor the staff copy's text of what moderation hid.
    expect(JSON.stringify(await s.report())).not.toMatch(/ladrones|acueducto/)
  })
})
