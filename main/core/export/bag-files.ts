// The text files of a BagIt 1.0 bag (RFC 8493) and of its payload: bagit.txt, bag-info.txt, the
// manifests, README.txt, manifest.json, the CSVs and the custody log. Pure functions of their
// inputs, so the writer streams and the tests read the very same bytes.
import type { CustodyEntry } from '../../../shared/domain';
import { toCalendarDateInZone } from '../time/calendar-date';
import type { ExportModel, HashAlgorithm } from './export-model';

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
export const SIGNATURE_FILE = 'tagmanifest-sha256.txt.sig';
export const PUBLIC_KEY_FILE = 'signing-key.pub';
export const MANIFEST_SCHEMA_VERSION = 1;

/** One file of the bag with its hashes, by its path inside the bag ('data/…' or a tag file). */
export interface HashedFile {
  path: string;
  size: number;
  hashes: Partial<Record<HashAlgorithm, string>>;
}

/** RFC 8493 §2.1.3: CR, LF and % in a manifest path are percent-encoded. */
export function encodeManifestPath(bagPath: string): string {
  return bagPath.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function decodeManifestPath(encoded: string): string {
  return encoded.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

/** '<hex>  <path>' lines, sorted by path, as `sha256sum -c` reads them. */
export function formatManifest(files: readonly HashedFile[], algorithm: HashAlgorithm): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => {
      const hex = file.hashes[algorithm];
      if (hex === undefined) throw new Error(`no ${algorithm} for ${file.path}`);
      return `${hex}  ${encodeManifestPath(file.path)}\n`;
    })
    .join('');
}

/** Payload-Oxum: total bytes '.' number of files in data/. */
export function formatOxum(payload: readonly HashedFile[]): string {
  return `${String(payload.reduce((n, f) => n + f.size, 0))}.${String(payload.length)}`;
}

