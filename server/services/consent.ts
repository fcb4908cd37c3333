import type { Entity, Event } from '../../db/schema'
import { taxIdName } from '../../web/shared/format'
import type { Lang } from '../messages'
import { sha256Hex } from './crypto'
import { periodOf } from './retention'

/**
 * The privacy notice shown before registering, built from the entity's own data (controller, tax id,
 * address, contact) and the event. Its `version` is a hash of the notice in both languages, so it
 * changes exactly when its text does; each registration stores the version it accepted.
 */
type Law = {
  law: { es: string; en: string }
  authority: { name: string; url?: string }
  rights: { es: string[]; en: string[] }
  /** The positions in `rights` of those about a consent, which a notice that asks for none leaves out. */
  aboutConsent: readonly number[]
  minors: { es: string; en: string }
  /** What the population-group question asks that the law calls sensitive, as the country's form asks it. */
  sensitive: { es: string; en: string }
}

const laws: Record<Event['country'], Law> = {
  CO: {
    law: {
      es: 'Ley 1581 de 2012 y Decreto 1377 de 2013 (compilado en el Decreto 1074 de 2015)',
      en: 'Law 1581 of 2012 and Decree 1377 of 2013 (compiled in Decree 1074 of 2015)',
    },
    authority: { name: 'Superintendencia de Industria y Comercio (SIC)', url: 'https://www.sic.gov.co' },
    rights: {
      es: [
        'Conocer, actualizar y rectificar sus datos.',
        'Solicitar prueba de esta autorización.',
        'Ser informado del uso que se ha dado a sus datos.',
        'Presentar quejas ante la Superintendencia de Industria y Comercio (SIC).',
        'Revocar la autorización y solicitar la supresión de sus datos.',
        'Acceder gratuitamente a sus datos.',
      ],
      en: [
        'Know, update and correct your data.',
        'Ask for proof of this authorisation.',
        'Be told how your data has been used.',
        'Complain to the Superintendence of Industry and Commerce (SIC).',
        'Revoke the authorisation and ask for your data to be deleted.',
        'Access your data free of charge.',
      ],
    },
    // Proof of the authorisation; revoking it.
    aboutConsent: [1, 4],
    minors: {
      es: 'Si usted es menor de 18 años, su registro requiere la autorización de su padre, madre o representante legal, y no se le harán preguntas sobre datos sensibles.',
      en: 'If you are under 18, your registration needs the authorisation of your parent or legal guardian, and you will not be asked sensitive questions.',
    },
    sensitive: {
      es: 'origen étnico, discapacidad, orientación sexual, condición de víctima',
      en: 'ethnic origin, disability, sexual orientation, victim status',
    },
  },
  EC: {
    law: {
      es: 'Ley Orgánica de Protección de Datos Personales (Registro Oficial Suplemento 459, 26 de mayo de 2021)',
      en: 'Organic Law on Personal Data Protection (Official Register Supplement 459, 26 May 2021)',
    },
    authority: { name: 'Superintendencia de Protección de Datos Personales' },
    rights: {
      es: [
        'Acceder a sus datos y ser informado de su tratamiento.',
        'Rectificar y actualizar sus datos.',
        'Pedir la eliminación de sus datos.',
        'Oponerse al tratamiento y pedir su suspensión.',
        'Pedir la portabilidad de sus datos.',
        'Revocar su consentimiento en cualquier momento.',
        'Presentar reclamos ante la Superintendencia de Protección de Datos Personales.',
      ],
      en: [
        'Access your data and be told how it is processed.',
        'Correct and update your data.',
        'Ask for your data to be deleted.',
        'Object to the processing and ask for it to be suspended.',
        'Ask for your data to be ported.',
        'Revoke your consent at any time.',
        'Complain to the Superintendence of Personal Data Protection.',
      ],
    },
    // Revoking the consent.
    aboutConsent: [5],
    minors: {
      es: 'Si usted es menor de edad, su registro requiere la autorización de su representante legal, y no se le harán preguntas sobre datos sensibles.',
      en: 'If you are a minor, your registration needs the authorisation of your legal representative, and you will not be asked sensitive questions.',
    },
    // Ecuador's form asks self-identification by the census's categories, disability, LGBTIQ+ and human
    // mobility, not victim status; the LOPDP (art. 4) names ethnicity, cultural identity, gender identity,
    // sexual orientation, health and migratory status among sensitive data.
    sensitive: {
      es: 'autoidentificación étnica o cultural, discapacidad, orientación sexual o identidad de género, condición migratoria',
      en: 'ethnic or cultural self-identification, disability, sexual orientation or gender identity, migratory status',
    },
  },
}

