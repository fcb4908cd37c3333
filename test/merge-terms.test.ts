import { describe, expect, it } from 'vitest'
import { sampleEvent, testApp } from './helpers'

/**
 * A petition merged into another keeps its own legal term, and is judged on it. Filed on Saturday 21
 * November 2026 in Bogotá: a petición de información (10 business days) is due Friday 4 December, a
 * consulta (30) in January, and forwarding (5) is due by Friday 27 November.
 */
async function setup() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  let token = await t.staffToken('moderator')
  const at = async (iso: string) => {
    t.setNow(new Date(iso))
    token = await t.login()
  }
  const submit = async (type: string, text: string) => {
    const res = await t.call('POST', '/api/events/evento/questions', {
      body: { type, text, name: 'Ana', email: 'ana@example.co' },
    })
    if (res.status !== 201) throw new Error(res.text)
    return res.json as { id: string; radicado: string; dueDate: string }
  }
  const patch = (id: string, body: unknown) => t.call('PATCH', `/api/questions/${id}`, { token, body })
  const staffView = async (id: string) =>
    (await t.call('GET', `/api/questions/${id}`, { token })).json.question
  const report = async () =>
    (await t.call('GET', '/api/events/evento/report?format=json', { token })).json.pqrsd
  const row = async (radicado: string) =>
    (await report()).questions.find((x: { radicado: string }) => x.radicado === radicado)
  // The consulta, the primary with the longer term; the petición de información, the shorter.
  const primary = await submit('consulta', '¿Qué normas rigen las ferias?')
  const short = await submit('peticion_informacion', '¿Cuántas ferias hubo?')
  expect(short.dueDate).toBe('2026-12-04')
  expect(primary.dueDate > short.dueDate).toBe(true)
  return { t, at, patch, staffView, report, row, primary, short }
}

describe('merging a petition with a shorter term into one already settled', () => {
  it('answers it on the day of the merge, and judges it late when its own term had run out', async () => {
    const s = await setup()
    expect((await s.patch(s.primary.id, { status: 'answered', answer: 'La Ley 1755.' })).status).toBe(200)
    // Merged on Wednesday 9 December, five days after its own due date.
    await s.at('2026-12-09T15:00:00Z')
    expect((await s.patch(s.short.id, { mergeInto: s.primary.id })).status).toBe(200)
    expect(await s.staffView(s.short.id)).toMatchObject({
      status: 'answered',
      answer: 'La Ley 1755.',
      answeredAt: '2026-12-09T15:00:00.000Z',
      answeredOn: null,
    })
    expect(await s.row(s.short.radicado)).toMatchObject({ answeredOn: '2026-12-09', answeredOnTime: false })
    expect(await s.row(s.primary.radicado)).toMatchObject({ answeredOn: '2026-11-21', answeredOnTime: true })
    expect((await s.report()).onTime).toEqual({ due: 2, onTime: 1, percent: 50 })
  })

  it('answers it in writing, not live, once its own term ran out, and so judges it', async () => {
    const s = await setup()
    const live = await s.patch(s.primary.id, { status: 'answered_live', answer: 'La Ley 1755.' })
    expect(live.status).toBe(200)
    await s.at('2026-12-09T15:00:00Z')
    expect((await s.patch(s.short.id, { mergeInto: s.primary.id })).status).toBe(200)
    expect(await s.staffView(s.short.id)).toMatchObject({ status: 'answered', answer: 'La Ley 1755.' })
    const p = await s.report()
    expect([p.answeredLive, p.answeredInWriting]).toEqual([1, 1])
    expect(await s.row(s.short.radicado)).toMatchObject({ answeredOn: '2026-12-09', answeredOnTime: false })
    expect(p.onTime).toEqual({ due: 1, onTime: 0, percent: 0 })
  })

  it('still takes a live answer while the event runs and its term runs', async () => {
    const s = await setup()
    await s.patch(s.primary.id, { status: 'answered_live', answer: 'La Ley 1755.' })
    await s.at('2026-11-21T15:10:00Z')
    expect((await s.patch(s.short.id, { mergeInto: s.primary.id })).status).toBe(200)
    expect(await s.staffView(s.short.id)).toMatchObject({
      status: 'answered_live',
      answeredAt: '2026-11-21T15:10:00.000Z',
    })
  })

  it('forwards it on the day of the merge, and counts it forwarded late past its own five days', async () => {
    const s = await setup()
    const to = {
      status: 'forwarded',
      forwardedTo: 'Gobernación de Antioquia',
      reason: 'Es de su competencia',
    }
    expect((await s.patch(s.primary.id, to)).status).toBe(200)
    await s.at('2026-12-09T15:00:00Z')
    expect((await s.patch(s.short.id, { mergeInto: s.primary.id })).status).toBe(200)
    expect(await s.staffView(s.short.id)).toMatchObject({
      status: 'forwarded',
      forwardedTo: 'Gobernación de Antioquia',
      forwardedAt: '2026-12-09T15:00:00.000Z',
      forwardedOn: null,
    })
    expect((await s.report()).forwardedLate).toBe(1)
  })
})

