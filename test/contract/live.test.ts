import { beforeAll, describe, expect, inject, it } from 'vitest'
import { requiredAnswers } from '../helpers'
import { approvedQuestion, client, unique } from './client'
import { sseReader } from './sse'

const event = (slug: string) => ({
  slug,
  title: 'Diálogo en vivo',
  entity: {
    name: 'Alcaldía en Vivo',
    nit: '800000002-7',
    radicadoPrefix: 'VIVO',
    address: 'Calle 1 # 2-3',
    email: 'datos@envivo.gov.co',
  },
  startsAt: '2026-12-01T15:00:00Z',
  modality: 'hibrida',
  country: 'CO',
  status: 'open',
})

describe.each(inject('runtimes'))('live updates on $name', ({ url }) => {
  const api = client(url)
  let admin: string
  let slug: string
  beforeAll(async () => {
    admin = await api.login()
    slug = unique('vivo')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(slug) })).status).toBe(201)
  })

  const subscribe = async (path: string, headers: Record<string, string> = {}) => {
    // A stream that never answers fails here, in 10 s, rather than hanging the test.
    const ctrl = new AbortController()
    const timer = setTimeout(() => ctrl.abort(), 10_000)
    const res = await fetch(url + path, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: ctrl.signal,
    })
    clearTimeout(timer)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    return sseReader(res.body!)
  }
  const approved = (text: string) => approvedQuestion(api, admin, slug, text)

  it('delivers an approved question to /live and replays what a reconnecting client missed', async () => {
    const live = await subscribe(`/api/events/${slug}/live`)
    await live.next() // the opening comment: the stream is connected
    const first = await approved('¿Cuándo empieza la obra?')
    const frame = await live.until('question.approved', (d) => d.id === first, 10_000)
    expect(frame.json).toMatchObject({
      id: first,
      text: '¿Cuándo empieza la obra?',
      status: 'approved',
      votes: 0,
    })
    expect(frame.data).not.toMatch(/Persona Privada|privada@example/)
    const lastId = live.lastEventId!
    await live.close()

    const missed = await approved('¿Y el presupuesto participativo?')
    const back = await subscribe(`/api/events/${slug}/live`, { 'last-event-id': lastId })
    const replayed = await back.until('question.approved', () => true, 10_000)
    expect(replayed.json).toMatchObject({ id: missed, text: '¿Y el presupuesto participativo?' })
    await back.close()
  })

  it('replays no text a moderator hid or rewrote on screen, even from the first frame', async () => {
    const named = await approved('Mi vecino Julio Marcado, cédula 71234567, cobra por los cupos')
    const rewritten = await approved('Llamen a Ana Ruiz al 3001112233 por el subsidio')
    const moderate = (id: string, body: unknown) =>
      api.call('PATCH', `/api/questions/${id}`, { token: admin, body })
    expect((await moderate(named, { status: 'hidden', reason: 'Datos de un tercero' })).status).toBe(200)
    const shown = 'Pregunta por el subsidio (datos personales retirados)'
    expect((await moderate(rewritten, { displayText: shown })).status).toBe(200)
    const last = await approved('¿Última de la repetición?')
    const reset = await subscribe(`/api/events/${slug}/live?lastEventId=otraepoca-1`)
    const epoch = (await reset.until('reset', () => true, 10_000)).id!.split('-')[0]
    await reset.close()
    const replay = await subscribe(`/api/events/${slug}/live`, { 'last-event-id': `${epoch}-0` })
    const frames: string[] = []
    for (;;) {
      const f = await replay.next(10_000)
      if (!f.id) continue
      frames.push(`${f.event} ${f.data}`)
      if (f.event === 'question.approved' && JSON.parse(f.data).id === last) break
    }
    await replay.close()
    expect(frames.join('\n')).not.toMatch(/Julio Marcado|Ana Ruiz/)
    expect(frames.join('\n')).toContain(shown)
  })

  it('leaves one question on screen when two are pinned at once, and the stream says which', async () => {
    const live = await subscribe(`/api/events/${slug}/live`)
    await live.next()
    const pin = (id: string) =>
      api.call('PATCH', `/api/questions/${id}`, { token: admin, body: { pinned: true } })
    const ids: string[] = []
    for (let i = 0; i < 8; i++) ids.push(await approved(`¿En pantalla ${i}?`))
    for (let i = 0; i < ids.length; i += 2) {
      const both = await Promise.all([pin(ids[i]), pin(ids[i + 1])])
      expect(both.map((r) => r.status)).toEqual([200, 200])
    }
    const pinned: Record<string, boolean> = {}
    for (const id of ids)
      pinned[id] = (await api.call('GET', `/api/questions/${id}`, { token: admin })).json.question.pinned
    expect(Object.values(pinned).filter(Boolean)).toHaveLength(1)
    const said: Record<string, boolean> = {}
    for (;;) {
      const f = await live.next(1000).catch(() => null)
      if (!f) break
      const data = f.data.startsWith('{') ? JSON.parse(f.data) : null
      if (data && ids.includes(data.id) && typeof data.pinned === 'boolean') said[data.id] = data.pinned
    }
    expect(said).toEqual(pinned)
    await live.close()
  })

  it('answers a last id it cannot use, even one no header could carry, with a reset frame', async () => {
    // A NUL in `?lastEventId=` once reached the event's room on Workers as a header value: a 500.
    for (const id of ['%00', 'otraepoca-12']) {
      const back = await subscribe(`/api/events/${slug}/live?lastEventId=${id}`)
      const reset = await back.until('reset', () => true, 10_000)
      expect(reset.json).toEqual({ reason: 'replay-unavailable' })
      await back.close()
    }
  })

  it('counts each registration and survey response on /live, without who sent it', async () => {
    const live = await subscribe(`/api/events/${slug}/live`)
    await live.next()
    const email = `${unique('contada')}@example.co`
    const reg = await api.call('POST', `/api/events/${slug}/attendance`, {
      body: { name: 'Persona Contada', email, consent: true },
    })
    expect(reg.status).toBe(201)
    const registered = await live.until('counters', (d) => d.attendance?.registered >= 1, 10_000)
    expect(registered.data).not.toContain(email)
    const res = await api.call('POST', `/api/events/${slug}/forms/evaluacion/responses`, {
      body: { attendeeToken: reg.json.attendeeToken, answers: requiredAnswers },
    })
    expect(res.status).toBe(201)
    const responded = await live.until('counters', (d) => d.forms?.evaluacion?.responses === 1, 10_000)
    expect(responded.data).not.toContain(reg.json.attendeeToken)
    await live.close()
  })

  it('brings the figures down on /live when staff delete a registration', async () => {
    const own = unique('baja')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(own) })).status).toBe(201)
    const ids: string[] = []
    for (const name of ['Persona Uno', 'Persona Dos']) {
      const reg = await api.call('POST', `/api/events/${own}/attendance`, {
        body: { name, email: `${unique('baja')}@example.co`, consent: true },
      })
      expect(reg.status).toBe(201)
      ids.push(reg.json.id)
    }
    const live = await subscribe(`/api/events/${own}/live`)
    await live.next()
    const gone = await api.call('DELETE', `/api/events/${own}/attendance/${ids[0]}`, { token: admin })
    expect(gone.status).toBe(204)
    const frame = await live.until('counters', (d) => d.attendance?.registered === 1, 10_000)
    expect(frame.json.attendance).toEqual({ registered: 1, checkedIn: 0 })
    await live.close()
  })

  it('ends a burst of concurrent submissions on the figures that were stored', async () => {
    // Counters frames are coalesced once a second; whatever path a runtime's frames take, the last
    // figure of each kind a watcher sees once the burst is over must be the one the counters hold.
    const own = unique('rafaga')
    expect((await api.call('POST', '/api/events', { token: admin, body: event(own) })).status).toBe(201)
    const at = (p: string) => `/api/events/${own}${p}`
    const live = await subscribe(at('/live'))
    await live.next()
    const seen: { registered?: number; responses?: number } = {}
    let listening = true
    const listened = (async () => {
      while (listening) {
        const f = await live.next(500).catch(() => null)
        if (f?.event !== 'counters') continue
        const d = JSON.parse(f.data)
        if (d.attendance?.registered !== undefined) seen.registered = d.attendance.registered
        if (d.forms?.evaluacion?.responses !== undefined) seen.responses = d.forms.evaluacion.responses
      }
    })()
    // Each at a random moment of 2.5 s, as people arrive: regular arrivals hid the reordering.
    const run = unique('r')
    const later = <T>(send: () => Promise<T>) =>
      new Promise((r) => setTimeout(r, Math.random() * 2500)).then(send)
    const sent = await Promise.all(
      Array.from({ length: 60 }, (_, i) => [
        later(() =>
          api.call('POST', at('/attendance'), {
            body: { name: `Persona ${i}`, email: `${run}-${i}@example.co`, consent: true },
          }),
        ),
        later(() =>
          api.call('POST', at('/forms/evaluacion/responses'), {
            body: { deviceToken: `${run}-dispositivo-${i}`, answers: requiredAnswers },
          }),
        ),
      ]).flat(),
    )
    for (const r of sent) expect(r.status).toBe(201)
    await new Promise((r) => setTimeout(r, 4000))
    listening = false
    await listened
    await live.close()
    const stored = {
      registered: (await api.call('GET', at('/attendance/summary'), { token: admin })).json.registered.value,
      responses: (await api.call('GET', at('/forms/evaluacion/stats'), { token: admin })).json.responses,
    }
    expect(stored).toEqual({ registered: 60, responses: 60 })
    expect(seen).toEqual(stored)
  })

  it('streams every new question to moderators and refuses the moderation stream without a token', async () => {
    expect((await api.call('GET', `/api/events/${slug}/live/moderation`)).status).toBe(401)
    const live = await subscribe(`/api/events/${slug}/live/moderation`, { authorization: `Bearer ${admin}` })
    await live.next()
    const q = await api.call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'queja', text: 'Sin aprobar aún', anonymous: true },
    })
    const created = await live.until('question.created', (d) => d.id === q.json.id, 10_000)
    expect(created.json).toMatchObject({ radicado: q.json.radicado, status: 'received', anonymous: true })
    await live.close()
  })
})
