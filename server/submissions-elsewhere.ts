import type { Deps, Sent } from './env'
import { ApiError, loggable } from './errors'
import { mergeData } from './live/coalesce'
import type { LiveHub, LiveMessage } from './live/hub'
import type { ErrorCode, Lang } from './messages'
import { registrationBody } from './schemas/attendance'
import { responseBody } from './schemas/surveys'
import { register } from './services/attendance'
import { checkedKey, type IdempotencyRequest, idempotencyRequest } from './services/idempotency'
import { submitResponse } from './services/responses'
import { publishAfterCommit } from './services/submissions'
import { transientWait } from './transient'
import { readJson } from './validate'

/**
 * The public submissions decided and committed away from the request that brought them — on Node's
 * writer thread (server/node-submissions.ts), on Workers in the event's writer object
 * (server/event-writer.ts) — and answered back to it. Both places run the same services; what a
 * submission would have published live travels back with its answer and is published by the request,
 * where the live hub is (on Workers the writer object publishes the counters itself, coalesced). A
 * refusal travels as data (its code, issues and detail) and is thrown again there as the same ApiError.
 * So does a passing failure (D1 restarting or overloaded, SQLite busy: server/transient.ts), as
 * UNAVAILABLE: across RPC and threads an error keeps only its message, not its cause (where drizzle
 * keeps D1's error), and the request could no longer tell it from a bug.
 */
export type Published = [eventId: string, message: LiveMessage]
type RefusedData = { code: ErrorCode } & NonNullable<ConstructorParameters<typeof ApiError>[1]>
export type Answer = { value: unknown; published: Published[] } | { refused: RefusedData }

const services = { survey: submitResponse, attendance: register }
export type SubmissionName = keyof typeof services
const bodies = { survey: responseBody, attendance: registrationBody }

/**
 * A submission's input with its body read if the route left it unread (`Unread`): parsed and checked
 * as the route's `json` validator does, then its Idempotency-Key checked and hashed with it as
 * `idempotencyOf` does, each refused with the same envelope, in the same order. On Node that is the
 * writer thread's work, which spares the request thread, the busier of the two (docs/throughput-log.md).
 */
export function withBody<I extends { body: unknown; idem: IdempotencyRequest | null; lang: Lang }>(
  name: SubmissionName,
  input: Sent<I>,
): I {
  if (!('unread' in input)) return input
  const { unread, ...rest } = input
  const body = readJson(bodies[name], unread.text, input.lang)
  const idem =
    unread.key === undefined ? null : idempotencyRequest(unread.scope, checkedKey(unread.key), body)
  return { ...rest, body, idem } as unknown as I
}

/**
 * The live hub where submissions are decided: what they publish is kept, to travel back with the answer.
 * A class rather than an object of closures made for each submission, which the TypeScript loader names
 * one by one with `Object.defineProperty`.
 */
class Gathered implements LiveHub {
  readonly published: Published[] = []
  async publish(eventId: string, message: LiveMessage) {
    this.published.push([eventId, message])
  }
  stream(): Promise<Response> {
    return Promise.reject(new Error('No live streams where submissions are decided.'))
  }
}

/** Where the submission is decided: its service over `deps` (without a live hub), its answer as data. */
export async function decide(
  deps: Omit<Deps, 'live'>,
  name: SubmissionName,
  input: unknown,
): Promise<Answer> {
  const live = new Gathered()
  try {
    const value = await services[name]({ ...deps, live }, withBody(name, input as never) as never)
    return { value, published: live.published }
  } catch (err) {
    if (err instanceof ApiError)
      return { refused: { code: err.code, issues: err.issues, detail: err.detail } }
    const wait = transientWait(err)
    // Only its message crosses back, and drizzle's names the query's values (a person's data): not those.
    if (wait === null) throw loggable(err)
    console.error(`${name} submission met a passing failure, answered 503:`, loggable(err))
    return { refused: { code: 'UNAVAILABLE', retryAfter: wait } }
  }
}

/** The request's side: the answer thrown again if refused, its live messages published. */
export async function answered<O>(deps: Deps, answer: Answer): Promise<O> {
  if ('refused' in answer) throw new ApiError(answer.refused.code, answer.refused)
  for (const [eventId, message] of answer.published) await publishAfterCommit(deps, eventId, message)
  return answer.value as O
}

/**
 * The live messages of answers that go back together (one message from Node's writer thread), gathered,
 * in place, into the first answer that has any. A counters frame carries the latest figures, so those
 * of one event and audience merge into one, leaf by leaf with later values winning, as the live hub's
 * coalescer merges what it holds; any other message is kept, in order. Published one by one, each
 * response's counters cost the request thread a copy across threads and a merge into the frame the
 * coalescer held: more than its rate limits and its Idempotency-Key's hash together.
 */
export function gatherPublished(answers: (Answer | undefined)[]) {
  let first: { published: Published[] } | undefined
  const gathered: Published[] = []
  const counters = new Map<string, number>()
  for (const answer of answers) {
    if (!answer || 'refused' in answer || !answer.published.length) continue
    first ??= answer
    for (const [eventId, message] of answer.published) {
      if (message.type !== 'counters') {
        gathered.push([eventId, message])
        continue
      }
      const key = `${eventId}\u0001${message.audience}`
      const at = counters.get(key)
      if (at === undefined) {
        counters.set(key, gathered.length)
        gathered.push([eventId, message])
      } else {
        const held = gathered[at][1]
        gathered[at] = [eventId, { ...held, data: mergeData(held.data, message.data) }]
      }
    }
    answer.published = []
  }
  if (first) first.published = gathered
}
