import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { revive, threadBoot, tsxApi } from './client-node'

/** What a `readerCalls` module gives each reader thread: an answer to each call, by name. */
export type ReaderCall = (name: string, args: unknown[]) => Promise<unknown>

/** Marks the error of a call whose thread stopped before answering (`readerStopped`). */
const STOPPED = Symbol.for('cabildo.reader-stopped')
export const readerStopped = (err: unknown) => Boolean((err as { [STOPPED]?: boolean } | null)?.[STOPPED])

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void }
type Thread = { worker: Worker; pending: Map<number, Pending>; alive: boolean }
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: Error }

/**
 * Threads that run long reads, each over a read-only connection of its own to the SQLite file: a
 * filtered tally of 100,000 responses is about 1 s of SQLite, and better-sqlite3 reads synchronously,
 * so on the main thread every other request (submissions, the live wall) would wait for it. In WAL mode
 * the readers never block the writer nor wait for it; each call reads one snapshot, which holds every
 * submission acknowledged before it started. A call goes to an idle thread, else to a new one while
 * there are fewer than `count`, else to the one with the fewest calls waiting.
 *
 * `calls` names a module whose `readerCalls(db)` answers calls by name. The answer is a function that
 * sends a call to a thread, or answers undefined when no thread is left; a thread that stops fails its
 * calls with an error `readerStopped` recognises. Either way the caller reads on its own thread.
 * Arguments and answers cross by structured clone.
 */
export function startReaders(file: string, calls: string, count = 2) {
  const entry = fileURLToPath(new URL('./client-reader.ts', import.meta.url))
  let nextId = 0
  let stopped = false
  let closed = false
  const threads: Thread[] = []
  const spawn = () => {
    const worker = new Worker(threadBoot, { eval: true, workerData: { file, calls, entry, tsx: tsxApi } })
    worker.unref()
    const thread: Thread = { worker, pending: new Map(), alive: true }
    worker.on('message', (m: Reply) => {
      const p = thread.pending.get(m.id)
      thread.pending.delete(m.id)
      if (m.ok) p?.resolve(m.value)
      else p?.reject(revive(m.error))
      if (!thread.pending.size) worker.unref()
    })
    const stop = (err: unknown) => {
      if (!thread.alive) return
      thread.alive = false
      stopped = true
      if (!closed) console.error('A reader thread stopped; its reads run on the main thread:', err)
      // Marked, so that the caller can run the read itself: a read is safe to run again.
      const gone = Object.assign(new Error('The reader thread stopped.', { cause: err }), { [STOPPED]: true })
      for (const p of thread.pending.values()) p.reject(gone)
      thread.pending.clear()
    }
    worker.on('error', stop)
    worker.on('exit', (code) => stop(new Error(`A reader thread exited (${code}).`)))
    threads.push(thread)
    return thread
  }
  const call = (name: string, args: unknown[]): Promise<unknown> | undefined => {
    const live = threads.filter((t) => t.alive)
    const idle = live.find((t) => !t.pending.size)
    // Threads start when first needed (each holds some 28 MB), up to `count`; none after one has stopped.
    const thread =
      idle ??
      (threads.length < count && !stopped
        ? spawn()
        : live.reduce<Thread | undefined>(
            (a, b) => (!a || b.pending.size < a.pending.size ? b : a),
            undefined,
          ))
    if (!thread) return undefined
    const id = nextId++
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject })
      thread.worker.ref()
      thread.worker.postMessage({ id, name, args })
    })
  }
  /**
   * Ends every thread and its connection, for a server that stops (before `closeNodeDb`); a read under
   * way is refused as when its thread stops.
   */
  const close = async () => {
    closed = stopped = true
    await Promise.all(threads.map((t) => t.worker.terminate()))
  }
  return Object.assign(call, { close })
}
