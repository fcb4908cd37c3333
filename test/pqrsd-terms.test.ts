import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { commit } from '../db/atomic'
import type { Deps, SessionUser } from '../server/env'
import { ApiError } from '../server/errors'
import type { ModerateInput } from '../server/schemas/questions'
import { isCalendarRace, setCalendarDay } from '../server/services/calendar-days'
import { moderateQuestion } from '../server/services/moderation'
import { byDue } from '../server/services/term-order'
import { commitAtClockReads, sampleEvent, testApp } from './helpers'

/**
 * The legal terms of Ley 1755 de 2015 beyond the answer's: forwarding for lack of competence (art. 21)
 * and incomplete petitions (art. 17). Dates worked out by hand on Colombia's 2026 calendar: Monday 16
 * November (Independencia de Cartagena, moved from Wednesday 11), Tuesday 8 December (Inmaculada
 * Concepción) and Friday 25 December are holidays.
 */
async function setup(now: string, event: Record<string, unknown> = {}) {
  const t = await testApp({ now: new Date(now) })
  const made = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento', ...event }),
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
  return { t, at, token: () => mod, submit, patch, staffView, lookup, constancia, report }
}

/** Rows read straight from the test's SQLite file. */
const sql = (t: { deps: { db: unknown } }, query: string) =>
  (t.deps.db as { $client: { prepare(s: string): { all(): Record<string, string>[] } } }).$client
    .prepare(query)
    .all()

/**
 * What the public sees of the event's questions from now on: the wall, the messages of its live stream, a
 * vote from a fresh device, and the report's public copy; and the console's count of those on the wall.
 */
async function publicSide(s: Awaited<ReturnType<typeof setup>>) {
  const published: { type: string; audience: string; data: Record<string, unknown> }[] = []
  const publish = s.t.deps.live.publish.bind(s.t.deps.live)
  s.t.deps.live.publish = async (eventId, message) => {
    if (message.audience === 'public') published.push(message as (typeof published)[number])
    return publish(eventId, message)
  }
  let devices = 0
  return {
    published,
    wall: async () =>
      (await s.t.call('GET', '/api/events/evento/questions')).json.questions.map((x: { id: string }) => x.id),
    vote: async (id: string) => {
      const deviceToken = `dispositivo-de-prueba-${String(++devices).padStart(4, '0')}`
      const res = await s.t.call('POST', `/api/events/evento/questions/${id}/votes`, {
        body: { deviceToken },
      })
      return [res.status, res.json.error?.code]
    },
    onWall: async () =>
      (await s.t.call('GET', '/api/events/evento/questions', { token: s.token() })).json.onWall as number,
    publicRow: async (radicado: string) =>
      (
        await s.t.call('GET', '/api/events/evento/report?format=json&audience=public', { token: s.token() })
      ).json.pqrsd.questions.find((r: { radicado: string }) => r.radicado === radicado),
  }
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
      on: '2026-11-19',
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
    expect((await s.t.call('GET', `/e/evento?radicado=${onTime.radicado}`)).text).toContain(
      '<dt>Fecha del traslado</dt>',
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

describe('incomplete petitions (Ley 1755, art. 17)', () => {
  // Received on Wednesday 11 November 2026: due Thursday 3 December (15 business days, Monday 16 November
  // a holiday); it may be returned to be completed until Thursday 26 November (10 business days).
  const asked = 'Copia del certificado de existencia de la asociación'

  it('suspends the term while the petitioner completes it, and counts it again from the day after', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit({ area: 'despacho' })
    const late = await s.submit({ text: '¿Y el alumbrado?' })
    expect(q.dueDate).toBe('2026-12-03')
    await s.at('2026-11-13T15:00:00Z')
    const requested = await s.patch(q.id, {
      status: 'incomplete',
      requestedOn: '2026-11-13',
      requested: asked,
    })
    expect(requested.status).toBe(200)
    // A month from Friday 13 November is Sunday 13 December: the next business day.
    const completion = {
      requestedOn: '2026-11-13',
      requested: asked,
      deadline: '2026-12-14',
      completedOn: null,
    }
    expect(requested.json.question).toMatchObject({
      status: 'incomplete',
      completionRequestedOn: '2026-11-13',
      completionRequest: asked,
      completionDeadline: '2026-12-14',
    })
    // The petitioner reads what to provide and by when where anyone with the radicado looks.
    expect(await s.lookup(q.radicado)).toMatchObject({ status: 'incomplete', completion })
    // And on the event's page without a script, as the server renders the lookup.
    const page = (await s.t.call('GET', `/e/evento?radicado=${q.radicado}`)).text
    expect(page).toContain(
      '<dt>Fecha máxima de respuesta</dt><dd>Suspendida hasta que complete la petición</dd>',
    )
    expect(page).toContain(`<dt>Se le pidió completarla con</dt><dd>${asked}</dd>`)
    const waiting = (await s.constancia(q, 'txt')).text
    expect(waiting).toContain(
      'Fecha de vencimiento: suspendido mientras el peticionario completa la petición\n',
    )
    expect(waiting).toContain(`Lo que debe aportar: ${asked}\n`)
    expect(waiting).toContain('Plazo para completarla: lunes, 14 de diciembre de 2026\n')
    // On Thursday 10 December, past the first due date: the suspended petition is not late; the other is.
    await s.at('2026-12-10T15:00:00Z')
    const p = await s.report()
    expect(p.onTime).toEqual({ due: 1, onTime: 0, percent: 0 })
    expect([p.incomplete, p.pending]).toEqual([1, 1])
    expect(p.summary).toContain(
      '1 espera que el peticionario la complete (término suspendido, art. 17 de la Ley 1755)',
    )
    const row = p.questions.find((r: { radicado: string }) => r.radicado === q.radicado)
    expect(row).toMatchObject({ statusLabel: 'Por completar (término suspendido)', dueDateApplies: false })
    expect(p.questions.find((r: { radicado: string }) => r.radicado === late.radicado).dueDateApplies).toBe(
      true,
    )
    // Completed on Friday 4 December: 15 business days from Monday 7, with Tuesday 8 and Friday 25
    // December holidays, end on Tuesday 29 December.
    const bad = await s.patch(q.id, { status: 'pending', completedOn: '2026-11-12' })
    expect([bad.status, bad.json.error.code]).toEqual([422, 'INCOMPLETE_NOT_ALLOWED'])
    expect(bad.json.error.message).toBe(
      'La fecha en que se completó debe estar entre el requerimiento (13 de noviembre de 2026) y hoy.',
    )
    const without = await s.patch(q.id, { status: 'pending' })
    expect([without.status, without.json.error.issues[0].path]).toEqual([400, 'completedOn'])
    const done = await s.patch(q.id, { status: 'pending', completedOn: '2026-12-04' })
    expect(done.status).toBe(200)
    expect(done.json.question).toMatchObject({
      status: 'pending',
      completedOn: '2026-12-04',
      dueDate: '2026-12-29',
    })
    expect(await s.lookup(q.radicado)).toMatchObject({
      status: 'pending',
      dueDate: '2026-12-29',
      completion: { ...completion, completedOn: '2026-12-04' },
    })
    const constancia = (await s.constancia(q)).json.constancia
    expect([constancia.dueDate, constancia.completion.completedOn]).toEqual(['2026-12-29', '2026-12-04'])
    // Audited as the other status changes, with what was asked.
    const history = (await s.t.call('GET', `/api/questions/${q.id}`, { token: s.token() })).json.history
    expect(
      history
        .filter((h: { action: string }) => h.action === 'question.status')
        .map((h: { data: { to: string } }) => h.data.to),
    ).toEqual(['incomplete', 'pending'])
    // Returned once: a second request is refused.
    const again = await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-20', requested: 'Otra' })
    expect([again.status, again.json.error.code]).toEqual([422, 'INCOMPLETE_NOT_ALLOWED'])
    // A day recorded as a holiday moves the new due date, counted from the completion, not from receipt.
    const set = await s.t.call('PUT', '/api/calendar/CO/days/2026-12-16', {
      token: s.token(),
      body: { rest: true, source: 'Decreto de prueba' },
    })
    expect(set.json.moved).toContainEqual({
      id: q.id,
      radicado: q.radicado,
      from: '2026-12-29',
      to: '2026-12-30',
    })
  })

  it('is returned only within 10 business days of filing', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-27T15:00:00Z')
    const tooLate = await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-27', requested: asked })
    expect([tooLate.status, tooLate.json.error.code]).toEqual([422, 'INCOMPLETE_NOT_ALLOWED'])
    expect(tooLate.json.error.message).toBe(
      'La fecha del requerimiento debe estar entre la radicación (11 de noviembre de 2026) y hoy, sin pasar del 26 de noviembre de 2026 (10 días hábiles).',
    )
    const missing = await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-26' })
    expect([missing.status, missing.json.error.issues[0].path]).toEqual([400, 'requested'])
    // Dated on the last day, recorded the day after: taken.
    const ok = await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-26', requested: asked })
    expect([ok.status, ok.json.question.completionDeadline]).toEqual([200, '2026-12-28'])
  })

  it('extends the time once at the petitioner’s request, and takes the withdrawal only once it has run out', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-13T15:00:00Z')
    await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: asked })
    await s.at('2026-12-14T15:00:00Z')
    const act = 'Resolución 123 de 2027: desistimiento tácito'
    const early = await s.patch(q.id, { status: 'withdrawn', reason: act })
    expect([early.status, early.json.error.code]).toEqual([422, 'INCOMPLETE_NOT_ALLOWED'])
    expect(early.json.error.message).toBe(
      'El peticionario tiene hasta el 14 de diciembre de 2026 para completarla: antes no se puede declarar el desistimiento.',
    )
    // Asked for on the last day: a month more, from the request, to Wednesday 13 January 2027.
    const extended = await s.patch(q.id, { extendCompletion: true })
    expect([extended.status, extended.json.question.completionDeadline]).toEqual([200, '2027-01-13'])
    expect((await s.patch(q.id, { extendCompletion: true })).json.error.code).toBe('INCOMPLETE_NOT_ALLOWED')
    await s.at('2027-01-14T15:00:00Z')
    const withdrawn = await s.patch(q.id, { status: 'withdrawn', reason: act })
    expect(withdrawn.status).toBe(200)
    expect((await s.lookup(q.radicado)).status).toBe('withdrawn')
    const txt = (await s.constancia(q, 'txt')).text
    expect(txt).toContain('Plazo para completarla: miércoles, 13 de enero de 2027\n')
    expect(txt).toContain(`Acto que lo declara: ${act}\n`)
    const p = await s.report()
    expect([p.received, p.withdrawn, p.pending, p.onTime]).toEqual([1, 1, 0, null])
    expect(p.summary).toContain('1 se tuvo por desistida')
    // Settled: nothing more moves it.
    expect((await s.patch(q.id, { status: 'pending', completedOn: '2027-01-14' })).json.error.code).toBe(
      'STATUS_TRANSITION',
    )
  })

  it('keeps an approved petition on the wall while it is returned to be completed, and takes it off once deemed withdrawn', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit({ text: '¿Qué requisitos tiene el subsidio de vivienda rural?' })
    expect((await s.patch(q.id, { status: 'approved' })).status).toBe(200)
    await s.at('2026-11-13T15:00:00Z')
    const seen = await publicSide(s)
    const returned = await s.patch(q.id, {
      status: 'incomplete',
      requestedOn: '2026-11-13',
      requested: 'La dirección del predio',
    })
    expect(returned.status).toBe(200)
    // Still asked, its term only waiting for the petitioner (art. 17): on the wall, with its status.
    expect(await seen.wall()).toEqual([q.id])
    expect(seen.published).toMatchObject([
      { type: 'question.updated', audience: 'public', data: { id: q.id, status: 'incomplete' } },
    ])
    expect(await seen.vote(q.id)).toEqual([201, undefined])
    expect(await seen.onWall()).toBe(1)
    // Not completed within the month: deemed withdrawn, it leaves the wall and the stream says so.
    await s.at('2026-12-15T15:00:00Z')
    const withdrawn = await s.patch(q.id, { status: 'withdrawn', reason: 'Resolución 9 de 2026' })
    expect(withdrawn.status).toBe(200)
    expect(await seen.wall()).toEqual([])
    expect(seen.published.at(-1)).toEqual({
      type: 'question.removed',
      audience: 'public',
      data: { id: q.id },
    })
    expect(await seen.vote(q.id)).toEqual([409, 'QUESTION_NOT_PUBLIC'])
    expect(await seen.onWall()).toBe(0)
    expect(await seen.publicRow(q.radicado)).toMatchObject({ status: 'withdrawn', text: null })
  })
})

