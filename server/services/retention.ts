import { and, count, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { attendees, type Event, events } from '../../db/schema'
import type { Deps } from '../env'
import { anonymizeEvent } from './anonymize'
import { purgeWebhookBodies, SCHEDULED_PURGE_ROUNDS } from './webhook-log'

/**
 * Retention of attendees' personal data (Decreto 1377 de 2013 art. 11, LOPDP): once an event is closed
 * and its retention period has run out, its registrations are anonymised. Archive rules (Ley 594 de 2000,
 * the entity's tabla de retención documental) may require keeping attendance lists for years, so the
 * period is the entity's to set: the event's own, else the installation's CABILDO_RETENTION_DAYS; with
 * neither, nothing is erased but by an admin's request.
 */
export type Period = { days: number; source: 'event' | 'installation' }
type Dated = Pick<Event, 'status' | 'endsAt' | 'closedAt' | 'details'>

const DAY = 86_400_000
/** The Workers cron trigger that runs it (wrangler.toml); the every-minute one delivers webhooks. */
export const RETENTION_CRON = '17 8 * * *'
/** How often the Node server runs it (server/node-serve.ts), besides once at start. */
export const RETENTION_EVERY_MS = 3_600_000
/** Events a scheduled run anonymises at most: some 7 D1 queries each, of the 1,000 an invocation may run. */
export const SCHEDULED_EVENTS = 100

export function periodOf(event: Pick<Event, 'details'>, installationDays: number | null): Period | null {
  const own = event.details.retentionDays
  if (own) return { days: own, source: 'event' }
  return installationDays ? { days: installationDays, source: 'installation' } : null
}

/** When the period runs out: counted from the event's end, or without one from its close; null: never. */
export function dueAt(event: Dated, installationDays: number | null): Date | null {
  const period = periodOf(event, installationDays)
  const from = event.endsAt ?? event.closedAt
  if (event.status !== 'closed' || !period || !from) return null
  return new Date(Date.parse(from) + period.days * DAY)
}

export const isDue = (event: Dated, installationDays: number | null, now: Date) => {
  const at = dueAt(event, installationDays)
  return at !== null && at.getTime() <= now.getTime()
}

export type DueEvent = {
  slug: string
  title: string
  period: Period
  dueAt: string
  /** Registrations that still hold personal data (a dry run) or that were anonymised. */
  rows: number
}

/** The closed events whose period ran out and that still hold personal data, oldest due first. */
export async function dueEvents(db: Db, installationDays: number | null, now: Date, limit = Infinity) {
  // Without an installation period, only the events that set one of their own can be due.
  const own: SQL | undefined = installationDays
    ? undefined
    : isNotNull(sql`json_extract(${events.details}, '$.retentionDays')`)
  const closed = await db
    .select()
    .from(events)
    .where(and(eq(events.status, 'closed'), own))
  const due = closed.filter((e) => isDue(e, installationDays, now))
  if (!due.length) return []
  const pending = await db
    .select({ eventId: attendees.eventId, n: count() })
    .from(attendees)
    .where(
      and(
        inList(
          attendees.eventId,
          due.map((e) => e.id),
        ),
        isNull(attendees.anonymizedAt),
      ),
    )
    .groupBy(attendees.eventId)
  const rows = new Map(pending.map((p) => [p.eventId, p.n]))
  return due
    .filter((e) => rows.get(e.id))
    .map((e) => ({ event: e, at: dueAt(e, installationDays)!, rows: rows.get(e.id)! }))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .slice(0, limit)
}

/**
 * Anonymises every due event (`dryRun`: only lists them), each in its own audited commit, decided again
 * on the event as it then is: one reopened or given a longer period meanwhile is left alone.
 */
export async function anonymizeDue(
  deps: Pick<Deps, 'db' | 'now'>,
  opts: { installationDays: number | null; actor: string; dryRun?: boolean; limit?: number },
): Promise<{ events: DueEvent[]; anonymized: number }> {
  const { db } = deps
  const found = await dueEvents(db, opts.installationDays, deps.now(), opts.limit)
  const out: DueEvent[] = []
  for (const { event, at, rows } of found) {
    const period = periodOf(event, opts.installationDays)!
    const view = { slug: event.slug, title: event.title, period, dueAt: at.toISOString() }
    if (opts.dryRun) {
      out.push({ ...view, rows })
      continue
    }
    const fresh = async () => {
      const [row] = await db.select().from(events).where(eq(events.id, event.id))
      return row && isDue(row, opts.installationDays, deps.now()) ? row : null
    }
    const reason = { retention: period }
    const n = await anonymizeEvent(db, fresh, { actor: opts.actor, reason }, deps.now)
    if (n) out.push({ ...view, rows: n })
  }
  return { events: out, anonymized: out.reduce((sum, e) => sum + e.rows, 0) }
}

/**
 * The scheduled run, on Workers by the daily cron trigger and on Node by the server's hourly timer: the
 * due events of the installation's and the events' own periods, then the webhook messages' bodies past
 * theirs (services/webhook-log.ts). One failing does not keep the other from running.
 */
export async function scheduledRetention(deps: Deps) {
  const { config } = deps
  const failures: unknown[] = []
  const failed = (err: unknown) => void failures.push(err)
  const done = await anonymizeDue(deps, {
    installationDays: config.retentionDays,
    actor: 'system:cron',
    limit: SCHEDULED_EVENTS,
  }).catch(failed)
  const webhookBodies = await purgeWebhookBodies(deps, {
    days: config.webhookLogDays,
    rounds: SCHEDULED_PURGE_ROUNDS,
  }).catch(failed)
  if (done?.anonymized)
    console.log(
      `retention: ${done.anonymized} registrations anonymised in ${done.events.map((e) => e.slug).join(', ')}`,
    )
  if (webhookBodies)
    console.log(`retention: ${webhookBodies} webhook message bodies erased from the delivery log`)
  if (failures.length) throw failures[0]
  return { ...done!, webhookBodies: webhookBodies ?? 0 }
}
