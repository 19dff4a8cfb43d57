// The SMS Backup & Restore reader on its own: records as elements close, whatever the chunking;
// the app's surrogate-pair references joined; readable dates in the app's usual locales; a
// DOCTYPE, a cut-short file, broken XML and an endless element refused with their own problem.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  AndroidBackupError,
  AndroidBackupReader,
  joinSurrogateRefs,
  MAX_DEPTH,
  MAX_ELEMENT_CHARS,
  parseReadableDate,
  readAndroidBackup,
  readBackupDate,
  sniffAndroidBackup,
  type AndroidRecord,
} from '../../../../main/core/readers/android-backup';

const HEAD = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.20.002 on 12/05/2024 22:00:00-->
<?xml-stylesheet type="text/xsl" href="sms.xsl"?>
`;

const SMS = `${HEAD}<smses count="4">
  <sms protocol="0" address="+91 98765 43210" date="1715528110000" type="1" subject="null" body="पैसे दो &#55357;&#56832; अभी" readable_date="12 May 2024 21:05:10" contact_name="(Unknown)" />
  <sms protocol="0" address="098765 43210" date="1715528140000" type="2" subject="null" body="कल" readable_date="May 12, 2024 9:05:40 PM" contact_name="XYZ Loans" />
  <sms protocol="0" address="+919876543210" date="1715528150000" type="3" body="draft" readable_date="" contact_name="" />
  <mms date="1715530200000" msg_box="1" address="+919876543210~+919900011122">
    <parts>
      <part seq="-1" ct="application/smil" text="&lt;smil/&gt;" data="null" />
      <part seq="0" ct="image/jpeg" cl="IMG_1.jpg" text="null" data="/9j/4AAQ" />
      <part seq="0" ct="text/plain" text="देखो" data="null" />
    </parts>
    <addrs>
      <addr address="+919900011122" type="151" charset="106" />
      <addr address="+919876543210" type="137" charset="106" />
    </addrs>
  </mms>
