import type { Lang, WidgetStrings } from '../shared/api'

/**
 * The widget's texts. They come with the event (GET /api/events/:slug, `strings`) in the widget's
 * language, like the survey's labels, and are kept on the device with it for reopening offline.
 */
export type Dict = WidgetStrings

/** The only texts in widget.js: those shown before the event arrives, or when it cannot. */
export const boot: Record<Lang, { loading: string; loadFail: string; retry: string }> = {
  es: {
    loading: 'Cargando…',
    loadFail: 'No pudimos cargar el formulario. Revise su conexión.',
    retry: 'Reintentar',
  },
  en: {
    loading: 'Loading…',
    loadFail: "We couldn't load the form. Check your connection.",
    retry: 'Try again',
  },
}
