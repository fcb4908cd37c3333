// Value lists shared by the schema, the validators and the browser console. No drizzle import here,
// so the console can bundle it.
export const questionStatuses = [
  'received',
  'approved',
  'hidden',
  'answered_live',
  'pending',
  'answered',
  'forwarded',
  'extended',
  'annulled',
] as const
