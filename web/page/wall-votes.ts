import type { Lang } from '../shared/api'
import { paths } from '../shared/api'
import type { Job } from '../widget/outbox'
import { deviceId, holderOf, newKey, type Store } from '../widget/storage'

/**
 * A support waiting on the device: an outbox job (../widget/outbox.ts) with whose vote it is (`by`, as
 * voterOf says it) and the first words of the question, to name it when it is counted or refused later.
 * Its body names the voter as they were when they tapped (the attendee's token, the device's id): a
 * retry is the same vote, which the server counts once per attendee or device, however often it comes.
 */
export type VoteJob = Job & { by: string; text: string }

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

/** A new vote for question `id` of `slug`, by whoever votes from the device now. */
export function voteJob(store: Store, slug: string, lang: Lang, id: string, text: string): VoteJob {
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
  }
}

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
