// A hand-made SVG bar chart of the statistics: one group of bars per period, one bar per agency,
// gallery or purpose, for one measure.
import { useState } from 'react';
import type { StatisticsRow } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

const measures = ['searches', 'candidates', 'potentialHits', 'confirmedHits', 'disclosuresApproved', 'disclosuresDenied', 'verifications', 'erasures'] as const;
const dims = ['agency', 'gallery', 'purpose'] as const;
const colours = ['#1f5fa8', '#d0781b', '#2e8540', '#9b2f8f', '#b8312f', '#5a6b7b', '#0f8b8d', '#8a6d00'];

/** Sums `measure` per period and per value of `dim`. */
export function series(rows: StatisticsRow[], dim: (typeof dims)[number], measure: (typeof measures)[number]) {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const keys = [...new Set(rows.map((r) => r[dim]))].sort();
  const value = new Map<string, number>();
  for (const r of rows) value.set(`${r.period}\u0000${r[dim]}`, (value.get(`${r.period}\u0000${r[dim]}`) ?? 0) + Number(r[measure] ?? 0));
  return { periods, keys, at: (p: string, k: string) => value.get(`${p}\u0000${k}`) ?? 0 };
}

export function StatsChart({ rows, label, by, onBy }: { rows: StatisticsRow[]; label(dim: string, v: string): string; by: 'year' | 'month'; onBy(b: 'year' | 'month'): void }) {
  const { t } = useI18n();
  const [dim, setDim] = useState<(typeof dims)[number]>('agency');
  const [measure, setMeasure] = useState<(typeof measures)[number]>('searches');
  const s = series(rows, dim, measure);
  const max = Math.max(1, ...s.periods.flatMap((p) => s.keys.map((k) => s.at(p, k))));
  const W = 640, H = 220, left = 36, bottom = 28, top = 10;
  const groupW = (W - left) / Math.max(1, s.periods.length);
  const barW = Math.max(3, Math.min(40, (groupW - 8) / Math.max(1, s.keys.length)));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  return (
    <div data-testid="stats-chart">
      <div className="row">
        <label htmlFor="c-measure">{t('chart.measure')}</label>
        <select id="c-measure" value={measure} onChange={(e) => setMeasure(e.target.value as typeof measure)}>
          {measures.map((m) => <option key={m} value={m}>{t(`stats.col.${m}`)}</option>)}
        </select>
        <label htmlFor="c-dim">{t('chart.per')}</label>
        <select id="c-dim" value={dim} onChange={(e) => setDim(e.target.value as typeof dim)}>
          {dims.map((d) => <option key={d} value={d}>{t(`chart.${d}`)}</option>)}
        </select>
        <label htmlFor="c-by">{t('chart.by')}</label>
        <select id="c-by" value={by} onChange={(e) => onBy(e.target.value as 'year' | 'month')}>
          <option value="year">{t('chart.year')}</option>
          <option value="month">{t('chart.month')}</option>
        </select>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('chart.label', { measure, dim: t(`chart.${dim}`) })} style={{ width: '100%', maxWidth: W }}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={left} x2={W} y1={y(max * f)} y2={y(max * f)} stroke="#ccd" strokeWidth={0.5} />
            <text x={left - 4} y={y(max * f) + 4} fontSize={10} textAnchor="end">{Math.round(max * f)}</text>
          </g>
        ))}
        {s.periods.map((p, i) => (
          <g key={p}>
            {s.keys.map((k, j) => {
              const v = s.at(p, k);
              const x = left + i * groupW + 4 + j * barW;
              return (
                <rect key={k} x={x} y={y(v)} width={barW - 1} height={H - bottom - y(v)} fill={colours[j % colours.length]}>
                  <title>{`${p} · ${label(dim, k)}: ${v}`}</title>
                </rect>
              );
            })}
            <text x={left + i * groupW + groupW / 2} y={H - 10} fontSize={10} textAnchor="middle">{p}</text>
          </g>
        ))}
      </svg>
      <ul className="legend">
        {s.keys.map((k, j) => (
          <li key={k}>
            <span className="swatch" style={{ background: colours[j % colours.length] }} /> {label(dim, k)}
          </li>
        ))}
      </ul>
    </div>
  );
}
