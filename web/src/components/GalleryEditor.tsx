// Changes or deletes one gallery (admins; the server decides and says no otherwise).
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import type { Gallery } from '../api/types.ts';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { fpirValue, ReliabilityField } from './ReliabilityField.tsx';

export function GalleryEditor({ gallery, onSaved, onDeleted, onCancel }: { gallery: Gallery; onSaved(g: Gallery): void; onDeleted(): void; onCancel(): void }) {
  const { t } = useI18n();
  const save = useAction();
  const remove = useAction();
  const [name, setName] = useState(gallery.name);
  const [legalBasis, setLegalBasis] = useState(gallery.legalBasis);
  const [purposes, setPurposes] = useState(gallery.purposes.join(', '));
  const [retentionDays, setRetentionDays] = useState(String(gallery.retentionDays));
  const [requiredFpir, setRequiredFpir] = useState(gallery.requiredFpir === null ? '' : String(gallery.requiredFpir));
  const [confirming, setConfirming] = useState(false);
  const id = `edit-${gallery.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name, legalBasis, purposes: purposes.split(',').map((p) => p.trim()).filter(Boolean), retentionDays: Number(retentionDays), ...(gallery.kind === 'face' ? { requiredFpir: fpirValue(requiredFpir) } : {}) };
    const g = await save.run(() => call(api.PATCH('/v1/galleries/{id}', { params: { path: { id: gallery.id } }, body })));
    if (g) onSaved(g);
  };
  const del = async () => {
    const ok = await remove.run(() => call(api.DELETE('/v1/galleries/{id}', { params: { path: { id: gallery.id } } })).then(() => true));
    if (ok) onDeleted();
  };

  return (
    <div aria-label={t('galleries.editing', { name: gallery.name })} role="group">
      <form className="grid-form" onSubmit={submit}>
        <label htmlFor={`${id}-name`}>{t('galleries.name')}</label>
        <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor={`${id}-legal`}>{t('galleries.legalBasis')}</label>
        <input id={`${id}-legal`} required maxLength={500} value={legalBasis} onChange={(e) => setLegalBasis(e.target.value)} />
        <label htmlFor={`${id}-purposes`}>{t('galleries.purposes')}</label>
        <input id={`${id}-purposes`} required value={purposes} onChange={(e) => setPurposes(e.target.value)} />
        <label htmlFor={`${id}-retention`}>{t('galleries.retention')}</label>
        <input id={`${id}-retention`} type="number" required min={1} max={36500} value={retentionDays} onChange={(e) => setRetentionDays(e.target.value)} />
        {gallery.kind === 'face' && <ReliabilityField id={`${id}-fpir`} value={requiredFpir} onChange={setRequiredFpir} />}
        <span />
        <div className="row">
          <button type="submit" disabled={save.busy}>
            {t('common.save')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <span className="spacer" />
          {confirming ? (
            <button type="button" className="danger" disabled={remove.busy} onClick={() => void del()}>
              {t('galleries.confirmDelete', { name: gallery.name })}
            </button>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              {t('galleries.delete')}
            </button>
          )}
        </div>
      </form>
      {save.error && <ErrorMessage error={save.error} />}
      {remove.error && <ErrorMessage error={remove.error} />}
    </div>
  );
}
