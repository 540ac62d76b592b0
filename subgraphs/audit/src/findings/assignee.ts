import { badUserInput } from '../../../../platform/errors';
import { repositoryPolicies } from '../../../../access-policies/runtime/load';
import type { AuditPrisma } from '../prisma';
import { checkText } from '../record-filter';

/**
 * Findings go to auditors only. Users live in the identity provider, not here, so "an auditor" is a
 * user the trail holds at least one operation of in the audit office (the owner of the audit
 * policy): someone who has signed in as an auditor. Anyone else is BAD_USER_INPUT, naming the user.
 */
export async function checkAssignee(prisma: AuditPrisma, assignee: string | null | undefined): Promise<string> {
  const user = checkText(assignee, 'input.assignee');
  if (!user) throw badUserInput('input.assignee is required to assign a finding', { argument: 'input.assignee' });
  const auditOffice = repositoryPolicies().subgraphs.get('audit')?.owner ?? 'audit-office';
  const seen = await prisma.auditRecord.findFirst({ where: { userId: user, department: auditOffice }, select: { seq: true } });
  if (!seen) {
    throw badUserInput(`input.assignee ${JSON.stringify(user)} is not an auditor: the trail holds no operation of that user in ${auditOffice}`, {
      argument: 'input.assignee',
    });
  }
  return user;
}
