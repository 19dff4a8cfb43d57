// The timeline's domain operations, called by both the API handlers and the CLI, so each rule lives
// here once. Above all: the counterparty named on the case is grouped (syncCaseCounterparty) before
// anything that ties a number or handle to someone, so a call logged from the counterparty's own
// number is tied to them whether it was logged in the app or with `sakshya incident add`.
import { linkRecordingsToCalls } from '../import/recording-import';
import type { Vault } from '../vault/vault';
import { formatLocalInstant } from '../time/local-day';
import {
  addCounterparty,
  listCounterparties,
  syncCaseCounterparty,
  updateCounterparty,
  type CounterpartyPatch,
  type CounterpartyRecord,
  type NewCounterparty,
} from './counterparties';
import { summariseCounterparty, type CounterpartySummary } from './counterparty-summary';
import { dismissFlag, restoreFlag, type FlagRef } from './flag-dismissals';
import type { RuleSet } from './flags';
import { linkSameCalls } from './same-call';
import {
  addCallLogRows,
  addIncident,
  type CallLogProblem,
  type CallLogRow,
  type Incident,
  type NewIncident,
} from './incidents';
import { listEvidenceTags, listTimelineActivity } from './timeline-activity';
import { listTimeline, type TimelineQuery } from './timeline';
import type { TimelineEntry } from './timeline-entry';
import {
  listTimelinePage,
  type TimelineFilters,
  type TimelinePage,
  type TimelinePageQuery,
} from './timeline-page';

export class TimelineService {
  private readonly requireVault: () => Vault;

  /** `requireVault` gives the unlocked vault, or throws VAULT_LOCKED. */
  constructor(requireVault: () => Vault) {
    this.requireVault = requireVault;
  }

  /**
   * A page of the timeline, for the app: with the messages read from screenshots that wait to be
   * confirmed, in place and marked 'proposed'.
   */
  listPage(query: TimelinePageQuery): TimelinePage {
    return listTimelinePage(this.requireVault().db, { ...query, withProposed: true });
  }

  /** The whole timeline (or a filtered part), for the CLI; the same entries as the pages. */
  listAll(query: TimelineQuery): TimelineEntry[] {
    return listTimeline(this.requireVault().db, query);
  }

  activity(
    filters: TimelineFilters,
    options: { asOf?: string; rules?: RuleSet } = {},
  ): ReturnType<typeof listTimelineActivity> {
    return listTimelineActivity(this.requireVault().db, filters, options);
  }

  tags(caseId: string): string[] {
    return listEvidenceTags(this.requireVault().db, caseId);
  }

  /** Logs an incident, tied to whoever the number belongs to (the case's counterparty included). */
  logIncident(input: NewIncident): Incident {
    const vault = this.requireVault();
    syncCaseCounterparty(vault, input.caseId);
    const incident = addIncident(vault, input);
    // A call typed in after its recording was imported still gets the recording.
    if (incident.kind === 'call') {
      linkRecordingsToCalls(vault, input.caseId);
      linkSameCalls(vault, input.caseId);
    }
    return incident;
  }

  /** Pasted call-log rows as calls, each with its time on the case's clock too. */
  logCalls(
    caseId: string,
    text: string,
    options: { preview?: boolean } = {},
  ): { added: number; rows: (CallLogRow & { atLocal: string })[]; problems: CallLogProblem[] } {
    const vault = this.requireVault();
    syncCaseCounterparty(vault, caseId);
    const zone = vault.getCase(caseId).timezone;
    const result = addCallLogRows(vault, caseId, text, options);
    if (result.added > 0) {
      linkRecordingsToCalls(vault, caseId);
      linkSameCalls(vault, caseId);
    }
    return {
      added: result.added,
      rows: result.rows.map((row) => ({
        ...row,
        atLocal: formatLocalInstant(Date.parse(row.at), zone),
      })),
      problems: result.problems,
    };
  }

  dismissFlag(input: FlagRef & { reason: string }): { dismissedAt: string } {
    return dismissFlag(this.requireVault(), input);
  }

  restoreFlag(input: FlagRef): { restored: boolean } {
    return restoreFlag(this.requireVault(), input);
  }

  listCounterparties(caseId: string): CounterpartyRecord[] {
    const vault = this.requireVault();
    syncCaseCounterparty(vault, caseId);
    return listCounterparties(vault.db, caseId);
  }

  /** Each counterparty of the case with how often and when they made contact. */
  summarise(caseId: string): { counterparty: CounterpartyRecord; summary: CounterpartySummary }[] {
    const vault = this.requireVault();
    return this.listCounterparties(caseId).map((counterparty) => ({
      counterparty,
      summary: summariseCounterparty(vault.db, caseId, counterparty.id),
    }));
  }

  createCounterparty(input: NewCounterparty): CounterpartyRecord {
    return addCounterparty(this.requireVault(), input);
  }

  updateCounterparty(input: CounterpartyPatch): CounterpartyRecord {
    return updateCounterparty(this.requireVault(), input);
  }
}
