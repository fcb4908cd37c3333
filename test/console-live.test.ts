import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import { type Frame, follow, type LiveStatus, sseParser } from '../web/console/live'

const parse = (chunks: string[]) => {
  const frames: Frame[] = []
  const retries: number[] = []
  const feed = sseParser(
    (f) => frames.push(f),
    (ms) => retries.push(ms),
  )
  for (const c of chunks) feed(c)
  return { frames, retries }
}

describe("the console's reader of Server-Sent Events", () => {
  it('reads the frames the hub writes, with their ids and types, and skips comments', () => {
    const { frames, retries } = parse([
      'retry: 3000\n: cabildo\n\n',
      'id: k3x-1\nevent: question.created\ndata: {"id":"a"}\n\n',
      ': a comment\n\n',
      'id: k3x-2\nevent: reset\ndata: {"reason":"replay-unavailable"}\n\n',
    ])
    expect(retries).toEqual([3000])
    expect(frames).toEqual([
      { id: 'k3x-1', event: 'question.created', data: '{"id":"a"}' },
      { id: 'k3x-2', event: 'reset', data: '{"reason":"replay-unavailable"}' },
    ])
  })

  it('puts together frames cut anywhere by the network, CRLF line ends included', () => {
    const text =
      'id: e-7\r\nevent: counters\r\ndata: {"attendance":{"registered":12}}\r\n\r\ndata: a\ndata: b\n\n'
    const cuts = [...text].map((ch) => ch)
    const { frames } = parse(cuts)
    expect(frames).toEqual([
      { id: 'e-7', event: 'counters', data: '{"attendance":{"registered":12}}' },
      { id: undefined, event: 'message', data: 'a\nb' },
    ])
  })

  it('waits for the blank line before handing a frame over', () => {
    const { frames } = parse(['id: 1\nevent: question.votes\ndata: {"id":"q","votes":3}\n'])
    expect(frames).toEqual([])
  })
})

describe("the console's live connection", () => {
  /** A stream whose first `drops` connections end at once, after `first` (a restart); the next stays. */
  async function stream(first: string, drops = 1, retry = 20) {
    const asked: (string | undefined)[] = []
    const server = createServer((req, res) => {
      asked.push(req.headers['last-event-id'] as string | undefined)
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      // `retry` keeps the reconnection short for the test; the server says 3000.
      if (asked.length <= drops) res.end(`retry: ${retry}\n: cabildo\n\n${first}`)
      else res.write(`retry: ${retry}\n: cabildo\n\n`)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as { port: number }
    const frames: Frame[] = []
    const statuses: LiveStatus[] = []
    const stop = follow(`http://127.0.0.1:${port}/live`, {
      onFrame: (f) => frames.push(f),
      onStatus: (st) => statuses.push(st),
    })
    const close = () => {
      stop()
      server.closeAllConnections()
      server.close()
    }
    return { asked, frames, statuses, close }
  }

  it('has its caller reload when it comes back with no id to resume from', async () => {
    // A quiet event: nothing with an id came before the server restarted, so whatever was filed while
    // the console was away can only be read again.
    const s = await stream('')
    try {
      await expect.poll(() => s.asked.length).toBe(2)
      await expect.poll(() => s.frames.map((f) => f.event)).toEqual(['reset'])
      expect(s.asked).toEqual([undefined, undefined])
    } finally {
      s.close()
    }
  })

  it('resumes from the last id it heard, and leaves the replay to the server', async () => {
    const s = await stream('id: k3x-4\nevent: question.created\ndata: {"id":"a"}\n\n')
    try {
      await expect.poll(() => s.asked.length).toBe(2)
      expect(s.asked).toEqual([undefined, 'k3x-4'])
      expect(s.frames.map((f) => f.event)).toEqual(['question.created'])
    } finally {
      s.close()
    }
  })

  it("reconnects at once when the device's network comes back, without waiting out its backoff", async () => {
    // A browser's window, where the console runs: it says when the network is back.
    const device = new EventTarget()
    const g = globalThis as { addEventListener?: unknown; removeEventListener?: unknown }
    g.addEventListener = device.addEventListener.bind(device)
    g.removeEventListener = device.removeEventListener.bind(device)
    // The server asks for a minute between reconnections.
    const s = await stream('', 1, 60_000)
    try {
      await expect.poll(() => s.asked.length).toBe(1)
      await new Promise((r) => setTimeout(r, 100))
      device.dispatchEvent(new Event('online'))
      await expect.poll(() => s.asked.length, { timeout: 2000 }).toBe(2)
    } finally {
      s.close()
      delete g.addEventListener
      delete g.removeEventListener
    }
  })
  it("says at once that it is not live when the device's network goes, and follows again when it returns", async () => {
    const device = new EventTarget()
    const g = globalThis as { addEventListener?: unknown; removeEventListener?: unknown }
    g.addEventListener = device.addEventListener.bind(device)
    g.removeEventListener = device.removeEventListener.bind(device)
    // A stream that stays open, and a minute asked between reconnections: without the device's word, the
    // page would say "live" until the watchdog gave the silent connection up (STALL_MS, 25 s).
    const s = await stream('', 0, 60_000)
    try {
      await expect.poll(() => s.statuses.at(-1)).toBe('live')
      device.dispatchEvent(new Event('offline'))
      await expect.poll(() => s.statuses.at(-1), { timeout: 1000 }).toBe('reconnecting')
      device.dispatchEvent(new Event('online'))
      await expect.poll(() => s.asked.length, { timeout: 2000 }).toBe(2)
      await expect.poll(() => s.statuses.at(-1)).toBe('live')
    } finally {
      s.close()
      delete g.addEventListener
      delete g.removeEventListener
    }
  })
})
