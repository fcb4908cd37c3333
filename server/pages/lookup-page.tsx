import type { Context } from 'hono'
import { render } from 'preact-render-to-string'
import { LookupLimitedPage, type PageLookup } from '../../web/page/LookupSection'
import type { AppEnv } from '../env'
import { langOf } from '../errors'
import { countLookup } from '../ratelimit/middleware'
import type { Read } from '../read-cache'
import { radicadoParam } from '../schemas/questions'
import { isReceiptToken, lookupRadicado } from '../services/pqrsd-lookup'

type Looked = { status: 200 | 400 | 404; lookup: PageLookup } | { retryAfter: number }

/**
 * The event page answering its lookup form without script (`/e/:slug?radicado=`): the status that
 * GET /api/pqrsd/:radicado gives, under the same rate limit, drawn in the page by `page`. Per query, and
 * with the receipt's token maybe in it: built for this request alone, kept by no cache.
 */
export async function answerLookup(
  c: Context<AppEnv>,
  slug: string,
  asked: string,
  page: (lookup: PageLookup) => Promise<Read | Response>,
) {
  c.header('cache-control', 'private, no-store')
  const radicado = asked.trim()
  const looked = await look(c, radicado)
  if ('retryAfter' in looked) {
    c.header('retry-after', String(looked.retryAfter))
    const limited = (
      <LookupLimitedPage slug={slug} lang={langOf(c)} radicado={radicado} retryAfter={looked.retryAfter} />
    )
    return c.html(`<!doctype html>${render(limited)}`, 429)
  }
  const built = await page(looked.lookup)
  // The event's own 404 page, when there is no such event.
  if (built instanceof Response) return built
  return c.body(built.body, looked.status, { 'content-type': built.type })
}

async function look(c: Context<AppEnv>, radicado: string): Promise<Looked> {
  const lang = langOf(c)
  // Counted before anything is read, as the API counts it: a listing of radicados is refused either way.
  // An empty one too: each answer is a page built for this request alone, past the kept one.
  const decision = await countLookup(c)
  if (!decision.ok) return { retryAfter: decision.retryAfter }
  // Nothing typed, or not a radicado's shape by the API's check: said, as the script says it.
  if (!radicado) return { status: 400, lookup: { radicado, failed: 'empty' } }
  const checked = radicadoParam.safeParse({ radicado })
  if (!checked.success) return { status: 400, lookup: { radicado, failed: 'malformed' } }
  const { db, now } = c.get('deps')
  const found = await lookupRadicado(db, checked.data.radicado, now(), lang)
  if (!found) return { status: 404, lookup: { radicado, failed: 'unknown' } }
  // The confirmation's link carries the receipt's token: its petitioner is offered the constancia.
  const token = c.req.query('token')
  const receipt = isReceiptToken(found.full.question, token)
    ? `/api/pqrsd/${encodeURIComponent(found.pqrsd.radicado)}/constancia?format=html&lang=${lang}&token=${encodeURIComponent(token!)}`
    : undefined
  return { status: 200, lookup: { radicado, status: found.pqrsd, receipt } }
}
