import { Fragment, useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import { galleryKinds, type Gallery } from '../api/types.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { GalleryEditor } from '../components/GalleryEditor.tsx';
import { GalleryReembed } from '../components/GalleryReembed.tsx';
import { fpirValue, ReliabilityField, suggestedFpir } from '../components/ReliabilityField.tsx';
import { useAction, useLoad, useMay } from '../hooks.ts';
import { useI18n, type Translate } from '../i18n/i18n.tsx';

export function GalleriesPage() {
  const { t, time } = useI18n();
  const galleries = useLoad(() => call(api.GET('/v1/galleries')).then((r) => r.galleries), []);
  const [created, setCreated] = useState<string>();
  const [editing, setEditing] = useState<string>();
  const may = useMay();
  const isAdmin = may('gallery.manage');
  return (
    <>
      <h1>{t('galleries.heading')}</h1>
      <p className="muted">{t('galleries.intro')}</p>
      {galleries.loading && !galleries.data && <p>{t('common.loading')}</p>}
      {galleries.error && <ErrorMessage error={galleries.error} onRetry={galleries.reload} />}
      {galleries.data && galleries.data.length === 0 && <p>{t('galleries.empty')}</p>}
      {galleries.data && galleries.data.length > 0 && (
        <div className="scroll-x">
        <table data-testid="galleries">
          <thead>
            <tr>
              <th>{t('galleries.name')}</th>
              <th>{t('galleries.kind')}</th>
              <th>{t('galleries.purposes')}</th>
              <th>{t('galleries.legalBasis')}</th>
              <th>{t('galleries.retention')}</th>
              <th>{t('galleries.model')}</th>
              <th>{t('galleries.requiredFpirShort')}</th>
              <th>{t('galleries.index')}</th>
              <th>{t('galleries.created')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {galleries.data.map((g) => (
              <Fragment key={g.id}>
              <tr>
                <td>{g.name}</td>
                <td>{t(`galleries.kind.${g.kind}`)}</td>
                <td>{g.purposes.map((p) => <span key={p} className="tag">{p}</span>)}</td>
                <td>{g.legalBasis}</td>
                <td className="num">{g.retentionDays}</td>
                <td>{g.modelId ? <code>{g.modelId}</code> : '—'}</td>
                <td className="num">{g.kind === 'face' ? (g.requiredFpir ?? t('common.none')) : '—'}</td>
                <td data-testid="gallery-index">{g.index ? indexText(g.index, t) : '—'}</td>
                <td>{time(g.createdAt)}</td>
                <td>
                  {isAdmin && (
                  <button type="button" className="secondary small" aria-expanded={editing === g.id} aria-label={t('galleries.editLabel', { name: g.name })} onClick={() => setEditing(editing === g.id ? undefined : g.id)}>
                    {t('common.edit')}
                  </button>
                  )}
                </td>
              </tr>
              {editing === g.id && (
                <tr className="expanded">
                  <td colSpan={10}>
                    <GalleryEditor
                      gallery={g}
                      onCancel={() => setEditing(undefined)}
                      onSaved={() => {
                        setEditing(undefined);
                        galleries.reload();
                      }}
                      onDeleted={() => {
                        setEditing(undefined);
                        galleries.reload();
                      }}
                    />
                    {g.kind === 'face' && may('gallery.reembed') && <GalleryReembed gallery={g} onSwitched={galleries.reload} />}
                  </td>
                </tr>
              )}
              </Fragment>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {created && (
        <p className="success" role="status">
          {t('galleries.createdOk', { name: created })}
        </p>
      )}
      {isAdmin ? (
        <NewGalleryForm
          onCreated={(g) => {
            setCreated(g.name);
            galleries.reload();
          }}
        />
      ) : (
        <p className="muted" data-testid="admins-only">{t('galleries.adminsOnly')}</p>
      )}
    </>
  );
}

function NewGalleryForm({ onCreated }: { onCreated(g: Gallery): void }) {
  const { t } = useI18n();
  const action = useAction();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Gallery['kind']>('face');
  const [legalBasis, setLegalBasis] = useState('');
  const [purposes, setPurposes] = useState('');
  const [retentionDays, setRetentionDays] = useState('3650');
  const [modelChoice, setModelId] = useState('');
  const [requiredFpir, setRequiredFpir] = useState(suggestedFpir);
  // The server lists the face models it runs; a face gallery must name one of them.
  const models = useLoad(() => call(api.GET('/v1/models')).then((r) => r.models.map((m) => m.id)), []);
  const modelId = kind === 'face' ? (modelChoice || models.data?.[0] || '').trim() : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name,
      kind,
      legalBasis,
      purposes: purposes.split(',').map((p) => p.trim()).filter(Boolean),
      retentionDays: Number(retentionDays),
      modelId: modelId === '' ? null : modelId,
      ...(kind === 'face' ? { requiredFpir: fpirValue(requiredFpir) } : {}),
    };
    const g = await action.run(() => call(api.POST('/v1/galleries', { body })));
    if (g) {
      setName('');
      setLegalBasis('');
      setPurposes('');
      onCreated(g);
    }
  };

  return (
    <section className="panel" aria-labelledby="new-gallery">
      <h2 id="new-gallery">{t('galleries.create')}</h2>
      <form className="grid-form" onSubmit={submit}>
        <label htmlFor="g-name">{t('galleries.name')}</label>
        <input id="g-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="g-kind">{t('galleries.kind')}</label>
        <select id="g-kind" value={kind} onChange={(e) => setKind(e.target.value as Gallery['kind'])}>
          {galleryKinds.map((k) => (
            <option key={k} value={k}>
              {t(`galleries.kind.${k}`)}
            </option>
          ))}
        </select>
        <label htmlFor="g-legal">{t('galleries.legalBasis')}</label>
        <input id="g-legal" required maxLength={500} value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} />
        <label htmlFor="g-purposes">{t('galleries.purposes')}</label>
        <div>
          <input id="g-purposes" required aria-describedby="g-purposes-hint" value={purposes} onChange={(e) => setPurposes(e.target.value)} />
          <small id="g-purposes-hint" className="muted">{t('galleries.purposesHint')}</small>
        </div>
        <label htmlFor="g-retention">{t('galleries.retention')}</label>
        <input id="g-retention" type="number" required min={1} max={36500} value={retentionDays} onChange={(e) => setRetentionDays(e.target.value)} />
        <label htmlFor="g-model">{t('galleries.model')}</label>
        <div>
          {models.error ? (
            // The list could not be loaded (the error shows below): let the id be typed instead.
            <input id="g-model" aria-describedby="g-model-hint" maxLength={200} disabled={kind !== 'face'} value={modelChoice} onChange={(e) => setModelId(e.target.value)} />
          ) : (
            <select id="g-model" aria-describedby="g-model-hint" disabled={kind !== 'face'} value={modelId} onChange={(e) => setModelId(e.target.value)}>
              {kind === 'face' && (models.data ?? []).map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          )}
          <small id="g-model-hint" className="muted">{t('galleries.modelHint')}</small>
          {models.error && <ErrorMessage error={models.error} />}
        </div>
        <ReliabilityField id="g-fpir" value={kind === 'face' ? requiredFpir : ''} disabled={kind !== 'face'} onChange={setRequiredFpir} />
        <span />
        <div>
          <button type="submit" disabled={action.busy}>
            {t('common.create')}
          </button>
        </div>
      </form>
      {action.error && <ErrorMessage error={action.error} />}
    </section>
  );
}

/** The index answering a face gallery's searches, with an HNSW gallery's last measured recall. */
function indexText(index: NonNullable<Gallery['index']>, t: Translate): string {
  const base = index.kind === 'exact' ? t('galleries.index.exact')
    : index.recallAtK === undefined ? t('galleries.index.hnswUnmeasured')
    : t('galleries.index.hnsw', { k: index.k ?? '', recall: index.recallAtK.toFixed(3), sample: index.sample ?? '' });
  return index.building ? base + t('galleries.index.building', { kind: index.building }) : base;
}