describe('review: art. 17 with the other moderation decisions', () => {
  const asked = 'Copia del certificado de existencia de la asociación'

  it('extends a completed petition up to twice its term counted again from the completion', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-13T15:00:00Z')
    await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: asked })
    await s.at('2026-12-04T15:00:00Z')
    const done = await s.patch(q.id, { status: 'pending', area: 'despacho', completedOn: '2026-12-04' })
    expect([done.status, done.json.question.dueDate]).toEqual([200, '2026-12-29'])
    // 30 business days from Friday 4 December: Tuesday 8 December, Friday 1 and Monday 11 January are
    // holidays. Counted from receipt, twice the term ended on 28 December, before the new due date.
    await s.at('2026-12-10T15:00:00Z')
    const extend = (newDueDate: string) =>
      s.patch(q.id, { status: 'extended', reason: 'Falta un concepto', noticeDate: '2026-12-10', newDueDate })
    const past = await extend('2027-01-22')
    expect([past.status, past.json.error.code]).toEqual([422, 'EXTENSION_NOT_ALLOWED'])
    expect(past.json.error.message).toContain('no pasar del 21 de enero de 2027')
    const ok = await extend('2027-01-21')
    expect([ok.status, ok.json.question.extendedDueDate]).toEqual([200, '2027-01-21'])
  })

  it('merges nothing into a petition waiting to be completed or withdrawn, nor returns one that has duplicates', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const waiting = await s.submit()
    const other = await s.submit({ text: '¿Y las ferias de diciembre?' })
    const primary = await s.submit({ text: '¿Cuándo abren la plaza de mercado?' })
    const dupe = await s.submit({ text: '¿Cuándo abre la plaza?' })
    expect((await s.patch(dupe.id, { mergeInto: primary.id })).status).toBe(200)
    await s.at('2026-11-13T15:00:00Z')
    const request = { status: 'incomplete', requestedOn: '2026-11-13', requested: asked }
    expect((await s.patch(waiting.id, request)).status).toBe(200)
    // Its term is suspended; the duplicate's would run on, to be answered with an answer that may never come.
    const into = await s.patch(other.id, { mergeInto: waiting.id })
    expect([into.status, into.json.error.code]).toEqual([409, 'MERGE_INVALID'])
    expect(await s.staffView(other.id)).toMatchObject({ mergedInto: null, status: 'received' })
    // Nor one whose duplicates run to their own due dates: the moderator separates them first.
    const returned = await s.patch(primary.id, request)
    expect([returned.status, returned.json.error.code]).toEqual([422, 'INCOMPLETE_NOT_ALLOWED'])
    expect(returned.json.error.message).toBe(
      `Tiene preguntas unidas (${dupe.radicado}), cuyo término corre aparte: sepárelas antes de pedir que la completen.`,
    )
    const inEnglish = await s.t.call('PATCH', `/api/questions/${primary.id}`, {
      token: s.token(),
      body: request,
      headers: { 'accept-language': 'en' },
    })
    expect(inEnglish.json.error.message).toBe(
      `It has merged questions (${dupe.radicado}), whose terms run on their own: unmerge them before returning it to be completed.`,
    )
    expect(await s.staffView(primary.id)).toMatchObject({ status: 'received', completionRequestedOn: null })
    // Withdrawn, it is settled for good.
    await s.at('2026-12-15T15:00:00Z')
    expect((await s.patch(waiting.id, { status: 'withdrawn', reason: 'Resolución 9 de 2026' })).status).toBe(
      200,
    )
    const intoWithdrawn = await s.patch(other.id, { mergeInto: waiting.id })
    expect([intoWithdrawn.status, intoWithdrawn.json.error.code]).toEqual([409, 'MERGE_INVALID'])
    expect((await s.staffView(other.id)).mergedInto).toBeNull()
    // Named apart from a petition its petitioner withdrew (art. 18), which reads "Desistida por el peticionario".
    const row = (await s.report()).questions.find(
      (r: { radicado: string }) => r.radicado === waiting.radicado,
    )
    expect(row.statusLabel).toBe('Desistida tácitamente')
  })

  it('says a withdrawn petition has no term running, not that it waits for its petitioner', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-13T15:00:00Z')
    await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: asked })
    await s.at('2026-12-15T15:00:00Z')
    expect((await s.patch(q.id, { status: 'withdrawn', reason: 'Resolución 9 de 2026' })).status).toBe(200)
    const page = (await s.t.call('GET', `/e/evento?radicado=${q.radicado}`)).text
    expect(page).toContain(
      '<dt>Fecha máxima de respuesta</dt><dd>Ya no corre: la petición se tuvo por desistida</dd>',
    )
    expect(page).not.toContain('Suspendida hasta que complete la petición')
    const english = (await s.t.call('GET', `/e/evento?radicado=${q.radicado}&lang=en`)).text
    expect(english).toContain(
      '<dt>Answer due by</dt><dd>No longer running: the petition was deemed withdrawn</dd>',
    )
    const txt = (await s.constancia(q, 'txt')).text
    expect(txt).toContain('Fecha de vencimiento: ya no corre: se declaró el desistimiento tácito\n')
    expect(txt).not.toContain('suspendido mientras el peticionario completa la petición')
    const en = (await s.constancia(q, 'txt&lang=en')).text
    expect(en).toContain('no longer running: deemed withdrawn\n')
  })

  it('moves the last day to complete a petition off a day the calendar makes a rest day, and the withdrawal after it', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-13T15:00:00Z')
    await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: asked })
    const rest = (day: string) =>
      s.t.call('PUT', `/api/calendar/CO/days/${day}`, {
        token: s.token(),
        body: { rest: true, source: 'Decreto de prueba' },
      })
    // Monday 14 December, the last day of the month given, made a rest day: Tuesday 15 (Ley 4 de 1913, art. 62).
    const set = await rest('2026-12-14')
    expect(set.status).toBe(200)
    expect(set.json.moved).toEqual([
      { id: q.id, radicado: q.radicado, from: '2026-12-14', to: '2026-12-15', completion: true },
    ])
    expect((await s.staffView(q.id)).completionDeadline).toBe('2026-12-15')
    expect((await s.lookup(q.radicado)).completion.deadline).toBe('2026-12-15')
    expect((await s.constancia(q)).json.constancia.completion.deadline).toBe('2026-12-15')
    // On that day the petitioner still has time: no withdrawal, and the extension is theirs to ask.
    await s.at('2026-12-15T15:00:00Z')
    const early = await s.patch(q.id, { status: 'withdrawn', reason: 'Resolución 9 de 2026' })
    expect([early.status, early.json.error.code]).toEqual([422, 'INCOMPLETE_NOT_ALLOWED'])
    expect((await s.staffView(q.id)).status).toBe('incomplete')
    const extended = await s.patch(q.id, { extendCompletion: true })
    expect([extended.status, extended.json.question.completionDeadline]).toEqual([200, '2027-01-13'])
    // Its end moved in turn, it is still extended once only.
    expect((await rest('2027-01-13')).json.moved).toEqual([
      { id: q.id, radicado: q.radicado, from: '2027-01-13', to: '2027-01-14', completion: true },
    ])
    const again = await s.patch(q.id, { extendCompletion: true })
    expect([again.status, again.json.error.code]).toEqual([422, 'INCOMPLETE_NOT_ALLOWED'])
    expect((await s.staffView(q.id)).completionDeadline).toBe('2027-01-14')
  })
})

