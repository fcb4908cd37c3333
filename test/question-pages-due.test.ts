import { describe, expect, it } from 'vitest'
import { byDue } from '../server/services/term-order'
import { sampleEvent, testApp } from './helpers'

type Listed = {
  id: string
  radicado: string
  status: string
  dueDate: string
  extendedDueDate: string | null
  receivedAt: string
}

/** The order `sort=due` promises (term-order.ts, byDue), made total by the radicado's number. */
const order = (a: Listed, b: Listed) => byDue(a, b) || a.radicado.localeCompare(b.radicado)

/**
 * Forty petitions filed at one instant on Saturday 21 November 2026 (one receivedAt for all), of three
 * terms, with extensions that land on the 15-day petitions' due date, and every kind of place in the
 * order: running, hidden, suspended (art. 17), settled (answered in writing or live, forwarded,
 * withdrawn). Ties everywhere: only the cursor's whole key pages them right.
 */
async function setup() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  const mod = await t.staffToken('moderator')
  const file = async (type: string, i: number) => {
    const res = await t.call('POST', '/api/events/evento/questions', {
      body: { type, text: `Pregunta ${i} sobre la feria`, anonymous: true },
    })
    if (res.status !== 201) throw new Error(res.text)
    return res.json as { id: string; radicado: string; dueDate: string }
  }
  const types = ['peticion', 'peticion_informacion', 'consulta', 'felicitacion', 'sugerencia']
  const filed: { id: string; radicado: string; dueDate: string }[] = []
  for (let i = 0; i < 40; i++) filed.push(await file(types[i % types.length], i))
  const patch = async (id: string, body: unknown) => {
    const res = await t.call('PATCH', `/api/questions/${id}`, { token: mod, body })
    if (res.status !== 200) throw new Error(res.text)
  }
  const fifteen = filed[0].dueDate
  const of = (type: string) => filed.filter((_, i) => types[i % types.length] === type)
  // Three petitions for information extended to the day the 15-day ones are due: ties across extension.
  for (const q of of('peticion_informacion').slice(0, 3))
    await patch(q.id, {
      status: 'extended',
      reason: 'Falta un informe',
      noticeDate: '2026-11-21',
      newDueDate: fifteen,
    })
  const [a, b, c, d, e, f] = of('peticion')
  await patch(a.id, { status: 'answered', answer: 'Sí.' })
  await patch(b.id, { status: 'answered_live', answer: 'En enero.' })
  await patch(c.id, { status: 'forwarded', forwardedTo: 'Gobernación' })
  await patch(d.id, { status: 'incomplete', requestedOn: '2026-11-21', requested: 'El contrato' })
  await patch(e.id, { status: 'hidden', reason: 'Repetida' })
  await patch(f.id, { status: 'desisted', desistedOn: '2026-11-21', reason: 'Por teléfono' })
  for (const q of of('consulta').slice(0, 2))
    await patch(q.id, { status: 'incomplete', requestedOn: '2026-11-21', requested: 'La dirección' })
  for (const q of of('felicitacion').slice(0, 3)) await patch(q.id, { status: 'approved' })
  for (const q of of('sugerencia').slice(0, 2)) await patch(q.id, { status: 'pending', area: 'despacho' })
  const list = async (query: string) => {
    const res = await t.call('GET', `/api/events/evento/questions?sort=due&${query}`, { token: mod })
    expect(res.status).toBe(200)
    return res.json as { questions: Listed[]; nextCursor: string | null }
  }
  return { t, mod, filed, patch, list, of }
}

describe('the staff list by due date, a page at a time', () => {
  it('lists every petition once and in order across pages, whatever the ties', async () => {
    const s = await setup()
    const whole = (await s.list('limit=1000')).questions
    expect(whole).toHaveLength(40)
    expect(whole).toEqual([...whole].sort(order))
    // The three places of the order and the extended ones are all there, tied among themselves.
    expect(new Set(whole.map((q) => q.receivedAt)).size).toBe(1)
    expect(whole.filter((q) => q.extendedDueDate === s.filed[0].dueDate)).toHaveLength(3)
    for (const limit of [1, 3, 7]) {
      const ids: string[] = []
      let pages = 0
      for (let page = await s.list(`limit=${limit}`); ; pages++) {
        ids.push(...page.questions.map((q) => q.id))
        if (!page.nextCursor) break
        page = await s.list(`limit=${limit}&cursor=${page.nextCursor}`)
      }
      expect(ids).toEqual(whole.map((q) => q.id))
      expect(pages).toBe(Math.ceil(40 / limit) - 1)
    }
  })

  it('keeps its place after the cursor while other petitions change, arrive or change place', async () => {
    const s = await setup()
    const before = (await s.list('limit=1000')).questions
    const read: Listed[] = []
    let page = await s.list('limit=5')
    read.push(...page.questions)
    page = await s.list(`limit=5&cursor=${page.nextCursor}`)
    read.push(...page.questions)
    // Meanwhile: one already listed is answered (it moves to the settled ones, after the cursor); one
    // suspended is completed (its term runs again, from today); another arrives; others are voted on,
    // approved or given an office, which moves none of them.
    const seen = read[0]
    await s.patch(seen.id, { status: 'answered', answer: 'Respondida mientras se paginaba.' })
    const waiting = before.find((q) => q.status === 'incomplete')!
    await s.patch(waiting.id, { status: 'received', completedOn: '2026-11-21' })
    const arrived = await s.t.call('POST', '/api/events/evento/questions', {
      body: { type: 'peticion_documentos', text: 'Una que llega mientras tanto', anonymous: true },
    })
    expect(arrived.status).toBe(201)
    const unread = before.filter((q) => !read.some((r) => r.id === q.id) && q.status === 'received')
    await s.patch(unread[0].id, { status: 'approved' })
    await s.patch(unread[1].id, { area: 'despacho' })
    for (;;) {
      if (!page.nextCursor) break
      page = await s.list(`limit=5&cursor=${page.nextCursor}`)
      read.push(...page.questions)
    }
    // As each page read it, nothing after the cursor ever came before it: the whole read is in order.
    expect(read).toEqual([...read].sort(order))
    // Every petition whose place did not change is listed exactly once.
    const moved = new Set([seen.id, waiting.id])
    for (const q of before.filter((q) => !moved.has(q.id)))
      expect(
        read.filter((r) => r.id === q.id),
        q.radicado,
      ).toHaveLength(1)
    // The one answered meanwhile is listed where each read found it: running, then settled.
    expect(read.filter((r) => r.id === seen.id).map((r) => r.status)).toEqual([seen.status, 'answered'])
  })
})
