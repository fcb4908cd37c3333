import { beforeAll, describe, expect, inject, it } from 'vitest'
import { requiredAnswers } from '../helpers'
import { client, unique } from './client'
import { sseReader } from './sse'

const event = (slug: string) => ({
  slug,
  title: 'Diálogo en vivo',
  entity: { name: 'Alcaldía en Vivo', nit: '800000002-2', radicadoPrefix: 'VIVO' },
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
  const approved = async (text: string) => {
    const q = await api.call('POST', `/api/events/${slug}/questions`, {
      body: { type: 'pregunta', text, name: 'Persona Privada', email: 'privada@example.co' },
    })
    expect(q.status).toBe(201)
    const res = await api.call('PATCH', `/api/questions/${q.json.id}`, {
      token: admin,
      body: { status: 'approved' },
    })
    expect(res.status).toBe(200)
    return q.json.id as string
  }

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