</smses>
`;

function readAll(text: string, chunk: number): { records: AndroidRecord[]; kind: string | null } {
  const reader = new AndroidBackupReader();
  const bytes = Buffer.from(text);
  const records: AndroidRecord[] = [];
  for (let at = 0; at < bytes.length; at += chunk)
    records.push(...reader.write(bytes.subarray(at, at + chunk)));
  records.push(...reader.end());
  return { records, kind: reader.kind };
}

function readProblem(text: string): string {
  try {
    readAll(text, 4096);
  } catch (error) {
    if (error instanceof AndroidBackupError) return error.problem;
    throw error;
  }
  return 'none';
}

describe('the SMS Backup & Restore reader', () => {
  it('reads the same records whatever size the chunks come in, even one byte at a time', () => {
    const whole = readAll(SMS, 1 << 20);
    expect(whole.kind).toBe('sms');
    expect(whole.records).toEqual([
      {
        kind: 'sms',
        date: 1715528110000,
        readableLocal: null,
        address: '+91 98765 43210',
        direction: 'incoming',
        body: 'पैसे दो 😀 अभी',
        contactName: null,
      },
      {
        kind: 'sms',
        date: 1715528140000,
        readableLocal: null,
        address: '098765 43210',
        direction: 'outgoing',
        body: 'कल',
        contactName: 'XYZ Loans',
      },
      {
        kind: 'mms',
        date: 1715530200000,
        readableLocal: null,
        address: '+919876543210',
        direction: 'incoming',
        body: 'देखो',
        files: [{ contentType: 'image/jpeg', name: 'IMG_1.jpg', data: '/9j/4AAQ' }],
        contactName: null,
      },
    ]);
    for (const chunk of [1, 2, 3, 7, 13, 64]) expect(readAll(SMS, chunk)).toEqual(whole);
  });

  it('joins surrogate-pair references and turns a lone half into U+FFFD', () => {
    expect(joinSurrogateRefs('a&#55357;&#56832;b')).toBe('a&#128512;b');
    expect(joinSurrogateRefs('&#xD83D;&#xDE4F;')).toBe('&#128591;');
    expect(joinSurrogateRefs('x&#55357;y&#56832;z')).toBe('x&#65533;y&#65533;z');
    expect(joinSurrogateRefs('&#2346; &amp; &#128512;')).toBe('&#2346; &amp; &#128512;');
  });

  it('reads readable dates in 12- and 24-hour forms, day first when written in numbers', () => {
    expect(parseReadableDate('12 May 2024 21:15:00')).toBe('2024-05-12T21:15:00');
    expect(parseReadableDate('May 12, 2024 9:15:00 PM')).toBe('2024-05-12T21:15:00');
    expect(parseReadableDate('12-May-2024 12:05:09 am')).toBe('2024-05-12T00:05:09');
    expect(parseReadableDate('05/06/2024 07:59')).toBe('2024-06-05T07:59:00');
    expect(parseReadableDate('31 Feb 2024 10:00:00')).toBeNull();
    expect(parseReadableDate('13:00 PM 12 May 2024')).toBeNull();
    expect(parseReadableDate('')).toBeNull();
  });

  it('knows a backup from its first lines, and nothing else', () => {
    expect(sniffAndroidBackup(SMS.slice(0, 300))).toBe('sms');
    expect(sniffAndroidBackup(`${HEAD}<calls count="1">`)).toBe('calls');
    expect(sniffAndroidBackup('<?xml version="1.0"?><notes/>')).toBeNull();
    expect(sniffAndroidBackup('12/05/2024, 21:05 - Ravi: <calls>')).toBeNull();
    expect(readBackupDate(`${HEAD}<calls count="1" backup_date="1715571000000" type="full">`)).toBe(
      1715571000000,
    );
    expect(readBackupDate(`${HEAD}<smses count="1" backup_date="null">`)).toBeNull();
  });

  it('names each kind of damage: cut short, broken, a DOCTYPE, an endless element', () => {
    expect(readProblem(SMS.slice(0, SMS.indexOf('<mms')))).toBe('truncated');
    expect(readProblem(SMS.replace('type="2"', 'type="2" type="1"'))).toBe('malformed');
    expect(
      readProblem(
        `<?xml version="1.0"?><!DOCTYPE smses SYSTEM "http://example.invalid/x.dtd"><smses/>`,
      ),
    ).toBe('doctype');
    expect(readProblem('<?xml version="1.0"?><notes><note/></notes>')).toBe('not-a-backup');
    const endless = new AndroidBackupReader();
    endless.write(Buffer.from(`${HEAD}<smses><sms body="`));
    const block = Buffer.alloc(4 * 1024 * 1024, 'a');
    let problem = 'none';
    try {
      for (let sent = 0; sent <= MAX_ELEMENT_CHARS + block.length; sent += block.length)
        endless.write(block);
    } catch (error) {
      problem = error instanceof AndroidBackupError ? error.problem : 'other';
    }
    expect(problem).toBe('element-too-large');
  });

  it('refuses elements nested deeper than a backup ever nests them, keeping the records before, even in the same chunk', async () => {
    // Well-formed XML, but a million levels deep: a parser's stack of open elements grows with
    // each `<a>` (gigabytes for a few tens of MB of file); the reader stops at MAX_DEPTH.
    const levels = 1_000_000;
    const deep = `${HEAD}<smses count="2">
  <sms protocol="0" address="+919876543210" date="1715528110000" type="1" body="before" />
  <sms protocol="0" address="+919876543210" date="1715528120000" type="1" body="x">${'<a>'.repeat(levels)}${'</a>'.repeat(levels)}</sms>
</smses>
`;
    const records: AndroidRecord[] = [];
    const bytes = Buffer.from(deep);
    let problem = 'none';
    let fed = 0;
    function* chunks(): Generator<Uint8Array> {
      for (; fed < bytes.length; fed += 65536) yield bytes.subarray(fed, fed + 65536);
    }
    try {
      for await (const batch of readAndroidBackup(Readable.from(chunks(), { objectMode: true })))
        records.push(...batch);
    } catch (error) {
      problem = error instanceof AndroidBackupError ? error.problem : 'other';
    }
    expect(problem).toBe('malformed');
    // It stopped near the start of the nesting, not after the whole file.
    expect(fed).toBeLessThan(bytes.length / 5);
    expect(records.map((record) => (record.kind === 'sms' ? record.body : ''))).toEqual([
      'before',
      'x',
    ]);
    expect(MAX_DEPTH).toBeGreaterThanOrEqual(4);
  });
});
