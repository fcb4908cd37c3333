import { signal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { st } from './text-staff'

/** What an event brought of an entity already registered, stored otherwise, and not written (POST /api/events). */
export type EntityDiffers = { field: string; stored: string; sent: string }[]

/** Set by the new-event form before it opens the event it created; shown once on that event's page. */
export const entityKept = signal<{ slug: string; entity: string; differs: EntityDiffers } | null>(null)

/**
 * The notice that the entity kept its stored data: whoever typed another e-mail or address for it must
 * learn that it was not saved, and where to change it, rather than find the old one in the privacy notice.
 */
export function EntityKept({ slug }: { slug: string }) {
  const s = st().entity
  const box = useRef<HTMLDivElement>(null)
  const kept = entityKept.value?.slug === slug ? entityKept.value : null
  useEffect(() => {
    if (kept) box.current?.focus()
  }, [kept])
  if (!kept) return null
  return (
    <div class="notice" role="status" tabIndex={-1} ref={box}>
      <p>{s.kept(kept.entity)}</p>
      <ul>
        {kept.differs.map((d) => (
          <li key={d.field}>
            <strong>{s.keptField[d.field] ?? d.field}:</strong> {s.keptValue(d.stored, d.sent)}
          </li>
        ))}
      </ul>
      <p>{s.keptHow}</p>
      <button type="button" class="secondary" onClick={() => (entityKept.value = null)}>
        {s.keptClose}
      </button>
    </div>
  )
}
