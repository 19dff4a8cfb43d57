import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeEmail, readEmail } from '../../../../main/core/readers/email';
import {
  isMetaThreadName,
  readMetaThread,
  repairMojibake,
} from '../../../../main/core/readers/meta-messages';
import { joinTelegramText, readTelegramExport } from '../../../../main/core/readers/telegram';

const SOURCES = path.resolve(import.meta.dirname, '../../../fixtures/sources');

function mojibake(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

describe('Telegram Desktop JSON', () => {
  it('joins plain strings and formatted parts in order', () => {
    expect(joinTelegramText('plain')).toBe('plain');
    expect(
      joinTelegramText([
        'आज ',
        { type: 'bold', text: 'पैसे भरो' },
        ' ',
        { type: 'text_link', text: 'here', href: 'https://x.example' },
      ]),
    ).toBe('आज पैसे भरो here');
    expect(joinTelegramText(undefined)).toBe('');
  });

  it('tells one chat from a whole account and skips messages with no date at all', () => {
    const chat = readTelegramExport({
      name: 'A',
      type: 'personal_chat',
      id: 1,
      messages: [
        { id: 1, type: 'message', date_unixtime: '1715528700', from: 'A', text: 'x' },
        { id: 2, type: 'message', from: 'A', text: 'no date' },
      ],
    });
    expect(chat?.scope).toBe('chat');
    expect(chat?.chats[0]?.messages.map((m) => [m.unixMs, m.text])).toEqual([[1715528700000, 'x']]);
    const account = readTelegramExport(
      JSON.parse(fs.readFileSync(path.join(SOURCES, 'telegram-account/result.json'), 'utf8')),
    );
    expect(account?.scope).toBe('account');
    expect(account?.chats.map((c) => c.name)).toEqual(['Loan Team', 'Brother']);
    expect(readTelegramExport({ participants: [], messages: [] })).toBeNull();
    expect(readTelegramExport([1, 2])).toBeNull();
  });
});

describe("Meta's Latin-1-escaped text", () => {
  it('repairs Hindi and emoji, and leaves text that is already right or really Latin-1', () => {
    expect(repairMojibake(mojibake('पैसे भरो 😡'))).toBe('पैसे भरो 😡');
    expect(repairMojibake('पैसे भरो')).toBe('पैसे भरो');
    expect(repairMojibake('café')).toBe('café');
    expect(repairMojibake('plain ascii')).toBe('plain ascii');
  });

  it('reads a thread oldest first and tells Instagram from Messenger', () => {
    const instagram = readMetaThread(
      {
        participants: [{ name: 'A' }],
        messages: [
          {
            sender_name: 'A',
            timestamp_ms: 2000,
            content: 'second',
            is_geoblocked_for_viewer: false,
          },
          { sender_name: 'A', timestamp_ms: 1000, content: mojibake('पहला') },
        ],
      },
      'x/message_1.json',
    );
    expect(instagram?.platform).toBe('instagram');
    expect(instagram?.messages.map((m) => m.text)).toEqual(['पहला', 'second']);
    const messenger = readMetaThread({
      participants: [{ name: 'B' }],
      messages: [{ sender_name: 'B', timestamp_ms: 1, share: { link: 'https://l.example' } }],
    });
    expect(messenger).toMatchObject({
      platform: 'messenger',
      messages: [{ link: 'https://l.example' }],
    });
    expect(readMetaThread({ messages: [] })).toBeNull();
    expect(isMetaThreadName('messages/inbox/a_1/message_12.json')).toBe(true);
    expect(isMetaThreadName('messages/inbox/a_1/photos/message_1.jpg')).toBe(false);
  });
});

describe('e-mail files', () => {
  it('reads from, to, date, subject, body and attachments without rendering the HTML', async () => {
    const bytes = fs.readFileSync(path.join(SOURCES, 'email/final-warning.eml'));
    expect(looksLikeEmail(bytes.toString('latin1'))).toBe(true);
    const mail = await readEmail(bytes);
    expect(mail).toMatchObject({
      fromAddress: 'recovery@quickcash.example',
      fromName: 'QuickCash Recovery',
      to: ['meera@example.in', 'arjun@example.in'],
      dateMs: Date.parse('2024-05-12T16:35:00Z'),
      subject: 'अंतिम चेतावनी / Final warning',
      messageId: '<notice-1@quickcash.example>',
    });
    expect(mail.body).not.toContain('tracker.quickcash.example');
    expect(mail.attachments.map((a) => [a.name, a.content.toString('utf8')])).toEqual([
      ['legal-notice.txt', 'LEGAL NOTICE\nPay Rs 12,000 within 24 hours.\n'],
    ]);
  });

  it('does not take ordinary text for a mail', () => {
    expect(looksLikeEmail('Dear sir,\nFrom: me\n')).toBe(false);
    expect(looksLikeEmail('From: a@b.example\nSubject: hi\n\nbody')).toBe(true);
    expect(looksLikeEmail('12/05/2024, 21:15 - Ravi: From: x')).toBe(false);
  });
});