describe('the petitioner’s own withdrawal (Ley 1755, art. 18)', () => {
  // Received on Wednesday 11 November 2026: due Thursday 3 December.
  const how = 'Escrito radicado en la ventanilla: el peticionario retira su solicitud'

  it('closes the term, and says who withdrew it in the lookup, the constancia, the report, the audit, the webhook and the live stream', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    // Nothing listens there: the message stays in the delivery log, which is what is read here.
    const hook = await s.t.call('POST', '/api/webhooks', {
      token: s.t.adminToken,
      body: { url: 'http://127.0.0.1:9/cabildo', eventTypes: ['question.updated'] },
    })
    expect(hook.status).toBe(201)
    const q = await s.submit({ area: 'despacho' })
    const late = await s.submit({ text: '¿Y el alumbrado?' })
    const published: { type: string; data: { id: string; status: string } }[] = []
    const publish = s.t.deps.live.publish.bind(s.t.deps.live)
    s.t.deps.live.publish = async (eventId, message) => {
      published.push(message as (typeof published)[number])
      return publish(eventId, message)
    }
    await s.at('2026-11-20T15:00:00Z')
    // Bad input is refused, and changes nothing.
    const noDate = await s.patch(q.id, { status: 'desisted', reason: how })
    expect([noDate.status, noDate.json.error.issues[0].path]).toEqual([400, 'desistedOn'])
    const noHow = await s.patch(q.id, { status: 'desisted', desistedOn: '2026-11-19' })
    expect([noHow.status, noHow.json.error.issues[0].path]).toEqual([400, 'reason'])
    const future = await s.patch(q.id, { status: 'desisted', desistedOn: '2026-11-21', reason: how })
    expect([future.status, future.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
    expect(future.json.error.message).toBe(
      'La fecha del desistimiento debe estar entre la radicación (11 de noviembre de 2026) y hoy.',
    )
    const before = await s.t.call('PATCH', `/api/questions/${q.id}`, {
      token: s.token(),
      body: { status: 'desisted', desistedOn: '2026-11-10', reason: how },
      headers: { 'accept-language': 'en' },
    })
    expect(before.json.error.message).toBe(
      'The date of the withdrawal must fall between filing (November 11, 2026) and today.',
    )
    const stray = await s.patch(q.id, { status: 'pending', desistedOn: '2026-11-19' })
    expect([stray.status, stray.json.error.issues[0].path]).toEqual([400, 'desistedOn'])
    expect(await s.staffView(q.id)).toMatchObject({ status: 'received', desistedOn: null })
    expect(published).toEqual([])

    const done = await s.patch(q.id, { status: 'desisted', desistedOn: '2026-11-19', reason: how })
    expect(done.status).toBe(200)
    expect(done.json.question).toMatchObject({
      status: 'desisted',
      desistedOn: '2026-11-19',
      statusReason: how,
    })
    // Anyone with the radicado reads that it was withdrawn, and when; not the note staff wrote.
    const seen = await s.lookup(q.radicado)
    expect(seen).toMatchObject({ status: 'desisted', desistedOn: '2026-11-19' })
    expect(JSON.stringify(seen)).not.toContain(how)
    const page = (await s.t.call('GET', `/e/evento?radicado=${q.radicado}`)).text
    expect(page).toContain('<dd>Desistida por el peticionario</dd>')
    expect(page).toContain(
      '<dt>Fecha máxima de respuesta</dt><dd>Ya no corre: usted desistió de la petición</dd>',
    )
    expect(page).toContain('<dt>Fecha del desistimiento</dt>')
    expect(page).not.toContain('se tuvo por desistida')
    const english = (await s.t.call('GET', `/e/evento?radicado=${q.radicado}&lang=en`)).text
    expect(english).toContain('<dd>Withdrawn by the petitioner</dd>')
    expect(english).toContain('<dt>Answer due by</dt><dd>No longer running: you withdrew the petition</dd>')
    const txt = (await s.constancia(q, 'txt')).text
    expect(txt).toContain('Fecha de vencimiento: ya no corre: el peticionario desistió de la petición\n')
    expect(txt).toContain(
      'Desistimiento expreso del peticionario (Ley 1755 de 2015, art. 18): jueves, 19 de noviembre de 2026\n',
    )
    expect(txt).toContain(`Cómo lo expresó: ${how}\n`)
    expect(txt).not.toContain('tácito')
    const en = (await s.constancia(q, 'txt&lang=en')).text
    expect(en).toContain('no longer running: the petitioner withdrew the petition\n')
    expect(en).toContain('Withdrawn by the petitioner (Ley 1755 de 2015, art. 18): ')
    expect((await s.constancia(q)).json.constancia.desistance).toEqual({
      on: '2026-11-19',
      how,
      at: '2026-11-20T15:00:00.000Z',
    })
    // Audited as the other status changes, announced to the moderators and sent to the webhook.
    const history = (await s.t.call('GET', `/api/questions/${q.id}`, { token: s.token() })).json.history
    expect(history.at(-1)).toMatchObject({
      action: 'question.status',
      data: { from: 'received', to: 'desisted', desistedOn: '2026-11-19', reason: how },
    })
    expect(published.map((m) => [m.type, m.data.id, m.data.status])).toContainEqual([
      'question.updated',
      q.id,
      'desisted',
    ])
    const sent = sql(s.t, "select payload from webhook_deliveries where event_type = 'question.updated'").map(
      (r) => JSON.parse(r.payload).data,
    )
    expect(sent.map((d) => [d.id, d.status, d.desistedOn])).toEqual([[q.id, 'desisted', '2026-11-19']])
    // Past the first due date, it is neither late nor pending; the other one is both.
    await s.at('2026-12-10T15:00:00Z')
    const p = await s.report()
    expect([p.received, p.desisted, p.withdrawn, p.pending]).toEqual([2, 1, 0, 1])
    expect(p.onTime).toEqual({ due: 1, onTime: 0, percent: 0 })
    expect(p.summary).toContain('1 la retiró su peticionario (desistimiento, art. 18 de la Ley 1755)')
    const row = p.questions.find((r: { radicado: string }) => r.radicado === q.radicado)
    expect(row).toMatchObject({ statusLabel: 'Desistida por el peticionario', dueDateApplies: false })
    expect(p.questions.find((r: { radicado: string }) => r.radicado === late.radicado).dueDateApplies).toBe(
      true,
    )
    const enReport = (
      await s.t.call('GET', '/api/events/evento/report?format=json&lang=en', { token: s.token() })
    ).json.pqrsd
    expect(enReport.summary).toContain('1 withdrawn by the petitioner (Ley 1755, art. 18)')
    // Settled: nothing more moves it.
    const answer = await s.patch(q.id, { status: 'answered', answer: 'Tarde' })
    expect([answer.status, answer.json.error.code]).toEqual([409, 'STATUS_TRANSITION'])
  })

  it('is taken while the term runs, is extended or is suspended; not once answered or forwarded, nor to clear a term already missed', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const [waiting, extended, answered, forwarded, overdue, inTime, suspended] = [
      await s.submit(),
      await s.submit(),
      await s.submit(),
      await s.submit(),
      await s.submit(),
      await s.submit(),
      await s.submit(),
    ]
    await s.at('2026-11-13T15:00:00Z')
    await s.patch(waiting.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: 'El contrato' })
    await s.patch(suspended.id, {
      status: 'incomplete',
      requestedOn: '2026-11-13',
      requested: 'La dirección',
    })
    const ext = { status: 'extended', reason: 'Falta un concepto', noticeDate: '2026-11-13' }
    expect((await s.patch(extended.id, { ...ext, newDueDate: '2026-12-18' })).status).toBe(200)
    await s.patch(answered.id, { status: 'answered', answer: 'Sí, en enero.' })
    await s.patch(forwarded.id, { status: 'forwarded', forwardedTo: 'Gobernación' })
    await s.at('2026-12-10T15:00:00Z')
    const desist = (id: string, desistedOn = '2026-12-01') =>
      s.patch(id, { status: 'desisted', desistedOn, reason: 'Llamada telefónica' })
    expect((await desist(waiting.id)).json.question.status).toBe('desisted')
    expect((await desist(extended.id)).json.question.status).toBe('desisted')
    for (const q of [answered, forwarded]) {
      const refused = await desist(q.id)
      expect([refused.status, refused.json.error.code]).toEqual([409, 'STATUS_TRANSITION'])
    }
    // Due on Thursday 3 December: withdrawn before it, the term closed in time; after it, the entity had
    // already missed it, and the report still says so.
    expect((await desist(inTime.id, '2026-12-02')).status).toBe(200)
    expect((await desist(overdue.id, '2026-12-07')).status).toBe(200)
    // Withdrawn on the same day while its term was suspended (art. 17): its first due date had stopped
    // counting, so it was not missed.
    expect((await desist(suspended.id, '2026-12-07')).status).toBe(200)
    const p = await s.report()
    expect(p.desisted).toBe(5)
    expect(p.onTime).toEqual({ due: 2, onTime: 1, percent: 50 })
    const applies = (q: { radicado: string }) =>
      p.questions.find((r: { radicado: string }) => r.radicado === q.radicado).dueDateApplies
    expect([
      applies(inTime),
      applies(overdue),
      applies(extended),
      applies(waiting),
      applies(suspended),
    ]).toEqual([false, true, false, false, false])
  })

  it('leaves out a petition answered with duplicates until they are separated', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const primary = await s.submit()
    const dupe = await s.submit({ text: '¿Más ferias este año?' })
    expect((await s.patch(dupe.id, { mergeInto: primary.id })).status).toBe(200)
    const body = { status: 'desisted', desistedOn: '2026-11-11', reason: 'En la ventanilla' }
    const refused = await s.patch(primary.id, body)
    expect([refused.status, refused.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
    expect(refused.json.error.message).toBe(
      `Tiene preguntas unidas (${dupe.radicado}), que se responden con ella y cuyos peticionarios no han desistido: sepárelas antes.`,
    )
    // The duplicate's own petitioner withdraws it once it stands alone.
    const merged = await s.patch(dupe.id, body)
    expect([merged.status, merged.json.error.code]).toEqual([409, 'STATUS_TRANSITION'])
    expect((await s.patch(dupe.id, { mergeInto: null })).status).toBe(200)
    expect((await s.patch(dupe.id, body)).json.question.status).toBe('desisted')
    expect((await s.patch(primary.id, body)).json.question.status).toBe('desisted')
    // Nothing is merged into a withdrawn petition.
    const other = await s.submit({ text: '¿Ferias?' })
    const into = await s.patch(other.id, { mergeInto: primary.id })
    expect([into.status, into.json.error.code]).toEqual([409, 'MERGE_INVALID'])
  })

  it('keeps a question hidden by moderation off the wall once its petitioner withdraws it', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit({ text: 'Juan Pérez, el vecino del 302, roba la luz' })
    await s.patch(q.id, { status: 'approved' })
    await s.patch(q.id, { status: 'hidden', reason: 'Nombra a un vecino' })
    const published: { type: string; audience: string; data: { id: string } }[] = []
    const publish = s.t.deps.live.publish.bind(s.t.deps.live)
    s.t.deps.live.publish = async (eventId, message) => {
      published.push(message as (typeof published)[number])
      return publish(eventId, message)
    }
    const done = await s.patch(q.id, { status: 'desisted', desistedOn: '2026-11-11', reason: 'Por teléfono' })
    expect(done.json.question.status).toBe('desisted')
    // Neither the wall, nor its live stream, nor the public copy of the report shows what was taken down.
    const wall = (await s.t.call('GET', '/api/events/evento/questions')).json.questions
    expect(wall.map((x: { id: string }) => x.id)).not.toContain(q.id)
    expect(published.filter((m) => m.audience === 'public')).toEqual([])
    const vote = await s.t.call('POST', `/api/events/evento/questions/${q.id}/votes`, {
      body: { deviceToken: 'dispositivo-de-prueba-0001' },
    })
    expect([vote.status, vote.json.error.code]).toEqual([409, 'QUESTION_NOT_PUBLIC'])
    const copy = (
      await s.t.call('GET', '/api/events/evento/report?format=json&audience=public', { token: s.token() })
    ).json.pqrsd
    const row = copy.questions.find((r: { radicado: string }) => r.radicado === q.radicado)
    expect(row).toMatchObject({ status: 'desisted', text: null })
  })

  it('takes an approved question off the wall, its live stream and its votes once its petitioner withdraws it', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit({ text: '¿Cuándo arreglan la vía a la vereda El Carmen?' })
    const kept = await s.submit({ text: '¿Habrá feria campesina en diciembre?' })
    for (const x of [q, kept]) expect((await s.patch(x.id, { status: 'approved' })).status).toBe(200)
    expect((await s.patch(q.id, { pinned: true })).status).toBe(200)
    const seen = await publicSide(s)
    expect(seen.published).toEqual([])
    const done = await s.patch(q.id, { status: 'desisted', desistedOn: '2026-11-11', reason: 'Por teléfono' })
    expect(done.json.question).toMatchObject({ status: 'desisted', pinned: false })
    // The petitioner no longer asks it: off the wall, and the stream tells every open page to take it down.
    expect(await seen.wall()).toEqual([kept.id])
    expect(seen.published).toEqual([{ type: 'question.removed', audience: 'public', data: { id: q.id } }])
    expect(await seen.vote(q.id)).toEqual([409, 'QUESTION_NOT_PUBLIC'])
    expect(await seen.vote(kept.id)).toEqual([201, undefined])
    const pin = await s.patch(q.id, { pinned: true })
    expect([pin.status, pin.json.error.code]).toEqual([409, 'QUESTION_NOT_PUBLIC'])
    // The console counts it off the wall, and the report's public copy keeps its row without its words.
    expect(await seen.onWall()).toBe(1)
    expect(await seen.publicRow(q.radicado)).toMatchObject({ status: 'desisted', text: null })
    expect(await seen.publicRow(kept.radicado)).toMatchObject({
      text: '¿Habrá feria campesina en diciembre?',
    })
  })

  it('keeps the term running when the entity continues ex officio, with the reasoned resolution in the audit log', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-20T15:00:00Z')
    const resolution = 'Resolución 45 de 2026: la petición versa sobre la seguridad de la plaza de mercado'
    const go = { continueExOfficio: true, desistedOn: '2026-11-19', reason: resolution }
    const withStatus = await s.patch(q.id, { ...go, status: 'pending', area: 'despacho' })
    expect([withStatus.status, withStatus.json.error.issues[0].path]).toEqual([400, 'continueExOfficio'])
    const bare = await s.patch(q.id, { continueExOfficio: true, desistedOn: '2026-11-19' })
    expect([bare.status, bare.json.error.issues[0].path]).toEqual([400, 'reason'])
    const alone = await s.patch(q.id, { desistedOn: '2026-11-19' })
    expect([alone.status, alone.json.error.issues[0].path]).toEqual([400, 'desistedOn'])
    const future = await s.patch(q.id, { ...go, desistedOn: '2026-11-21' })
    expect([future.status, future.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])

    const kept = await s.patch(q.id, go)
    expect(kept.status).toBe(200)
    expect(kept.json.question).toMatchObject({
      status: 'received',
      desistedOn: null,
      statusReason: null,
      dueDate: '2026-12-03',
    })
    expect(await s.lookup(q.radicado)).toMatchObject({
      status: 'received',
      dueDate: '2026-12-03',
      desistedOn: null,
    })
    const history = (await s.t.call('GET', `/api/questions/${q.id}`, { token: s.token() })).json.history
    expect(history.at(-1)).toMatchObject({
      action: 'question.continued_ex_officio',
      data: { status: 'received', desistedOn: '2026-11-19', reason: resolution },
    })
    // The constancia says it, its term running as it was.
    const txt = (await s.constancia(q, 'txt')).text
    expect(txt).toContain('Fecha de vencimiento: jueves, 3 de diciembre de 2026\n')
    expect(txt).toContain(
      'Desistimiento expreso del peticionario (Ley 1755 de 2015, art. 18): jueves, 19 de noviembre de 2026\n',
    )
    expect(txt).toContain(`Resolución motivada: ${resolution}\n`)
    // Answered, there is nothing left to continue or to withdraw.
    await s.patch(q.id, { status: 'answered', answer: 'Se reforzará la vigilancia.' })
    const after = await s.patch(q.id, go)
    expect([after.status, after.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
  })
})

