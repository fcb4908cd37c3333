import { openD1Db } from '../db/client'
import { createApp } from './app'
import { bootstrap } from './bootstrap'
import { configFromEnv, type Deps } from './env'

type App = ReturnType<typeof createApp>
let ready: Promise<App> | undefined

// One app per isolate; the first request also ensures the admin and the demo event (both idempotent).
async function appFor(env: Env): Promise<App> {
  const deps: Deps = {
    db: openD1Db(env.DB),
    config: configFromEnv(env as unknown as Record<string, string | undefined>),
    now: () => new Date(),
  }
  await bootstrap(deps)
  return createApp(deps)
}

export default {
  async fetch(request, env, ctx) {
    ready ??= appFor(env).catch((err) => {
      ready = undefined
      throw err
    })
    return (await ready).fetch(request, env, ctx)
  },
} satisfies ExportedHandler<Env>
