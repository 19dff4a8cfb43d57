// Entries per day, stacked by kind, above the timeline. chart.js draws it (only the bar chart's
// parts are registered, so the rest of the library is left out of the bundle); clicking a day's bar
// jumps the list to that day. A plain list of the busiest days sits behind it for screen readers.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../../shared/contract/timeline';
import { readLanguage } from '../../i18n';
import { formatMonth, formatShortDay, listDays, listMonths } from '../../lib/timeline-text';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Calm colours that stay apart in light and dark themes; the flag colour is kept for flags. */
const KIND_COLOURS: Record<string, string> = {
  call: '#1d5fa8',
  message: '#5b8fc9',
  visit: '#7a5ea8',
  threat: '#a8552e',
  post: '#b07a2a',
  screenshot: '#3f8f7a',
  photo: '#6fae8f',
  document: '#8a8a80',
  audio: '#9c6f9c',
  video: '#5f7f9f',
  step: '#4f7f4f',
  note: '#7f7f7f',
  system: '#a3a39a',
};

interface Props {
  activity: Activity;
  onDay: (day: string) => void;
}

export function ActivityChart({ activity, onDay }: Props) {
  const { t, i18n } = useTranslation();
  const language = readLanguage(i18n);
  const canvas = useRef<HTMLCanvasElement>(null);
  const onDayRef = useRef(onDay);
  useEffect(() => {
    onDayRef.current = onDay;
  }, [onDay]);

  const data = useMemo(() => bucketActivity(activity), [activity]);

  useEffect(() => {
    const element = canvas.current;
    if (element === null || data.days.length === 0) return;
    const context = element.getContext('2d');
    // No canvas (as in some test browsers): the list below still says what the chart shows.
    if (context === null) return;
    const muted = getComputedStyle(element).getPropertyValue('color') || '#55534d';
    const config: ChartConfiguration<'bar', number[], string> = {
      type: 'bar',
      data: {
        labels: data.days.map((day) =>
          data.monthly ? formatMonth(day, language) : formatShortDay(day, language),
        ),
        datasets: data.kinds.map((kind) => ({
          label: t(`timeline.kinds.${kind}`, { defaultValue: kind }),
          data: data.days.map((day) => data.byDay.get(day)?.[kind] ?? 0),
          backgroundColor: KIND_COLOURS[kind] ?? '#8a8a80',
          stack: 'entries',
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: {
          x: { stacked: true, ticks: { color: muted, maxRotation: 0, autoSkip: true } },
          y: { stacked: true, beginAtZero: true, ticks: { color: muted, precision: 0 } },
        },
        plugins: { legend: { position: 'bottom', labels: { color: muted, boxWidth: 12 } } },
        onClick: (_event, elements) => {
          const index = elements[0]?.index;
          const bucket = index === undefined ? undefined : data.days[index];
          const day = bucket === undefined ? undefined : data.firstDay.get(bucket);
          if (day !== undefined) onDayRef.current(day);
        },
        onHover: (event, elements) => {
          const target = event.native?.target;
          if (target instanceof HTMLElement)
            target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
        },
      },
    };
    const chart = new Chart(context, config);
    return () => {
      chart.destroy();
    };
  }, [data, language, t]);

  if (data.days.length === 0) return null;
  const busiest = [...activity.days]
    .map((entry) => ({
      day: entry.day,
      total: Object.values(entry.counts).reduce((sum, n) => sum + n, 0),
    }))
    .sort((a, b) => b.total - a.total)
    .slice(0, 5);
  return (
    <figure className="timeline-chart">
      <figcaption className="small muted">
        {data.monthly ? t('timeline.chart.captionMonths') : t('timeline.chart.caption')}
      </figcaption>
      <div className="timeline-chart-canvas">
        <canvas ref={canvas} role="img" aria-label={t('timeline.chart.label')} />
      </div>
      <details className="small">
        <summary>{t('timeline.chart.busiest')}</summary>
        <ul className="inline-list">
          {busiest.map((entry) => (
            <li key={entry.day}>
              <button
                type="button"
                className="button link"
                onClick={() => {
                  onDay(entry.day);
                }}
              >
                {t('timeline.chart.dayCount', {
                  day: formatShortDay(entry.day, language),
                  count: entry.total,
                })}
              </button>
            </li>
          ))}
        </ul>
      </details>
    </figure>
  );
}

/** Most days have bars when the case spans a few months; over a longer span, months do. */
const MAX_DAY_BARS = 120;

function bucketActivity(activity: Activity): {
  days: string[];
  monthly: boolean;
  byDay: Map<string, Record<string, number>>;
  /** The first day with entries in each bar, where a click jumps to. */
  firstDay: Map<string, string>;
  kinds: string[];
} {
  const first = activity.days[0]?.day;
  const last = activity.days.at(-1)?.day;
  const kinds = [...new Set(activity.days.flatMap((entry) => Object.keys(entry.counts)))].sort();
  if (first === undefined || last === undefined)
    return { days: [], monthly: false, byDay: new Map(), firstDay: new Map(), kinds };
  const days = listDays(first, last, MAX_DAY_BARS + 1);
  const monthly = days.length > MAX_DAY_BARS;
  const byDay = new Map<string, Record<string, number>>();
  const firstDay = new Map<string, string>();
  for (const entry of activity.days) {
    const bucket = monthly ? entry.day.slice(0, 7) : entry.day;
    const counts = byDay.get(bucket) ?? {};
    for (const [kind, count] of Object.entries(entry.counts))
      counts[kind] = (counts[kind] ?? 0) + count;
    byDay.set(bucket, counts);
    if (!firstDay.has(bucket)) firstDay.set(bucket, entry.day);
  }
  return { days: monthly ? listMonths(first, last) : days, monthly, byDay, firstDay, kinds };
}