export function formatBagInfo(model: ExportModel, payload: readonly HashedFile[]): string {
  const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ').trim();
  const lines = [
    `Bagging-Date: ${baggingDate(model)}`,
    `Payload-Oxum: ${formatOxum(payload)}`,
    `Bag-Software-Agent: ${model.softwareAgent}`,
    `External-Identifier: ${model.bundleId}`,
    `External-Description: ${oneLine(`Evidence exported from Sakshya for the case "${model.case.title}": ${String(model.items.length)} item(s), with report, timeline, steps, custody log and a draft Section 63 certificate.`)}`,
    `Signing-Key-Fingerprint: ${model.signingKeyFingerprint}`,
  ];
  if (model.part.count > 1) {
    lines.push(`Bag-Group-Identifier: ${model.bundleId}`);
    lines.push(`Bag-Count: ${String(model.part.index)} of ${String(model.part.count)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatReadme(model: ExportModel, topFolder: string, publicKeyLine: string): string {
  const algorithms = model.hashAlgorithms;
  const part =
    model.part.count > 1
      ? [
          `This is part ${String(model.part.index)} of ${String(model.part.count)} of one bundle (${model.bundleId}).`,
          'Each part is complete on its own and can be checked on its own.',
          '',
        ]
      : [];
  return [
    'EVIDENCE BUNDLE MADE WITH SAKSHYA',
    '=================================',
    '',
    `Case: ${model.case.title}`,
    `Bundle id: ${model.bundleId}`,
    `Made on: ${model.generatedAt} (UTC)`,
    `Signing key fingerprint: ${model.signingKeyFingerprint}`,
    '',
    ...part,
    'WHAT IS INSIDE',
    '  data/report.pdf            the report: summary, timeline and a list of every item with its SHA-256',
    '  data/evidence/             the original files, exactly as they were received',
    '  data/index.html            open it in any web browser (no internet needed) to browse and check',
    '  data/certificate-section63-draft.pdf and .docx   a DRAFT certificate under Section 63 of the',
    '                             Bharatiya Sakshya Adhiniyam, 2023; check it with a lawyer before use',
    '  data/manifest.json         every item with its details, in a documented format (manifest.schema.json)',
    '  data/timeline.csv, data/steps.csv, data/custody-log.jsonl',
    `  manifest-${algorithms.join('.txt, manifest-')}.txt   the fingerprint (hash) of every file in data/`,
    '',
    'HOW TO CHECK THAT NOTHING WAS CHANGED',
    '',
    'Easiest: open data/index.html in a browser, press "Verify", and choose this folder',
    `(${topFolder}). Every file is marked as matching, changed or missing.`,
    '',
    'Linux (in this folder):',
    '    sha256sum -c manifest-sha256.txt',
    'macOS (in this folder, in Terminal):',
    '    shasum -a 256 -c manifest-sha256.txt',
    'Windows: see "ON WINDOWS" below.',
    'Every line must say OK.',
    '',
    'HOW TO CHECK WHO MADE IT (THE SIGNATURE)',
    '',
    'tagmanifest-sha256.txt lists the hash of each manifest, and tagmanifest-sha256.txt.sig is a',
    "signature over it made with this vault's own key (OpenSSH format). With OpenSSH 8.1 or later",
    '(built into Windows 10/11, macOS and Linux), in this folder:',
    '',
    '  1. Make a file named allowed_signers holding this one line:',
    `       ${SIGNER_LINE_PREFIX}${publicKeyLine}`,
    '  2. Run:',
    '       ssh-keygen -Y verify -f allowed_signers -I sakshya -n file -s tagmanifest-sha256.txt.sig < tagmanifest-sha256.txt',
    '',
    `It must say: Good "file" signature for sakshya with ED25519 key ${model.signingKeyFingerprint}`,
    '',
    'A good signature only shows that nothing changed after it was signed, not who signed it.',
    'The key and its fingerprint travel inside this bundle (and on the report cover), so anyone who',
    'changed the bundle could change it too and sign again with a key of their own. The sender',
    'should give you the fingerprint by another channel: a message, a phone call, or the covering',
    'letter. If the fingerprint above is not the one they gave you, do not rely on this bundle.',
    '',
    'Or, with Sakshya installed:',
    '    sakshya verify THIS_FOLDER_OR_ZIP --expect-key FINGERPRINT_THE_SENDER_GAVE_YOU',
    'Without --expect-key it can only say the bundle is internally consistent, not who made it.',
    '',
    ...formatWindowsSteps(publicKeyLine),
    'This folder is a BagIt 1.0 bag (RFC 8493), so archival and forensic tools that read BagIt can',
    'check it too.',
    '',
  ].join('\r\n');
}

export const SIGNER_LINE_PREFIX = 'sakshya ';

/**
 * The same checks in Windows PowerShell (5.1, built in, and 7), which differs from a Unix shell
 * in ways that break the commands above when copied as they are:
 *  - `<` is not an input redirection there (a parse error), so ssh-keygen gets the signed file
 *    through Start-Process -RedirectStandardInput, or through cmd.exe (`cmd /c "… < …"`);
 *  - `>`, Out-File and Set-Content write UTF-16 or ANSI, and PowerShell 5.1's `-Encoding UTF8`
 *    adds a BOM, which ssh-keygen would read as part of the signer's name: allowed_signers is
 *    written with [IO.File]::WriteAllText, UTF-8 without a BOM in every version;
 *  - Get-Content reads a file in the ANSI code page unless told otherwise, which garbles Hindi
 *    file names in the manifest: `-Encoding UTF8`;
 *  - the hashes are compared by the command itself (PowerShell's -ne ignores case, as
 *    Get-FileHash prints upper case), so nobody has to compare 64 hex digits by eye.
 */
function formatWindowsSteps(publicKeyLine: string): string[] {
  const verify =
    'ssh-keygen -Y verify -f allowed_signers -I sakshya -n file -s tagmanifest-sha256.txt.sig';
  return [
    'ON WINDOWS',
    '',
    'Open PowerShell in this folder (Shift + right-click the folder, "Open PowerShell window here").',
    '',
    '  Check every file. Copy this as one line; it names each file that does not match and ends',
    '  with "N checked, 0 not matching" when nothing was changed:',
    '    $n = 0; $bad = 0; Get-Content -Encoding UTF8 manifest-sha256.txt | ForEach-Object { $hash, $file = $_ -split \'  \', 2; $n++; $found = (Get-FileHash -Algorithm SHA256 -LiteralPath $file -ErrorAction SilentlyContinue).Hash; if ($found -ne $hash) { $bad++; "NOT MATCHING: $file" } }; "$n checked, $bad not matching"',
    '',
    '  Check the signature. ssh-keygen -Y needs OpenSSH 8.1 or later: Windows 11 has it, but',
    '  Windows 10 came with 7.7 (`ssh -V` shows which); there, use data/index.html instead.',
    '  1. Write allowed_signers (as UTF-8, which ssh-keygen needs):',
    `    [IO.File]::WriteAllText("$PWD\\allowed_signers", '${SIGNER_LINE_PREFIX}${publicKeyLine}')`,
    '  2. Run:',
    `    Start-Process ssh-keygen -ArgumentList '${verify.slice('ssh-keygen '.length)}' -RedirectStandardInput tagmanifest-sha256.txt -NoNewWindow -Wait`,
    '     or, the same through cmd.exe (from PowerShell or from a Command Prompt):',
    `    cmd /c "${verify} < tagmanifest-sha256.txt"`,
    '',
  ];
}

/** The payload description: versioned, documented by manifest.schema.json beside it. */
export function formatManifestJson(model: ExportModel): string {
  // Grouped once: filtering the whole custody log for each item was quadratic in big cases.
  const custodyBySubject = new Map<string, ExportModel['custody']>();
  for (const entry of model.custody) {
    const list = custodyBySubject.get(entry.subject);
    if (list) list.push(entry);
    else custodyBySubject.set(entry.subject, [entry]);
  }
  const manifest = {
    $schema: './manifest.schema.json',
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    bundleId: model.bundleId,
    generatedAt: model.generatedAt,
    softwareAgent: model.softwareAgent,
    signingKeyFingerprint: model.signingKeyFingerprint,
    part: model.part,
    case: model.case,
    period: model.period,
    hashAlgorithms: model.hashAlgorithms,
    device: model.device,
    summary: model.summary,
    items: model.items.map((item) => ({
      number: item.number,
      id: item.id,
      originalName: item.originalName,
      path: item.bagPath,
      hashes: item.hashes,
      size: item.size,
      mediaType: item.mediaType,
      kind: item.kind,
      capturedAt: item.capturedAt,
      capturedAtSource: item.capturedAtSource,
      capturedAtConfidence: item.capturedAtConfidence,
      importedAt: item.importedAt,
      provenance: item.provenance,
      metadata: item.metadata,
      notes: item.notes,
      tags: item.tags,
      thumbnail: item.thumbnailBagPath,
      ...(item.recognizedText === null ? {} : { recognizedText: item.recognizedText }),
      custody: custodyBySubject.get(`evidence:${item.id}`) ?? [],
    })),
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const BOM = '\uFEFF';

/**
 * One CSV cell. A cell that a spreadsheet would run as a formula (=, @, or +/- not starting a
 * number) gets a leading apostrophe: the text comes from the other side and may be hostile.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=@\t\r]/.test(text) || /^[+-](?![\d\s])/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatCsv(header: string[], rows: (string | number | null)[][]): string {
  // The BOM makes Excel read the file as UTF-8, so Hindi text shows correctly.
  return BOM + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function formatTimelineCsv(model: ExportModel): string {
  return formatCsv(
    [
      'occurred_at',
      'kind',
      'actor',
      'number',
      'text',
      'evidence_numbers',
      'flags',
      'flag_facts',
      'read_from_screenshot',
    ],
    model.timeline.map((entry) => [
      entry.occurredAt,
      entry.kind,
      entry.actor,
      entry.number,
      entry.text,
      entry.evidenceNumbers.join(' '),
      entry.flags.map((f) => f.ruleId).join(' '),
      entry.flags.map((f) => `${f.rule} (${f.fact}; ${f.source})`).join(' | '),
      entry.readFromScreenshot,
    ]),
  );
}

export function formatStepsCsv(model: ExportModel): string {
  return formatCsv(
    [
      'playbook',
      'step_id',
      'title',
      'status',
      'done_on',
      'due_on',
      'not_before',
      'references',
      'notes',
    ],
    model.steps.map((step) => [
      step.playbook,
      step.stepId,
      step.title,
      step.status,
      step.doneOn,
      step.dueOn,
      step.notBefore,
      Object.entries(step.references)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      step.notes,
    ]),
  );
}

/**
 * The vault's custody chain from its first entry, one JSON object a line. Entries about this case
 * are whole, so their hashes can be recomputed (custody-verify.ts documents the recipe); entries
 * about anything else keep only their place in the chain (seq, time, action, links), so the chain
 * still checks end to end without revealing other cases.
 */
export function formatCustodyLog(
  entries: readonly CustodyEntry[],
  isIncluded: (entry: CustodyEntry) => boolean,
): string {
  return entries
    .map((entry) =>
      JSON.stringify(
        isIncluded(entry)
          ? {
              seq: entry.seq,
              at: entry.at,
              action: entry.action,
              subject: entry.subject,
              details: entry.details,
              prev_hash: entry.prevHash,
              hash: entry.hash,
            }
          : {
              seq: entry.seq,
              at: entry.at,
              action: entry.action,
              redacted: true,
              prev_hash: entry.prevHash,
              hash: entry.hash,
            },
      ),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * The day the bag was made, on the case's clock: in India UTC's day turns over at 5:30 in the
 * morning, and an export at 2 am must not carry yesterday's date.
 */
export function baggingDate(model: Pick<ExportModel, 'generatedAt' | 'case'>): string {
  return toCalendarDateInZone(model.generatedAt, model.case.timezone);
}
