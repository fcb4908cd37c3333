import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { boundOf, boundRuns, inList, listOf, MAX_BOUND, MAX_COMPOUND } from '../db/bound'
import { openNodeDb } from '../db/client-node'
import { events } from '../db/schema'
import { deliverDue } from '../server/services/webhooks'
import { boundParams, requiredAnswers, sampleEvent, type TestApp, testApp, withD1Limits } from './helpers'

/**
 * D1 binds at most 100 parameters a statement. The tests' databases refuse more (`withD1Limits`), and
 * here every list that grows with the data goes past a hundred: an entity's events, the slugs asked
 * for, an event's commitments, a page of webhook deliveries, a form's versions. Each must still answer,
 * and answer right.
 */
describe("D1's limit of 100 bound parameters", () => {
  it('is enforced by the tests’ databases as D1 enforces it, quoted question marks aside', () => {
    const db = withD1Limits(openNodeDb(':memory:'))
    const client = (db as unknown as { $client: { prepare(s: string): { get(...a: unknown[]): unknown } } })
      .$client
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ')
    expect(client.prepare(`select coalesce(${marks(2)}) x`).get(1, 2)).toEqual({ x: 1 })
    expect(() => client.prepare(`select 1 where 1 in (${marks(MAX_BOUND)})`)).not.toThrow()
    expect(() => client.prepare(`select 1 where 1 in (${marks(MAX_BOUND + 1)})`)).toThrow(/too many SQL/)
    expect(boundParams(`select '?', "a?b", ? from t where x = ?`)).toBe(2)
    // And at most 5 SELECTs in a compound, as D1 (a 6th: "too many terms in compound SELECT").
    const union = (n: number) => Array.from({ length: n }, (_, i) => `select ${i} x`).join(' union all ')
    expect(client.prepare(union(MAX_COMPOUND)).get()).toEqual({ x: 0 })
    expect(() => client.prepare(union(MAX_COMPOUND + 1))).toThrow(/compound SELECT/)
    expect(client.prepare(`select 'a union b' "union x" union all select 1`).get()).toEqual({
      'union x': 'a union b',
    })
  })

  it('binds a list of any length as one parameter, and splits repeated parts into statements that fit', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `e${i}`)
    expect(boundOf(inList(events.slug, many))).toBe(1)
    expect(boundOf(listOf(many))).toBe(1)
    const runs = boundRuns(many, (run) => listOf(run.map((x) => [x, x, x])))
    expect(runs).toEqual([many])
    // A union of one part per item, three parameters each and one for the whole: 33 items a statement.
    const union = (run: string[]) =>
      sql`${sql.join(
        run.map((x) => sql`select ${x}, ${x}, ${x}`),
        sql` union all `,
      )} limit ${10}`
    const parts = boundRuns(many.slice(0, 100), union)
    expect(parts.map((p) => p.length)).toEqual([33, 33, 33, 1])
    for (const p of parts) expect(boundOf(union(p))).toBeLessThanOrEqual(MAX_BOUND)
    // A union is also cut at D1's 5 SELECTs a statement.
    expect(boundRuns(many.slice(0, 12), union, MAX_COMPOUND).map((p) => p.length)).toEqual([5, 5, 2])
  })

  async function manyEvents(t: TestApp, n: number) {
    for (let i = 0; i < n; i++) {
      const res = await t.call('POST', '/api/events', {
        token: t.adminToken,
        body: sampleEvent({ slug: `dialogo-${String(i).padStart(3, '0')}` }),
      })
      expect(res.status).toBe(201)
    }
  }

  it("totals an entity's year over more events than D1 binds, and over more slugs than that", async () => {
    const t = await testApp()
    await manyEvents(t, 105)
    await t.call('POST', '/api/events/dialogo-104/attendance', {
      body: { name: 'Ana', documentType: 'CC', documentNumber: '52123456', gender: 'mujer', consent: true },
    })
    const all = await t.call('GET', '/api/reports/totals', { token: t.adminToken })
    expect(all.status).toBe(200)
    // One woman: a figure under 5, hidden as her event's report hides it.
    expect(all.json.totals).toMatchObject({ events: 105, participants: 1, women: null })
    const slugs = [
      ...Array.from({ length: 105 }, (_, i) => `dialogo-${String(i).padStart(3, '0')}`),
      ...Array.from({ length: 45 }, (_, i) => `no-existe-${i}`),
    ].join(',')
    const some = await t.call('GET', `/api/reports/totals?slugs=${slugs}`, { token: t.adminToken })
    expect(some.status).toBe(200)
    expect(some.json.totals).toMatchObject({ events: 105, participants: 1 })
  })

  it("lists an event's commitments past a hundred, each with its follow-ups, and pages 500 deliveries", async () => {
    const t = await testApp()
    // Deliveries go out when this test says, not in the background meanwhile.
    t.deps.outbox = { wake: () => {} }
    await manyEvents(t, 1)
    const hook = await t.call('POST', '/api/webhooks', {
      token: t.adminToken,
      body: { url: 'http://127.0.0.1:9/cabildo', eventTypes: ['commitment.created'] },
    })
    const ids: string[] = []
    for (let i = 0; i < 105; i++) {
      const c = await t.call('POST', '/api/events/dialogo-000/commitments', {
        token: t.adminToken,
        body: { description: `Compromiso ${i}`, area: 'despacho' },
      })
      expect(c.status).toBe(201)
      ids.push(c.json.commitment.id)
    }
    await t.call('POST', `/api/commitments/${ids[104]}/follow-ups`, {
      token: t.adminToken,
      body: { note: 'Contrato firmado', progress: 30 },
    })
    const list = await t.call('GET', '/api/events/dialogo-000/commitments', { token: t.adminToken })
    expect(list.status).toBe(200)
    expect(list.json.commitments).toHaveLength(105)
    const last = list.json.commitments.find((c: { id: string }) => c.id === ids[104])
    expect(last.followUps.map((f: { note: string }) => f.note)).toEqual(['Contrato firmado'])
    const report = await t.call('GET', '/api/events/dialogo-000/report', { token: t.adminToken })
    expect(report.status).toBe(200)

    // Every delivery tried once (nothing listens on port 9), so each has an attempt to list.
    await deliverDue(t.deps, { batch: 200 })
    const page = await t.call('GET', `/api/webhooks/${hook.json.webhook.id}/deliveries?limit=500`, {
      token: t.adminToken,
    })
    expect(page.status).toBe(200)
    expect(page.json.deliveries).toHaveLength(105)
    const counts = page.json.deliveries.map((d: { attemptLog: unknown[] }) => d.attemptLog.length)
    expect(new Set(counts)).toEqual(new Set([1]))
  })

  it('reads a form of 40 versions, filtered, newest texts first, in statements that fit', async () => {
    const t = await testApp()
    await manyEvents(t, 1)
    const base = '/api/events/dialogo-000/forms/evaluacion'
    for (let v = 1; v <= 40; v++) {
      const answers = {
        ...requiredAnswers,
        calificacion_gestion: v % 2 ? 'buena' : 'mala',
        comentarios: `Comentario de la versión ${v}`,
      }
      const sent = await t.call('POST', `${base}/responses`, {
        body: { answers, deviceToken: `device-version-${String(v).padStart(4, '0')}` },
      })
      expect(sent.status).toBe(201)
      // With a response stored, each new question makes the next version.
      const added = await t.call('POST', `${base}/questions`, {
        token: t.adminToken,
        body: { id: `extra_${v}`, type: 'yesno', label: `Pregunta adicional ${v}` },
      })
      expect(added.json.form.version).toBe(v + 1)
    }
    const stats = await t.call('GET', `${base}/stats?filter.calificacion_gestion=buena`, {
      token: t.adminToken,
    })
    expect(stats.status).toBe(200)
    expect(stats.json.responses).toBe(20)
    const comments = stats.json.questions.find((q: { id: string }) => q.id === 'comentarios')
    expect(comments.texts[0].text).toBe('Comentario de la versión 39')
    const texts = await t.call('GET', `${base}/texts/comentarios?limit=3`, { token: t.adminToken })
    expect(texts.json.texts).toEqual([
      'Comentario de la versión 40',
      'Comentario de la versión 39',
      'Comentario de la versión 38',
    ])
    const rest = await t.call('GET', `${base}/texts/comentarios?limit=100&cursor=${texts.json.nextCursor}`, {
      token: t.adminToken,
    })
    expect(rest.json.texts).toHaveLength(37)
    expect(rest.json.nextCursor).toBeNull()
    const crosstab = await t.call('GET', `${base}/crosstab?question=calificacion_gestion&by=genero`, {
      token: t.adminToken,
    })
    expect(crosstab.status).toBe(200)
    const csv = await t.call('GET', `${base}/responses?format=csv`, { token: t.adminToken })
    expect(csv.status).toBe(200)
    expect(csv.text.trim().split('\n')).toHaveLength(41)
  })

  it('refuses more than ten filters at once, with a message that says so', async () => {
    const t = await testApp()
    await manyEvents(t, 1)
    const filters = [
      'explicacion_procedimiento=clara',
      'oportunidad_opinar=adecuada',
      'tiempo_exposicion=adecuado',
      'responde_intereses=si',
      'muestra_resultados=si',
      'calificacion_gestion=buena',
      'volveria_participar=si',
      'genero=mujer',
      'rango_edad=29_40',
      'ocupacion=empleado',
      'medio_enterado=voz_a_voz',
    ]
    const path = '/api/events/dialogo-000/forms/evaluacion/stats?'
    const ten = await t.call(
      'GET',
      `${path}${filters
        .slice(0, 10)
        .map((f) => `filter.${f}`)
        .join('&')}`,
      {
        token: t.adminToken,
      },
    )
    expect(ten.status).toBe(200)
    const eleven = await t.call('GET', `${path}${filters.map((f) => `filter.${f}`).join('&')}`, {
      token: t.adminToken,
    })
    expect(eleven.status).toBe(400)
    expect(eleven.json.error.issues).toEqual([
      { path: 'filter', message: 'Filtre por 10 preguntas a lo sumo a la vez.' },
    ])
  })
})
