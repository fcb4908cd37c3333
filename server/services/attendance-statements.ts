import { eq, type SQL, sql } from 'drizzle-orm'
import { stableQuery, statement } from '../../db/prepared'
import { type Attendee, attendees, entities, events } from '../../db/schema'
import { takenCode } from './checkin-codes'

/** The statements of a registration, prepared once per database (see db/prepared.ts). */
/**
 * What a registration needs of its event and entity, flat: no JSON columns decoded, no nested rows; kept
 * until the next write (see `stableQuery`).
 */
export const eventOf = stableQuery(
  (db, p: { slug: string }) =>
    db
      .select({
        id: events.id,
        status: events.status,
        checkinCodes: events.checkinCodes,
        storedKeys: events.storedKeys,
        modality: events.modality,
        country: events.country,
        title: events.title,
        // The event's own retention period, for the notice (read flat, not the whole JSON column).
        retentionDays: sql<number | null>`json_extract(${events.details}, '$.retentionDays')`,
        entityName: entities.name,
        nit: entities.nit,
        address: entities.address,
        email: entities.email,
        phone: entities.phone,
      })
      .from(events)
      .innerJoin(entities, eq(entities.id, events.entityId))
      .where(eq(events.slug, p.slug)),
  (p) => p.slug,
)

export type AttendeeRow = Omit<
  Attendee,
  'populationGroups' | 'consent' | 'checkedInAt' | 'checkedInBy' | 'anonymizedAt'
> & {
  populationGroups: string | null
  consent: string
}
// The JSON columns are bound as text: a JSON column's encoder would store a null as the string "null".
const values = (p: Omit<AttendeeRow, 'checkinCode'>, checkinCode: AttendeeRow['checkinCode'] | SQL) => ({
  id: p.id,
  eventId: p.eventId,
  personKey: p.personKey,
  name: p.name,
  documentType: p.documentType,
  documentNumber: p.documentNumber,
  email: p.email,
  phone: p.phone,
  gender: p.gender,
  ageRange: p.ageRange,
  occupation: p.occupation,
  education: p.education,
  populationGroups: sql`${p.populationGroups}`,
  territory: p.territory,
  channel: p.channel,
  linkChannel: p.linkChannel,
  source: p.source,
  tokenHash: p.tokenHash,
  tokenSealed: p.tokenSealed,
  checkinCode,
  consent: sql`${p.consent}`,
  createdAt: p.createdAt,
})

/** A registration of an event whose codes are drawn at random, with its code. */
export const insertAttendee = statement((db, p: AttendeeRow) =>
  db.insert(attendees).values(values(p, p.checkinCode)),
)

/** A registration whose code is the number `takeNumber` took just before, in the same commit. */
export const insertNumbered = statement((db, p: Omit<AttendeeRow, 'checkinCode'>) =>
  db.insert(attendees).values(values(p, takenCode)),
)
