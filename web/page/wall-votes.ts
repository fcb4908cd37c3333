import type { Lang } from '../shared/api'
import { paths } from '../shared/api'
import type { Job } from '../widget/outbox'
import { deviceId, holderOf, newKey, type Store } from '../widget/storage'

/**
 * A support waiting on the device: an outbox job (../widget/outbox.ts) with whose vote it is (`by`, as
 * voterOf says it) and the first words of the question, to name it when it is counted or refused later.
 * Its body names the voter as they were when they tapped (the attendee's token, the device's id): a
 * retry is the same vote, which the server counts once per attendee or device, however often it comes.
 * `before`: the question's count when it was tapped, which does not hold it (none in a job kept before
 * it was); its button counts it from there while it waits (shownVotes).
 */
export type VoteJob = Job & { by: string; text: string; before?: number }

/**
 * The device's store as the wall's outbox sees it: its queue of votes under a key of its own, apart from
 * the forms' (the widget's outbox sends every job of its queue as a form's submission), and everything
 * else shared. So the server's Retry-After (`hold`), per address and not per kind of submission, holds
 * the votes and the forms alike, whichever of them it answered.
 */
export const voteStore = (store: Store): Store => {
  const own = (key: string) => (key === 'outbox' ? 'wall:outbox' : key)
  return {
    get: <T>(key: string) => store.get<T>(own(key)),
    set: (key, value) => store.set(own(key), value),
    keeps: (key) => store.keeps(own(key)),
  }
}

/** A new vote for question `id` of `slug`, counted `before` as it is tapped, by whoever votes from the device now. */
export function voteJob(
  store: Store,
  slug: string,
  lang: Lang,
  id: string,
  text: string,
  before: number,
): VoteJob {
  const token = store.get<string>(`${slug}:token`)
  return {
    key: newKey(),
    path: paths.votes(slug, id),
    body: token ? { attendeeToken: token, deviceToken: deviceId(store) } : { deviceToken: deviceId(store) },
    ev: slug,
    form: id,
    lang,
    tries: 0,
    by: voterOf(store, slug),
    text: text.split(' ', 8).join(' '),
    before,
  }
}

/**
 * The count a question's button shows while the person's support of it waits on the device: counted, as
 * it will be. Whether the server's count already holds it is not known until it answers: a retry may have
 * been counted with its answer still on the way, or lost, and the live stream brings the count before
 * the answer. So it is counted from the count it was tapped at, which did not hold it, and never twice:
 * the server's count, when it is more. Another person's support meanwhile shows once this one is answered.
 */
export const shownVotes = (votes: number, job?: VoteJob) =>
  job ? Math.max(votes, (job.before ?? votes) + 1) : votes

/**
 * The votes of `slug` waiting on the device that are the voter's now: theirs, or the device's from
 * before anyone registered on it (counted by the device, as votesOf keeps them).
 */
export const waitingVotes = (store: Store, slug: string): VoteJob[] =>
  (voteStore(store).get<VoteJob[]>('outbox') ?? []).filter(
    (j) => j.ev === slug && (j.by === '' || j.by === voterOf(store, slug)),
  )

/**
 * Who votes from this device: the attendee registered on it last (`holderOf` their token), or the
 * device itself ('') before anyone registered. The server counts one vote per attendee, else per device.
 */
export const voterOf = (store: Store, slug: string) => holderOf(store.get(`${slug}:token`)) ?? ''

/**
 * The questions this device's voter has supported. Another person registered on a shared phone since
 * starts with none of them; the person who voted before registering keeps theirs (their votes counted,
 * by the device). A list kept before votes named their voter is the device's.
 */
export function votesOf(store: Store, slug: string): string[] {
  const kept = store.get<string[] | { by: string; ids: string[] }>(`${slug}:votes`)
  if (!kept) return []
  if (Array.isArray(kept)) return kept
  return kept.by === '' || kept.by === voterOf(store, slug) ? kept.ids : []
}

/**
 * Keeps question `id` among the supported ones of voter `by`, the voter when the vote was tapped. A vote
 * of an earlier person on a shared phone, answered after the next one registered, is not the next one's.
 */
export function keepVote(store: Store, slug: string, by: string, id: string) {
  const now = voterOf(store, slug)
  if (by !== now && by !== '') return
  const ids = votesOf(store, slug)
  if (!ids.includes(id)) store.set(`${slug}:votes`, { by: now, ids: [...ids, id] })
}
