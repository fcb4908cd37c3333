import type { Stmt } from '../../db/atomic'
import type { Deps } from '../env'
import { loggable, someCause } from '../errors'
import type { LiveMessage } from '../live/hub'

/**
 * Small pieces shared by the public submissions (registrations and survey responses).
 * D1 binds at most 100 parameters per statement, so multi-row inserts are cut into chunks.
 */
export function chunked<T>(items: T[], size: number, build: (part: T[]) => Stmt): Stmt[] {
  const out: Stmt[] = []
  for (let i = 0; i < items.length; i += size) out.push(build(items.slice(i, i + size)))
  return out
}

/** True when a commit failed on a UNIQUE or PRIMARY KEY constraint of `table` (either driver). */
export function isUnique(err: unknown, table: string, column?: string): boolean {
  const needle = column ? `${table}.${column}` : `${table}.`
  return someCause(
    err,
    (e) => /UNIQUE constraint failed/.test(String(e.message)) && String(e.message).includes(needle),
  )
}

/**
 * Publishes live counters after a commit. The submission is already stored and acknowledged, so a hub
 * that fails must not turn it into an error: it is logged and the figures catch up on the next one.
 */
export async function publishCounters(deps: Deps, eventId: string, data: Record<string, unknown>) {
  await publishAfterCommit(deps, eventId, { type: 'counters', audience: 'public', data })
}

/** Publishes a message about something already committed: a hub that fails is logged, never thrown. */
export async function publishAfterCommit(deps: Deps, eventId: string, message: LiveMessage) {
  if (!deps.live) return
  try {
    await deps.live.publish(eventId, message)
  } catch (err) {
    console.error('live publish failed', loggable(err))
  }
}
