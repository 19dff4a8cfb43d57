// data/index.html: the offline viewer a lawyer or police officer opens by double-clicking. One
// self-contained file (inline CSS and script, thumbnails as data: URLs, a strict CSP that forbids
// any network use) that lists the evidence, the timeline and the steps, and can check the
// extracted bundle folder file by file. Everything from the model is HTML-escaped here.
import type { ExportItem, ExportModel, ExportStep, ExportTimelineEntry } from '../export-model';
import {
  formatCounterparty,
  formatDateTime,
  formatPeriod,
  formatReferences,
  formatSize,
  formatStepStatus,
  padNumber,
} from './format';
import { INDEX_HTML_SCRIPT } from './index-html-script';
import { INDEX_HTML_STYLE } from './index-html-style';

const CSP =
  "default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** JSON that is safe inside a <script> element: no "</script>", no line separators JS chokes on. */
function toScriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A link to a payload file relative to data/index.html, each path segment percent-encoded. */
function hrefFor(bagPath: string): string {
  const relative = bagPath.startsWith('data/') ? bagPath.slice('data/'.length) : `../${bagPath}`;
  return relative.split('/').map(encodeURIComponent).join('/');
}

function renderItem(item: ExportItem): string {
  const thumb = item.thumbnailJpeg
    ? `<img src="data:image/jpeg;base64,${item.thumbnailJpeg.toString('base64')}" alt="Preview of item ${padNumber(item.number)}" loading="lazy">`
    : '<span class="no-thumb">No preview</span>';
  const otherHashes = (['sha1', 'md5'] as const)
    .map((algorithm) => {
      const value = item.hashes[algorithm];
      return value
        ? `<div><span class="label">${algorithm === 'sha1' ? 'SHA-1' : 'MD5'}</span> <code>${escapeHtml(value)}</code></div>`
        : '';
    })
    .join('');
  return `<li class="item" id="item-${String(item.number)}">
  <div class="thumb">${thumb}</div>
  <div class="meta">
    <h3><span class="num">${padNumber(item.number)}</span> <a href="${escapeHtml(hrefFor(item.bagPath))}">${escapeHtml(item.originalName)}</a></h3>
    <div>Captured: ${escapeHtml(formatDateTime(item.capturedAt, 'not known'))} <span class="muted">(source: ${escapeHtml(item.capturedAtSource)})</span></div>
    <div>Size: ${escapeHtml(formatSize(item.size))} · ${escapeHtml(item.kind)}, ${escapeHtml(item.mediaType)}</div>
    <div><span class="label">SHA-256</span> <code class="hash">${escapeHtml(item.hashes.sha256)}</code></div>
    ${otherHashes}
    ${item.notes.trim() === '' ? '' : `<div class="notes">${escapeHtml(item.notes)}</div>`}
  </div>
</li>`;
}

function renderTimelineRow(entry: ExportTimelineEntry): string {
  const who = [entry.actor, entry.number]
    .filter((s): s is string => s !== null && s !== '')
    .map(escapeHtml)
    .join('<br>');
  const evidence = entry.evidenceNumbers
    .map((n) => `<a href="#item-${String(n)}">${padNumber(n)}</a>`)
    .join(', ');
  const flags = entry.flags
    .map(
      (flag) =>
        `<div class="flag" title="${escapeHtml(`${flag.rule} (${flag.source})`)}">${escapeHtml(flag.fact)}</div>`,
    )
    .join('');
  return `<tr${entry.flags.length > 0 ? ' class="flagged"' : ''}>
  <td class="nowrap">${escapeHtml(formatDateTime(entry.occurredAt))}</td>
  <td>${escapeHtml(entry.kind)}</td>
  <td>${who}</td>
  <td class="text">${escapeHtml(entry.text)}</td>
  <td>${evidence}</td>
  <td>${flags}</td>
</tr>`;
}

function renderStepRow(step: ExportStep): string {
  const dates = [
    step.doneOn ? `Done ${formatDateTime(step.doneOn)}` : '',
    step.dueOn ? `Due ${formatDateTime(step.dueOn)}` : '',
    step.notBefore ? `Not before ${formatDateTime(step.notBefore)}` : '',
  ].filter((d) => d !== '');
  return `<tr>
  <td>${escapeHtml(step.title)}${step.notes.trim() === '' ? '' : `<div class="muted">${escapeHtml(step.notes)}</div>`}</td>
  <td>${escapeHtml(formatStepStatus(step.status))}</td>
  <td>${dates.map(escapeHtml).join('<br>')}</td>
  <td>${escapeHtml(formatReferences(step.references))}</td>
</tr>`;
}

function renderSummary(model: ExportModel): string {
  const { summary } = model;
  const counts = Object.entries(summary.countsByKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `<li>${escapeHtml(kind)}: ${String(n)}</li>`)
    .join('');
  const rules = summary.flaggedRules
    .map(
      (r) =>
        `<li>${escapeHtml(r.rule)} <span class="muted">(${escapeHtml(r.source)})</span>: ${String(r.count)} times</li>`,
    )
    .join('');
  const peak = summary.peakDay
    ? `${escapeHtml(formatDateTime(summary.peakDay.date))}, with ${String(summary.peakDay.contacts)} contacts`
    : 'no dated contacts';
  return `<section id="summary">
  <h2>Summary</h2>
  <ul>${counts}<li>Evidence files: ${String(model.items.length)}</li></ul>
  <p>Busiest day: ${peak}.</p>
  <h3>Possible rule breaches flagged (${String(summary.flaggedCount)} entries)</h3>
  ${rules === '' ? '<p>No entry matched a rule.</p>' : `<ul>${rules}</ul>`}
  <p class="muted">Flags are found automatically by comparing times and recipients with the listed rules. Whether a rule was broken is for the authority to decide.</p>
</section>`;
}

