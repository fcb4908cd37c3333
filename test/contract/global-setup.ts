import type { TestProject } from 'vitest/node'
import { type Runtime, type Started, startNode, startWorkerd } from './servers'

declare module 'vitest' {
  export interface ProvidedContext {
    runtimes: Runtime[]
  }
}

/** Starts every runtime once for the whole contract suite, on free loopback ports, and stops them after. */
export default async function setup(project: TestProject) {
  // workerd also runs its cron triggers on request (/__scheduled), for the retention's daily run.
  const settled = await Promise.allSettled([startNode(), startWorkerd({ testScheduled: true })])
  const failed = settled.find((s) => s.status === 'rejected')
  if (failed) {
    // The one that did start is stopped, or its processes would outlive the run and hold it open.
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)))
    throw failed.reason
  }
  const started = settled.map((s) => (s as PromiseFulfilledResult<Started>).value)
  project.provide(
    'runtimes',
    started.map(({ name, url }) => ({ name, url })),
  )
  return async () => {
    await Promise.all(started.map((s) => s.stop()))
  }
}