describe('the continuation ex officio of a petition already withdrawn (Ley 1755, art. 18)', () => {
  const how = 'Escrito radicado en la ventanilla'
  const resolution = 'Resolución 52 de 2026: la petición versa sobre la seguridad de la plaza de mercado'

  it('takes it back to its status and its term as they stood, the days it was withdrawn counted, and says so everywhere', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const hook = await s.t.call('POST', '/api/webhooks', {
      token: s.t.adminToken,
      body: { url: 'http://127.0.0.1:9/cabildo', eventTypes: ['question.updated'] },
    })
    expect(hook.status).toBe(201)
    // Due Thursday 3 December.
    const q = await s.submit()
    expect((await s.patch(q.id, { status: 'pending', area: 'despacho' })).status).toBe(200)
    await s.at('2026-11-20T15:00:00Z')
    const desisted = await s.patch(q.id, { status: 'desisted', desistedOn: '2026-11-19', reason: how })
    expect(desisted.json.question.status).toBe('desisted')
    // The entity resolves to continue it after its due date: the days since the withdrawal counted.
    await s.at('2026-12-07T15:00:00Z')
    const published: { type: string; data: { id: string; status: string } }[] = []
    const publish = s.t.deps.live.publish.bind(s.t.deps.live)
    s.t.deps.live.publish = async (eventId, message) => {
      published.push(message as (typeof published)[number])
      return publish(eventId, message)
    }
    // Bad input is refused, and changes nothing.
    const bare = await s.patch(q.id, { continueExOfficio: true })
    expect([bare.status, bare.json.error.issues[0].path]).toEqual([400, 'reason'])
    expect(bare.json.error.issues[0].message).toBe(
      'Motive la continuación de oficio: la resolución y la razón de interés público.',
    )
    const otherDay = await s.patch(q.id, {
      continueExOfficio: true,
      desistedOn: '2026-11-18',
      reason: resolution,
    })
    expect([otherDay.status, otherDay.json.error.issues[0].path]).toEqual([400, 'desistedOn'])
    expect(otherDay.json.error.issues[0].message).toBe(
      'El desistimiento ya consta, del 19 de noviembre de 2026: envíe esa fecha o ninguna.',
    )
    const withStatus = await s.patch(q.id, { continueExOfficio: true, reason: resolution, status: 'pending' })
    expect([withStatus.status, withStatus.json.error.issues[0].path]).toEqual([400, 'continueExOfficio'])
    // A status alone is refused, saying how the continuation is recorded.
    const moved = await s.patch(q.id, { status: 'pending' })
    expect([moved.status, moved.json.error.code]).toEqual([409, 'STATUS_TRANSITION'])
    expect(moved.json.error.message).toContain(
      'si la entidad la continúa de oficio (art. 18), envíe continueExOfficio con la resolución motivada en reason.',
    )
    expect(await s.staffView(q.id)).toMatchObject({ status: 'desisted', desistedOn: '2026-11-19' })
    expect(published).toEqual([])

    const go = await s.patch(q.id, { continueExOfficio: true, desistedOn: '2026-11-19', reason: resolution })
    expect(go.status).toBe(200)
    expect(go.json.question).toMatchObject({
      status: 'pending',
      area: { key: 'despacho' },
      desistedOn: null,
      statusReason: null,
      dueDate: '2026-12-03',
      extendedDueDate: null,
      continuedExOfficioAt: '2026-12-07T15:00:00.000Z',
    })
    // The lookup shows it as the continuation recorded with the withdrawal does: running, as it was.
    const looked = await s.lookup(q.radicado)
    expect(looked).toMatchObject({ status: 'pending', dueDate: '2026-12-03', desistedOn: null })
    expect(looked).not.toHaveProperty('continuedExOfficioAt')
    const page = (await s.t.call('GET', `/e/evento?radicado=${q.radicado}`)).text
    expect(page).not.toContain('usted desistió')
    // The constancia keeps the withdrawal, and says that the entity continues it, with its resolution.
    const txt = (await s.constancia(q, 'txt')).text
    expect(txt).toContain('Fecha de vencimiento: jueves, 3 de diciembre de 2026\n')
    expect(txt).not.toContain('ya no corre')
    expect(txt).toContain(
      'Desistimiento expreso del peticionario (Ley 1755 de 2015, art. 18): jueves, 19 de noviembre de 2026\n',
    )
    expect(txt).toContain(
      'La entidad continúa de oficio la actuación, por razones de interés público (Ley 1755 de 2015, art. 18): lunes, 7 de diciembre de 2026',
    )
    expect(txt).toContain(`Resolución motivada: ${resolution}\n`)
    const en = (await s.constancia(q, 'txt&lang=en')).text
    expect(en).toContain('Due date: Thursday, December 3, 2026\n')
    expect(en).toContain('The entity continues the proceeding ex officio, for reasons of public interest')
    expect((await s.constancia(q)).json.constancia.exOfficio).toEqual({
      desistedOn: '2026-11-19',
      resolution,
      at: '2026-12-07T15:00:00.000Z',
    })
    // Audited, announced to the moderators and sent to the webhook.
    const history = (await s.t.call('GET', `/api/questions/${q.id}`, { token: s.token() })).json.history
    expect(history.at(-1)).toEqual(
      expect.objectContaining({
        action: 'question.continued_ex_officio',
        data: { from: 'desisted', status: 'pending', desistedOn: '2026-11-19', reason: resolution },
      }),
    )
    expect(published.map((m) => [m.type, m.data.id, m.data.status])).toContainEqual([
      'question.updated',
      q.id,
      'pending',
    ])
    const sent = sql(s.t, "select payload from webhook_deliveries where event_type = 'question.updated'").map(
      (r) => JSON.parse(r.payload).data,
    )
    expect(sent.map((d) => [d.status, d.desistedOn, d.continuedExOfficioAt])).toEqual([
      ['pending', null, null],
      ['desisted', '2026-11-19', null],
      ['pending', null, '2026-12-07T15:00:00.000Z'],
    ])
    // Counted as the petition it is again: pending, and late, its due date past unanswered.
    const p = await s.report()
    expect([p.received, p.desisted, p.pending]).toEqual([1, 0, 1])
    expect(p.onTime).toEqual({ due: 1, onTime: 0, percent: 0 })
    expect(p.summary).not.toContain('art. 18')
    const row = p.questions.find((r: { radicado: string }) => r.radicado === q.radicado)
    expect(row).toMatchObject({ status: 'pending', dueDateApplies: true })
  })

  it('gives back an extension, a suspension and a moderator’s hiding as they were, with their reasons', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const extended = await s.submit({ text: '¿Cuándo abre el mercado?' })
    const returned = await s.submit({ text: '¿Y el contrato?' })
    const hidden = await s.submit({ text: 'Juan Pérez, el vecino del 302, roba la luz' })
    await s.at('2026-11-13T15:00:00Z')
    const ok = async (id: string, body: Record<string, unknown>) =>
      expect((await s.patch(id, body)).status).toBe(200)
    await ok(extended.id, {
      status: 'extended',
      reason: 'Falta un concepto',
      noticeDate: '2026-11-13',
      newDueDate: '2026-12-18',
    })
    await ok(returned.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: 'El contrato' })
    await ok(hidden.id, { status: 'approved' })
    await ok(hidden.id, { status: 'hidden', reason: 'Nombra a un vecino' })
    const before = {
      extended: await s.staffView(extended.id),
      returned: await s.staffView(returned.id),
      hidden: await s.staffView(hidden.id),
    }
    await s.at('2026-11-20T15:00:00Z')
    for (const q of [extended, returned, hidden])
      await ok(q.id, { status: 'desisted', desistedOn: '2026-11-20', reason: how })
    await s.at('2026-11-24T15:00:00Z')
    for (const q of [extended, returned, hidden])
      await ok(q.id, { continueExOfficio: true, reason: resolution })
    const terms = (x: Record<string, unknown>) => ({
      status: x.status,
      statusReason: x.statusReason,
      dueDate: x.dueDate,
      extendedDueDate: x.extendedDueDate,
      extensionNoticeDate: x.extensionNoticeDate,
      completionRequestedOn: x.completionRequestedOn,
      completionDeadline: x.completionDeadline,
      completedOn: x.completedOn,
      desistedOn: x.desistedOn,
    })
    expect(terms(await s.staffView(extended.id))).toEqual(terms(before.extended))
    expect(terms(await s.staffView(returned.id))).toEqual(terms(before.returned))
    expect(terms(await s.staffView(hidden.id))).toEqual(terms(before.hidden))
    expect(terms(before.extended)).toMatchObject({ status: 'extended', statusReason: 'Falta un concepto' })
    expect(terms(before.hidden)).toMatchObject({ status: 'hidden', statusReason: 'Nombra a un vecino' })
    // The term of the one returned to be completed is suspended again: the month given runs as it did.
    expect(await s.lookup(returned.radicado)).toMatchObject({
      status: 'incomplete',
      completion: { requestedOn: '2026-11-13', deadline: before.returned.completionDeadline },
    })
    expect((await s.constancia(returned, 'txt')).text).toContain(
      'Fecha de vencimiento: suspendido mientras el peticionario completa la petición\n',
    )
    expect((await s.lookup(extended.radicado)).extensionReason).toBe('Falta un concepto')
    // The hidden one stays off the wall.
    const wall = (await s.t.call('GET', '/api/events/evento/questions')).json.questions
    expect(wall.map((x: { id: string }) => x.id)).not.toContain(hidden.id)
    const p = await s.report()
    // The hidden one is pending too: its term runs off the wall.
    expect([p.desisted, p.incomplete, p.pending]).toEqual([0, 1, 2])
  })

  it('is refused where art. 18 does not apply: a petition deemed withdrawn (art. 17), or settled otherwise', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-13T15:00:00Z')
    await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: 'El contrato' })
    // A month from Friday 13 November: Sunday 13 December, so Monday 14. Past it, deemed withdrawn.
    await s.at('2026-12-15T15:00:00Z')
    const act = 'Resolución 60 de 2026: se declara el desistimiento tácito'
    expect((await s.patch(q.id, { status: 'withdrawn', reason: act })).status).toBe(200)
    const refused = await s.patch(q.id, { continueExOfficio: true, reason: resolution })
    expect([refused.status, refused.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
    expect(refused.json.error.message).toBe(
      'Se declaró el desistimiento tácito (Ley 1755, art. 17), no el del peticionario: la continuación de oficio del art. 18 no aplica. El acto que lo declaró admite recurso de reposición, y la petición puede presentarse de nuevo con los requisitos completos.',
    )
    const english = await s.t.call('PATCH', `/api/questions/${q.id}`, {
      token: s.token(),
      body: { continueExOfficio: true, desistedOn: '2026-12-15', reason: resolution },
      headers: { 'accept-language': 'en' },
    })
    expect(english.json.error.message).toMatch(/^It was deemed withdrawn \(Ley 1755, art\. 17\)/)
    expect(await s.staffView(q.id)).toMatchObject({ status: 'withdrawn', statusReason: act })
    const history = (await s.t.call('GET', `/api/questions/${q.id}`, { token: s.token() })).json.history
    expect(history.map((h: { action: string }) => h.action)).not.toContain('question.continued_ex_officio')
    // Answered, there is no withdrawal to continue from.
    const answered = await s.submit()
    await s.patch(answered.id, { status: 'answered', answer: 'Sí.' })
    const late = await s.patch(answered.id, {
      continueExOfficio: true,
      desistedOn: '2026-12-15',
      reason: resolution,
    })
    expect([late.status, late.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
  })

  it('counts the days recorded in the calendar while it was withdrawn, as the terms that ran did', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    // Received on Wednesday 11 November: due Thursday 3 December; one withdrawn, one never.
    const q = await s.submit()
    const ran = await s.submit({ text: '¿Y la plaza de mercado?' })
    // Extended to Friday 18 December.
    const extended = await s.submit({ text: '¿Cuándo abre el mercado?' })
    await s.at('2026-11-13T15:00:00Z')
    const ext = { reason: 'Falta un concepto', noticeDate: '2026-11-13', newDueDate: '2026-12-18' }
    expect((await s.patch(extended.id, { status: 'extended', ...ext })).status).toBe(200)
    await s.at('2026-11-20T15:00:00Z')
    for (const x of [q, extended])
      expect(
        (await s.patch(x.id, { status: 'desisted', desistedOn: '2026-11-19', reason: how })).status,
      ).toBe(200)
    // Tuesday 24 November and Friday 18 December made rest days: the term that runs is moved, the
    // withdrawn ones are not, their terms running no more.
    const rest = (day: string, source: string) =>
      s.t.call('PUT', `/api/calendar/CO/days/${day}`, { token: s.token(), body: { rest: true, source } })
    const set = await rest('2026-11-24', 'Decreto 100 de 2026')
    expect(set.json.moved).toEqual([
      { id: ran.id, radicado: ran.radicado, from: '2026-12-03', to: '2026-12-04' },
    ])
    expect((await rest('2026-12-18', 'Decreto 101 de 2026')).json.moved).toEqual([])
    expect((await s.staffView(q.id)).dueDate).toBe('2026-12-03')

    // Continued, its term runs as if it had never stopped: due the day the other one is.
    await s.at('2026-11-25T15:00:00Z')
    const go = await s.patch(q.id, { continueExOfficio: true, reason: resolution })
    expect(go.status).toBe(200)
    expect(go.json.question).toMatchObject({ status: 'received', dueDate: '2026-12-04' })
    expect((await s.staffView(ran.id)).dueDate).toBe('2026-12-04')
    expect(await s.lookup(q.radicado)).toMatchObject({ status: 'received', dueDate: '2026-12-04' })
    const c = (await s.constancia(q)).json.constancia
    expect(c.dueDate).toBe('2026-12-04')
    expect(c.dueDateMoved).toEqual({
      from: '2026-12-03',
      reason: 'Contado de nuevo con el calendario vigente al continuar de oficio la actuación',
      cause: 'exOfficio',
      at: '2026-11-25T15:00:00.000Z',
    })
    const es = (await s.constancia(q, 'txt')).text
    expect(es).toContain('Fecha de vencimiento: viernes, 4 de diciembre de 2026\n')
    expect(es).toContain(
      '(antes jueves, 3 de diciembre de 2026): Contado de nuevo con el calendario vigente al continuar de oficio la actuación\n',
    )
    // Said in the constancia's language, as its other lines; also one kept before the cause was.
    const english =
      '(was Thursday, December 3, 2026): Counted again on the calendar in force when the proceeding was continued ex officio\n'
    const en = (await s.constancia(q, 'txt&lang=en')).text
    expect(en).toContain(english)
    expect(en).not.toContain('Contado de nuevo')
    ;(s.t.deps.db as unknown as { $client: { exec(s: string): void } }).$client.exec(
      `update questions set constancia = json_remove(constancia, '$.dueDateMoved.cause') where id = '${q.id}'`,
    )
    expect((await s.constancia(q)).json.constancia.dueDateMoved.cause).toBeUndefined()
    expect((await s.constancia(q, 'txt&lang=en')).text).toContain(english)
    // The extension runs to the day after the date told, now a rest day (Ley 4 de 1913, art. 62).
    const back = await s.patch(extended.id, { continueExOfficio: true, reason: resolution })
    expect(back.json.question).toMatchObject({ status: 'extended', extendedDueDate: '2026-12-21' })
    expect((await s.constancia(extended)).json.constancia.extension).toMatchObject({
      dueDate: '2026-12-21',
      told: '2026-12-18',
      reason: 'Falta un concepto',
      moved: { from: '2026-12-18', cause: 'exOfficio' },
    })
    expect((await s.constancia(extended, 'txt&lang=en')).text).toContain(
      'Extended date worked out again: Wednesday, November 25, 2026 at 10:00:00 AM (Colombia time) (was Friday, December 18, 2026): Counted again on the calendar in force when the proceeding was continued ex officio\n',
    )
    // Both follow the calendar from now on, as any running term: the day taken out, back to their dates.
    const removed = await s.t.call('DELETE', '/api/calendar/CO/days/2026-11-24', { token: s.token() })
    expect(removed.json.moved.map((m: { id: string; to: string }) => [m.id, m.to]).sort()).toEqual(
      [
        [q.id, '2026-12-03'],
        [ran.id, '2026-12-03'],
      ].sort(),
    )
    expect((await s.report()).questions.map((r: { dueDate: string }) => r.dueDate)).toEqual([
      '2026-12-03',
      '2026-12-03',
      '2026-12-21',
    ])
  })

  it('counts again on the new calendar a day recorded between its reads and its commit', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-20T15:00:00Z')
    await s.patch(q.id, { status: 'desisted', desistedOn: '2026-11-19', reason: how })
    await s.at('2026-11-25T15:00:00Z')
    // The decision reads the clock before the calendar, and again as it commits: there an admin's change
    // lands, as another request's commit would, and moves no term of a petition still withdrawn.
    const { deps, reads } = commitAtClockReads(s.t, (read) =>
      read === 2
        ? `insert into calendar_days (country, entity_id, date, rest, source, created_by)
            values ('CO', '', '2026-11-24', 1, 'Decreto 100 de 2026', 'admin@test.co');
          insert into calendar_versions (country, version) values ('CO', 1)
            on conflict (country) do update set version = version + 1`
        : undefined,
    )
    const user = { id: 'moderator', email: 'mod@test.co', role: 'moderator', tokenId: 't', entityIds: null }
    const done = await moderateQuestion(deps, user as SessionUser, q.id, {
      continueExOfficio: true,
      reason: resolution,
    })
    expect(reads()).toBeGreaterThan(2) // refused once, decided again
    expect(done.question).toMatchObject({ status: 'received', dueDate: '2026-12-04' })
    expect((await s.constancia(q)).json.constancia.dueDate).toBe('2026-12-04')
  })

  it('counts in the report, in every format and language, the petitions continued ex officio', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const after = await s.submit()
    const withIt = await s.submit({ text: '¿Y la plaza de mercado?' })
    const gone = await s.submit({ text: '¿Y el parque?' })
    await s.submit({ text: '¿Y la biblioteca?' })
    await s.at('2026-11-20T15:00:00Z')
    for (const q of [after, gone])
      await s.patch(q.id, { status: 'desisted', desistedOn: '2026-11-19', reason: how })
    // Word's document and a workbook's sheets as their text, every other format as it is.
    const read = async (format: string) => {
      const res = await s.t.app.request(`/api/events/evento/report?format=${format}`, {
        headers: { authorization: `Bearer ${s.token()}` },
      })
      expect(res.status).toBe(200)
      if (!res.headers.get('content-type')?.includes('officedocument')) return res.text()
      const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
      const parts = Object.keys(files).filter(
        (f) => f === 'word/document.xml' || f.startsWith('xl/worksheets/'),
      )
      return parts.map((f) => strFromU8(files[f]).replace(/<[^>]+>/g, ' ')).join('\n')
    }
    const es = 'Continuadas de oficio tras el desistimiento del peticionario (art. 18)'
    const en = 'Continued ex officio after the petitioner withdrew them (art. 18)'
    // None yet: no line, as for the other counts that may be zero.
    expect((await s.report()).continuedExOfficio).toBe(0)
    expect(await read('md')).not.toContain('Continuadas de oficio')
    expect(await read('csv')).not.toContain('Continuadas de oficio')

    await s.patch(withIt.id, { continueExOfficio: true, desistedOn: '2026-11-19', reason: resolution })
    await s.patch(after.id, { continueExOfficio: true, reason: resolution })
    const p = await s.report()
    // Each is counted under its status again, and apart as continued.
    expect([p.received, p.desisted, p.pending, p.continuedExOfficio]).toEqual([4, 1, 3, 2])
    expect(await read('md')).toContain(`| ${es} | 2 |`)
    expect(await read('md&lang=en')).toContain(`| ${en} | 2 |`)
    expect(await read('html')).toMatch(
      new RegExp(`${es.replace(/[()]/g, '\\$&')}</t[hd]>\\s*<td[^>]*>2</td>`),
    )
    expect(await read('html&lang=en')).toContain(en)
    expect(await read('csv')).toContain(`PQRSD;${es};;2;`)
    expect(await read('csv&lang=en')).toContain(`PQRSD;${en};;2;`)
    // In Word, the label and its count in two cells of one row; in the workbook, the CSV's row.
    const cells = (text: string) => text.replace(/\s+/g, ' ')
    expect(cells(await read('docx'))).toContain(`${es} 2 `)
    expect(cells(await read('docx&lang=en'))).toContain(`${en} 2 `)
    expect(cells(await read('xlsx'))).toContain(`${es} 2 `)
  })

  it('refuses a new withdrawal once the entity continued the proceeding ex officio, and changes nothing', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const after = await s.submit()
    const withIt = await s.submit({ text: '¿Y la plaza de mercado?' })
    await s.at('2026-11-20T15:00:00Z')
    // Continued once the withdrawal was recorded, on Monday 23 November; and with the withdrawal, on the 20th.
    expect(
      (await s.patch(after.id, { status: 'desisted', desistedOn: '2026-11-19', reason: how })).status,
    ).toBe(200)
    expect(
      (await s.patch(withIt.id, { continueExOfficio: true, desistedOn: '2026-11-19', reason: resolution }))
        .status,
    ).toBe(200)
    await s.at('2026-11-23T15:00:00Z')
    expect((await s.patch(after.id, { continueExOfficio: true, reason: resolution })).status).toBe(200)
    // The staff view says when, either way, at the instant the constancia gives.
    expect(await s.staffView(after.id)).toMatchObject({
      status: 'received',
      desistedOn: null,
      continuedExOfficioAt: '2026-11-23T15:00:00.000Z',
    })
    expect(await s.staffView(withIt.id)).toMatchObject({
      status: 'received',
      continuedExOfficioAt: '2026-11-20T15:00:00.000Z',
    })
    expect((await s.constancia(withIt)).json.constancia.exOfficio.at).toBe('2026-11-20T15:00:00.000Z')
    await s.at('2026-11-25T15:00:00Z')
    const rows = () =>
      sql(s.t, 'select id, status, desisted_on, updated_at, constancia from questions order by id')
    const audits = () => sql(s.t, 'select count(*) as n from audit_log')[0].n
    const before = { rows: rows(), audits: audits() }
    const again = { status: 'desisted', desistedOn: '2026-11-24', reason: 'Otro escrito en la ventanilla' }
    const refused = await s.patch(after.id, again)
    expect([refused.status, refused.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
    expect(refused.json.error.message).toBe(
      'La entidad continuó de oficio esta actuación el 23 de noviembre de 2026, por razones de interés público (Ley 1755 de 2015, art. 18): un nuevo desistimiento del peticionario ya no la termina.',
    )
    const english = await s.t.call('PATCH', `/api/questions/${withIt.id}`, {
      token: s.token(),
      body: again,
      headers: { 'accept-language': 'en' },
    })
    expect([english.status, english.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
    expect(english.json.error.message).toBe(
      'The entity continued this proceeding ex officio on November 20, 2026, for reasons of public interest (Ley 1755 de 2015, art. 18): a new withdrawal by the petitioner no longer ends it.',
    )
    // Nor recorded with another continuation: the entity already decided.
    const twice = await s.patch(withIt.id, {
      continueExOfficio: true,
      desistedOn: '2026-11-24',
      reason: resolution,
    })
    expect([twice.status, twice.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
    expect(rows()).toEqual(before.rows)
    expect(audits()).toBe(before.audits)
    expect(await s.lookup(after.radicado)).toMatchObject({ status: 'received', desistedOn: null })
    // Its term runs on: it is answered as any other.
    expect(
      (await s.patch(after.id, { status: 'answered', answer: 'Se reforzó la vigilancia.' })).status,
    ).toBe(200)
  })
})

describe('the continuation ex officio as the question keeps it', () => {
  it('is read from the question by the rule, the report and the staff view, whatever the audit log holds', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    const never = await s.submit({ text: '¿Y la plaza de mercado?' })
    // As migration 0023 fills it for a petition continued before it: on the question, with no audit entry
    // in this database to tell it.
    ;(s.t.deps.db as unknown as { $client: { exec(s: string): void } }).$client.exec(
      `update questions set continued_ex_officio_at = '2026-11-13T15:00:00.000Z' where id = '${q.id}'`,
    )
    await s.at('2026-11-20T15:00:00Z')
    expect(await s.staffView(q.id)).toMatchObject({
      status: 'received',
      continuedExOfficioAt: '2026-11-13T15:00:00.000Z',
    })
    expect(await s.staffView(never.id)).toMatchObject({ status: 'received', continuedExOfficioAt: null })
    expect((await s.report()).continuedExOfficio).toBe(1)
    const refused = await s.patch(q.id, {
      status: 'desisted',
      desistedOn: '2026-11-19',
      reason: 'Por escrito',
    })
    expect([refused.status, refused.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
    expect(refused.json.error.message).toMatch(
      /^La entidad continuó de oficio esta actuación el 13 de noviembre de 2026,/,
    )
    // The one never continued takes its petitioner's withdrawal.
    const taken = await s.patch(never.id, {
      status: 'desisted',
      desistedOn: '2026-11-19',
      reason: 'Por escrito',
    })
    expect(taken.status).toBe(200)
    expect(taken.json.question).toMatchObject({ status: 'desisted', continuedExOfficioAt: null })
  })
})

describe('a duplicate unmerged from the petition whose extension it took', () => {
  // The extension was told to this petitioner too (its lookup and the `question.updated` webhook gave the
  // new date and the reason): a merge undone inside the entity takes back nothing the petitioner was told,
  // and the date that binds an extended term is the one told, not the first due date, which no calendar
  // change moves once the term is extended. So nothing is dated again, and no calendar read is guarded.
  it('keeps the extension and the date its petitioner was told, whatever the calendar did meanwhile', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const primary = await s.submit()
    const dup = await s.submit({ text: '¿Habrá más ferias este año?' })
    await s.patch(dup.id, { status: 'approved' })
    await s.at('2026-11-13T15:00:00Z')
    const ext = { status: 'extended', reason: 'Falta un concepto', noticeDate: '2026-11-13' }
    expect((await s.patch(primary.id, { ...ext, newDueDate: '2026-12-18' })).status).toBe(200)
    expect((await s.patch(dup.id, { mergeInto: primary.id })).json.question).toMatchObject({
      status: 'extended',
      extendedDueDate: '2026-12-18',
    })
    const told = await s.lookup(dup.radicado)
    expect(told).toMatchObject({ status: 'extended', extendedDueDate: '2026-12-18' })
    const rest = await s.t.call('PUT', '/api/calendar/CO/days/2026-11-24', {
      token: s.token(),
      body: { rest: true, source: 'Decreto 100 de 2026' },
    })
    expect(rest.json.moved).toEqual([])
    await s.at('2026-11-25T15:00:00Z')
    const done = await s.patch(dup.id, { mergeInto: null })
    expect(done.status).toBe(200)
    expect(done.json.question).toMatchObject({
      status: 'extended',
      mergedInto: null,
      dueDate: dup.dueDate,
      extendedDueDate: '2026-12-18',
      extensionNoticeDate: '2026-11-13',
      statusReason: 'Falta un concepto',
    })
    const term = ({
      status,
      dueDate,
      extendedDueDate,
      extensionNoticeDate,
      extensionReason,
    }: typeof told) => ({
      status,
      dueDate,
      extendedDueDate,
      extensionNoticeDate,
      extensionReason,
    })
    expect(term(await s.lookup(dup.radicado))).toEqual(term(told))
    expect((await s.constancia(dup)).json.constancia.extension).toMatchObject({ dueDate: '2026-12-18' })
  })
})

describe('a day recorded in the calendar between a decision on a term and its commit', () => {
  // Each decision reads the clock before the calendar, and again as it commits: there an admin's change
  // lands, as another request's commit would. The terms it moves (`moveTerms`) are those committed before
  // it, not the date the decision is about to commit, which must count the day all the same.
  const asked = 'Copia del certificado de existencia de la asociación'
  const user = { id: 'moderator', email: 'mod@test.co', role: 'moderator', tokenId: 't', entityIds: null }
  const bump = `insert into calendar_versions (country, version) values ('CO', 1)
      on conflict (country) do update set version = version + 1`
  const restDay = (date: string) =>
    `insert into calendar_days (country, entity_id, date, rest, source, created_by)
      values ('CO', '', '${date}', 1, 'Decreto 100 de 2026', 'admin@test.co'); ${bump}`
  /** `patch` decided with `change` committed between its reads and its commit. */
  const racing = async (s: Awaited<ReturnType<typeof setup>>, id: string, patch: unknown, change: string) => {
    const { deps, reads } = commitAtClockReads(s.t, (read) => (read === 2 ? change : undefined))
    const done = await moderateQuestion(deps, user as SessionUser, id, patch as ModerateInput).catch(
      (err: unknown) => err as ApiError,
    )
    expect(reads()).toBeGreaterThan(2) // refused once, decided again
    return done
  }

  it('refuses an extension to a day made a rest day meanwhile, as it would have been after it', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-13T15:00:00Z')
    // Due Thursday 3 December; extended to Friday 18 December, which an admin makes a rest day meanwhile.
    const ext = { status: 'extended', reason: 'Falta un concepto', noticeDate: '2026-11-13' }
    const done = await racing(s, q.id, { ...ext, newDueDate: '2026-12-18' }, restDay('2026-12-18'))
    expect(done).toBeInstanceOf(ApiError)
    expect((done as ApiError).code).toBe('EXTENSION_NOT_ALLOWED')
    expect((done as ApiError).detail?.es).toBe(
      'El 18 de diciembre de 2026 no es día hábil; el siguiente es el 21 de diciembre de 2026.',
    )
    expect(await s.staffView(q.id)).toMatchObject({ status: 'received', extendedDueDate: null })
    const ok = await s.patch(q.id, { ...ext, newDueDate: '2026-12-21' })
    expect([ok.status, ok.json.question.extendedDueDate]).toEqual([200, '2026-12-21'])
  })

  it('gives a petition returned to be completed until the business day after a day made a rest day meanwhile', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-13T15:00:00Z')
    // A month from Friday 13 November is Monday 14 December (13 is a Sunday), made a rest day meanwhile.
    const done = await racing(
      s,
      q.id,
      { status: 'incomplete', requestedOn: '2026-11-13', requested: asked },
      restDay('2026-12-14'),
    )
    expect(done).toMatchObject({ question: { status: 'incomplete', completionDeadline: '2026-12-15' } })
    expect((await s.lookup(q.radicado)).completion.deadline).toBe('2026-12-15')
    expect((await s.constancia(q)).json.constancia.completion.deadline).toBe('2026-12-15')
  })

  it('counts the term of a completed petition again over a day made a rest day meanwhile', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-13T15:00:00Z')
    await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: asked })
    // Completed on Friday 4 December: due Tuesday 29 December, or Wednesday 30 with Wednesday 16 a rest day,
    // which is after the last day to complete it (14 December), so the calendar change moved nothing.
    await s.at('2026-12-04T15:00:00Z')
    const done = await racing(
      s,
      q.id,
      { status: 'pending', area: 'despacho', completedOn: '2026-12-04' },
      restDay('2026-12-16'),
    )
    expect(done).toMatchObject({ question: { status: 'pending', dueDate: '2026-12-30' } })
    expect((await s.lookup(q.radicado)).dueDate).toBe('2026-12-30')
    expect((await s.constancia(q)).json.constancia.dueDate).toBe('2026-12-30')
  })

  it('extends the time to complete a petition to the business day after a day made a rest day meanwhile', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-13T15:00:00Z')
    await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: asked })
    // Two months from the request, Wednesday 13 January 2027, made a rest day meanwhile.
    await s.at('2026-12-14T15:00:00Z')
    const done = await racing(s, q.id, { extendCompletion: true }, restDay('2027-01-13'))
    expect(done).toMatchObject({ question: { status: 'incomplete', completionDeadline: '2027-01-14' } })
    expect((await s.constancia(q)).json.constancia.completion.deadline).toBe('2027-01-14')
  })

  it('merges into an extended petition only as the calendar at its commit allows the duplicate’s term', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const primary = await s.submit()
    const dup = await s.submit({ text: '¿Habrá más ferias este año?' })
    await s.at('2026-11-13T15:00:00Z')
    // Twice the term from receipt ends on Monday 28 December; with Monday 21 a rest day, on Tuesday 29,
    // to which the primary is extended.
    const rest = await s.t.call('PUT', '/api/calendar/CO/days/2026-12-21', {
      token: s.token(),
      body: { rest: true, source: 'Decreto 100 de 2026' },
    })
    expect(rest.json.moved).toEqual([])
    const ext = { status: 'extended', reason: 'Falta un concepto', noticeDate: '2026-11-13' }
    expect((await s.patch(primary.id, { ...ext, newDueDate: '2026-12-29' })).status).toBe(200)
    // The day taken back out while the duplicate is merged: the primary's date is past its limit now.
    const removed = `delete from calendar_days where country = 'CO' and date = '2026-12-21'; ${bump}`
    const done = await racing(s, dup.id, { mergeInto: primary.id }, removed)
    expect(done).toBeInstanceOf(ApiError)
    expect((done as ApiError).code).toBe('EXTENSION_NOT_ALLOWED')
    expect((done as ApiError).detail?.es).toContain(
      'no pasar del 28 de diciembre de 2026 (el doble del término). Prorróguela antes de unirla.',
    )
    expect(await s.staffView(dup.id)).toMatchObject({ status: 'received', mergedInto: null })
  })
})

