import { beforeAll, describe, expect, inject, it } from 'vitest'
import { client, unique } from './client'

const guayaquilToday = () => new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10)
const plusDays = (ymd: string, n: number) =>
  new Date(Date.parse(`${ymd}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const weekend = (ymd: string) => [0, 6].includes(new Date(`${ymd}T12:00:00Z`).getUTCDay())

/**
 * The official calendar on both runtimes: an admin records a rest day by decree, and a question whose
 * term runs over it is due a day later, in its row and its constancia; taken back out, it is as before.
 */
describe.each(inject('runtimes'))('the official calendar on $name', ({ name, url }) => {
  const api = client(url)
  let admin: string
  let slug: string
  let entityId: string
  beforeAll(async () => {
    admin = await api.login()
    slug = unique('calendario')
    const created = await api.call('POST', '/api/events', {
      token: admin,
      body: {
        slug,
        title: 'Diálogo ciudadano',
        // A RUC of its own: province 17, a public body (6), establishment 001.
        entity: {
          name: 'GAD de Pruebas',
          nit: `176${String(Date.now() % 1e7).padStart(7, '0')}001`,
          address: 'Av. Amazonas N1-1',
          email: 'datos@gad.gob.ec',
        },
        startsAt: '2026-12-01T15:00:00Z',
        modality: 'virtual',
        country: 'EC',
        status: 'open',
      },
    })
    expect(created.status).toBe(201)
    entityId = created.json.event.entityId
  })

  it('moves a running term when a rest day is recorded, and back when it is removed', async () => {
    const q = await api.call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'peticion', text: '¿Cuándo llega el agua potable?', name: 'Lucía' },
    })
    expect(q.status).toBe(201)
    const year = Number(guayaquilToday().slice(0, 4))
    const known = new Set<string>()
    for (const y of [year, year + 1])
      for (const h of (await api.call('GET', `/api/calendar/EC/${y}`, { token: admin })).json.holidays)
        known.add(h.date)
    // A working day inside the term, two days or more after today.
    let day = plusDays(guayaquilToday(), 2)
    while (weekend(day) || known.has(day)) day = plusDays(day, 1)
    expect(day < q.json.dueDate).toBe(true)

    const source = `Decreto de prueba ${name}`
    const set = await api.call('PUT', `/api/calendar/EC/days/${day}`, {
      token: admin,
      body: { rest: true, source },
    })
    expect(set.status).toBe(200)
    expect(set.json.day).toMatchObject({ date: day, rest: true, source })
    const mine = set.json.moved.find((m: { id: string }) => m.id === q.json.id)
    let later = plusDays(q.json.dueDate, 1)
    while (weekend(later) || known.has(later)) later = plusDays(later, 1)
    expect(mine).toEqual({ id: q.json.id, radicado: q.json.radicado, from: q.json.dueDate, to: later })
    const own = `/api/pqrsd/${q.json.radicado}/constancia?token=${q.json.receiptToken}`
    expect((await api.call('GET', own)).json.constancia.dueDate).toBe(later)
    const view = await api.call('GET', `/api/calendar/EC/${day.slice(0, 4)}`, { token: admin })
    expect(view.json.holidays).toContainEqual({ date: day, source })

    const removed = await api.call('DELETE', `/api/calendar/EC/days/${day}`, { token: admin })
    expect(removed.status).toBe(200)
    expect(removed.json.moved).toContainEqual({ ...mine, from: later, to: q.json.dueDate })
    expect((await api.call('GET', own)).json.constancia.dueDate).toBe(q.json.dueDate)
    const again = await api.call('DELETE', `/api/calendar/EC/days/${day}`, { token: admin })
    expect(again.status).toBe(404)
    expect(again.json.error.code).toBe('CALENDAR_DAY_NOT_FOUND')

    // The same day as this entity's own: its terms alone move, and the country's calendar is untouched.
    const local = `/api/entities/${entityId}/calendar/days/${day}`
    const mineOnly = await api.call('PUT', local, {
      token: admin,
      body: { rest: true, source: 'Feriado local' },
    })
    expect(mineOnly.status).toBe(200)
    expect(mineOnly.json.moved).toEqual([{ ...mine }])
    expect((await api.call('GET', own)).json.constancia.dueDate).toBe(later)
    const country = await api.call('GET', `/api/calendar/EC/${day.slice(0, 4)}`, { token: admin })
    expect(country.json.holidays).not.toContainEqual(expect.objectContaining({ date: day }))
    const scoped = await api.call('GET', `/api/calendar/EC/${day.slice(0, 4)}?entityId=${entityId}`, {
      token: admin,
    })
    expect(scoped.json.holidays).toContainEqual({ date: day, source: 'Feriado local' })
    expect((await api.call('DELETE', local, { token: admin })).json.moved).toEqual([
      { ...mine, from: later, to: q.json.dueDate },
    ])
  })

  it('moves every running term over days recorded at once while questions are filed', async () => {
    const year = Number(guayaquilToday().slice(0, 4))
    const known = new Set<string>()
    for (const y of [year, year + 1])
      for (const h of (await api.call('GET', `/api/calendar/EC/${y}?entityId=${entityId}`, { token: admin }))
        .json.holidays)
        known.add(h.date)
    const workday = (from: string) => {
      let d = from
      while (weekend(d) || known.has(d)) d = plusDays(d, 1)
      return d
    }
    const first = workday(plusDays(guayaquilToday(), 2))
    const second = workday(plusDays(first, 1))
    const day = (d: string) => `/api/entities/${entityId}/calendar/days/${d}`
    const rest = (d: string, source: string) =>
      api.call('PUT', day(d), { token: admin, body: { rest: true, source } })
    const ask = (i: number) =>
      api.call('POST', `/api/events/${slug}/questions`, {
        body: { type: 'peticion', text: `¿Pregunta simultánea ${i}?`, anonymous: true },
      })
    const [asked, one, two, ...again] = await Promise.all([
      Promise.all(Array.from({ length: 20 }, (_, i) => ask(i))),
      rest(first, 'Decreto uno'),
      rest(second, 'Decreto dos'),
      ...Array.from({ length: 4 }, () => rest(first, 'Decreto uno')),
    ])
    expect(asked.map((r) => r.status)).toEqual(asked.map(() => 201))
    // The same day recorded five times at once (a PUT: each records it again): the terms move once.
    expect([one, ...again, two].map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect([one, ...again].filter((r) => r.json.moved.length > 0)).toHaveLength(1)
    // Every question filed today runs over both days, whichever came first: all are due as one filed now.
    const now = await ask(99)
    const due = await Promise.all(
      asked.map(async (q) => (await api.call('GET', `/api/pqrsd/${q.json.radicado}`)).json.pqrsd.dueDate),
    )
    expect(new Set(due)).toEqual(new Set([now.json.dueDate]))
    for (const d of [first, second])
      expect((await api.call('DELETE', day(d), { token: admin })).status).toBe(200)
  })

  it('moves the last day to complete a returned petition off an entity rest day, and back (Ley 1755, art. 17)', async () => {
    const q = await api.call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'peticion', text: 'Pido el permiso de la feria', name: 'Rosa' },
    })
    expect(q.status).toBe(201)
    const asked = await api.call('PATCH', `/api/questions/${q.json.id}`, {
      token: admin,
      body: { status: 'incomplete', requestedOn: guayaquilToday(), requested: 'Copia de la cédula' },
    })
    expect(asked.status).toBe(200)
    const last = asked.json.question.completionDeadline as string
    const lookup = async () => (await api.call('GET', `/api/pqrsd/${q.json.radicado}`)).json.pqrsd.completion
    const day = `/api/entities/${entityId}/calendar/days/${last}`
    const set = await api.call('PUT', day, {
      token: admin,
      body: { rest: true, source: 'Ordenanza de prueba' },
    })
    expect(set.status).toBe(200)
    const moved = set.json.moved.find((m: { id: string }) => m.id === q.json.id)
    expect(moved).toMatchObject({ from: last, completion: true })
    expect(moved.to > last).toBe(true)
    expect((await lookup()).deadline).toBe(moved.to)
    const own = `/api/pqrsd/${q.json.radicado}/constancia?token=${q.json.receiptToken}`
    expect((await api.call('GET', own)).json.constancia.completion.deadline).toBe(moved.to)
    const removed = await api.call('DELETE', day, { token: admin })
    expect(removed.status).toBe(200)
    expect((await lookup()).deadline).toBe(last)
  })

  it('dates an extension, the duplicate merged into it and the time to complete on the calendar as it is', async () => {
    const file = async (text: string) =>
      (
        await api.call('POST', `/api/events/${slug}/questions`, {
          body: { type: 'peticion', text, name: 'Inés' },
        })
      ).json
    const patch = (id: string, body: unknown) =>
      api.call('PATCH', `/api/questions/${id}`, { token: admin, body })
    const q = await file('¿Cuándo se pavimenta la vía?')
    const year = Number(guayaquilToday().slice(0, 4))
    const known = new Set<string>()
    for (const y of [year, year + 1])
      for (const h of (await api.call('GET', `/api/calendar/EC/${y}?entityId=${entityId}`, { token: admin }))
        .json.holidays)
        known.add(h.date)
    const working = (from: string) => {
      let d = from
      while (weekend(d) || known.has(d)) d = plusDays(d, 1)
      return d
    }
    // The first working day after the due date, made a rest day of the entity's: the next one is told.
    const rest = working(plusDays(q.dueDate, 1))
    const next = working(plusDays(rest, 1))
    const day = `/api/entities/${entityId}/calendar/days/${rest}`
    expect(
      (await api.call('PUT', day, { token: admin, body: { rest: true, source: 'Ordenanza 9' } })).status,
    ).toBe(200)
    const ext = { status: 'extended', reason: 'Falta un concepto', noticeDate: guayaquilToday() }
    const refused = await patch(q.id, { ...ext, newDueDate: rest })
    expect([refused.status, refused.json.error.code]).toEqual([422, 'EXTENSION_NOT_ALLOWED'])
    const extended = await patch(q.id, { ...ext, newDueDate: next })
    expect([extended.status, extended.json.question.extendedDueDate]).toEqual([200, next])
    // A duplicate merged into it takes the same date, its own term allowing it on the same calendar.
    const dup = await file('¿Y la vía del barrio?')
    const merged = await patch(dup.id, { mergeInto: q.id })
    expect(merged.status).toBe(200)
    expect(merged.json.question).toMatchObject({ status: 'extended', extendedDueDate: next })
    // The time given to complete a petition, extended once by as much again.
    const r = await file('Pido el permiso del mercado')
    const asked = await patch(r.id, {
      status: 'incomplete',
      requestedOn: guayaquilToday(),
      requested: 'Copia de la cédula',
    })
    expect(asked.status).toBe(200)
    const longer = await patch(r.id, { extendCompletion: true })
    expect(longer.status).toBe(200)
    expect(longer.json.question.completionDeadline > asked.json.question.completionDeadline).toBe(true)
    expect((await api.call('DELETE', day, { token: admin })).status).toBe(200)
  })

  it('counts a rest day recorded while a petition was withdrawn once the entity continues it ex officio', async () => {
    const q = await api.call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'peticion', text: '¿Quién repara el puente?', name: 'Julia' },
    })
    expect(q.status).toBe(201)
    const today = guayaquilToday()
    const moderate = (body: unknown) =>
      api.call('PATCH', `/api/questions/${q.json.id}`, { token: admin, body })
    expect((await moderate({ status: 'desisted', desistedOn: today, reason: 'Por escrito' })).status).toBe(
      200,
    )
    const year = Number(today.slice(0, 4))
    const known = new Set<string>()
    for (const y of [year, year + 1])
      for (const h of (await api.call('GET', `/api/calendar/EC/${y}?entityId=${entityId}`, { token: admin }))
        .json.holidays)
        known.add(h.date)
    let rest = plusDays(today, 2)
    while (weekend(rest) || known.has(rest)) rest = plusDays(rest, 1)
    expect(rest < q.json.dueDate).toBe(true)
    const day = `/api/entities/${entityId}/calendar/days/${rest}`
    const set = await api.call('PUT', day, { token: admin, body: { rest: true, source: 'Ordenanza 7' } })
    expect(set.status).toBe(200)
    // Withdrawn, its term runs no more: not moved.
    expect(set.json.moved.map((m: { id: string }) => m.id)).not.toContain(q.json.id)
    let later = plusDays(q.json.dueDate, 1)
    while (weekend(later) || known.has(later)) later = plusDays(later, 1)
    const go = await moderate({
      continueExOfficio: true,
      reason: 'Resolución 3: el puente es de interés público',
    })
    expect(go.status).toBe(200)
    expect(go.json.question).toMatchObject({ status: 'received', dueDate: later })
    const own = `/api/pqrsd/${q.json.radicado}/constancia?token=${q.json.receiptToken}`
    expect((await api.call('GET', own)).json.constancia).toMatchObject({
      dueDate: later,
      dueDateMoved: { from: q.json.dueDate },
    })
    // Running again, it follows the calendar: the day taken out, back to its first date.
    const removed = await api.call('DELETE', day, { token: admin })
    expect(removed.json.moved).toContainEqual({
      id: q.json.id,
      radicado: q.json.radicado,
      from: later,
      to: q.json.dueDate,
    })
  })
})
