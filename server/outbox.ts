import type { Context } from 'hono'
import type { AppEnv, Outbox } from './env'
import { loggable } from './errors'

const log = (err: unknown) => console.error('webhook delivery failed', loggable(err))

/**
 * Node: a run right after each wake (never two at once), and a poll that picks up retries as they fall due.
 * The server's other recurring job, retention (server/services/retention.ts), runs on one too.
 */
export function timerOutbox(
  run: () => Promise<unknown>,
  pollMs = 5000,
  failed = log,
): Outbox & { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined
  let again = false
  let stopped = false
  const go = () => {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    running = run()
      .catch(failed)
      .finally(() => {
        running = undefined
        if (again) {
          again = false
          go()
        }
      })
  }
  const poll = pollMs > 0 ? setInterval(go, pollMs) : undefined
  ;(poll as { unref?: () => void } | undefined)?.unref?.()
  return {
    wake: () => {
      setTimeout(go, 0)
    },
    // No run starts after it; the one under way, if any, is what it waits for.
    stop: async () => {
      stopped = true
      clearInterval(poll)
      await running
    },
  }
}

/** Workers: the run rides on the request's waitUntil; the cron trigger picks up retries. */
export function waitUntilOutbox(run: () => Promise<unknown>): Outbox {
  return {
    wake: (waitUntil) => {
      const task = run().catch(log)
      waitUntil?.(task)
    },
  }
}

/** The request's waitUntil on Workers; undefined on Node, where the process outlives the request. */
export function waitUntilOf(c: Context<AppEnv>): ((task: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx
    return (task) => ctx.waitUntil(task)
  } catch {
    return undefined
  }
}
