// Known-hash sets: import a VICS 2.0 JSON or CSV list (malformed rows are listed, the rest
// imported), list your agency's sets, export one as VICS JSON or CSV.
import { useState, type FormEvent } from 'react';
import { api, asForm, call } from '../api/client.ts';
import type { HashSetImport } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { useAction, useLoad, useMay } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function HashSetsPage() {
  const { t, time } = useI18n();
  const list = useLoad(() => call(api.GET('/v1/hashsets')).then((r) => r.hashSets), []);
  const exporting = useAction();
  const download = async (id: string, name: string, format: 'vics' | 'csv') => {
    const text = await exporting.run(() => call(api.GET('/v1/hashsets/{id}/export', { params: { path: { id }, query: { format } }, parseAs: 'text' })) as Promise<string>);
    if (text === undefined) return;
    const url = URL.createObjectURL(new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name.replace(/[^\w.-]+/g, '_')}.${format === 'csv' ? 'csv' : 'json'}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <>
      <h1>{t('nav.hashsets')}</h1>
      <p className="muted">{t('workflow.hashsets')}</p>
      {useMay()('hashset.import') && <Import onDone={list.reload} />}
      <section className="panel" aria-labelledby="hs-list">
        <h2 id="hs-list">{t('hashsets.list')}</h2>
        {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
        {exporting.error && <ErrorMessage error={exporting.error} />}
        {list.data && list.data.length === 0 && <p>{t('hashsets.none')}</p>}
        {list.data && list.data.length > 0 && (
          <table data-testid="hashsets">
            <thead>
              <tr>
                <th>{t('hashsets.name')}</th>
                <th>{t('hashsets.source')}</th>
                <th>{t('hashsets.scheme')}</th>
                <th>{t('hashsets.entries')}</th>
                <th>{t('galleries.created')}</th>
                <th>{t('hashsets.export')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((h) => (
                <tr key={h.id}>
                  <td>{h.name}</td>
                  <td>{h.source}</td>
                  <td>{h.categoryScheme}</td>
                  <td className="num">{h.entryCount}</td>
                  <td>{time(h.createdAt)}</td>
                  <td>
                    <div className="row">
                      <button type="button" className="small secondary" onClick={() => void download(h.id, h.name, 'vics')}>VICS JSON</button>
                      <button type="button" className="small secondary" onClick={() => void download(h.id, h.name, 'csv')}>CSV</button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Import({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [file, setFile] = useState<File>();
  const [name, setName] = useState('');
  const [source, setSource] = useState('');
  const [categoryScheme, setScheme] = useState('vics');
  const [format, setFormat] = useState<'vics' | 'csv'>('vics');
  const [defaultCategory, setDefaultCategory] = useState('');
  const [result, setResult] = useState<HashSetImport>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setResult(undefined);
    const r = await action.run(() => call(api.POST('/v1/hashsets', asForm({ name, source, categoryScheme, format, defaultCategory: defaultCategory.trim() || undefined }, [['file', file]]))));
    if (r) {
      setResult(r);
      onDone();
    }
  };
  return (
    <section className="panel" aria-labelledby="hs-import">
      <h2 id="hs-import">{t('hashsets.import')}</h2>
      <form className="grid-form" onSubmit={submit}>
        <span className="label-like">{t('hashsets.file')}</span>
        <FileDrop id="hs-file" label={t('hashsets.pick')} hint={t('hashsets.fileHint')} accept=".json,.csv,application/json,text/csv" onFiles={(f) => {
          setFile(f[0]);
          if (f[0]?.name.toLowerCase().endsWith('.csv')) setFormat('csv');
        }} />
        <label htmlFor="hs-name">{t('hashsets.name')}</label>
        <input id="hs-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="hs-source">{t('hashsets.source')}</label>
        <input id="hs-source" required value={source} onChange={(e) => setSource(e.target.value)} />
        <label htmlFor="hs-scheme">{t('hashsets.scheme')}</label>
        <input id="hs-scheme" required value={categoryScheme} onChange={(e) => setScheme(e.target.value)} />
        <label htmlFor="hs-format">{t('hashsets.format')}</label>
        <select id="hs-format" value={format} onChange={(e) => setFormat(e.target.value as 'vics' | 'csv')}>
          <option value="vics">VICS 2.0 JSON</option>
          <option value="csv">CSV</option>
        </select>
        <label htmlFor="hs-default">{t('hashsets.defaultCategory')}</label>
        <input id="hs-default" value={defaultCategory} onChange={(e) => setDefaultCategory(e.target.value)} />
        <span />
        <div>
          <button type="submit" disabled={action.busy || !file}>{t('hashsets.submit')}</button>
        </div>
      </form>
      {action.error && <ErrorMessage error={action.error} />}
      {result && (
        <div data-testid="hashset-import" role="status">
          <p className={result.errors.length ? 'notice' : 'success'}>{t('hashsets.imported', { n: result.imported, errors: result.errors.length, name: result.hashSet.name })}</p>
          {result.errors.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th>{t('hashsets.row')}</th>
                  <th>{t('hashsets.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e) => (
                  <tr key={`${e.row}:${e.reason}`}>
                    <td className="num">{e.row}</td>
                    <td>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
