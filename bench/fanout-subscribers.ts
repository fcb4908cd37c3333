import { Agent, type ClientRequest, request } from 'node:http'

/**
 * A child process of the fan-out benchmark: it holds many raw SSE connections on loopback and notes,
 * with the machine's monotonic clock (shared by every process), when each one sees the watched id.
 */
type Sub = { req: ClientRequest; got?: bigint }
type Command =
  | { cmd: 'open'; url: string; n: number }
  | { cmd: 'watch'; id: string }
  | { cmd: 'collect' }
  | { cmd: 'close' }

const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY })
const subs: Sub[] = []
let watched: string | null = null

function open(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`))
      const sub: Sub = { req }
      subs.push(sub)
      res.setEncoding('utf8')
      res.once('data', () => resolve())
      res.on('data', (chunk: string) => {
        if (watched && sub.got === undefined && chunk.includes(watched)) sub.got = process.hrtime.bigint()
      })
      res.on('error', () => {})
    })
    req.on('error', reject)
    req.end()
  })
}

const send = (msg: unknown) => process.send!(msg)

process.on('message', async (msg: Command) => {
  if (msg.cmd === 'open') {
    // In slices, so the server's accept backlog never overflows.
    for (let done = 0; done < msg.n; done += 100)
      await Promise.all(Array.from({ length: Math.min(100, msg.n - done) }, () => open(msg.url)))
    send({ opened: subs.length })
  } else if (msg.cmd === 'watch') {
    for (const s of subs) s.got = undefined
    watched = `"id":"${msg.id}"`
    send({ watching: msg.id })
  } else if (msg.cmd === 'collect') {
    const deadline = Date.now() + 15_000
    while (subs.some((s) => s.got === undefined) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5))
    const times = subs.flatMap((s) => (s.got === undefined ? [] : [String(s.got)]))
    send({ times, missing: subs.length - times.length })
  } else {
    for (const s of subs) s.req.destroy()
    process.exit(0)
  }
})
send({ ready: true })
