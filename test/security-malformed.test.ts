import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scratchDir } from './fixtures/scratch'

type Answer = { status: string; headers: Record<string, string>; body: string }

/** Every response on a connection, read up to its close: a status line, headers, a body. */
function answers(raw: string): Answer[] {
  const out: Answer[] = []
  let rest = raw
  while (rest) {
    const end = rest.indexOf('\r\n\r\n')
    if (end < 0) throw new Error(`not an HTTP response: ${rest}`)
    const [status, ...lines] = rest.slice(0, end).split('\r\n')
    const headers = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    )
    // Node's own bare answers have no length: their body is whatever came before the close.
    const length = Number(headers['content-length'] ?? rest.length)
    out.push({ status, headers, body: rest.slice(end + 4, end + 4 + length) })
    rest = rest.slice(end + 4 + length)
  }
  return out
}

describe('requests Node cannot parse, on the real Node server', () => {
  let server: ChildProcess
  let port = 0
  beforeAll(async () => {
    const root = new URL('../', import.meta.url).pathname
    // Node itself with tsx's loader, no wrapper process: killing `server` stops the server.
    server = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        CABILDO_DB: join(scratchDir('cabildo-malformed-'), 'c.db'),
        CABILDO_READER_THREADS: '0',
        CABILDO_ADMIN_EMAIL: 'admin@cabildo.test',
        CABILDO_ADMIN_PASSWORD: 'una-contraseña-larga',
      },
    })
    port = await new Promise<number>((resolve, reject) => {
      let out = ''
      server.stdout?.on('data', (d) => {
        out += d
        const m = /escucha en http:\/\/localhost:(\d+)/.exec(out)
        if (m) resolve(Number(m[1]))
      })
      server.on('exit', (code) => reject(new Error(`the server exited (${code}): ${out}`)))
    })
  }, 60_000)
  afterAll(() => {
    server.kill('SIGKILL')
  })

  /** Writes `data` on a new connection and resolves with all the server sends before it closes it. */
  const raw = (data: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(data))
      let got = ''
      socket.setEncoding('utf8')
      socket.on('data', (d) => {
        got += d
      })
      socket.on('close', () => resolve(got))
      socket.on('error', reject)
    })

  const expectEnvelope = (a: Answer, status: string, code: string, message: string) => {
    expect(a.status).toBe(status)
    expect(a.headers['content-type']).toBe('application/json; charset=UTF-8')
    expect(a.headers['x-content-type-options']).toBe('nosniff')
    expect(a.headers.connection).toBe('close')
    const { error } = JSON.parse(a.body)
    expect(error).toMatchObject({ code, message, requestId: a.headers['x-request-id'] })
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/)
    return error
  }

  it('answers a bad request line with 400 BAD_REQUEST in the envelope, then closes', async () => {
    const [a, ...more] = answers(await raw('GARBAGE\r\n\r\n'))
    const error = expectEnvelope(a, 'HTTP/1.1 400 Bad Request', 'BAD_REQUEST', 'La solicitud no es válida.')
    expect(error.issues).toEqual([{ path: '', message: 'La solicitud no es válida.' }])
    expect(more).toEqual([])
  })

  it('answers headers over the limit with 431 REQUEST_HEADER_FIELDS_TOO_LARGE, then closes', async () => {
    const big = `GET /api/health/ping HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`
    const [a, ...more] = answers(await raw(big))
    expectEnvelope(
      a,
      'HTTP/1.1 431 Request Header Fields Too Large',
      'REQUEST_HEADER_FIELDS_TOO_LARGE',
      'Los encabezados de la solicitud son demasiado grandes.',
    )
    expect(more).toEqual([])
  })

  it('answers the bytes left over after a wrong Content-Length, after the request they followed', async () => {
    const got = answers(
      await raw('GET /api/health/ping HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcdef\r\n\r\n'),
    )
    expect(got.map((a) => a.status)).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 400 Bad Request'])
    expect(JSON.parse(got[0].body)).toEqual({ pong: true })
    expectEnvelope(got[1], 'HTTP/1.1 400 Bad Request', 'BAD_REQUEST', 'La solicitud no es válida.')
  })

  it('answers a chunk extension over the limit with 413 PAYLOAD_TOO_LARGE, and keeps serving', async () => {
    const chunked = `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2;${'a'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`
    const [a] = answers(await raw(chunked))
    expectEnvelope(
      a,
      'HTTP/1.1 413 Payload Too Large',
      'PAYLOAD_TOO_LARGE',
      'La solicitud es demasiado grande.',
    )
    const ping = await fetch(`http://127.0.0.1:${port}/api/health/ping`)
    expect(await ping.json()).toEqual({ pong: true })
  })
})
