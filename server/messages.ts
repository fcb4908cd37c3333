export type Lang = 'es' | 'en'

/** The closed list of error codes, each with its HTTP status and its message in both languages. */
export const errorCodes = {
  VALIDATION_ERROR: [400, 'Los datos enviados no son válidos.', 'The data sent is not valid.'],
  BAD_JSON: [400, 'El cuerpo de la solicitud no es JSON válido.', 'The request body is not valid JSON.'],
  BAD_REQUEST: [400, 'La solicitud no es válida.', 'The request is not valid.'],
  UNAUTHORIZED: [401, 'Inicie sesión para continuar.', 'Sign in to continue.'],
  INVALID_CREDENTIALS: [401, 'Correo o contraseña incorrectos.', 'Wrong e-mail or password.'],
  FORBIDDEN: [403, 'Su rol no permite esta acción.', 'Your role does not allow this action.'],
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
  INTERNAL_ERROR: [
    500,
    'Ocurrió un error interno. Intente de nuevo.',
    'An internal error occurred. Try again.',
  ],
} as const satisfies Record<string, readonly [number, string, string]>

export type ErrorCode = keyof typeof errorCodes

export function errorMessage(code: ErrorCode, lang: Lang): string {
  const [, es, en] = errorCodes[code]
  return lang === 'en' ? en : es
}
