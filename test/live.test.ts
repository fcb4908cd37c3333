import { describe, expect, it } from 'vitest'
import { configFromEnv, parseRecheckMs } from '../server/env'
import { MemoryHub } from '../server/live/memory-hub'
import { sseReader } from './contract/sse'
import { sampleEvent, testApp } from './helpers'

async function setup() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  const mod = await t.staffToken('moderator')
  const open = async (path: string, headers: Record<string, string> = {}) => {
    const res = await t.app.request(path, { headers })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    return sseReader(res.body!)
  }
  const submit = async (text: string) =>
    (
      await t.call('POST', '/api/events/evento/questions', {
        body: { type: 'pregunta', text, name: 'Ana Pérez', email: 'ana@example.co' },
      })
    ).json.id as string
  const approve = (id: string) =>
    t.call('PATCH', `/api/questions/${id}`, { token: mod, body: { status: 'approved' } })
  return { t, mod, open, submit, approve, hub: t.deps.live as MemoryHub }
}

describe('live streams', () => {
  it('sends approved questions to the public stream without who asked, and nothing before approval', async () => {
    const { open, submit, approve } = await setup()
    const live = await open('/api/events/evento/live')
    const id = await submit('¿Habrá transporte?')
    await approve(id)
    const frame = await live.until('question.approved')
    expect(frame.json).toMatchObject({ id, text: '¿Habrá transporte?', status: 'approved' })
    expect(frame.data).not.toMatch(/Ana|ana@example|receipt/)
    expect(frame.id).toMatch(/^[a-z0-9]+-\d+$/)
    live.close()
  })

  it('gives moderators every question and change, with the petitioner, and refuses the public', async () => {
    const { t, mod, open, submit, approve } = await setup()
    expect((await t.call('GET', '/api/events/evento/live/moderation')).status).toBe(401)
    const res = await t.app.request('/api/events/evento/live/moderation', {
      headers: { authorization: `Bearer ${mod}` },
    })
    // It carries petitioners' personal data: no cache keeps it (`no-transform` still keeps proxies from
    // buffering or compressing the stream).
    expect(res.headers.get('cache-control')).toBe('private, no-store, no-transform')
    await res.body?.cancel()
    const live = await open('/api/events/evento/live/moderation', { authorization: `Bearer ${mod}` })
    const id = await submit('¿Y el presupuesto?')
    expect((await live.until('question.created')).json).toMatchObject({
      id,
      petitioner: { name: 'Ana Pérez' },
    })
    await approve(id)
    expect((await live.until('question.updated')).json).toMatchObject({ id, status: 'approved' })
    live.close()
  })

  it('checks an open moderation stream every CABILDO_LIVE_RECHECK_SECONDS, 30 unless set, refusing anything else', () => {
    expect(configFromEnv({}).liveRecheckMs).toBe(30_000)
    expect(configFromEnv({ CABILDO_LIVE_RECHECK_SECONDS: '5' }).liveRecheckMs).toBe(5_000)
    for (const unset of [undefined, '', ' ']) expect(parseRecheckMs(unset)).toBe(30_000)
    expect(parseRecheckMs('3600')).toBe(3_600_000)
    for (const bad of ['0', '-1', '1.5', '3601', 'medio minuto', '30s'])
      expect(() => parseRecheckMs(bad)).toThrow(/CABILDO_LIVE_RECHECK_SECONDS inválido/)
  })

  it("ends a moderator's stream once the token stops working, and keeps it while it works", async () => {
    const { t, mod, open, submit } = await setup()
    t.deps.config.liveRecheckMs = 50
    const other = await t.staffToken('moderator')
    const kept = await open('/api/events/evento/live/moderation', { authorization: `Bearer ${other}` })
    const live = await open('/api/events/evento/live/moderation', { authorization: `Bearer ${mod}` })
    await submit('¿Antes de salir?')
    await live.until('question.created')
    // Signed out elsewhere (or revoked by an admin): the stream ends within a check, with no more data.
    expect((await t.call('POST', '/api/auth/logout', { token: mod })).status).toBe(204)
    await new Promise((r) => setTimeout(r, 200))
    await submit('¿Después de salir? Ana no debe llegarle a quien ya salió.')
    await expect(live.until('question.created')).rejects.toThrow('SSE stream ended')
    // The other moderator, still signed in, still gets every question.
    expect(
      (await kept.until('question.created', (d) => /Después/.test(d.text))).json.petitioner,
    ).toMatchObject({
      name: 'Ana Pérez',
    })
    kept.close()
  })

  it('replays what a reconnecting client missed after its Last-Event-ID', async () => {
    const { open, submit, approve } = await setup()
    const first = await open('/api/events/evento/live')
    const a = await submit('Primera')
    await approve(a)
    await first.until('question.approved')
    const lastId = first.lastEventId!
    first.close()
    const b = await submit('Segunda')
    await approve(b)
    const again = await open('/api/events/evento/live', { 'last-event-id': lastId })
    expect((await again.until('question.approved')).json).toMatchObject({ id: b, text: 'Segunda' })
    again.close()
  })

  it('replays no text a moderator took off the wall: hidden, or rewritten on screen', async () => {
    const { t, mod, open, submit, approve } = await setup()
    const moderate = (id: string, body: unknown) =>
      t.call('PATCH', `/api/questions/${id}`, { token: mod, body })
    const named = await submit('Mi vecino Julio Marcado, cédula 71234567, cobra por los cupos')
    await approve(named)
    const rewritten = await submit('Llamen a Ana Ruiz al 3001112233 por el subsidio')
    await approve(rewritten)
    const hidden = await moderate(named, { status: 'hidden', reason: 'Datos personales de un tercero' })
    expect(hidden.status, hidden.text).toBe(200)
    const shown = 'Pregunta por el subsidio (datos personales retirados)'
    expect((await moderate(rewritten, { displayText: shown })).status).toBe(200)
    const last = await submit('Última')
    await approve(last)
    // Anyone may ask for the replay from the room's first frame: the epoch is in any frame's id.
    const reset = await open('/api/events/evento/live', { 'last-event-id': 'otraepoca-1' })
    const epoch = (await reset.until('reset')).id!.split('-')[0]
    reset.close()
    const replay = await open('/api/events/evento/live', { 'last-event-id': `${epoch}-0` })
    const frames: { event: string; data: string }[] = []
    for (;;) {
      const f = await replay.next()
      if (f.event === 'ping' || !f.id) continue
      frames.push(f)
      if (f.event === 'question.approved' && JSON.parse(f.data).id === last) break
    }
    replay.close()
    const all = JSON.stringify(frames)
    expect(all).not.toContain('Julio Marcado')
    expect(all).not.toContain('Ana Ruiz')
    // Played in order, the replay still ends as the wall is: one gone, the other with its new text.
    const wall = new Map<string, string>()
    for (const f of frames) {
      const d = JSON.parse(f.data)
      if (f.event === 'question.removed') wall.delete(d.id)
      else if (f.event === 'question.approved' || f.event === 'question.updated') wall.set(d.id, d.text)
    }
    expect(Object.fromEntries(wall)).toEqual({ [rewritten]: shown, [last]: 'Última' })
  })

  it('tells a client whose id it cannot replay to reload, instead of skipping silently', async () => {
    const { open } = await setup()
    const live = await open('/api/events/evento/live', { 'last-event-id': 'otraepoca-12' })
    const reset = await live.until('reset')
    expect(reset.json).toEqual({ reason: 'replay-unavailable' })
    live.close()
  })

  it('tells the public stream when staff close the event and when they reopen it, and not on other edits', async () => {
    const { t, open } = await setup()
    const live = await open('/api/events/evento/live')
    const patch = (body: Record<string, unknown>) =>
      t.call('PATCH', '/api/events/evento', { token: t.adminToken, body })
    expect((await patch({ status: 'closed' })).status).toBe(200)
    expect((await live.until('event.status')).json).toEqual({ status: 'closed' })
    expect((await patch({ place: 'Auditorio' })).status).toBe(200)
    expect((await patch({ status: 'open' })).status).toBe(200)
    // The next frame is the reopening: the edit of the place sent none.
    expect((await live.until('event.status')).json).toEqual({ status: 'open' })
    live.close()
  })

  it('sends the attendance figures again when staff delete or correct a registration', async () => {
    const { t, open } = await setup()
    const register = async (documentNumber: string, gender: string) => {
      const r = await t.call('POST', '/api/events/evento/attendance', {
        body: { name: 'Marta Gómez', documentType: 'CC', documentNumber, gender, consent: true },
      })
      expect(r.status, r.text).toBe(201)
      return r.json as { id: string; checkinCode: string }
    }
    const first = await register('52111220', 'mujer')
    const second = await register('52111221', 'mujer')
    const door = await t.call('POST', '/api/events/evento/checkins', {
      token: t.adminToken,
      body: { code: first.checkinCode },
    })
    expect(door.status, door.text).toBe(200)
    const live = await open('/api/events/evento/live')
    // A correction moves the characterisation's counters only: the figures come as they stand, so that
    // the staff's summary reads its charts again.
    const fixed = await t.call('PATCH', `/api/events/evento/attendance/${second.id}`, {
      token: t.adminToken,
      body: { gender: 'hombre' },
    })
    expect(fixed.status, fixed.text).toBe(200)
    expect((await live.until('counters')).json).toEqual({ attendance: { registered: 2, checkedIn: 1 } })
    // A deletion takes the person out of both figures: the count goes down, live.
    const gone = await t.call('DELETE', `/api/events/evento/attendance/${first.id}`, { token: t.adminToken })
    expect(gone.status, gone.text).toBe(204)
    expect((await live.until('counters')).json).toEqual({ attendance: { registered: 1, checkedIn: 0 } })
    live.close()
  })

  it('tells the public stream when staff open or close a form, and not when they only set its embargo', async () => {
    const { t, open } = await setup()
    const live = await open('/api/events/evento/live')
    const analyst = await t.staffToken('analyst')
    const patch = (body: Record<string, unknown>) =>
      t.call('PATCH', '/api/events/evento/forms/evaluacion', { token: analyst, body })
    expect((await patch({ open: false })).status).toBe(200)
    expect((await live.until('form.status')).json).toEqual({ form: 'evaluacion', open: false })
    expect((await patch({ embargoUntil: '2026-11-22T15:00:00Z' })).status).toBe(200)
    expect((await patch({ open: false })).status).toBe(200)
    expect((await patch({ open: true })).status).toBe(200)
    // The next frame is the opening: neither the embargo nor closing it again sent one.
    expect((await live.until('form.status')).json).toEqual({ form: 'evaluacion', open: true })
    live.close()
  })

  it('forgets a subscriber whose client went away', async () => {
    const { open, hub } = await setup()
    const live = await open('/api/events/evento/live')
    await live.next()
    expect(hub.subscribers).toBe(1)
    await live.close()
    expect(hub.subscribers).toBe(0)
  })
})

