import { defineConfig, type Plugin, type UserConfig } from 'vite'

/**
 * Two builds into web/dist, both served by the app (Node: server/node.ts; Workers: [assets]):
 *   `vite build`             the embeddable widget, library mode: one classic-script file, widget.js
 *   `vite build --mode app`  the app's own pages (the attendee page, the console), ES modules in app/
 * An IIFE cannot have several entries, hence the two modes. Then server/write-asset-headers.ts writes
 * web/dist/_headers, the headers Workers send with these files.
 */
const outDir = 'web/dist'
// In-app browsers run the system WebView: ES2020 syntax covers iOS 13.4+ and Android WebView 80+
// (2020); lower targets double the widget's size with helpers. APIs newer than that are feature-tested.
const target = 'es2020'
// The classic h() calls are smaller than the automatic runtime's jsx(): every byte counts in the widget.
const oxc = {
  jsx: { runtime: 'classic' as const, pragma: 'h', pragmaFrag: 'Fragment', development: false },
  jsxInject: "import { h, Fragment } from 'preact'",
}

/** One line per page script of the app. */
export const appEntries: Record<string, string> = {
  page: 'web/page/main.tsx',
  console: 'web/console/main.tsx',
}

/**
 * Property names shortened to a letter or two all through widget.js: Preact's internals (`__k`, `__e`…,
 * what its own build left of `_children` and the like), the methods it calls on components (`setState`,
 * `componentDidMount`, `render`…) and the members it gives them and refs (`base`, `context`, `current`),
 * about 170 bytes gzipped; then the widget's own members, props and state that only its modules pass
 * between them (the outbox's, the stores', FormView's, Widget's `poll`…), 45 more. Only names that
 * nothing outside widget.js reads or writes belong here, and no name the browser gives (`set`, `go`,
 * `alert`…: a renamed `map.set()` breaks on the device alone): never a property of the server's JSON
 * (test/widget-size.test.ts checks the event, receipts and refusals, `strings` included), of what the
 * device stores (an outbox job's fields), of the DOM or of `Cabildo.mount`'s options (so not `state` nor
 * `event`). `props` is Preact's own, of its elements and components, none of which leaves widget.js (the
 * attendee page and the console have their own Preact, in another bundle). The minifier gives no mangled
 * name that another property already uses.
 */
export const mangleProps = {
  include:
    /^(__[a-zA-Z]?|_sb|__html|setState|forceUpdate|render|component(Did|Will)(Mount|Update|Unmount|ReceiveProps|Catch)|shouldComponentUpdate|getSnapshotBeforeUpdate|getDerivedStateFrom(Props|Error)|getChildContext|contextType|defaultProps|debounceRendering|vnode|diffed|unmount|settle|failure|flush|watch|keeps|session|store|box|errors|say|wait|context|base|current|poll|stored|held|job|props|fresh|redraft)$/,
}

/**
 * Three things Preact does that the widget never asks of it, cut out of its build of widget.js only
 * (the attendee page and the console keep the whole of Preact): style objects (`style={{…}}`, with
 * Preact's table of unitless properties), SVG and MathML elements, and `dangerouslySetInnerHTML`.
 * About 290 bytes of the widget's 10 KB, gzipped. Each cut is an exact text of Preact's own build, and
 * the build fails when one is not found once, as after an upgrade of Preact that changed it: then the
 * cuts are made again on the new text, or dropped. test/widget-size.test.ts checks that no widget module
 * uses any of the three; a string `style`, the only one it could use, still works.
 */
const preactCuts: [what: string, from: string, to: string][] = [
  [
    'style objects: a style is set as a string',
    'if("style"==l)if("string"==typeof u)n.style.cssText=u;else{if("string"==typeof t&&(n.style.cssText=t=""),t)for(l in t)u&&l in u||z(n.style,l,"");if(u)for(l in u)t&&u[l]==t[l]||z(n.style,l,u[l])}else if(',
    'if("style"==l)n.style.cssText=null==u?"":u;else if(',
  ],
  [
    "SVG's attribute names",
    'if("http://www.w3.org/2000/svg"==i)l=l.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(',
    'if(',
  ],
  [
    "SVG's and MathML's namespaces",
    'if("svg"==x?o="http://www.w3.org/2000/svg":"math"==x?o="http://www.w3.org/1998/Math/MathML":o||(o="http://www.w3.org/1999/xhtml"),null!=e)',
    'if(o||(o="http://www.w3.org/1999/xhtml"),null!=e)',
  ],
  ["SVG's foreignObject", '"foreignObject"==x?"http://www.w3.org/1999/xhtml":o', 'o'],
  [
    'dangerouslySetInnerHTML, on hydration',
    '"dangerouslySetInnerHTML"==s?p=y:"children"==s',
    '"children"==s',
  ],
  ['dangerouslySetInnerHTML, as a prop', '"dangerouslySetInnerHTML"==s?h=y:"value"==s', '"value"==s'],
  [
    'dangerouslySetInnerHTML, its HTML set',
    'if(h)c||p&&(h.__html==p.__html||h.__html==u.innerHTML)||(u.innerHTML=h.__html),t.__k=[];else if(p&&(u.innerHTML=""),L(',
    'if(L(',
  ],
]

/** The plugin that makes the cuts in Preact's module (`preact/dist/preact.mjs`, as the widget imports it). */
function trimPreact(): Plugin {
  return {
    name: 'cabildo:trim-preact',
    transform(code, id) {
      if (!/[\\/]preact[\\/]dist[\\/]preact\.(mjs|module\.js)$/.test(id)) return null
      let out = code
      for (const [what, from, to] of preactCuts) {
        const at = out.indexOf(from)
        if (at < 0 || out.indexOf(from, at + 1) >= 0)
          throw new Error(
            `vite.config.ts: Preact's build no longer has the text of "${what}" once; make the cut again on its new text, or drop it.`,
          )
        out = out.slice(0, at) + to + out.slice(at + from.length)
      }
      return { code: out, map: null }
    },
  }
}

const widget: UserConfig = {
  oxc,
  // What of Preact the widget never uses, cut from its build (`trimPreact`).
  plugins: [trimPreact()],
  publicDir: false,
  build: {
    target,
    outDir,
    emptyOutDir: false,
    reportCompressedSize: false,
    rolldownOptions: {
      // Class fields as plain assignments: lowered to es2020 they would otherwise pull in defineProperty helpers.
      transform: { assumptions: { setPublicClassFields: true } },
      // Every constant a module imports written in place (the states of a form, FormView; the styles), not
      // only those tested in a condition: fewer names, fewer bytes.
      optimization: { inlineConst: true },
      output: { minify: { compress: { target }, mangle: true, mangleProps } },
    },
    lib: {
      entry: 'web/widget/embed.ts',
      name: 'CabildoWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
}

const app: UserConfig = {
  oxc,
  publicDir: false,
  build: {
    target,
    outDir: `${outDir}/app`,
    emptyOutDir: true,
    reportCompressedSize: false,
    rollupOptions: {
      input: appEntries,
      output: { entryFileNames: '[name].js', chunkFileNames: 'shared-[hash].js', format: 'es' },
    },
  },
}

export default defineConfig(({ mode }) => (mode === 'app' ? app : widget))
