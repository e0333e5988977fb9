import type { Quality } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** A face quality report: score, verdict and the reasons behind it. */
export function QualityReport({ quality }: { quality: Pick<Quality, 'score' | 'verdict'> & Partial<Pick<Quality, 'reasons' | 'measures'>> }) {
  const { t } = useI18n();
  return (
    <div className="quality">
      <span className={`tag verdict-${quality.verdict}`}>
        {t('quality.verdict')}: {t(`quality.verdict.${quality.verdict}`)}
      </span>{' '}
      <span>
        {t('quality.score')}: {quality.score.toFixed(2)}
      </span>
      {quality.reasons && quality.reasons.length > 0 && <ul className="reasons">{quality.reasons.map((r) => <li key={r}>{r}</li>)}</ul>}
    </div>
  );
}
