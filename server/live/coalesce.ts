import type { Audience, LiveHub, LiveMessage } from './hub'

/**
 * Frames that only carry the latest value of something — the counters, a question's votes — are sent
 * at most once per window per event and key: the first at once, the rest of the window merged into one
 * frame at its end. Without this, every submission is a frame to every watcher: at 300 submissions/s
 * and 20,000 watchers that is 6 million writes a second, far past one process (docs/scaling.md).
 */
export const COALESCE_MS = 1000

const keyOf = (m: LiveMessage): string | null => {
  if (m.type === 'counters') return `counters:${m.audience}`
  if (m.type === 'question.votes') return `votes:${(m.data as { id?: string } | null)?.id}`
  return null
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Later values win, leaf by leaf: `{attendance: {registered}}` then `{forms: ...}` keeps both. */
export function mergeData(a: unknown, b: unknown): unknown {
  if (!isObject(a) || !isObject(b)) return b
  const out: Record<string, unknown> = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = mergeData(a[k], v)
  return out
}

type Slot = { held: LiveMessage | null; timer: ReturnType<typeof setTimeout> }

/** `late` is true for a frame delivered at the end of its window, false for one delivered at once. */
export type Deliver = (scope: string, message: LiveMessage, late: boolean) => unknown

/** The windows of one hub (one process on Node, one event's Durable Object on Workers). */
export class Coalescer {
  readonly #slots = new Map<string, Slot>()
  /** The end-of-window deliveries on their way, by key: settling one may outlast a window. */
  readonly #flushing = new Map<string, Promise<unknown>>()

  /**
   * `settle`, if given, turns a held message into the one delivered at its window's end (the room on
   * Workers reads the figures again there).
   */
  constructor(
    private readonly deliver: Deliver,
    private readonly windowMs = COALESCE_MS,
    private readonly settle?: (scope: string, message: LiveMessage) => Promise<LiveMessage>,
  ) {}

  /**
   * Delivers now (answering what delivery answers), or holds the message for the end of its window.
   * A `late` message (one another coalescer held) may be older than one delivered already, so it is
   * always held, for `settle` to see it.
   */
  offer(scope: string, message: LiveMessage, late = false): unknown {
    const key = keyOf(message)
    if (!key) {
      this.#supersede(scope, message)
      return this.deliver(scope, message, false)
    }
    const id = `${scope}\u0001${key}`
    const slot = this.#slots.get(id) ?? (late || this.#flushing.has(id) ? this.#open(id, scope) : null)
    if (slot) {
      slot.held = slot.held ? { ...message, data: mergeData(slot.held.data, message.data) } : message
      return undefined
    }
    this.#open(id, scope)
    return this.deliver(scope, message, false)
  }

  /**
   * A public question frame carries the question's whole state, votes included: the votes held for it
   * are older, and delivered at the end of their window they would undo it (a merge's recount, say).
   */
  #supersede(scope: string, message: LiveMessage) {
    if (message.audience !== 'public' || !message.type.startsWith('question.')) return
    const id = (message.data as { id?: string } | null)?.id
    const slot = id && this.#slots.get(`${scope}\u0001votes:${id}`)
    if (slot) slot.held = null
  }

  #open(id: string, scope: string): Slot {
    const timer = setTimeout(() => {
      const slot = this.#slots.get(id)
      this.#slots.delete(id)
      if (!slot?.held) return
      this.#open(id, scope)
      this.#flush(id, scope, slot.held)
    }, this.windowMs)
    // A window still open must not keep a Node process alive.
    ;(timer as { unref?: () => void }).unref?.()
    const slot = { held: null, timer }
    this.#slots.set(id, slot)
    return slot
  }

  /** One key's end-of-window frames go out in the order their windows ended, however long each settles. */
  #flush(id: string, scope: string, held: LiveMessage) {
    const done: Promise<unknown> = Promise.resolve(this.#flushing.get(id))
      .then(() => (this.settle ? this.settle(scope, held) : held))
      .then((message) => this.deliver(scope, message, true))
      .catch((err) => console.error('live publish failed', err))
      .finally(() => {
        if (this.#flushing.get(id) === done) this.#flushing.delete(id)
      })
    this.#flushing.set(id, done)
  }

  close() {
    for (const slot of this.#slots.values()) clearTimeout(slot.timer)
    this.#slots.clear()
  }
}

/** A LiveHub whose high-frequency frames go through a Coalescer; streams pass straight through. */
export class CoalescingHub implements LiveHub {
  readonly #coalescer: Coalescer

  constructor(
    private readonly inner: LiveHub,
    windowMs = COALESCE_MS,
  ) {
    this.#coalescer = new Coalescer((eventId, m) => this.inner.publish(eventId, m), windowMs)
  }

  async publish(eventId: string, message: LiveMessage): Promise<void> {
    await this.#coalescer.offer(eventId, message)
  }

  stream(eventId: string, opts: { audience: Audience; lastEventId?: string; signal?: AbortSignal }) {
    return this.inner.stream(eventId, opts)
  }
}
