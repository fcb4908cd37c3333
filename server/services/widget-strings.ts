import { documentLabels, pqrsdLabels, pqrsdTypes } from '../../db/enums'
import type { Lang } from '../messages'

/**
 * The embeddable widget's own texts. They travel with the event (GET /api/events/:slug) in the request's
 * language instead of inside widget.js, which keeps the script within its size budget; the widget keeps
 * the bundle on the device, so a form reopened offline is still in its language. Only "loading", "could
 * not load" and "retry" are in widget.js itself (web/widget/i18n.ts). The labels of the attendance and
 * question forms are also their fields' labels in `fixedForms` (../schemas/fixed-forms.ts), which the
 * widget reads; they stay in `strings`, which was published with them.
 */
const es = {
  asistencia: 'Asistencia',
  evaluacion: 'Evaluación',
  pregunta: 'Pregunta',
  forms: 'Formularios del evento',
  retry: 'Reintentar',
  requiredNote: 'Los campos marcados con * son obligatorios.',
  errRequired: 'Responda esta pregunta.',
  errEmail: 'Escriba un correo válido, p. ej. nombre@correo.com.',
  errConsent: 'Para registrarse, lea el aviso y autorice el tratamiento de datos.',
  errSummary: 'Revise: ',
  otherText: '¿Cuál?',
  send: 'Enviar',
  sending: 'Enviando…',
  queued: 'Guardado en este dispositivo; se enviará al reconectar.',
  // Followed by a link to the event's page (eventPage), where the same form can be sent.
  refused: 'Este formulario no se puede enviar desde este sitio y no se envió. Llénelo en',
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
}

// Typed against the Spanish, so a string missing in English fails the typecheck.
const en: Record<keyof typeof es, string> = {
  asistencia: 'Attendance',
  evaluacion: 'Evaluation',
  pregunta: 'Question',
  forms: "The event's forms",
  retry: 'Try again',
  requiredNote: 'Fields marked with * are required.',
  errRequired: 'Answer this question.',
  errEmail: 'Enter a valid e-mail, e.g. name@mail.com.',
  errConsent: 'To register, read the notice and authorise the processing of your data.',
  errSummary: 'Check: ',
  otherText: 'Which one?',
  send: 'Send',
  sending: 'Sending…',
  queued: 'Saved on this device; it will be sent when you reconnect.',
  refused: 'This form cannot be sent from this site, and it was not sent. Fill it in on',
  name: 'Full name',
  documentType: 'Document type',
  documentNumber: 'Document number',
  email: 'E-mail',
  phone: 'Phone',
  territory: 'Neighbourhood or district where you live',
  consent: 'I have read the notice and authorise the processing of my personal data.',
  guardianConsent: 'My legal guardian authorises this registration (under 18).',
  sensitive: 'Sensitive data: answering is optional.',
  doneA: 'Thank you! Your attendance is registered.',
  doneS: 'Thank you for answering the survey!',
  doneQ: 'Your question was filed under number',
  received: 'Received',
  due: 'Answer due by',
  lookup: 'Check its status on',
  eventPage: "the event's page",
  or: 'or at',
  again: 'Register someone else',
  askAgain: 'Ask another question',
  toSurvey: 'Answer the survey',
  toQuestion: 'Ask a question',
  type: 'Kind of request',
  text: 'Your question or request',
  anonymous: 'Send anonymously',
  anonymousNote: 'With no contact details, the answer is published under the filing number.',
  area: 'Office it is addressed to',
  anyArea: "Don't know / none",
  closed: 'This form is not available.',
}

const options = (labels: Record<string, { es: string; en: string }>, keys: readonly string[], lang: Lang) =>
  keys.map((value) => ({ value, label: labels[value][lang] }))

// An accountability event is mostly questions: that type comes first in the list.
const typeOrder = ['pregunta', ...pqrsdTypes.filter((k) => k !== 'pregunta')]

/** The widget's texts in `lang`, with the PQRSD types and the documents as the form's options. */
export const widgetStrings = (lang: Lang) => ({
  ...(lang === 'en' ? en : es),
  types: options(pqrsdLabels, typeOrder, lang),
  docs: options(documentLabels, Object.keys(documentLabels), lang),
})
export type WidgetStrings = ReturnType<typeof widgetStrings>
