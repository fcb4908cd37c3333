import type { Db } from '../db/client'
import type { Role } from '../db/schema'
import type { LiveHub } from './live/hub'

export type Config = {
  /** First admin; with neither set on Node, one is generated and printed once. */
  adminEmail?: string
  adminPassword?: string
  /** Seed the labelled demo event (CABILDO_DEMO=0 turns it off). */
  demo: boolean
  /** PBKDF2-SHA256 rounds for new password hashes; 100,000 is the most Workers' WebCrypto allows. */
  passwordIterations: number
  tokenTtlHours: number
  maxBodyBytes: number
}

export type Deps = {
  db: Db
  config: Config
  /** The clock, injectable so tests can cross deadlines and midnights. */
  now: () => Date
  /** Live updates (SSE); optional until the hub lands on both runtimes. */
  live?: LiveHub
}

export type SessionUser = { id: string; email: string; role: Role; tokenId: string }

export type AppEnv = {
  Variables: {
    deps: Deps
    requestId: string
    language: string
    user?: SessionUser
  }
}

export const defaultConfig: Config = {
  demo: true,
  passwordIterations: 100_000,
  tokenTtlHours: 12,
  maxBodyBytes: 64 * 1024,
}

/** Reads the environment variables that both runtimes share (process.env on Node, vars/secrets on Workers). */
export function configFromEnv(env: Record<string, string | undefined>): Config {
  return {
    ...defaultConfig,
    adminEmail: env.CABILDO_ADMIN_EMAIL || undefined,
    adminPassword: env.CABILDO_ADMIN_PASSWORD || undefined,
    demo: env.CABILDO_DEMO !== '0',
  }
}
