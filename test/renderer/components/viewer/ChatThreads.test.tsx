// @vitest-environment jsdom
// An SMS backup (or a Telegram account, or an Instagram zip) holding several threads opens in the
// viewer as a calm list of them, in English and in Hindi: the other person's name or number, how
// many messages, the last date. Choosing one opens only that thread in the one conversation view;
// "All conversations" goes back, and another thread opens with its own messages.
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatConversation, ChatLine } from '../../../../shared/contract/viewer';
import { ApiContext } from '../../../../renderer/src/api/api-context';
import { EvidenceViewer } from '../../../../renderer/src/components/EvidenceViewer';
import { createI18n, type Language } from '../../../../renderer/src/i18n';
import { CASE_ID, createViewerMemory, evidenceId, makeDetails } from '../../helpers/viewer-api';

afterEach(cleanup);

const SMS_ID = evidenceId(7);
const HARASSER_KEY = 'n:+919876543210';
const BROTHER_KEY = 'n:+919812345678';

function makeLine(n: number, at: string, sender: string | null, text: string): ChatLine {
  return {
    eventId: `event-${String(n)}`,
    at,
    local: at.replace('.000Z', '+05:30'),
    sender,
    text,
    isSystem: false,
    attachments: [],
  };
}

function makeThreadChat(thread: string, lines: ChatLine[]): ChatConversation {
  return {
    evidenceId: SMS_ID,
    timezone: 'Asia/Kolkata',
    lines,
    cut: false,
    channel: 'sms',
    threads: LIST.threads ?? [],
    thread,
  };
}

const LIST: ChatConversation = {
  evidenceId: SMS_ID,
  timezone: 'Asia/Kolkata',
  lines: [],
  cut: false,
  channel: 'sms',
  thread: null,
  threads: [
    {
      key: HARASSER_KEY,
      name: 'XYZ Loans',
      number: '+919876543210',
      messages: 5,
      lastAt: '2024-05-12T16:50:00.000Z',
      lastLocal: '2024-05-12T22:20:00+05:30',
    },
    {
      key: BROTHER_KEY,
      name: 'राहुल भैया',
      number: '+919812345678',
      messages: 1,
      lastAt: '2024-05-12T16:40:00.000Z',
      lastLocal: '2024-05-12T22:10:00+05:30',
    },
    {
      key: 'n:VM-LOANAP',
      name: null,
      number: 'VM-LOANAP',
      messages: 1,
      lastAt: '2024-05-12T04:30:00.000Z',
      lastLocal: '2024-05-12T10:00:00+05:30',
    },
  ],
};

function renderSmsBackup(language: Language) {
  const memory = createViewerMemory([
    makeDetails(7, { originalName: 'sms-20240513090000.xml', mediaType: 'application/xml' }),
  ]);
  memory.chats.set(SMS_ID, LIST);
  memory.chats.set(
    `${SMS_ID}#${HARASSER_KEY}`,
    makeThreadChat(HARASSER_KEY, [
      makeLine(1, '2024-05-12T15:45:00.000Z', '+919876543210', 'Pay today or we call your office'),
      makeLine(2, '2024-05-12T16:50:00.000Z', '+919876543210', 'आज पैसे भरो'),
    ]),
  );
  memory.chats.set(
    `${SMS_ID}#${BROTHER_KEY}`,
    makeThreadChat(BROTHER_KEY, [
      makeLine(3, '2024-05-12T16:40:00.000Z', '+919812345678', 'They called me too'),
    ]),
  );
  render(
    <ApiContext value={memory.api}>
      <I18nextProvider i18n={createI18n(language)}>
        <EvidenceViewer
          caseId={CASE_ID}
          evidenceIds={[SMS_ID]}
          index={0}
          onIndexChange={() => undefined}
          onClose={() => undefined}
          onChanged={() => undefined}
        />
      </I18nextProvider>
    </ApiContext>,
  );
  return { memory, user: userEvent.setup() };
}

function readThreads(): string[] {
  return screen.getAllByTestId('chat-thread').map((item) => item.textContent);
}

/** The open conversation's heading; its bubbles are drawn by a virtualizer, which needs layout. */
async function readOpenChat(): Promise<string> {
  const view = await screen.findByTestId('chat-view');
  return within(view).getByRole('heading').textContent;
}

describe('the threads of an SMS backup in the viewer', () => {
  it('lists each person with their count and last date, and opens one thread at a time', async () => {
    const { memory, user } = renderSmsBackup('en');
    const list = await screen.findByTestId('chat-threads');
    expect(within(list).getByRole('heading').textContent).toBe(
      '3 conversations in this file ✉ SMS',
    );
    expect(readThreads()).toEqual([
      'XYZ Loans+91 98765 432105 messages · last on 12 May 2024, 10:20 pm',
      'राहुल भैया+91 98123 456781 message · last on 12 May 2024, 10:10 pm',
      'VM-LOANAP1 message · last on 12 May 2024, 10:00 am',
    ]);
    expect(screen.queryByTestId('chat-view')).toBeNull();

    await user.click(screen.getByRole('button', { name: /XYZ Loans/ }));
    expect(await readOpenChat()).toBe('Conversation · 2 messages ✉ SMS');
    expect(screen.queryByTestId('chat-threads')).toBeNull();
    expect(memory.calls.filter((call) => call.name === 'evidence:chat').at(-1)?.input).toEqual({
      evidenceId: SMS_ID,
      thread: HARASSER_KEY,
    });

    await user.click(screen.getByRole('button', { name: /All conversations/ }));
    await user.click(await screen.findByRole('button', { name: /राहुल भैया/ }));
    expect(await readOpenChat()).toBe('Conversation · 1 message ✉ SMS');
    expect(memory.calls.filter((call) => call.name === 'evidence:chat').at(-1)?.input).toEqual({
      evidenceId: SMS_ID,
      thread: BROTHER_KEY,
    });
  });

  it('says the same in Hindi', async () => {
    const { user } = renderSmsBackup('hi');
    const list = await screen.findByTestId('chat-threads');
    expect(within(list).getByRole('heading').textContent).toBe('इस फ़ाइल में 3 बातचीत ✉ एसएमएस');
    expect(within(list).getByText('पढ़ने के लिए कोई एक चुनें।')).toBeTruthy();
    const rows = readThreads();
    expect(rows[0]).toContain('XYZ Loans');
    expect(rows[0]).toContain('5 मैसेज');
    // Latin digits and the part of the day in Hindi words, as on every Hindi screen.
    expect(rows[0]).toContain('आख़िरी मैसेज 12 मई 2024, रात 10:20');
    expect(rows[2]).toContain('VM-LOANAP');
    await user.click(screen.getByRole('button', { name: /XYZ Loans/ }));
    expect(await readOpenChat()).toBe('बातचीत · 2 मैसेज ✉ एसएमएस');
    expect(screen.getByRole('button', { name: /सारी बातचीत/ })).toBeTruthy();
  });
});