function renderVerifySection(): string {
  return `<section id="verify" class="verify">
  <h2>Check that nothing was changed</h2>
  <ol>
    <li>Unzip the bundle, if you have not already.</li>
    <li>Choose the unzipped bundle folder: the one that contains <code>bagit.txt</code> and this page’s <code>data</code> folder. Your browser may ask you to confirm; the files stay on this computer.</li>
    <li>Press <strong>Verify</strong>. Every file is hashed here on this computer and compared with the bundle’s list.</li>
  </ol>
  <div class="controls">
    <label class="picker">Choose the bundle folder <input type="file" id="bag-folder" webkitdirectory directory multiple></label>
    <button type="button" id="verify-button" disabled>Verify</button>
  </div>
  <p id="verify-status" class="muted" aria-live="polite">No folder chosen yet.</p>
  <progress id="verify-progress" hidden></progress>
  <p id="verify-summary" class="summary" role="status" aria-live="polite"></p>
  <table id="verify-results" hidden>
    <thead><tr><th>File</th><th>Result</th><th>Details</th></tr></thead>
    <tbody id="verify-results-body"></tbody>
  </table>
  <noscript><p>Checking needs JavaScript. You can also check the bundle with the commands in README.txt.</p></noscript>
</section>`;
}

export function renderIndexHtml(model: ExportModel): string {
  const title = `Evidence bundle: ${model.case.title}`;
  const part =
    model.part.count > 1
      ? ` (part ${String(model.part.index)} of ${String(model.part.count)})`
      : '';
  const embedded = {
    schemaVersion: model.schemaVersion,
    bundleId: model.bundleId,
    items: model.items.map((item) => ({
      number: item.number,
      bagPath: item.bagPath,
      sha256: item.hashes.sha256,
    })),
  };
  const timeline =
    model.timeline.length === 0
      ? '<p>No entries.</p>'
      : `<table class="timeline"><thead><tr><th>Time</th><th>Kind</th><th>Who / number</th><th>Text</th><th>Evidence</th><th>Flags</th></tr></thead><tbody>
${model.timeline.map(renderTimelineRow).join('\n')}
</tbody></table>`;
  const steps =
    model.steps.length === 0
      ? '<p>No steps recorded.</p>'
      : `<table><thead><tr><th>Step</th><th>Status</th><th>Dates</th><th>Reference numbers</th></tr></thead><tbody>
${model.steps.map(renderStepRow).join('\n')}
</tbody></table>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${INDEX_HTML_STYLE}</style>
</head>
<body>
<header>
  <p class="kicker">Evidence bundle</p>
  <h1>${escapeHtml(model.case.title)}</h1>
  <dl>
    <dt>Counterparty</dt><dd>${escapeHtml(formatCounterparty(model.case.counterparty))}</dd>
    <dt>Period covered</dt><dd>${escapeHtml(formatPeriod(model.period))}</dd>
    <dt>Bundle id</dt><dd><code>${escapeHtml(model.bundleId)}</code>${escapeHtml(part)}</dd>
    <dt>Made</dt><dd>${escapeHtml(formatDateTime(model.generatedAt))} with ${escapeHtml(model.softwareAgent)}</dd>
    <dt>Signing-key fingerprint</dt><dd><code>${escapeHtml(model.signingKeyFingerprint)}</code></dd>
  </dl>
  <p class="signer-note"><strong>A check here shows the bundle is internally consistent, but who made it is not confirmed.</strong> The fingerprint above travels inside the bundle, so anyone who changed it could change that too. Ask the sender for the signing-key fingerprint by another channel (a message, a phone call, the covering letter) and compare: if it differs, do not rely on this bundle.</p>
  <p>This page works without internet. It lists the evidence in this bundle, the timeline and the steps taken. The full report is <a href="report.pdf">report.pdf</a>; README.txt explains other ways to check the bundle.</p>
  <nav><a href="#verify">Check the files</a> · <a href="#summary">Summary</a> · <a href="#evidence">Evidence</a> · <a href="#timeline">Timeline</a> · <a href="#steps">Steps</a></nav>
</header>
<main>
${renderVerifySection()}
${renderSummary(model)}
<section id="evidence">
  <h2>Evidence (${String(model.items.length)} files)</h2>
  <ol class="items">
${model.items.map(renderItem).join('\n')}
  </ol>
</section>
<section id="timeline">
  <h2>Timeline (${String(model.timeline.length)} entries)</h2>
  <p class="muted">Times are in the case’s time zone (${escapeHtml(model.case.timezone)}).</p>
  ${timeline}
</section>
<section id="steps">
  <h2>Steps taken</h2>
  ${steps}
</section>
</main>
<footer><p>Made with ${escapeHtml(model.softwareAgent)}. Bundle ${escapeHtml(model.bundleId)}.</p></footer>
<script type="application/json" id="sakshya-data">${toScriptJson(embedded)}</script>
<script>${INDEX_HTML_SCRIPT}</script>
</body>
</html>
`;
}
