import type { Db } from '../db/client'
import { callWriter, type WriterCalls } from '../db/client-node'
import { configFromEnv, type Deps, type Submitter } from './env'
import { ApiError } from './errors'
import type { LiveHub, LiveMessage } from './live/hub'
import type { ErrorCode } from './messages'
import { nodeCrypto } from './node-crypto'
import { register } from './services/attendance'
import { installNativeCrypto } from './services/native'
import { submitResponse } from './services/responses'
import { publishAfterCommit } from './services/submissions'

/**
 * The public submissions on the writer thread (Node). Deciding a submission — reading its event and
 * form, checking its answers, building its rows and counters — took as much of the main thread as its
 * HTTP did, while the writer thread, which commits it anyway, sat mostly idle on the other core. The
 * route hands the validated body over (`nodeSubmitter`); the same service runs there, over the writer's
 * connection, and its commit joins that thread's group commit directly. What it would have published
 * live comes back with its answer and is published here, where the streams are. A submission is still
 * acknowledged only after its commit. With no writer thread (or once it has stopped), it runs here.
 */
type Published = [eventId: string, message: LiveMessage]
type Answer = { value: unknown; published: Published[] } | { refused: RefusedData }
type RefusedData = { code: ErrorCode } & NonNullable<ConstructorParameters<typeof ApiError>[1]>

const services = { survey: submitResponse, attendance: register }
type Name = keyof typeof services

async function onWriter<I, O>(deps: Deps, name: Name, input: I, here: (d: Deps, i: I) => Promise<O>) {
  const sent = callWriter(deps.db, name, input) as Promise<Answer> | undefined
  if (!sent) return here(deps, input)
  const answer = await sent
  if ('refused' in answer) throw new ApiError(answer.refused.code, answer.refused)
  for (const [eventId, message] of answer.published) await publishAfterCommit(deps, eventId, message)
  return answer.value as O
}

/** The main thread's side: what the routes call (`deps.submitter`). */
export const nodeSubmitter: Submitter = {
  survey: (deps, input) => onWriter(deps, 'survey', input, submitResponse),
  attendance: (deps, input) => onWriter(deps, 'attendance', input, register),
}

/** The writer thread's side, loaded there by db/client-writer.ts: each call runs its service over `db`. */
export const writerCalls: WriterCalls = (db: Db) => {
  installNativeCrypto(nodeCrypto)
  const config = configFromEnv(process.env)
  return async (name, input) => {
    const published: Published[] = []
    const live: LiveHub = {
      publish: async (eventId, message) => void published.push([eventId, message]),
      stream: () => Promise.reject(new Error('No streams on the writer thread.')),
    }
    const deps: Deps = { db, config, now: () => new Date(), live, outbox: { wake: () => {} } }
    try {
      const value = await services[name as Name](deps, input as never)
      return { value, published } satisfies Answer
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      return { refused: { code: err.code, issues: err.issues, detail: err.detail } } satisfies Answer
    }
  }
}
