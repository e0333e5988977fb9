// Probe and candidate side by side with one zoom for both and synchronised panning.
import { useEffect, useRef, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { FaceGeometry, Hit } from '../api/types.ts';
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
  const [landmarks, setLandmarks] = useState(false);
  // Asked for only when the overlay is switched on: the server finds the faces again.
  const faces = useLoad(() => (landmarks ? call(api.GET('/v1/hits/{id}/faces', { params: { path: { id: hit.hitId } } })) : Promise.resolve(undefined)), [hit.hitId, landmarks]);
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
      <div className="zoom" role="group" aria-label={t('review.zoom')}>
        <span>{t('review.zoom')}</span>
        <button type="button" className="small secondary" disabled={zoom <= 1} onClick={() => setZoom((z) => Math.max(1, z - 0.5))}>
          {t('review.zoomOut')}
        </button>
        <output data-testid="zoom-level">{zoom}×</output>
        <button type="button" className="small secondary" disabled={zoom >= 4} onClick={() => setZoom((z) => Math.min(4, z + 0.5))}>
          {t('review.zoomIn')}
        </button>
        <button type="button" className="small secondary" disabled={zoom === 1} onClick={() => setZoom(1)}>
          {t('review.zoomReset')}
        </button>
      </div>{' '}
      <label className="check">
        <input type="checkbox" checked={landmarks} onChange={(e) => setLandmarks(e.target.checked)} /> {t('review.landmarks')}
      </label>
      {faces.error && <ErrorMessage error={faces.error} />}
      <div className="compare">
        <figure>
          <figcaption>{t('review.probe')}</figcaption>
          <div className="pane" ref={panes[0]} onScroll={() => sync(0)}>
            {probeUrl && <Overlaid src={probeUrl} alt={t('review.probe')} zoom={zoom} face={landmarks ? faces.data?.probe : undefined} testId="probe-overlay" />}
          </div>
          {probe.error && <ErrorMessage error={probe.error} />}
        </figure>
        <figure>
          <figcaption>{t('review.candidate')}</figcaption>
          <div className="pane" ref={panes[1]} onScroll={() => sync(1)}>
            {candidateUrl && <Overlaid src={candidateUrl} alt={t('review.candidate')} zoom={zoom} face={landmarks ? faces.data?.candidate : undefined} testId="candidate-overlay" />}
            {!hit.candidateImageAllowed && <p className="notice">{t('review.imageHidden')}</p>}
          </div>
          {candidate.error && <ErrorMessage error={candidate.error} />}
          <QualityReport quality={hit.candidateQuality as { score: number; verdict: 'accept' | 'warn' | 'reject' }} />
        </figure>
      </div>
    </div>
  );
}

/**
 * An image with, when given, its face box and landmarks drawn over it in image coordinates. At zoom 1
 * the whole image fits its pane (natural aspect kept, nothing cut off); each zoom step enlarges that.
 */
function Overlaid({ src, alt, zoom, face, testId }: { src: string; alt: string; zoom: number; face?: { box: number[]; landmarks: FaceGeometry['landmarks'] } | null; testId: string }) {
  const [size, setSize] = useState<[number, number]>();
  const fit = size ? { width: `calc(${zoom} * min(100%, var(--pane-height) * ${size[0] / size[1]}))`, aspectRatio: `${size[0]} / ${size[1]}` } : { width: '100%' };
  return (
    <div className="overlaid" style={fit}>
      <img src={src} alt={alt} onLoad={(e) => setSize([e.currentTarget.naturalWidth, e.currentTarget.naturalHeight])} />
      {face && size && (
        <svg className="landmarks" viewBox={`0 0 ${size[0]} ${size[1]}`} preserveAspectRatio="none" data-testid={testId} aria-hidden="true">
          <rect x={face.box[0]} y={face.box[1]} width={face.box[2]} height={face.box[3]} fill="none" stroke="#ffd400" strokeWidth={Math.max(1, size[0] / 250)} />
          {face.landmarks.map((l) => (
            <circle key={l.name} cx={l.x} cy={l.y} r={Math.max(1.5, size[0] / 120)} fill="#00e0ff" stroke="#003" strokeWidth={Math.max(0.5, size[0] / 500)}>
              <title>{l.name}</title>
            </circle>
          ))}
        </svg>
      )}
    </div>
  );
}
