// Probe and candidate side by side with one zoom for both and synchronised panning.
import { useEffect, useRef, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Hit } from '../api/types.ts';
import { useLoad } from '../hooks.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { QualityReport } from './QualityReport.tsx';

function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return;
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url;
}

export function HitImages({ hit }: { hit: Hit }) {
  const { t } = useI18n();
  const [zoom, setZoom] = useState(1);
  const panes = [useRef<HTMLDivElement>(null), useRef<HTMLDivElement>(null)];
  const probe = useLoad(() => call(api.GET('/v1/hits/{id}/probe-image', { params: { path: { id: hit.hitId } }, parseAs: 'blob' })) as Promise<Blob>, [hit.hitId]);
  const candidate = useLoad(
    () => (hit.candidateImageAllowed ? (call(api.GET('/v1/hits/{id}/candidate-image', { params: { path: { id: hit.hitId } }, parseAs: 'blob' })) as Promise<Blob>) : Promise.resolve(undefined)),
    [hit.hitId, hit.candidateImageAllowed],
  );
  const probeUrl = useObjectUrl(probe.data);
  const candidateUrl = useObjectUrl(candidate.data);
  const sync = (from: number) => {
    const a = panes[from].current;
    const b = panes[1 - from].current;
    if (a && b && (b.scrollLeft !== a.scrollLeft || b.scrollTop !== a.scrollTop)) {
      b.scrollLeft = a.scrollLeft;
      b.scrollTop = a.scrollTop;
    }
  };
  return (
    <div>
      <label className="zoom">
        {t('review.zoom')} <input type="range" min={1} max={4} step={0.25} value={zoom} onChange={(e) => setZoom(Number(e.target.value))} /> {zoom}×
      </label>
      <div className="compare">
        <figure>
          <figcaption>{t('review.probe')}</figcaption>
          <div className="pane" ref={panes[0]} onScroll={() => sync(0)}>
            {probeUrl && <img src={probeUrl} alt={t('review.probe')} style={{ width: `${zoom * 100}%` }} />}
          </div>
          {probe.error && <ErrorMessage error={probe.error} />}
        </figure>
        <figure>
          <figcaption>{t('review.candidate')}</figcaption>
          <div className="pane" ref={panes[1]} onScroll={() => sync(1)}>
            {candidateUrl && <img src={candidateUrl} alt={t('review.candidate')} style={{ width: `${zoom * 100}%` }} />}
            {!hit.candidateImageAllowed && <p className="notice">{t('review.imageHidden')}</p>}
          </div>
          {candidate.error && <ErrorMessage error={candidate.error} />}
          <QualityReport quality={hit.candidateQuality as { score: number; verdict: 'accept' | 'warn' | 'reject' }} />
        </figure>
      </div>
    </div>
  );
}
