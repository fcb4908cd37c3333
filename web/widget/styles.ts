/**
 * The widget's only CSS, scoped by its shadow root. Embedders theme it with custom properties on the
 * host element: --cabildo-accent, --cabildo-text, --cabildo-bg, --cabildo-error, --cabildo-radius,
 * --cabildo-font. The defaults keep at least 4.5:1 contrast on white.
 */
export const css = `:host{display:block}
.cb{--a:var(--cabildo-accent,#0b5394);--e:var(--cabildo-error,#b3261e);--r:var(--cabildo-radius,8px);
font:16px/1.5 var(--cabildo-font,system-ui,sans-serif);color:var(--cabildo-text,#1b1b1b);background:var(--cabildo-bg,#fff);padding:1rem;max-width:40rem}
*{box-sizing:border-box}
h2{font-size:1.25rem;margin:0 0 .5rem}
.f{margin:0 0 1.25rem;padding:0;border:0;min-width:0}
label,legend{display:block;font-weight:600;padding:0}
.h{color:#4a4a4a;font-size:.9rem;margin:.25rem 0}
.q,.e{color:var(--e)}.e{font-weight:600}.e:empty{display:none}
input,select,textarea,button{font:inherit;color:inherit}
.t{display:block;width:100%;min-height:44px;margin-top:.25rem;padding:.5rem .75rem;background:#fff;border:1px solid #6b6b6b;border-radius:var(--r)}
.o{display:flex;gap:.75rem;align-items:center;min-height:44px;padding:.375rem .5rem;font-weight:400;border-radius:var(--r)}
.o input{flex:none;width:1.375rem;height:1.375rem;margin:0;accent-color:var(--a)}
.w{display:flex;flex-wrap:wrap;gap:.5rem}.w .o{flex:1 1 3.5rem;justify-content:center;border:1px solid #6b6b6b}
[aria-invalid=true]{border-color:var(--e);box-shadow:0 0 0 1px var(--e)}
button{min-height:44px;padding:.5rem 1rem;font-weight:600;border:2px solid var(--a);border-radius:var(--r);background:var(--a);color:#fff}
.s,[aria-pressed=false]{background:#fff;color:var(--a)}
.n{margin-bottom:1rem}.n button{flex:1 1 auto;padding:.5rem .25rem}
h2 strong{white-space:nowrap}
:focus{outline:3px solid var(--a);outline-offset:2px}:focus:not(:focus-visible){outline:0}
.x{max-height:12rem;overflow:auto;padding:0 .75rem;margin-bottom:.5rem;border:1px solid #6b6b6b;border-radius:var(--r);font-size:.9rem}
.k{padding:1rem;border:2px dashed var(--a);border-radius:var(--r);font-weight:600}
dt{font-weight:600}dd{margin:0 0 .5rem}a{color:var(--a)}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}`

let shared: CSSStyleSheet | undefined

/** One constructed sheet shared by every shadow root, or a <style> where that is unsupported. */
export function adopt(root: ShadowRoot) {
  try {
    if (!shared) {
      shared = new CSSStyleSheet()
      shared.replaceSync(css)
    }
    root.adoptedStyleSheets = [shared]
  } catch {
    const style = document.createElement('style')
    style.textContent = css
    root.appendChild(style)
  }
}
