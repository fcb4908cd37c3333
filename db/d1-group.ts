import type { Db } from './client'

type Batch = (stmts: unknown[]) => Promise<unknown[]>
type Job = { stmts: unknown[]; done: boolean; resolve: (r: unknown[]) => void; reject: (e: unknown) => void }
/**
 * The commits waiting, the batch on its way (settled when it has returned), if any, and the reads on
 * their way by key (`sharedRead`).
 */
type Pipe = { next: Job[]; sending: Promise<void> | null; reads: Map<string, Promise<unknown>> }

const PIPE = Symbol('cabildo.d1-group')
/**
 * The most statements one shared batch carries: each is a query of the invocation that sends it, and a
 * Workers invocation may make 1,000 (Workers Paid). A survey response is about six, a registration four.
 */
export const MAX_GROUP_STATEMENTS = 400

/**
 * D1's group commit, for a database whose commits meet in one place (the event's writer object on
 * Workers, server/event-writer.ts). D1 runs one query at a time per database and each `batch` is one
 * durable write, replicated before it returns: a few milliseconds of the database's serial time, whether
 * it carries one submission or fifty (docs/scaling.md). So here, as with SQLite's group commit in
 * db/atomic.ts, one batch is on its way at a time, and the commits asked for meanwhile go together in
 * the next: alone when the load is light, in groups as large as the batch's latency gathers when not.
 * A batch is one transaction: if any statement of the group fails, nothing of it is written, and the
 * commits then run one batch each, so the one that failed (a repeated respondent, a key race) fails
 * alone. Any other failure (D1 overloaded, say) fails the group as it is, for each client to retry with
 * its Idempotency-Key. Every caller is answered only after the batch that carried its commit returned.
 */
export function groupCommits(db: Db): Db {
  Object.assign(db, { [PIPE]: { next: [], sending: null, reads: new Map() } satisfies Pipe })
  return db
}

/**
 * On a database that groups its commits (the writer object's), the same read asked for while it is on
 * its way is not sent again: the callers that ask meanwhile share its answer. For the event-and-form
 * read every submission starts with, one query per submission was the larger part of D1's serial time
 * at the national event's peak once the commits shared batches (docs/scaling.md); shared, it costs one
 * query per round trip per object however many submissions arrive, and, as the group commit does, it
 * shares more the more D1 queues. A caller that joins a read gets what was there when it was sent, up
 * to one round trip before the caller asked: as if it had arrived that much earlier, which no request
 * can tell (a staff edit it races with may land either side of it anyway, since a submission on D1 is
 * decided before it is committed). Nothing is kept once the read has returned. Anywhere else (each
 * request's own database, on Workers) every read is sent: a request may not wait on I/O another started.
 */
export function sharedRead<T>(db: Db, key: string, read: () => Promise<T>): Promise<T> {
  const pipe = (db as unknown as { [PIPE]?: Pipe })[PIPE]
  if (!pipe) return read()
  const { reads } = pipe
  const known = reads.get(key) as Promise<T> | undefined
  if (known) return known
  const sent = read().finally(() => reads.delete(key))
  reads.set(key, sent)
  return sent
}

/**
 * `db.batch(stmts)`, or, on a database that groups its commits, a share of the next group's batch. Each
 * group's batch is sent by one of the commits in the queue, from its own request: no loop outlives the
 * requests it serves, and each request sends at most the batches it waited for.
 */
export async function batchOf(db: Db, stmts: unknown[]): Promise<unknown[]> {
  const d = db as unknown as { batch: Batch; [PIPE]?: Pipe }
  const pipe = d[PIPE]
  if (!pipe) return d.batch(stmts)
  const job: Job = { stmts, done: false, resolve: () => {}, reject: () => {} }
  const answer = new Promise<unknown[]>((resolve, reject) => {
    job.resolve = (r) => {
      job.done = true
      resolve(r)
    }
    job.reject = (e) => {
      job.done = true
      reject(e)
    }
  })
  // Awaited below once the job is done; until then its failure is not unhandled.
  answer.catch(() => {})
  pipe.next.push(job)
  while (!job.done) {
    if (pipe.sending) {
      await pipe.sending
      continue
    }
    const group = take(pipe.next)
    let sent!: () => void
    pipe.sending = new Promise((r) => (sent = r))
    try {
      await run((s) => d.batch(s), group)
    } finally {
      pipe.sending = null
      sent()
    }
  }
  return answer
}

/** The oldest commits waiting, up to MAX_GROUP_STATEMENTS (always at least one). */
function take(next: Job[]) {
  let size = 0
  let n = 0
  while (n < next.length && (n === 0 || size + next[n].stmts.length <= MAX_GROUP_STATEMENTS))
    size += next[n++].stmts.length
  return next.splice(0, n)
}

async function run(batch: Batch, jobs: Job[]) {
  if (jobs.length === 1) return alone(batch, jobs[0])
  let results: unknown[]
  try {
    results = await batch(jobs.flatMap((j) => j.stmts))
  } catch (err) {
    if (!isConstraint(err)) for (const j of jobs) j.reject(err)
    else await Promise.all(jobs.map((j) => alone(batch, j)))
    return
  }
  let at = 0
  for (const j of jobs) {
    j.resolve(results.slice(at, at + j.stmts.length))
    at += j.stmts.length
  }
}

const alone = (batch: Batch, job: Job) => batch(job.stmts).then(job.resolve, job.reject)

/** A statement refused by a constraint: the commit that wrote it fails, not the others of its group. */
function isConstraint(err: unknown): boolean {
  for (let e: any = err; e; e = e.cause) if (/constraint failed/i.test(String(e.message))) return true
  return false
}
