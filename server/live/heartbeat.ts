/**
 * How often every live stream sends its ping (server/live/sse.ts), and so how long a client may hear
 * nothing before it takes the connection for dead (web/shared/stall.ts). A module of its own, with no
 * code, so that the pages can read it without the hub's framing.
 */
export const HEARTBEAT_MS = 15_000
