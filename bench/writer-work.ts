import { openNodeDb } from '../db/client-node'
import { nodeCrypto } from '../server/node-crypto'
import { registrationBody } from '../server/schemas/attendance'
import { responseBody } from '../server/schemas/surveys'
import { idempotencyRequest } from '../server/services/idempotency'
import { installNativeCrypto } from '../server/services/native'
import { decide, type SubmissionName } from '../server/submissions-elsewhere'
import { sampleEvent, testApp } from '../test/helpers'
import { shuffled } from './harness'
import { answers } from './submissions'

/**
 * What the writer thread does for each public submission, alone: deciding it (the kept event and form,
 * the answers, the rows and counters) and committing it in a group commit on a SQLite file, with no
 * HTTP and no load generator. Each group is GROUP submissions started in one turn of the event loop, so
 * they share one transaction and one fsync, as the writer thread's groups do under 100 clients. Shared
 * by the writer suite (CPU time, bench/writer.ts) and the instructions suite (counted under callgrind,
 * bench/instructions.ts).
 */
export const GROUP = 30
const SLUG = 'bench-writer'

export async function writerWork(file: string, opts: { checkpointInBackground: boolean }) {
  // node:crypto's hashes and seal, as the writer thread installs them (server/node-submissions.ts).
  installNativeCrypto(nodeCrypto)
  // The app sets up the event as staff would; its clock stands where the event is open.
  const t = await testApp({ deps: { db: openNodeDb(file, opts) } })
  const created = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: SLUG }),
  })
  if (created.status !== 201) throw new Error(`The benchmark's event was not created: ${created.text}`)
  // What the writer thread is given: the deps server/node-submissions.ts builds there (no live hub).
  const { live: _live, ...deps } = t.deps
  const sqlite = (t.deps.db as unknown as { $client: SqliteFile }).$client
  let n = 0
  const made = Date.now()
  const input = (name: SubmissionName) => {
    const i = ++n
    // Made one after another, as the widget makes them: the moment in milliseconds first (bench/submissions.ts).
    const key = `${made + i}-bench-writer`
    if (name === 'survey') {
      const body = responseBody.parse({ answers, deviceToken: `${made + i}-device-${process.pid}` })
      const idem = idempotencyRequest(`response:${SLUG}:evaluacion`, key, body)
      return { slug: SLUG, formKey: 'evaluacion', body, lang: 'es', idem }
    }
    const body = registrationBody.parse({
      name: 'Persona de prueba',
      documentType: 'CC',
      // In no order, as people arrive (bench/load.ts).
      documentNumber: String(shuffled(10_000_000 + i)),
      email: `persona${i}@example.org`,
      gender: i % 2 ? 'hombre' : 'mujer',
      ageRange: '29_40',
      occupation: 'empleado',
      territory: `Comuna ${i % 16}`,
      channel: 'redes_sociales',
      consent: true,
    })
    const idem = idempotencyRequest(`attendance:${SLUG}`, key, body)
    return { slug: SLUG, body, lang: 'es', idem, user: undefined }
  }
  const sent: Record<SubmissionName, number> = { survey: 0, attendance: 0 }
  return {
    sqlite,
    /** Decides and commits `groups` groups of `name` submissions, one group after another. */
    async groups(name: SubmissionName, groups: number) {
      for (let g = 0; g < groups; g++) {
        const outcomes = await Promise.all(
          Array.from({ length: GROUP }, () => decide(deps, name, input(name))),
        )
        const refused = outcomes.find((a) => 'refused' in a)
        if (refused) throw new Error(`A ${name} submission was refused: ${JSON.stringify(refused)}`)
      }
      sent[name] += groups * GROUP
    },
    /** Every acknowledged submission is stored once: the rows against what was sent. */
    check() {
      const stored = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n
      const responses = stored('select count(*) as n from form_responses')
      const attendees = stored('select count(*) as n from attendees')
      if (responses !== sent.survey || attendees !== sent.attendance)
        throw new Error(
          `Stored ${responses} responses and ${attendees} registrations, sent ${sent.survey} and ${sent.attendance}.`,
        )
    },
  }
}

type SqliteFile = { prepare(sql: string): { get(): unknown }; pragma(sql: string): unknown }
