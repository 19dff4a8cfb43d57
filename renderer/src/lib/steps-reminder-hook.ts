// Sends the generic "a step is due" notification while the app is open (see steps-reminders.ts).
// Permission is only asked when she presses the button; nothing pops up on its own.
import { useCallback, useEffect, useState } from 'react';
import type { NextStep } from '../../../shared/contract/steps';
import { useApi } from '../api/api-context';
import { REMINDER_STORE_KEY, hashStepKey, planReminders, readRemembered } from './steps-reminders';

export type ReminderPermission = 'unsupported' | 'default' | 'granted' | 'denied';

function readPermission(): ReminderPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export function useStepReminders(
  caseId: string,
  today: string | null,
  items: readonly NextStep[],
  text: { title: string; body: string },
): { permission: ReminderPermission; ask: () => void } {
  const api = useApi();
  const [permission, setPermission] = useState<ReminderPermission>(readPermission);

  useEffect(() => {
    if (permission !== 'granted' || today === null || items.length === 0) return;
    // Read through a function, so the check after each await sees whether the effect has ended.
    const run = { live: true };
    const isLive = (): boolean => run.live;
    void api.vault.reminderKey({}).then(async (vaultKey) => {
      // Locked or unavailable: no reminder now; the next check (on opening) tries again.
      if (!vaultKey.ok || !isLive()) return;
      const candidates = await Promise.all(
        items.map(async (item) => ({
          key: await hashStepKey(vaultKey.value.key, caseId, item.ref),
          reason: item.reason,
          date: item.date,
        })),
      );
      if (!isLive()) return;
      const plan = planReminders(candidates, today, readRemembered(localStorage));
      if (plan.announce.length === 0) return;
      localStorage.setItem(REMINDER_STORE_KEY, JSON.stringify(plan.remembered));
      // One notification for however many steps: the words never say which.
      new Notification(text.title, { body: text.body, silent: false });
    });
    return () => {
      run.live = false;
    };
  }, [api, caseId, today, items, permission, text.title, text.body]);

  const ask = useCallback(() => {
    if (typeof Notification === 'undefined') return;
    void Notification.requestPermission().then(setPermission);
  }, []);

  return { permission, ask };
}