describe('a decision on a term committed between a calendar change’s reads and its commit', () => {
  const asked = 'Copia del certificado de existencia de la asociación'
  const admin = { id: 'admin', email: 'admin@test.co' }
  /**
   * An admin makes `date` a rest day: the change reads the calendar and the running terms, then its first
   * commit is held (the database it commits on hands the batch over, as D1's does, once `meanwhile` has
   * run to its end) and goes to the file as it was decided. Answers the change and how many of its commits
   * the calendar's guard refused.
   */
  const heldChange = async (
    s: Awaited<ReturnType<typeof setup>>,
    date: string,
    meanwhile: () => Promise<unknown>,
  ) => {
    const real = s.t.deps.db
    let reached!: () => void
    let release!: () => void
    const at = new Promise<void>((r) => (reached = r))
    const go = new Promise<void>((r) => (release = r))
    let commits = 0
    let refused = 0
    const db = Object.create(real, {
      batch: {
        value: async (stmts: Parameters<typeof commit>[1]) => {
          commits += 1
          if (commits === 1) {
            reached()
            await go
          }
          return commit(real, stmts).catch((err: unknown) => {
            if (isCalendarRace(err)) refused += 1
            throw err
          })
        },
      },
    }) as Deps['db']
    const change = setCalendarDay({ ...s.t.deps, db }, admin, {
      country: 'CO',
      date,
      rest: true,
      source: 'Decreto 100 de 2026',
    })
    await at
    await meanwhile()
    release()
    return { change: await change, refused }
  }

  it('is counted by the change decided again: a petition returned to be completed meanwhile', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    await s.at('2026-11-13T15:00:00Z')
    // A month from Friday 13 November is Monday 14 December (13 is a Sunday): the day made a rest day.
    const { change, refused } = await heldChange(s, '2026-12-14', async () => {
      const r = await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: asked })
      expect([r.status, r.json.question.completionDeadline]).toEqual([200, '2026-12-14'])
    })
    expect(refused).toBe(1) // decided again on a fresh read
    expect(change.moved).toEqual([
      { id: q.id, radicado: q.radicado, from: '2026-12-14', to: '2026-12-15', completion: true },
    ])
    expect((await s.staffView(q.id)).completionDeadline).toBe('2026-12-15')
    expect((await s.lookup(q.radicado)).completion.deadline).toBe('2026-12-15')
    expect((await s.constancia(q)).json.constancia.completion.deadline).toBe('2026-12-15')
  })

  it('moves a petition filed meanwhile whatever the order of its id, and a decision with it', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    const q = await s.submit()
    // Filed before, with an id after any filed from now on: as two petitions may commit on D1, out of
    // the order of their ids, so the newest id says nothing of a petition committed meanwhile.
    const early = await s.submit({ text: '¿Y el alumbrado?' })
    const late = 'ffffffff-ffff-7fff-bfff-ffffffffffff'
    const client = (s.t.deps.db as unknown as { $client: { exec(s: string): void } }).$client
    client.exec(`update questions set id = '${late}' where id = '${early.id}'`)
    await s.at('2026-11-13T15:00:00Z')
    const consulta = { type: 'consulta', text: '¿Cómo se liquida el impuesto predial?' }
    let filed!: Awaited<ReturnType<typeof s.submit>>
    const { refused } = await heldChange(s, '2026-12-14', async () => {
      filed = await s.submit(consulta)
      await s.patch(q.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: asked })
    })
    expect(refused).toBe(1)
    // Thirty business days, over the day made a rest day: as one filed once the change is committed.
    const after = await s.submit({ ...consulta, text: '¿Y el de industria y comercio?' })
    expect(filed.dueDate < after.dueDate).toBe(true)
    expect((await s.staffView(filed.id)).dueDate).toBe(after.dueDate)
    expect((await s.lookup(filed.radicado)).dueDate).toBe(after.dueDate)
    expect((await s.staffView(q.id)).completionDeadline).toBe('2026-12-15')
    // Counted: the filings and the decision, and the version the change moved once.
    expect(sql(s.t, 'select version, dated from calendar_versions')).toEqual([{ version: 1, dated: 5 }])
  })
})

