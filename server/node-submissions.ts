import type { Db } from '../db/client'
import { callWriter, type WriterCalls } from '../db/client-node'
import { configFromEnv, type Deps, type Submitter, type Unread } from './env'
import { nodeCrypto } from './node-crypto'
import { register } from './services/attendance'
import { writtenBody } from './services/idempotency'
import { installNativeCrypto } from './services/native'
import { submitResponse } from './services/responses'
import {
  type Answer,
  answered,
  decide,
  gatherPublished,
  type SubmissionName,
  withBody,
} from './submissions-elsewhere'

/**
 * The public submissions on the writer thread (Node). Deciding a submission — reading its event and
 * form, checking its answers, building its rows and counters — took as much of the main thread as its
 * HTTP did, while the writer thread, which commits it anyway, sat mostly idle on the other core. The
 * route hands the body over, unread (`Unread`); the writer thread reads it and runs the same service,
 * over its own connection, and the commit joins that thread's group commit directly
 * (server/submissions-elsewhere.ts). A submission is still acknowledged only after its commit. With no
 * writer thread (or once it has stopped), it runs here.
 */
function onWriter<I extends object, O>(
  deps: Deps,
  name: SubmissionName,
  input: I,
  here: (d: Deps, i: I) => Promise<O>,
) {
  const unread = (input as { unread?: Unread }).unread
  const sent = (
    unread
      ? callWriter(deps.db, name, input, unreadCall(name, input, unread), unread.text)
      : callWriter(deps.db, name, input, callText(name, input))
  ) as Promise<Answer> | undefined
  if (!sent) return here(deps, input)
  // Not awaited in an async function, which would stay suspended meanwhile (docs/throughput-log.md).
  return sent.then((answer) => answered<O>(deps, answer))
}

/**
 * The call as JSON, its body as the text already written for the Idempotency-Key's hash
 * (`writtenBody`): the body is the most of a submission's input, and serialising it a second time for
 * the writer thread was about as much work as hashing it. The rest of the input is serialised in one
 * call, with the body set aside for it (a key whose value is undefined is left out, as always) and put
 * back at once; the body's text goes last. Undefined without that text (no key sent): the call is then
 * serialised whole.
 */
export function callText<I extends { body?: unknown }>(name: SubmissionName, input: I): string | undefined {
  const body = writtenBody(input.body)
  if (body === undefined) return undefined
  const kept = input.body
  input.body = undefined
  let rest: string
  try {
    rest = JSON.stringify(input)
  } finally {
    input.body = kept
  }
  return `["${name}",${rest === '{}' ? '{' : `${rest.slice(0, -1)},`}"body":${body}}]`
}

/**
 * A call whose body is unread, as JSON without the body's text, which crosses beside it (`carried` in
 * db/client-node.ts's `callWriter`): inside the JSON, its every quote would be escaped here and
 * unescaped there.
 */
function unreadCall(name: SubmissionName, input: object, unread: Unread): string {
  const { text: _text, ...rest } = unread
  return JSON.stringify([name, { ...input, unread: rest }])
}

/**
 * The main thread's side: what the routes call (`deps.submitter`). Bodies come unread (`readsBodies`):
 * the writer thread reads them, or this thread when it runs the submission itself.
 */
export const nodeSubmitter: Submitter = {
  survey: (deps, input) =>
    onWriter(deps, 'survey', input, async (d, i) => submitResponse(d, withBody('survey', i))),
  attendance: (deps, input) =>
    onWriter(deps, 'attendance', input, async (d, i) => register(d, withBody('attendance', i))),
  readsBodies: true,
}

/** The writer thread's side, loaded there by db/client-writer.ts: each call runs its service over `db`. */
export const writerCalls: WriterCalls = (db: Db) => {
  installNativeCrypto(nodeCrypto)
  const config = configFromEnv(process.env)
  const deps = { db, config, now: () => new Date(), outbox: { wake: () => {} } }
  // A body left unread crossed beside the call (`unreadCall`): put back before it is read.
  const call = (name: string, input: unknown, carried?: string) => {
    if (carried !== undefined) (input as { unread: Unread }).unread.text = carried
    return decide(deps, name as SubmissionName, input)
  }
  // The live counters of the calls answered together are published once, by the first of them.
  return Object.assign(call, { gather: (values: unknown[]) => gatherPublished(values as Answer[]) })
}
