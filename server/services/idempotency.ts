import { and, eq } from 'drizzle-orm'
import type { Context } from 'hono'
import type { Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { query, statement } from '../../db/prepared'
import { idempotencyKeys } from '../../db/schema'
import type { AppEnv, Unread } from '../env'
import { ApiError, someCause } from '../errors'
import { sha256HexSync } from './sha256'

/**
 * Idempotency-Key support (draft-ietf-httpapi-idempotency-key-header). The stored answer is a reference
 * to what was created; a replay renders that resource again, so ids assigned inside the commit (a
 * radicado, say) come back exactly as the first answer had them.
 */
export type IdempotencyRequest = { scope: string; key: string; requestHash: string }
export type StoredAnswer = { status: number; resourceType: string; resourceId: string }

/** Reads the header and hashes the validated body; null when the client sent no key. */
export function idempotencyOf(c: Context<AppEnv>, scope: string, body: unknown): IdempotencyRequest | null {
  const key = c.req.header('idempotency-key')
  if (key === undefined) return null
  return idempotencyRequest(scope, checkedKey(key), body)
}

/**
 * The body the `json` validator left unread (`unreadWhen`), with the Idempotency-Key as sent and its
 * scope, for the submitter to read as `idempotencyOf` would; undefined if it was read here.
 */
export function unreadOf(c: Context<AppEnv>, scope: string): Unread | undefined {
  const text = c.get('unreadBody')
  return text === undefined ? undefined : { text, key: c.req.header('idempotency-key'), scope }
}

/** An Idempotency-Key as sent, refused unless it has from 1 to 255 visible ASCII characters. */
export function checkedKey(key: string): string {
  if (!/^[\x21-\x7e]{1,255}$/.test(key))
    throw new ApiError('VALIDATION_ERROR', {
      issues: [
        {
          path: 'Idempotency-Key',
          message: {
            es: 'Debe tener entre 1 y 255 caracteres visibles.',
            en: 'It must have from 1 to 255 visible characters.',
          },
        },
      ],
    })
  return key
}

/** The key as the commit records it: the body it answers, as validated, hashed. */
export function idempotencyRequest(scope: string, key: string, body: unknown): IdempotencyRequest {
  const text = JSON.stringify(body)
  if (body !== null && typeof body === 'object') written.set(body, text)
  return { scope, key, requestHash: sha256HexSync(text) }
}

const written = new WeakMap<object, string>()

/**
 * The JSON text of a validated body, as written for its key's hash (`idempotencyRequest`), or undefined
 * if it was not: a submission sent to be decided elsewhere (server/node-submissions.ts) carries the same
 * text rather than serialising the body a second time.
 */
export const writtenBody = (body: unknown): string | undefined =>
  body !== null && typeof body === 'object' ? written.get(body) : undefined

const answerOf = query((db, p: { scope: string; key: string }) =>
  db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, p.scope), eq(idempotencyKeys.key, p.key))),
)

const insertAnswer = statement((db, p: IdempotencyRequest & StoredAnswer) =>
  db.insert(idempotencyKeys).values({
    scope: p.scope,
    key: p.key,
    requestHash: p.requestHash,
    status: p.status,
    resourceType: p.resourceType,
    resourceId: p.resourceId,
  }),
)

/** The first answer to this key, or null; the same key with another body is refused. */
export async function findAnswer(db: Db, req: IdempotencyRequest | null): Promise<StoredAnswer | null> {
  if (!req) return null
  const [row] = await answerOf(db, { scope: req.scope, key: req.key })
  if (!row) return null
  if (row.requestHash !== req.requestHash) throw new ApiError('IDEMPOTENCY_CONFLICT')
  return { status: row.status, resourceType: row.resourceType, resourceId: row.resourceId }
}

/**
 * Forgets what was sent with the keys that made `resourceId` in `scope`, keeping the keys and their
 * answers: the hash of a body could be matched against the person's known data once that data is
 * deleted or corrected. A late retry of that body is then refused (IDEMPOTENCY_CONFLICT), never stored
 * twice.
 */
export const eraseRequestHashes = (db: Db, scope: string, resourceId: string): Stmt =>
  db
    .update(idempotencyKeys)
    .set({ requestHash: 'erased' })
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.resourceId, resourceId)))

/** The statement that records the answer; commit it together with the resource it points to. */
export function recordAnswer(db: Db, req: IdempotencyRequest, answer: StoredAnswer): Stmt {
  return insertAnswer(db, { ...req, ...answer })
}

/** True when a commit failed because a concurrent retry with the same key committed first. */
export function isKeyRace(err: unknown): boolean {
  return someCause(err, (e) => /idempotency_keys\./.test(String(e.message)))
}
