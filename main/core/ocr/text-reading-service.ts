// The app's background text reading: one TextQueue for the unlocked vault, fed after every import
// batch commits and, at unlock, with whatever was left unread (a lock drops the queue; what is
// unread stays so in the database). Progress goes to listeners (the API turns it into a
// `text:progress` event); the user can cancel. Also the viewer's text of one item.
import type { EvidenceText } from '../../../shared/contract/text';
import { EvidenceRepository } from '../db/repositories/evidence';
import { findHighlights, splitSearchTerms } from '../timeline/highlight';
import type { Vault } from '../vault/vault';
import type { PreferredLanguage } from './recognize';
import { TextQueue, type ReadingGate, type TextProgress } from './text-queue';
import { describeEvidenceText, listFacts } from './text-service';

const IDLE: TextProgress = { done: 0, total: 0, state: 'done' };

export class TextReadingService {
  private readonly requireVault: () => Vault;
  private readonly preferredLanguage: () => PreferredLanguage;
  private readonly listeners = new Set<(progress: TextProgress) => void>();
  private readonly beginListeners = new Set<(evidenceId: string) => void>();
  private current: { vault: Vault; queue: TextQueue } | undefined;
  private last: TextProgress = IDLE;

  /** When the background reading may go on (import-quiet.ts); none: at once. */
  private readonly gate: ReadingGate | undefined;
  /** The reader threads' niceness (text-queue.ts); undefined: the queue's default. */
  private readonly niceness: number | undefined;

  constructor(
    requireVault: () => Vault,
    preferredLanguage: () => PreferredLanguage,
    gate?: ReadingGate,
    niceness?: number,
  ) {
    this.requireVault = requireVault;
    this.preferredLanguage = preferredLanguage;
    this.gate = gate;
    this.niceness = niceness;
  }

  /** Queues what is unread in the case (after an import) or in the whole vault (at unlock). */
  readPending(caseId?: string): number {
    return this.queue(this.requireVault()).enqueuePending(caseId);
  }

  /** Reads one picture even if it was skipped (a camera photo) or read before; the user asked. */
  readAnyway(evidenceId: string): boolean {
    return this.queue(this.requireVault()).enqueueAnyway(evidenceId);
  }

  status(): TextProgress {
    return this.last;
  }

  /** Stops reading for now; unread pictures stay unread until the next import or unlock. */
  cancel(): boolean {
    const running =
      this.current !== undefined &&
      (this.last.state === 'reading' || this.last.state === 'waiting');
    this.current?.queue.cancel();
    this.current = undefined;
    return running;
  }

  /** Called on every lock; resolves once the reader thread has ended (nothing more is written). */
  stop(): Promise<void> {
    const queue = this.current?.queue;
    this.current = undefined;
    if (queue === undefined) return Promise.resolve();
    queue.stop();
    return queue.close().catch(() => undefined);
  }

  idle(): Promise<void> {
    return this.current?.queue.idle() ?? Promise.resolve();
  }

  /** Pictures whose reading has begun since the queue last started (bench and tests). */
  picturesBegun(): number {
    return this.current?.queue.picturesBegun ?? 0;
  }

  onProgress(listener: (progress: TextProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells when each picture's reading begins (tests and the bench: the order, not the time). */
  onPictureBegun(listener: (evidenceId: string) => void): () => void {
    this.beginListeners.add(listener);
    return () => this.beginListeners.delete(listener);
  }

  /** The text of one item for the viewer, with the words matching `search` marked. */
  textOf(evidenceId: string, search = ''): EvidenceText {
    const vault = this.requireVault();
    const evidence = new EvidenceRepository(vault.db).require(evidenceId);
    const view = describeEvidenceText(vault, evidence);
    const words = view.layout?.words ?? [];
    const terms = splitSearchTerms(search);
    const matches = words.flatMap((word, index) =>
      findHighlights(word.text, terms).some((range) => range.start === 0) ? [index] : [],
    );
    return {
      evidenceId,
      status: view.status,
      lang: view.lang,
      text: view.text,
      confidence: view.confidence,
      reason: view.reason,
      width: view.layout?.width ?? 0,
      height: view.layout?.height ?? 0,
      words: words.map((word) => ({ text: word.text, bbox: word.bbox })),
      matches,
      facts: listFacts(vault, evidence),
    };
  }

  private queue(vault: Vault): TextQueue {
    if (this.current?.vault !== vault || this.current.queue.isStopped) {
      const queue = new TextQueue(vault, {
        preferredLanguage: this.preferredLanguage,
        ...(this.gate === undefined ? {} : { gate: this.gate }),
        ...(this.niceness === undefined ? {} : { niceness: this.niceness }),
        onBegin: (evidenceId) => {
          for (const listener of this.beginListeners) listener(evidenceId);
        },
        onProgress: (progress) => {
          this.last = progress;
          for (const listener of this.listeners) listener(progress);
        },
      });
      this.current = { vault, queue };
    }
    return this.current.queue;
  }
}
