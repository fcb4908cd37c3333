import { and, isNull, like, sql } from 'drizzle-orm'
import { type Question, webhookDeliveries } from '../../db/schema'
import type { Deps, SessionUser } from '../env'
import { ApiError } from '../errors'
import type { RectifyPetitionerInput } from '../schemas/questions'
import { forgetErased } from './checkin'
import { eraseRequestHashes } from './idempotency'
import { commitChanges, onFreshRead } from './question-changes'
import { webhookQuestion } from './question-views'
import { requireQuestion } from './questions'

/**
 * Corrects a petitioner's data at their request (a holder's right: Ley 1581 de 2012, art. 8; LOPDP,
 * art. 14): a wrong e-mail the answer would never reach, a misspelt name. The question row and its
 * constancia both take it (`withConstancia`), as the constancia is what the petitioner and the entity
 * keep of the receipt. What was asked is not changed. An anonymous petition holds no one's data.
 * Audited with the fields' names only, and the old values' bytes are cleared from the file
 * (`forgetErased`). The webhook messages already written about the question, sent or waiting, carry the
 * petitioner too (and the delivery log shows them): they take the corrected data, not keep the old.
 */
export const rectifyPetitioner = (deps: Deps, user: SessionUser, id: string, input: RectifyPetitionerInput) =>
  onFreshRead(async () => {
    const full = await requireQuestion(deps.db, id)
    const q = full.question
    if (q.anonymous) throw new ApiError('PETITION_ANONYMOUS')
    const set: Partial<Question> = { updatedAt: deps.now().toISOString() }
    for (const [k, v] of Object.entries(input)) (set as Record<string, unknown>)[k] = v
    const petitioner = webhookQuestion({ ...q, ...set }, full).petitioner
    const messages = deps.db
      .update(webhookDeliveries)
      .set({
        payload: sql`json_set(${webhookDeliveries.payload}, '$.data.petitioner', json(${JSON.stringify(petitioner)}))`,
      })
      .where(
        and(
          like(webhookDeliveries.eventType, 'question.%'),
          // A body erased past its period holds no one's data, and is not written again.
          isNull(webhookDeliveries.purgedAt),
          sql`json_extract(${webhookDeliveries.payload}, '$.data.id') = ${q.id}`,
        ),
      )
    // The first answers kept for retries of the petition hold a hash of what was sent, the old data
    // included, which a copy of the database could be matched against: it goes (a late retry of that
    // body is then refused, never filed twice).
    const kept = eraseRequestHashes(deps.db, `question:${full.event.slug}`, q.id)
    const updated = await commitChanges(deps, full, [{ before: q, set }], {
      post: [messages, kept],
      actions: [{ action: 'question.petitioner_rectify', data: { fields: Object.keys(input) } }],
      actor: `user:${user.id}`,
    })
    forgetErased(deps.db)
    return updated
  })
