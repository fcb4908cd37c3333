import { type PqrsdType, pqrsdLabels, pqrsdTypes } from '../../../db/enums'

export type { PqrsdType }
export const PQRSD_TYPES = pqrsdTypes
export const PQRSD_LABELS = pqrsdLabels

/** Legal answer terms in business days (Ley 1755 de 2015, art. 14). */
export const PQRSD_TERMS: Readonly<Record<PqrsdType, number>> = {
  peticion: 15,
  peticion_documentos: 10,
  peticion_informacion: 10,
  consulta: 30,
  queja: 15,
  reclamo: 15,
  sugerencia: 15,
  denuncia: 15,
  felicitacion: 15,
  pregunta: 15,
}

export function isPqrsdType(value: unknown): value is PqrsdType {
  return typeof value === 'string' && (PQRSD_TYPES as readonly string[]).includes(value)
}

export function termFor(type: PqrsdType): number {
  return PQRSD_TERMS[type]
}

/**
 * Business days from receipt within which a petition the entity is not competent for must be forwarded
 * to the one that is, and the petitioner told (Ley 1755 de 2015, art. 21).
 */
export const FORWARD_TERM_DAYS = 5

/**
 * Business days from filing within which an incomplete petition may be returned to the petitioner to be
 * completed (Ley 1755 de 2015, art. 17); they then have a month, extendable once by as much.
 */
export const COMPLETION_REQUEST_DAYS = 10
