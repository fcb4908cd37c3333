// The shape of a radicado, one rule for the server (the lookup's check, the series) and the attendee
// page (which checks it before sending). No import here: the page bundles it.

/** A radicado as its series writes it: the entity's prefix, the year and the number, e.g. SDE-2026-000123. */
export const formatRadicado = (prefix: string, year: number, n: number) =>
  `${prefix}-${year}-${String(n).padStart(6, '0')}`

// Between the parts: spaces, hyphens and the dashes a phone's keyboard puts in their place, alone or
// together. A prefix has at most 12 characters (server/schemas/events.ts, or one derived from the name
// with a number after it): a few more are taken, so that no radicado ever given is refused.
const SHAPE = /^([A-Z0-9]{1,20})[\s\-‐‑‒–—]+(\d{4})[\s\-‐‑‒–—]+(\d{1,9})$/

/**
 * A radicado as a person types it, written as its series writes it, or null when it cannot be one. Lower
 * case, spaces around or between the parts and the number without its leading zeros are taken:
 * " sde 2026 - 123 " is SDE-2026-000123.
 */
export function normalRadicado(typed: string): string | null {
  const m = SHAPE.exec(typed.trim().toUpperCase())
  return m ? formatRadicado(m[1], Number(m[2]), Number(m[3])) : null
}
