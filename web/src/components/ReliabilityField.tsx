// The declared reliability of a face gallery (requiredFpir) in the gallery forms, with what it means.
import { useI18n } from '../i18n/i18n.tsx';

/** The workbench's suggestion for a new face gallery: at most 1 in 100 searches for an unenrolled person returns a wrong candidate. */
export const suggestedFpir = '0.01';

/** Empty means none declared (null); anything else is the number the browser already checked. */
export const fpirValue = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/** A label and an input (two cells of a grid form) for the declared reliability, with its explanation. */
export function ReliabilityField({ id, value, onChange, disabled = false }: { id: string; value: string; onChange(v: string): void; disabled?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <label htmlFor={id}>{t('galleries.requiredFpir')}</label>
      <div>
        <input id={id} type="number" min={1e-9} max={1} step="any" placeholder={t('common.none')} aria-describedby={`${id}-hint`} disabled={disabled} value={value} onChange={(e) => onChange(e.target.value)} />
        <small id={`${id}-hint`} className="muted">{t('galleries.requiredFpirHint', { suggested: suggestedFpir })}</small>
      </div>
    </>
  );
}
