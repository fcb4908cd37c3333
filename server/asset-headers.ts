import { Hono } from 'hono'
import type { AppEnv } from './env'
import { securityHeaders } from './security-headers'

// File names carry no hash (embedders link /widget.js for years), so caches revalidate after 5 minutes.
export const ASSET_CACHE_CONTROL = 'public, max-age=300'

/** The paths of the built files (web/dist), each with a file it names: a header may depend on the path. */
const assetPaths = [
  ['/widget.js', '/widget.js'],
  ['/app/*', '/app/page.js'],
]

// The file's own, set by whoever serves it.
const fileHeaders = new Set(['content-type', 'content-length'])

/**
 * The `_headers` file of web/dist, written by `npm run build`. On Workers the [assets] directory
 * answers the built scripts before the app runs, so their headers come from this file; it is written
 * by running the app's own middleware (server/security-headers.ts) over each path, so Node's answer
 * and Workers' cannot drift apart.
 */
export async function assetHeadersFile(): Promise<string> {
  const app = new Hono<AppEnv>()
    .use(securityHeaders())
    .get('*', (c) =>
      c.body('', 200, { 'content-type': 'text/javascript', 'cache-control': ASSET_CACHE_CONTROL }),
    )
  const blocks: string[] = []
  for (const [pattern, sample] of assetPaths) {
    const res = await app.request(sample)
    const lines = [...res.headers].filter(([k]) => !fileHeaders.has(k)).map(([k, v]) => `  ${k}: ${v}`)
    blocks.push([pattern, ...lines].join('\n'))
  }
  return `# Written by \`npm run build\` (server/asset-headers.ts).\n${blocks.join('\n\n')}\n`
}
