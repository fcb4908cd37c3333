import { newId } from '../db/ids'
import { serveNode } from '../server/node-serve'
import { nodeSubmitter } from '../server/node-submissions'
import { withBody } from '../server/submissions-elsewhere'

/**
 * The Node server with survey responses answered at once instead of stored: for the benchmark only,
 * never started by the app. The request goes through everything a real one does — the middleware, the
 * rate limits, reading and validating the body, the Idempotency-Key's hash (here on the request's own
 * thread, where the real server leaves them to the writer thread) — and is answered 201 with a new id
 * where the real server would decide and commit it on the writer thread. Its rate is what this machine
 * allows a survey response before any storage with the body read on the request thread, where the route
 * read it before the writer thread took that work (bench/submissions.ts). Registrations are stored as
 * usual.
 */
await serveNode({
  submitter: {
    survey: async (_deps, input) => {
      withBody('survey', input)
      return { status: 201, id: newId() }
    },
    attendance: nodeSubmitter.attendance,
    readsBodies: true,
  },
})