/** What the notice's text is made of: `texts` can read nothing else, so the version's memo key is complete. */
type NoticeEvent = Pick<Event, 'country' | 'title'> & {
  /**
   * Days after the event when its attendees' data is anonymised, the event's own or the installation's
   * (`periodOf` in retention.ts); null or absent: no period set.
   */
  retentionDays?: number | null
}
type NoticeEntity = Pick<Entity, 'name' | 'nit' | 'address' | 'email' | 'phone'>

function texts(event: NoticeEvent, entity: NoticeEntity, lang: Lang) {
  const l = laws[event.country]
  const contact = [entity.email, entity.phone, entity.address].filter(Boolean).join(' · ')
  const es = lang === 'es'
  // The event's country is its entity's (server/services/events.ts refuses any other).
  const taxId = taxIdName(event.country)
  return {
    title: es ? 'Aviso de privacidad y autorización de tratamiento de datos' : 'Privacy notice and consent',
    controller: es
      ? `Responsable del tratamiento: ${entity.name}${entity.nit ? `, ${taxId} ${entity.nit}` : ''}${entity.address ? `, ${entity.address}` : ''}.`
      : `Data controller: ${entity.name}${entity.nit ? `, tax id (${taxId}) ${entity.nit}` : ''}${entity.address ? `, ${entity.address}` : ''}.`,
    purpose: es
      ? `Finalidad: registrar su asistencia a «${event.title}», verificar su ingreso y elaborar estadísticas agregadas para el informe de rendición de cuentas. Sus datos no se publican por persona ni se ceden a terceros.`
      : `Purpose: to record your attendance at “${event.title}”, check you in, and produce aggregate statistics for the accountability report. Your data is never published per person nor given to third parties.`,
    sensitive: es
      ? `Las preguntas sobre grupo poblacional (${l.sensitive.es}) son datos sensibles: responderlas es facultativo, puede elegir «Prefiero no responder» y solo se publican en forma agregada.`
      : `The questions about population group (${l.sensitive.en}) are sensitive data: answering them is optional, you may choose “Prefer not to say”, and they are only published in aggregate.`,
    survey: es
      ? 'Las respuestas a la encuesta de evaluación son anónimas: no se vinculan con su registro.'
      : 'Evaluation survey answers are anonymous: they are not linked to your registration.',
    // How long the data is kept (Decreto 1377 de 2013, art. 11; LOPDP, art. 12): the period set, or
    // the rule without one.
    retention: event.retentionDays
      ? es
        ? `Conservación: sus datos se guardan hasta ${event.retentionDays} días después del evento; luego se anonimizan y quedan solo las cifras agregadas.`
        : `Retention: your data is kept until ${event.retentionDays} days after the event; then it is anonymised and only the aggregate figures remain.`
      : es
        ? 'Conservación: sus datos se guardan mientras se cumple esta finalidad y lo que exijan las normas de archivo de la entidad; luego se anonimizan y quedan solo las cifras agregadas.'
        : "Retention: your data is kept while this purpose is served and as the entity's archive rules require; then it is anonymised and only the aggregate figures remain.",
    minors: l.minors[lang],
    rightsIntro: es ? `Sus derechos (${l.law.es}):` : `Your rights (${l.law.en}):`,
    rights: l.rights[lang],
    contact: contact ? (es ? `Para ejercerlos: ${contact}.` : `To exercise them: ${contact}.`) : '',
    accept: es
      ? 'Al marcar la casilla, autorizo de manera previa, expresa e informada el tratamiento de mis datos para estas finalidades.'
      : 'By ticking the box, I give my prior, express and informed consent to the processing of my data for these purposes.',
  }
}

