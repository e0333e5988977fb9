import { allRoles, type Role } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** Checkboxes for the five roles of DESIGN.md. */
export function RolePicker({ value, onChange }: { value: readonly Role[]; onChange(roles: Role[]): void }) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('users.rolesLegend')}</legend>
      {allRoles.map((r) => (
        <label key={r} className="check">
          <input type="checkbox" checked={value.includes(r)} onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))} /> {t(`role.${r}`)}
        </label>
      ))}
    </fieldset>
  );
}
