// Mobile first; the same palette as the widget so the page and the embedded forms read as one.
// At 200 % zoom on a 360 px phone the page is 180 CSS px wide: what staff typed (an e-mail, a link in the
// description) breaks anywhere rather than scroll the page sideways, and so, at that width only, does the
// widget's text (inherited into its shadow root: an option such as "Desempleado(a)" beside its radio), so
// that its short choices keep their words at any usual width. A heading's word wider than the screen
// ("Compromisos" on a 320 px phone at 200 %) breaks. The lookup's button goes under its field.
export const pageCss = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f4f6f9}
header,main>section,footer{max-width:42rem;margin:0 auto;padding:1rem}
header{background:#fff;border-bottom:4px solid #0b5394}
main>section{background:#fff;margin-top:.75rem}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 .75rem}
h2{font-size:1.25rem;margin:0 0 .75rem}h1,h2{overflow-wrap:break-word}
.entity{margin:0;color:#4a4a4a;font-weight:600}
.banner{padding:.5rem .75rem;background:#fff4d6;border-left:4px solid #8a5a00;color:#4d3300}
.facts{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:0 0 .75rem}.facts dt{font-weight:600}.facts dd{margin:0}
a{color:#0b5394}
.button,button{display:inline-flex;align-items:center;justify-content:center;min-height:44px;padding:.5rem 1rem;border-radius:8px;
border:2px solid #0b5394;background:#0b5394;color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
button.s{background:#fff;color:#0b5394}button[aria-pressed=true]{background:#0b5394;color:#fff}
.about{white-space:pre-line}
summary{min-height:44px;display:flex;align-items:center;gap:.5em;cursor:pointer;font-weight:600}
summary::before{content:"▸";content:"▸"/""}
details[open]>summary::before{content:"▾";content:"▾"/""}
label{display:block;font-weight:600}
.help{color:#4a4a4a;font-size:.9rem;margin:.25rem 0}
.inline{display:flex;flex-wrap:wrap;gap:.5rem}.inline input{flex:1 1 8rem;min-width:0}
input[type=text]{min-height:44px;padding:.5rem .75rem;font:inherit;border:1px solid #6b6b6b;border-radius:8px}
:focus{outline:3px solid #0b5394;outline-offset:2px}:focus:not(:focus-visible){outline:none}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
cabildo-form{display:block;margin:0 -1rem}
.wall,.commitments{list-style:none;margin:0;padding:0}.wall li,.commitments li{border-top:1px solid #d0d5dd;padding:.75rem 0}
.meta{color:#4a4a4a;font-size:.9rem;margin:0 0 .25rem}.pin{color:#8a3b00;font-weight:700}
.q{margin:0 0 .5rem;white-space:pre-wrap}.q,.answer{overflow-wrap:anywhere}.answer{margin:.5rem 0;padding:.5rem .75rem;background:#eef4fb;border-left:4px solid #0b5394}
.live{font-size:.9rem;color:#4a4a4a}
.result{margin:0 0 1rem}.result ul{list-style:none;padding:0;margin:.25rem 0}.result li{margin:.25rem 0}
.bar{display:block;height:.75rem;background:#0b5394;border-radius:4px;min-width:2px}
footer{font-size:.9rem;color:#4a4a4a}
.about,footer{overflow-wrap:anywhere}
@media (max-width:15rem){cabildo-form{overflow-wrap:anywhere}}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.err{color:#b3261e;font-weight:600}
@media (max-width:30rem){.facts{grid-template-columns:1fr;gap:0}.facts dd{margin:0 0 .4rem}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}`
