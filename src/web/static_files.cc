// /static/app.css and /static/app.js: the web application's only
// stylesheet and script (and its icon), compiled in so the binary is the whole
// deployment. Pages work without the script; it only asks for
// confirmation before forms marked data-confirm. (Choosing a period or a
// breakdown changes nothing until the person presses Show: WCAG 3.2.2.) No inline script
// or event-handler attributes anywhere: the Content-Security-Policy allows
// scripts from 'self' only.
#include <string_view>

#include "web/router.h"

namespace bc::web {
namespace {

constexpr std::string_view kAppCss = R"css(
:root {
  --ink: #1b1b1b; --muted: #5a5a5a; --rule: #c8c8c8; --head: #1f3a5f; --band: #f2f5f9;
  --link: #1d4f91; --focus: #ffbf47; --bg: #ffffff;
}
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 15px;
       color: var(--ink); line-height: 1.4; background: var(--bg); }
body { margin: 0; }
a { color: var(--link); }
/* The focus ring: near-black (19:1 on white) inside a yellow halo (7:1 on
   the header's blue), so it shows at 3:1 or more on every background. */
a:focus, button:focus, select:focus, input:focus, textarea:focus, summary:focus,
[tabindex]:focus {
  outline: 3px solid #0b0c0c; outline-offset: 1px; box-shadow: 0 0 0 6px var(--focus); }
.skip { position: absolute; left: -999px; top: 0; background: var(--focus); padding: 4px 8px; }
.skip:focus { left: 8px; }
h1 { color: var(--head); font-size: 1.7rem; margin: 0 0 0.4rem; overflow-wrap: anywhere; }
h2 { color: var(--head); font-size: 1.25rem; margin: 1.4rem 0 0.6rem; }
h3 { color: var(--head); font-size: 1.08rem; margin: 1rem 0 0.4rem; }
h4 { font-size: 1rem; margin: 0.8rem 0 0.3rem; }
code { font-size: 0.92em; background: var(--band); padding: 0 3px; }
.muted { color: var(--muted); }
.note { color: var(--muted); font-size: 0.88rem; }
p.source { overflow-wrap: anywhere; }
.lead { font-size: 1.05rem; max-width: 60rem; }

/* Header, navigation, footer */
header.site { background: var(--head); color: #fff; }
header.site .bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
                   gap: 0.5rem 1rem; padding: 0.6rem 1.2rem 0.2rem; }
header.site a.brand { color: #fff; font-weight: bold; font-size: 1.25rem; text-decoration: none; }
header.site a.brand span { font-weight: normal; font-size: 0.95rem; opacity: 0.85; margin-left: 0.4rem; }
header.site .who { font-size: 0.92rem; }
header.site .role { opacity: 0.85; }
header.site nav ul { list-style: none; margin: 0; padding: 0 1.2rem; display: flex; flex-wrap: wrap; gap: 0.2rem; }
header.site nav a { display: block; color: #fff; padding: 0.45rem 0.8rem; text-decoration: none;
                    border-bottom: 4px solid transparent; }
header.site nav a:hover { border-bottom-color: rgba(255,255,255,0.5); }
header.site nav a[aria-current="page"] { border-bottom-color: var(--focus); font-weight: bold; }
form.inline { display: inline; margin: 0; }
button.link { background: none; border: 1px solid rgba(255,255,255,0.6); color: #fff; padding: 2px 8px;
              border-radius: 3px; cursor: pointer; font: inherit; font-size: 0.88rem; }
main { padding: 1rem 1.2rem 2rem; max-width: 84rem; margin: 0 auto; }
.page-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.6rem 1.5rem;
             border-bottom: 2px solid var(--head); padding-bottom: 0.5rem; margin-bottom: 0.8rem; }
footer.site { border-top: 1px solid var(--rule); color: var(--muted); font-size: 0.86rem;
              padding: 0.6rem 1.2rem 1.2rem; max-width: 84rem; margin: 0 auto; }
footer.site p { margin: 0.2rem 0; }

/* Forms */
form.period-picker, form.controls { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; margin: 0.4rem 0;
  max-width: 100%; min-width: 0; }  /* a long period name never widens the page (320 px) */
form.controls select, form.controls input, form.period-picker select { max-width: 100%; min-width: 0; }
label { font-weight: bold; }
select, input, textarea, button { font: inherit; }
select, input[type="text"], input[type="date"], input[type="search"], input:not([type]), textarea {
  border: 1px solid #767676; border-radius: 3px; padding: 0.25rem 0.4rem; background: #fff; }
textarea { width: 100%; min-height: 28rem; font-family: "DejaVu Sans Mono", monospace; font-size: 0.88rem; }
button, a.button { background: var(--head); color: #fff; border: 1px solid var(--head); border-radius: 3px;
                   padding: 0.3rem 0.8rem; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary { background: #fff; color: var(--head); }
button.danger { background: #8a1c1c; border-color: #8a1c1c; }
p.downloads { margin: 0.4rem 0 0.2rem; font-size: 0.95rem; }
fieldset { border: 1px solid var(--rule); border-radius: 4px; padding: 0.6rem 0.9rem; margin: 0.8rem 0; }
legend { font-weight: bold; color: var(--head); padding: 0 0.3rem; }
.form-grid { display: grid; grid-template-columns: max-content 1fr; gap: 0.4rem 0.8rem; align-items: center; max-width: 40rem; }
.form-row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0.4rem 0; }
.form-error, .notice { border-left: 5px solid #b2182b; background: #fbeaea; padding: 0.5rem 0.8rem; }
.notice.info { border-left-color: var(--head); background: var(--band); }
.confirm { border-left: 5px solid #1a7f37; background: #eaf5ec; padding: 0.5rem 0.8rem; }
.field { margin: 0.5rem 0; max-width: 40rem; }
.field label { display: block; }
.field input, .field select, .field textarea { width: 100%; max-width: 100%; }
.field .hint { color: var(--muted); font-size: 0.88rem; margin: 0.1rem 0; }
.field-error { color: #b2182b; font-weight: bold; margin: 0.2rem 0; }
.field.invalid input, .field.invalid select, .field.invalid textarea { border: 2px solid #b2182b; }
textarea.plain { min-height: 4.5rem; font-family: inherit; font-size: 1rem; }
.action-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0 0.8rem;
              border-bottom: 1px solid var(--rule); margin-bottom: 0.4rem; }
.action-row .field { margin: 0.3rem 0; }
dd.lines, p.lines { white-space: pre-line; }
summary { cursor: pointer; padding: 0.35rem 0; min-height: 24px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
                   clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }

/* Tables */
table { border-collapse: collapse; width: 100%; margin: 0 0 1rem; font-size: 0.92rem; }
caption { text-align: left; font-weight: bold; color: var(--head); padding: 0.3rem 0; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
th { background: var(--band); }
td.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; background: var(--band); }
tr.scheme td { font-weight: bold; border-top: 2px solid var(--head); }
table.data tbody tr:hover { background: #fafbfd; }
.table-wrap { overflow-x: auto; position: relative; }  /* contains visually hidden labels */
table.register { min-width: 56rem; }  /* scrolls in its box on a phone rather than squeezing its columns */

/* RAG, comparisons, states */
.rag { display: inline-block; min-width: 3.6rem; padding: 0 0.4rem; border-radius: 3px; font-weight: bold;
       text-align: center; border: 1px solid; font-size: 0.88rem; }
.rag-green { background: #d9f0d3; border-color: #1b7837; color: #0d3d1b; }
.rag-amber { background: #fee0b6; border-color: #b35806; color: #5a2c03; }
.rag-red { background: #f4cccc; border-color: #b2182b; color: #5c0b15; }
.rag-none { background: #eee; border-color: #999; color: #333; }
tr.overdue td { background: #fbeaea; }  /* the row also says "Overdue" in words */
ul.findings, ul.warnings { margin: 0; padding-left: 1.1rem; }
.cmp { font-weight: bold; }
.cmp-Better { color: #1b7837; }
.cmp-Worse { color: #b2182b; }
.state { font-weight: bold; }
.badge { display: inline-block; padding: 0 0.45rem; border-radius: 3px; border: 1px solid var(--rule);
         background: var(--band); font-size: 0.86rem; white-space: nowrap; }
.badge.state-draft { background: #fff; border-style: dashed; }
.badge.state-signed_off_by_hwb { background: #d9f0d3; border-color: #1b7837; }
.badge.warn { background: #fee0b6; border-color: #b35806; }

/* Tiles */
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 0.9rem; margin: 0.8rem 0; }
.tile { border: 1px solid var(--rule); border-top: 4px solid var(--head); border-radius: 4px; padding: 0.6rem 0.8rem;
        background: #fff; }
.tile h2 { font-size: 1rem; margin: 0 0 0.3rem; }
.tile h2 a { text-decoration: none; }
.tile h2 a:hover { text-decoration: underline; }
.tile .value { margin: 0.2rem 0 0.3rem; }
.tile .figure { font-size: 1.8rem; font-weight: bold; font-variant-numeric: tabular-nums; margin-right: 0.3rem; }
.tile dl.compare { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.6rem; margin: 0 0 0.3rem; font-size: 0.9rem; }
.tile dl.compare dt { color: var(--muted); }
.tile dl.compare dd { margin: 0; }
.headline .tile { max-width: 30rem; }
.spark svg { max-width: 100%; height: auto; }

/* Charts and report fragments */
figure { margin: 0.6rem 0 1rem; }
figcaption { font-size: 0.86rem; color: var(--muted); margin-top: 0.2rem; }
svg.chart, figure svg { max-width: 100%; height: auto; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(24rem, 100%), 1fr)); gap: 0.6rem 1.2rem; }
.charts.one { grid-template-columns: 1fr; }
dl.header { display: grid; grid-template-columns: fit-content(14rem) minmax(0, 1fr); gap: 0.2rem 0.8rem;
            margin: 0 0 1rem; }
dl.header dt { font-weight: bold; color: var(--head); }
dl.header dd { margin: 0; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: fit-content(40%) minmax(0, 1fr); gap: 0.2rem 1rem; }
dl.facts dt { font-weight: bold; color: var(--head); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
article.scheme-report { border: 1px solid var(--rule); border-radius: 4px; padding: 0.4rem 1rem 0.8rem; margin: 0.8rem 0; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem 2rem; }
ul.plain { list-style: none; padding: 0; }
ul.inline-list { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; }

/* Sign-in and error pages */
body.login { background: var(--band); }
.login-box { max-width: 24rem; margin: 4rem auto; background: #fff; border: 1px solid var(--rule);
             border-top: 6px solid var(--head); border-radius: 4px; padding: 1.2rem 1.5rem; }
.login-box form { display: grid; gap: 0.4rem; }
.login-box input { width: 100%; }
.login-box button { margin-top: 0.6rem; }
main.error { max-width: 40rem; }

@media print {
  header.site nav, form.period-picker, form.controls, header.site form, .skip { display: none; }
  header.site { background: none; color: var(--ink); }
  header.site a.brand { color: var(--ink); }
  a { color: inherit; text-decoration: none; }
}
)css";

constexpr std::string_view kAppJs =
    R"js(// bettercare: the pages work without this script; it only saves clicks.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  document.documentElement.classList.add('js');
  // Forms marked data-confirm ask first (signing off a report, revoking
  // sessions): these cannot be undone.
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
});
)js";

// The tab's icon: the brand's colour with a plus, as SVG.
constexpr std::string_view kFavicon =
    R"svg(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f3a5f"/><path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" fill="#ffbf47"/></svg>
)svg";

Status serve_static(Ctx& ctx, std::string_view body, const char* content_type) {
  // The server's default is no-store (pages carry personal data); these
  // files carry none and change only with the binary.
  ctx.res.headers.erase("Cache-Control");
  ctx.res.set_header("Cache-Control", "public, max-age=3600");
  ctx.res.status = 200;
  ctx.res.set_content(std::string(body), content_type);
  return Status();
}

}  // namespace

void add_static_routes(Router& r) {
  r.get(
      "/static/app.css",
      [](Ctx& ctx) { return serve_static(ctx, kAppCss, "text/css; charset=utf-8"); },
      Access::kPublic);
  r.get(
      "/static/app.js",
      [](Ctx& ctx) { return serve_static(ctx, kAppJs, "text/javascript; charset=utf-8"); },
      Access::kPublic);
  // Browsers ask for /favicon.ico on their own, on every page.
  for (const char* path : {"/static/favicon.svg", "/favicon.ico"}) {
    r.get(
        path, [](Ctx& ctx) { return serve_static(ctx, kFavicon, "image/svg+xml"); },
        Access::kPublic);
  }
}

}  // namespace bc::web
