// The rows of the DOCX hash table, written as WordprocessingML text instead of docx objects.
//
// Why by hand: the docx package turns every row into a tree of objects (row, cells, properties,
// paragraphs, runs, attributes) and then into a second tree for its XML writer, all held at once;
// for a 2,000-file case that was the export's largest burst of memory (over 100 MiB of heap). The
// rows are a fixed, simple shape, so certificate-docx.ts has docx write the table with its header and
// one marker row, and the marker row is replaced here by the real rows, with the cell properties
// docx itself wrote for the marker, through Packer's documented `overrides` for word/document.xml.
import yauzl from 'yauzl';
import { SakshyaError } from '../../../../shared/errors';
import type { HashAlgorithm } from '../export-model';
import { ALGORITHM_LABELS, type HashRow } from './certificate-content';

export const CELL_STYLE = 'SakshyaCell';
export const HASH_STYLE = 'SakshyaHash';
export const HASH_LABEL_STYLE = 'SakshyaHashLabel';
/** Text of the marker row's first cell; the number tells tables apart. */
export const ROWS_MARKER = 'SAKSHYA-HASH-ROWS-';

export interface HashRowsTable {
  algorithms: HashAlgorithm[];
  rows: HashRow[];
}

/** XML 1.0 forbids most control characters even escaped; a file name could carry one. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function runXml(text: string, style: string | undefined, lineBreak: boolean): string {
  const props = style === undefined ? '' : `<w:rPr><w:rStyle w:val="${style}"/></w:rPr>`;
  return `<w:r>${props}${lineBreak ? '<w:br/>' : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

function cellXml(cellProps: string, runs: string): string {
  return `<w:tc>${cellProps}<w:p><w:pPr><w:pStyle w:val="${CELL_STYLE}"/></w:pPr>${runs}</w:p></w:tc>`;
}

function rowXml(table: HashRowsTable, row: HashRow, cellProps: string[]): string {
  const file = `${row.name}\n${row.size}\nCaptured: ${row.capturedAt}`
    .split('\n')
    .map((line, i) => runXml(line, undefined, i > 0))
    .join('');
  let hashes = '';
  let first = true;
  for (const algorithm of table.algorithms) {
    const value = row.hashes[algorithm];
    if (!value) continue;
    hashes += runXml(`${ALGORITHM_LABELS[algorithm]}: `, HASH_LABEL_STYLE, !first);
    hashes += runXml(value, HASH_STYLE, false);
    first = false;
  }
  return (
    '<w:tr><w:trPr><w:cantSplit/></w:trPr>' +
    cellXml(cellProps[0] ?? '', runXml(row.number, undefined, false)) +
    cellXml(cellProps[1] ?? '', file) +
    cellXml(cellProps[2] ?? '', hashes) +
    '</w:tr>'
  );
}

/** Replaces each table's marker row in document.xml with its rows. */
export function fillHashRows(documentXml: string, tables: HashRowsTable[]): string {
  let xml = documentXml;
  tables.forEach((table, index) => {
    const marker = `${ROWS_MARKER}${String(index)}<`;
    const at = xml.indexOf(marker);
    const start = xml.lastIndexOf('<w:tr>', at);
    const end = xml.indexOf('</w:tr>', at);
    if (at < 0 || start < 0 || end < 0) {
      throw new SakshyaError('INTERNAL', 'the DOCX hash table marker is missing');
    }
    const markerRow = xml.slice(start, end);
    const cellProps = markerRow.match(/<w:tcPr>.*?<\/w:tcPr>/g) ?? [];
    const rows = table.rows.map((row) => rowXml(table, row, cellProps)).join('');
    xml = xml.slice(0, start) + rows + xml.slice(end + '</w:tr>'.length);
  });
  return xml;
}

/** Reads one text entry of a zip held in memory (the DOCX that docx just wrote). */
export function readZipText(zip: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error) {
        reject(error);
        return;
      }
      file.on('error', reject);
      file.on('end', () => {
        reject(new SakshyaError('INTERNAL', `${name} is missing from the DOCX`));
      });
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) {
          file.readEntry();
          return;
        }
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError) {
            reject(streamError);
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            file.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      file.readEntry();
    });
  });
}
