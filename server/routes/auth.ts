import { Hono } from 'hono'
import { z } from 'zod'
import { open, staff } from '../access'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { said } from '../messages'
import { passwordSchema } from '../schemas/common'
import { loginAnswer } from '../schemas/contract'
import { currentPasswordIs, login, revokeToken } from '../services/auth'
import { loginTurn } from '../services/login-throttle'
import { updateUser } from '../services/users'
import { validate } from '../validate'

const loginBody = z.strictObject({ email: z.email().max(200), password: z.string().min(1).max(200) })
const passwordBody = z.strictObject({ current: z.string().min(1).max(200), password: passwordSchema })

export const authRoutes = new Hono<AppEnv>()
  .post(
    '/login',
    open('Iniciar sesión del personal', {
      scope: 'none',
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
  .get(
    '/me',
    staff(['moderator', 'analyst'], 'Usuario de la sesión', { scope: 'none', passwordPending: true }),
    (c) => {
      const { email, role, entityIds, mustChangePassword } = c.get('user')!
      return c.json({ user: { email, role, entityIds, mustChangePassword: mustChangePassword ?? false } })
    },
  )
  .post(
    '/password',
    staff(
      ['moderator', 'analyst'],
      'Cambiar la contraseña propia (con la actual); cierra las demás sesiones y da una nueva',
      { scope: 'none', passwordPending: true, errors: ['INVALID_CREDENTIALS', 'LOGIN_THROTTLED'] },
    ),
    validate('json', passwordBody),
    async (c) => {
      const deps = c.get('deps')
      const { email, id } = c.get('user')!
      const { current, password } = c.req.valid('json')
      // The current password is checked as a sign-in is, throttled the same: a session left open on a
      // shared computer does not let anyone who finds it take the account.
      const turn = await loginTurn(deps, email, deps.clientIp?.(c))
      if (turn.wait) {
        c.header('Retry-After', String(turn.wait))
        throw new ApiError('LOGIN_THROTTLED')
      }
      const right = await currentPasswordIs(deps, id, current)
      await turn.done(right)
      if (!right) throw new ApiError('INVALID_CREDENTIALS')
      if (current === password)
        throw new ApiError('VALIDATION_ERROR', {
          issues: [
            {
              path: 'password',
              message: said(
                'Escriba una contraseña distinta de la actual.',
                'Type a password other than the current one.',
              ),
            },
          ],
        })
      // Every session of the account ends with the change (`updateUser`); this one goes on with a new token.
      await updateUser(deps, `user:${id}`, id, { password })
      return c.json(await login(deps, email, password))
    },
  )
  .post(
    '/logout',
    staff(['moderator', 'analyst'], 'Cerrar la sesión (revoca el token)', {
      scope: 'none',
      ok: [204],
      passwordPending: true,
    }),
    async (c) => {
      await revokeToken(c.get('deps').db, c.get('user')!.tokenId, c.get('deps').now())
      return c.body(null, 204)
    },
  )
