/**
 * The attendee page's service worker, served at /e/sw.js (its scope: the pages under /e/). It keeps the
 * last good copy of the page and of the scripts it loads, so a page opened once opens again with no
 * network: the form then comes back from the widget's own copy of the event, with what was typed and
 * what waits to be sent, which the page promises. Online nothing changes: every request goes to the
 * network first, and the copy answers only when the network does not. The API is never kept here (the
 * widget keeps its own copy of the event, and nothing else of the API may be kept), nor is any address's
 * query: a page is kept under its path, language and form (\`?formulario=\`, a page of one form) only,
 * so a radicado's receipt token in a link does not stay on the device. A response the server marks
 * \`no-store\` is never kept: the page answering a radicado's lookup (\`?radicado=\`) is that one
 * person's, and the copy is the plain page, fetched as such.
 * The cache's name changed when that rule came (cabildo-pages-1 → 2): a worker from before it may have
 * kept a lookup's page under the plain page's key, and activating this one drops that copy.
 */
export const serviceWorker = `'use strict'
const CACHE = 'cabildo-pages-2'
const keyOf = (href) => {
  const u = new URL(href)
  const q = new URLSearchParams()
  for (const k of ['lang', 'formulario']) if (u.searchParams.get(k)) q.set(k, u.searchParams.get(k))
  const s = q.toString()
  return u.origin + u.pathname + (s ? '?' + s : '')
}
const keeps = (href) => {
  const u = new URL(href)
  return u.origin === location.origin && !u.pathname.startsWith('/api/')
}
const keep = (key, res) => {
  if (res.ok && res.type === 'basic' && !/no-store/i.test(res.headers.get('cache-control') || ''))
    caches.open(CACHE).then((c) => c.put(key, res))
}
self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (e) =>
  e.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  ),
)
// The page names itself and its scripts once the worker is ready: the first visit came before it.
self.addEventListener('message', (e) => {
  const hrefs = Array.isArray(e.data) ? e.data.filter((h) => typeof h === 'string' && keeps(h)) : []
  // Fetched by the key, with no other query: the plain page, not the lookup a ?radicado= address asks for.
  e.waitUntil(Promise.all(hrefs.map((h) => fetch(keyOf(h)).then((res) => keep(keyOf(h), res), () => {}))))
})
self.addEventListener('fetch', (e) => {
  const r = e.request
  if (r.method !== 'GET' || !keeps(r.url)) return
  const key = keyOf(r.url)
  e.respondWith(
    fetch(r).then(
      (res) => {
        keep(key, res.clone())
        return res
      },
      () => caches.match(key).then((hit) => hit || Response.error()),
    ),
  )
})
`
