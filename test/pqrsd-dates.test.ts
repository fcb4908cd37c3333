import { describe, expect, it } from 'vitest'
import { sampleEvent, testApp } from './helpers'

/**
 * The dates of a petition's acts are the days they happened, which staff give when they record them a day
 * or more later: the day an answer or a forwarding was sent, and the day a petition left at the venue was
 * received. Colombia's 2026 calendar: Tuesday 8 December (Inmaculada Concepción) is a holiday. The event is
 * held on Friday 27 November 2026 in Bogotá.
 */
async function setup(now: string) {
  const t = await testApp({ now: new Date(now) })
  const made = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento' }),
  })
  if (made.status !== 201) throw new Error(made.text)
  let mod = await t.staffToken('moderator')
  const at = async (iso: string) => {
    t.setNow(new Date(iso))
    mod = await t.login()
  }
  const file = (body: Record<string, unknown>, token?: string) =>
    t.call('POST', '/api/events/evento/questions', {
      ...(token ? { token } : {}),
      body: { type: 'peticion_documentos', text: '¿Puedo tener copia del contrato de la feria?', ...body },
    })
  const submit = async (over: Record<string, unknown> = {}) => {
    const res = await file({ name: 'Ana', email: 'ana@example.co', ...over })
    if (res.status !== 201) throw new Error(res.text)
    return res.json as { id: string; radicado: string; receiptToken: string; dueDate: string }
  }
  const patch = (id: string, body: unknown) => t.call('PATCH', `/api/questions/${id}`, { token: mod, body })
  const staffView = async (id: string) =>
    (await t.call('GET', `/api/questions/${id}`, { token: mod })).json.question
  const lookup = async (radicado: string) => (await t.call('GET', `/api/pqrsd/${radicado}`)).json.pqrsd
  const constancia = (q: { radicado: string; receiptToken: string }) =>
    t.call('GET', `/api/pqrsd/${q.radicado}/constancia?format=txt&token=${q.receiptToken}`)
  const rendered = (format: string) =>
    t.call('GET', `/api/events/evento/report?format=${format}`, { token: mod })
  const report = async () => (await rendered('json')).json.pqrsd
  return { t, at, file, submit, patch, staffView, lookup, constancia, report, rendered }
}

const sentHooks = (t: { deps: { db: unknown } }) =>
  (t.deps.db as { $client: { prepare(s: string): { all(): { payload: string }[] } } }).$client
    .prepare("select payload from webhook_deliveries where event_type = 'question.updated'")
    .all()
    .map((r) => JSON.parse(r.payload).data)

