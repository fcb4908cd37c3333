import type { Failure, Issue } from '../shared/api'
import { fieldErrors } from './Field'
import type { Role } from './session'
import { ut } from './text-users'

/** A staff account as GET /api/users answers it (server/services/users.ts publicUser). */
export type StaffUser = {
  id: string
  email: string
  name: string | null
  role: Role
  /** null: every entity; [] none. Always null for an admin. */
  entityIds: string[] | null
  disabled: boolean
  /** Signed in with a password handed over (generated, or reset), not replaced yet. */
  mustChangePassword?: boolean
  createdAt: string
}
export type EntityRow = { id: string; name: string; nit: string | null }
/** What the entities fieldset holds: every entity (null on the wire), or the ones ticked. */
export type Scope = { all: boolean; ids: string[] }

export const ROLES: Role[] = ['moderator', 'analyst', 'admin']

export const scopeOf = (u: Pick<StaffUser, 'entityIds'> | null): Scope =>
  u?.entityIds ? { all: false, ids: u.entityIds } : { all: true, ids: [] }

export const sameScope = (a: string[] | null, b: string[] | null) =>
  a === b || (a !== null && b !== null && a.join() === [...b].sort().join())

/** Entity names for people; two entities of the same name are told apart by their NIT. */
export function entityLabels(entities: EntityRow[]) {
  const count = new Map<string, number>()
  for (const e of entities) count.set(e.name, (count.get(e.name) ?? 0) + 1)
  return new Map(
    entities.map((e) => [e.id, count.get(e.name)! > 1 && e.nit ? `${e.name} (${e.nit})` : e.name]),
  )
}

/** The entities column: by name, as the admin knows them. */
export function scopeText(u: StaffUser, labels: Map<string, string>) {
  const x = ut()
  if (u.role === 'admin') return x.adminAll
  if (!u.entityIds) return x.allEntities
  if (!u.entityIds.length) return x.noEntities
  return u.entityIds.map((id) => labels.get(id) ?? id).join(', ')
}

export const who = (u: Pick<StaffUser, 'name' | 'email'>) => u.name || u.email

// Lower-case letters and digits without look-alikes (l, 1, o, 0, i), in groups of five: a password that
// is read out over the phone or copied from a screen without mistakes. 20 characters of 31: ~99 bits.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

export function generatePassword(): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(40))
    // Rejection sampling: only bytes below a multiple of 31 are used, so every character is as likely.
    const chars = [...bytes].filter((b) => b < 248).map((b) => ALPHABET[b % ALPHABET.length])
    if (chars.length < 20) continue
    const p = chars.slice(0, 20).join('')
    // The server wants a letter and five different characters (server/schemas/common.ts).
    if (/[a-z]/.test(p) && new Set(p).size >= 5) return p.match(/.{5}/g)!.join('-')
  }
}

// The errors that name no field but belong to one: shown next to it as well as above the form.
const CODE_FIELD: Record<string, string> = {
  EMAIL_TAKEN: 'email',
  ADMIN_NOT_SCOPED: 'entityIds',
  UNKNOWN_ENTITY: 'entityIds',
  LAST_ADMIN: 'role',
}

/** The server's messages by field: its issues, and the one its code belongs to. */
export function userFieldErrors(failure: Failure | null) {
  const errors = fieldErrors(failure?.issues)
  const field = failure && CODE_FIELD[failure.code]
  if (field && !errors[field]) errors[field] = failure.message
  return errors
}

/** The failure as its summary lists it: an error that belongs to a field is that field's, linked to it. */
export function userProblem(failure: Failure | null): { message: string; issues?: Issue[] } {
  if (!failure) return { message: '' }
  const field = CODE_FIELD[failure.code]
  if (field && !failure.issues?.length)
    return { message: '', issues: [{ path: field, message: failure.message }] }
  return { message: failure.message, issues: failure.issues }
}
