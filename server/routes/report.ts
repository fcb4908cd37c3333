import { Hono } from 'hono'
import { z } from 'zod'
import { open, staff } from '../access'
import type { AppEnv } from '../env'
import { ApiError, langOf } from '../errors'
import { slugParam } from '../schemas/common'
import { reportAnswer } from '../schemas/contract'
import { requireEvent } from '../services/events'
import { buildReport } from '../services/report/build'
import { type Rendered, renderReport, reportFormats } from '../services/report/render'
import { loadForm } from '../services/survey-results'
import { validate } from '../validate'

const reportQuery = z.object({
  format: z.enum(reportFormats).default('json'),
  lang: z.enum(['es', 'en']).optional(),
  delimiter: z.enum([';', ',']).default(';'),
  // Staff can preview exactly what the public copy will show.
  audience: z.enum(['staff', 'public']).default('staff'),
})
const publicQuery = z.object({
  format: z.enum(['json', 'md', 'html']).default('json'),
  lang: z.enum(['es', 'en']).optional(),
})

export function send(r: Rendered) {
  const headers: Record<string, string> = { 'content-type': r.type }
  if (r.file) headers['content-disposition'] = `attachment; filename="${r.file}"`
  return new Response(r.body as BodyInit, { headers })
}

export const reportRoutes = new Hono<AppEnv>()
  .get(
    '/:slug/report',
    staff(['analyst', 'moderator'], 'El informe del evento por secciones (json, md, html, docx, csv, xlsx)', {
      answers: { 200: reportAnswer },
    }),
    validate('param', slugParam),
    validate('query', reportQuery),
    async (c) => {
      const q = c.req.valid('query')
      const full = await requireEvent(c.get('deps').db, c.req.valid('param').slug, { staff: true })
      const report = await buildReport(c.get('deps'), full, {
        lang: q.lang ?? langOf(c),
        audience: q.audience,
      })
      return send(await renderReport(report, q.format, q.delimiter))
    },
  )
  .get(
    '/:slug/report/public',
    open(
      'La copia pública del informe, cuando la entidad la publica (cifras con supresión, sin datos personales)',
      { answers: { 200: reportAnswer }, errors: ['REPORT_NOT_PUBLISHED', 'RESULTS_EMBARGOED'] },
    ),
    validate('param', slugParam),
    validate('query', publicQuery),
    async (c) => {
      const deps = c.get('deps')
      const q = c.req.valid('query')
      const full = await requireEvent(deps.db, c.req.valid('param').slug)
      if (!full.event.details.reportPublished) throw new ApiError('REPORT_NOT_PUBLISHED')
      const { current } = await loadForm(deps, full.event.slug, 'evaluacion', { staff: false })
      if (current.embargoUntil && current.embargoUntil > deps.now().toISOString())
        throw new ApiError('RESULTS_EMBARGOED', {
          detail: {
            es: `Los resultados serán públicos desde ${current.embargoUntil}.`,
            en: `The results will be public from ${current.embargoUntil}.`,
          },
        })
      const report = await buildReport(deps, full, { lang: q.lang ?? langOf(c), audience: 'public' })
      const rendered = await renderReport(report, q.format)
      return send({ ...rendered, file: undefined })
    },
  )