describe('the staff list by due date', () => {
  it('puts the running terms first by the nearest due date, then the suspended ones, then the settled, as the console does', async () => {
    const s = await setup('2026-11-11T15:00:00Z')
    // Due Thursday 3 December.
    const returned = await s.submit({ text: 'Devuelta para completar' })
    const held = await s.submit({ text: 'Pendiente en el despacho' })
    const answered = await s.submit({ text: 'Respondida' })
    const withdrawn = await s.submit({ text: 'Retirada por su peticionario' })
    await s.at('2026-11-12T15:00:00Z')
    const extended = await s.submit({ text: 'Prorrogada' }) // due Friday 4 December
    await s.at('2026-11-13T15:00:00Z')
    const later = await s.submit({ text: 'Recibida después' }) // due Monday 7 December
    const ok = async (id: string, body: Record<string, unknown>) =>
      expect((await s.patch(id, body)).status).toBe(200)
    await ok(returned.id, { status: 'incomplete', requestedOn: '2026-11-13', requested: 'El contrato' })
    await ok(held.id, { status: 'pending', area: 'despacho' })
    await ok(answered.id, { status: 'answered', answer: 'Sí.' })
    await ok(withdrawn.id, { status: 'desisted', desistedOn: '2026-11-13', reason: 'Por teléfono' })
    await ok(extended.id, {
      status: 'extended',
      reason: 'Falta un concepto',
      noticeDate: '2026-11-13',
      newDueDate: '2026-12-18',
    })
    const list = async (query: string) =>
      (await s.t.call('GET', `/api/events/evento/questions?sort=due${query}`, { token: s.token() })).json
    const all = await list('')
    const expected = [held, later, extended, returned, answered, withdrawn].map((q) => q.radicado)
    expect(all.questions.map((q: { radicado: string }) => q.radicado)).toEqual(expected)
    // The console sorts its list with the same rule, and finds the same order.
    expect([...all.questions].sort(byDue).map((q: { radicado: string }) => q.radicado)).toEqual(expected)
    // A page at a time, the same order.
    const paged: string[] = []
    for (let page = await list('&limit=2'); ; page = await list(`&limit=2&cursor=${page.nextCursor}`)) {
      paged.push(...page.questions.map((q: { radicado: string }) => q.radicado))
      if (!page.nextCursor) break
    }
    expect(paged).toEqual(expected)
  })
})

