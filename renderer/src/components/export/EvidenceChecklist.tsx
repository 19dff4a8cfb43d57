// The case's evidence as a checklist with small previews, for a bundle of only some items. Previews
// are fetched as rows come into view, and the list grows a page at a time, so a large case stays quick.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceItem } from '../../../../shared/api-contract';
import { useApi } from '../../api/api-context';
import { readLanguage } from '../../i18n';
import { formatCaseDateTime } from '../../lib/format-date';
import { sortByCapture } from '../EvidenceGrid';
import { FileTypeIcon, describeFileKind } from '../FileTypeIcon';

interface Props {
  items: EvidenceItem[];
  timezone: string;
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}

const PAGE_SIZE = 100;

export function EvidenceChecklist({ items, timezone, selected, onChange }: Props) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const sorted = sortByCapture(items);
  const rest = sorted.length - limit;

  const toggle = (id: string, on: boolean): void => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };

  return (
    <div className="export-checklist">
      <div className="export-checklist-actions">
        <button
          type="button"
          className="button quiet"
          onClick={() => {
            onChange(new Set(items.map((item) => item.id)));
          }}
        >
          {t('export.scope.all')}
        </button>
        <button
          type="button"
          className="button quiet"
          onClick={() => {
            onChange(new Set());
          }}
        >
          {t('export.scope.none')}
        </button>
        <span className="muted" aria-live="polite">
          {t('export.chosenCount', { count: selected.size })}
        </span>
      </div>
      <ul className="export-checklist-list" aria-label={t('export.scope.listLabel')}>
        {sorted.slice(0, limit).map((item) => (
          <ChecklistRow
            key={item.id}
            item={item}
            timezone={timezone}
            checked={selected.has(item.id)}
            onToggle={toggle}
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
          {t('export.scope.showMore', { count: Math.min(rest, PAGE_SIZE) })}
        </button>
      )}
    </div>
  );
}

interface RowProps {
  item: EvidenceItem;
  timezone: string;
  checked: boolean;
  onToggle: (id: string, on: boolean) => void;
}

function ChecklistRow({ item, timezone, checked, onToggle }: RowProps) {
  const { t, i18n } = useTranslation();
  const kind = describeFileKind(item.mediaType, item.originalName);
  return (
    <li className="export-checklist-row" data-testid="export-checklist-row">
      <label className="check">
        <input
          type="checkbox"
          checked={checked}
          onChange={(event) => {
            onToggle(item.id, event.target.checked);
          }}
        />
        <SmallPreview item={item} />
        <span className="export-checklist-text">
          <span className="export-checklist-name">
            <FileTypeIcon kind={kind} label={t(`evidence.type.${kind}`)} />
            <span>{item.originalName}</span>
          </span>
          <span className="muted small">
            {item.capturedAt === null
              ? t('export.scope.noDate')
              : formatCaseDateTime(item.capturedAt, timezone, readLanguage(i18n))}
          </span>
        </span>
      </label>
    </li>
  );
}

function SmallPreview({ item }: { item: EvidenceItem }) {
  const api = useApi();
  const box = useRef<HTMLSpanElement>(null);
  // Without IntersectionObserver (tests, very old engines) every preview loads at once.
  const [visible, setVisible] = useState(() => typeof IntersectionObserver === 'undefined');
  const [dataUrl, setDataUrl] = useState<string | null>(null);

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
      if (!cancelled && result.ok && result.value.dataUrl !== null)
        setDataUrl(result.value.dataUrl);
    });
    return () => {
      cancelled = true;
    };
  }, [api, visible, item.id, item.thumbnail, dataUrl]);

  // The name beside it says what it is, so the picture itself is decoration for screen readers.
  return (
    <span className="export-thumb" ref={box} aria-hidden="true">
      {dataUrl !== null && <img src={dataUrl} alt="" />}
    </span>
  );
}
