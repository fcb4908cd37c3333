import type { WidgetStrings } from '../shared/api'

/**
 * The widget's texts. They come with the event (GET /api/events/:slug, `strings`) in the widget's
 * language, like the survey's labels, and are kept on the device with it for reopening offline.
 */
export type Dict = WidgetStrings

// The only texts in widget.js are those shown before the event arrives, or when it cannot (Widget).
