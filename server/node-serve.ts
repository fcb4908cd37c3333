import { lookup } from 'node:dns/promises'
import type { Server } from 'node:http'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { serveStatic } from '@hono/node-server/serve-static'
import { closeNodeDb, openNodeDb } from '../db/client-node'
import { createApp } from './app'
import { sqliteBackup } from './backup-node'
import { adminNotice, adminSettingsProblem, bootstrap } from './bootstrap'
import { configFromEnv, type Deps, type Submitter } from './env'
import { loggable } from './errors'
import { CoalescingHub } from './live/coalesce'
import { MemoryHub } from './live/memory-hub'
import { discardOversized, readJsonFirst } from './node-body'
import { answerClientError } from './node-client-error'
import { listenProblem, nodeSettings, StartError, shownHost } from './node-config'
import { nodeCrypto } from './node-crypto'
import { nodeReader } from './node-reads'
import { stopOnSignals } from './node-stop'
import { nodeSubmitter } from './node-submissions'
import { guardedFetch } from './node-webhook-fetch'
import { timerOutbox } from './outbox'
import { MemoryAttemptStore } from './ratelimit/attempts'
import { MemoryRateLimiter } from './ratelimit/memory'
import { forgetLiveOnPublish } from './read-cache'
import { installNativeCrypto } from './services/native'
import { RETENTION_EVERY_MS, scheduledRetention } from './services/retention'
import { deliverDue } from './services/webhooks'

// Hashes and seals through node:crypto instead of the portable code Workers run (services/native.ts).
installNativeCrypto(nodeCrypto)

/**
 * The Node server (`server/node.ts` runs it): opens the SQLite file, migrates, bootstraps, serves. A
 * benchmark may run the same server with its submissions answered otherwise (`opts.submitter`, see
 * bench/instant-server.ts); everything else is what `npm start` serves.
 */
export async function serveNode(opts: { submitter?: Submitter } = {}) {
  let config: ReturnType<typeof configFromEnv>
  try {
    config = configFromEnv(process.env)
  } catch (err) {
    throw new StartError((err as Error).message)
  }
  // Before the database is opened: the same minimum as a password set through the API.
  const problem = adminSettingsProblem(config)
  if (problem) throw new StartError(problem)
  const { file, port, host, readerThreads } = nodeSettings(process.env)

  // serveStatic takes a root relative to the working directory; the assets are built by `npm run build`.
  const webDist = relative(process.cwd(), fileURLToPath(new URL('../web/dist', import.meta.url)))
  // Commits, and the public submissions that end in one, run on a writer thread (server/node-submissions.ts).
  let db: Deps['db']
  try {
    db = openNodeDb(file, {
      checkpointInBackground: true,
      writerThread: true,
      writerCalls: fileURLToPath(new URL('./node-submissions.ts', import.meta.url)),
    })
  } catch (err) {
    // The system's or SQLite's refusal (a folder without write permission, a read-only disk): no stack.
    const code = (err as { code?: unknown }).code
    if (typeof code !== 'string') throw err
    throw new StartError(`no se pudo abrir la base de datos ${file} (${(err as Error).message}).`)
  }
  // Filtered stats and crosstabs read raw responses for seconds: on threads of their own (node-reads.ts).
  const reader = readerThreads && file !== ':memory:' ? nodeReader(db, file, readerThreads) : undefined
  const hub = new MemoryHub()
  const deps: Deps = {
    db,
    config,
    reader,
    now: () => new Date(),
    assets: serveStatic({ root: webDist }),
    // Counters and votes at most once a second per event: every watcher gets every frame (docs/scaling.md).
    // Every publish passes here, so the kept wall and results are forgotten on each (read-cache.ts).
    live: forgetLiveOnPublish(new CoalescingHub(hub), db),
    rateLimiter: new MemoryRateLimiter(config.rateLimits),
    backup: sqliteBackup(db),
    loginAttempts: new MemoryAttemptStore(),
    compress: true,
    shareReads: true,
    submitter: opts.submitter ?? nodeSubmitter,
    // Behind a proxy the socket is the proxy's: the last X-Forwarded-For hop is the one it saw.
    clientIp: (c) =>
      (config.trustProxy && c.req.header('x-forwarded-for')?.split(',').pop()?.trim()) ||
      getConnInfo(c).remote.address,
    resolveHost: (host) => lookup(host, { all: true }).then((found) => found.map((a) => a.address)),
    webhookFetch: guardedFetch(() => config.webhooksAllowLocal),
    // Replaced below: the outbox needs the finished deps to deliver with.
    outbox: { wake: () => {} },
  }
  const webhooks = timerOutbox(() => deliverDue(deps))
  deps.outbox = webhooks
  const { admin, demoSlug } = await bootstrap(deps)
  // Retention periods applied by the server itself, as the Workers cron applies them: once at start and
  // every hour after, so a period set in the console needs no system scheduler. Nothing is due unless a
  // period is set (server/services/retention.ts); the webhook messages' bodies go after theirs too.
  const retention = timerOutbox(
    () => scheduledRetention(deps),
    RETENTION_EVERY_MS,
    (err) => console.error('retention run failed', loggable(err)),
  )
  retention.wake()
  const app = createApp(deps)

  // JSON bodies are read straight from the socket (see node-body.ts) before the app sees the request, and
  // bodies over the limit are read to their end before it refuses them.
  const fetch = (req: Request, env: HttpBindings | Http2Bindings) =>
    (
      discardOversized(env.incoming, config.maxBodyBytes) ?? readJsonFirst(env.incoming, config.maxBodyBytes)
    )?.then(() => app.fetch(req, env)) ?? app.fetch(req, env)
  const server = serve({ fetch, port, hostname: host }, (info) => {
    const url = `http://${shownHost(host)}:${info.port}`
    const lines = [
      `Cabildo escucha en ${url}  (base de datos: ${file})`,
      demoSlug
        ? `Evento de demostración: ${url}/e/${demoSlug}  (API: ${url}/api/events/${demoSlug})`
        : 'Sin evento de demostración (CABILDO_DEMO=0).',
      `Consola del personal: ${url}/console`,
      `Documentación de la API: ${url}/api/docs`,
      adminNotice(admin, config),
    ]
    console.log(lines.join('\n'))
  })

  // A request Node cannot parse is answered in the envelope too, not with Node's bare 400 or 431.
  server.on('clientError', answerClientError)
  server.on('error', (err: NodeJS.ErrnoException) => {
    console.error(`Cabildo no pudo arrancar: ${listenProblem(err, port, host)}`)
    process.exit(1)
  })
  // Ctrl-C or SIGTERM (server/node-stop.ts): the live streams end at once, what is under way is answered,
  // and the database is closed with every acknowledged submission in it.
  stopOnSignals(server as Server, {
    quiet: () => {
      hub.close()
      return Promise.all([webhooks.stop(), retention.stop()])
    },
    close: async () => {
      // The readers first: the last connection to close, this one, checkpoints the WAL into the file.
      await reader?.close()
      await closeNodeDb(db)
    },
  })
}
