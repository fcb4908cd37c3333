import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvedQuestion, client, eventBody, unique } from './client'
import { type Started, startWorkerd } from './servers'
import { sseReader } from './sse'

/**
 * On Workers an event's live room keeps its last frames in Durable Object storage, and the moderators'
 * frames name petitioners. After a quiet spell (6 h; 2 s here) they are deleted, as Node forgets an idle
 * room: a client coming back then gets a reset frame, not what was published before the spell.
 */
describe('the live room on workerd after a quiet spell', () => {
  let server: Started
  beforeAll(async () => {
    server = await startWorkerd({ vars: { CABILDO_DEMO: '0', CABILDO_LIVE_REPLAY_SECONDS: '2' } })
  }, 120_000)
  afterAll(() => server?.stop())

  it('deletes the frames it kept, so a late reconnect is reset instead of replayed', async () => {
    const api = client(server.url)
    const admin = await api.login()
    const slug = unique('quieto')
    expect((await api.call('POST', '/api/events', { token: admin, body: eventBody(slug) })).status).toBe(201)
    const approved = (text: string) => approvedQuestion(api, admin, slug, text)
    const subscribe = async (lastId?: string) => {
      const res = await fetch(`${server.url}/api/events/${slug}/live`, {
        headers: { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
        signal: AbortSignal.timeout(15_000),
      })
      expect(res.status).toBe(200)
      return sseReader(res.body!)
    }

    const live = await subscribe()
    await live.next()
    const first = await approved('¿Cuándo abren el parque?')
    await live.until('question.approved', (d) => d.id === first, 10_000)
    const lastId = live.lastEventId!
    await live.close()

    // Within the spell, what was missed is replayed.
    const missed = await approved('¿Y la biblioteca?')
    const soon = await subscribe(lastId)
    expect((await soon.until('question.approved', () => true, 10_000)).json.id).toBe(missed)
    await soon.close()

    await new Promise((r) => setTimeout(r, 4_000))
    const late = await subscribe(lastId)
    const frame = await late.until('reset', () => true, 10_000)
    expect(frame.json).toEqual({ reason: 'replay-unavailable' })
    await late.close()

    // The room goes on: a new frame reaches a client that reconnects from the latest id.
    const now = await subscribe()
    await now.next()
    const next = await approved('¿Habrá luz en la cancha?')
    expect((await now.until('question.approved', (d) => d.id === next, 10_000)).json.id).toBe(next)
    await now.close()
  }, 90_000)
})
