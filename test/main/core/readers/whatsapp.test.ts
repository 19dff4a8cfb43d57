import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  parseWhatsAppChat,
  readChatExportText,
  type ChatMessage,
} from '../../../../main/core/readers/whatsapp';
import { WHATSAPP_DIR } from '../import/fixtures';

interface ExpectedMessage {
  timestamp: string;
  author: string;
  message: string;
}

const expected = JSON.parse(
  fs.readFileSync(path.join(WHATSAPP_DIR, 'expected-messages.json'), 'utf8'),
) as ExpectedMessage[];

function readSample(name: string): string {
  return readChatExportText(fs.readFileSync(path.join(WHATSAPP_DIR, name)));
}

/** Our messages in the reference's shape: newest first, lines joined by one space. */
function asReference(messages: ChatMessage[]): ExpectedMessage[] {
  return messages
    .map((m) => ({
      timestamp: m.localTime,
      author: m.author ?? '',
      message: m.text.split('\n').join(' '),
    }))
    .sort((a, b) => b.timestamp.localeCompare(a.timestamp));
}

describe('parseWhatsAppChat on real Android exports', () => {
  it.each([
    ['android-ddmmyy-24h.txt', 'day-first', '24-hour'],
    ['android-mmddyyyy-12h.txt', 'month-first', '12-hour'],
  ])('finds exactly the reference messages in %s', (name, dateOrder, clock) => {
    const chat = parseWhatsAppChat(readSample(name));
    expect(asReference(chat.messages)).toEqual(expected);
    expect(chat.dateOrder).toBe(dateOrder);
    expect(chat.clock).toBe(clock);
    expect(chat.platform).toBe('android');
  });

  it('keeps system lines and the malformed "John Doe:." line out of the messages', () => {
    const chat = parseWhatsAppChat(readSample('android-mmddyyyy-12h.txt'));
    expect(chat.systemLines.map((line) => [line.localTime, line.text])).toEqual([
      ['2019-01-20T11:23:00', 'John Doe:.'],
      ['2020-06-20T00:08:00', '+12 345 578 created group "Groupname"'],
      ['2020-06-30T09:10:00', 'You were added'],
    ]);
    expect(chat.systemLines.every((line) => line.isSystem && line.author === null)).toBe(true);
    expect(chat.messages.every((message) => !message.isSystem)).toBe(true);
  });

  it('keeps the line breaks of a multi-line message', () => {
    const chat = parseWhatsAppChat(readSample('android-ddmmyy-24h.txt'));
    expect(chat.messages.at(-1)?.text).toBe(
      'Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.',
    );
  });
});

describe('parseWhatsAppChat on an iPhone export', () => {
  const LRM = '\u200e';
  const NNBSP = '\u202f';
  const ios = [
    `${LRM}[12/05/24, 9:41:00${NNBSP}PM] Loan Recovery: ${LRM}Messages and calls are end-to-end encrypted.`,
    `[12/05/24, 9:43:10${NNBSP}PM] Loan Recovery: Pay today or we call your family`,
    `${LRM}[12/05/24, 9:43:12${NNBSP}PM] Loan Recovery: ${LRM}<attached: 00000031-PHOTO-2024-05-12-21-43-10.jpg>`,
    `[13/05/24, 12:05:00${NNBSP}AM] \u202a+91 98765 43210\u202c: last warning`,
    'second line',
    `[13/05/24, 12:15:30\u00a0PM] Me: stop calling`,
    '',
  ].join('\r\n');

  it('reads bracket lines, invisible marks, the narrow space before PM and attachments', () => {
    const chat = parseWhatsAppChat(readChatExportText(Buffer.from(`\ufeff${ios}`, 'utf8')));
    expect(chat).toMatchObject({ dateOrder: 'day-first', clock: '12-hour', platform: 'ios' });
    expect(chat.messages.map((m) => [m.localTime, m.author, m.text, m.attachments])).toEqual([
      ['2024-05-12T21:41:00', 'Loan Recovery', 'Messages and calls are end-to-end encrypted.', []],
      ['2024-05-12T21:43:10', 'Loan Recovery', 'Pay today or we call your family', []],
      [
        '2024-05-12T21:43:12',
        'Loan Recovery',
        '<attached: 00000031-PHOTO-2024-05-12-21-43-10.jpg>',
        ['00000031-PHOTO-2024-05-12-21-43-10.jpg'],
      ],
      ['2024-05-13T00:05:00', '+91 98765 43210', 'last warning\nsecond line', []],
      ['2024-05-13T12:15:30', 'Me', 'stop calling', []],
    ]);
  });
});

