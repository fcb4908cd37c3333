/** Where the constancia loads its print button's script from: this origin, as its CSP asks. */
export const PRINT_SCRIPT_PATH = '/constancia.js'

/**
 * The constancia's print button (server/services/constancia-render.ts): an in-app browser (WhatsApp,
 * Facebook) has no menu to print the page or save it as a PDF. The page runs no inline script, so this
 * file of the app's own origin shows the button and prints; a phone that runs no script keeps the page
 * as it is, and is never offered a button that does nothing.
 */
export const printButton = `'use strict'
var button = document.getElementById('print')
if (button) {
  button.hidden = false
  button.addEventListener('click', function () {
    window.print()
  })
}
`
