import { Hono } from 'hono'
import { z } from 'zod'
import { open, staff } from '../access'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { loginAnswer } from '../schemas/contract'
import { login, revokeToken } from '../services/auth'
import { loginTurn } from '../services/login-throttle'
import { validate } from '../validate'

const loginBody = z.strictObject({ email: z.email().max(200), password: z.string().min(1).max(200) })

export const authRoutes = new Hono<AppEnv>()
  .post(
    '/login',
    open('Iniciar sesión del personal', {
      answers: { 200: loginAnswer },
      errors: ['INVALID_CREDENTIALS', 'LOGIN_THROTTLED'],
    }),
    validate('json', loginBody),
    async (c) => {
      const { email, password } = c.req.valid('json')
      const deps = c.get('deps')
      const turn = await loginTurn(deps, email, deps.clientIp?.(c))
      if (turn.wait) {
        c.header('Retry-After', String(turn.wait))
        throw new ApiError('LOGIN_THROTTLED')
      }
      const result = await login(deps, email, password).catch(async (err) => {
        await turn.done(false)
        throw err
      })
      await turn.done(true)
      return c.json(result)
    },
  )
  .get('/me', staff(['moderator', 'analyst'], 'Usuario de la sesión'), (c) => {
    const { email, role } = c.get('user')!
    return c.json({ user: { email, role } })
  })
  .post(
    '/logout',
    staff(['moderator', 'analyst'], 'Cerrar la sesión (revoca el token)', { ok: [204] }),
    async (c) => {
      await revokeToken(c.get('deps').db, c.get('user')!.tokenId, c.get('deps').now())
      return c.body(null, 204)
    },
  )