describe('the day an answer was sent', () => {
  it('judges an answer recorded the day after its due date by the day it was sent, everywhere', async () => {
    // Filed on Friday 27 November at 15:00 in Bogotá: 10 business days, over the 8 December holiday.
    const s = await setup('2026-11-27T20:00:00Z')
    const hook = await s.t.call('POST', '/api/webhooks', {
      token: s.t.adminToken,
      body: { url: 'http://127.0.0.1:9/cabildo', eventTypes: ['question.updated'] },
    })
    expect(hook.status).toBe(201)
    const sentOnTime = await s.submit()
    const dupe = await s.submit({
      text: '¿Y la copia del contrato?',
      email: undefined,
      anonymous: true,
      name: undefined,
    })
    const late = await s.submit({ text: '¿Y el acta de la feria?' })
    expect(sentOnTime.dueDate).toBe('2026-12-14')
    expect((await s.patch(dupe.id, { mergeInto: sentOnTime.id })).status).toBe(200)
    // Recorded on Tuesday 15 December: one sent on Monday 14, the other on the 15th itself.
    await s.at('2026-12-15T15:00:00Z')
    const answered = await s.patch(sentOnTime.id, {
      status: 'answered',
      answer: 'Se le envió la copia por correo.',
      answeredOn: '2026-12-14',
      publishAnswer: true,
    })
    expect(answered.status).toBe(200)
    expect(answered.json.question).toMatchObject({
      status: 'answered',
      answeredOn: '2026-12-14',
      answeredAt: '2026-12-15T15:00:00.000Z',
    })
    expect((await s.patch(late.id, { status: 'answered', answer: 'Se envió el acta.' })).status).toBe(200)
    expect(await s.staffView(late.id)).toMatchObject({ answeredOn: '2026-12-15' })
    // The merged duplicate was answered with it, on the same day.
    expect(await s.staffView(dupe.id)).toMatchObject({ status: 'answered', answeredOn: '2026-12-14' })
    const p = await s.report()
    expect(p.onTime).toEqual({ due: 3, onTime: 2, percent: 66.7 })
    const row = (id: string) => p.questions.find((x: { radicado: string }) => x.radicado === id)
    expect(row(sentOnTime.radicado)).toMatchObject({ answeredOn: '2026-12-14', answeredOnTime: true })
    expect(row(late.radicado)).toMatchObject({ answeredOn: '2026-12-15', answeredOnTime: false })
    // The lookup, the constancia and the webhook say the day it was sent.
    expect((await s.lookup(sentOnTime.radicado)).answer).toMatchObject({ answeredOn: '2026-12-14' })
    expect((await s.constancia(sentOnTime)).text).toContain(
      'Fecha de la respuesta: lunes, 14 de diciembre de 2026 (registrado el martes, 15 de diciembre de 2026',
    )
    expect((await s.constancia(late)).text).toMatch(
      /Fecha de la respuesta: martes, 15 de diciembre de 2026, 10:00/,
    )
    expect(sentHooks(s.t).find((d) => d.id === sentOnTime.id)).toMatchObject({ answeredOn: '2026-12-14' })
    // The spreadsheet's row: the day it was sent, or, sent the day it was recorded, with the time.
    const csv = (await s.rendered('csv')).text
    expect(csv).toContain(`;${sentOnTime.radicado};`)
    expect(csv).toMatch(new RegExp(`${sentOnTime.radicado};.*;2026-12-14;Sí\r?\n`))
    expect(csv).toMatch(new RegExp(`${late.radicado};.*;2026-12-15 10:00;No\r?\n`))
  })

  it('refuses a day after today, before the receipt, or without the answer, and changes nothing', async () => {
    const s = await setup('2026-11-27T20:00:00Z')
    const q = await s.submit()
    await s.at('2026-12-15T15:00:00Z')
    const answer = { status: 'answered', answer: 'Respuesta.' }
    for (const [answeredOn, says] of [
      ['2026-12-16', 'hoy (15 de diciembre de 2026)'],
      ['2026-11-26', 'la recepción (27 de noviembre de 2026)'],
    ]) {
      const res = await s.patch(q.id, { ...answer, answeredOn })
      expect(res.status).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_ERROR')
      expect(res.json.error.issues[0]).toMatchObject({ path: 'answeredOn' })
      expect(res.json.error.issues[0].message).toContain(says)
    }
    const stray = await s.patch(q.id, { status: 'pending', area: 'despacho', answeredOn: '2026-12-14' })
    expect(stray.status).toBe(400)
    expect(stray.json.error.issues[0]).toMatchObject({ path: 'answeredOn' })
    const forwardStray = await s.patch(q.id, { ...answer, forwardedOn: '2026-12-14' })
    expect(forwardStray.status).toBe(400)
    expect(await s.staffView(q.id)).toMatchObject({ status: 'received', answer: null, answeredOn: null })
  })
})

