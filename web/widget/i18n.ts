import type { Lang, WidgetStrings } from '../shared/api'

/**
 * The widget's texts. They come with the event (GET /api/events/:slug, `strings`) in the widget's
 * language, like the survey's labels, and are kept on the device with it for reopening offline.
 */
export type Dict = WidgetStrings

/**
 * The only texts in widget.js: those shown before the event arrives, or when it cannot: loading, could
 * not load, retry. A list, not an object: their names would ship too.
 */
export const boot = (lang: Lang) =>
  lang === 'en'
    ? ['Loading…', "Couldn't load. Check your connection.", 'Try again']
    : ['Cargando…', 'No se pudo cargar. Revise su conexión.', 'Reintentar']
