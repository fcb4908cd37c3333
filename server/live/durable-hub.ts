import { callOnceMore } from '../transient'
import type { EventRoom } from './event-room'
import type { Audience, LiveHub, LiveMessage } from './hub'

/** The Workers hub: a Durable Object per event holds its subscribers; the Worker only forwards. */
export class DurableHub implements LiveHub {
  constructor(private readonly rooms: DurableObjectNamespace<EventRoom>) {}

  #room(eventId: string) {
    return this.rooms.get(this.rooms.idFromName(eventId))
  }

  /** `late`: the message was held for a coalescing window before it came here (server/event-writer.ts). */
  async publish(eventId: string, message: LiveMessage, late = false): Promise<void> {
    try {
      await this.#room(eventId).publish(message, eventId, late)
    } catch (err) {
      // The change is committed already; a missed live frame is healed by the client's next reload.
      console.error('live publish failed', eventId, message.type, err)
    }
  }

  async stream(
    eventId: string,
    opts: { audience: Audience; lastEventId?: string; signal?: AbortSignal },
  ): Promise<Response> {
    // The last id rides in the query, encoded: a client's `?lastEventId=` may hold characters no header
    // value can (a NUL), and the room answers any id it cannot use with a reset, as the Node hub does.
    const url = new URL(`https://event-room/stream?audience=${opts.audience}`)
    if (opts.lastEventId) url.searchParams.set('lastEventId', opts.lastEventId)
    // A client that leaves cancels the proxied body, which the room sees as a failed write. Opening a
    // stream changes nothing, so a retryable failure is tried once more (on a fresh stub), then 503.
    return callOnceMore(() => this.#room(eventId).fetch(url), true)
  }
}
