import { Hono } from 'hono'
import { z } from 'zod'
import { actorOf, staff } from '../access'
import type { AppEnv } from '../env'
import { idParam, line, passwordSchema, roleSchema } from '../schemas/common'
import { generatePassword } from '../services/crypto'
import { createUser, listUsers, publicUser, updateUser } from '../services/users'
import { validate } from '../validate'

const password = passwordSchema
/** The entities a moderator or analyst works on; null or absent: every entity (server/access.ts). */
const entityIds = z
  .array(z.string().min(1).max(64))
  .max(200)
  .nullable()
  .describe(
    'Las entidades (sus `id`) cuyos eventos ve y maneja un moderador o analista; `null`: todas. Un administrador no se limita: 400 ADMIN_NOT_SCOPED.',
  )
const createBody = z.strictObject({
  email: z.email().max(200),
  password: password
    .optional()
    .describe(
      'Sin ella, Cabildo genera una, la responde una sola vez en `password` y la persona debe cambiarla al ingresar.',
    ),
  role: roleSchema,
  name: line(200).optional(),
  entityIds: entityIds.optional(),
})
const updateBody = z.strictObject({
  role: roleSchema.optional(),
  name: line(200).optional(),
  password: password.optional(),
  disabled: z.boolean().optional(),
  entityIds: entityIds.optional(),
})

export const userRoutes = new Hono<AppEnv>()
  .get('/', staff([], 'Listar usuarios del personal'), async (c) => {
    return c.json({ users: (await listUsers(c.get('deps').db)).map(publicUser) })
  })
  .post(
    '/',
    staff([], 'Crear un usuario del personal', {
      ok: [201],
      errors: ['EMAIL_TAKEN', 'ADMIN_NOT_SCOPED', 'UNKNOWN_ENTITY'],
    }),
    validate('json', createBody),
    async (c) => {
      const body = c.req.valid('json')
      // Generated here when none was chosen: shown this once, to hand over, and replaced at the first sign-in.
      const generated = body.password ? undefined : generatePassword()
      const user = await createUser(c.get('deps'), actorOf(c), {
        ...body,
        password: body.password ?? generated!,
        mustChangePassword: Boolean(generated),
      })
      return c.json({ user: publicUser(user), ...(generated ? { password: generated } : {}) }, 201)
    },
  )
  .patch(
    '/:id',
    staff([], 'Cambiar rol, nombre, contraseña, entidades asignadas o desactivar', {
      errors: ['LAST_ADMIN', 'ADMIN_NOT_SCOPED', 'UNKNOWN_ENTITY'],
    }),
    validate('param', idParam),
    validate('json', updateBody),
    async (c) => {
      const user = await updateUser(c.get('deps'), actorOf(c), c.req.valid('param').id, c.req.valid('json'))
      return c.json({ user: publicUser(user) })
    },
  )
