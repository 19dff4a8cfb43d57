// The Timeline tab: what happened, day by day on the case's clock. A small activity chart on top,
// search and filters (never required) shown as removable chips, "Log a call" for quick entry, the
// people behind the contacts, and the entries themselves in a virtualized list. Evidence opens in
// the viewer without losing the place in the list.
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  TIMELINE_KINDS,
  type Activity,
  type CounterpartyRecord,
  type CounterpartySummary,
  type TimelineEntry,
  type TimelineKind,
} from '../../../shared/contract/timeline';
import type { Case } from '../../../shared/domain';
import { useApi } from '../api/api-context';
import { EvidenceViewer } from '../components/EvidenceViewer';
import { ProposedMessagesNote } from '../components/timeline/ProposedMessagesNote';
import { ProblemNote } from '../components/ProblemNote';
import { DateInWords } from '../components/DateInWords';
import { ActivityChart } from '../components/timeline/ActivityChart';
import { CounterpartyPanel } from '../components/timeline/CounterpartyPanel';
import { IncidentForm } from '../components/timeline/IncidentForm';
import { TimelineList } from '../components/timeline/TimelineList';
import '../components/timeline/timeline.css';
import type { FlagHint } from '../../../shared/contract/people';
import { SenderQuestions } from '../components/people/SenderQuestions';
import { useTimelinePages, type Filters } from '../lib/timeline-pages';
import { showPhoneNumber } from '../lib/show-phone-number';
import { formatDay, safeKind } from '../lib/timeline-text';
import { readLanguage } from '../i18n';

/** Kinds offered as filters: the ones a person can tell apart (not 'system' or 'evidence' rows). */
const FILTER_KINDS = TIMELINE_KINDS.filter(
  (kind) => kind !== 'system' && kind !== 'evidence' && kind !== 'note',
);
const SEARCH_DELAY_MS = 300;

interface Group {
  counterparty: CounterpartyRecord;
  summary: CounterpartySummary;
}

/** A place on the timeline to open on: a day, and the entry there to bring into view. */
export interface TimelineFocus {
  day: string;
  entryId: string | null;
}

interface Props {
  current: Case;
  /** Set when she came from a chat message ("Show on the timeline"). */
  focus?: TimelineFocus | null;
  onShowOnTimeline?: (focus: TimelineFocus) => void;
}

