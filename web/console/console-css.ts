// The console's CSS, inlined by the server shell. Laptop first (moderators beside the stream), usable on
// a tablet at the door; colours keep 4.5:1 or more; the projector has its own large, dark layout.
// No system-ui in the font stack: some Linux setups (and OBS's browser) resolve it to a serif face.
// The moderation list of a national event holds thousands of cards: each is drawn only when near the
// screen (content-visibility; it stays in the page, its accessibility tree and find-in-page), and the list
// is a flex column, not a grid. With the cards' dates sharing their formatters, 5,000 cards show in 2.6 s
// instead of 10.3 (BENCH_CONSOLE_QUESTIONS=5000 npm run bench -- console).
// The moderation notes keep two lines each, whatever they say (a burst of arrivals is longer): grown, they
// pushed every card down under the moderator's pointer. The whole text stays for screen readers.
export const consoleCss = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:#1b1b1b;background:#f4f6f9}
a{color:#0b5394}h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .5rem}h2{font-size:1.3rem;margin:1.25rem 0 .75rem}h3{font-size:1.1rem;margin:0 0 .25rem}
main{max-width:72rem;margin:0 auto;padding:1rem 1.25rem 3rem}
.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem .8rem;padding:.5rem 1.25rem;background:#0b3d6e;color:#fff}
.top a{color:#fff}.top .brand{font-weight:700;margin:0;white-space:nowrap}.top nav{display:flex;flex-wrap:wrap;gap:0 .8rem}.top nav a{font-weight:600;white-space:nowrap}
.top .who{flex:1 1 0;min-width:11rem;display:flex;justify-content:flex-end;gap:.3em;margin:0;font-size:.9rem;white-space:nowrap}
.top .who .email{min-width:0;overflow:hidden;text-overflow:ellipsis}.top .who .role{flex:none}
.top button{min-height:36px;padding:.3rem .6rem;font-size:.9rem;white-space:nowrap}.top button.secondary{border-color:#fff}
button,.button{display:inline-flex;align-items:center;justify-content:center;min-height:40px;padding:.4rem .9rem;border-radius:6px;
border:2px solid #0b5394;background:#0b5394;color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
button.secondary{background:#fff;color:#0b5394}button[aria-pressed=true],button[aria-expanded=true]{background:#0b3d6e;color:#fff}
button:disabled{opacity:.6;cursor:default}
:focus{outline:3px solid #b35c00;outline-offset:2px}:focus:not(:focus-visible){outline:none}
input,select,textarea{font:inherit;color:inherit;min-height:40px;padding:.4rem .6rem;border:1px solid #6b6b6b;border-radius:6px;background:#fff;max-width:100%}
textarea{width:100%}label{font-weight:600}.field{display:flex;flex-direction:column;gap:.25rem;margin:0 0 .9rem}
.field input:not([type=checkbox]):not([type=radio]),.field select{width:100%;max-width:32rem}
label.inline{display:inline-flex;gap:.4rem;align-items:center;font-weight:400;margin:0 1rem .5rem 0;min-height:32px}
fieldset{border:1px solid #c4cad3;border-radius:6px;margin:0 0 1rem;padding:.5rem 1rem}legend{font-weight:700;padding:0 .25rem}
.hint,.meta{color:#4a4a4a;font-size:.9rem;margin:.1rem 0}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}.row.nowrap{flex-wrap:nowrap;white-space:nowrap}.stack{max-width:48rem}
.heading-row{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem}
.error{color:#b3261e;font-weight:600}.error:empty{display:none}
.problems{border:3px solid #b3261e;border-radius:6px;background:#fff;padding:.5rem 1rem;margin:0 0 1rem}.problems>:first-child{font-size:1.1rem;margin:0 0 .25rem}
.problems p{margin:0 0 .25rem}.problems ul{margin:0;padding-left:1.25rem}.problems a{color:#b3261e}.notice{padding:.5rem .75rem;background:#fff4d6;border-left:4px solid #8a5a00}
.note{min-height:1.5rem;color:#1d5e2c;font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #d0d5dd;vertical-align:top}
thead th{background:#e8edf3}.table-wrap{overflow-x:auto}
@media (max-width:47.99rem){table.stacked,.stacked thead,.stacked tbody,.stacked tr,.stacked th,.stacked td{display:block}
table.stacked{background:none}.stacked thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.stacked tbody tr{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:.5rem .75rem;margin:0 0 .75rem}
.stacked tbody th,.stacked td{border:0;padding:.2rem 0;overflow-wrap:anywhere}.stacked tbody th{font-size:1.05rem;border-bottom:1px solid #d0d5dd;padding-bottom:.4rem;margin-bottom:.3rem}
.stacked td[data-label]{display:grid;grid-template-columns:minmax(6.5rem,40%) 1fr;gap:.75rem}
.stacked td[data-label]::before{content:attr(data-label);content:attr(data-label)/"";font-weight:600;color:#4a4a4a}.stacked .cell-actions{padding-top:.5rem}}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#0b5394;padding:.5rem;z-index:2}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.login{max-width:26rem}.login form{background:#fff;padding:1rem 1.25rem;border-radius:8px;border:1px solid #d0d5dd}
.event-head{padding:.5rem 0}.event-head .entity{margin:0;color:#4a4a4a;font-weight:600}
.tabs{display:flex;flex-wrap:wrap;gap:.25rem;border-bottom:2px solid #0b5394;margin:.5rem 0 1rem}
.tabs a{padding:.5rem .8rem;border-radius:6px 6px 0 0;text-decoration:none;font-weight:600}.tabs a[aria-current=page]{background:#0b5394;color:#fff}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;margin:0}
.figures div{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:.75rem}.figures dt{font-size:.9rem;color:#4a4a4a}
.figures dd{margin:0;font-size:2rem;font-weight:700}
.figures dd.aside{font-size:.85rem;font-weight:400;color:#4a4a4a;margin-top:.25rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem}
.chart{margin:0;background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:.75rem}.chart figcaption{margin-bottom:.5rem}
.charts+h3{margin:1.25rem 0 .5rem}.chart ul.texts{margin:0;padding-left:1.25rem}.chart ul.texts li{margin:0 0 .3rem;overflow-wrap:anywhere}.bar{fill:#0b5394}.bar-label,.bar-value{font-size:14px;fill:#1b1b1b}.bar-value{font-weight:600}
.holder-data div{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.5rem}.holder-data dd{margin:0}.card{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:1rem;margin:0 0 1rem}
.badge{display:inline-block;font-size:.8rem;font-weight:700;padding:.05rem .45rem;border-radius:999px;background:#e8edf3;color:#1b1b1b;vertical-align:middle}
.badge.on-screen{background:#8a3b00;color:#fff}.badge.overdue{background:#a4262c;color:#fff}.badge.due-today{background:#8a5a00;color:#fff}
.live-state{font-weight:700;margin:0}.live-state.live{color:#1d5e2c}.live-state.reconnecting,.live-state.unauthorized{color:#b3261e}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}.counts div{background:#fff;border:1px solid #d0d5dd;border-radius:6px;padding:.25rem .6rem}
.counts dt{display:inline;font-size:.9rem}.counts dd{display:inline;margin:0 0 0 .4rem;font-weight:700}
.filters{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end;background:#fff}.filters .field{margin:0 0 .5rem}.filters .sort{border:0;padding:0;margin:0}
.filters .field select{max-width:14rem}
.reorder{display:flex;align-items:center}.reorder.reserved{min-height:2.625rem;margin:0 0 .5rem}
.notes{display:flex;flex-wrap:wrap;gap:0 1.5rem;margin:.5rem 0}.notes .note{flex:1 1 20rem;margin:0;height:3em;overflow:hidden;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2}
.questions{display:flex;flex-direction:column;gap:.75rem}
.question{content-visibility:auto;contain-intrinsic-size:auto 11rem;background:#fff;border:1px solid #d0d5dd;border-left:6px solid #6b6b6b;border-radius:8px;padding:.75rem 1rem}
.question.status-received{border-left-color:#b35c00}.question.status-approved{border-left-color:#1d5e2c}.question.status-hidden{opacity:.8;border-left-color:#4a4a4a}
.question.pinned{box-shadow:0 0 0 3px #8a3b00}.question .text{font-size:1.1rem;white-space:pre-wrap;margin:.25rem 0;overflow-wrap:anywhere}
.question .answer{background:#eef4fb;border-left:4px solid #0b5394;padding:.4rem .6rem}
.question .clamped{display:-webkit-box;-webkit-box-orient:vertical;overflow:hidden}.question .more{min-height:32px;padding:.1rem .6rem;margin:0 0 .25rem}
.file-q{margin:.5rem 0 1rem}.file-q>.card{margin-top:.75rem}.filed{margin-top:.75rem;padding:.75rem 1rem;border-radius:8px;background:#e7f4ea;border:2px solid #1d5e2c}
.filed h3{font-size:1.5rem;margin:0 0 .25rem}.filed p{margin:.25rem 0}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;margin:.5rem 0 0;padding:0;border:0}
.later{flex-basis:100%}.later>summary{min-height:44px;display:inline-flex;align-items:center;cursor:pointer;font-weight:600;color:#0b5394}.act-form{margin-top:.75rem;max-width:40rem}
.inline-form{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end}.code{font-size:1.5rem;letter-spacing:.2em;text-transform:uppercase;width:12rem}
.door{padding:.75rem 1rem;border-radius:8px;background:#e7f4ea;border:2px solid #1d5e2c}.door.already{background:#fff4d6;border-color:#8a5a00}
.scanner video{display:block;width:100%;max-width:28rem;max-height:38vh;object-fit:cover;margin-top:.5rem;border-radius:8px;background:#000}
.door-result{margin:.5rem 0}
.walkin{margin-top:1rem}.walkin .f{margin:0 0 1rem;padding:0;border:0;min-width:0}.walkin label,.walkin legend{display:block;padding:0}
.walkin .t{width:100%;max-width:32rem;margin-top:.25rem}.walkin .o{display:flex;gap:.6rem;align-items:center;font-weight:400;min-height:40px}
.walkin .o input{flex:none;width:1.25rem;height:1.25rem;min-height:0;margin:0;accent-color:#0b5394}.walkin .h{color:#4a4a4a;font-size:.9rem;margin:.25rem 0}
.walkin .q,.walkin .e{color:#b3261e;font-weight:600}.walkin .e{margin:.25rem 0}.walkin .e:empty{display:none}
.walkin .x{max-height:16rem;overflow:auto;padding:0 .75rem;margin:0 0 .5rem;font-size:.9rem;border:1px solid #6b6b6b;border-radius:6px;background:#fff}.walkin .x ul{padding-left:1.25rem}
.walkin [aria-invalid=true]{border-color:#b3261e;box-shadow:0 0 0 1px #b3261e}.walkin .v{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
ol.compact{margin:.25rem 0 .75rem;padding-left:1.5rem}
.editor{border-top:2px solid #d0d5dd;margin-top:1rem;padding-top:.75rem}.editor .notice{margin:0 0 1rem}
.q-list{padding-left:1.5rem;margin:.5rem 0}.q-list>li{padding:.6rem 0;border-bottom:1px solid #e1e5ea}
.q-title{margin:0 0 .4rem;font-weight:600}.q-title .meta{font-weight:400}button[aria-disabled=true]{opacity:.6;cursor:default}
.q-list .row{gap:.4rem}.q-list .row button{padding:.4rem .65rem}@media (max-width:30rem){.q-list{padding-left:1rem}.q-list .row{gap:.3rem}.q-list .row button{padding:.4rem .45rem}}.tools{margin-top:.75rem}.field .error{margin:0}
.q-edit{margin-top:.75rem;padding:.75rem;background:#f7f9fc;border:1px solid #d0d5dd;border-radius:6px}.q-edit>.meta{margin:0 0 .9rem}
.follow-ups{padding-left:1.5rem;margin:.5rem 0 1rem}.follow-ups li{margin-bottom:.75rem}.fu-note{white-space:pre-wrap;margin:.1rem 0}
.projector{max-width:none;height:100vh;overflow:hidden;margin:0;padding:min(2.5vw,3.5vh) 3vw;background:#0b1f33;color:#fff;display:flex;flex-direction:column;gap:min(2vw,2.5vh)}
.projector>*{flex-shrink:0}.projector figure{margin:0}
.projector h1{font-size:min(3vw,5vh);margin:0}.projector .entity{font-size:min(1.6vw,2.8vh);margin:0;color:#cfe0f2}
.projector h2{font-size:min(1.8vw,3.2vh);text-transform:uppercase;letter-spacing:.08em;color:#ffd27a;margin:0 0 min(1vw,1.5vh)}
.projector blockquote{font-size:min(4vw,6.5vh);line-height:1.2;margin:0;font-weight:600;overflow-wrap:anywhere}
.projector blockquote.long{font-size:min(3vw,4.6vh)}.projector blockquote.longer{font-size:min(2.2vw,3.4vh);display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:7;overflow:hidden}
.projector figcaption,.projector .waiting,.projector .votes{font-size:min(2vw,3.2vh);color:#cfe0f2}.projector .votes{margin:min(.5vw,.8vh) 0 0}
.projector .answer{font-size:min(2.2vw,3.4vh);border-left:.5vw solid #ffd27a;padding-left:1vw}
.projector .on-screen{flex:1 1 auto;min-height:0;display:flex;flex-direction:column}.projector .on-screen>*{flex-shrink:0}
.projector .on-screen>[aria-live]{flex:0 1 auto;min-height:0;overflow:hidden}
.projector .figures div{background:#12324f;border-color:#2b5378}.projector .figures dt{color:#cfe0f2;font-size:min(1.4vw,2.5vh)}
.projector .figures dd{font-size:min(4vw,6vh)}.projector footer{display:flex;align-items:center;gap:2vw;font-size:min(1.8vw,3.2vh)}
.projector footer img{background:#fff;padding:.5vw;border-radius:.5vw;width:min(9vw,14vh);height:min(9vw,14vh)}
.live-dot{font-size:min(1.4vw,2.5vh);margin:0;color:#ffb4a8}.live-dot.on{color:#8fe3a1}
.user-card>h2:first-child{margin-top:0}.user-card>h3{margin:1.5rem 0 .5rem;padding-top:1rem;border-top:1px solid #d0d5dd}
.entity-pick{border:0;padding:0 0 0 1.75rem;margin:0}.entity-pick p:empty{margin:0}.entity-list{list-style:none;padding:0;margin:.25rem 0;columns:16rem}.entity-list li{break-inside:avoid}.entity-list label.inline{margin:0 0 .25rem}
.handover{border:2px solid #1d5e2c}.handover h2{margin-top:0}.secret{margin:.5rem 0}.secret code{display:inline-block;font:700 1.5rem/1.3 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;letter-spacing:.08em;padding:.4rem .75rem;background:#f4f6f9;border:1px solid #c4cad3;border-radius:6px;user-select:all;overflow-wrap:anywhere}
.badge.off{background:#4a4a4a;color:#fff}tr.user-off th,tr.user-off td:not(.cell-actions){color:#4a4a4a}
.report-part{margin-top:1.5rem}.report-part .card{margin-top:.5rem}.block{display:block}
.sentence{font-size:1.6rem;line-height:1.3;font-weight:700;margin:.25rem 0 .5rem;overflow-wrap:anywhere}
.pick-list{list-style:none;margin:0;padding:.25rem .5rem;max-height:18rem;overflow:auto;background:#fff;border:1px solid #c4cad3;border-radius:6px}.pick-list label.inline{margin:.15rem 0}
.report-table{margin:.75rem 0}.report-table caption{text-align:left;font-weight:700;padding:.25rem 0}
.report-table tfoot th,.report-table tfoot td{font-weight:700;background:#f4f6f9}.report-table tr.base>*{color:#4a4a4a;font-size:.9rem}
@media (min-width:48rem){.report-table .num{text-align:right;font-variant-numeric:tabular-nums}}
@media (max-width:47.99rem){.stacked caption,.stacked tfoot{display:block}.stacked tfoot tr{background:#fff;border:2px solid #0b5394;border-radius:8px;padding:.5rem .75rem}
.stacked tfoot th{font-size:1.05rem;border-bottom:1px solid #d0d5dd;padding:0 0 .4rem;margin-bottom:.3rem}.stacked tfoot th,.stacked tfoot td{background:none}.stacked tfoot td:empty{display:none}}
.webhooks{list-style:none;padding:0;margin:0}.webhook>h3{margin:0 0 .25rem;font-size:1.1rem;overflow-wrap:anywhere}.webhook dl{margin:.5rem 0}.webhook dl div{display:grid;grid-template-columns:minmax(7rem,12rem) 1fr;gap:.5rem;margin:.15rem 0}.webhook dt{font-weight:600;color:#4a4a4a}.webhook dd{margin:0;overflow-wrap:anywhere}.webhook ul{margin:0;padding-left:1.1rem}
.webhook.off{border-style:dashed}.badge.failed{background:#a4262c;color:#fff}.badge.delivered{background:#1d5e2c;color:#fff}.badge.pending{background:#8a5a00;color:#fff}.webhook-part{margin-top:.75rem;padding-top:.75rem;border-top:1px solid #d0d5dd}.webhook-part h4{margin:0 0 .25rem}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}`
