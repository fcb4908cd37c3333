import { HEARTBEAT_MS } from '../../server/live/heartbeat'

/**
 * Silence on a live stream for this long (one ping missed, with 10 s to spare for a slow link) means a
 * connection that stalled with nothing to close it: the console and the attendee page reconnect.
 */
export const STALL_MS = HEARTBEAT_MS + 10_000
