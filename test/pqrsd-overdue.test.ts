import { describe, expect, it } from 'vitest'
import { sampleEvent, testApp } from './helpers'

/**
 * The radicado lookup of a petition still unanswered past its due date. Filed on Saturday 21 November
 * 2026, a petición (15 business days) is due Monday 14 December (8 December is a holiday).
 */
async function setup() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  const filed = await t.call('POST', '/api/events/evento/questions', {
    body: { type: 'peticion', text: '¿Habrá más ferias?', name: 'Ana Pérez', email: 'ana@example.co' },
  })
  expect(filed.status).toBe(201)
  const q = filed.json as { id: string; radicado: string; dueDate: string }
  const lookup = async (lang = 'es') =>
    (await t.call('GET', `/api/pqrsd/${q.radicado}`, { headers: { 'accept-language': lang } })).json.pqrsd
  // Staff tokens last 12 hours: the admin signs in again after the clock moves.
  const patch = async (body: unknown) =>
    t.call('PATCH', `/api/questions/${q.id}`, { token: await t.login(), body })
  return { t, q, lookup, patch }
}

describe('the radicado lookup of a petition past its due date', () => {
  it('says nothing while the term runs, the due day included where the petition was received', async () => {
    const { t, q, lookup } = await setup()
    expect(q.dueDate).toBe('2026-12-14')
    expect((await lookup()).overdue).toBeNull()
    // 23:00 in Bogotá on the due day is already the 15th in UTC: still in time.
    t.setNow(new Date('2026-12-15T04:00:00Z'))
    expect((await lookup()).overdue).toBeNull()
  })

  it('tells the petitioner, in Spanish or English, that the term ran out unanswered and the petition stays open', async () => {
    const { t, q, lookup } = await setup()
    t.setNow(new Date('2026-12-15T15:00:00Z'))
    const es = await lookup()
    expect(es).toMatchObject({ status: 'received', dueDate: '2026-12-14', answer: null })
    expect(es.overdue).toEqual({
      dueDate: '2026-12-14',
      extended: false,
      message:
        'El término legal de la entidad para responder venció el 14 de diciembre de 2026 sin respuesta, y no se le informó una prórroga antes de esa fecha, como la entidad debe hacerlo cuando no puede responder a tiempo. La petición sigue abierta: la entidad aún debe responderle. Conserve este radicado: registra el día en que presentó la petición, y con él puede reclamar la respuesta ante la entidad. Si la presentó sin datos de contacto, la respuesta se publicará aquí, con este radicado.',
    })
    const en = await lookup('en')
    expect(en.overdue.message).toMatch(
      /^The entity's legal term to answer ran out on December 14, 2026 without an answer, .* The petition stays open: the entity still owes you an answer\./,
    )
    // Still nothing of who asked.
    expect(JSON.stringify([es, en])).not.toMatch(/Ana|ana@example|ferias/)
    expect(q.radicado).toBe(es.radicado)
  })

  it('names the extended date once an extension ran out too, and says nothing once answered', async () => {
    const { t, lookup, patch } = await setup()
    t.setNow(new Date('2026-12-10T15:00:00Z'))
    const extended = await patch({
      status: 'extended',
      reason: 'Se requiere información de otra dependencia',
      noticeDate: '2026-12-10',
      newDueDate: '2027-01-06',
    })
    expect(extended.status).toBe(200)
    // Past the first date, within the extension: in time.
    t.setNow(new Date('2026-12-20T15:00:00Z'))
    expect((await lookup()).overdue).toBeNull()
    t.setNow(new Date('2027-01-07T15:00:00Z'))
    expect((await lookup()).overdue).toMatchObject({
      dueDate: '2027-01-06',
      extended: true,
      message: expect.stringMatching(
        /^El plazo ampliado que la entidad le informó para responder venció el 6 de enero de 2027 sin respuesta\. La petición sigue abierta/,
      ),
    })
    // Answered late: the lookup shows the answer's date, and the term no longer runs.
    expect((await patch({ status: 'answered', answer: 'Sí, en marzo.', publishAnswer: true })).status).toBe(
      200,
    )
    expect((await lookup()).overdue).toBeNull()
  })

  it('says it in the page answered without script, under the status', async () => {
    const { t, q } = await setup()
    t.setNow(new Date('2026-12-15T15:00:00Z'))
    const page = await t.call('GET', `/e/evento?lang=en&radicado=${q.radicado}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain(
      `<p class="banner">The entity's legal term to answer ran out on December 14, 2026 without an answer`,
    )
    const before = await t.call('GET', `/e/evento?lang=es&radicado=${q.radicado}`)
    expect(before.text).toContain('venció el 14 de diciembre de 2026')
  })
})
