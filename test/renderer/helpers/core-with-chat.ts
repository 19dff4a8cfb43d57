// A real vault with one WhatsApp chat from 'Agent Ravi' imported, and the renderer's API over the
// real handlers: for screen tests that start from what Meera's first import gives. The caller
// closes the core (it is pushed onto `cores`).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { dispatchCall } from '../../../main/api/dispatch';
import { createHandlers } from '../../../main/api/handlers';
import { AppCore } from '../../../main/core/app-core';
import type { CaseInput } from '../../../shared/domain';
import { buildSakshyaApi, type ApiName } from '../../../shared/api-contract';
import { makeTempDir } from '../../helpers/temp-dir';

export const AGENT_CHAT = [
  '12/05/2024, 20:49 - Agent Ravi: Pay today or we call your brother',
  '12/05/2024, 22:05 - Meera: I will pay on Friday',
  '12/05/2024, 22:07 - Agent Ravi: PAY NOW',
];

export async function openCoreWithChat(cores: AppCore[], newCase: CaseInput) {
  const core = new AppCore({ vaultDir: path.join(makeTempDir(), 'vault'), scryptLogN: 10 });
  cores.push(core);
  await core.create('monsoon tea on the terrace');
  const current = core.createCase(newCase);
  const file = path.join(makeTempDir(), 'WhatsApp Chat with Agent Ravi.txt');
  fs.writeFileSync(file, `${AGENT_CHAT.join('\n')}\n`);
  const results = await core.importEvidence({
    taskId: crypto.randomUUID(),
    caseId: current.id,
    paths: [file],
  });
  expect(results.map((result) => result.status)).toEqual(['imported']);
  const handlers = createHandlers(core, {});
  const api = buildSakshyaApi(
    (name: ApiName, input: unknown) => dispatchCall(handlers, name, input),
    () => () => undefined,
  );
  return { core, api, current };
}
