import { openD1Db } from '../db/client'
import { createApp } from './app'
import { adminNotice, bootstrap } from './bootstrap'
import { configFromEnv, type Deps } from './env'
import { startupFailure } from './errors'
import { durableSubmitter } from './event-writer'
import { DurableHub } from './live/durable-hub'
import { waitUntilOutbox } from './outbox'
import { DbAttemptStore } from './ratelimit/attempts-db'
import { ignoredRateLimits, rateBindings, WorkersRateLimiter } from './ratelimit/workers'
import { RETENTION_CRON, scheduledRetention } from './services/retention'
import { deliverDue } from './services/webhooks'

export { EventWriter } from './event-writer'
export { EventRoom } from './live/event-room'

type Ready = { app: ReturnType<typeof createApp>; deps: Deps }
let ready: Promise<Ready> | undefined

// One app per isolate; the first request also ensures the admin and the demo event (both idempotent;
// the admin secret's PBKDF2 check runs once per deployed version, server/services/admin-secret.ts).
async function appFor(env: Env): Promise<Ready> {
  const config = configFromEnv(env as unknown as Record<string, string | undefined>)
  const db = openD1Db(env.DB)
  const deps: Deps = {
    db,
    config,
    now: () => new Date(),
    live: new DurableHub(env.EVENT_ROOM),
    // The numbers are the bindings' own, in wrangler.toml ([[ratelimits]]); CABILDO_RATE_LIMIT_IP=0,
    // CABILDO_RATE_LIMIT_EVENT=0 or CABILDO_RATE_LIMIT_LOOKUP=0 turns one off.
    rateLimiter: new WorkersRateLimiter(
      Object.fromEntries(
        (['ip', 'event', 'lookup'] as const)
          .filter((scope) => config.rateLimits[scope])
          .map((scope) => {
            const { name, period } = rateBindings[scope]
            return [scope, { binding: env[name], period }]
          }),
      ),
    ),
    clientIp: (c) => c.req.header('cf-connecting-ip'),
    loginAttempts: new DbAttemptStore(db),
    outbox: waitUntilOutbox(() => deliverDue(deps)),
    // Public submissions are decided and committed in their event's writer objects, where the commits
    // arriving together share one D1 batch (server/event-writer.ts).
    submitter: durableSubmitter(env.EVENT_WRITER),
    deployedVersion: env.CF_VERSION_METADATA.id || undefined,
  }
  // Any other value of those variables would be silently ignored here: said once, at the start.
  const ignored = ignoredRateLimits(env as unknown as Record<string, string | undefined>)
  if (ignored) console.warn(ignored)
  const { admin } = await bootstrap(deps)
  // Without the admin secrets, the admin created here can sign in only with the password printed now:
  // in the terminal of `wrangler dev`, in `wrangler tail` (or the Worker's logs) once deployed.
  if (admin.password) console.log(adminNotice(admin, config))
  return { app: createApp(deps), deps }
}

const start = (env: Env) =>
  (ready ??= appFor(env).catch((err) => {
    ready = undefined
    throw err
  }))

export default {
  async fetch(request, env, ctx) {
    let started: Ready
    try {
      started = await start(env)
    } catch (err) {
      return startupFailure(request, err)
    }
    return started.app.fetch(request, env, ctx)
  },
  // The every-minute trigger sends webhook retries as they fall due; the daily one anonymises the
  // attendees of the events whose retention period ran out (none when no period is set anywhere) and
  // erases from the delivery log the webhook messages' bodies past CABILDO_WEBHOOK_LOG_DAYS.
  async scheduled(controller, env, ctx) {
    const job = controller.cron === RETENTION_CRON ? scheduledRetention : deliverDue
    ctx.waitUntil(start(env).then(async ({ deps }) => void (await job(deps))))
  },
} satisfies ExportedHandler<Env>
