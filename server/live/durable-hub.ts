import type { EventRoom } from './event-room'
import type { Audience, LiveHub, LiveMessage } from './hub'

/** The Workers hub: a Durable Object per event holds its subscribers; the Worker only forwards. */
export class DurableHub implements LiveHub {
  constructor(private readonly rooms: DurableObjectNamespace<EventRoom>) {}

  #room(eventId: string) {
    return this.rooms.get(this.rooms.idFromName(eventId))
  }

  async publish(eventId: string, message: LiveMessage): Promise<void> {
    try {
      await this.#room(eventId).publish(message)
    } catch (err) {
      // The change is committed already; a missed live frame is healed by the client's next reload.
      console.error('live publish failed', eventId, message.type, err)
    }
  }

  async stream(
    eventId: string,
    opts: { audience: Audience; lastEventId?: string; signal?: AbortSignal },
  ): Promise<Response> {
    const headers: Record<string, string> = {}
    if (opts.lastEventId) headers['last-event-id'] = opts.lastEventId
    const url = `https://event-room/stream?audience=${opts.audience}`
    // A client that leaves cancels the proxied body, which the room sees as a failed write.
    return this.#room(eventId).fetch(url, { headers })
  }
}