describe('the answer a petition merged into one already answered takes', () => {
  it("keeps its author and says who gave it by merging, when, and with which petition's", async () => {
    const s = await setup()
    const t = s.t
    // One moderator answers the primary; an admin merges the duplicate on Wednesday 25 November.
    const author = await t.staffToken('moderator')
    const answer = { status: 'answered', answer: 'La Ley 1755.' }
    const answered = await t.call('PATCH', `/api/questions/${s.primary.id}`, { token: author, body: answer })
    expect(answered.status).toBe(200)
    const authorEmail = answered.json.question.answeredBy as string
    expect(authorEmail).toMatch(/^moderator-/)
    await s.at('2026-11-25T15:00:00Z')
    expect((await s.patch(s.short.id, { mergeInto: s.primary.id })).status).toBe(200)
    const admin = await t.login()
    const read = async (id: string) => (await t.call('GET', `/api/questions/${id}`, { token: admin })).json
    const dupe = await read(s.short.id)
    const merger = dupe.history.at(-1).actor as string
    expect(merger).not.toBe((await read(s.primary.id)).history.at(-1).actor)
    const merged = { id: s.primary.id, radicado: s.primary.radicado, by: 'admin@test.co' }
    expect(dupe.question).toMatchObject({
      status: 'answered',
      answer: 'La Ley 1755.',
      answeredBy: authorEmail,
      answeredAt: '2026-11-25T15:00:00.000Z',
      answeredByMerge: { ...merged, at: '2026-11-25T15:00:00.000Z' },
    })
    expect((await read(s.primary.id)).question).toMatchObject({
      answeredBy: authorEmail,
      answeredByMerge: null,
    })
    // The audit log says the merge answered it, who merged it, and whose answer it took.
    expect(dupe.history.slice(-2)).toMatchObject([
      { actor: merger, action: 'question.merge', data: { into: s.primary.id } },
      {
        actor: merger,
        action: 'question.answer_merged',
        data: { primary: s.primary.id, radicado: s.primary.radicado, author: authorEmail },
      },
    ])
    const constancia = await t.call('GET', `/api/questions/${s.short.id}/constancia?format=json`, {
      token: admin,
    })
    expect(constancia.json.constancia.answer).toMatchObject({
      by: authorEmail,
      merged: { ...merged, at: '2026-11-25T15:00:00.000Z' },
    })
    const copy = await t.call('GET', `/api/questions/${s.short.id}/constancia?format=txt`, { token: admin })
    expect(copy.text).toMatch(
      new RegExp(`\\nRespondida al unirla a la petición: ${s.primary.radicado} \\(.*25 de noviembre de 2026`),
    )
  })

  it('keeps its own day, status and provenance when the primary’s answer is edited afterwards', async () => {
    const s = await setup()
    expect((await s.patch(s.primary.id, { status: 'answered_live', answer: 'La Ley 1755.' })).status).toBe(
      200,
    )
    // Merged once its own term ran out: answered in writing, on the day of the merge.
    await s.at('2026-12-09T15:00:00Z')
    expect((await s.patch(s.short.id, { mergeInto: s.primary.id })).status).toBe(200)
    const merged = await s.staffView(s.short.id)
    expect(merged).toMatchObject({ status: 'answered', answeredAt: '2026-12-09T15:00:00.000Z' })
    await s.at('2026-12-10T15:00:00Z')
    const edit = await s.patch(s.primary.id, { answer: 'La Ley 1755 de 2015.' })
    expect(edit.status, edit.text).toBe(200)
    expect(await s.staffView(s.short.id)).toMatchObject({
      status: 'answered',
      answer: 'La Ley 1755 de 2015.',
      answeredAt: '2026-12-09T15:00:00.000Z',
      answeredOn: null,
      answeredBy: merged.answeredBy,
      answeredByMerge: merged.answeredByMerge,
    })
    expect(await s.row(s.short.radicado)).toMatchObject({ answeredOn: '2026-12-09', answeredOnTime: false })
    const p = await s.report()
    expect([p.answeredLive, p.answeredInWriting]).toEqual([1, 1])
  })
})

