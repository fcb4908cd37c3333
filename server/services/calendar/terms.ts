export const PQRSD_TYPES = [
  'peticion',
  'peticion_documentos',
  'peticion_informacion',
  'consulta',
  'queja',
  'reclamo',
  'sugerencia',
  'denuncia',
  'felicitacion',
  'pregunta',
] as const

export type PqrsdType = (typeof PQRSD_TYPES)[number]

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

export const PQRSD_LABELS: Readonly<Record<PqrsdType, { readonly es: string; readonly en: string }>> = {
  peticion: {
    es: 'Petición de interés general o particular',
    en: 'Petition (general or particular interest)',
  },
  peticion_documentos: { es: 'Petición de documentos', en: 'Request for documents' },
  peticion_informacion: { es: 'Petición de información', en: 'Request for information' },
  consulta: { es: 'Consulta', en: 'Request for an opinion (consulta)' },
  queja: { es: 'Queja', en: 'Complaint' },
  reclamo: { es: 'Reclamo', en: 'Claim' },
  sugerencia: { es: 'Sugerencia', en: 'Suggestion' },
  denuncia: { es: 'Denuncia', en: 'Report of wrongdoing' },
  felicitacion: { es: 'Felicitación', en: 'Compliment' },
  pregunta: { es: 'Pregunta de rendición de cuentas', en: 'Accountability question' },
}

export function isPqrsdType(value: unknown): value is PqrsdType {
  return typeof value === 'string' && (PQRSD_TYPES as readonly string[]).includes(value)
}

export function termFor(type: PqrsdType): number {
  return PQRSD_TERMS[type]
}
