// The Overview's numbers, names and accounts of the harasser, read from the core's people model
// (people:list), the one place that knows who is tied to the harasser: the case form's details
// (stored there as the harasser's identifiers) and every sender, number or account she tied since,
// in the "Who is this?" questions or from a screenshot's text. Reading the case form instead left
// "Agents: None added yet" after she had said who 'Agent Ravi' is.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../../shared/contract/people';
import { useApi } from '../../api/api-context';
import { callSafely } from '../../lib/steps-api';
import { showPhoneNumber } from '../../lib/show-phone-number';

interface Props {
  caseId: string;
  /** The case's own counterparty ("XYZ Loans"), already shown above as who it is. */
  counterpartyName: string;
  /** Read again when it changes (the case was edited). */
  version: string;
}

interface HarasserLists {
  numbers: string[];
  names: string[];
  accounts: string[];
}

export function HarasserFacts({ caseId, counterpartyName, version }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [lists, setLists] = useState<HarasserLists | null>(null);

  useEffect(() => {
    let live = true;
    void callSafely(() => api.people.list({ caseId })).then((result) => {
      if (live && result.ok)
        setLists(listHarasserIdentifiers(result.value.people, counterpartyName));
    });
    return () => {
      live = false;
    };
  }, [api, caseId, counterpartyName, version]);

  // Nothing until the core answers, rather than a "None added yet" that may be wrong.
  if (lists === null) return null;
  return (
    <>
      <dt>{t('casePage.numbers')}</dt>
      <dd data-testid="overview-numbers">
        <ListOrNone items={lists.numbers} />
      </dd>
      <dt>{t('casePage.agents')}</dt>
      <dd data-testid="overview-agents">
        <ListOrNone items={lists.names} />
      </dd>
      <dt>{t('casePage.handles')}</dt>
      <dd data-testid="overview-handles">
        <ListOrNone items={lists.accounts} />
      </dd>
    </>
  );
}

/**
 * Sorts the harasser's identifiers into the Overview's three rows: no rule of who is tied is made
 * here, only which row each kind of identifier goes in. Agents added by name (a harasser other
 * than the case's own counterparty) are listed with the names used in chats.
 */
function listHarasserIdentifiers(
  people: readonly Person[],
  counterpartyName: string,
): HarasserLists {
  const numbers = new Set<string>();
  const names = new Set<string>();
  const accounts = new Set<string>();
  for (const person of people) {
    if (person.role !== 'harasser') continue;
    const name = person.name.trim();
    if (name !== '' && name.toLowerCase() !== counterpartyName.trim().toLowerCase())
      names.add(name);
    for (const identifier of person.identifiers) {
      if (identifier.kind === 'phone') numbers.add(showPhoneNumber(identifier.value));
      else if (identifier.kind === 'chat-name') names.add(identifier.value);
      else accounts.add(identifier.value);
    }
  }
  return { numbers: [...numbers], names: [...names], accounts: [...accounts] };
}

export function ListOrNone({ items }: { items: readonly string[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <span className="muted">{t('casePage.none')}</span>;
  return (
    <ul className="inline-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
