/** A small Server-Sent Events reader for tests: frames parsed as a browser's EventSource would. */
export type SseFrame = { id?: string; event: string; data: string; comments: string[] }

export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  const frames: SseFrame[] = []
  let buffer = ''
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined
  let lastId: string | undefined

  function parse() {
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const f: SseFrame = { event: 'message', data: '', comments: [] }
      const data: string[] = []
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) f.comments.push(line.slice(1).trim())
        else {
          const at = line.indexOf(':')
          const [field, value] =
            at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1).replace(/^ /, '')]
          if (field === 'id') f.id = value
          else if (field === 'event') f.event = value
          else if (field === 'data') data.push(value)
        }
      }
      f.data = data.join('\n')
      if (f.id !== undefined) lastId = f.id
      frames.push(f)
    }
  }

  /** The next frame (comments included), or an error after `ms`. */
  async function next(ms = 5000): Promise<SseFrame> {
    const deadline = Date.now() + ms
    while (frames.length === 0) {
      pending ??= reader.read()
      const left = deadline - Date.now()
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), Math.max(0, left)))
      const result = await Promise.race([pending, timeout])
      if (result === 'timeout') throw new Error('no SSE frame in time')
      pending = undefined
      if (result.done) throw new Error('SSE stream ended')
      buffer += decoder.decode(result.value, { stream: true })
      parse()
    }
    return frames.shift()!
  }

  /** Skips frames until one of `event` arrives (optionally matching `where`). */
  async function until(event: string, where: (data: any) => boolean = () => true, ms = 5000) {
    const deadline = Date.now() + ms
    for (;;) {
      const f = await next(deadline - Date.now())
      if (f.event === event && where(JSON.parse(f.data))) return { ...f, json: JSON.parse(f.data) }
    }
  }

  return {
    next,
    until,
    get lastEventId() {
      return lastId
    },
    close: () => reader.cancel().catch(() => {}),
  }
}
