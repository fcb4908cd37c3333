export type Lang = 'es' | 'en'

/** The closed list of error codes, each with its HTTP status and its message in both languages. */
export const errorCodes = {
  VALIDATION_ERROR: [400, 'Los datos enviados no son válidos.', 'The data sent is not valid.'],
  BAD_JSON: [400, 'El cuerpo de la solicitud no es JSON válido.', 'The request body is not valid JSON.'],
  BAD_REQUEST: [400, 'La solicitud no es válida.', 'The request is not valid.'],
  UNAUTHORIZED: [401, 'Inicie sesión para continuar.', 'Sign in to continue.'],
  INVALID_CREDENTIALS: [401, 'Correo o contraseña incorrectos.', 'Wrong e-mail or password.'],
  FORBIDDEN: [403, 'Su rol no permite esta acción.', 'Your role does not allow this action.'],
  OUT_OF_SCOPE: [
    403,
    'Este evento es de una entidad que no está asignada a su usuario; pida a un administrador que se la asigne.',
    'This event belongs to an entity your user is not assigned to; ask an admin to assign it to you.',
  ],
  PASSWORD_CHANGE_REQUIRED: [
    403,
    'Cambie primero la contraseña que le entregaron: hasta entonces su sesión solo puede cambiarla o cerrarse.',
    'First change the password you were given: until then your session can only change it or sign out.',
  ],
  NOT_FOUND: [404, 'No encontramos lo que busca.', 'Not found.'],
  EVENT_NOT_FOUND: [404, 'No existe un evento con esa dirección.', 'There is no event at that address.'],
  METHOD_NOT_ALLOWED: [405, 'Método no permitido.', 'Method not allowed.'],
  CONFLICT: [
    409,
    'La solicitud entra en conflicto con el estado actual.',
    'The request conflicts with the current state.',
  ],
  SLUG_TAKEN: [
    409,
    'Ya existe un evento con esa dirección (slug).',
    'An event with that slug already exists.',
  ],
  EMAIL_TAKEN: [409, 'Ya existe un usuario con ese correo.', 'A user with that e-mail already exists.'],
  EVENT_CLOSED: [
    409,
    'El evento está cerrado y ya no recibe envíos.',
    'The event is closed and takes no more submissions.',
  ],
  QUESTION_NOT_FOUND: [404, 'No existe esa pregunta.', 'There is no such question.'],
  RADICADO_NOT_FOUND: [404, 'No hay ninguna PQRSD con ese radicado.', 'There is no PQRSD with that number.'],
  COMMITMENT_NOT_FOUND: [404, 'No existe ese compromiso.', 'There is no such commitment.'],
  WEBHOOK_NOT_FOUND: [404, 'No existe ese webhook.', 'There is no such webhook.'],
  CALENDAR_DAY_NOT_FOUND: [
    404,
    'No hay ningún día registrado en el calendario en esa fecha.',
    'No day is recorded in the calendar on that date.',
  ],
  CALENDAR_UNCHANGED: [
    409,
    'El calendario ya dice eso de ese día.',
    'The calendar already says that of that day.',
  ],
  AREA_UNKNOWN: [
    422,
    'Esa área o dependencia no existe en la entidad.',
    'That area does not exist in the entity.',
  ],
  QUESTION_CHANGED: [
    409,
    'Otro moderador cambió esta pregunta mientras tanto; revise su estado actual antes de volver a intentarlo.',
    'Another moderator changed this question meanwhile; check its current state before trying again.',
  ],
  PETITION_ANONYMOUS: [
    409,
    'Es una petición anónima: no guarda datos de nadie que corregir.',
    'It is an anonymous petition: it holds no one’s data to correct.',
  ],
  ADMIN_NOT_SCOPED: [
    400,
    'Un administrador maneja toda la instalación: no se le asignan entidades. Para limitarlo a algunas, dele el rol de moderador o analista.',
    'An admin manages the whole installation: no entities are assigned to it. To limit it to some, make it a moderator or analyst.',
  ],
  UNKNOWN_ENTITY: [
    400,
    'Una de las entidades indicadas no existe en esta instalación.',
    'One of the entities given does not exist in this installation.',
  ],
  LAST_ADMIN: [
    409,
    'Es el único administrador activo: dé antes el rol de administrador a otra persona del equipo, o Cabildo quedaría sin quien administre usuarios, copias y titulares de datos.',
    'This is the only active admin: make another staff member an admin first, or Cabildo would be left with no one to manage users, backups and data holders.',
  ],
  COMMITMENT_CHANGED: [
    409,
    'Otra persona del equipo cambió este compromiso mientras usted lo editaba; revise su estado actual antes de guardar de nuevo.',
    'Another staff member changed this commitment while you were editing it; check its current state before saving again.',
  ],
  ALREADY_IN_STATUS: [
    409,
    'La pregunta ya está en ese estado; quizá otro moderador se adelantó.',
    'The question is already in that status; another moderator may have got there first.',
  ],
  STATUS_TRANSITION: [
    409,
    'La pregunta no puede pasar de su estado actual al estado pedido.',
    'The question cannot move from its current status to the one requested.',
  ],
  EXTENSION_NOT_ALLOWED: [
    422,
    'La prórroga debe avisarse antes del vencimiento y su nueva fecha no puede pasar del doble del término.',
    'An extension must be notified before the due date and cannot exceed twice the legal term.',
  ],
  INCOMPLETE_NOT_ALLOWED: [
    422,
    'El requerimiento para completar la petición se hace una vez, dentro de los 10 días hábiles siguientes a su radicación; el desistimiento, vencido el plazo dado al peticionario.',
    'A petition is returned to be completed once, within 10 business days of filing; it is deemed withdrawn only once the time given to the petitioner has run out.',
  ],
  DESISTANCE_NOT_ALLOWED: [
    422,
    'El desistimiento del peticionario se registra en una petición cuyo término corre o está suspendido, con una fecha entre la radicación y hoy, y que la entidad no haya continuado de oficio.',
    'A petitioner’s withdrawal is recorded on a petition whose term runs or is suspended, dated between filing and today, and that the entity has not continued ex officio.',
  ],
  MERGE_INVALID: [
    409,
    'No se puede unir esa pregunta con la indicada.',
    'That question cannot be merged into the one given.',
  ],
  QUESTION_NOT_PUBLIC: [
    409,
    'Esa pregunta no está publicada en el muro.',
    'That question is not on the public wall.',
  ],
  RADICADO_PREFIX_TAKEN: [
    409,
    'Otra entidad ya usa ese prefijo de radicado; elija otro.',
    'Another entity already uses that radicado prefix; choose another.',
  ],
  RADICADO_PREFIX_IN_USE: [
    409,
    'La serie de radicados de ese año ya empezó y conserva su prefijo hasta el 31 de diciembre. Programe el prefijo nuevo para el año siguiente (radicadoPrefixNext): lo tomará su primer radicado.',
    "That year's radicado series has already begun and keeps its prefix until 31 December. Schedule the new prefix for the next year (radicadoPrefixNext): its first radicado will take it.",
  ],
  ENTITY_COUNTRY_MISMATCH: [
    409,
    'Esa entidad ya está registrada en otro país; sus términos y su serie de radicados son los de ese país.',
    "That entity is already registered in another country; its terms and radicado series are that country's.",
  ],
  ENTITY_NIT_TAKEN: [
    409,
    // Thrown with the words of the entity's country (server/services/nit.ts `taxIdTaken`).
    'Otra entidad ya está registrada con una identificación tributaria de esos mismos dígitos; revise el número.',
    'Another entity is already registered with a tax id of those same digits; check the number.',
  ],
  FORM_NOT_FOUND: [404, 'El evento no tiene ese formulario.', 'The event has no such form.'],
  FORM_KEY_TAKEN: [
    409,
    'El evento ya tiene un formulario con esa clave.',
    'The event already has a form with that key.',
  ],
  FORM_CLOSED: [409, 'Este formulario ya no recibe respuestas.', 'This form no longer takes responses.'],
  ALREADY_RESPONDED: [
    409,
    'Ya se recibió una respuesta de esta persona o este dispositivo.',
    'A response from this person or device was already received.',
  ],
  CONSENT_OUTDATED: [
    409,
    'El aviso de privacidad cambió. Léalo de nuevo y vuelva a aceptarlo.',
    'The privacy notice has changed. Read it again and accept it again.',
  ],
  PERSON_ALREADY_REGISTERED: [
    409,
    'Esa persona ya tiene otro registro en este evento con ese documento o correo; no se cambió nada.',
    'That person already has another registration at this event with that document or e-mail; nothing was changed.',
  ],
  EVENT_NOT_OPEN: [
    409,
    'El evento aún es un borrador: un administrador debe abrirlo antes de registrar ingresos.',
    'The event is still a draft: an admin must open it before check-ins are recorded.',
  ],
  ATTENDEE_NOT_FOUND: [
    404,
    'No hay ningún registro con ese código.',
    'There is no registration with that code.',
  ],
  EVENT_NOT_CLOSED: [
    409,
    'El evento aún no está cerrado: los datos personales de sus asistentes se anonimizan solo después del cierre.',
    "The event is not closed yet: its attendees' personal data is anonymised only after it closes.",
  ],
  REGISTRATION_ANONYMIZED: [
    409,
    'Este registro fue anonimizado: ya no guarda datos personales que corregir ni suprimir.',
    'This registration was anonymised: it holds no personal data left to correct or delete.',
  ],
  CHECKIN_CHANGED: [
    409,
    'Ese ingreso ya no es el que se vio: se deshizo y se registró de nuevo mientras tanto. Nada cambió.',
    'That check-in is no longer the one seen: it was undone and made again meanwhile. Nothing changed.',
  ],
  REPORT_NOT_PUBLISHED: [
    404,
    'La entidad aún no ha publicado el informe de este evento.',
    'The entity has not published this event’s report yet.',
  ],
  RESULTS_EMBARGOED: [403, 'Los resultados aún no son públicos.', 'The results are not public yet.'],
  IDEMPOTENCY_CONFLICT: [
    422,
    'Esa clave de idempotencia ya se usó con otros datos.',
    'That idempotency key was already used with different data.',
  ],
  PAYLOAD_TOO_LARGE: [413, 'La solicitud es demasiado grande.', 'The request is too large.'],
  UNSUPPORTED_MEDIA_TYPE: [
    415,
    'Envíe los datos como application/json.',
    'Send the data as application/json.',
  ],
  UNPROCESSABLE: [422, 'La solicitud no se puede procesar.', 'The request cannot be processed.'],
  RATE_LIMITED: [
    429,
    'Demasiadas solicitudes. Intente de nuevo en un momento.',
    'Too many requests. Try again shortly.',
  ],
  LOGIN_THROTTLED: [
    429,
    'Demasiados intentos fallidos de inicio de sesión. Espere antes de intentar de nuevo.',
    'Too many failed sign-in attempts. Wait before trying again.',
  ],
  ORIGIN_NOT_ALLOWED: [
    403,
    'Este evento no acepta envíos desde el sitio de origen. La entidad debe autorizarlo (allowedOrigins).',
    'This event does not accept submissions from the originating site. The entity must allow it (allowedOrigins).',
  ],
  REQUEST_HEADER_FIELDS_TOO_LARGE: [
    431,
    'Los encabezados de la solicitud son demasiado grandes.',
    'The request headers are too large.',
  ],
  INTERNAL_ERROR: [
    500,
    'Ocurrió un error interno. Intente de nuevo.',
    'An internal error occurred. Try again.',
  ],
  UNAVAILABLE: [
    503,
    'El servicio está ocupado o reiniciándose. Intente de nuevo en unos segundos.',
    'The service is busy or restarting. Try again in a few seconds.',
  ],
} as const satisfies Record<string, readonly [number, string, string]>

export type ErrorCode = keyof typeof errorCodes

export function errorMessage(code: ErrorCode, lang: Lang): string {
  const [, es, en] = errorCodes[code]
  return lang === 'en' ? en : es
}

/** A message in both languages. */
export type Said = { es: string; en: string }

const english = new Map<string, string>()

/**
 * A fixed validation message written where a schema needs one string: returns the Spanish (what zod
 * carries, and the default) and keeps the English, which the envelope gives for `Accept-Language: en`.
 * Only for messages fixed at module load; a message built from values is a `Said` pair instead.
 */
export function said(es: string, en: string): string {
  english.set(es, en)
  return es
}

/** An issue's message in the request's language. */
export const inLang = (message: string | Said, lang: Lang): string =>
  typeof message === 'string' ? (lang === 'en' ? (english.get(message) ?? message) : message) : message[lang]
