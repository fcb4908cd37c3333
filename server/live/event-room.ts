import { DurableObject } from 'cloudflare:workers'
import { openD1Db } from '../../db/client'
import { type LiveCounters, storedCounters } from '../services/live-counters'
import { COALESCE_MS, Coalescer } from './coalesce'
import type { Audience, LiveMessage } from './hub'
import {
  frame,
  eventId as frameId,
  HEARTBEAT_MS,
  MAX_QUEUED,
  OPENING,
  PING,
  parseEventId,
  REPLAY_FRAMES,
  reaches,
  resetFrame,
  retraction,
  SSE_HEADERS,
} from './sse'

type Subscriber = { audience: Audience; writer: WritableStreamDefaultWriter<Uint8Array> }
const enc = new TextEncoder()

/**
 * One event's live room on Workers: it holds the open SSE streams and keeps its last frames in its
 * own SQLite storage, so a reconnect replays what it missed even after the object was evicted.
 * The moderators' frames carry petitioners' names and contacts, so the kept frames are deleted once the
 * room has published nothing for REPLAY_KEEP_SECONDS (6 h, as Node forgets an idle room); a client
 * coming back after that gets a reset frame and reads afresh.
 */
export class EventRoom extends DurableObject<Env> {
  readonly #subs = new Set<Subscriber>()
  #epoch = ''
  #seq = 0
  #timer: ReturnType<typeof setInterval> | undefined
  readonly #keepMs =
    (Number((this.env as { CABILDO_LIVE_REPLAY_SECONDS?: string }).CABILDO_LIVE_REPLAY_SECONDS) || 6 * 3600) *
    1000

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    const sql = ctx.storage.sql
    sql.exec(`CREATE TABLE IF NOT EXISTS frames (
      seq INTEGER PRIMARY KEY, audience TEXT NOT NULL, frame TEXT NOT NULL)`)
    sql.exec('CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)')
    const epoch = sql.exec<{ v: string }>("SELECT v FROM meta WHERE k = 'epoch'").toArray()[0]?.v
    this.#epoch = epoch ?? Date.now().toString(36)
    if (!epoch) sql.exec("INSERT INTO meta (k, v) VALUES ('epoch', ?)", this.#epoch)
    this.#seq = sql.exec<{ seq: number | null }>('SELECT max(seq) AS seq FROM frames').one().seq ?? 0
  }

