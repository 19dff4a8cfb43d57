import { describe, expect, it } from 'vitest';
import {
  findRepeats,
  isSameMessage,
  normaliseMessageText,
  senderKeyFor,
  type ComparableMessage,
} from '../../../../main/core/timeline/same-message';

const at = (text: string): number => Date.parse(text);

function message(over: Partial<ComparableMessage> = {}): ComparableMessage {
  return {
    senderKey: 'sender:Agent Ravi',
    text: 'PAY NOW',
    at: at('2024-05-12T16:31:00Z'),
    precision: 'minute',
    ...over,
  };
}

describe('the same message rule', () => {
  it('matches the same sender, text and minute between two WhatsApp exports', () => {
    expect(isSameMessage(message(), message())).toBe(true);
    expect(isSameMessage(message(), message({ text: 'PAY NOW!' }))).toBe(false);
    expect(isSameMessage(message(), message({ senderKey: 'sender:Ravi' }))).toBe(false);
    expect(isSameMessage(message(), message({ at: at('2024-05-12T16:32:00Z') }))).toBe(false);
  });

  it('compares at the coarser precision of the two sources', () => {
    const sms = message({ at: at('2024-05-12T16:31:42Z'), precision: 'second' });
    // WhatsApp gives the minute only, so an SMS at 16:31:42 is the same as WhatsApp's 16:31.
    expect(isSameMessage(message(), sms)).toBe(true);
    // Two second-precise sources must agree on the second.
    expect(isSameMessage(sms, { ...sms, at: at('2024-05-12T16:31:43Z') })).toBe(false);
    expect(isSameMessage(sms, { ...sms })).toBe(true);
  });

  it('keys a tied sender by the person, so two names for one agent match', () => {
    expect(senderKeyFor('harasser-1', 'Agent Ravi')).toBe(
      senderKeyFor('harasser-1', '+91 98765 43210'),
    );
    expect(senderKeyFor(null, 'Agent Ravi')).not.toBe(senderKeyFor(null, '+91 98765 43210'));
    expect(senderKeyFor(null, null)).toBe('system');
  });

  it('treats a file sent as one message whether or not the export carried the file', () => {
    expect(normaliseMessageText('<Media omitted>')).toBe(
      normaliseMessageText('IMG-20240512-WA0003.jpg (file attached)', ['IMG-20240512-WA0003.jpg']),
    );
    expect(normaliseMessageText('image omitted')).toBe(normaliseMessageText('<Media omitted>'));
    expect(normaliseMessageText(' pay\r\ntoday ')).toBe('pay\ntoday');
  });

  it('keeps repeats within one export: three "PAY NOW" in a minute against two already here adds one', () => {
    const existing = [message(), message()];
    const incoming = [message(), message(), message()];
    expect(findRepeats(existing, incoming)).toEqual([0, 1, null]);
    expect(findRepeats([], incoming)).toEqual([null, null, null]);
  });

  it('keeps the same text at different times apart', () => {
    const existing = [message({ at: at('2024-05-12T16:31:00Z') })];
    const incoming = [
      message({ at: at('2024-05-12T18:05:00Z') }),
      message({ at: at('2024-05-13T16:31:00Z') }),
      message({ at: at('2024-05-12T16:31:00Z') }),
    ];
    expect(findRepeats(existing, incoming)).toEqual([null, null, 0]);
  });
});
