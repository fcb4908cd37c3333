import type { TestProject } from 'vitest/node'
import { type Runtime, startNode, startWorkerd } from './servers'

declare module 'vitest' {
  export interface ProvidedContext {
    runtimes: Runtime[]
  }
}

/** Starts every runtime once for the whole contract suite, on free loopback ports, and stops them after. */
export default async function setup(project: TestProject) {
  // workerd also runs its cron triggers on request (/__scheduled), for the retention's daily run.
  const started = await Promise.all([startNode(), startWorkerd({ testScheduled: true })])
  project.provide(
    'runtimes',
    started.map(({ name, url }) => ({ name, url })),
  )
  return async () => {
    await Promise.all(started.map((s) => s.stop()))
  }
}