export type ConsentNotice = Awaited<ReturnType<typeof consentNotice>>

// A memo of a pure function (what the notice is made of → the hash of its text), not state: every
// registration asks for the version. Building and hashing both languages' notice, a few KB, would be a
// tenth of a registration's cost, so the memo is keyed by the values that `texts` reads; the laws are
// constants of the code.
const versions = new Map<string, { version: string; text: string }>()

export async function consentVersion(event: NoticeEvent, entity: NoticeEntity): Promise<string> {
  return (await consentRecord(event, entity)).version
}

/**
 * The notice's version and its words in both languages (JSON `{ es, en }`), as `consent_notices` keeps
 * them for the registrations that accept it.
 */
export async function consentRecord(
  event: NoticeEvent,
  entity: NoticeEntity,
): Promise<{ version: string; text: string }> {
  const inputs = [
    event.country,
    event.title,
    event.retentionDays,
    entity.name,
    entity.nit,
    entity.address,
    entity.email,
    entity.phone,
  ]
  const key = inputs.map((v) => v ?? '').join('\u0000')
  let record = versions.get(key)
  if (!record) {
    if (versions.size >= 1000) versions.clear()
    const [es, en] = [texts(event, entity, 'es'), texts(event, entity, 'en')]
    const version = `v-${(await sha256Hex(JSON.stringify([es, en]))).slice(0, 16)}`
    record = { version, text: JSON.stringify({ es, en }) }
    versions.set(key, record)
  }
  return record
}

/** The event as its notices read it: with the retention period that applies to it. */
export const noticeEvent = <E extends Event>(event: E, installationDays: number | null) => ({
  ...event,
  retentionDays: periodOf(event, installationDays)?.days ?? null,
})

/** The notice in the request's language, with the controller's data apart for the widget to lay out. */
export async function consentNotice(event: Event & NoticeEvent, entity: Entity, lang: Lang) {
  const t = texts(event, entity, lang)
  const l = laws[event.country]
  return {
    version: await consentVersion(event, entity),
    lang,
    controller: {
      name: entity.name,
      nit: entity.nit,
      address: entity.address,
      email: entity.email,
      phone: entity.phone,
      website: entity.website,
    },
    law: l.law[lang],
    authority: l.authority,
    /** The notice's wording, paragraph by paragraph, in the order to show it. */
    text: t,
  }
}

/**
 * The notice shown with the question form (Ley 1581 art. 12, LOPDP art. 12: the holder is told who
 * processes the data, for what and with what rights when it is collected). A petition needs no consent:
 * the entity processes the data to answer it, which the law requires of it; so the notice asks for none,
 * and its rights leave out those about a consent. A question asked anonymously carries no personal data.
 */
export function petitionNotice(event: NoticeEvent, entity: NoticeEntity, lang: Lang) {
  const t = texts(event, entity, lang)
  const es = lang === 'es'
  const l = laws[event.country]
  const rights = l.rights[lang].filter((_, i) => !l.aboutConsent.includes(i))
  return {
    text: {
      title: es ? 'Aviso de privacidad' : 'Privacy notice',
      controller: t.controller,
      purpose: es
        ? 'Finalidad: radicar su petición, darle trámite, responderla y enviarle la constancia al correo que indique. Sus datos no se publican: en pantalla y en la consulta pública la petición se ve con su número de radicado.'
        : 'Purpose: to file your petition, process it, answer it and send the receipt to the e-mail you give. Your data is never published: on screen and in the public lookup the petition shows under its filing number.',
      basis: es
        ? 'No se le pide autorización: la entidad trata estos datos para cumplir su deber legal de responder las peticiones. Puede preguntar de forma anónima, sin datos personales.'
        : 'No consent is asked: the entity processes this data to meet its legal duty to answer petitions. You may ask anonymously, with no personal data.',
      rightsIntro: t.rightsIntro,
      rights,
      contact: t.contact,
    },
  }
}
