import type { Server } from 'node:http'

/** How long what is under way when the server is told to stop has to finish, in ms. */
export const ANSWER_MS = 2000
/** How long closing the database may take after that before the process gives up on it, in ms. */
const CLOSE_MS = 5000

/**
 * Ctrl-C or SIGTERM (a terminal, `docker stop`, systemd, npm passing it on): stop taking connections,
 * answer what is under way, close what the server opened, and exit with 0.
 *
 * `quiet` ends the live streams (the wall, the console, a projector), which never end by themselves,
 * and stops the recurring jobs, resolving once the run under way of each is done. Idle keep-alive
 * connections are closed at once, and any other once its answer has gone out (Node would keep it open
 * for its keep-alive timeout, and the process with it). What is still unfinished after ANSWER_MS is cut
 * (a submission cut off is retried by its client with its key). Then `close` stops the threads and
 * closes the database: every acknowledged submission is in the file, the WAL checkpointed into it.
 *
 * One Ctrl-C or SIGTERM often arrives twice within milliseconds: to the whole process group (a terminal,
 * systemd) and again passed on by npm. Only one sent a second or more later is a second signal, which
 * exits at once.
 */
export function stopOnSignals(
  server: Server,
  { quiet, close }: { quiet: () => Promise<unknown>; close: () => Promise<void> },
) {
  let stopping = 0
  const stop = () => {
    if (stopping) {
      if (Date.now() - stopping >= 1000) process.exit(0)
      return
    }
    stopping = Date.now()
    let cut: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<void>((resolve) => {
      cut = setTimeout(resolve, ANSWER_MS)
    })
    // A request that arrives on a connection kept open is answered, and its connection closed after it
    // (before the app's listener, which may answer at once).
    server.prependListener('request', (_req, res) => {
      res.shouldKeepAlive = false
    })
    // The answers under way began with keep-alive: their connections are closed once idle, here.
    const sweep = setInterval(() => server.closeIdleConnections(), 25)
    const served = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    const done = Promise.all([served, quiet()])
    void Promise.race([done, late])
      .then(() => {
        clearInterval(sweep)
        clearTimeout(cut)
        server.closeAllConnections()
        // Also what keeps the process up meanwhile: the threads it waits for are unref'd.
        setTimeout(() => {
          console.error(`Cabildo no cerró la base de datos en ${CLOSE_MS / 1000} s: sale sin esperar más.`)
          process.exit(1)
        }, CLOSE_MS)
        return close()
      })
      .then(
        () => process.exit(0),
        (err) => {
          console.error('Cabildo no pudo cerrar la base de datos:', err)
          process.exit(1)
        },
      )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
