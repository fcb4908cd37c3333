import { Hono } from 'hono'
import { languageDetector } from 'hono/language'
import { pageText } from '../web/page/text'
import { limitBody } from './body-limit'
import { compressReads } from './compress'
import { publicCors } from './cors'
import type { AppEnv, Deps } from './env'
import { ApiError, langOf, toResponse } from './errors'
import { forgetOnStaffWrites } from './read-cache'
import { adminRoutes } from './routes/admin'
import { attendanceRoutes } from './routes/attendance'
import { auditRoutes } from './routes/audit'
import { authRoutes } from './routes/auth'
import { calendarRoutes, entityCalendarRoutes } from './routes/calendar'
import { commitmentRoutes } from './routes/commitments'
import { mountDocs } from './routes/docs'
import { entityRoutes } from './routes/entities'
import { eventRoutes } from './routes/events'
import { healthRoutes } from './routes/health'
import { holderRoutes } from './routes/holders'
import { liveRoutes } from './routes/live'
import { browserAsks, missingPage, pageRoutes } from './routes/pages'
import { pqrsdRoutes } from './routes/pqrsd'
import { questionRoutes } from './routes/questions'
import { reportRoutes } from './routes/report'
import { reportsRoutes } from './routes/reports'
import { staticRoutes } from './routes/static'
import { surveyResultRoutes } from './routes/survey-results'
import { surveyRoutes } from './routes/surveys'
import { userRoutes } from './routes/users'
import { webhookRoutes } from './routes/webhooks'
import { secureResponse } from './security-headers'

/**
 * The id a request is known by in the logs and in its answer's `X-Request-Id`: the one the client or a
 * proxy sent, when it is a plain token of at most 255 characters (as hono's request-id middleware takes
 * it), else a new UUID.
 */
const requestIdOf = (sent: string | undefined) =>
  sent && sent.length <= 255 && !/[^\w\-=]/.test(sent) ? sent : crypto.randomUUID()

/** The whole HTTP application. It imports no runtime: the entries hand it its dependencies. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>()

  // Every request passes here first. One entry, not one per middleware, and a plain function, not an
  // async one: Hono's dispatch of each entry, and each async middleware that awaits `next()`, stays
  // suspended, with all it holds, while a submission waits for its commit (docs/throughput-log.md). hono's
  // language detector does all its work before `next()`, and is run with a `next` that has already
  // finished; the security headers are added to the finished response (security-headers.ts), and with
  // them the request's id, read or made here as hono's request-id middleware would.
  const language = languageDetector({
    supportedLanguages: ['es', 'en'],
    fallbackLanguage: 'es',
    order: ['querystring', 'header'],
    lookupQueryString: 'lang',
    caches: false,
  })
  const finished = () => Promise.resolve()
  app.use('*', (c, next) => {
    c.set('deps', deps)
    const id = requestIdOf(c.req.header('x-request-id'))
    c.set('requestId', id)
    const extra: [string, string][] = [['x-request-id', id]]
    // What a token reads is that person's view (personal data, drafts): kept by no cache, shared or not.
    if (c.req.header('authorization')) extra.push(['cache-control', 'private, no-store'])
    return language(c, finished)
      .then(() => next())
      .then(() => secureResponse(c, extra))
  })
  if (deps.compress) app.use('*', compressReads())
  const body = limitBody(deps.config.maxBodyBytes)
  const forget = forgetOnStaffWrites()
  // One entry for both, as above; neither answers in place of the route.
  app.use('/api/*', (c, next) => body(c, () => forget(c, next) as Promise<void>))

  // The widget calls the public endpoints from other sites.
  app.use('/api/events/*', publicCors())
  app.use('/api/pqrsd/*', publicCors())

  app.route('/api/health', healthRoutes)
  app.route('/api/auth', authRoutes)
  app.route('/api/users', userRoutes)
  app.route('/api/entities', entityRoutes)
  app.route('/api/events', eventRoutes)
  app.route('/api/audit', auditRoutes)
  app.route('/api/holders', holderRoutes)
  app.route('/api/events', attendanceRoutes)
  app.route('/api/events', surveyRoutes)
  app.route('/api/events', surveyResultRoutes)
  app.route('/api/events', liveRoutes)
  app.route('/api', questionRoutes)
  app.route('/api', commitmentRoutes)
  app.route('/api/pqrsd', pqrsdRoutes)
  app.route('/api/webhooks', webhookRoutes)
  app.route('/api/admin', adminRoutes)
  app.route('/api/calendar', calendarRoutes)
  app.route('/api/entities', entityCalendarRoutes)
  app.route('/api/events', reportRoutes)
  app.route('/api/reports', reportsRoutes)
  app.route('/', pageRoutes)
  app.route('/', staticRoutes)
  mountDocs(app)

  app.notFound((c) =>
    browserAsks(c) ? missingPage(c, pageText(langOf(c)).missing) : toResponse(new ApiError('NOT_FOUND'), c),
  )
  app.onError(toResponse)
  return app
}

export type App = ReturnType<typeof createApp>
