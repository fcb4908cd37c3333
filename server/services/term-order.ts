import type { questionStatuses } from '../../db/enums'

type QuestionStatus = (typeof questionStatuses)[number]

/**
 * Where a question's term stands, by its status: 0, it runs (to its due date, or the one it was extended
 * to; a hidden question's too); 1, it is suspended while its petitioner completes the petition (Ley 1755,
 * art. 17); 2, it is settled: answered, forwarded, withdrawn (tacitly or by the petitioner) or annulled.
 * Every status must be placed, so a new one cannot be left out of the order.
 */
export const TERM_RANK: Readonly<Record<QuestionStatus, 0 | 1 | 2>> = {
  received: 0,
  approved: 0,
  hidden: 0,
  pending: 0,
  extended: 0,
  incomplete: 1,
  answered_live: 2,
  answered: 2,
  forwarded: 2,
  withdrawn: 2,
  desisted: 2,
  annulled: 2,
}

type Due = { status: string; dueDate: string; extendedDueDate: string | null; receivedAt: string }

/** The rank of a status, and of one this build does not know: last, with the settled ones. */
export const termRank = (status: string): number => TERM_RANK[status as QuestionStatus] ?? 2

/** Settled: no term runs any more. */
export const isSettled = (status: string) => termRank(status) === 2

/** The date the answer is due: the extension's, once one was notified. */
export const dueOf = (q: Pick<Due, 'dueDate' | 'extendedDueDate'>) => q.extendedDueDate ?? q.dueDate

/**
 * The order by due date, one rule for the API's `sort=due` (server/services/question-lists.ts, in SQL)
 * and the console's list: the running terms first, the nearest due date first; then the suspended ones;
 * then the settled; among equals, in the order they were received.
 */
export const byDue = (a: Due, b: Due) =>
  termRank(a.status) - termRank(b.status) ||
  dueOf(a).localeCompare(dueOf(b)) ||
  a.receivedAt.localeCompare(b.receivedAt)

/**
 * Whether duplicates may be merged into a question of this status, to be answered with it: not into a
 * hidden or annulled one, nor one whose term waits for its petitioner to complete it (art. 17) or ended
 * with a withdrawal (arts. 17, 18), to an answer that may never come. The server's rule and the console's
 * list of primaries alike.
 */
export const takesDuplicates = (status: string) => !NO_DUPLICATES.has(status)
const NO_DUPLICATES = new Set(['hidden', 'annulled', 'incomplete', 'withdrawn', 'desisted'])

/**
 * The due date in force that passed with no answer: the term still runs (received, approved, hidden,
 * pending or extended) and `today` (where the petition was received) is past it. Null otherwise. One rule
 * for the lookup, the report and the console.
 */
export const overdueSince = (q: Pick<Due, 'status' | 'dueDate' | 'extendedDueDate'>, today: string) =>
  termRank(q.status) === 0 && dueOf(q) < today ? dueOf(q) : null

/**
 * Whether merging `dup` into `primary` leaves a due date that comes first behind the primary's: the
 * primary's term runs (one answered or forwarded takes the duplicate with it at once) and ends after the
 * duplicate's own, which the merge does not move. The console asks before such a merge.
 */
export const dueBeforePrimary = (
  dup: Pick<Due, 'dueDate' | 'extendedDueDate'>,
  primary: Pick<Due, 'status' | 'dueDate' | 'extendedDueDate'>,
) => termRank(primary.status) === 0 && dueOf(dup) < dueOf(primary)
