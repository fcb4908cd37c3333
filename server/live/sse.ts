import type { Audience, LiveMessage } from './hub'

export { HEARTBEAT_MS } from './heartbeat'

/** Server-Sent Events framing shared by both hubs. Frames are encoded once and sent to everyone. */
const enc = new TextEncoder()

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // nginx and similar proxies would otherwise buffer the stream.
  'x-accel-buffering': 'no',
}

export const REPLAY_FRAMES = 1000
/** A subscriber this many frames behind is too slow: it is dropped and replays on reconnect. */
export const MAX_QUEUED = 2000

/** Sent when a stream opens: the reconnection delay, and a comment so proxies flush the headers. */
export const OPENING = enc.encode('retry: 3000\n: cabildo\n\n')
/**
 * The heartbeat: a named event with no id, so it moves no one's Last-Event-ID. A comment would keep
 * proxies from closing the stream as well, but EventSource never shows comments to the page; this one it
 * does (every listener but `ping`'s ignores it), so the attendee page can tell a stalled connection, which
 * nothing closes, from a quiet event.
 */
export const PING = enc.encode('event: ping\ndata: {}\n\n')

/** JSON never contains a raw newline, so each frame has exactly one data line. */
export function frame(id: string, type: string, data: unknown): Uint8Array {
  return enc.encode(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`)
}

/**
 * Sent instead of a replay the stream cannot give (the client's last id is from before a restart or
 * older than the buffer): the client reloads the list, then follows the stream from `id`.
 */
export const resetFrame = (id: string) => frame(id, 'reset', { reason: 'replay-unavailable' })

/** Ids are `<epoch>-<seq>`: the epoch changes when a hub starts afresh, so old ids are never mistaken. */
export const eventId = (epoch: string, seq: number) => `${epoch}-${seq}`

export function parseEventId(id: string | undefined | null): { epoch: string; seq: number } | null {
  const m = id ? /^([a-z0-9]+)-(\d{1,15})$/.exec(id.trim()) : null
  return m ? { epoch: m[1], seq: Number(m[2]) } : null
}

/** The public frames that carry a question's text, as the wall shows it. */
const TEXT_FRAMES = ['question.approved', 'question.updated']

/**
 * What the replay buffer must no longer give once a public message changes a question on the wall: the
 * text it showed before. A moderator hides a question, or rewrites its text on screen, because it names
 * someone (a neighbour's name and document, say); a client that asks for the replay from an old
 * Last-Event-ID must not get the words taken down. Null for any other message. `marks` find the kept
 * frames about that question (each begins its data with the question's id, as `publicQuestion` does);
 * `as` is what such a frame becomes, with its id kept: a removal where the question left the wall, else
 * the question as it is now, under the frame's own type, so a replay still ends where the stream is.
 */
export function retraction(message: LiveMessage) {
  const data = message.data as { id?: unknown } | null
  if (message.audience !== 'public' || typeof data?.id !== 'string') return null
  if (message.type !== 'question.removed' && message.type !== 'question.updated') return null
  const id = data.id
  return {
    marks: TEXT_FRAMES.map((t) => `\nevent: ${t}\ndata: {"id":${JSON.stringify(id)}`),
    as: (frameText: string): { type: string; data: unknown } =>
      message.type === 'question.removed'
        ? { type: 'question.removed', data: { id } }
        : {
            type: frameText.includes('\nevent: question.approved\n')
              ? 'question.approved'
              : 'question.updated',
            data,
          },
  }
}

export const reaches = (message: Audience, subscriber: Audience) =>
  message === 'public' || subscriber === 'moderation'
