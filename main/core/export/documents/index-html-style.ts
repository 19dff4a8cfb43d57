// Inline CSS for the bundle's index.html: calm, large enough to read, and printable (the checking
// controls are hidden on paper, rows and items are not split across printed pages).
export const INDEX_HTML_STYLE = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5a5a5f; --line: #d6d6da; --good: #1b6e3a; --bad: #a11d1d; --accent: #1f4f8f; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, "Segoe UI", "Noto Sans", "Noto Sans Devanagari", "Nirmala UI", Mangal, sans-serif; }
h1 { font-size: 1.8rem; margin: 0 0 12px; }
h2 { font-size: 1.35rem; margin: 32px 0 12px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 0 0 4px; }
a { color: var(--accent); }
code { font-family: ui-monospace, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.85em; overflow-wrap: anywhere; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); margin: 0; font-weight: 600; }
.muted { color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 12px; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
nav { margin-top: 8px; }
.verify { border: 2px solid var(--accent); border-radius: 8px; padding: 4px 20px 16px; margin-top: 24px; }
.verify h2 { border: 0; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.picker { display: inline-flex; flex-direction: column; gap: 4px; font-weight: 600; }
button { font: inherit; font-weight: 600; padding: 10px 24px; border-radius: 6px; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
button:disabled { background: #9aa7b8; cursor: default; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
progress { width: 100%; height: 16px; }
.summary { font-weight: 700; font-size: 1.1rem; }
.summary.good { color: var(--good); }
.summary.bad { color: var(--bad); }
table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f1f1f4; }
td.path { overflow-wrap: anywhere; width: 38%; }
td.status { white-space: nowrap; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
tr.status-matching td.status { color: var(--good); font-weight: 700; }
tr.status-changed td.status, tr.status-missing td.status, tr.status-unlisted td.status { color: var(--bad); font-weight: 700; }
tr.status-changed, tr.status-missing, tr.status-unlisted { background: #fdf0f0; }
tr.flagged { background: #fff8e6; }
.flag { color: var(--bad); font-size: 0.85rem; }
.items { list-style: none; padding: 0; margin: 0; }
.item { display: flex; gap: 16px; padding: 12px 0; border-bottom: 1px solid var(--line); }
.thumb { flex: 0 0 120px; height: 120px; display: flex; align-items: center; justify-content: center; background: #f4f4f6; border: 1px solid var(--line); }
.thumb img { max-width: 120px; max-height: 120px; }
.no-thumb { color: var(--muted); font-size: 0.85rem; }
.meta { min-width: 0; }
.num { color: var(--muted); font-variant-numeric: tabular-nums; }
.label { font-weight: 600; font-size: 0.85rem; }
.hash { display: inline-block; }
.notes { font-style: italic; }
footer { margin-top: 32px; color: var(--muted); font-size: 0.85rem; }
@media print {
  body { padding: 0; font-size: 11pt; max-width: none; }
  nav, .controls, #verify-status, progress, noscript { display: none !important; }
  .verify { border: 0; padding: 0; }
  .verify:not(.has-results) { display: none; }
  .verify ol { display: none; }
  a { color: inherit; text-decoration: none; }
  .item, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`;
