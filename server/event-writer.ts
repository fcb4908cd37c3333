import { DurableObject } from 'cloudflare:workers'
import { openD1Db } from '../db/client'
import { groupCommits } from '../db/d1-group'
import { configFromEnv, type Deps, type Submitter } from './env'
import { Coalescer } from './live/coalesce'
import { DurableHub } from './live/durable-hub'
import type { RegistrationInput } from './schemas/attendance'
import type { ResponseBody } from './schemas/surveys'
import { type Answer, answered, decide, type SubmissionName } from './submissions-elsewhere'
import { callOnceMore } from './transient'

/**
 * Where an event's public submissions are decided and committed on Workers: a Durable Object per event
 * (WRITERS of them), so that the commits arriving together meet and share one D1 batch (db/d1-group.ts).
 * Each D1 batch is one durable write and costs the database a few milliseconds of its serial time
 * whatever it carries; one batch per submission held a database to a few hundred submissions a second
 * (docs/scaling.md). The object runs the same services as a request would, over D1, and answers only
 * after the batch that carried the submission has returned: acknowledged means committed, as before.
 * It stores nothing (only the counters frame it holds for the coalescing window, in memory); if it is
 * evicted or restarted, the next call starts it afresh.
 */
export class EventWriter extends DurableObject<Env> {
  readonly #deps: Omit<Deps, 'live'>
  /**
   * The live counters the submissions move, sent from here to the event's room at most once a second
   * (the first at once): one RPC to the room per submission would put the room past its documented soft
   * limit of 1,000 requests/s at the national event's peak, besides its subscribers (docs/scaling.md).
   */
  readonly #counters: Coalescer

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.#deps = {
      db: groupCommits(openD1Db(env.DB)),
      config: configFromEnv(env as unknown as Record<string, string | undefined>),
      now: () => new Date(),
      // Submissions send no webhooks: only questions and commitments do.
      outbox: { wake: () => {} },
    }
    const room = new DurableHub(env.EVENT_ROOM)
    // A frame sent at its window's end may be older than another writer's: the room reads it again.
    this.#counters = new Coalescer((eventId, message, late) => room.publish(eventId, message, late))
  }

  /**
   * One submission, decided and committed here. Its live counters are published from here; anything
   * else it would publish comes back with its answer, for the request to publish.
   */
  async submit(name: SubmissionName, input: unknown): Promise<Answer> {
    const answer = await decide(this.#deps, name, input)
    if ('refused' in answer) return answer
    const rest = answer.published.filter(([, m]) => m.type !== 'counters')
    await Promise.all(
      answer.published.filter(([, m]) => m.type === 'counters').map(([id, m]) => this.#counters.offer(id, m)),
    )
    return { value: answer.value, published: rest }
  }
}

/**
 * An event's writer objects. One object has a documented soft limit of 1,000 requests a second, under
 * the national event's peak of 1,200 submissions a second, so each event has several; a submission goes
 * to the one its person (document) or respondent (token) picks, so a retry, or a second registration of
 * the same person, meets the first in the same object.
 */
export const WRITERS = 4

/** FNV-1a: a stable spread of the person's key over the writers. */
function spread(key: string) {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return (h >>> 0) % WRITERS
}

const personOf = (name: SubmissionName, input: { body: unknown }) => {
  if (name === 'attendance') {
    const b = input.body as RegistrationInput
    return (
      b.documentNumber ? `${b.documentType}:${b.documentNumber}` : (b.email ?? b.phone ?? '')
    ).toLowerCase()
  }
  const b = input.body as ResponseBody
  return b.attendeeToken ?? b.deviceToken ?? ''
}

/**
 * The routes' side on Workers (`deps.submitter`): each submission to its event's writer object.
 *
 * A call that fails may have committed or not (the connection can drop after the batch returned). With
 * an Idempotency-Key that is safe to try again, here once (a retryable, not overloaded failure) and then
 * by the client on the 503 UNAVAILABLE it gets: the key is recorded in the same atomic batch as the
 * submission (services/idempotency.ts), so a retry either finds it and gets the first answer, or meets
 * the first commit on the key and is answered from it (isKeyRace), or commits alone. Without a key it is
 * not sent again: a response with no token would be stored twice.
 */
export function durableSubmitter(writers: DurableObjectNamespace<EventWriter>): Submitter {
  const call =
    (name: SubmissionName) =>
    async <O>(deps: Deps, input: { slug: string; body: unknown; idem?: unknown }): Promise<O> => {
      const id = writers.idFromName(`${input.slug}#${spread(personOf(name, input))}`)
      const submit = () => writers.get(id).submit(name, input) as Promise<Answer>
      return answered<O>(deps, await callOnceMore(submit, Boolean(input.idem)))
    }
  return { survey: call('survey'), attendance: call('attendance') } as Submitter
}
