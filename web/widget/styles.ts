/**
 * The widget's only CSS, scoped by its shadow root. Embedders theme it with custom properties on the
 * host element: --cabildo-accent, --cabildo-text, --cabildo-bg, --cabildo-error, --cabildo-radius,
 * --cabildo-font. The defaults keep at least 4.5:1 contrast on white. Nothing moves (no transition, no
 * animation), so prefers-reduced-motion has nothing to turn off. Each line ends in `\`, a line
 * continuation: the string itself has no line breaks to ship.
 *
 * `css` is what widget.js carries: what shows before the event arrives (loading, could not load, retry:
 * a secondary button, with its focus ring; its hiding on a pointer's press comes with the forms).
 * `formCss` styles the forms, which come with the event: it travels with them, in the widget's texts
 * (server/services/widget-strings.ts, `strings.css`), and the widget adds it once the event is there,
 * which keeps widget.js within its size budget. A radicado or a check-in code (`strong`) goes whole to a
 * line of its own, and breaks inside only where it is wider than the form (a phone at 200 % zoom); the
 * check-in QR shrinks there too: nowhere is the code cut or the page scrolled sideways. `.v` is text for
 * screen readers only (an "Otra" box's question).
 */
export const css = `:host{display:block}\
.cb{--a:var(--cabildo-accent,#0b5394);\
font:16px/1.5 var(--cabildo-font,system-ui,sans-serif);color:var(--cabildo-text,#1b1b1b);background:var(--cabildo-bg,#fff);padding:1rem;max-width:40rem}\
button{font:inherit;padding:.5rem 1rem;border:2px solid var(--a);background:#fff;color:var(--a);font-weight:600;border-radius:var(--cabildo-radius,8px);min-height:44px}\
:focus{outline:3px solid var(--a);outline-offset:2px}`

export const formCss = `:focus:not(:focus-visible){outline:0}*{box-sizing:border-box}input,select,textarea{font:inherit;color:inherit}button{background:var(--a);color:#fff}.s,[aria-pressed=false]{background:#fff;color:var(--a)}\
.cb{--r:var(--cabildo-radius,8px);--e:var(--cabildo-error,#b3261e);--b:1px solid #6b6b6b;overflow-wrap:anywhere}h1,h2,h3,h4,h5,h6{font-size:1.25rem;margin:0 0 .5rem}strong{display:inline-block}img{max-width:100%;height:auto}\
.f{margin:0 0 1.25rem;padding:0;border:0;min-width:0}\
label,legend{display:block;padding:0}label,legend,dt,.e,.k{font-weight:600}\
.h{color:#4a4a4a;font-size:.9rem;margin:.25rem 0}\
.q,.e{color:var(--e)}.e:empty{display:none}\
.t{width:100%;margin-top:.25rem;padding:.5rem;background:#fff;border:var(--b)}\
.t,.o,.x,.k{border-radius:var(--r);min-height:44px}\
.o{display:flex;gap:.75rem;align-items:center;padding:.25rem .5rem;font-weight:400}\
.o input{flex:none;width:1.25rem;height:1.25rem;margin:0;accent-color:var(--a)}\
.w{display:flex;flex-wrap:wrap;gap:.5rem}.w .o{flex:1 1 4rem;justify-content:center;border:var(--b)}\
[aria-invalid=true]{border-color:var(--e);box-shadow:0 0 0 1px var(--e)}\
.n{margin-bottom:1rem}.n button{flex:auto;padding:.5rem .25rem}\
.x{max-height:12rem;overflow:auto;padding:0 .75rem;margin-bottom:.5rem;font-size:.9rem;border:var(--b)}.x ul{padding-left:1.25rem}\
.k{padding:1rem;border:2px dashed var(--a)}dd{margin:0 0 .5rem}a{color:var(--a)}\
.v{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}\
[disabled]{cursor:not-allowed}.t[disabled],button[disabled]{background:#eee;border-color:#6b6b6b;color:#1b1b1b}`
