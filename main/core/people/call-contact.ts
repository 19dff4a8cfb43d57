// Who a call (or an SMS) from a phone number comes from, and whether the RBI's recovery rules
// apply to it: one rule for the timeline and the import's summary alike. A number tied to a person
// decides: the harasser's number is a recovery contact (in a case against a lender, loan app or
// agent), anyone else's (the user's brother) never is, even if that number was once grouped under
// a lender by mistake. An untied number counts only when the timeline groups it under a recovery
// counterparty.
import type { PeopleIndex, SenderTie } from './people-index';

/** The `source` in the details of calls read from a phone's own call log (import/android-import.ts). */
export const PHONE_LOG_SOURCE = 'android-backup';

export interface CallContact {
  tie: SenderTie | null;
  fromRecoveryParty: boolean;
}

export function describeCallContact(
  index: PeopleIndex,
  number: string | null,
  groupedUnderRecovery: boolean,
): CallContact {
  const tie = number === null || number === '' ? null : index.resolveSender(number);
  if (tie === null) return { tie, fromRecoveryParty: groupedUnderRecovery };
  return {
    tie,
    fromRecoveryParty: tie.role === 'harasser' && (index.recoveryCase || groupedUnderRecovery),
  };
}