describe('the staff view of a primary with petitions merged into it', () => {
  it('names the merged petition due first, when before its own, and never to the public', async () => {
    const s = await setup()
    const submit = async (type: string, text: string) =>
      (
        await s.t.call('POST', '/api/events/evento/questions', {
          body: { type, text, name: 'Luis', email: 'luis@example.co' },
        })
      ).json as { id: string; radicado: string; dueDate: string }
    const mid = await submit('peticion', '¿Cuándo vuelve la feria?')
    const later = await submit('consulta', '¿Qué dice la norma de ferias?')
    expect(s.short.dueDate < mid.dueDate && mid.dueDate < s.primary.dueDate).toBe(true)
    expect(await s.staffView(s.primary.id)).toMatchObject({ mergedDueFirst: null })
    // A consulta due the same day as the primary does not bind it sooner.
    expect((await s.patch(later.id, { mergeInto: s.primary.id })).status).toBe(200)
    expect(await s.staffView(s.primary.id)).toMatchObject({ mergedDueFirst: null })
    const merged = await s.patch(mid.id, { mergeInto: s.primary.id })
    expect(merged.status).toBe(200)
    const first = (q: { radicado: string; id: string; dueDate: string }) => ({
      dueDate: q.dueDate,
      radicado: q.radicado,
      id: q.id,
    })
    expect(await s.staffView(s.primary.id)).toMatchObject({ mergedDueFirst: first(mid) })
    expect((await s.patch(s.short.id, { mergeInto: s.primary.id })).status).toBe(200)
    expect(await s.staffView(s.primary.id)).toMatchObject({ mergedDueFirst: first(s.short) })
    // The staff list carries it for the primary, and for a merged one nothing.
    const token = await s.t.login()
    const list = (await s.t.call('GET', '/api/events/evento/questions?sort=due', { token })).json.questions
    const byId = (id: string) => list.find((q: { id: string }) => q.id === id)
    expect(byId(s.primary.id).mergedDueFirst).toEqual(first(s.short))
    expect(byId(s.short.id).mergedDueFirst).toBeNull()
    // A moderation answer carries it too.
    const pinned = await s.patch(s.primary.id, { status: 'approved' })
    expect(pinned.json.question.mergedDueFirst).toEqual(first(s.short))
    // Separated, the next one binds it.
    expect((await s.patch(s.short.id, { mergeInto: null })).status).toBe(200)
    expect(await s.staffView(s.primary.id)).toMatchObject({ mergedDueFirst: first(mid) })
    // The public wall and the lookup never name another petition.
    const wall = (await s.t.call('GET', '/api/events/evento/questions')).json.questions
    expect(wall.find((q: { id: string }) => q.id === s.primary.id)).toBeDefined()
    expect(JSON.stringify(wall)).not.toContain('mergedDueFirst')
    const lookup = await s.t.call('GET', `/api/pqrsd/${s.primary.radicado}`)
    expect(JSON.stringify(lookup.json)).not.toContain('mergedDueFirst')
    // Answered, the primary answers them all: none runs any more.
    expect((await s.patch(s.primary.id, { status: 'answered', answer: 'La Ley 1755.' })).status).toBe(200)
    expect(await s.staffView(s.primary.id)).toMatchObject({ mergedDueFirst: null })
  })

  it('names a hidden petition still running under a primary forwarded without it', async () => {
    const s = await setup()
    expect((await s.patch(s.short.id, { status: 'hidden', reason: 'Repetida' })).status).toBe(200)
    expect((await s.patch(s.short.id, { mergeInto: s.primary.id })).status).toBe(200)
    const fwd = await s.patch(s.primary.id, { status: 'forwarded', forwardedTo: 'Ministerio de Comercio' })
    expect(fwd.status).toBe(200)
    // Hidden, it stays as moderation left it: its own term runs on, past its primary's forwarding.
    expect(await s.staffView(s.short.id)).toMatchObject({ status: 'hidden' })
    expect(fwd.json.question.mergedDueFirst).toMatchObject({
      radicado: s.short.radicado,
      dueDate: '2026-12-04',
    })
  })
})

