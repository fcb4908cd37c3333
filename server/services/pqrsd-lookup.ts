import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { type Question, questions } from '../../db/schema'
import type { Lang } from '../messages'
import { timingSafeEqual } from './crypto'
import { overdueOf } from './pqrsd-overdue'
import { statusView } from './question-views'
import { findByRadicado } from './questions'

const enc = new TextEncoder()

/**
 * A radicado's public status, as GET /api/pqrsd/:radicado and the event page's lookup both show it: the
 * status view (never who asked) with the radicado of the petition it was merged into, and, past its due
 * date with no answer, what that means for its petitioner (`overdue`, in `lang`). Null when unknown.
 */
export async function lookupRadicado(db: Db, radicado: string, now: Date, lang: Lang) {
  const full = await findByRadicado(db, radicado)
  if (!full) return null
  let primary: string | null = null
  if (full.question.mergedInto) {
    const [row] = await db
      .select({ radicado: questions.radicado })
      .from(questions)
      .where(eq(questions.id, full.question.mergedInto))
    primary = row?.radicado ?? null
  }
  return { full, pqrsd: { ...statusView(full, primary), overdue: overdueOf(full, now, lang) } }
}

/** Whether `given` is the petition's receipt token, the one key to its constancia (compared in constant time). */
export const isReceiptToken = (q: Question, given: string | undefined) =>
  !!given && timingSafeEqual(enc.encode(given), enc.encode(q.receiptToken))
