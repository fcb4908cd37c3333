export type Store = {
  /** What was kept under `key`, or null (undefined when the stored value cannot be read). */
  get<T>(key: string): T | null | undefined
  /** Keeps `value` under `key`; `null` forgets what was there (get gives null, as for a key never set). */
  set(key: string, value: unknown): void
  /** Whether the device keeps `key`, not only in this page's memory (lost when the page closes). */
  keeps(key: string): boolean
}

/**
 * localStorage (or, when asked, sessionStorage) under one prefix, falling back to memory: some in-app
 * browsers and private modes refuse storage or throw on write, and the form must still work there (only
 * without persistence).
 */
export function openStore(prefix: string, kind: 'localStorage' | 'sessionStorage' = 'localStorage'): Store {
  const mem: Record<string, string> = {}
  let ls: Storage | undefined
  try {
    ls = window[kind]
  } catch {}
  return {
    get(key) {
      try {
        // A key never set: JSON.parse(null) is null.
        return JSON.parse((mem[prefix + key] ?? ls?.getItem(prefix + key) ?? null)!)
      } catch {}
    },
    set(key, value) {
      const raw = JSON.stringify(value)
      try {
        ls!.setItem(prefix + key, raw)
        delete mem[prefix + key]
      } catch {
        mem[prefix + key] = raw
      }
    },
    keeps: (key) => !mem[prefix + key],
  }
}

/**
 * A submission's Idempotency-Key (the widget's, and the console's for what staff file), or a device's id:
 * when it was made (milliseconds, 13 digits until the year 2286), then 256 random bits from
 * getRandomValues (randomUUID is missing in older WebViews and on plain http). The server keeps a
 * submission's key as sent, in an index: keys made about when they arrive go in near its end (as near as
 * the clocks agree), among pages just written, where random ones each land on any page of it
 * (docs/throughput-log.md). The random part keeps it unguessable: a registration's token is derived from it. A
 * device's id is kept only as a hash.
 */
export const newKey = () => Date.now() + crypto.getRandomValues(new Uint32Array(8)).join('-')

/**
 * Which attendee a token is, as the device keeps it beside what they did (a survey's confirmation, the
 * wall's votes): its last characters, which tell the people registered on one phone apart and open
 * nothing, where the whole token would let the next person vote as the last.
 */
export const holderOf = (token?: string | null) => token?.slice(-9)

/**
 * Keeps a confirmation's radicado (check-in code) with the nine before it, most recent first: it is the
 * petitioner's legal proof, and a phone shared by a family registers each of them in turn. (A person
 * already registered gets no new code.)
 */
export const keepCode = (store: Store, key: string, code?: string | false) =>
  code && store.set(key, [code, ...(store.get<string[]>(key) ?? [])].slice(0, 10))

/** This device's random id, kept for good: one survey response and one vote per device. */
export function deviceId(store: Store): string {
  const id = store.get<string>('device') ?? newKey()
  store.set('device', id)
  return id
}
