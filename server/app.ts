import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { languageDetector } from 'hono/language'
import { requestId } from 'hono/request-id'
import type { AppEnv, Deps } from './env'
import { ApiError, toResponse } from './errors'
import { auditRoutes } from './routes/audit'
import { authRoutes } from './routes/auth'
import { mountDocs } from './routes/docs'
import { entityRoutes } from './routes/entities'
import { eventRoutes } from './routes/events'
import { healthRoutes } from './routes/health'
import { userRoutes } from './routes/users'

/** The whole HTTP application. It imports no runtime: the entries hand it its dependencies. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>()

  app.use('*', requestId(), async (c, next) => {
    c.set('deps', deps)
    await next()
  })
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
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: () => {
        throw new ApiError('PAYLOAD_TOO_LARGE')
      },
    }),
  )

  app.route('/api/health', healthRoutes)
  app.route('/api/auth', authRoutes)
  app.route('/api/users', userRoutes)
  app.route('/api/entities', entityRoutes)
  app.route('/api/events', eventRoutes)
  app.route('/api/audit', auditRoutes)
  mountDocs(app)

  app.notFound((c) => toResponse(new ApiError('NOT_FOUND'), c))
  app.onError(toResponse)
  return app
}

export type App = ReturnType<typeof createApp>
