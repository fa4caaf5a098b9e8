// The page's inline stylesheet: readable on screen and on paper, no web fonts, no external resources.

export const REPORT_CSS = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 14px; line-height: 1.45; color: #1a1a1a;
  background: #fff; margin: 0 auto; max-width: 1340px; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.2rem; }
code { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 0.85em; }
dl.manifest { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0 0 1rem; }
dl.manifest dt { font-weight: bold; }
dl.manifest dd { margin: 0; overflow-wrap: anywhere; }
p.lede { margin: 0 0 0.4rem; color: #333; font-size: 1rem; }
nav#contents ol { display: flex; flex-wrap: wrap; gap: 0.1rem 1.2rem; list-style: none; padding: 0; margin: 0.2rem 0 0.4rem; font-size: 0.9rem; }
section#findings p.lede { font-size: 0.95rem; }
div.findings-list { columns: 2 600px; column-gap: 2rem; }
ul.findings { margin: 0 0 0.5rem; padding-left: 1.2rem; break-inside: avoid; }
ul.findings li { margin: 0.1rem 0; }
p.no-difference { color: #444; font-size: 0.9rem; }
details#settings-details > summary { cursor: pointer; color: #333; }
table { border-collapse: collapse; margin: 0.5rem 0 0.2rem; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-size: 0.8rem; color: #444; padding-bottom: 0.2rem; caption-side: top; }
th, td { border: 1px solid #d0d0d0; padding: 0.15rem 0.45rem; text-align: right; vertical-align: top; }
thead th { background: #f2f2f2; text-align: center; }
tbody th { text-align: left; font-weight: normal; }
table.sweep-summary tbody th, table.glance tbody th { white-space: nowrap; }
div.table-scroll { max-width: 100%; overflow-x: auto; }
section > p.note { color: #444; font-size: 0.85rem; margin: 0.3rem 0; }
table.settings td, table.settings th { text-align: left; }
figure.capsim-figure { margin: 1.2rem 0 1.8rem; padding: 0.6rem 0.7rem; border: 1px solid #e2e2e2; border-radius: 4px; }
figcaption p.note { margin: 0 0 0.4rem; color: #444; font-size: 0.9rem; }
div.charts { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: flex-start; }
div.charts svg.chart { flex: 0 0 auto; }
ul.legend { list-style: none; padding: 0; margin: 0.2rem 0; display: flex; flex-wrap: wrap; gap: 0.2rem 1.2rem; font-size: 0.85rem; }
ul.legend .swatch { display: inline-block; width: 1.4em; height: 0.35em; vertical-align: middle; margin-right: 0.4em;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
footer { margin-top: 2.5rem; font-size: 0.8rem; color: #555; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  nav#contents { display: none; }
  figure.capsim-figure { break-inside: avoid; border: none; padding: 0; }
  svg.chart { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