describe("an Ecuadorian entity's petitions", () => {
  // Ley 1755 de 2015 is Colombia's: neither the receipt of a petition filed with a GAD nor its report
  // names any of its articles.
  it('names the forwarding, the withdrawal and the continuation ex officio without citing Colombian law', async () => {
    const s = await setup('2026-11-11T15:00:00Z', {
      country: 'EC',
      entity: { name: 'GAD Municipal del Cantón Cuenca', nit: '0160000270001', radicadoPrefix: 'GMC' },
    })
    const forwarded = await s.submit({ text: '¿Quién arregla la vía estatal?' })
    const desisted = await s.submit({ text: '¿Habrá feria en El Vecino?' })
    await s.at('2026-11-13T20:00:00Z')
    const moved = await s.patch(forwarded.id, {
      status: 'forwarded',
      forwardedTo: 'Ministerio de Transporte y Obras Públicas',
      reason: 'La vía es estatal',
    })
    expect(moved.status, moved.text).toBe(200)
    const how = 'Lo dijo por escrito el 12 de noviembre'
    const gone = await s.patch(desisted.id, { status: 'desisted', desistedOn: '2026-11-12', reason: how })
    expect(gone.status, gone.text).toBe(200)
    const resumed = await s.patch(desisted.id, {
      continueExOfficio: true,
      reason: 'Resolución 12-2026: el tema es de interés público',
    })
    expect(resumed.status, resumed.text).toBe(200)
    const texts = [
      (await s.constancia(forwarded, 'txt')).text,
      (await s.constancia(desisted, 'txt')).text,
      (await s.constancia(desisted, 'txt&lang=en')).text,
      (await s.constancia(desisted, 'html')).text,
    ]
    expect(texts[0]).toContain('Plazo para el traslado: ')
    expect(texts[1]).toContain('Desistimiento expreso del peticionario: jueves, 12 de noviembre de 2026\n')
    expect(texts[2]).toContain('Withdrawn by the petitioner: ')
    expect(texts[1]).toContain('La entidad continúa de oficio la actuación, por razones de interés público: ')
    for (const text of texts) expect(text).not.toMatch(/Ley 1755|art\. \d/)
    // The report counts it as continued ex officio, citing no article either.
    const md = (await s.t.call('GET', '/api/events/evento/report?format=md', { token: s.token() })).text
    expect(md).toContain('| Continuadas de oficio tras el desistimiento del peticionario | 1 |')
    // A new withdrawal is refused, without Colombia's law either.
    const again = await s.patch(desisted.id, { status: 'desisted', desistedOn: '2026-11-13', reason: how })
    expect([again.status, again.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
    expect(again.json.error.message).toBe(
      'La entidad continuó de oficio esta actuación el 13 de noviembre de 2026, por razones de interés público: un nuevo desistimiento del peticionario ya no la termina.',
    )
  })

  it("says a petition its petitioner withdrew takes no other status, citing art. 18 for a Colombian entity's only", async () => {
    for (const country of ['EC', 'CO'] as const) {
      const s = await setup(
        '2026-11-11T15:00:00Z',
        country === 'EC'
          ? {
              country,
              entity: {
                name: 'GAD Municipal del Cantón Cuenca',
                nit: '0160000270001',
                radicadoPrefix: 'GMC',
              },
            }
          : {},
      )
      const q = await s.submit({ text: '¿Habrá feria en El Vecino?' })
      await s.at('2026-11-13T20:00:00Z')
      const gone = await s.patch(q.id, {
        status: 'desisted',
        desistedOn: '2026-11-12',
        reason: 'Por escrito',
      })
      expect(gone.status, gone.text).toBe(200)
      const body = { status: 'answered', answer: 'En diciembre.' }
      const refused = await s.patch(q.id, body)
      const english = await s.t.call('PATCH', `/api/questions/${q.id}`, {
        token: s.token(),
        body,
        headers: { 'accept-language': 'en' },
      })
      expect([refused.status, refused.json.error.code]).toEqual([409, 'STATUS_TRANSITION'])
      const [es, en] = [refused.json.error.message, english.json.error.message]
      if (country === 'EC') {
        expect(es).toContain(
          'Ya no admite otro estado; si la entidad la continúa de oficio, envíe continueExOfficio con la resolución motivada en reason.',
        )
        expect(en).toContain('should the entity continue it ex officio, send continueExOfficio')
        for (const text of [es, en]) expect(text).not.toMatch(/Ley 1755|art\. \d/)
      } else {
        expect(es).toContain('si la entidad la continúa de oficio (art. 18), envíe continueExOfficio')
        expect(en).toContain('should the entity continue it ex officio (art. 18), send continueExOfficio')
      }
    }
  })

  it('refuses to continue ex officio a petition deemed withdrawn without citing Colombian law', async () => {
    const s = await setup('2026-11-11T15:00:00Z', {
      country: 'EC',
      entity: { name: 'GAD Municipal del Cantón Cuenca', nit: '0160000270001', radicadoPrefix: 'GMC' },
    })
    const q = await s.submit({ text: '¿Cuándo arreglan la acera de la calle Larga?' })
    await s.at('2026-11-13T15:00:00Z')
    const asked = { status: 'incomplete', requestedOn: '2026-11-13', requested: 'La dirección exacta' }
    expect((await s.patch(q.id, asked)).status).toBe(200)
    await s.at('2026-12-16T15:00:00Z')
    const act = 'Resolución 30-2026: se declara el desistimiento tácito'
    expect((await s.patch(q.id, { status: 'withdrawn', reason: act })).status).toBe(200)
    const body = { continueExOfficio: true, reason: 'Resolución 31-2026: interés público' }
    const refused = await s.patch(q.id, body)
    expect([refused.status, refused.json.error.code]).toEqual([422, 'DESISTANCE_NOT_ALLOWED'])
    expect(refused.json.error.message).toBe(
      'Se declaró el desistimiento tácito, no el del peticionario: la continuación de oficio no aplica. El acto que lo declaró puede impugnarse, y la petición puede presentarse de nuevo con los requisitos completos.',
    )
    const english = await s.t.call('PATCH', `/api/questions/${q.id}`, {
      token: s.token(),
      body,
      headers: { 'accept-language': 'en' },
    })
    expect(english.json.error.message).toMatch(/^It was deemed withdrawn, not withdrawn by its petitioner/)
    for (const r of [refused, english])
      expect(r.json.error.message).not.toMatch(/Ley 1755|art\. \d|reposición/)
  })

  it('reports the late forwardings and the withdrawals without citing Colombian law', async () => {
    const s = await setup('2026-11-11T15:00:00Z', {
      country: 'EC',
      entity: { name: 'GAD Municipal del Cantón Cuenca', nit: '0160000270001', radicadoPrefix: 'GMC' },
    })
    const late = await s.submit({ text: '¿Quién arregla la vía estatal?' })
    const desisted = await s.submit({ text: '¿Habrá feria en El Vecino?' })
    // Five business days from Wednesday 11 November in Ecuador: forwarding by Wednesday 18; done on Friday 20.
    await s.at('2026-11-20T20:00:00Z')
    expect(await s.staffView(late.id)).toMatchObject({ forwardDueDate: '2026-11-18' })
    const moved = await s.patch(late.id, { status: 'forwarded', forwardedTo: 'MTOP', reason: 'Vía estatal' })
    expect(moved.status, moved.text).toBe(200)
    const gone = await s.patch(desisted.id, {
      status: 'desisted',
      desistedOn: '2026-11-19',
      reason: 'Por escrito',
    })
    expect(gone.status, gone.text).toBe(200)
    const p = await s.report()
    expect(p).toMatchObject({ forwarded: 1, forwardedLate: 1, desisted: 1 })
    expect(p.summary).toContain('1 se trasladó a la entidad competente (1 después de los 5 días hábiles)')
    expect(p.summary).toContain('1 la retiró su peticionario (desistimiento)')
    const read = (format: string) =>
      s.t.call('GET', `/api/events/evento/report?format=${format}`, { token: s.token() })
    const md = (await read('md')).text
    expect(md).toContain('| Trasladadas después de 5 días hábiles | 1 |')
    expect(md).toContain('| Desistidas por el peticionario | 1 |')
    const en = (await read('md&lang=en')).text
    expect(en).toContain('1 forwarded to the competent entity (1 after the 5 business days)')
    expect(en).toContain('1 withdrawn by the petitioner and 0 remain pending.')
    for (const text of [md, en, (await read('csv')).text, (await read('html')).text])
      expect(text).not.toMatch(/Ley 1755|\(art\. \d|, art\. \d/)
  })
})

describe('a petition hidden from the wall by moderation', () => {
  it('is answered in writing, forwarded, extended or returned to be completed, and stays off the wall', async () => {
    // Received on Friday 27 November 2026: due Monday 21 December (Tuesday 8 December is a holiday), to
    // be forwarded by Friday 4 December; extended, at most to Thursday 14 January 2027 (30 business days,
    // 25 December, 1 and 11 January being holidays).
    const s = await setup('2026-11-27T19:00:00Z')
    const texts = [
      'Juan Pérez, el vecino del 302, roba la luz del alumbrado',
      'El inspector Gómez cobra por las licencias',
      'Denuncio que el contratista de la vía no paga a los obreros',
      'Denuncio al edil por usar el carro oficial',
    ]
    const qs: { id: string; radicado: string }[] = []
    for (const text of texts) {
      const q = await s.submit({ type: 'denuncia', text })
      expect((await s.patch(q.id, { status: 'approved' })).status).toBe(200)
      expect((await s.patch(q.id, { status: 'hidden', reason: 'Nombra a una persona' })).status).toBe(200)
      qs.push(q)
    }
    const seen = await publicSide(s)
    await s.at('2026-12-03T15:00:00Z')
    const steps = [
      { status: 'answered', answer: 'Se trasladó a control interno y se abrió indagación.' },
      { status: 'forwarded', forwardedTo: 'Procuraduría Provincial de Bogotá' },
      {
        status: 'extended',
        reason: 'Se pidió informe a la interventoría',
        noticeDate: '2026-12-03',
        newDueDate: '2027-01-14',
      },
      { status: 'incomplete', requested: 'La fecha y el lugar de los hechos', requestedOn: '2026-12-03' },
    ]
    for (const [i, step] of steps.entries()) {
      const res = await s.patch(qs[i].id, step)
      expect([res.status, res.json.question?.status]).toEqual([200, step.status])
      // Never back on the wall, nor on the public copy of the report, nor in the lookup's words.
      expect(res.json.question).toMatchObject({ approvedAt: null, pinned: false })
      expect((await s.lookup(qs[i].radicado)).question).toBeNull()
      expect((await seen.publicRow(qs[i].radicado)).text).toBeNull()
    }
    expect(await s.staffView(qs[2].id)).toMatchObject({
      extendedDueDate: '2027-01-14',
      dueDate: '2026-12-21',
    })
    expect((await s.lookup(qs[3].radicado)).completion).toMatchObject({ deadline: '2027-01-04' })
    expect(await seen.wall()).toEqual([])
    expect(await seen.onWall()).toBe(0)
    expect(seen.published).toEqual([])
    // The answer counts as one given in writing, within its term.
    const report = await s.report()
    expect(report).toMatchObject({ answeredInWriting: 1, forwarded: 1, incomplete: 1, pending: 1 })
    expect(report.onTime).toEqual({ due: 1, onTime: 1, percent: 100 })
    // The extended one, answered later, is no more public than before.
    await s.at('2027-01-12T15:00:00Z')
    const done = await s.patch(qs[2].id, {
      status: 'answered',
      answer: 'La interventoría confirmó los pagos.',
    })
    expect([done.status, done.json.question.approvedAt]).toEqual([200, null])
    expect(await seen.wall()).toEqual([])
  })

  it('still goes back to the wall when the hide is undone, and its withdrawal keeps where it was', async () => {
    const s = await setup('2026-11-27T19:00:00Z')
    const q = await s.submit({ text: '¿Cuándo arreglan la vía a la vereda El Carmen?' })
    await s.patch(q.id, { status: 'approved' })
    await s.patch(q.id, { status: 'hidden', reason: 'Por error' })
    const back = await s.patch(q.id, { status: 'approved' })
    expect(back.json.question.approvedAt).not.toBeNull()
    const other = await s.submit({ text: '¿Y la feria?' })
    await s.patch(other.id, { status: 'approved' })
    await s.patch(other.id, { status: 'hidden', reason: 'Repetida' })
    const gone = await s.patch(other.id, {
      status: 'desisted',
      desistedOn: '2026-11-27',
      reason: 'En la mesa',
    })
    expect(gone.json.question.approvedAt).not.toBeNull()
  })
})

describe('the list of petitions for the control office', () => {
  it('says of each petition when it was answered and whether within its term, in the JSON and the spreadsheets', async () => {
    // Received on Friday 27 November 2026: a petition of documents is due Monday 14 December (10 business
    // days, 8 December a holiday); a petition, Monday 21 December.
    const s = await setup('2026-11-27T19:00:00Z')
    const early = await s.submit({ type: 'peticion_documentos', text: 'Copia del contrato de la feria' })
    const late = await s.submit({ type: 'peticion_documentos', text: 'Copia del acta de la mesa' })
    const overdue = await s.submit({ type: 'peticion_documentos', text: 'Copia del presupuesto' })
    const running = await s.submit({ text: '¿Habrá feria en enero?' })
    const forwarded = await s.submit({ text: '¿Y la vía departamental?' })
    await s.at('2026-12-11T20:00:00Z')
    await s.patch(early.id, { status: 'answered', answer: 'Se envía la copia.' })
    await s.patch(forwarded.id, { status: 'forwarded', forwardedTo: 'Gobernación de Cundinamarca' })
    await s.at('2026-12-15T14:30:00Z')
    await s.patch(late.id, { status: 'answered', answer: 'Se envía el acta.' })
    const rows = new Map(
      (await s.report()).questions.map((q: { radicado: string }) => [q.radicado, q]),
    ) as Map<string, Record<string, unknown>>
    expect(rows.get(early.radicado)).toMatchObject({
      answeredAt: '2026-12-11T20:00:00.000Z',
      answeredOnTime: true,
    })
    expect(rows.get(late.radicado)).toMatchObject({
      answeredAt: '2026-12-15T14:30:00.000Z',
      answeredOnTime: false,
    })
    expect(rows.get(overdue.radicado)).toMatchObject({ answeredAt: null, answeredOnTime: false })
    expect(rows.get(running.radicado)).toMatchObject({ answeredAt: null, answeredOnTime: null })
    expect(rows.get(forwarded.radicado)).toMatchObject({ answeredAt: null, answeredOnTime: null })
    // The figure is these rows counted: one of three within the term.
    expect((await s.report()).onTime).toEqual({ due: 3, onTime: 1, percent: 33.3 })

    const csv = (await s.t.call('GET', '/api/events/evento/report?format=csv', { token: s.token() })).text
    const table = csv.split('\r\n').filter((l) => l.startsWith('Preguntas PQRSD;'))
    const head = table[0].split(';')
    const cell = (radicado: string, name: string) =>
      table.find((l) => l.includes(`;${radicado};`))!.split(';')[head.indexOf(name)]
    expect(head).toEqual(expect.arrayContaining(['Respondida el', 'Dentro del término']))
    expect([cell(early.radicado, 'Respondida el'), cell(early.radicado, 'Dentro del término')]).toEqual([
      '2026-12-11 15:00',
      'Sí',
    ])
    expect([cell(late.radicado, 'Respondida el'), cell(late.radicado, 'Dentro del término')]).toEqual([
      '2026-12-15 09:30',
      'No',
    ])
    expect([cell(overdue.radicado, 'Respondida el'), cell(overdue.radicado, 'Dentro del término')]).toEqual([
      '',
      'No',
    ])
    expect(cell(running.radicado, 'Dentro del término')).toBe('')
    const en = (await s.t.call('GET', '/api/events/evento/report?format=csv&lang=en', { token: s.token() }))
      .text
    expect(en).toContain('Answered on;Within the term')
  })
})
