// One piece of evidence as the viewer shows it, and the two changes the user can make to it (its
// time, with a reason, and her notes and tags), as domain operations for the API handlers.
import type {
  ChatConversation,
  EvidenceDetails,
  EvidenceView,
} from '../../../shared/contract/viewer';
import type { Vault } from '../vault/vault';
import { readChatConversation } from './chat-messages';
import { renderEvidenceView } from './display-rendition';
import { getEvidenceDetails } from './evidence-details';
import { setEvidenceNotes } from './evidence-notes';

export class ViewerService {
  private readonly requireVault: () => Vault;

  constructor(requireVault: () => Vault) {
    this.requireVault = requireVault;
  }

  details(evidenceId: string): EvidenceDetails {
    return getEvidenceDetails(this.requireVault(), evidenceId);
  }

  view(evidenceId: string): Promise<EvidenceView> {
    return renderEvidenceView(this.requireVault(), evidenceId);
  }

  /** A chat export's messages as a conversation (one thread of it); no lines for anything else. */
  chat(evidenceId: string, thread?: string): ChatConversation {
    return readChatConversation(this.requireVault(), evidenceId, thread);
  }

  /** Corrects when it was captured (the reason goes to the custody log); returns the new details. */
  setTime(evidenceId: string, at: string, reason: string): EvidenceDetails {
    const vault = this.requireVault();
    vault.correctCapturedAt(evidenceId, at, reason);
    return getEvidenceDetails(vault, evidenceId);
  }

  setNotes(evidenceId: string, notes: string, tags: string[]): EvidenceDetails {
    const vault = this.requireVault();
    setEvidenceNotes(vault, evidenceId, { notes, tags });
    return getEvidenceDetails(vault, evidenceId);
  }
}
