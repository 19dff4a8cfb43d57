// Instagram and Facebook Messenger "Download your information" threads (../readers/meta-messages.ts)
// as timeline messages. Times are UTC milliseconds in the export, so no zone is assumed. The text
// was repaired from Meta's Latin-1 escapes by the reader, so Hindi and emoji read (and are found by
// a search) as written.
import type { CaptureDetails } from '../vault/vault';
import type { MetaThread } from '../readers/meta-messages';
import type { SourceMessage } from './source-messages';

export function describeMetaMessages(thread: MetaThread): SourceMessage[] {
  return thread.messages.map((message) => {
    const text =
      message.link === null || message.text.includes(message.link)
        ? message.text
        : [message.text, message.link].filter((part) => part !== '').join('\n');
    return {
      occurredAt: new Date(message.timestampMs).toISOString(),
      sender: message.sender,
      text,
      isSystem: false,
      attachments: message.media,
      precision: 'second',
      details: {
        zoneAssumed: false,
        ...(thread.title === null ? {} : { thread: thread.title }),
      },
    };
  });
}

export function describeMetaCapture(thread: MetaThread): CaptureDetails {
  const last = thread.messages.at(-1);
  const name = thread.platform === 'instagram' ? 'Instagram' : 'Messenger';
  return last === undefined
    ? {
        capturedAt: null,
        source: 'unknown',
        confidence: 'low',
        detail: 'the thread has no messages',
        zoneAssumed: false,
      }
    : {
        capturedAt: new Date(last.timestampMs).toISOString(),
        source: 'chat-export',
        confidence: 'medium',
        zoneAssumed: false,
        detail: `the time of the last message in the ${name} thread; the export was made at or after it`,
      };
}
