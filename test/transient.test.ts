import { join } from 'node:path'
import Database from 'better-sqlite3'
import { DrizzleQueryError } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { openNodeDb } from '../db/client-node'
import type { Deps, Submitter } from '../server/env'
import { startupFailure } from '../server/errors'
import { DurableHub } from '../server/live/durable-hub'
import { submitResponse } from '../server/services/responses'
import { answered, decide } from '../server/submissions-elsewhere'
import { callOnceMore, LATER, mayCallAgain, SOON, transientWait } from '../server/transient'
import { scratchDir } from './fixtures/scratch'
import { requiredAnswers, sampleEvent, testApp } from './helpers'

// The shapes Cloudflare documents. A Durable Object call's error carries `.retryable` / `.overloaded`
// (developers.cloudflare.com/durable-objects/best-practices/error-handling/); D1's binding throws
// `new Error('D1_ERROR: <message>', { cause: new Error('<message>') })` (workerd's d1-api.ts), with the
// messages of developers.cloudflare.com/d1/observability/debug-d1/#error-list, and drizzle wraps that.
const doError = (message: string, props: { retryable?: boolean; overloaded?: boolean; remote?: boolean }) =>
  Object.assign(new Error(message), props)
const d1Error = (message: string) =>
  new DrizzleQueryError(
    'insert into "form_responses" ("id") values (?)',
    ['x'],
    new Error(`D1_ERROR: ${message}`, { cause: new Error(message) }),
  )

describe('telling a passing failure from a bug', () => {
  it('takes a retryable Durable Object error as passing soon, and an overloaded one as passing later', () => {
    expect(transientWait(doError('Network connection lost.', { retryable: true }))).toBe(SOON)
    const overloaded = 'Durable Object is overloaded. Too many requests queued.'
    expect(transientWait(doError(overloaded, { overloaded: true }))).toBe(LATER)
    // Overloaded wins: retrying adds to the overload.
    expect(transientWait(doError('x', { retryable: true, overloaded: true }))).toBe(LATER)
    // An exception of the object's own code is a bug, shown as one.
    expect(transientWait(doError('example error', { remote: true }))).toBeNull()
  })

  it('sends a Durable Object call again only when it is retryable and not overloaded', () => {
    expect(mayCallAgain(doError('Network connection lost.', { retryable: true }))).toBe(true)
    expect(mayCallAgain(doError('overloaded', { retryable: true, overloaded: true }))).toBe(false)
    expect(mayCallAgain(doError('example error', { remote: true }))).toBe(false)
    expect(mayCallAgain(new Error('Network connection lost.'))).toBe(false)
  })

  it('takes the D1 errors whose documented action is a retry as passing, behind drizzle', () => {
    for (const message of [
      'D1 DB reset because its code was updated.',
      'Internal error while starting up D1 DB storage caused object to be reset.',
      'Network connection lost.',
      'Internal error in D1 DB storage caused object to be reset.',
      'Cannot resolve D1 DB due to transient issue on remote node.',
    ])
      expect(transientWait(d1Error(message)), message).toBe(SOON)
  })

  it("takes D1's overloads and its storage timeout as passing later", () => {
    for (const message of [
      'D1 DB is overloaded. Requests queued for too long.',
      'D1 DB is overloaded. Too many requests queued.',
      'D1 DB storage operation exceeded timeout which caused object to be reset.',
    ])
      expect(transientWait(d1Error(message)), message).toBe(LATER)
  })

  it('takes the D1 errors a retry does not mend, and SQL errors, as bugs', () => {
    for (const message of [
      "D1 DB's isolate exceeded its memory limit and was reset.",
      'D1 DB exceeded its CPU time limit and was reset.',
      'UNIQUE constraint failed: form_respondents.key_hash: SQLITE_CONSTRAINT',
      'near "INSERTZ": syntax error at offset 0: SQLITE_ERROR',
    ])
      expect(transientWait(d1Error(message)), message).toBeNull()
    expect(transientWait(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull()
    expect(transientWait('a string')).toBeNull()
    expect(transientWait(undefined)).toBeNull()
  })

  it("takes SQLite's SQLITE_BUSY, once busy_timeout has run out, as passing later", () => {
    const file = join(scratchDir('cabildo-busy-'), 'db.sqlite')
    const holder = new Database(file)
    holder.pragma('journal_mode = WAL')
    holder.exec('create table t (x); begin immediate')
    const other = new Database(file)
    other.pragma('busy_timeout = 10')
    let busy: unknown
    try {
      other.exec('insert into t values (1)')
    } catch (err) {
      busy = err
    }
    holder.exec('rollback')
    holder.close()
    other.close()
    expect(busy).toMatchObject({ code: 'SQLITE_BUSY' })
    expect(transientWait(busy)).toBe(LATER)
    expect(transientWait(new DrizzleQueryError('insert into t values (?)', [1], busy as Error))).toBe(LATER)
  })
})

describe('calling a Durable Object once more', () => {
  it('calls again once, with a fresh call, after a retryable failure', async () => {
    const call = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(doError('Network connection lost.', { retryable: true }))
      .mockResolvedValueOnce('answered')
    expect(await callOnceMore(call, true)).toBe('answered')
    expect(call).toHaveBeenCalledTimes(2)
  })

  it('never calls again after an overload, a bug, or when the call is not safe to repeat', async () => {
    for (const [err, idempotent] of [
      [doError('Durable Object is overloaded.', { retryable: true, overloaded: true }), true],
      [doError('example error', { remote: true }), true],
      [doError('Network connection lost.', { retryable: true }), false],
    ] as const) {
      const call = vi.fn<() => Promise<string>>().mockRejectedValue(err)
      await expect(callOnceMore(call, idempotent)).rejects.toBe(err)
      expect(call).toHaveBeenCalledTimes(1)
    }
  })

  it('calls a second time only', async () => {
    const err = doError('Network connection lost.', { retryable: true })
    const call = vi.fn<() => Promise<string>>().mockRejectedValue(err)
    await expect(callOnceMore(call, true)).rejects.toBe(err)
    expect(call).toHaveBeenCalledTimes(2)
  })

  it("opens an event room's stream again on a fresh stub after a retryable failure", async () => {
    const stubs: number[] = []
    const failures = [doError('Network connection lost.', { retryable: true })]
    const rooms = {
      idFromName: (name: string) => name,
      get: () => {
        stubs.push(stubs.length)
        return {
          fetch: async () => {
            const failure = failures.shift()
            if (failure) throw failure
            return new Response('retry: 1000\n\n', { headers: { 'content-type': 'text/event-stream' } })
          },
        }
      },
    }
    const hub = new DurableHub(rooms as never)
    const res = await hub.stream('event-1', { audience: 'public' })
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(stubs).toEqual([0, 1])
  })
})

/** An app with the open event `evento` whose public submissions go through `submitter`. */
async function appWith(submitter: (real: Submitter) => Partial<Submitter>, deps: Partial<Deps> = {}) {
  const real: Submitter = { survey: submitResponse } as Submitter
  const t = await testApp({ deps: { submitter: { ...real, ...submitter(real) } as Submitter, ...deps } })
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  return t
}
const respond = (t: Awaited<ReturnType<typeof testApp>>, headers: Record<string, string> = {}) =>
  t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
    body: { answers: requiredAnswers, deviceToken: 'transient-device-0001' },
    headers,
  })
