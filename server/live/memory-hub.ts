import type { Audience, LiveHub, LiveMessage } from './hub'
import {
  frame,
  eventId as frameId,
  HEARTBEAT_MS,
  MAX_QUEUED,
  OPENING,
  PING,
  parseEventId,
  REPLAY_FRAMES,
  reaches,
  resetFrame,
  retraction,
  SSE_HEADERS,
} from './sse'

type Subscriber = { audience: Audience; controller: ReadableStreamDefaultController<Uint8Array> }
type Stored = { seq: number; audience: Audience; bytes: Uint8Array }
const dec = new TextDecoder()

/** One event's subscribers and a ring buffer of its last frames, for Last-Event-ID replay. */
class Room {
  seq = 0
  touched = Date.now()
  readonly subs = new Set<Subscriber>()
  readonly #ring: (Stored | undefined)[]
  constructor(readonly size: number) {
    this.#ring = new Array(size)
  }
  push(s: Stored) {
    this.#ring[s.seq % this.size] = s
  }
  /** Rewrites the kept public frames that `retraction` names, in place, with their ids. */
  retract(message: LiveMessage, epoch: string) {
    const r = retraction(message)
    if (!r) return
    for (const s of this.#ring) {
      if (s?.audience !== 'public') continue
      const text = dec.decode(s.bytes)
      if (!r.marks.some((m) => text.includes(m))) continue
      const now = r.as(text)
      s.bytes = frame(frameId(epoch, s.seq), now.type, now.data)
    }
  }
  /** The frames after `seq`, or null when some have already left the buffer. */
  since(seq: number): Stored[] | null {
    if (seq > this.seq || seq < this.seq - this.size) return null
    const out: Stored[] = []
    for (let s = seq + 1; s <= this.seq; s++) out.push(this.#ring[s % this.size]!)
    return out
  }
}

export type MemoryHubOptions = { replay?: number; heartbeatMs?: number; maxQueued?: number; idleMs?: number }

/**
 * The Node hub: each frame is encoded once and the same bytes are enqueued on every subscriber's
 * response stream — no per-subscriber encoding or async writer, since fan-out is the hot path.
 */
export class MemoryHub implements LiveHub {
  readonly #rooms = new Map<string, Room>()
  readonly #epoch = Date.now().toString(36)
  readonly #opts: Required<MemoryHubOptions>
  #timer: ReturnType<typeof setInterval> | undefined

  constructor(opts: MemoryHubOptions = {}) {
    this.#opts = {
      replay: REPLAY_FRAMES,
      heartbeatMs: HEARTBEAT_MS,
      maxQueued: MAX_QUEUED,
      idleMs: 6 * 3600_000,
      ...opts,
    }
  }

  async publish(eventId: string, message: LiveMessage): Promise<void> {
    const room = this.#room(eventId)
    room.retract(message, this.#epoch)
    const seq = ++room.seq
    const bytes = frame(frameId(this.#epoch, seq), message.type, message.data)
    room.push({ seq, audience: message.audience, bytes })
    for (const sub of room.subs) if (reaches(message.audience, sub.audience)) this.#send(room, sub, bytes)
  }

  async stream(
    eventId: string,
    opts: { audience: Audience; lastEventId?: string; signal?: AbortSignal },
  ): Promise<Response> {
    const room = this.#room(eventId)
    const { audience, lastEventId, signal } = opts
    let sub: Subscriber | undefined
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        sub = { audience, controller }
        controller.enqueue(OPENING)
        if (lastEventId) {
          const last = parseEventId(lastEventId)
          const missed = last?.epoch === this.#epoch ? room.since(last.seq) : null
          if (!missed) controller.enqueue(resetFrame(frameId(this.#epoch, room.seq)))
          else for (const f of missed) if (reaches(f.audience, audience)) controller.enqueue(f.bytes)
        }
        room.subs.add(sub)
        this.#heartbeat()
      },
      cancel: () => {
        if (sub) room.subs.delete(sub)
      },
    })
    signal?.addEventListener('abort', () => sub && this.#drop(room, sub), { once: true })
    if (signal?.aborted && sub) this.#drop(room, sub)
    return new Response(body, { headers: SSE_HEADERS })
  }

  /** Subscribers connected now, over every event (for tests and the benchmark). */
  get subscribers(): number {
    let n = 0
    for (const room of this.#rooms.values()) n += room.subs.size
    return n
  }

  close() {
    clearInterval(this.#timer)
    this.#timer = undefined
    for (const room of this.#rooms.values()) for (const sub of room.subs) this.#drop(room, sub)
    this.#rooms.clear()
  }

  #room(eventId: string): Room {
    let room = this.#rooms.get(eventId)
    if (!room) {
      room = new Room(this.#opts.replay)
      this.#rooms.set(eventId, room)
    }
    room.touched = Date.now()
    return room
  }

  #send(room: Room, sub: Subscriber, bytes: Uint8Array) {
    // desiredSize falls by one per queued chunk: a client that stopped reading is let go.
    if ((sub.controller.desiredSize ?? 0) < -this.#opts.maxQueued) return this.#drop(room, sub)
    try {
      sub.controller.enqueue(bytes)
    } catch {
      room.subs.delete(sub)
    }
  }

  #drop(room: Room, sub: Subscriber) {
    room.subs.delete(sub)
    try {
      sub.controller.close()
    } catch {}
  }

  // One timer for every stream of the process, not one per subscriber.
  #heartbeat() {
    if (this.#timer) return
    this.#timer = setInterval(() => {
      const now = Date.now()
      for (const [id, room] of this.#rooms) {
        for (const sub of room.subs) this.#send(room, sub, PING)
        if (room.subs.size === 0 && now - room.touched > this.#opts.idleMs) this.#rooms.delete(id)
      }
      if (this.#rooms.size === 0) {
        clearInterval(this.#timer)
        this.#timer = undefined
      }
    }, this.#opts.heartbeatMs)
    ;(this.#timer as { unref?: () => void }).unref?.()
  }
}
