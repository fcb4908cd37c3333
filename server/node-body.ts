import type { IncomingMessage } from 'node:http'
import type { Http2ServerRequest } from 'node:http2'
import { JSON_TYPE } from './validate'

/**
 * On Node, a JSON body read through the WHATWG Request that @hono/node-server builds (a web stream
 * adapted from the socket, an AbortController, undici's body mixin) costs about 130 µs of the event
 * loop per request, more than validating and storing a survey response. For a JSON body of known length
 * within the limit, this reads the socket directly and hands the bytes to node-server as `rawBody`: the
 * JSON validator parses them from there (`bodyReadFirst`, server/validate.ts), and anything else that
 * reads the body (`text()`, `json()`, `arrayBuffer()`, the stream, a clone) gets the same bytes through
 * node-server. Nothing is defined on the request itself: `text`, `json` and `arrayBuffer` defined on each
 * one, and the closures that did it (each named by the TypeScript loader with an `Object.defineProperty`
 * of its own), cost 12 k instructions of the event loop a request, as much as parsing the body
 * (bench/instructions-server.ts). Other bodies are left as they are.
 */
export function readJsonFirst(incoming: IncomingMessage | Http2ServerRequest, maxBytes: number) {
  const type = incoming.headers['content-type']
  const length = Number(incoming.headers['content-length'])
  if (!type || !JSON_TYPE.test(type)) return null
  if (!(length > 0 && length <= maxBytes) || incoming.headers['transfer-encoding'] !== undefined) return null
  return new Promise<void>((resolve) => {
    const chunks: Buffer[] = []
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
    incoming.once('error', () => resolve())
    incoming.once('end', () => {
      ;(incoming as { rawBody?: Buffer }).rawBody = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)
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
