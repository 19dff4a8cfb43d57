// @vitest-environment jsdom
// A phone's call log opens as a table she can sort, with calls outside the RBI's hours said in
// words; an import of a call log ends with "N calls from them, M outside the hours the RBI allows",
// in English and in Hindi.
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallLogRow } from '../../../../shared/contract/viewer';
import type { ImportResultItem } from '../../../../shared/api-contract';
import { CallLogTable } from '../../../../renderer/src/components/viewer/CallLogTable';
import { ImportSummary } from '../../../../renderer/src/components/ImportSummary';
import { createI18n, type Language } from '../../../../renderer/src/i18n';

afterEach(cleanup);

function makeCall(
  at: string,
  number: string,
  callType: string,
  seconds: number,
  outside: boolean,
): CallLogRow {
  return {
    eventId: `${at}-${number}`,
    at,
    local: at.replace('Z', '+05:30'),
    number,
    contactName: null,
    callType,
    durationSeconds: seconds,
    fromHarasser: number === '+919876543210',
    outsideHours: outside,
  };
}

const CALLS = [
  makeCall('2024-05-12T02:29:00.000Z', '+919876543210', 'incoming', 42, true),
  makeCall('2024-05-12T15:45:00.000Z', '+919876543210', 'incoming', 185, true),
  makeCall('2024-05-12T17:00:00.000Z', '+919812345678', 'incoming', 300, false),
  makeCall('2024-05-12T02:30:00.000Z', '+919876543210', 'missed', 0, false),
];

function renderIn(language: Language, node: React.ReactNode) {
  return render(<I18nextProvider i18n={createI18n(language)}>{node}</I18nextProvider>);
}

function readNumbersAndLengths(): string[] {
  return within(screen.getByTestId('call-log'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => {
      const cells = within(row).getAllByRole('cell');
      return `${cells[1]?.textContent ?? ''} | ${cells[3]?.textContent ?? ''}`;
    });
}

describe('the call-log table', () => {
  it('sorts by time, then by length both ways, shows numbers grouped as people write them, and marks calls outside the hours in words', async () => {
    const user = userEvent.setup();
    renderIn('en', <CallLogTable calls={CALLS} timezone="Asia/Kolkata" />);
    expect(readNumbersAndLengths()).toEqual([
      '+91 98765 43210 | 0:42',
      '+91 98765 43210 | 0:00',
      '+91 98765 43210 | 3:05',
      '+91 98123 45678 | 5:00',
    ]);
    await user.click(screen.getByRole('button', { name: /Length/ }));
    expect(readNumbersAndLengths().map((row) => row.split(' | ')[1])).toEqual([
      '0:00',
      '0:42',
      '3:05',
      '5:00',
    ]);
    await user.click(screen.getByRole('button', { name: /Length/ }));
    expect(readNumbersAndLengths()[0]).toBe('+91 98123 45678 | 5:00');
    expect(screen.getAllByText('Outside the hours the RBI allows')).toHaveLength(2);
    expect(screen.getByText('3 calls from them, 2 outside the hours the RBI allows')).toBeTruthy();
  });

  it('speaks Hindi too', () => {
    renderIn('hi', <CallLogTable calls={CALLS} timezone="Asia/Kolkata" />);
    expect(screen.getAllByText('RBI के तय समय के बाहर')).toHaveLength(2);
    expect(screen.getByRole('button', { name: /अवधि/ })).toBeTruthy();
  });
});

describe('the import summary of a call log', () => {
  const result: ImportResultItem = {
    name: 'calls-20240513090000.xml',
    status: 'imported',
    reasonCode: null,
    reason: null,
    evidenceId: 'e1',
    sha256: 'a'.repeat(64),
    mediaType: 'application/xml',
    capturedAt: null,
    capturedAtSource: null,
    warnings: [],
    messageCount: null,
    callLog: { calls: 120, alreadyHere: 0, fromThem: 87, outsideHours: 23 },
  };

  it('ends with one sentence: 87 calls from them, 23 outside the hours the RBI allows', () => {
    renderIn('en', <ImportSummary results={[result]} onClose={() => undefined} />);
    expect(screen.getByTestId('import-call-log').textContent).toBe(
      '87 calls from them, 23 outside the hours the RBI allows',
    );
  });

  it('says the same in Hindi', () => {
    renderIn('hi', <ImportSummary results={[result]} onClose={() => undefined} />);
    expect(screen.getByTestId('import-call-log').textContent).toBe(
      'उनकी ओर से 87 कॉल, जिनमें से 23 RBI के तय समय के बाहर',
    );
  });
});

describe('the import summary of chats', () => {
  const chat: ImportResultItem = {
    name: 'sms-20240513090000.xml',
    status: 'imported',
    reasonCode: null,
    reason: null,
    evidenceId: 'e2',
    sha256: 'b'.repeat(64),
    mediaType: 'application/xml',
    capturedAt: null,
    capturedAtSource: null,
    warnings: [],
    messageCount: 13,
    messagesAlreadyHere: 0,
  };

  it('says how many messages were read, without a "0 already here" she has to puzzle over', () => {
    renderIn('en', <ImportSummary results={[chat]} onClose={() => undefined} />);
    expect(screen.getByTestId('import-chat-messages').textContent).toBe(
      '13 messages read from the chats',
    );
  });

  it('says so in Hindi too, and still counts the messages already here when there are some', () => {
    renderIn('hi', <ImportSummary results={[chat]} onClose={() => undefined} />);
    expect(screen.getByTestId('import-chat-messages').textContent).toBe('चैट से 13 मैसेज पढ़े गए');
    cleanup();
    renderIn(
      'en',
      <ImportSummary results={[{ ...chat, messagesAlreadyHere: 4 }]} onClose={() => undefined} />,
    );
    expect(screen.getByTestId('import-chat-messages').textContent).toBe(
      '13 messages, 4 already here',
    );
  });
});