describe('parseWhatsAppChat details', () => {
  it('gives the same wall-clock times for the 12-hour and 24-hour forms of one chat', () => {
    const twelve = [
      '14/05/24, 9:05 am - Agent: first',
      '14/05/24, 12:00 pm - Agent: noon',
      '14/05/24, 11:59 p.m. - Agent: late',
    ];
    const twentyFour = [
      '14/05/24, 09:05 - Agent: first',
      '14/05/24, 12:00 - Agent: noon',
      '14/05/24, 23:59 - Agent: late',
    ];
    const times = (lines: string[]) =>
      parseWhatsAppChat(lines.join('\n')).messages.map((m) => m.localTime);
    expect(times(twelve)).toEqual([
      '2024-05-14T09:05:00',
      '2024-05-14T12:00:00',
      '2024-05-14T23:59:00',
    ]);
    expect(times(twentyFour)).toEqual(times(twelve));
  });

  it('reads an Android media attachment', () => {
    const chat = parseWhatsAppChat(
      '13/05/24, 10:01 - Agent: IMG-20240513-WA0003.jpg (file attached)\nsee this',
    );
    expect(chat.messages[0]?.attachments).toEqual(['IMG-20240513-WA0003.jpg']);
  });

  it('says ambiguous when no date has a day above 12, reads day-first, and follows the caller when told', () => {
    const text = '05/06/24, 10:00 - Agent: one\n07/06/24, 11:00 - Agent: two';
    const guessed = parseWhatsAppChat(text);
    expect(guessed.dateOrder).toBe('ambiguous');
    expect(guessed.messages.map((m) => m.localTime)).toEqual([
      '2024-06-05T10:00:00',
      '2024-06-07T11:00:00',
    ]);
    const told = parseWhatsAppChat(text, { dayFirst: false });
    expect(told.dateOrder).toBe('ambiguous');
    expect(told.messages.map((m) => m.localTime)).toEqual([
      '2024-05-06T10:00:00',
      '2024-07-06T11:00:00',
    ]);
  });

  it('judges the date order from the whole file, not the first lines', () => {
    const lines = ['01/02/24, 10:00 - A: x', '03/04/24, 10:00 - A: y', '05/25/24, 10:00 - A: z'];
    expect(parseWhatsAppChat(lines.join('\n')).dateOrder).toBe('month-first');
  });

  it('refuses a day/month order that the dates contradict', () => {
    expect(() => parseWhatsAppChat('25/05/24, 10:00 - A: x', { dayFirst: false })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  describe('in a machine whose own zone skips the hour a message was sent', () => {
    const savedZone = process.env.TZ;
    afterEach(() => {
      if (savedZone === undefined) delete process.env.TZ;
      else process.env.TZ = savedZone;
    });

    it('still returns the wall-clock time written in the chat', () => {
      process.env.TZ = 'Europe/London';
      const chat = parseWhatsAppChat('31/03/24, 01:30 - Agent: sent in the missing hour');
      expect(chat.messages[0]?.localTime).toBe('2024-03-31T01:30:00');
    });
  });
});

describe('readChatExportText', () => {
  it('removes a UTF-8 BOM and turns CRLF and CR into LF', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('a\r\nb\rc\n', 'utf8'),
    ]);
    expect(readChatExportText(bytes)).toBe('a\nb\nc\n');
  });

  it('decodes UTF-16 text that starts with a byte-order mark', () => {
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('नमस्ते\r\n', 'utf16le')]);
    expect(readChatExportText(little)).toBe('नमस्ते\n');
    const big = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from('hi\r\n', 'utf16le').swap16(),
    ]);
    expect(readChatExportText(big)).toBe('hi\n');
  });
});
