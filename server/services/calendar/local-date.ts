// Nothing imported: the console's date inputs use this too, without the holiday tables.

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The calendar date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid instant')
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    formatters.set(timeZone, formatter)
  }
  const parts = formatter.formatToParts(instant)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`
}

/** The first instant of the calendar day after `instant`'s in `timeZone` (its local midnight). */
export function nextLocalDay(instant: Date, timeZone: string): Date {
  const today = localDate(instant, timeZone)
  // A day is at most 25 hours long: 27 hours later is another day. The first instant of it, to the ms.
  let lo = instant.getTime()
  let hi = lo + 27 * 3600_000
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (localDate(new Date(mid), timeZone) === today) lo = mid
    else hi = mid
  }
  return new Date(hi)
}
