// Oversight: statistics from the log as a table and a chart, the newest signed checkpoint, the log
// with filters and in-browser proof checks, and agreements.
import { mayDo } from '../access.ts';
import { api, call } from '../api/client.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Agreements } from '../components/Agreements.tsx';
import { useState, type ReactNode } from 'react';
import type { StatisticsRow } from '../api/types.ts';
import { LogBrowser } from '../components/LogBrowser.tsx';
import { RecipientNotices } from '../audit/RecipientNotices.tsx';
import { StatsChart } from '../components/StatsChart.tsx';
import { useLoad } from '../hooks.ts';
import { isMessageKey, useI18n } from '../i18n/i18n.tsx';
import { Named } from '../components/Named.tsx';
import { useAgencyNames, useGalleryNames } from '../names.tsx';
import { useSession } from '../session.tsx';

type Row = Record<string, string | number>;


export function OversightPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const may = (action: 'log.read' | 'agreement.list') => mayDo(me.roles, action);
  return (
    <>
      <h1>{t('nav.oversight')}</h1>
      <p className="muted">{t('workflow.oversight')}</p>
      {may('log.read') ? <LogSections /> : <p className="muted">{t('oversight.logForAuditors')}</p>}
      {may('agreement.list') && <Agreements />}
      <RecipientNotices openOnly />
    </>
  );
}

function LogSections() {
  const { t } = useI18n();
  const stats = useLoad(() => call(api.GET('/v1/log/statistics', { params: { query: { by: 'year' } } })).then((r) => (typeof r === 'object' && 'rows' in r ? (r.rows as Row[]) : [])), []);
  const checkpoint = useLoad(() => call(api.GET('/v1/log/checkpoint')), []);
  const agencies = useAgencyNames();
  const galleries = useGalleryNames();
  const notices = useLoad(() => call(api.GET('/v1/notices/statistics')).then((r) => r.rows as Row[]), []);
  const refusals = useLoad(() => call(api.GET('/v1/log/statistics', { params: { query: { by: 'year', view: 'refusals' } } })).then((r) => (typeof r === 'object' && 'refusals' in r ? (r.refusals as Row[]) : [])), []);
  const [by, setBy] = useState<'year' | 'month'>('year');
  const chart = useLoad(() => call(api.GET('/v1/log/statistics', { params: { query: { by } } })).then((r) => (typeof r === 'object' && 'rows' in r ? (r.rows as StatisticsRow[]) : [])), [by]);
  const label = (dim: string, v: string) => (dim === 'agency' ? agencies.data?.get(v) : dim === 'gallery' ? galleries.data?.get(v) : undefined) ?? v;
  const cell = (c: string, v: string | number): ReactNode => {
    const names = c === 'agency' ? agencies.data : c === 'gallery' ? galleries.data : undefined;
    if (names) return <Named id={String(v)} name={names.get(String(v))} />;
    return c === 'outcome' ? t(`outcome.${v === 'failed' ? 'failed' : 'denied'}`) : v;
  };
  return (
    <>
      <section className="panel" aria-labelledby="o-stats">
        <h2 id="o-stats">{t('oversight.statistics')}</h2>
        {stats.error && <ErrorMessage error={stats.error} onRetry={stats.reload} />}
        <p className="muted">{t('oversight.scope')}</p>
        {stats.data && stats.data.length === 0 && <p>{t('oversight.noStats')}</p>}
        {stats.data && stats.data.length > 0 && <CountTable testId="statistics" rows={stats.data} cell={cell} />}
      </section>
      <section className="panel" aria-labelledby="o-notices">
        <h2 id="o-notices">{t('circulated.oversight')}</h2>
        {notices.error && <ErrorMessage error={notices.error} onRetry={notices.reload} />}
        {notices.data && notices.data.length === 0 && <p>{t('oversight.noStats')}</p>}
        {notices.data && notices.data.length > 0 && <CountTable testId="notice-counts" rows={notices.data} cell={cell} />}
      </section>
      <section className="panel" aria-labelledby="o-refusals">
        <h2 id="o-refusals">{t('oversight.refusals')}</h2>
        {refusals.error && <ErrorMessage error={refusals.error} onRetry={refusals.reload} />}
        {refusals.data && refusals.data.length === 0 && <p>{t('oversight.noRefusals')}</p>}
        {refusals.data && refusals.data.length > 0 && <CountTable testId="refusals" rows={refusals.data} cell={cell} />}
      </section>
      <section className="panel" aria-labelledby="o-chart">
        <h2 id="o-chart">{t('chart.heading')}</h2>
        {chart.error && <ErrorMessage error={chart.error} onRetry={chart.reload} />}
        {chart.data && chart.data.length === 0 && <p>{t('oversight.noStats')}</p>}
        {chart.data && chart.data.length > 0 && <StatsChart rows={chart.data} label={label} by={by} onBy={setBy} />}
      </section>
      <section className="panel" aria-labelledby="o-cp">
        <h2 id="o-cp">{t('oversight.checkpoint')}</h2>
        {checkpoint.error && <ErrorMessage error={checkpoint.error} onRetry={checkpoint.reload} />}
        {checkpoint.data && (
          <>
            <p>{t('oversight.treeSize', { size: checkpoint.data.size, time: checkpoint.data.time })}</p>
            <pre className="note" data-testid="checkpoint">{checkpoint.data.note}</pre>
          </>
        )}
      </section>
      <LogBrowser agencies={agencies.data} />
    </>
  );
}

/** Rows of counts as a table: one translated column per field, numbers right-aligned. */
function CountTable({ rows, cell, testId }: { rows: Row[]; cell(column: string, value: string | number): ReactNode; testId: string }) {
  const { t } = useI18n();
  const columns = Object.keys(rows[0]!);
  const heading = (c: string) => {
    const key = `stats.col.${c}`;
    return isMessageKey(key) ? t(key) : c.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  };
  return (
    <div className="scroll-x">
      <table data-testid={testId}>
        <thead>
          <tr>{columns.map((c) => <th key={c}>{heading(c)}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>{columns.map((c) => <td key={c} className={typeof r[c] === 'number' ? 'num' : undefined}>{cell(c, r[c]!)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
