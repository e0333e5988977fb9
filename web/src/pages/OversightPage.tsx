// Oversight: statistics from the log, the newest signed checkpoint, and agreements.
import { api, call } from '../api/client.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Agreements } from '../components/Agreements.tsx';
import { useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

type Row = Record<string, string | number>;

export function OversightPage() {
  const { t } = useI18n();
  const stats = useLoad(() => call(api.GET('/v1/log/statistics', { params: { query: { by: 'year' } } })).then((r) => (typeof r === 'object' && 'rows' in r ? (r.rows as Row[]) : [])), []);
  const checkpoint = useLoad(() => call(api.GET('/v1/log/checkpoint')), []);
  const agencies = useLoad(() => call(api.GET('/v1/agencies')).then((r) => new Map(r.agencies.map((a) => [a.id, a.name]))), []);
  const columns = stats.data?.[0] ? Object.keys(stats.data[0]) : [];
  const cell = (c: string, v: string | number) => (c === 'agency' ? (agencies.data?.get(String(v)) ?? v) : v);
  return (
    <>
      <h1>{t('nav.oversight')}</h1>
      <p className="muted">{t('workflow.oversight')}</p>
      <section className="panel" aria-labelledby="o-stats">
        <h2 id="o-stats">{t('oversight.statistics')}</h2>
        {stats.error && <ErrorMessage error={stats.error} onRetry={stats.reload} />}
        {stats.data && stats.data.length === 0 && <p>{t('oversight.noStats')}</p>}
        {stats.data && stats.data.length > 0 && (
          <div className="scroll-x">
            <table data-testid="statistics">
              <thead>
                <tr>{columns.map((c) => <th key={c}>{c.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}</th>)}</tr>
              </thead>
              <tbody>
                {stats.data.map((r, i) => (
                  <tr key={i}>{columns.map((c) => <td key={c} className={typeof r[c] === 'number' ? 'num' : undefined}>{String(cell(c, r[c]))}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
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
      <Agreements />
    </>
  );
}
