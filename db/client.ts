import { drizzle } from 'drizzle-orm/d1'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import * as schema from './schema'

/** The database as shared code sees it: the same drizzle API over better-sqlite3 (sync) or D1 (async). */
export type Db = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>

export function openD1Db(binding: D1Database): Db {
  return drizzle(binding, { schema }) as unknown as Db
}
