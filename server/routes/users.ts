import { Hono } from 'hono'
import { z } from 'zod'
import { actorOf, staff } from '../access'
import type { AppEnv } from '../env'
import { idParam, passwordSchema, roleSchema, text } from '../schemas/common'
import { createUser, listUsers, publicUser, updateUser } from '../services/users'
import { validate } from '../validate'

const password = passwordSchema
const createBody = z.strictObject({
  email: z.email().max(200),
  password,
  role: roleSchema,
  name: text(200).optional(),
})
const updateBody = z.strictObject({
  role: roleSchema.optional(),
  name: text(200).optional(),
  password: password.optional(),
  disabled: z.boolean().optional(),
})

export const userRoutes = new Hono<AppEnv>()
  .get('/', staff([], 'Listar usuarios del personal'), async (c) => {
    return c.json({ users: (await listUsers(c.get('deps').db)).map(publicUser) })
  })
  .post(
    '/',
    staff([], 'Crear un usuario del personal', { ok: [201], errors: ['EMAIL_TAKEN'] }),
    validate('json', createBody),
    async (c) => {
      const user = await createUser(c.get('deps'), actorOf(c), c.req.valid('json'))
      return c.json({ user: publicUser(user) }, 201)
    },
  )
  .patch(
    '/:id',
    staff([], 'Cambiar rol, nombre, contraseña o desactivar'),
    validate('param', idParam),
    validate('json', updateBody),
    async (c) => {
      const user = await updateUser(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json'))
      return c.json({ user: publicUser(user) })
    },
  )
