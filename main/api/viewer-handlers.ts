// The viewer calls: one handler per entry of shared/contract/viewer.ts. Each answers in terms of the
// evidence (hash, times, custody), never the vault's own paths or names.
import type { VIEWER_CALLS } from '../../shared/contract/viewer';
import type { AppCore } from '../core/app-core';
import { renderEvidenceView } from '../core/viewer/display-rendition';
import { readChatConversation } from '../core/viewer/chat-messages';
import { getEvidenceDetails } from '../core/viewer/evidence-details';
import { setEvidenceNotes } from '../core/viewer/evidence-notes';
import type { ApiHandlers, HandlerOptions } from './handlers';

export type ViewerCall = keyof typeof VIEWER_CALLS;

export function createViewerHandlers(
  core: AppCore,
  _options: HandlerOptions,
): Pick<ApiHandlers, ViewerCall> {
  return {
    'evidence:get': (input) => getEvidenceDetails(core.requireVault(), input.evidenceId),
    'evidence:view': (input) => renderEvidenceView(core.requireVault(), input.evidenceId),
    'evidence:chat': (input) => readChatConversation(core.requireVault(), input.evidenceId),
    'evidence:setTime': (input) => {
      const vault = core.requireVault();
      vault.correctCapturedAt(input.evidenceId, input.at, input.reason);
      return getEvidenceDetails(vault, input.evidenceId);
    },
    'evidence:setNotes': (input) => {
      const vault = core.requireVault();
      setEvidenceNotes(vault, input.evidenceId, { notes: input.notes, tags: input.tags });
      return getEvidenceDetails(vault, input.evidenceId);
    },
  };
}
