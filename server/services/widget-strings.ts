import { formCss } from '../../web/widget/styles'
import type { Lang } from '../messages'

/**
 * The embeddable widget's own texts. They travel with the event (GET /api/events/:slug) in the request's
 * language instead of inside widget.js, which keeps the script within its size budget; the widget keeps
 * the bundle on the device, so a form reopened offline is still in its language. Only "loading", "could
 * not load" and "retry" are in widget.js itself (web/widget/i18n.ts). The labels of the attendance and
 * question forms' fields come with those forms (`fixedForms`, ../schemas/fixed-forms.ts).
 */
const es = {
  asistencia: 'Asistencia',
  evaluacion: 'Evaluación',
  pregunta: 'Pregunta',
  forms: 'Formularios del evento',
  retry: 'Reintentar',
  requiredNote: 'Los campos marcados con * son obligatorios.',
  errRequired: 'Responda esta pregunta.',
  errSummary: 'Revise: ',
  otherText: '¿Cuál?',
  send: 'Enviar',
  sending: 'Enviando…',
  queued:
    'Guardado en este dispositivo, aún sin enviar: se enviará cuando vuelva la conexión, con esta página abierta. Si la cierra, vuelva a abrirla para enviarlo.',
  // The same when the server answered that it is busy (a 503, a 429): the connection is fine.
  busy: 'Guardado en este dispositivo, aún sin enviar: el servicio está ocupado en este momento y se enviará automáticamente en unos minutos, con esta página abierta. Si la cierra, vuelva a abrirla para enviarlo.',
  // Said after "Reintentar" when it still could not be sent.
  notYet: 'Todavía no se pudo enviar. Sigue guardado en este dispositivo y se intentará de nuevo.',
  // The same, where the browser keeps nothing (some in-app browsers, private modes): closing loses it.
  keepOpen:
    'Este navegador no permite guardarlo en el dispositivo: no cierre esta página; se enviará al reconectar.',
  // Followed by a link to the event's page (eventPage), where the same form can be sent.
  refused: 'Este formulario no se puede enviar desde este sitio y no se envió. Llénelo en',
  sensitive: 'Dato sensible: responder es opcional.',
  // Under a text that reached its limit, followed by the limit ("…: 4000").
  maxed: 'Llegó al límite: lo que escriba o pegue de más no se guarda. Caracteres permitidos: ',
  doneA: '¡Gracias! Su asistencia quedó registrada.',
  // The same person again (the server answers 200 with alreadyRegistered): the first registration stands.
  doneA2:
    'Ya estaba registrado(a) en este evento: su primer registro sigue vigente. Si no tiene a mano su código de ingreso, pida ayuda en la entrada.',
  code: 'Su código de ingreso, para mostrar en la entrada:',
  doneS: '¡Gracias por responder la encuesta!',
  doneQ: 'Su pregunta quedó radicada con el número',
  received: 'Recibida',
  due: 'Fecha máxima de respuesta',
  lookup: 'Consulte su estado y su constancia en',
  eventPage: 'la página del evento',
  again: 'Registrar a otra persona',
  askAgain: 'Hacer otra pregunta',
  // Before the name of an earlier person (the first words of their question) whose submission the server
  // refused after the form was emptied for the next one; then why, with the two buttons.
  refusedA: 'No se pudo registrar a',
  refusedQ: 'No se pudo radicar la pregunta',
  fix: 'Corregir',
  discard: 'Descartar',
  // Above the confirmations this device showed before "Hacer otra pregunta" or "Registrar a otra persona".
  pastQ: 'Sus radicados anteriores en este dispositivo:',
  pastA: 'Códigos de ingreso anteriores en este dispositivo:',
  toSurvey: 'Responder la encuesta',
  toQuestion: 'Hacer una pregunta',
  // Above a form that takes no answers (closed by staff, or not opened yet), shown shut with what was typed.
  closed: 'Este formulario no recibe respuestas en este momento.',
  // Above a form of an event that has ended: it is still shown shut, with what was typed, kept on the device.
  ended: 'Este evento ya terminó: este formulario no recibe más envíos.',
  // A final refusal whose answer says nothing: never an empty message. {status} is its HTTP status.
  failed: 'El servidor no pudo atender la solicitud (HTTP {status}). Intente más tarde.',
  // A survey refused for a question it did not have: staff changed the questions since it was read.
  formChanged:
    'Las preguntas de este formulario cambiaron mientras lo respondía: revíselas y envíelo de nuevo.',
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
  errSummary: 'Check: ',
  otherText: 'Which one?',
  send: 'Send',
  sending: 'Sending…',
  queued:
    'Saved on this device, not sent yet: it will be sent when the connection is back, with this page open. If you close it, open it again to send it.',
  busy: 'Saved on this device, not sent yet: the service is busy right now and it will be sent automatically in a few minutes, with this page open. If you close it, open it again to send it.',
  notYet: 'Still not sent. It is still saved on this device and will be tried again.',
  keepOpen:
    'This browser does not let it be saved on the device: keep this page open; it will be sent when you reconnect.',
  refused: 'This form cannot be sent from this site, and it was not sent. Fill it in on',
  sensitive: 'Sensitive data: answering is optional.',
  maxed: 'You have reached the limit: anything more you type or paste is not kept. Characters allowed: ',
  doneA: 'Thank you! Your attendance is registered.',
  doneA2:
    'You were already registered for this event: your first registration stands. If you do not have your entry code at hand, ask for help at the door.',
  code: 'Your entry code, to show at the door:',
  doneS: 'Thank you for answering the survey!',
  doneQ: 'Your question was filed under number',
  received: 'Received',
  due: 'Answer due by',
  lookup: 'Check its status and its receipt on',
  eventPage: "the event's page",
  again: 'Register someone else',
  askAgain: 'Ask another question',
  refusedA: 'Could not register',
  refusedQ: 'Could not file the question',
  fix: 'Correct it',
  discard: 'Dismiss',
  pastQ: 'Your earlier filing numbers on this device:',
  pastA: 'Earlier entry codes on this device:',
  toSurvey: 'Answer the survey',
  toQuestion: 'Ask a question',
  closed: 'This form is not taking answers at the moment.',
  ended: 'This event has ended: this form takes no more submissions.',
  failed: 'The server could not take the request (HTTP {status}). Try again later.',
  formChanged:
    'The questions of this form changed while you were answering it: check them and send it again.',
}

/** The widget's texts in `lang`, with the forms' styles (web/widget/styles.ts says why they travel here). */
export const widgetStrings = (lang: Lang) => ({ ...(lang === 'en' ? en : es), css: formCss })
export type WidgetStrings = ReturnType<typeof widgetStrings>
