import { uuidv7 } from 'uuidv7'

/** Time-ordered ids (UUIDv7): rows insert at the end of their indexes and sort by creation. */
export const newId = (): string => uuidv7()
