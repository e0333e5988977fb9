// Agreements your agency is party to; owner officers grant and revoke them.
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client.ts';
import { useAction, useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { Named } from './Named.tsx';
import { mayDo } from '../access.ts';
import { useAgencyNames } from '../names.tsx';

export function Agreements() {
  const { t, time } = useI18n();
  const { agency, me } = useSession();
  const mayGrant = mayDo(me.roles, 'agreement.create');
  const list = useLoad(() => call(api.GET('/v1/agreements')).then((r) => r.agreements), []);
  const agencies = useAgencyNames();
  const revoke = useAction();
  const name = (id: string) => <Named id={id} name={agencies.data?.get(id)} />;
  return (
    <section className="panel" aria-labelledby="o-agr">
      <h2 id="o-agr">{t('agreements.heading')}</h2>
      {list.error && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {list.data && list.data.length === 0 && <p>{t('agreements.none')}</p>}
      {list.data && list.data.length > 0 && (
        <div className="scroll-x">
        <table data-testid="agreements">
          <thead>
            <tr>
              <th>{t('agreements.owner')}</th>
              <th>{t('agreements.requester')}</th>
              <th>{t('galleries.purposes')}</th>
              <th>{t('agreements.validUntil')}</th>
              <th>{t('agreements.images')}</th>
              <th>{t('tokens.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((a) => (
              <tr key={a.id}>
                <td>{name(a.ownerAgencyId)}</td>
                <td>{name(a.requesterAgencyId)}</td>
                <td>{a.purposes.join(', ')}</td>
                <td>{time(a.validUntil)}</td>
                <td>{a.showImages ? t('common.yes') : t('common.no')}</td>
                <td>{t(`state.${a.status}`)}</td>
                <td>
                  {mayGrant && a.ownerAgencyId === agency.id && a.status !== 'revoked' && (
                    <button type="button" className="danger small" disabled={revoke.busy} onClick={() => void revoke.run(() => call(api.POST('/v1/agreements/{id}/revoke', { params: { path: { id: a.id } } }))).then((r) => r && list.reload())}>
                      {t('tokens.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {revoke.error && <ErrorMessage error={revoke.error} />}
      {mayGrant && <NewAgreement agencies={[...(agencies.data ?? [])].filter(([id]) => id !== agency.id).map(([id, name]) => ({ id, name }))} onCreated={list.reload} />}
    </section>
  );
}

function NewAgreement({ agencies, onCreated }: { agencies: { id: string; name: string }[]; onCreated(): void }) {
  const { t } = useI18n();
  const galleries = useLoad(() => call(api.GET('/v1/galleries')).then((r) => r.galleries), []);
  const action = useAction();
  const [requester, setRequester] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [purposes, setPurposes] = useState('');
  const [until, setUntil] = useState('');
  const [maxCandidates, setMax] = useState('10');
  const [showImages, setShowImages] = useState(false);
  const [reference, setReference] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      requesterAgencyId: requester || agencies[0]?.id || '',
      galleryIds: chosen,
      purposes: purposes.split(',').map((p) => p.trim()).filter(Boolean),
      validUntil: until ? new Date(`${until}T23:59:59Z`).toISOString() : '',
      maxCandidates: Number(maxCandidates),
      showImages,
      reference,
    };
    const r = await action.run(() => call(api.POST('/v1/agreements', { body })));
    if (r) onCreated();
  };
  return (
    <form className="grid-form" onSubmit={submit} aria-labelledby="new-agr">
      <h3 id="new-agr" className="span2">{t('agreements.create')}</h3>
      <label htmlFor="ag-req">{t('agreements.requester')}</label>
      <select id="ag-req" value={requester} onChange={(e) => setRequester(e.target.value)}>
        {agencies.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <span className="label-like">{t('nav.galleries')}</span>
      <fieldset>
        <legend className="visually-hidden">{t('nav.galleries')}</legend>
        {(galleries.data ?? []).map((g) => (
          <label key={g.id} className="check">
            <input type="checkbox" checked={chosen.includes(g.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, g.id] : chosen.filter((x) => x !== g.id))} /> {g.name}
          </label>
        ))}
      </fieldset>
      <label htmlFor="ag-purposes">{t('galleries.purposes')}</label>
      <input id="ag-purposes" required value={purposes} onChange={(e) => setPurposes(e.target.value)} />
      <label htmlFor="ag-until">{t('agreements.validUntil')}</label>
      <input id="ag-until" type="date" required value={until} onChange={(e) => setUntil(e.target.value)} />
      <label htmlFor="ag-max">{t('agreements.maxCandidates')}</label>
      <input id="ag-max" type="number" min={1} max={100} required value={maxCandidates} onChange={(e) => setMax(e.target.value)} />
      <label htmlFor="ag-images">{t('agreements.images')}</label>
      <input id="ag-images" type="checkbox" className="checkbox" checked={showImages} onChange={(e) => setShowImages(e.target.checked)} />
      <label htmlFor="ag-ref">{t('agreements.reference')}</label>
      <input id="ag-ref" required value={reference} onChange={(e) => setReference(e.target.value)} />
      <span />
      <div>
        <button type="submit" disabled={action.busy}>
          {t('common.create')}
        </button>
      </div>
      {action.error && (
        <div className="span2">
          <ErrorMessage error={action.error} />
        </div>
      )}
    </form>
  );
}
