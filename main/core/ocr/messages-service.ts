// The messages read from screenshots, as operations on the open vault for the API handlers: the
// same functions the CLI calls on the vault it opens (screenshot-messages.ts), bound to the app's
// vault as the other services are.
import type { Vault } from '../vault/vault';
import {
  confirmScreenshotMessages,
  correctScreenshotMessage,
  listScreenshotMessages,
  type ScreenshotMessage,
  type ScreenshotMessageStatus,
} from './screenshot-messages';

export class ScreenshotMessagesService {
  private readonly requireVault: () => Vault;

  constructor(requireVault: () => Vault) {
    this.requireVault = requireVault;
  }

  /** A case's messages (an unknown case is NOT_FOUND, never an empty list). */
  list(filter: {
    caseId: string;
    evidenceId?: string | undefined;
    status?: ScreenshotMessageStatus | undefined;
  }): ScreenshotMessage[] {
    const vault = this.requireVault();
    vault.getCase(filter.caseId);
    return listScreenshotMessages(vault.db, {
      caseId: filter.caseId,
      ...(filter.evidenceId === undefined ? {} : { evidenceId: filter.evidenceId }),
      ...(filter.status === undefined ? {} : { status: filter.status }),
    });
  }

  confirm(
    input: { caseId: string; all: true } | { caseId: string; ids: readonly string[] },
  ): ReturnType<typeof confirmScreenshotMessages> {
    return confirmScreenshotMessages(this.requireVault(), input);
  }

  correct(input: { id: string; at?: string; text?: string }): ScreenshotMessage {
    return correctScreenshotMessage(this.requireVault(), input);
  }
}
