import { Hono } from 'hono'
import { open, staff } from '../access'
import type { AppEnv } from '../env'
import { langOf } from '../errors'
import { cachedJson } from '../read-cache'
import { statsAnswer } from '../schemas/contract'
import {
  crosstabQuery,
  formKeyParam,
  pageQuery,
  responsesQuery,
  statsQuery,
  textsParam,
} from '../schemas/surveys'
import { crosstabQuestions } from '../services/crosstab'
import { parseFilters } from '../services/filters'
import { heavyRead } from '../services/heavy-reads'
import { responsesExport, responsesPage, textsPage } from '../services/response-export'
import {
  csvStream,
  fileName,
  spreadsheetTypes,
  tablesToCsv,
  xlsxBook,
  xlsxStream,
} from '../services/spreadsheet'
import { mergedQuestions } from '../services/stats'
import {
  chosenVersions,
  loadForm,
  publicResults,
  statsFor,
  statsTables,
  withFilterSuppression,
} from '../services/survey-results'
import { validate } from '../validate'

/** What the responses add up to: raw exports, stats, cross-tabs, free texts, the public results. */
export const surveyResultRoutes = new Hono<AppEnv>()
  .get(
    '/:slug/forms/:formKey/responses',
    staff(['analyst'], 'Respuestas crudas (JSON por páginas, CSV o XLSX)'),
    validate('param', formKeyParam),
    validate('query', responsesQuery),
    async (c) => {
      const { slug, formKey } = c.req.valid('param')
      const q = c.req.valid('query')
      const { full, versions } = await loadForm(c.get('deps'), slug, formKey, { staff: true })
      const chosen = chosenVersions(versions, q.version)
      if (q.format === 'json') return c.json(await responsesPage(c.get('deps').db, chosen, q.cursor, q.limit))
      const paged = responsesExport(c.get('deps').db, chosen, langOf(c), full.event.timezone)
      const name = fileName(`respuestas-${formKey}-${full.event.slug}`, q.format)
      const content =
        q.format === 'csv'
          ? csvStream(paged, q.delimiter)
          : xlsxStream(paged, 'Respuestas', { lang: langOf(c) })
      return c.body(content, 200, {
        'content-type': spreadsheetTypes[q.format],
        'content-disposition': `attachment; filename="${name}"`,
      })
    },
  )
  .get(
    '/:slug/forms/:formKey/stats',
    staff(['moderator', 'analyst'], 'Estadísticas del formulario (?filter.genero=mujer; CSV o XLSX)', {
      answers: { 200: statsAnswer },
    }),
    validate('param', formKeyParam),
    validate('query', statsQuery),
    async (c) => {
      const { slug, formKey } = c.req.valid('param')
      const { full, versions } = await loadForm(c.get('deps'), slug, formKey, { staff: true })
      const query = c.req.valid('query')
      const { format, delimiter } = query
      const merged = mergedQuestions(chosenVersions(versions, query.version).map((v) => v.definition))
      const filters = parseFilters(query, merged)
      const stats = await statsFor(c.get('deps'), versions, {
        version: query.version,
        filters,
        lang: langOf(c),
      })
      if (format === 'json') return c.json(withFilterSuppression(stats))
      const tables = statsTables(stats, langOf(c))
      const name = fileName(`estadisticas-${formKey}-${full.event.slug}`, format)
      // Several tables: in one CSV, each row headed by its table's name; in a workbook, a sheet each.
      const content = format === 'csv' ? tablesToCsv(tables, delimiter) : xlsxBook(tables)
      return c.body(content, 200, {
        'content-type': spreadsheetTypes[format],
        'content-disposition': `attachment; filename="${name}"`,
      })
    },
  )
  .get(
    '/:slug/forms/:formKey/crosstab',
    staff(
      ['moderator', 'analyst'],
      'Una pregunta cruzada por otra (?question=calificacion_gestion&by=genero)',
    ),
    validate('param', formKeyParam),
    validate('query', crosstabQuery),
    async (c) => {
      const { slug, formKey } = c.req.valid('param')
      const q = c.req.valid('query')
      const { versions } = await loadForm(c.get('deps'), slug, formKey, { staff: true })
      const chosen = chosenVersions(versions, q.version)
      const merged = mergedQuestions(chosen.map((v) => v.definition))
      const filters = parseFilters(q, merged)
      const ids = chosen.map((v) => v.id)
      const asked = { question: q.question, by: q.by }
      crosstabQuestions(merged, asked)
      const table = await heavyRead(c.get('deps'), 'crosstab', ids, merged, asked, filters, langOf(c))
      return c.json({ formKey, ...table })
    },
  )
  .get(
    '/:slug/forms/:formKey/texts/:questionId',
    staff(['moderator', 'analyst'], 'Todos los textos libres de una pregunta, por páginas'),
    validate('param', textsParam),
    validate('query', pageQuery),
    async (c) => {
      const { slug, formKey, questionId } = c.req.valid('param')
      const { cursor, limit } = c.req.valid('query')
      const { versions } = await loadForm(c.get('deps'), slug, formKey, { staff: true })
      return c.json(await textsPage(c.get('deps').db, versions, questionId, cursor, limit))
    },
  )
  .get(
    '/:slug/forms/:formKey/results',
    open('Resultados públicos (tras el embargo; sobre quién respondió, celdas de menos de 5 ocultas)'),
    validate('param', formKeyParam),
    async (c) => {
      const { slug, formKey } = c.req.valid('param')
      const lang = langOf(c)
      // Kept on Node and forgotten on each publish, as the wall (server/read-cache.ts).
      return cachedJson(
        c,
        `results\n${slug}\n${formKey}\n${lang}`,
        () => publicResults(c.get('deps'), slug, formKey, lang),
        { kind: 'live' },
      )
    },
  )
