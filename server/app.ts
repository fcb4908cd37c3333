import { Hono } from 'hono'
import { languageDetector } from 'hono/language'
import { requestId } from 'hono/request-id'
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

/** The whole HTTP application. It imports no runtime: the entries hand it its dependencies. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>()

  // Every request passes here first. One entry, not one per middleware, and a plain function, not an
  // async one: Hono's dispatch of each entry, and each async middleware that awaits `next()`, stays
  // suspended, with all it holds, while a submission waits for its commit (docs/throughput-log.md). hono's
  // request id and language detector do all their work before `next()`, and are run with a `next` that
  // has already finished; the security headers are set on the finished response (security-headers.ts).
  const rid = requestId()
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
    const answered = Promise.all([rid(c, finished), language(c, finished)])
      .then(() => next())
      .then(() => secureResponse(c))
    if (!c.req.header('authorization')) return answered
    // What a token reads is that person's view (personal data, drafts): kept by no cache, shared or not.
    return answered.then(() => {
      if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'private, no-store')
    })
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
