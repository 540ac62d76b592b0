import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { repoPath } from '../../platform/repo-root';

const name = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const labelsSchema = z
  .object({
    purposes: z.record(z.string(), name),
    types: z.record(z.string(), name.extend({ fields: z.record(z.string(), name).optional() }).strict()),
  })
  .strict();
export type Labels = z.infer<typeof labelsSchema>;
export type LabelLanguage = 'zh' | 'en';

let cached: Labels | undefined;

/** access-policies/labels.yaml: the one table of purposes' and fields' names. */
export function labels(): Labels {
  return (cached ??= labelsSchema.parse(parse(fs.readFileSync(repoPath('access-policies', 'labels.yaml'), 'utf8'))));
}

/** A purpose in words (案件侦查); an id the table lacks is shown as it is. */
export function purposeLabel(purpose: string | null | undefined, language: LabelLanguage = 'zh'): string {
  if (!purpose) return language === 'zh' ? '未说明' : 'none stated';
  return labels().purposes[purpose]?.[language] ?? purpose;
}

/** A type in words (人口信息). */
export function typeLabel(type: string, language: LabelLanguage = 'zh'): string {
  return labels().types[type]?.[language] ?? type;
}

/** A schema coordinate in words: Person.phone → 联系电话; a field not in the table → 人口信息.field. */
export function fieldLabel(coordinate: string, language: LabelLanguage = 'zh'): string {
  const [type, field] = coordinate.split('.');
  if (!type || !field) return coordinate;
  if (field === '*') return language === 'zh' ? `${typeLabel(type, language)}（全部）` : `${typeLabel(type, language)} (all)`;
  return labels().types[type]?.fields?.[field]?.[language] ?? `${typeLabel(type, language)}.${field}`;
}

/** Coordinates in the table's order (a type's fields as labels.yaml lists them), others after, by name. */
export function byLabelOrder(a: string, b: string): number {
  const rank = (coordinate: string) => {
    const [type, field] = coordinate.split('.');
    const fields = Object.keys(labels().types[type ?? '']?.fields ?? {});
    const at = fields.indexOf(field ?? '');
    return at === -1 ? Number.MAX_SAFE_INTEGER : at;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}
