import { Hono } from 'hono'
import { z } from 'zod'
import { open, staff } from '../access'
import type { AppEnv } from '../env'
import { login, revokeToken } from '../services/auth'
import { validate } from '../validate'

const loginBody = z.strictObject({ email: z.email().max(200), password: z.string().min(1).max(200) })

export const authRoutes = new Hono<AppEnv>()
  .post('/login', open('Iniciar sesión del personal'), validate('json', loginBody), async (c) => {
    const { email, password } = c.req.valid('json')
    return c.json(await login(c.var.deps, email, password))
  })
  .get('/me', staff(['moderator', 'analyst'], 'Usuario de la sesión'), (c) => {
    const { email, role } = c.var.user!
    return c.json({ user: { email, role } })
  })
  .post('/logout', staff(['moderator', 'analyst'], 'Cerrar la sesión (revoca el token)'), async (c) => {
    await revokeToken(c.var.deps.db, c.var.user!.tokenId, c.var.deps.now())
    return c.body(null, 204)
  })
