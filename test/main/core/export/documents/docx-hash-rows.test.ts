import { describe, expect, it } from 'vitest';
import {
  fillHashRows,
  ROWS_MARKER,
} from '../../../../../main/core/export/documents/docx-hash-rows';

const CELLS = [703, 2911, 6024].map(
  (w) => `<w:tcPr><w:tcW w:type="dxa" w:w="${String(w)}"/></w:tcPr>`,
);
const markerRow = (index: number): string =>
  `<w:tr>${CELLS.map((cell, i) => `<w:tc>${cell}<w:p><w:r><w:t xml:space="preserve">${i === 0 ? `${ROWS_MARKER}${String(index)}` : ''}</w:t></w:r></w:p></w:tc>`).join('')}</w:tr>`;

describe('the DOCX hash rows', () => {
  it('replaces the marker row with one escaped row per file, keeping the cell properties', () => {
    const xml = `<w:tbl><w:tr>header</w:tr>${markerRow(0)}</w:tbl>`;
    const out = fillHashRows(xml, [
      {
        algorithms: ['sha256', 'md5'],
        rows: [
          {
            number: '0001',
            name: 'Fast<Cash> & "Loans" \u0007.jpg',
            size: '1 KB',
            capturedAt: 'not known',
            hashes: { sha256: 'ab'.repeat(32), md5: 'cd'.repeat(16) },
          },
          {
            number: '0002',
            name: 'राजेश.png',
            size: '2 KB',
            capturedAt: 'not known',
            hashes: { sha256: 'ef'.repeat(32) },
          },
        ],
      },
    ]);
    expect(out).not.toContain(ROWS_MARKER);
    expect(out.match(/<w:tr>/g)).toHaveLength(3);
    expect(out).toContain('Fast&lt;Cash&gt; &amp; &quot;Loans&quot; .jpg');
    expect(out).not.toContain('\u0007');
    expect(out).toContain('ab'.repeat(32));
    expect(out).toContain('cd'.repeat(16));
    expect(out).toContain('राजेश.png');
    for (const cell of CELLS) expect(out.split(cell).length - 1).toBe(2);
    expect(out.startsWith('<w:tbl><w:tr>header</w:tr><w:tr>')).toBe(true);
    expect(out.endsWith('</w:tr></w:tbl>')).toBe(true);
  });

  it('fails loudly rather than writing a certificate without its table', () => {
    expect(() => fillHashRows('<w:tbl></w:tbl>', [{ algorithms: ['sha256'], rows: [] }])).toThrow(
      /marker/,
    );
  });
});
