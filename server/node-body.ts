import type { IncomingMessage } from 'node:http'
import type { Http2ServerRequest } from 'node:http2'
import { JSON_TYPE } from './validate'

/**
 * On Node, a JSON body read through the WHATWG Request that @hono/node-server builds (a web stream
 * adapted from the socket, an AbortController, undici's body mixin) costs about 130 µs of the event
 * loop per request, more than validating and storing a survey response. For a JSON body of known length
 * within the limit, this reads the socket directly and answers `json()`, `text()` and `arrayBuffer()`
 * from the bytes read; it also hands them to node-server as `rawBody`, so anything else that reads the
 * body (`body`, `formData()`, a clone) still gets the same bytes. Other bodies are left as they are.
 */
export function readJsonFirst(
  req: Request,
  incoming: IncomingMessage | Http2ServerRequest,
  maxBytes: number,
) {
  const type = incoming.headers['content-type']
  const length = Number(incoming.headers['content-length'])
  if (!type || !JSON_TYPE.test(type)) return null
  if (!(length > 0 && length <= maxBytes) || incoming.headers['transfer-encoding'] !== undefined) return null
  return new Promise<void>((resolve) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.once('error', () => resolve())
    incoming.once('end', () => {
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)
      ;(incoming as { rawBody?: Buffer }).rawBody = bytes
      let text: string | undefined
      // As WHATWG's text(): UTF-8, a leading byte order mark dropped.
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
      const textOf = () => (text ??= bytes.toString('utf8', bom))
      const own = (name: string, value: () => Promise<unknown>) =>
        Object.defineProperty(req, name, { value, configurable: true })
      own('text', async () => textOf())
      own('json', async () => JSON.parse(textOf()))
      own('arrayBuffer', async () =>
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      )
      resolve()
    })
  })
}

const DISCARD_MAX = 64 * 1024 * 1024
const DISCARD_MS = 30_000

/**
 * A body over the limit, of a stated length, is read and thrown away before the 413 is sent. Answered
 * while the client is still sending, the connection would be closed with the rest unread, and that
 * resets it: a client that writes its whole body before reading (Python's urllib, which also asks to
 * close) got a broken pipe instead of the envelope. Up to 64 MiB and 30 s, as @hono/node-server drains
 * what a handler left unread; beyond that, answered at once.
 */
export function discardOversized(incoming: IncomingMessage | Http2ServerRequest, maxBytes: number) {
  const length = Number(incoming.headers['content-length'])
  if (!(length > maxBytes && length <= DISCARD_MAX) || incoming.headers['transfer-encoding'] !== undefined)
    return null
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, DISCARD_MS)
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    incoming.once('end', done)
    incoming.once('error', done)
    incoming.once('close', done)
    incoming.resume()
  })
}
