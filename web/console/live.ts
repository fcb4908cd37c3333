import { STALL_MS } from '../shared/stall'
/**
 * Server-Sent Events read with fetch and a stream reader: EventSource cannot send an Authorization
 * header, and the moderation stream needs one (a token in the URL would end up in logs). It keeps the
 * last id and reconnects with Last-Event-ID after a backoff, so nothing is missed; the server answers
 * `event: reset` when it cannot replay, and the caller reloads its list.
 */
export type Frame = { id?: string; event: string; data: string }

/**
 * How often a page that follows a stream (the moderation list, the projector) reads what it shows again
 * while the stream is away: a proxy that blocks event streams, or a long outage, must not leave it
 * showing what was decided since (a question hidden, or put on screen) without a word.
 */
export const POLL_MS = 10_000
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'unauthorized'

/** An SSE parser fed with text chunks as they arrive: chunks may cut lines and frames anywhere. */
export function sseParser(onFrame: (f: Frame) => void, onRetry?: (ms: number) => void) {
  let buffer = ''
  let frame: { id?: string; event?: string; data: string[] } = { data: [] }
  const line = (l: string) => {
    if (l === '') {
      if (frame.data.length)
        onFrame({ id: frame.id, event: frame.event ?? 'message', data: frame.data.join('\n') })
      frame = { data: [] }
      return
    }
    if (l.startsWith(':')) return
    const i = l.indexOf(':')
    const field = i < 0 ? l : l.slice(0, i)
    const value = i < 0 ? '' : l.slice(i + 1).replace(/^ /, '')
    if (field === 'data') frame.data.push(value)
    else if (field === 'event') frame.event = value
    else if (field === 'id') frame.id = value
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry?.(Number(value))
  }
  return (chunk: string) => {
    buffer += chunk
    // A CR at the very end may be the first half of a CRLF: it waits for the next chunk.
    const end = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length
    const lines = buffer.slice(0, end).split(/\r\n|\r|\n/)
    buffer = (lines.pop() ?? '') + buffer.slice(end)
    for (const l of lines) line(l)
  }
}

type Options = {
  headers?: Record<string, string>
  onFrame: (f: Frame) => void
  onStatus?: (s: LiveStatus) => void
}

/** Follows `url` until the returned function is called. */
export function follow(url: string, { headers = {}, onFrame, onStatus }: Options): () => void {
  let lastId: string | undefined
  let connected = false
  let stopped = false
  let attempt = 0
  let base = 3000
  let ctl: AbortController | undefined
  let stall: ReturnType<typeof setTimeout> | undefined
  // The device's network coming back cuts the backoff short: the wait is for a server that is down, not
  // for a Wi-Fi that just returned.
  let wake: (() => void) | undefined
  const online = () => wake?.()
  // The device saying its network is gone: the open stream would otherwise only be given up by the
  // watchdog, up to STALL_MS later, with the page saying "live" while nothing arrives and every action
  // fails. It is dropped at once, so the status says so and the caller reads the list by other means.
  const offline = () => ctl?.abort()
  const onDevice = typeof addEventListener === 'function'
  if (onDevice) {
    addEventListener('online', online)
    addEventListener('offline', offline)
  }
  const watchdog = () => {
    clearTimeout(stall)
    stall = setTimeout(() => ctl?.abort(), STALL_MS)
  }

  async function run() {
    while (!stopped) {
      onStatus?.(attempt ? 'reconnecting' : 'connecting')
      ctl = new AbortController()
      try {
        const h: Record<string, string> = { accept: 'text/event-stream', ...headers }
        if (lastId) h['last-event-id'] = lastId
        watchdog()
        const res = await fetch(url, { headers: h, signal: ctl.signal, cache: 'no-store' })
        if (res.status === 401 || res.status === 403) {
          onStatus?.('unauthorized')
          return
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`)
        onStatus?.('live')
        // Back with no id to resume from (nothing with an id came before the drop, or the stream never
        // opened before: a proxy that held it back while the page read its list by other means): what
        // happened meanwhile cannot be replayed, so the caller reloads, as on the server's own reset.
        if ((connected || attempt) && !lastId) onFrame({ event: 'reset', data: '{"reason":"no-last-id"}' })
        attempt = 0
        connected = true
        const feed = sseParser(
          (f) => {
            if (f.id) lastId = f.id
            onFrame(f)
          },
          (ms) => {
            base = ms
          },
        )
        const reader = res.body.getReader()
        const decoder = new TextDecoder()
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          watchdog()
          feed(decoder.decode(value, { stream: true }))
        }
      } catch {}
      clearTimeout(stall)
      if (stopped) return
      attempt++
      onStatus?.('reconnecting')
      // Backoff with jitter: a room full of consoles that lost the Wi-Fi does not return at once.
      const wait = Math.min(30_000, base * 2 ** Math.min(attempt - 1, 4)) * (0.5 + Math.random() / 2)
      await new Promise<void>((r) => {
        wake = r
        setTimeout(r, wait)
      })
      wake = undefined
    }
  }
  run()
  return () => {
    stopped = true
    clearTimeout(stall)
    ctl?.abort()
    wake?.()
    if (onDevice) {
      removeEventListener('online', online)
      removeEventListener('offline', offline)
    }
  }
}
