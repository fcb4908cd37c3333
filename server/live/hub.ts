/**
 * Live updates for one event. On Node an in-process hub writes Server-Sent Events; on Workers a
 * Durable Object per event does. Services publish after their commit; routes hand streams out.
 */
export type Audience = 'public' | 'moderation'

export type LiveMessage = {
  /** e.g. `counters`, `question.approved`, `question.updated` */
  type: string
  /** Who may see it: public messages reach both streams, moderation ones only moderators. */
  audience: Audience
  data: unknown
}

export interface LiveHub {
  publish(eventId: string, message: LiveMessage): Promise<void>
  /**
   * An SSE response for one subscriber; `lastEventId` replays what a reconnecting client missed, or
   * sends `event: reset` when it cannot (the client then reloads what it shows).
   */
  stream(
    eventId: string,
    opts: { audience: Audience; lastEventId?: string; signal?: AbortSignal },
  ): Promise<Response>
}
