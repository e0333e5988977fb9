// Face models this server runs: licence, file hash, calibration (data set, thresholds with their
// FNMR, the DET curve where one was measured, the calibration history) and which of your agency's galleries use each.
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import type { FaceModel, Gallery } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function ModelsPage() {
  const { t } = useI18n();
  const models = useLoad(() => call(api.GET('/v1/models')).then((r) => r.models), []);
  const galleries = useLoad(() => call(api.GET('/v1/galleries')).then((r) => r.galleries), []);
  return (
    <>
      <h1>{t('nav.models')}</h1>
      <p className="muted">{t('models.intro')}</p>
      {models.loading && !models.data && <p>{t('common.loading')}</p>}
      {models.error && <ErrorMessage error={models.error} onRetry={models.reload} />}
      {galleries.error && <ErrorMessage error={galleries.error} onRetry={galleries.reload} />}
      {models.data?.map((m) => <ModelCard key={m.id} model={m} galleries={(galleries.data ?? []).filter((g) => g.modelId === m.id)} />)}
    </>
  );
}

function ModelCard({ model: m, galleries }: { model: FaceModel; galleries: Gallery[] }) {
  const { t, time } = useI18n();
  const c = m.calibration;
  return (
    <section className="panel" aria-labelledby={`model-${m.alias}`} data-testid="model">
      <h2 id={`model-${m.alias}`}>{m.alias} <span className="tag">{t(m.source === 'built-in' ? 'models.builtIn' : 'models.registered')}</span></h2>
      <dl>
        <dt>{t('models.id')}</dt>
        <dd><code>{m.id}</code></dd>
        <dt>{t('models.dimension')}</dt>
        <dd>{m.dimension}</dd>
        <dt>{t('models.licence')}</dt>
        <dd>
          {m.licence.url && /^https?:\/\//i.test(m.licence.url) ? <a href={m.licence.url} rel="noreferrer" target="_blank">{m.licence.name}</a> : m.licence.name}
          {m.licence.licensee && <> · {t('models.licensee', { name: m.licence.licensee })}</>}
        </dd>
        {m.sha256 && <><dt>SHA-256</dt><dd><code title={m.sha256}>{m.sha256.slice(0, 12)}…</code></dd></>}
        {m.addedAt && <><dt>{t('models.added')}</dt><dd>{time(m.addedAt)}</dd></>}
        <dt>{t('models.galleries')}</dt>
        <dd data-testid="model-galleries">{galleries.length ? galleries.map((g) => <span key={g.id} className="tag">{g.name}</span>) : t('models.noGallery')}</dd>
        <dt>{t('models.calibration')}</dt>
        <dd>{c ? `${c.calibratedAt ? time(c.calibratedAt) : t('models.shipped')} · ${c.dataset}` : t('models.uncalibrated')}</dd>
        {c && <><dt>{t('models.comparisons')}</dt><dd>{t('models.comparisonCounts', { genuine: c.genuineComparisons, impostor: c.impostorComparisons })}</dd></>}
      </dl>
      {m.thresholds.length > 0 && (
        <div className="scroll-x">
          <table data-testid="model-thresholds">
            <thead>
              <tr>
                <th>{t('models.fmr')}</th>
                <th>{t('models.threshold')}</th>
                <th>{t('models.fnmr')}</th>
              </tr>
            </thead>
            <tbody>
              {m.thresholds.map((th) => (
                <tr key={th.fmr}>
                  <td className="num">{th.fmr}</td>
                  <td className="num">{th.score.toFixed(4)}</td>
                  <td className="num">{th.fnmr === undefined ? '—' : `${(th.fnmr * 100).toFixed(2)} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c?.detCurve && <DetCurve model={m} />}
      {(m.calibrations?.length ?? 0) > 0 && (
        <>
          <h3>{t('models.history')}</h3>
          <ul data-testid="model-calibrations">
            {m.calibrations!.map((h) => (
              <li key={`${h.source}-${h.calibratedAt ?? ''}`}>
                {h.calibratedAt ? time(h.calibratedAt) : '—'} · {t(h.source === 'shipped' ? 'models.shipped' : 'models.measured')} · {h.dataset} · {t('models.comparisonCounts', { genuine: h.genuineComparisons, impostor: h.impostorComparisons })}
                {h.active && <> <span className="tag">{t('models.active')}</span></>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function DetCurve({ model }: { model: FaceModel }) {
  const { t } = useI18n();
  const action = useAction();
  const [url, setUrl] = useState<string>();
  const show = async () => {
    const svg = await action.run(() => call(api.GET('/v1/models/{id}/calibration/det.svg', { params: { path: { id: model.id } }, parseAs: 'text' })) as Promise<string>);
    if (svg !== undefined) setUrl(URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' })));
  };
  return (
    <div>
      {!url && <button type="button" className="small secondary" disabled={action.busy} onClick={() => void show()}>{t('models.det')}</button>}
      {action.error && <ErrorMessage error={action.error} />}
      {url && <img src={url} alt={t('models.detAlt', { model: model.alias })} style={{ maxWidth: '100%' }} />}
    </div>
  );
}
