// Why a case with entries shows no flags, when the reason is one the user can fix: messages are in
// but none of their senders is tied to the harasser (and no call or visit was logged), or only
// files are in. Cheap enough for the timeline's first page: a few index seeks, whatever the size
// of the case.
import type { FlagHint } from '../../../shared/contract/people';
import { PeopleRepository } from '../db/repositories/people';
import type { Database } from '../db/types';
import { loadPeopleIndex, type PeopleIndex } from './people-index';

export function explainMissingFlags(
  db: Database,
  caseId: string,
  senders?: readonly { name: string; tie: { role: string } | null }[],
  people?: PeopleIndex,
): FlagHint | null {
  const contactLogged = db
    .prepare<[string], number>(
      `SELECT 1 FROM events WHERE case_id = ? AND kind IN ('call', 'visit', 'threat', 'post') LIMIT 1`,
    )
    .pluck()
    .get(caseId);
  if (contactLogged !== undefined) return null;
  const index = people ?? loadPeopleIndex(db, caseId);
  const all =
    senders ??
    new PeopleRepository(db)
      .listSenderNames(caseId)
      .map((name) => ({ name, tie: index.resolveSender(name) }));
  if (all.some((sender) => sender.tie?.role === 'harasser')) return null;
  if (all.length > 0) {
    return {
      code: 'no-senders-tied',
      text: {
        en: 'No messages are tied to the harasser yet. Say who the senders are, and their messages will be checked against the rules.',
        hi: 'अभी कोई संदेश परेशान करने वाले से जुड़ा नहीं है। बताइए कि संदेश भेजने वाले कौन हैं, फिर उनके संदेश नियमों से जाँचे जाएँगे।',
      },
      untiedSenders: all.filter((sender) => sender.tie === null).length,
    };
  }
  const anyEntry =
    db
      .prepare<[string], number>('SELECT 1 FROM evidence WHERE case_id = ? LIMIT 1')
      .pluck()
      .get(caseId) ??
    db
      .prepare<[string], number>('SELECT 1 FROM events WHERE case_id = ? LIMIT 1')
      .pluck()
      .get(caseId);
  if (anyEntry === undefined) return null;
  return {
    code: 'no-contacts',
    text: {
      en: 'No calls or messages are in this case yet. Add a chat export, or write down a call, and they will be checked against the rules.',
      hi: 'इस मामले में अभी कोई कॉल या संदेश नहीं है। चैट एक्सपोर्ट जोड़िए या कोई कॉल लिखिए, फिर उन्हें नियमों से जाँचा जाएगा।',
    },
    untiedSenders: 0,
  };
}