  // Counters and votes at most once a second: all of an event's publishes meet here (docs/scaling.md).
  readonly #coalescer = new Coalescer(
    (_, message) => this.#deliver(message),
    COALESCE_MS,
    (_, held) => this.#settle(held),
  )
  readonly #db = openD1Db(this.env.DB)
  #eventId = ''

  /**
   * Called by the Worker after a commit; answers the frame's id, or '' when it is held for its window.
   * `late` is a frame a writer object held for its own window (server/event-writer.ts).
   */
  async publish(message: LiveMessage, eventId: string, late = false): Promise<string> {
    this.#eventId = eventId
    return ((await this.#coalescer.offer('', message, late)) as string | undefined) ?? ''
  }

  /**
   * The counters held to the end of a window are read again from D1 before they go out: they come from
   * several writer objects, each with its own window, so an older figure can arrive after a newer one.
   * One read a window, whatever the number of submissions; should it fail, the frame goes as it came.
   */
  async #settle(held: LiveMessage): Promise<LiveMessage> {
    if (held.type !== 'counters' || !this.#eventId) return held
    try {
      return { ...held, data: await storedCounters(this.#db, this.#eventId, held.data as LiveCounters) }
    } catch (err) {
      console.error('live counters read failed', err)
      return held
    }
  }

  /** The frame is encoded once for every subscriber. */
  #deliver(message: LiveMessage): string {
    this.#retract(message)
    const seq = ++this.#seq
    const id = frameId(this.#epoch, seq)
    const bytes = frame(id, message.type, message.data)
    const sql = this.ctx.storage.sql
    sql.exec(
      'INSERT INTO frames (seq, audience, frame) VALUES (?, ?, ?)',
      seq,
      message.audience,
      new TextDecoder().decode(bytes),
    )
    sql.exec('DELETE FROM frames WHERE seq <= ?', seq - REPLAY_FRAMES)
    void this.ctx.storage.setAlarm(Date.now() + this.#keepMs)
    for (const sub of this.#subs) if (reaches(message.audience, sub.audience)) this.#send(sub, bytes)
    return id
  }

  /** The kept public frames that showed what `message` takes off the wall, rewritten (sse.ts `retraction`). */
  #retract(message: LiveMessage) {
    const r = retraction(message)
    if (!r) return
    const sql = this.ctx.storage.sql
    const kept = sql
      .exec<{ seq: number; frame: string }>(
        "SELECT seq, frame FROM frames WHERE audience = 'public' AND (instr(frame, ?) > 0 OR instr(frame, ?) > 0)",
        ...r.marks,
      )
      .toArray()
    for (const k of kept) {
      const now = r.as(k.frame)
      const text = new TextDecoder().decode(frame(frameId(this.#epoch, k.seq), now.type, now.data))
      sql.exec('UPDATE frames SET frame = ? WHERE seq = ?', text, k.seq)
    }
  }

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const audience: Audience = url.searchParams.get('audience') === 'moderation' ? 'moderation' : 'public'
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
    const sub: Subscriber = { audience, writer: writable.getWriter() }
    this.#send(sub, OPENING)
    const lastEventId = url.searchParams.get('lastEventId')
    if (lastEventId) for (const bytes of this.#replay(lastEventId, audience)) this.#send(sub, bytes)
    this.#subs.add(sub)
    this.#heartbeat()
    return new Response(readable, { headers: SSE_HEADERS })
  }

  #replay(lastEventId: string, audience: Audience): Uint8Array[] {
    const last = parseEventId(lastEventId)
    const sql = this.ctx.storage.sql
    // With none kept (a new room, or its frames deleted after a quiet spell), only the latest id replays.
    const oldest =
      sql.exec<{ seq: number | null }>('SELECT min(seq) AS seq FROM frames').one().seq ?? this.#seq + 1
    if (!last || last.epoch !== this.#epoch || last.seq > this.#seq || last.seq < oldest - 1)
      return [resetFrame(frameId(this.#epoch, this.#seq))]
    return sql
      .exec<{ audience: string; frame: string }>(
        'SELECT audience, frame FROM frames WHERE seq > ? ORDER BY seq',
        last.seq,
      )
      .toArray()
      .filter((f) => reaches(f.audience as Audience, audience))
      .map((f) => enc.encode(f.frame))
  }

  /**
   * A quiet spell's end (set again at every frame): the kept frames, and who they name, are deleted. The
   * room starts a new epoch, so no id given before can be taken for one given after, evicted or not.
   */
  override async alarm() {
    const sql = this.ctx.storage.sql
    sql.exec('DELETE FROM frames')
    this.#epoch = Date.now().toString(36)
    this.#seq = 0
    sql.exec("UPDATE meta SET v = ? WHERE k = 'epoch'", this.#epoch)
  }

  #send(sub: Subscriber, bytes: Uint8Array) {
    // A client that stopped reading is let go; it replays from its last id when it comes back.
    if ((sub.writer.desiredSize ?? 0) < -MAX_QUEUED) return this.#drop(sub)
    sub.writer.write(bytes).catch(() => this.#drop(sub))
  }

  #drop(sub: Subscriber) {
    if (!this.#subs.delete(sub)) return
    sub.writer.close().catch(() => {})
  }

  #heartbeat() {
    if (this.#timer) return
    this.#timer = setInterval(() => {
      for (const sub of this.#subs) this.#send(sub, PING)
      // With nobody listening the timer stops, so the object can be evicted.
      if (this.#subs.size === 0) {
        clearInterval(this.#timer)
        this.#timer = undefined
      }
    }, HEARTBEAT_MS)
  }
}
