// The case's evidence as tiles, oldest first like the story they tell: a preview (fetched only when
// the tile scrolls into view), the time in the case's zone, where that time came from, and the type.
// A click or Enter on a tile opens it in the viewer, which then follows the grid's order.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceItem } from '../../../shared/api-contract';
import { useApi } from '../api/api-context';
import { readLanguage } from '../i18n';
import { formatCaseDateTime } from '../lib/format-date';
import { shortenMiddle } from '../lib/shorten-name';
import { FileTypeIcon, describeFileKind } from './FileTypeIcon';

interface Props {
  items: EvidenceItem[];
  timezone: string;
  /** Opens the viewer at `index` of `orderedIds`, the grid's own order (oldest first). */
  onOpen?: (orderedIds: string[], index: number) => void;
}

// Enough to fill a few screens; more on request, so a 10,000-file case stays quick.
const PAGE_SIZE = 120;

export function EvidenceGrid({ items, timezone, onOpen }: Props) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const sorted = sortByCapture(items);
  const open =
    onOpen === undefined
      ? undefined
      : (index: number) => {
          onOpen(
            sorted.map((item) => item.id),
            index,
          );
        };
  const rest = sorted.length - limit;
  return (
    <section className="evidence-section" aria-labelledby="evidence-grid-title">
      <h2 id="evidence-grid-title">
        {t('evidence.grid.title')}{' '}
        <span className="muted count">{t('evidence.grid.count', { count: items.length })}</span>
      </h2>
      <ul
        className="evidence-grid"
        aria-label={t('evidence.grid.listLabel')}
        data-testid="evidence-grid"
      >
        {sorted.slice(0, limit).map((item, index) => (
          <EvidenceTile
            key={item.id}
            item={item}
            timezone={timezone}
            onOpen={
              open === undefined
                ? undefined
                : () => {
                    open(index);
                  }
            }
          />
        ))}
      </ul>
      {rest > 0 && (
        <button
          type="button"
          className="button"
          onClick={() => {
            setLimit(limit + PAGE_SIZE);
          }}
        >
          {t('evidence.grid.showMore', { count: Math.min(rest, PAGE_SIZE) })}
        </button>
      )}
    </section>
  );
}

function EvidenceTile({
  item,
  timezone,
  onOpen,
}: {
  item: EvidenceItem;
  timezone: string;
  onOpen: (() => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const kind = describeFileKind(item.mediaType, item.originalName);
  // The whole tile is the target (large and easy to hit); as a button it is reached with Tab.
  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>): void => {
    if (onOpen === undefined || event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen();
    }
  };
  return (
    <li
      className={onOpen === undefined ? 'evidence-tile' : 'evidence-tile evidence-tile-open'}
      data-testid="evidence-tile"
      role={onOpen === undefined ? undefined : 'button'}
      tabIndex={onOpen === undefined ? undefined : 0}
      onClick={onOpen}
      onKeyDown={onKeyDown}
    >
      <Preview item={item} kind={kind} />
      <div className="tile-body">
        <p className="tile-name" title={item.originalName}>
          <FileTypeIcon kind={kind} label={t(`evidence.type.${kind}`)} />
          <span className="tile-name-text">{shortenMiddle(item.originalName)}</span>
        </p>
        <p className="tile-time">
          {item.capturedAt === null ? (
            <span className="muted">{t('evidence.grid.noDate')}</span>
          ) : (
            <time dateTime={item.capturedAt}>
              {formatCaseDateTime(item.capturedAt, timezone, language)}
            </time>
          )}
        </p>
        <DateSource item={item} timezone={timezone} />
      </div>
    </li>
  );
}

/** A small marker of where the date came from; the full sentence is its tooltip and its spoken text. */
function DateSource({ item, timezone }: { item: EvidenceItem; timezone: string }) {
  const { t } = useTranslation();
  const source = item.capturedAtSource;
  const long = t(`evidence.source.${source}.long`);
  const explanation = item.zoneAssumed
    ? `${long} ${t('evidence.grid.zoneAssumed', { zone: timezone })}`
    : long;
  return (
    <p
      className="date-source"
      data-source={source}
      data-confidence={item.capturedAtConfidence}
      title={explanation}
    >
      <span aria-hidden="true">{t(`evidence.source.${source}.short`)}</span>
      <span className="visually-hidden">{explanation}</span>
    </p>
  );
}

function Preview({
  item,
  kind,
}: {
  item: EvidenceItem;
  kind: ReturnType<typeof describeFileKind>;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const box = useRef<HTMLDivElement>(null);
  // Without IntersectionObserver (tests, very old engines) every preview loads at once.
  const [visible, setVisible] = useState(() => typeof IntersectionObserver === 'undefined');
  const [dataUrl, setDataUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = box.current;
    if (element === null || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);

  useEffect(() => {
    if (!visible || item.thumbnail !== 'ready' || dataUrl !== null) return;
    let cancelled = false;
    void api.evidence.thumbnail({ evidenceId: item.id }).then((result) => {
      if (cancelled) return;
      if (result.ok && result.value.dataUrl !== null) setDataUrl(result.value.dataUrl);
      else setFailed(true);
    });
    return () => {
      cancelled = true;
    };
  }, [api, visible, item.id, item.thumbnail, dataUrl]);

  let content;
  if (dataUrl !== null) {
    content = <img src={dataUrl} alt={t('evidence.grid.previewOf', { name: item.originalName })} />;
  } else if (item.thumbnail === 'pending' || (item.thumbnail === 'ready' && !failed)) {
    content = <span className="preview-note">{t('evidence.grid.previewPending')}</span>;
  } else {
    content = (
      <span
        className="preview-note"
        title={item.thumbnailReason === '' ? undefined : item.thumbnailReason}
      >
        <FileTypeIcon kind={kind} label="" large />
        {t('evidence.grid.noPreview')}
      </span>
    );
  }
  return (
    <div
      className="tile-preview"
      ref={box}
      data-state={dataUrl === null ? item.thumbnail : 'shown'}
    >
      {content}
    </div>
  );
}

/** Oldest first; items with no date go last, in the order they were added. */
export function sortByCapture(items: readonly EvidenceItem[]): EvidenceItem[] {
  return [...items].sort((a, b) => {
    if (a.capturedAt === null || b.capturedAt === null) {
      if (a.capturedAt === b.capturedAt) return a.importedAt.localeCompare(b.importedAt);
      return a.capturedAt === null ? 1 : -1;
    }
    return (
      Date.parse(a.capturedAt) - Date.parse(b.capturedAt) ||
      a.originalName.localeCompare(b.originalName)
    );
  });
}
