import { type Signal, signal } from '@preact/signals'
import { localDate } from '../../server/services/calendar/local-date'
import type { StaffQuestion } from './moderation-store'
import { api } from './session'

/**
 * The entity's non-business days as the server counts the terms on (GET /api/calendar/:country/:year, its
 * `holidays` with the days staff recorded applied), by year. The console works out from them the limits the
 * server checks (server/services/question-status.ts), so a card offers only what the server would take and
 * a form shows its limits before anything is sent. A year not loaded leaves the limit unknown (null): the
 * action is offered, and the server decides, as before.
 */
export type Holidays = ReadonlyMap<number, ReadonlySet<string>>

/** Loads the years around today once per console page: a petition's limits fall within them. */
export function loadHolidays(country: string, entityId: string, today: string): Signal<Holidays> {
  const held = signal<Holidays>(new Map())
  const year = Number(today.slice(0, 4))
  for (const y of [year - 1, year, year + 1])
    api<{ holidays: { date: string }[] }>(
      'GET',
      `/api/calendar/${country}/${y}?entityId=${encodeURIComponent(entityId)}`,
    ).then((r) => {
      if (!r.data) return
      held.value = new Map([...held.value, [y, new Set(r.data.holidays.map((h) => h.date))]])
    })
  return held
}

/** The calendar day after `ymd` (YYYY-MM-DD). */
export const nextDay = (ymd: string) =>
  new Date(Date.parse(`${ymd}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/** The n-th business day after `from` (server/services/calendar, addBusinessDays), or null without the year. */
export function addBusinessDays(from: string, n: number, held: Holidays): string | null {
  let day = from
  for (let left = n; left > 0; ) {
    day = nextDay(day)
    const year = held.get(Number(day.slice(0, 4)))
    if (!year) return null
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay()
    if (weekday !== 0 && weekday !== 6 && !year.has(day)) left--
  }
  return day
}

/**
 * Where it was received, as the server counts its days (question-views.ts, receiptZone): the zone its
 * constancia keeps, or the event's, `tz`, for one filed before it was kept.
 */
export const zoneOf = (q: StaffQuestion, tz: string) => q.receiptZone ?? tz

/** The day it was received, where it was: the one staff gave when they filed it later, or the filing's. */
export const receivedDay = (q: StaffQuestion, tz: string) =>
  q.receivedOn ?? localDate(new Date(q.receivedAt), zoneOf(q, tz))

/** The event as its days bound an answer said live: its start, its close (null while open), its zone. */
export type EventDays = { startsAt: string; closedAt?: string | null; timezone: string }

/**
 * The days the server takes when the day an answer or a forwarding was sent is corrected
 * (server/services/sent-on.ts): from receipt to today, where it was received. An answer said live was
 * given during the event too: from the local day it began to the day it was closed, once it is (an
 * event held over several days runs until then). `live`: that second limit applies.
 */
export function sentOnDays(q: StaffQuestion, event: EventDays, now = new Date()) {
  const zone = zoneOf(q, event.timezone)
  let from = receivedDay(q, event.timezone)
  let to = localDate(now, zone)
  const live = q.status === 'answered_live'
  if (live) {
    const first = localDate(new Date(event.startsAt), zone)
    const last = event.closedAt ? localDate(new Date(event.closedAt), zone) : null
    if (first > from) from = first
    if (last && last < to) to = last
  }
  return { from, to, live }
}

/**
 * Ley 1755 de 2015: the last day to ask the petitioner to complete it (10 business days from receipt, art.
 * 17), and the latest new due date of an extension (twice the term, from where it counts: a completed
 * petition's from the day it was completed).
 */
export function termLimits(q: StaffQuestion, tz: string, held: Holidays) {
  const received = receivedDay(q, tz)
  return {
    requestBy: addBusinessDays(received, 10, held),
    extendBy: addBusinessDays(q.completedOn ?? received, 2 * q.termDays, held),
  }
}