export function TimelineTab({ current, focus = null, onShowOnTimeline }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const api = useApi();
  const id = useId();
  const caseId = current.id;
  const [filters, setFilters] = useState<Filters>({});
  const [searchText, setSearchText] = useState('');
  const [jumpDay, setJumpDay] = useState('');
  const [logging, setLogging] = useState(false);
  const [groups, setGroups] = useState<Group[]>([]);
  const [tags, setTags] = useState<string[]>([]);
  const [activity, setActivity] = useState<Activity | null>(null);
  const [changes, setChanges] = useState(0);
  const [viewer, setViewer] = useState<{ ids: string[]; index: number } | null>(null);
  const pages = useTimelinePages(caseId, filters);
  const { reload, jumpTo } = pages;
  const [flagHint, setFlagHint] = useState<FlagHint | null>(null);
  const [answering, setAnswering] = useState(false);
  const [highlight, setHighlight] = useState<string | null>(focus?.entryId ?? null);
  const [period, setPeriod] = useState<(OpeningDay & { shown: boolean }) | null>(null);

  // Typing pauses before the search runs, so each key does not start a query.
  useEffect(() => {
    const timer = setTimeout(() => {
      setFilters((currentFilters) => {
        const search = searchText.trim();
        if ((currentFilters.search ?? '') === search) return currentFilters;
        const next = { ...currentFilters };
        if (search === '') delete next.search;
        else next.search = search;
        return next;
      });
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [searchText]);

  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    let cancelled = false;
    void api.timeline.activity({ caseId, ...(JSON.parse(filterKey) as Filters) }).then((result) => {
      if (!cancelled && result.ok) setActivity(result.value);
    });
    return () => {
      cancelled = true;
    };
  }, [api, caseId, filterKey, changes]);

  useEffect(() => {
    let cancelled = false;
    void api.timeline.summary({ caseId }).then((result) => {
      if (!cancelled && result.ok) setGroups(result.value);
    });
    void api.timeline.tags({ caseId }).then((result) => {
      if (!cancelled && result.ok) setTags(result.value);
    });
    void api.people.list({ caseId }).then((result) => {
      if (!cancelled && result.ok) setFlagHint(result.value.flagHint);
    });
    return () => {
      cancelled = true;
    };
  }, [api, caseId, changes]);

  const changed = useCallback(() => {
    setChanges((count) => count + 1);
    reload();
  }, [reload]);

  // It opens on the harassment: a place she asked for, else the counterparty's contacts, else the
  // last 90 days with entries. The chart shows the same period, with a way to widen it.
  useEffect(() => {
    let cancelled = false;
    void Promise.all([api.timeline.summary({ caseId }), api.timeline.activity({ caseId })]).then(
      ([summary, all]) => {
        if (cancelled || !summary.ok || !all.ok) return;
        const opening = findOpeningDay(summary.value, all.value);
        if (opening !== null) setPeriod({ ...opening, shown: true });
        const day = focus?.day ?? opening?.from ?? null;
        if (day !== null) jumpTo(day);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, caseId, focus, jumpTo]);

  const logged = (added?: { id: string; day: string }): void => {
    setChanges((count) => count + 1);
    if (added === undefined) {
      reload();
      return;
    }
    // A call just logged is brought into view, with any flag it raised.
    setHighlight(added.id);
    jumpTo(added.day);
  };

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const { counterparty } of groups) map.set(counterparty.id, counterparty.name);
    return map;
  }, [groups]);
  const nameFor = useCallback(
    (entry: TimelineEntry) => {
      const group = entry.counterpartyId === null ? undefined : names.get(entry.counterpartyId);
      const raw = entry.actor ?? entry.number;
      const who = raw === null ? null : showPhoneNumber(raw);
      if (group !== undefined && group !== '' && who !== null && who !== group)
        return `${group} · ${who}`;
      return group !== undefined && group !== '' ? group : who;
    },
    [names],
  );
  const numbers = useMemo(
    () => [...new Set(groups.flatMap((group) => group.counterparty.numbers))],
    [groups],
  );

  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K] | undefined) => {
    setFilters((currentFilters) => {
      if (value === undefined) return dropFilter(currentFilters, key);
      return { ...currentFilters, [key]: value };
    });
  };

  const openEvidence = (entry: TimelineEntry) => {
    // Every evidence item loaded, in timeline order, so the arrow keys follow the list.
    const ids = [...new Set(pages.entries.flatMap((item) => item.evidenceIds))];
    const index = ids.indexOf(entry.evidenceIds[0] ?? '');
    if (index >= 0) setViewer({ ids, index });
  };

  const filtered = Object.keys(filters).length > 0;
  const nothingYet = !pages.loading && !filtered && pages.entries.length === 0;
  const chips = useChips(filters, names);
  const fixAsked = flagHint?.code === 'no-senders-tied' && !answering && !nothingYet;

  return (
    <div className="timeline-tab">
      {nothingYet && !logging ? (
        <div className="empty-state">
          <h2>{t('timeline.empty.title')}</h2>
          <p>{t('timeline.empty.body')}</p>
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setLogging(true);
            }}
          >
            {t('timeline.logCall')}
          </button>
        </div>
      ) : (
        <>
          <div className="timeline-top actions">
            {/* Not the main button while the timeline asks for a fix (who the senders are):
                that fix is then the one main action in view; nor while its form is open, whose
                Add is. */}
            <button
              type="button"
              className={fixAsked || logging ? 'button' : 'button primary'}
              aria-expanded={logging}
              onClick={() => {
                setLogging((open) => !open);
              }}
            >
              {t('timeline.logCall')}
            </button>
          </div>
          {activity !== null && (
            <ActivityChart
              activity={
                period?.shown === true
                  ? { ...activity, days: activity.days.filter((d) => d.day >= period.from) }
                  : activity
              }
              onDay={(day) => {
                pages.jumpTo(day);
              }}
            />
          )}
          {period !== null && (
            <p className="timeline-period small">
              {period.shown
                ? t(period.why === 'contacts' ? 'timeline.period.from' : 'timeline.period.recent', {
                    date: formatDay(period.from, language),
                  })
                : t('timeline.period.all')}{' '}
              <button
                type="button"
                className="button quiet"
                onClick={() => {
                  setPeriod({ ...period, shown: !period.shown });
                }}
              >
                {period.shown ? t('timeline.period.widen') : t('timeline.period.narrow')}
              </button>
            </p>
          )}
        </>
      )}
      {!nothingYet && (
        <ProposedMessagesNote
          caseId={caseId}
          version={changes}
          onOpen={(ids) => {
            setViewer({ ids, index: 0 });
          }}
        />
      )}
      {/* Nothing flagged is never a mystery: say why, and offer the fix. */}
      {flagHint !== null && !nothingYet && (
        <div className="card flag-hint" data-testid="flag-hint" data-code={flagHint.code}>
          <p>{flagHint.text[language]}</p>
          {flagHint.code === 'no-senders-tied' && !answering && (
            <button
              type="button"
              className="button primary"
              onClick={() => {
                setAnswering(true);
              }}
            >
              {t('people.fix')}
            </button>
          )}
        </div>
      )}
      {/* Outside the hint: once she ties one sender to the harasser the hint goes, and the
          questions she is still answering (the other senders, whose phone) must not go with it. */}
      {answering && !nothingYet && <SenderQuestions caseId={caseId} onAnswered={changed} />}
      {logging && (
        <IncidentForm
          caseId={caseId}
          timezone={current.timezone}
          numbers={numbers}
          onAdded={logged}
          onClose={() => {
            setLogging(false);
          }}
        />
      )}
      {!nothingYet && (
        <>
          <form
            className="timeline-tools"
            role="search"
            onSubmit={(event) => {
              event.preventDefault();
              if (jumpDay !== '') pages.jumpTo(jumpDay);
            }}
          >
            <div className="field">
              <label htmlFor={`${id}-search`}>{t('timeline.search.label')}</label>
              <input
                id={`${id}-search`}
                type="search"
                value={searchText}
                maxLength={200}
                onChange={(event) => {
                  setSearchText(event.target.value);
                }}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-jump`}>{t('timeline.jump.label')}</label>
              <span className="timeline-jump">
                <input
                  id={`${id}-jump`}
                  type="date"
                  value={jumpDay}
                  onChange={(event) => {
                    setJumpDay(event.target.value);
                  }}
                />
                <button type="submit" className="button" disabled={jumpDay === ''}>
                  {t('timeline.jump.go')}
                </button>
              </span>
              <DateInWords date={jumpDay} />
            </div>
          </form>
          <details className="timeline-filters">
            <summary>{t('timeline.filters.title')}</summary>
            <div className="timeline-filter-grid">
              <div className="field">
                <label htmlFor={`${id}-kind`}>{t('timeline.filters.kind')}</label>
                <select
                  id={`${id}-kind`}
                  value=""
                  onChange={(event) => {
                    const kind = event.target.value as TimelineKind;
                    setFilter('kinds', [...new Set([...(filters.kinds ?? []), kind])]);
                  }}
                >
                  <option value="">{t('timeline.filters.choose')}</option>
                  {FILTER_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`timeline.kinds.${safeKind(kind)}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-who`}>{t('timeline.filters.who')}</label>
                <select
                  id={`${id}-who`}
                  value={filters.counterpartyId ?? ''}
                  onChange={(event) => {
                    setFilter(
                      'counterpartyId',
                      event.target.value === '' ? undefined : event.target.value,
                    );
                  }}
                >
                  <option value="">{t('timeline.filters.anyone')}</option>
                  {groups.map(({ counterparty }) => (
                    <option key={counterparty.id} value={counterparty.id}>
                      {counterparty.name === '' ? t('timeline.people.unnamed') : counterparty.name}
                    </option>
                  ))}
                </select>
              </div>
              {tags.length > 0 && (
                <div className="field">
                  <label htmlFor={`${id}-tag`}>{t('timeline.filters.tag')}</label>
                  <select
                    id={`${id}-tag`}
                    value={filters.tag ?? ''}
                    onChange={(event) => {
                      setFilter('tag', event.target.value === '' ? undefined : event.target.value);
                    }}
                  >
                    <option value="">{t('timeline.filters.anyTag')}</option>
                    {tags.map((tag) => (
                      <option key={tag} value={tag}>
                        {tag}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <div className="field">
                <label htmlFor={`${id}-from`}>{t('timeline.filters.from')}</label>
                <input
                  id={`${id}-from`}
                  type="date"
                  value={filters.from ?? ''}
                  onChange={(event) => {
                    setFilter('from', event.target.value === '' ? undefined : event.target.value);
                  }}
                />
                <DateInWords date={filters.from ?? ''} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-to`}>{t('timeline.filters.to')}</label>
                <input
                  id={`${id}-to`}
                  type="date"
                  value={filters.to ?? ''}
                  onChange={(event) => {
                    setFilter('to', event.target.value === '' ? undefined : event.target.value);
                  }}
                />
                <DateInWords date={filters.to ?? ''} />
              </div>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={filters.flaggedOnly === true}
                  onChange={(event) => {
                    setFilter('flaggedOnly', event.target.checked ? true : undefined);
                  }}
                />
                <span>{t('timeline.filters.flagged')}</span>
              </label>
            </div>
          </details>
          {chips.length > 0 && (
            <ul className="inline-list timeline-chips" aria-label={t('timeline.filters.active')}>
              {chips.map((chip) => (
                <li key={chip.key}>
                  <button
                    type="button"
                    className="timeline-chip"
                    aria-label={t('timeline.filters.remove', { filter: chip.label })}
                    onClick={() => {
                      if (chip.key === 'search') setSearchText('');
                      setFilters(chip.remove);
                    }}
                  >
                    {chip.label} <span aria-hidden="true">×</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {pages.problem !== null && <ProblemNote problem={{ code: pages.problem }} />}
          {!pages.loading && pages.entries.length === 0 && (
            <p className="card">{t('timeline.list.noMatch')}</p>
          )}
          {pages.entries.length > 0 && (
            <TimelineList
              caseId={caseId}
              pages={pages}
              nameFor={nameFor}
              onOpenEvidence={openEvidence}
              onChanged={changed}
              highlight={highlight}
            />
          )}
          <CounterpartyPanel
            caseId={caseId}
            groups={groups}
            onFilter={(counterpartyId) => {
              setFilter('counterpartyId', counterpartyId);
            }}
            onChanged={changed}
          />
        </>
      )}
      {viewer !== null && (
        <EvidenceViewer
          caseId={caseId}
          {...(filters.search === undefined ? {} : { search: filters.search })}
          evidenceIds={viewer.ids}
          index={viewer.index}
          onIndexChange={(index) => {
            setViewer({ ...viewer, index });
          }}
          onClose={() => {
            setViewer(null);
          }}
          onChanged={changed}
          onShowOnTimeline={(line) => {
            setHighlight(line.eventId);
            pages.jumpTo(line.local.slice(0, 10));
            onShowOnTimeline?.({ day: line.local.slice(0, 10), entryId: line.eventId });
          }}
        />
      )}
    </div>
  );
}

/**
 * The first day of the counterparty's contacts; without any, the start of the last 90 days that
 * have entries (the first day with entries in that window).
 */
/** Where the timeline opens, and why: the first contact from the counterparty, or recent entries. */
export interface OpeningDay {
  from: string;
  /** Only 'contacts' may be called "when the contacts began". */
  why: 'contacts' | 'recent';
}

export function findOpeningDay(groups: readonly Group[], activity: Activity): OpeningDay | null {
  const contacts = groups
    .filter((group) => group.summary.contacts > 0 && group.summary.firstContact !== null)
    .map((group) => (group.summary.firstContact ?? '').slice(0, 10))
    .sort();
  if (contacts[0] !== undefined) return { from: contacts[0], why: 'contacts' };
  const days = activity.days.map((d) => d.day).sort();
  const last = days.at(-1);
  if (last === undefined) return null;
  const start = new Date(`${last}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - 90);
  const floor = start.toISOString().slice(0, 10);
  const from = days.find((day) => day >= floor);
  return from === undefined ? null : { from, why: 'recent' };
}

interface Chip {
  key: string;
  label: string;
  remove: (filters: Filters) => Filters;
}

/** The filters in use as removable chips, in plain words. */
function useChips(filters: Filters, names: Map<string, string>): Chip[] {
  const { t } = useTranslation();
  const without =
    (key: keyof Filters) =>
    (current: Filters): Filters =>
      dropFilter(current, key);
  const chips: Chip[] = [];
  for (const kind of filters.kinds ?? []) {
    chips.push({
      key: `kind-${kind}`,
      label: t(`timeline.kinds.${safeKind(kind)}`),
      remove: (current) => {
        const kinds = (current.kinds ?? []).filter((item) => item !== kind);
        const next: Filters = { ...current };
        if (kinds.length === 0) delete next.kinds;
        else next.kinds = kinds;
        return next;
      },
    });
  }
  if (filters.counterpartyId !== undefined)
    chips.push({
      key: 'who',
      label: t('timeline.chips.who', { name: names.get(filters.counterpartyId) ?? '' }),
      remove: without('counterpartyId'),
    });
  if (filters.tag !== undefined)
    chips.push({
      key: 'tag',
      label: t('timeline.chips.tag', { tag: filters.tag }),
      remove: without('tag'),
    });
  if (filters.from !== undefined)
    chips.push({
      key: 'from',
      label: t('timeline.chips.from', { date: filters.from }),
      remove: without('from'),
    });
  if (filters.to !== undefined)
    chips.push({
      key: 'to',
      label: t('timeline.chips.to', { date: filters.to }),
      remove: without('to'),
    });
  if (filters.flaggedOnly === true)
    chips.push({
      key: 'flagged',
      label: t('timeline.filters.flagged'),
      remove: without('flaggedOnly'),
    });
  if (filters.search !== undefined)
    chips.push({
      key: 'search',
      label: t('timeline.chips.searchFor', { words: filters.search }),
      remove: without('search'),
    });
  return chips;
}

function dropFilter(filters: Filters, key: keyof Filters): Filters {
  return Object.fromEntries(Object.entries(filters).filter(([name]) => name !== key));
}
