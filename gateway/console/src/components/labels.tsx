import type { Outcome } from '../api/queries';
import { useI18n } from '../i18n';
import { useSession } from '../session';

/** A department by its id, named in the current language (the id is kept for search and tests). */
export function DepartmentName({ id }: { id: string | null | undefined }) {
  const label = useDepartmentLabel();
  if (!id) return <span>—</span>;
  return (
    <span className="department" data-department={id} title={id}>
      {label(id)}
    </span>
  );
}

export function useDepartmentLabel(): (id: string) => string {
  const { language } = useI18n();
  const { departments } = useSession();
  return (id) => {
    const found = departments.find((d) => d.id === id);
    return found ? (language === 'zh' ? found.name : found.nameEn) : id;
  };
}

/** A purpose (事由) in words in the current language, the id kept in the title; none stated says so. */
export function PurposeName({ id }: { id: string | null | undefined }) {
  const { t } = useI18n();
  const label = usePurposeLabel();
  if (!id) return <em>{t('common.noPurpose')}</em>;
  return (
    <span className="purpose" data-purpose={id} title={id}>
      {label(id)}
    </span>
  );
}

export function usePurposeLabel(): (id: string) => string {
  const { language } = useI18n();
  const { labels } = useSession();
  return (id) => labels?.purposes[id]?.[language] ?? id;
}

export function useFieldLabel(): (coordinate: string) => string {
  const { language } = useI18n();
  const { labels } = useSession();
  return (coordinate) => labels?.fields[coordinate]?.[language] ?? coordinate;
}

export function OutcomeBadge({ outcome }: { outcome: Outcome | null | undefined }) {
  const { t } = useI18n();
  if (!outcome) return <span className="badge">—</span>;
  return (
    <span className={`badge outcome-${outcome.toLowerCase()}`} data-outcome={outcome}>
      {t(`outcome.${outcome}`)}
    </span>
  );
}

/** Schema coordinates by how they went out: raw, masked or denied. */
export function FieldChips({ raw, masked, denied }: { raw?: string[] | null; masked?: string[] | null; denied?: string[] | null }) {
  const { t } = useI18n();
  const fieldLabel = useFieldLabel();
  const groups: [string, string[] | null | undefined, string][] = [
    ['raw', raw, t('fields.raw')],
    ['masked', masked, t('fields.masked')],
    ['denied', denied, t('fields.denied')],
  ];
  return (
    <span className="chips">
      {groups.flatMap(([kind, fields, label]) =>
        (fields ?? []).map((field) => (
          <span key={`${kind}:${field}`} className={`chip chip-${kind}`} data-field={field} data-kind={kind} title={`${label}: ${field}`}>
            <span className="chip-kind">{label}</span> {fieldLabel(field)}
          </span>
        )),
      )}
    </span>
  );
}

export function DepartmentSelect({ value, onChange, id }: { value: string; onChange(value: string): void; id: string }) {
  const { t } = useI18n();
  const { departments } = useSession();
  const label = useDepartmentLabel();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('common.allDepartments')}</option>
      {departments.map((d) => (
        <option key={d.id} value={d.id}>
          {label(d.id)}
        </option>
      ))}
    </select>
  );
}
