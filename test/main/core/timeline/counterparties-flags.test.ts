// Grouping numbers under a counterparty (from the case itself and by hand), regrouping them, flags
// set aside with a logged reason, and pasted call-log rows added in one go.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addCounterparty,
  listCounterparties,
  syncCaseCounterparty,
  updateCounterparty,
} from '../../../../main/core/timeline/counterparties';
import { summariseCounterparty } from '../../../../main/core/timeline/counterparty-summary';
import { dismissFlag, restoreFlag } from '../../../../main/core/timeline/flag-dismissals';
import { addCallLogRows, addIncident } from '../../../../main/core/timeline/incidents';
import { listTimeline } from '../../../../main/core/timeline/timeline';
import { Vault } from '../../../../main/core/vault/vault';
import { makeTempDir } from '../../../helpers/temp-dir';

async function openVault(): Promise<Vault> {
  const { vault } = await Vault.create(path.join(makeTempDir(), 'vault'), 'correct horse battery', {
    scryptLogN: 10,
  });
  return vault;
}

describe('syncCaseCounterparty', () => {
  it('turns the case’s named counterparty into a group once, and adds numbers given later', async () => {
    const vault = await openVault();
    const created = vault.createCase({
      title: 'QuickCash',
      counterparty: { name: 'QuickCash agents', kind: 'recovery-agent', numbers: ['098765 43210'] },
    });
    const first = syncCaseCounterparty(vault, created.id);
    expect(first).toMatchObject({ name: 'QuickCash agents', numbers: ['+919876543210'] });
    expect(syncCaseCounterparty(vault, created.id)).toEqual(first);
    vault.updateCase(created.id, {
      counterparty: {
        ...created.counterparty,
        numbers: ['098765 43210', '+91 91234 56789'],
        handles: ['QuickCash Recovery'],
      },
    });
    expect(syncCaseCounterparty(vault, created.id)).toMatchObject({
      numbers: ['+919876543210', '+919123456789'],
      handles: ['QuickCash Recovery'],
    });
    const actions = vault.custody(`counterparty:case-${created.id}`).map((entry) => entry.action);
    expect(actions).toEqual(['counterparty.added', 'counterparty.updated']);
    const empty = vault.createCase({ title: 'Nobody named' });
    expect(syncCaseCounterparty(vault, empty.id)).toBeNull();
    expect(listCounterparties(vault.db, empty.id)).toEqual([]);
    vault.lock();
  });
});

describe('updateCounterparty', () => {
  it('moves a number out of a group, and its logged calls stop counting for it', async () => {
    const vault = await openVault();
    const caseId = vault.createCase({ title: 'QuickCash' }).id;
    const group = addCounterparty(vault, {
      caseId,
      name: 'Agents',
      kind: 'recovery-agent',
      numbers: ['9876543210', '9123456789'],
    });
    addIncident(vault, { caseId, kind: 'call', at: '2024-05-12T10:00', number: '9876543210' });
    addIncident(vault, { caseId, kind: 'call', at: '2024-05-12T11:00', number: '9123456789' });
    expect(summariseCounterparty(vault.db, caseId, group.id).contacts).toBe(2);
    const updated = updateCounterparty(vault, { caseId, id: group.id, numbers: ['9123456789'] });
    expect(updated.numbers).toEqual(['+919123456789']);
    expect(summariseCounterparty(vault.db, caseId, group.id).contacts).toBe(1);
    expect(() =>
      updateCounterparty(vault, { caseId, id: group.id, numbers: ['not a number'] }),
    ).toThrow(/not a phone number/);
    expect(() => updateCounterparty(vault, { caseId, id: 'missing', name: 'x' })).toThrow();
    vault.lock();
  });
});

describe('dismissFlag and restoreFlag', () => {
  it('keep the reason with the flag and log both in custody', async () => {
    const vault = await openVault();
    const caseId = vault.createCase({ title: 'QuickCash' }).id;
    const call = addIncident(vault, { caseId, kind: 'call', at: '2024-05-12T21:15' });
    dismissFlag(vault, {
      caseId,
      eventId: call.id,
      ruleId: 'contact-hours',
      reason: ' my brother ',
    });
    const [entry] = listTimeline(vault.db, { caseId });
    expect(entry?.flags[0]?.dismissal?.reason).toBe('my brother');
    expect(() =>
      dismissFlag(vault, { caseId, eventId: call.id, ruleId: 'contact-hours', reason: '  ' }),
    ).toThrow();
    expect(() =>
      dismissFlag(vault, {
        caseId: 'other',
        eventId: call.id,
        ruleId: 'contact-hours',
        reason: 'x',
      }),
    ).toThrow();
    expect(restoreFlag(vault, { caseId, eventId: call.id, ruleId: 'contact-hours' })).toEqual({
      restored: true,
    });
    expect(restoreFlag(vault, { caseId, eventId: call.id, ruleId: 'contact-hours' })).toEqual({
      restored: false,
    });
    expect(vault.custody(`event:${call.id}`).map((item) => item.action)).toEqual([
      'incident.logged',
      'flag.dismissed',
      'flag.restored',
    ]);
    vault.lock();
  });
});

describe('addCallLogRows', () => {
  it('adds the readable rows as calls, skips the rest with a reason, and adds nothing on a preview', async () => {
    const vault = await openVault();
    const caseId = vault.createCase({ title: 'QuickCash' }).id;
    const text =
      '+91 98765 43210, 12/05/2024 21:15, 3:20\nhello\n9876543210, 12/05/2024 22:00, 99:99:99';
    const preview = addCallLogRows(vault, caseId, text, { preview: true });
    expect(preview).toMatchObject({ added: 0 });
    expect(preview.problems.map((problem) => problem.code)).toEqual(['format', 'duration']);
    expect(listTimeline(vault.db, { caseId })).toHaveLength(0);
    const added = addCallLogRows(vault, caseId, text);
    expect(added.added).toBe(1);
    expect(listTimeline(vault.db, { caseId }).map((entry) => entry.durationSeconds)).toEqual([200]);
    vault.lock();
  });
});
