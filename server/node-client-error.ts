import type { Duplex } from 'node:stream'
import { ApiError, errorBody } from './errors'
import type { ErrorCode } from './messages'

// What Node's HTTP parser refuses before the app sees a request, by the code of its error.
const refusals: Record<string, [ErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: ['REQUEST_HEADER_FIELDS_TOO_LARGE', 'Request Header Fields Too Large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: ['PAYLOAD_TOO_LARGE', 'Payload Too Large'],
}

/**
 * The http server's `clientError` listener: a request Node cannot parse (a bad request line, headers
 * over the limit, bytes left over after a wrong Content-Length) is answered in the one envelope, in
 * Spanish as no language could be read, instead of Node's bare 400 or 431; then the connection closes.
 * Nothing is written once a response has begun on the socket, nor to a client that is gone.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy()
    return
  }
  // A client too slow to send its request gets Node's own 408: the envelope has no code for it.
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n', () => socket.destroy())
    return
  }
  const [code, reason] = refusals[err.code ?? ''] ?? ['BAD_REQUEST', 'Bad Request']
  const requestId = crypto.randomUUID()
  const error = new ApiError(code)
  const body = JSON.stringify(errorBody(error, 'es', requestId))
  const head = [
    `HTTP/1.1 ${error.status} ${reason}`,
    'Content-Type: application/json; charset=UTF-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
    'Connection: close',
  ]
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy())
}
