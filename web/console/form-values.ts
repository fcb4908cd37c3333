/** Small conversions between what people type in the console's forms and what the API takes. */

function wall(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant))
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  return { y: n('year'), m: n('month'), d: n('day'), h: n('hour'), mi: n('minute') }
}

/** An instant as the value of a datetime-local input, read in the event's time zone. */
export function toLocalInput(iso: string, timeZone: string): string {
  const w = wall(Date.parse(iso), timeZone)
  const p = (x: number) => String(x).padStart(2, '0')
  return `${w.y}-${p(w.m)}-${p(w.d)}T${p(w.h)}:${p(w.mi)}`
}

/** A datetime-local value meant in `timeZone`, as the UTC instant the API stores. */
export function fromLocalInput(local: string, timeZone: string): string {
  const [date, time = '00:00'] = local.split('T')
  const [y, m, d] = date.split('-').map(Number)
  const [h, mi] = time.split(':').map(Number)
  const guess = Date.UTC(y, m - 1, d, h, mi)
  const w = wall(guess, timeZone)
  const offset = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi) - guess
  return new Date(guess - offset).toISOString()
}

/** One item per non-empty line. */
export const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)

/**
 * The sites typed one per line, each as the address the API takes: one typed as people read it
 * (www.alcaldia.gov.co) is taken as its https:// address, as browsers do.
 */
export const siteLines = (s: string) =>
  lines(s).map((l) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(l) ? l : `https://${l}`))

/**
 * A web address typed as people read it (youtube.com/live/…, www.facebook.com/…), as its https://
 * address, as a browser's address bar takes it: only what begins with a domain name, so that a mistyped
 * scheme ("https//…") is left for the API to refuse, in the form's own list of problems.
 */
export const webAddress = (s: string) => {
  const a = s.trim()
  return /^[a-z][a-z0-9+-]*:/i.test(a) || !/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(?=$|[/:?#])/u.test(a)
    ? a
    : `https://${a}`
}

/** A key the API accepts (lowercase, digits, - and _), made from a name people typed. */
export const keyOf = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48)

/** "key = Name" lines (the key may be left out and is then made from the name). */
export const pairsOf = (s: string) =>
  lines(s).map((l) => {
    const i = l.indexOf('=')
    const name = (i < 0 ? l : l.slice(i + 1)).trim()
    return { key: i < 0 ? keyOf(name) : l.slice(0, i).trim(), name }
  })

export const pairLines = (list: { key: string; name: string }[]) =>
  list.map((a) => `${a.key} = ${a.name}`).join('\n')
