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
import { securityHeaders } from './security-headers'

/** The whole HTTP application. It imports no runtime: the entries hand it its dependencies. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>()

  // The app's own middlewares here are plain functions, not async ones where they can be: an async
  // function stays suspended, with all it holds, while its request waits for a commit (docs/scaling.md).
  app.use('*', requestId(), (c, next) => {
    c.set('deps', deps)
    if (!c.req.header('authorization')) return next()
    // What a token reads is that person's view (personal data, drafts): kept by no cache, shared or not.
    return next().then(() => {
      if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'private, no-store')
    })
  })
  app.use('*', securityHeaders())
  if (deps.compress) app.use('*', compressReads())
  app.use(
    '*',
    languageDetector({
      supportedLanguages: ['es', 'en'],
      fallbackLanguage: 'es',
      order: ['querystring', 'header'],
      lookupQueryString: 'lang',
      caches: false,
    }),
  )
  app.use('/api/*', limitBody(deps.config.maxBodyBytes))
  app.use('/api/*', forgetOnStaffWrites())

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
