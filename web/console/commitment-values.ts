import type { Commitment } from './Commitments'

/** The fields of a commitment that the console's form edits, by the names the API gives them. */
const FIELDS = [
  'description',
  'area',
  'responsible',
  'activity',
  'axis',
  'origin',
  'observation',
  'contribution',
  'dueDate',
  'dueMonth',
  'status',
  'progress',
  'published',
] as const
type Value = string | number | boolean | null
export type CommitmentValues = Partial<Record<(typeof FIELDS)[number], Value>>

/** What a stored commitment says in each field the form shows (null where it says nothing). */
export const storedValues = (c: Commitment): CommitmentValues =>
  Object.fromEntries(FIELDS.map((k) => [k, k === 'area' ? (c.area?.key ?? null) : c[k]]))

/** What the form says: an emptied field is null; an empty progress or area says nothing (left out). */
export function typedValues(v: Record<string, string>): CommitmentValues {
  const out: CommitmentValues = {}
  for (const k of FIELDS) out[k] = v[k] ?? null
  // Every commitment has these: an empty choice says nothing.
  for (const k of ['description', 'area', 'origin', 'status'] as const) out[k] = v[k]
  out.progress = v.progress ? Number(v.progress) : undefined
  out.published = v.published === 'on'
  return out
}

/**
 * The fields the person changed from the version the form was opened from: an edit sends only these,
 * so it never sends back, as its own, what it merely showed.
 */
export function changedValues(typed: CommitmentValues, from: CommitmentValues): CommitmentValues {
  const out: CommitmentValues = {}
  for (const k of FIELDS) if (typed[k] !== undefined && typed[k] !== from[k]) out[k] = typed[k]
  return out
}

/**
 * After another staff member's change: the fields this person left as they were opened now show the
 * commitment as it is (`fresh`); the fields they typed in keep what they typed.
 */
export function showFresh(
  form: HTMLFormElement,
  typed: CommitmentValues,
  opened: CommitmentValues,
  fresh: CommitmentValues,
) {
  for (const k of FIELDS) {
    if (typed[k] !== undefined && typed[k] !== opened[k]) continue
    const control = form.elements.namedItem(k)
    if (control instanceof HTMLInputElement && control.type === 'checkbox')
      control.checked = Boolean(fresh[k])
    else if (control && 'value' in control) control.value = fresh[k] == null ? '' : String(fresh[k])
  }
}

/**
 * The progress a status implies while the person has not typed one: done is 100 %, pending 0 %; any
 * other keeps what the commitment had, unless that was the 100 % of a done one. New, it is left empty
 * (the server decides it from the status).
 */
export function progressShown(status: string, opened?: Commitment): string {
  if (status === 'cumplido') return '100'
  if (!opened) return ''
  if (status === 'pendiente') return '0'
  return opened.progress < 100 ? String(opened.progress) : ''
}
