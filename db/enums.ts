// Value lists (and their labels) shared by the schema, the validators, the server's texts and the browser
// apps. No drizzle import here, so the console and the attendee page can bundle it.
export const questionStatuses = [
  'received',
  'approved',
  'hidden',
  'answered_live',
  'pending',
  'answered',
  'forwarded',
  'extended',
  // Ley 1755 de 2015, art. 17: the petitioner was asked to complete it, and its term waits for them;
  // withdrawn (desistimiento tácito) when they did not within the month given.
  'incomplete',
  'withdrawn',
  // Art. 18: the petitioner withdrew it themselves (desistimiento expreso), at any time before an answer.
  'desisted',
  'annulled',
] as const

/**
 * The statuses that keep a question off the public wall, its live stream and its votes, approved or not:
 * hidden by moderation, annulled, or withdrawn, tacitly (Ley 1755, art. 17) or by its petitioner (art.
 * 18), who no longer asks it. One returned to be completed (incomplete) stays: it is still asked, and only
 * its term waits for the petitioner.
 */
export const offWallStatuses = [
  'hidden',
  'annulled',
  'withdrawn',
  'desisted',
] as const satisfies readonly (typeof questionStatuses)[number][]
export const keptOffWall = (status: string) => (offWallStatuses as readonly string[]).includes(status)

/** The PQRSD types (Ley 1755 de 2015); their legal terms are in server/services/calendar/terms.ts. */
export const pqrsdTypes = [
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
export type PqrsdType = (typeof pqrsdTypes)[number]

type Labels<K extends string> = Readonly<Record<K, { readonly es: string; readonly en: string }>>

/** Their names, for the question form, the wall, the console, the report and the constancia. */
export const pqrsdLabels: Labels<PqrsdType> = {
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

// Colombia: CC, TI, CE, RC, NUIP, PA, PEP, PPT; Ecuador: CI; DNI and OTRO for everyone else.
export const documentTypes = [
  'CC',
  'TI',
  'CE',
  'RC',
  'NUIP',
  'PA',
  'PEP',
  'PPT',
  'CI',
  'DNI',
  'OTRO',
] as const
export type DocumentType = (typeof documentTypes)[number]

/**
 * The documents the attendance form offers, in its order. RC and NUIP are accepted but not offered:
 * they identify young children, who do not register themselves.
 */
export const documentLabels: Labels<Exclude<DocumentType, 'RC' | 'NUIP'>> = {
  CC: { es: 'Cédula de ciudadanía', en: 'Citizenship card' },
  TI: { es: 'Tarjeta de identidad', en: 'Identity card (minors)' },
  CE: { es: 'Cédula de extranjería', en: 'Foreigner ID' },
  PPT: { es: 'Permiso por protección temporal', en: 'Temporary protection permit' },
  PEP: { es: 'Permiso especial de permanencia', en: 'Special stay permit' },
  CI: { es: 'Cédula de identidad (Ecuador)', en: 'Identity card (Ecuador)' },
  PA: { es: 'Pasaporte', en: 'Passport' },
  DNI: { es: 'Documento de otro país', en: 'Another country ID' },
  OTRO: { es: 'Otro', en: 'Other' },
}

/**
 * The documents offered where the event is held (the attendance form, the console's filing form), in
 * their order. Colombia's as they always were. In Ecuador its cédula comes first, then a passport, then
 * what a foreigner carries: a Colombian's cédula named as Colombian (so that an Ecuadorian does not take
 * it for theirs, and their number skips the check of a cédula's last digit), or another country's
 * document. Colombia's own permits and a minor's tarjeta de identidad are not offered there.
 */
export const documentsOf: Record<'CO' | 'EC', Labels<string>> = {
  CO: documentLabels,
  EC: {
    CI: documentLabels.CI,
    PA: documentLabels.PA,
    CC: { es: 'Cédula de ciudadanía (Colombia)', en: 'Citizenship card (Colombia)' },
    DNI: { es: 'Documento de identidad de otro país', en: "Another country's identity document" },
    OTRO: documentLabels.OTRO,
  },
}
