// The shape of a radicado, for the server (its series) and the attendee page. No import here: the page
// bundles it.

/** A radicado as its series writes it: the entity's prefix, the year and the number, e.g. SDE-2026-000123. */
export const formatRadicado = (prefix: string, year: number, n: number) =>
  `${prefix}-${year}-${String(n).padStart(6, '0')}`