describe('a calendar change that moves the terms of petitions merged into a primary', () => {
  it('shows the moderators, and only them, the primary whose merged petition due first moved, once', async () => {
    const s = await setup()
    const t = s.t
    const mid = (
      await t.call('POST', '/api/events/evento/questions', {
        body: { type: 'peticion', text: '¿Cuándo vuelve la feria?', name: 'Luis', email: 'luis@example.co' },
      })
    ).json as { id: string; radicado: string; dueDate: string }
    // On the wall, then forwarded without its two hidden duplicates, whose terms run on: its own no
    // longer runs, so a calendar change moves theirs and not its own.
    expect((await s.patch(s.primary.id, { status: 'approved' })).status).toBe(200)
    for (const d of [s.short, mid]) {
      expect((await s.patch(d.id, { status: 'hidden', reason: 'Repetida' })).status).toBe(200)
      expect((await s.patch(d.id, { mergeInto: s.primary.id })).status).toBe(200)
    }
    const to = { status: 'forwarded', forwardedTo: 'Ministerio de Comercio' }
    expect((await s.patch(s.primary.id, to)).status).toBe(200)
    const first = { dueDate: '2026-12-04', radicado: s.short.radicado, id: s.short.id }
    expect(await s.staffView(s.primary.id)).toMatchObject({ mergedDueFirst: first })
    const published: { type: string; audience: string; data: { id?: string } }[] = []
    const publish = t.deps.live.publish.bind(t.deps.live)
    t.deps.live.publish = async (eventId, message) => {
      published.push(message as (typeof published)[number])
      return publish(eventId, message)
    }
    const about = (id: string) => published.filter((m) => m.data?.id === id)
    // Wednesday 2 December made a rest day: both duplicates' terms run one business day longer.
    const body = { rest: true, source: 'Decreto 1234 de 2026' }
    const day = await t.call('PUT', '/api/calendar/CO/days/2026-12-02', { token: t.adminToken, body })
    expect(day.status, day.text).toBe(200)
    expect(day.json.moved.map((m: { id: string }) => m.id).sort()).toEqual([s.short.id, mid.id].sort())
    const moved = { ...first, dueDate: '2026-12-07' }
    expect(about(s.primary.id)).toEqual([
      {
        type: 'question.updated',
        audience: 'moderation',
        data: expect.objectContaining({ id: s.primary.id, status: 'forwarded', mergedDueFirst: moved }),
      },
    ])
    expect(await s.staffView(s.primary.id)).toMatchObject({ mergedDueFirst: moved })
    // Taken back out, the date it names is the first again.
    published.length = 0
    const back = await t.call('DELETE', '/api/calendar/CO/days/2026-12-02', { token: t.adminToken })
    expect(back.status, back.text).toBe(200)
    expect(
      about(s.primary.id).map((m) => [m.audience, (m.data as { mergedDueFirst: unknown }).mergedDueFirst]),
    ).toEqual([['moderation', first]])
    // A day past every running term moves none, and tells nobody anything.
    published.length = 0
    const later = await t.call('PUT', '/api/calendar/CO/days/2027-02-03', { token: t.adminToken, body })
    expect(later.json.moved).toEqual([])
    expect(published).toEqual([])
  })

  it('shows a primary moved with its merged petition once, with the date that binds it now', async () => {
    const s = await setup()
    const t = s.t
    expect((await s.patch(s.short.id, { mergeInto: s.primary.id })).status).toBe(200)
    const published: { type: string; audience: string; data: { id?: string } }[] = []
    const publish = t.deps.live.publish.bind(t.deps.live)
    t.deps.live.publish = async (eventId, message) => {
      published.push(message as (typeof published)[number])
      return publish(eventId, message)
    }
    const body = { rest: true, source: 'Decreto 1234 de 2026' }
    const day = await t.call('PUT', '/api/calendar/CO/days/2026-12-02', { token: t.adminToken, body })
    expect(day.status, day.text).toBe(200)
    const mine = published.filter((m) => m.data?.id === s.primary.id && m.audience === 'moderation')
    expect(mine).toHaveLength(1)
    expect(mine[0].data).toMatchObject({
      mergedDueFirst: { dueDate: '2026-12-07', radicado: s.short.radicado, id: s.short.id },
    })
  })
})

describe('a petition just filed', () => {
  it('reaches the moderators with nothing merged into it, without reading for merged petitions', async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const client = (t.deps.db as unknown as { $client: { prepare: (sql: string) => unknown } }).$client
    const prepare = client.prepare.bind(client)
    const texts: string[] = []
    client.prepare = (sql: string) => {
      texts.push(sql)
      return prepare(sql)
    }
    const published: { type: string; audience?: string; data: unknown }[] = []
    const publish = t.deps.live.publish.bind(t.deps.live)
    t.deps.live.publish = async (eventId, message) => {
      published.push(message as (typeof published)[number])
      return publish(eventId, message)
    }
    const res = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'peticion', text: '¿Cuándo abren la biblioteca?', name: 'Ana', email: 'ana@example.co' },
    })
    expect(res.status, res.text).toBe(201)
    const created = published.find((m) => m.type === 'question.created' && m.audience === 'moderation')
    expect(created?.data).toMatchObject({ id: res.json.id, mergedDueFirst: null })
    expect(texts.filter((s) => /"merged_into" in \(/.test(s))).toEqual([])
  })
})