describe('the in-process hub', () => {
  const message = (n: number) => ({ type: 'counters', audience: 'public' as const, data: { n } })

  it('sends heartbeats so proxies keep idle streams open', async () => {
    const hub = new MemoryHub({ heartbeatMs: 20 })
    const live = sseReader((await hub.stream('e1', { audience: 'public' })).body!)
    expect((await live.next()).comments).toContain('cabildo')
    // A named event, which EventSource shows to the page (a comment it would not), with no id.
    expect(await live.next()).toEqual({ event: 'ping', data: '{}', comments: [] })
    hub.close()
  })

  it('keeps a bounded replay buffer and asks for a reload past it', async () => {
    const hub = new MemoryHub({ replay: 3 })
    const first = sseReader((await hub.stream('e1', { audience: 'public' })).body!)
    await hub.publish('e1', message(1))
    await first.until('counters')
    const lastId = first.lastEventId!
    for (let n = 2; n <= 4; n++) await hub.publish('e1', message(n))
    const within = sseReader((await hub.stream('e1', { audience: 'public', lastEventId: lastId })).body!)
    expect((await within.until('counters')).json).toEqual({ n: 2 })
    await hub.publish('e1', message(5))
    const past = sseReader((await hub.stream('e1', { audience: 'public', lastEventId: lastId })).body!)
    expect((await past.next()).comments).toEqual(['cabildo'])
    expect((await past.next()).event).toBe('reset')
    hub.close()
  })

  it('keeps moderation messages off the public stream, also on replay', async () => {
    const hub = new MemoryHub()
    const pub = sseReader((await hub.stream('e1', { audience: 'public' })).body!)
    await pub.next()
    await hub.publish('e1', { type: 'question.created', audience: 'moderation', data: { secret: true } })
    await hub.publish('e1', message(1))
    expect((await pub.next()).event).toBe('counters')
    const fromStart = `${pub.lastEventId!.split('-')[0]}-0`
    const replay = sseReader((await hub.stream('e1', { audience: 'public', lastEventId: fromStart })).body!)
    await replay.next()
    expect((await replay.next()).event).toBe('counters')
    hub.close()
  })

  it('lets go of a subscriber that stopped reading', async () => {
    const hub = new MemoryHub({ maxQueued: 5 })
    await hub.stream('e1', { audience: 'public' }) // never read
    expect(hub.subscribers).toBe(1)
    for (let n = 0; n < 10; n++) await hub.publish('e1', message(n))
    expect(hub.subscribers).toBe(0)
    hub.close()
  })

  it('ends a stream when its request is aborted', async () => {
    const hub = new MemoryHub()
    const ctrl = new AbortController()
    await hub.stream('e1', { audience: 'public', signal: ctrl.signal })
    ctrl.abort()
    expect(hub.subscribers).toBe(0)
  })
})