const responses = async (t: Awaited<ReturnType<typeof testApp>>) =>
  (await t.call('GET', '/api/events/evento/forms/evaluacion/stats', { token: t.adminToken })).json.responses

describe('the answer to a passing failure', () => {
  it('is 503 UNAVAILABLE with Retry-After in the one envelope, when D1 restarts under a submission', async () => {
    const t = await appWith(() => ({
      survey: async () => {
        throw d1Error('D1 DB reset because its code was updated.')
      },
    }))
    const res = await respond(t)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe(String(SOON))
    expect(res.json.error).toEqual({
      code: 'UNAVAILABLE',
      message: 'El servicio está ocupado o reiniciándose. Intente de nuevo en unos segundos.',
      requestId: res.headers.get('x-request-id'),
    })
    const en = await respond(t, { 'accept-language': 'en' })
    expect(en.json.error.message).toBe('The service is busy or restarting. Try again in a few seconds.')
  })

  it('asks for a longer wait when the writer object is overloaded', async () => {
    const t = await appWith(() => ({
      survey: async () => {
        throw doError('Durable Object is overloaded. Too many requests queued.', { overloaded: true })
      },
    }))
    const res = await respond(t)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe(String(LATER))
    expect(res.json.error.code).toBe('UNAVAILABLE')
  })

  it('crosses from the writer object as data, since an error keeps only its message there', async () => {
    // What the writer object (or Node's writer thread) answers, serialised as RPC would; the service
    // meets D1's failure right before its commit (the clock is read there).
    const t = await appWith(() => ({
      survey: async (deps, input) => {
        const failing = {
          ...deps,
          now: () => {
            throw d1Error('Network connection lost.')
          },
        }
        const answer = structuredClone(await decide(failing, 'survey', input))
        expect(answer).toEqual({ refused: { code: 'UNAVAILABLE', retryAfter: SOON } })
        return answered(deps, answer)
      },
    }))
    const res = await respond(t)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe(String(SOON))
  })

  it("sends back from the writer object a failure that does not pass without the query's values", async () => {
    // A bug, not a passing failure: thrown back across RPC, which keeps only the message.
    const bug = new DrizzleQueryError(
      'insert into "attendees" ("name", "email") values (?, ?)',
      ['Rosa Marcada', 'rosa.marcada@example.org'],
      new Error('D1_ERROR: no such column: email_2', { cause: new Error('no such column: email_2') }),
    )
    let crossed: unknown
    const t = await appWith(() => ({
      survey: async (deps, input) => {
        const failing = {
          ...deps,
          now: () => {
            throw bug
          },
        }
        crossed = await decide(failing, 'survey', input).catch((err: Error) => new Error(err.message))
        throw crossed
      },
    }))
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await respond(t)
    const logged = JSON.stringify(errors.mock.calls.map((c) => c.map(String)))
    errors.mockRestore()
    expect([res.status, res.json.error.code]).toEqual([500, 'INTERNAL_ERROR'])
    expect((crossed as Error).message).toBe(
      'Failed query: insert into "attendees" ("name", "email") values (?, ?)',
    )
    expect(logged).toContain('Failed query')
    expect(logged).not.toContain('rosa.marcada')
  })

  it('is safe to retry with the same Idempotency-Key when the submission was committed before the failure', async () => {
    let fail = true
    const t = await appWith((real) => ({
      survey: async (deps, input) => {
        const stored = await real.survey(deps, input)
        // Committed, then the connection dropped before the answer came back.
        if (fail) throw doError('Network connection lost.', { retryable: true })
        return stored
      },
    }))
    const headers = { 'idempotency-key': 'respuesta-perdida-1' }
    expect((await respond(t, headers)).status).toBe(503)
    fail = false
    const retry = await respond(t, headers)
    expect(retry.status).toBe(201)
    expect(await responses(t)).toBe(1)
    // And the retry's answer is the first commit's, again.
    expect(await respond(t, headers)).toMatchObject({ status: 201, json: retry.json })
  })

  it('is 503 for the live stream when the event room cannot be reached', async () => {
    const t = await appWith(() => ({}), {
      live: {
        publish: async () => {},
        stream: async () => {
          throw doError('Durable Object reset because its code was updated.', { retryable: true })
        },
      },
    })
    const res = await t.call('GET', '/api/events/evento/live')
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe(String(SOON))
    expect(res.json.error.code).toBe('UNAVAILABLE')
  })

  it('is 503 on Node when SQLite stays busy past busy_timeout, and the write can be sent again', async () => {
    const file = join(scratchDir('cabildo-busy-'), 'db.sqlite')
    const db = openNodeDb(file)
    ;(db as unknown as { $client: Database.Database }).$client.pragma('busy_timeout = 10')
    const t = await testApp({ deps: { db } })
    const other = new Database(file)
    other.exec('begin immediate')
    const body = sampleEvent({ slug: 'ocupado' })
    const res = await t.call('POST', '/api/events', { token: t.adminToken, body })
    other.exec('rollback')
    other.close()
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe(String(LATER))
    expect(res.json.error.code).toBe('UNAVAILABLE')
    expect((await t.call('POST', '/api/events', { token: t.adminToken, body })).status).toBe(201)
  })

  it('stays 500 INTERNAL_ERROR, without Retry-After, for anything else', async () => {
    const t = await appWith(() => ({
      survey: async () => {
        throw d1Error("D1 DB's isolate exceeded its memory limit and was reset.")
      },
    }))
    const res = await respond(t)
    expect(res.status).toBe(500)
    expect(res.headers.get('retry-after')).toBeNull()
    expect(res.json.error.code).toBe('INTERNAL_ERROR')
  })

  it('is 503 too when D1 restarts under the first request of a Worker', async () => {
    const res = startupFailure(new Request('https://cabildo.test/'), d1Error('Network connection lost.'))
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe(String(SOON))
    expect(((await res.json()) as any).error.code).toBe('UNAVAILABLE')
  })
})
