import { Hono } from 'hono'
import { type SSEStreamingApi, streamSSE } from 'hono/streaming'
import { MemoryHub } from '../server/live/memory-hub'

/**
 * The hub's own share of fan-out, in process and without sockets: from publishing one question until
 * every subscriber's response stream has yielded its frame. The same frame fanned out through Hono's
 * streamSSE (one SSEStreamingApi per subscriber) is the comparison the design was chosen against.
 */
const question = {
  id: '0194f7a2-7c1e-7000-8000-000000000000',
  radicado: 'SDE-2026-000123',
  type: 'pregunta',
  text: '¿Cuándo se abre la convocatoria de emprendimiento para las veredas del corregimiento?',
  status: 'approved',
  votes: 0,
  pinned: false,
  area: { key: 'cadenas-valor', name: 'Subsecretaría de Cadenas de Valor' },
  receivedAt: '2026-11-21T15:00:00.000Z',
  answer: null,
  answeredAt: null,
}

/** Reads every stream; resolves `arrived` once `target` frames have come out, over all of them. */
function counter() {
  let seen = 0
  let waiting: { target: number; resolve: () => void } | undefined
  const drain = async (body: ReadableStream<Uint8Array>) => {
    const reader = body.getReader()
    for (;;) {
      const { done } = await reader.read()
      if (done) return
      seen++
      if (waiting && seen >= waiting.target) waiting.resolve()
    }
  }
  const arrived = (target: number) =>
    seen >= target ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { target, resolve }))
  return {
    drain,
    arrived,
    get seen() {
      return seen
    },
  }
}

async function timeRounds(
  n: number,
  rounds: number,
  publish: () => Promise<unknown>,
  c: ReturnType<typeof counter>,
) {
  await new Promise((r) => setTimeout(r, 50))
  let total = 0
  for (let r = 0; r < rounds; r++) {
    const target = c.seen + n
    const t0 = performance.now()
    await publish()
    await c.arrived(target)
    total += performance.now() - t0
  }
  return (total / rounds / n) * 1000
}

/** µs per subscriber per event through the MemoryHub. */
export async function hubCost(n: number, rounds = 20): Promise<number> {
  const hub = new MemoryHub()
  const c = counter()
  for (let i = 0; i < n; i++) c.drain((await hub.stream('e', { audience: 'public' })).body!)
  const message = { type: 'question.approved', audience: 'public' as const, data: question }
  const us = await timeRounds(n, rounds, () => hub.publish('e', message), c)
  hub.close()
  return us
}

/** µs per subscriber per event through one Hono streamSSE per subscriber. */
export async function streamSseCost(n: number, rounds = 20): Promise<number> {
  const streams: SSEStreamingApi[] = []
  let release = () => {}
  const done = new Promise<void>((r) => (release = r))
  const app = new Hono().get('/', (c) =>
    streamSSE(c, async (s) => {
      streams.push(s)
      await done
    }),
  )
  const c = counter()
  for (let i = 0; i < n; i++) c.drain((await app.request('/')).body!)
  let seq = 0
  const publish = () => {
    const msg = { id: String(++seq), event: 'question.approved', data: JSON.stringify(question) }
    return Promise.all(streams.map((s) => s.writeSSE(msg)))
  }
  const us = await timeRounds(n, rounds, publish, c)
  release()
  return us
}
