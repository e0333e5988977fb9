// An imported exchange document (ANSI/NIST-ITL transaction, ISO/IEC 19794-5 record) read by the
// server: each face record's image beside its fields, tag, mnemonic and value. Nothing is stored.
import { useState } from 'react';
import { api, asForm, call } from '../api/client.ts';
import { toApiError, type ApiError } from '../api/errors.ts';
import { useI18n, type Lang } from '../i18n/i18n.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { FileDrop } from './FileDrop.tsx';

type View = Awaited<ReturnType<typeof read>>;

// The component's own words, so that it stays one file beside the catalogues.
const words: Record<Lang, Record<'title' | 'pick' | 'hint' | 'tag' | 'name' | 'value' | 'record' | 'skipped' | 'points', string>> = {
  en: { title: 'Exchange record', pick: 'Show the fields of a transaction (.an2, .eft) or ISO/IEC 19794-5 record', hint: 'Read by the server; nothing is stored.', tag: 'Field', name: 'Mnemonic', value: 'Value', record: 'Face record', skipped: 'Not read', points: 'Feature points' },
  de: { title: 'Austauschdatensatz', pick: 'Felder einer Transaktion (.an2, .eft) oder eines ISO/IEC-19794-5-Datensatzes anzeigen', hint: 'Vom Server gelesen; nichts wird gespeichert.', tag: 'Feld', name: 'Kürzel', value: 'Wert', record: 'Gesichtsdatensatz', skipped: 'Nicht gelesen', points: 'Merkmalspunkte' },
};

const read = (file: File) => call(api.POST('/v1/exchange/face-records', asForm({}, [['file', file]])));

export function ExchangeRecordFields() {
  const { lang } = useI18n();
  const w = words[lang];
  const [view, setView] = useState<View>();
  const [error, setError] = useState<ApiError>();
  const open = async (files: File[]) => {
    setView(undefined);
    setError(undefined);
    if (files[0]) await read(files[0]).then(setView, (e: unknown) => setError(toApiError(e)));
  };
  return (
    <section className="panel" aria-labelledby="x-title" data-testid="exchange-record">
      <h2 id="x-title">{w.title}</h2>
      <FileDrop id="x-file" label={w.pick} hint={w.hint} accept=".an2,.eft,.nist,.fac,.iso,.iso2005" onFiles={(f) => void open(f)} />
      {error && <ErrorMessage error={error} />}
      {view?.records.map((r) => (
        <div key={r.idc} className="exchange-record" style={{ display: 'flex', gap: '1rem', alignItems: 'flex-start' }}>
          <img src={`data:${r.mediaType};base64,${r.image}`} alt={`${w.record} ${r.idc}`} style={{ maxWidth: '40%', height: 'auto' }} />
          <table aria-label={`${w.record} ${r.idc}`}>
            <thead>
              <tr><th>{w.tag}</th><th>{w.name}</th><th>{w.value}</th></tr>
            </thead>
            <tbody>
              {r.fields.map((f) => (
                <tr key={f.tag}><td><code>{f.tag}</code></td><td>{f.name}</td><td>{f.value}</td></tr>
              ))}
              {r.featurePoints.length > 0 && (
                <tr><td /><td>{w.points}</td><td>{r.featurePoints.map((p) => `${p.code} (${p.x}, ${p.y})`).join('; ')}</td></tr>
              )}
            </tbody>
          </table>
        </div>
      ))}
      {view && view.skipped.length > 0 && <p className="muted">{w.skipped}: {view.skipped.map((s) => s.reason).join(' ')}</p>}
    </section>
  );
}
