import { lookup as dnsLookup } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { Agent, fetch } from 'undici'
import { isLocal } from './services/webhook-url'

/** What a delivery's log says when the connection itself was refused (services/webhooks.ts). */
export const REFUSED_AT_CONNECT =
  'address refused: the name resolved to this machine or a link-local address when connecting'

/**
 * The fetch that webhook deliveries use on Node. The receiver's name is resolved for the connection
 * itself, and a connection to this machine or a link-local address is refused there, unless the
 * installation allows local receivers (`allowLocal`, read at each connection). The check before sending
 * (`resolvesLocal`) asks the DNS once, and the connection would ask it again: a name whose answer
 * changes between the two (DNS rebinding) would otherwise carry a petitioner's data to the server itself
 * or to the cloud's metadata address. `lookup` is Node's DNS lookup but where a test resolves names.
 * On Workers, Cloudflare's fetch reaches no local address, and the runtime's own fetch is used.
 */
export function guardedFetch(
  allowLocal: () => boolean,
  lookup: LookupFunction = dnsLookup,
): typeof globalThis.fetch {
  const guarded: LookupFunction = (hostname, options, callback) =>
    lookup(hostname, options, (err, address, family) => {
      const found = typeof address === 'string' ? [address] : (address ?? []).map((a) => a.address)
      if (!err && !allowLocal() && found.some((a) => isLocal(a.toLowerCase())))
        return callback(Object.assign(new Error(REFUSED_AT_CONNECT), { code: 'ELOCALADDRESS' }), '', 0)
      callback(err, address, family)
    })
  const dispatcher = new Agent({ connect: { lookup: guarded } })
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    fetch(input as never, { ...(init as object), dispatcher })) as unknown as typeof globalThis.fetch
}
