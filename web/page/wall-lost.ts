/**
 * The one script written into the attendee page itself (its CSP allows it by its hash, server/routes/
 * pages.tsx): the wall is drawn by the page's own script, /app/page.js, and a weak connection can lose it
 * or the chunk it imports, when nothing else of the page could say so. Once the page has loaded (a
 * script that failed counts as done), the page's script, when it ran, has taken the notice `#wall-lost`
 * away (main.tsx); while it is there, it is shown in place of "Cargando las preguntas… active JavaScript"
 * (words for a browser that runs no script), and the page's script is loaded again, under a new address
 * (a module that failed may be kept failed under its own), when the person asks or the connection
 * returns. Once it runs, it takes the notice away and draws the wall, the lookup and the rest.
 * Plain ES5 but for import(), which every browser that runs the page's module script has.
 */
export const wallLostScript = `addEventListener('load', function () {
  var lost = document.getElementById('wall-lost')
  if (!lost) return
  var said = lost.firstChild
  var button = lost.lastChild
  var text = said.textContent
  var tries = 0
  var busy = false
  function retry() {
    if (busy || !lost.parentNode) return
    busy = true
    said.textContent = lost.getAttribute('data-loading')
    button.setAttribute('aria-disabled', 'true')
    import('/app/page.js?retry=' + ++tries)
      .catch(function () {})
      .then(function () {
        busy = false
        said.textContent = text
        button.removeAttribute('aria-disabled')
      })
  }
  button.addEventListener('click', retry)
  addEventListener('online', retry)
  document.getElementById('wall').hidden = true
  lost.hidden = false
})`