describe('the day a petition was forwarded', () => {
  it('judges a forwarding recorded later by the day it was sent', async () => {
    const s = await setup('2026-11-27T20:00:00Z')
    const sent = await s.submit()
    const late = await s.submit({ text: '¿Quién arregla la vía departamental?' })
    // Five business days from Friday 27 November: Friday 4 December. Recorded on Monday 7.
    expect(await s.staffView(sent.id)).toMatchObject({ forwardDueDate: '2026-12-04' })
    await s.at('2026-12-07T15:00:00Z')
    const forwarded = await s.patch(sent.id, {
      status: 'forwarded',
      forwardedTo: 'Gobernación de Antioquia',
      forwardedOn: '2026-12-04',
    })
    expect(forwarded.status).toBe(200)
    expect(forwarded.json.question).toMatchObject({
      forwardedOn: '2026-12-04',
      forwardedAt: '2026-12-07T15:00:00.000Z',
    })
    expect((await s.patch(late.id, { status: 'forwarded', forwardedTo: 'INVÍAS' })).status).toBe(200)
    const p = await s.report()
    expect([p.forwarded, p.forwardedLate]).toEqual([2, 1])
    expect(await s.lookup(sent.radicado)).toMatchObject({ forwardedOn: '2026-12-04' })
    const txt = (await s.constancia(sent)).text
    expect(txt).toContain('Fecha del traslado: viernes, 4 de diciembre de 2026 (registrado el lunes, 7 de')
    expect(txt).toContain(
      'Plazo para el traslado (Ley 1755 de 2015, art. 21): viernes, 4 de diciembre de 2026\n',
    )
    expect((await s.constancia(late)).text).toContain('(trasladada después del plazo)')
    const future = await s.patch((await s.submit({ text: 'Otra' })).id, {
      status: 'forwarded',
      forwardedTo: 'INVÍAS',
      forwardedOn: '2026-12-08',
    })
    expect(future.status).toBe(400)
    expect(future.json.error.issues[0]).toMatchObject({ path: 'forwardedOn' })
  })
})

describe('the day a petition filed by staff was received', () => {
  it('counts the term of a petition left at the venue from the day it was received', async () => {
    // A written petition left at the event on Friday 27 November, typed in on Monday 30.
    const s = await setup('2026-11-30T15:00:00Z')
    const online = await s.submit()
    const res = await s.file(
      { channel: 'presencial', verbal: false, receivedOn: '2026-11-27', name: 'Luis' },
      s.t.adminToken,
    )
    expect(res.status).toBe(201)
    // Counted from the 27th, as the one filed at the event that day would be, not from the 30th.
    expect(res.json).toMatchObject({ receivedOn: '2026-11-27', dueDate: '2026-12-14' })
    expect(online.dueDate).toBe('2026-12-15')
    // Its number follows the one filed before it, and so does its time of filing: the series keeps its order.
    const [a, b] = [online.radicado, res.json.radicado].map((r) => Number(r.slice(-6)))
    expect(b).toBe(a + 1)
    const filed = await s.staffView(res.json.id)
    expect(filed).toMatchObject({ receivedOn: '2026-11-27', forwardDueDate: '2026-12-04' })
    expect(filed.receivedAt >= (await s.staffView(online.id)).receivedAt).toBe(true)
    expect(await s.lookup(res.json.radicado)).toMatchObject({
      receivedOn: '2026-11-27',
      dueDate: '2026-12-14',
    })
    const txt = (await s.constancia(res.json)).text
    expect(txt).toContain('Fecha de recepción: viernes, 27 de noviembre de 2026\n')
    expect(txt).toContain('Radicada el: lunes, 30 de noviembre de 2026')
    // Its acts may be dated from that day on: an answer sent on the 27th itself.
    const answered = await s.patch(res.json.id, {
      status: 'answered',
      answer: 'Dada.',
      answeredOn: '2026-11-27',
    })
    expect(answered.status).toBe(200)
    const p = await s.report()
    const row = p.questions.find((x: { radicado: string }) => x.radicado === res.json.radicado)
    expect(row).toMatchObject({ receivedOn: '2026-11-27', dueDate: '2026-12-14', answeredOnTime: true })
    const md = await s.rendered('md')
    expect(md.text).toMatch(new RegExp(`${res.json.radicado}.*27 de noviembre de 2026`))
  })

  it('refuses a day before the event or after today, and from the public, filing nothing', async () => {
    const s = await setup('2026-11-30T15:00:00Z')
    for (const [receivedOn, says] of [
      ['2026-11-26', 'el día del evento (27 de noviembre de 2026)'],
      ['2026-12-01', 'hoy (30 de noviembre de 2026)'],
    ]) {
      const res = await s.file({ channel: 'presencial', receivedOn }, s.t.adminToken)
      expect(res.status).toBe(400)
      expect(res.json.error.issues[0]).toMatchObject({ path: 'receivedOn' })
      expect(res.json.error.issues[0].message).toContain(says)
    }
    const publicOne = await s.file({ receivedOn: '2026-11-27' })
    expect(publicOne.status).toBe(400)
    expect(publicOne.json.error.issues[0]).toMatchObject({ path: 'receivedOn' })
    // Nothing was filed: the next radicado is the series' first, and today's receipt is no backdating.
    const first = await s.file({ channel: 'presencial', receivedOn: '2026-11-30' }, s.t.adminToken)
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({ receivedOn: null, dueDate: '2026-12-15' })
    expect(first.json.radicado).toMatch(/-000001$/)
  })
})

