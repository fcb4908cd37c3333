import type { Lang } from '../shared/api'
import english from './en.json'
import type { Store } from './storage'

/**
 * Every string of the widget. Survey labels come from the server, already in the request's language.
 * Spanish is in widget.js; English (en.json) is served as /widget-en.json and fetched by English widgets only.
 */
export const es = {
  lang: 'es' as Lang,
  asistencia: 'Asistencia',
  evaluacion: 'Evaluación',
  pregunta: 'Pregunta',
  forms: 'Formularios del evento',
  loading: 'Cargando…',
  loadFail: 'No pudimos cargar el formulario. Revise su conexión.',
  retry: 'Reintentar',
  requiredNote: 'Los campos marcados con * son obligatorios.',
  errRequired: 'Responda esta pregunta.',
  errEmail: 'Escriba un correo válido, p. ej. nombre@correo.com.',
  errConsent: 'Para registrarse, lea el aviso y autorice el tratamiento de datos.',
  errSummary: 'Revise: ',
  otherText: '¿Cuál?',
  yes: 'Sí',
  no: 'No',
  send: 'Enviar',
  sending: 'Enviando…',
  queued: 'Guardado en este dispositivo; se enviará al reconectar.',
  name: 'Nombre completo',
  documentType: 'Tipo de documento',
  documentNumber: 'Número de documento',
  email: 'Correo electrónico',
  phone: 'Teléfono o celular',
  territory: 'Barrio, comuna o vereda donde vive',
  consent: 'Leí el aviso y autorizo el tratamiento de mis datos personales.',
  guardianConsent: 'Mi representante legal autoriza este registro (menores de 18 años).',
  sensitive: 'Dato sensible: responder es opcional.',
  doneA: '¡Gracias! Su asistencia quedó registrada.',
  doneS: '¡Gracias por responder la encuesta!',
  doneQ: 'Su pregunta quedó radicada con el número',
  received: 'Recibida',
  due: 'Fecha máxima de respuesta',
  lookup: 'Consulte su estado en',
  eventPage: 'la página del evento',
  or: 'o en',
  again: 'Registrar a otra persona',
  askAgain: 'Hacer otra pregunta',
  toSurvey: 'Responder la encuesta',
  toQuestion: 'Hacer una pregunta',
  type: 'Tipo de solicitud',
  text: 'Su pregunta o solicitud',
  anonymous: 'Enviar de forma anónima',
  anonymousNote: 'Sin datos de contacto, la respuesta se publica con el número de radicado.',
  area: 'Dependencia a la que se dirige',
  anyArea: 'No sé / ninguna',
  closed: 'Este formulario no está disponible.',
  types:
    'pregunta=Pregunta sobre la rendición de cuentas|peticion=Petición|peticion_informacion=Petición de información|peticion_documentos=Petición de documentos|consulta=Consulta|queja=Queja|reclamo=Reclamo|sugerencia=Sugerencia|denuncia=Denuncia|felicitacion=Felicitación',
  docs: 'CC=Cédula de ciudadanía|TI=Tarjeta de identidad|CE=Cédula de extranjería|PPT=Permiso por protección temporal|PEP=Permiso especial de permanencia|CI=Cédula de identidad (Ecuador)|PA=Pasaporte|DNI=Documento de otro país|OTRO=Otro',
}
export type Dict = typeof es

// Checked against the Spanish, so a string missing in English fails the typecheck.
export const dicts = { es, en: english satisfies Omit<Dict, 'lang'> as Dict }

/** "a=A|b=B" lists: shorter in the bundle than arrays of objects. */
export const pairs = (list: string) =>
  list.split('|').map((p) => {
    const [value, label] = p.split('=')
    return { value, label }
  })

/**
 * The strings for `lang`: English is fetched once from the Cabildo server and kept on the device, so a
 * form reopened offline stays in English; with neither, Spanish (and `lang` says so).
 */
export async function strings(lang: Lang, base: string, store: Store): Promise<Dict> {
  if (lang !== 'en') return es
  try {
    const r = await fetch(`${base}/widget-en.json`)
    if (r.ok) store.set('en', await r.json())
  } catch {}
  return { ...es, ...store.get<Dict>('en') }
}
