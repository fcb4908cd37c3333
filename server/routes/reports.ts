import { Hono } from 'hono'
import { z } from 'zod'
import { longDate } from '../../web/shared/format'
import { requireInScope, scopeOf, staff } from '../access'
import type { AppEnv } from '../env'
import { langOf } from '../errors'
import { said } from '../messages'
import { instantSchema } from '../schemas/common'
import { formatNumber } from '../services/percent'
import { compareEvents, compareMarkdown, totalsAcross } from '../services/report/across'
import { compareDocx, compareTables } from '../services/report/compare-files'
import { label } from '../services/report/labels'
import { docxType } from '../services/report/render-docx'
import { cell as mdCell, safe as mdText } from '../services/report/render-md'
import { spreadsheetTypes, toCsv, xlsxBook } from '../services/spreadsheet'
import { validate } from '../validate'
import { send } from './report'

const totalsQuery = z
  .object({
    entityId: z.string().max(64).optional(),
    from: z
      .union([instantSchema, z.iso.date()])
      .optional()
      .describe('Desde este instante, o desde este día (la fecha del evento donde se realiza, incluida).'),
    to: z
      .union([instantSchema, z.iso.date()])
      .optional()
      .describe('Antes de este instante, o hasta este día (la fecha del evento donde se realiza, incluida).'),
    slugs: z
      .string()
      .max(4000)
      .transform((s) => s.split(',').filter(Boolean))
      .optional(),
    format: z.enum(['json', 'md', 'csv']).default('json'),
    lang: z.enum(['es', 'en']).optional(),
  })
  .refine((q) => !q.from || !q.to || bound(q.from, 'from') <= bound(q.to, 'to'), {
    path: ['to'],
    message: said(
      'La fecha final es anterior a la inicial: ningún evento cabe entre las dos.',
      'The end is before the start: no event falls between them.',
    ),
  })
const compareQuery = z
  .object({
    a: z.string().min(1).max(120),
    b: z.string().min(1).max(120),
    format: z.enum(['json', 'md', 'docx', 'xlsx']).default('json'),
    lang: z.enum(['es', 'en']).optional(),
  })
  .refine((q) => q.a !== q.b, {
    path: ['b'],
    message: said(
      'Elija otro evento para comparar con el primero.',
      'Choose another event to compare with the first.',
    ),
  })

/**
 * The earliest (`from`) or latest (`to`) instant a bound may stand for: a calendar day is the event's
 * own, and zones reach ±14 h, so only a range that no zone's day could fill is refused.
 */
const bound = (s: string, side: 'from' | 'to') =>
  /^\d{4}-\d{2}-\d{2}$/.test(s)
    ? Date.parse(`${s}T00:00:00Z`) + (side === 'from' ? -14 : 38) * 3600_000
    : Date.parse(s)

/** Figures across events: the year's totals of an entity, and two dialogues compared. */
export const reportsRoutes = new Hono<AppEnv>()
  .get(
    '/totals',
    staff(['analyst'], 'Totales de varios eventos (p. ej. todos los de una entidad en un año)', {
      scope: 'listed',
    }),
    validate('query', totalsQuery),
    async (c) => {
      const q = c.req.valid('query')
      const lang = q.lang ?? langOf(c)
      await requireInScope(c, q)
      const result = await totalsAcross(c.get('deps'), { ...q, entityIds: scopeOf(c) }, lang)
      if (q.format === 'json') return c.json(result)
      const head =
        lang === 'en'
          ? ['Event', 'Date', 'Participants', 'Checked in', 'Women', 'Men', 'Survey responses', 'Questions']
          : ['Evento', 'Fecha', 'Participantes', 'Ingresos', 'Mujeres', 'Hombres', 'Encuestas', 'Preguntas']
      // A gender figure the event's report hides reads as it does there.
      const hidden = label('suppressed', lang)
      const rows = result.events.map((e) => [
        e.title,
        e.date,
        e.participants,
        e.checkedIn,
        e.women ?? hidden,
        e.men ?? hidden,
        e.surveyResponses,
        e.questions,
      ])
      if (q.format === 'csv')
        return send({
          body: toCsv({ headers: head, rows }),
          type: 'text/csv; charset=utf-8',
          file: 'totales.csv',
        })
      const md = [
        mdText(result.sentence),
        '',
        `| ${head.join(' | ')} |`,
        `|${head.map(() => '---').join('|')}|`,
        // A spreadsheet reads the CSV's plain numbers; the Markdown is read, as a report writes them.
        ...rows.map(
          (r) =>
            `| ${r.map((v, i) => (typeof v === 'number' ? formatNumber(v, lang) : i === 1 ? longDate(v, lang) : mdCell(v))).join(' | ')} |`,
        ),
      ].join('\n')
      return send({ body: `${md}\n`, type: 'text/markdown; charset=utf-8', file: 'totales.md' })
    },
  )
  .get(
    '/compare',
    staff(['analyst'], 'Resultados de la encuesta de dos eventos, lado a lado', { scope: 'listed' }),
    validate('query', compareQuery),
    async (c) => {
      const q = c.req.valid('query')
      const lang = q.lang ?? langOf(c)
      await requireInScope(c, { slugs: [q.a, q.b] })
      const result = await compareEvents(c.get('deps'), q.a, q.b, lang)
      if (q.format === 'json') return c.json(result)
      // Both are events' slugs by now (an unknown one is a 404): letters, digits and hyphens.
      const base = `comparacion-${[q.a, q.b].map((s) => s.replace(/[^a-z0-9-]/gi, '')).join('-')}`
      // Every file from the one result, so no two can disagree on a figure; Word and Excel as the report's.
      if (q.format === 'docx')
        return send({ body: await compareDocx(result, lang), type: docxType, file: `${base}.docx` })
      if (q.format === 'xlsx')
        return send({
          body: xlsxBook(compareTables(result, lang)),
          type: spreadsheetTypes.xlsx,
          file: `${base}.xlsx`,
        })
      return send({
        body: `${compareMarkdown(result, lang)}\n`,
        type: 'text/markdown; charset=utf-8',
        file: `${base}.md`,
      })
    },
  )