describe('correcting the day an answer or a forwarding was sent', () => {
  it('lets an admin correct a day typed wrong, with its reason, audited, and the judgement follows', async () => {
    const s = await setup('2026-11-27T20:00:00Z')
    const hook = await s.t.call('POST', '/api/webhooks', {
      token: s.t.adminToken,
      body: { url: 'http://127.0.0.1:9/cabildo', eventTypes: ['question.updated'] },
    })
    expect(hook.status).toBe(201)
    const q = await s.submit()
    const dupe = await s.submit({ text: '¿Y la copia?', email: undefined, anonymous: true, name: undefined })
    expect((await s.patch(dupe.id, { mergeInto: q.id })).status).toBe(200)
    // Sent on Monday 14 December, its due date; recorded on the 15th as sent that day, by mistake.
    await s.at('2026-12-15T15:00:00Z')
    const answer = { status: 'answered', answer: 'Se le envió la copia.', publishAnswer: true }
    expect((await s.patch(q.id, answer)).status).toBe(200)
    const row = async () =>
      (await s.report()).questions.find((x: { radicado: string }) => x.radicado === q.radicado)
    expect(await row()).toMatchObject({ answeredOn: '2026-12-15', answeredOnTime: false })
    const admin = await s.t.login()
    const correct = (id: string, body: unknown, token = admin) =>
      s.t.call('PATCH', `/api/questions/${id}/sent-on`, { token, body })
    const reason = 'Se registró con la fecha del día: el correo salió el 14 (consta en el buzón).'
    const res = await correct(q.id, { answeredOn: '2026-12-14', reason })
    expect(res.status).toBe(200)
    expect(res.json.question).toMatchObject({
      status: 'answered',
      answeredOn: '2026-12-14',
      answeredAt: '2026-12-15T15:00:00.000Z',
    })
    expect(await row()).toMatchObject({ answeredOn: '2026-12-14', answeredOnTime: true })
    expect((await s.report()).onTime).toMatchObject({ onTime: 2 })
    expect((await s.lookup(q.radicado)).answer).toMatchObject({ answeredOn: '2026-12-14' })
    expect((await s.constancia(q)).text).toContain(
      'Fecha de la respuesta: lunes, 14 de diciembre de 2026 (registrado el martes, 15 de diciembre de 2026',
    )
    const hooks = sentHooks(s.t).filter((d) => d.id === q.id)
    expect(hooks.at(-1)).toMatchObject({ answeredOn: '2026-12-14' })
    // The duplicate answered with it, in the same act, takes the corrected day, audited on its own.
    expect(await s.staffView(dupe.id)).toMatchObject({ answeredOn: '2026-12-14' })
    const history = (await s.t.call('GET', `/api/questions/${q.id}`, { token: admin })).json.history
    expect(history.at(-1)).toMatchObject({
      action: 'question.sent_on_correct',
      data: { field: 'answeredOn', from: '2026-12-15', to: '2026-12-14', reason },
    })
    const dupeHistory = (await s.t.call('GET', `/api/questions/${dupe.id}`, { token: admin })).json.history
    expect(dupeHistory.at(-1)).toMatchObject({
      action: 'question.sent_on_correct',
      data: { from: '2026-12-15', to: '2026-12-14', primary: q.id },
    })
    // The same day again changes nothing and is not audited twice.
    expect((await correct(q.id, { answeredOn: '2026-12-14', reason })).status).toBe(200)
    const again = (await s.t.call('GET', `/api/questions/${q.id}`, { token: admin })).json.history
    expect(again).toHaveLength(history.length)
  })

  it('refuses a moderator, a day out of limits, no reason or the wrong act, and changes nothing', async () => {
    const s = await setup('2026-11-27T20:00:00Z')
    const q = await s.submit()
    const fwd = await s.submit({ text: '¿Quién arregla la vía?' })
    const live = await s.submit({ text: '¿Y el parque?' })
    expect((await s.patch(live.id, { status: 'answered_live', answer: 'En enero.' })).status).toBe(200)
    await s.at('2026-12-07T15:00:00Z')
    expect((await s.patch(q.id, { status: 'answered', answer: 'Dada.' })).status).toBe(200)
    expect((await s.patch(fwd.id, { status: 'forwarded', forwardedTo: 'INVÍAS' })).status).toBe(200)
    const admin = await s.t.login()
    const correct = (id: string, body: unknown, token = admin) =>
      s.t.call('PATCH', `/api/questions/${id}/sent-on`, { token, body })
    const reason = 'Fecha mal digitada.'
    const made = await s.t.call('POST', '/api/users', {
      token: admin,
      body: { email: 'mod@test.co', password: 'staff-password-1', role: 'moderator' },
    })
    expect(made.status).toBe(201)
    const mod = await s.t.login('mod@test.co', 'staff-password-1')
    expect((await correct(q.id, { answeredOn: '2026-12-04', reason }, mod)).status).toBe(403)
    for (const [answeredOn, says] of [
      ['2026-12-08', 'hoy (7 de diciembre de 2026)'],
      ['2026-11-26', 'la recepción (27 de noviembre de 2026)'],
    ]) {
      const res = await correct(q.id, { answeredOn, reason })
      expect(res.status).toBe(400)
      expect(res.json.error.issues[0]).toMatchObject({ path: 'answeredOn' })
      expect(res.json.error.issues[0].message).toContain(says)
    }
    const bare = await correct(q.id, { answeredOn: '2026-12-04' })
    expect(bare.status).toBe(400)
    expect(bare.json.error.issues[0]).toMatchObject({ path: 'reason' })
    const both = await correct(q.id, { answeredOn: '2026-12-04', forwardedOn: '2026-12-04', reason })
    expect(both.status).toBe(400)
    expect(both.json.error.message).toBeTruthy()
    // A forwarding's day is not an answer's, nor has a question not yet answered a day to correct.
    const wrong = await correct(fwd.id, { answeredOn: '2026-12-04', reason })
    expect(wrong.status).toBe(409)
    expect(wrong.json.error).toMatchObject({ code: 'STATUS_TRANSITION' })
    expect(wrong.json.error.message).toContain('answered')
    const open = await s.submit({ text: '¿Y la plaza?' })
    expect((await correct(open.id, { answeredOn: '2026-12-07', reason })).status).toBe(409)
    expect((await correct(live.id, { forwardedOn: '2026-11-28', reason })).status).toBe(409)
    expect(await s.staffView(live.id)).toMatchObject({ answeredOn: '2026-11-27' })
    expect(await s.staffView(q.id)).toMatchObject({ answeredOn: '2026-12-07' })
    expect(await s.staffView(fwd.id)).toMatchObject({ forwardedOn: '2026-12-07' })
    // The forwarding's own day is corrected as its answer's is, and its lateness follows.
    expect((await s.report()).forwardedLate).toBe(1)
    const fixed = await correct(fwd.id, { forwardedOn: '2026-12-04', reason })
    expect(fixed.status).toBe(200)
    expect(fixed.json.question).toMatchObject({ forwardedOn: '2026-12-04' })
    expect((await s.report()).forwardedLate).toBe(0)
    expect(await s.lookup(fwd.radicado)).toMatchObject({ forwardedOn: '2026-12-04' })
    expect((await s.constancia(fwd)).text).toContain('Fecha del traslado: viernes, 4 de diciembre de 2026')
  })

  it('corrects the day of an answer said live, marked after it was said, within the days of the event', async () => {
    // Filed on Thursday 26 November, the day before the event; said live at it on Friday 27.
    const s = await setup('2026-11-26T20:00:00Z')
    const q = await s.submit()
    const dupe = await s.submit({ text: '¿Y la copia?' })
    expect((await s.patch(dupe.id, { mergeInto: q.id })).status).toBe(200)
    // Marked on Monday 30 November, the event still open, so it took that day; closed on 1 December.
    await s.at('2026-11-30T15:00:00Z')
    const said = { status: 'answered_live', answer: 'La copia se entrega en la mesa de atención.' }
    expect((await s.patch(q.id, said)).status).toBe(200)
    await s.at('2026-12-01T15:00:00Z')
    const closed = await s.t.call('PATCH', '/api/events/evento', {
      token: await s.t.login(),
      body: { status: 'closed' },
    })
    expect(closed.status).toBe(200)
    await s.at('2026-12-03T15:00:00Z')
    const row = async () =>
      (await s.report()).questions.find((x: { radicado: string }) => x.radicado === q.radicado)
    expect(await row()).toMatchObject({ status: 'answered_live', answeredOn: '2026-11-30' })
    const admin = await s.t.login()
    const correct = (body: unknown) =>
      s.t.call('PATCH', `/api/questions/${q.id}/sent-on`, { token: admin, body })
    const reason = 'Se respondió en la audiencia del 27 y se marcó el lunes siguiente.'
    // Not before the event, though after receipt; not after it closed, though before today.
    for (const answeredOn of ['2026-11-26', '2026-12-02']) {
      const res = await correct({ answeredOn, reason })
      expect(res.status).toBe(400)
      expect(res.json.error.issues[0]).toMatchObject({ path: 'answeredOn' })
      expect(res.json.error.issues[0].message).toContain(
        'del 27 de noviembre de 2026 al 1 de diciembre de 2026',
      )
    }
    expect((await correct({ answeredOn: '2026-11-27' })).status).toBe(400)
    expect(await s.staffView(q.id)).toMatchObject({ answeredOn: '2026-11-30' })
    const res = await correct({ answeredOn: '2026-11-27', reason })
    expect(res.status).toBe(200)
    expect(res.json.question).toMatchObject({
      status: 'answered_live',
      answeredOn: '2026-11-27',
      answeredAt: '2026-11-30T15:00:00.000Z',
    })
    // The report, the lookup and the constancia give the day it was said; the duplicate answered with it
    // in the same act takes it too.
    expect(await row()).toMatchObject({ answeredOn: '2026-11-27', answeredOnTime: null })
    expect((await s.report()).answeredLive).toBe(2)
    expect((await s.lookup(q.radicado)).answer).toMatchObject({ answeredOn: '2026-11-27' })
    expect((await s.constancia(q)).text).toContain(
      'Fecha de la respuesta: viernes, 27 de noviembre de 2026 (registrado el lunes, 30 de noviembre de 2026',
    )
    expect(await s.staffView(dupe.id)).toMatchObject({ status: 'answered_live', answeredOn: '2026-11-27' })
    const history = (await s.t.call('GET', `/api/questions/${q.id}`, { token: admin })).json.history
    expect(history.at(-1)).toMatchObject({
      action: 'question.sent_on_correct',
      data: { field: 'answeredOn', from: '2026-11-30', to: '2026-11-27', reason },
    })
    const dupeHistory = (await s.t.call('GET', `/api/questions/${dupe.id}`, { token: admin })).json.history
    expect(dupeHistory.at(-1)).toMatchObject({
      action: 'question.sent_on_correct',
      data: { from: '2026-11-30', to: '2026-11-27', primary: q.id },
    })
  })
})
