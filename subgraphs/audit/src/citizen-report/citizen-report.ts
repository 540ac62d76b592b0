import { byLabelOrder, fieldLabel, purposeLabel } from '../../../../access-policies/runtime/labels';
import { subjectDigest } from '../../../../audit-trail/subject-digest';
import { badUserInput } from '../../../../platform/errors';
import { validateResidentIdNumber } from '../../../../platform/identifiers/resident-id';
import { departmentZh } from '../anomalies/anomaly';
import type { AuditContext } from '../loaders';
import { atWhere } from '../record-filter';
import { parseTimeRange } from '../time-range';
import { disclosurePolicy, withheld } from './disclosure';
import { ReportLine, renderCitizenReport } from './render-html';

/** A report covers at most this many accesses: years of an ordinary person's trail, a bounded statement. */
export const MAX_REPORT_ACCESSES = 5000;

/**
 * A citizen's access report: which departments read or changed which kinds of their data, when and
 * for which stated purpose, in Chinese. Built from the trail alone, which holds keys and coordinates,
 * never values: nothing in it is a value of the person, so nothing the auditor's policy would mask
 * can be in it. Reads that sent nothing (all refused) are left out; reads under a withheld purpose
 * are left out until the policy's period has passed (citizen-report.yaml); how many is told the
 * auditor, never written in the document, where a number could tip off an investigation.
 */
export async function citizenAccessReport(args: { idNumber: string; from?: string | null; to?: string | null }, ctx: AuditContext) {
  const checked = validateResidentIdNumber(args.idNumber);
  if (!checked.ok) throw badUserInput(`idNumber is not a valid resident ID number: ${checked.reason}`, { argument: 'idNumber' });
  const range = parseTimeRange(args.from, args.to);
  const at = atWhere(range);
  const digest = subjectDigest(ctx.subjectDigestKey, args.idNumber);
  const rows = await ctx.db.prisma.auditAccess.findMany({
    where: { subjectDigest: digest, ...(at ? { record: { is: { at } } } : {}) },
    include: { record: { select: { at: true, department: true, purpose: true } } },
    orderBy: { seq: 'desc' },
    take: MAX_REPORT_ACCESSES + 1,
  });
  if (rows.length > MAX_REPORT_ACCESSES) {
    throw badUserInput(`more than ${MAX_REPORT_ACCESSES} accesses: give from and to to report on a shorter period`, { argument: 'from' });
  }
  const now = ctx.now();
  const policy = disclosurePolicy();
  const lines: ReportLine[] = [];
  let withheldCount = 0;
  for (const row of rows) {
    const sent = [...row.raw, ...row.masked, ...row.written];
    if (sent.length === 0) continue;
    if (withheld(policy, row.record.purpose, row.record.at, now)) {
      withheldCount++;
      continue;
    }
    lines.push({
      at: row.record.at,
      department: departmentZh(row.record.department),
      action: row.written.length > 0 ? '修改' : '查询',
      purpose: purposeLabel(row.record.purpose, 'zh'),
      kinds: [...new Set([...sent].sort(byLabelOrder).map((coordinate) => fieldLabel(coordinate, 'zh')))],
    });
  }
  const html = renderCitizenReport({ lines, generatedAt: now, reference: ctx.requestId, range, policy });
  ctx.logger.info(
    { event: 'audit.citizen_report', requestId: ctx.requestId, entries: lines.length, withheld: withheldCount },
    'citizen access report produced',
  );
  return { html, generatedAt: now.toISOString(), entries: lines.length, withheld: withheldCount };
}
