import { EVENT_DOMAINS } from '../catalogue/catalogue';
import type { EventsDomain } from '../domain';
import { levelName } from './rules';

/** supervision.yaml as the API shows it: the levels, and every domain's rules. */
export function supervisionRulesView(domain: EventsDomain) {
  const { supervision } = domain;
  return {
    version: supervision.version,
    levels: [...supervision.levels.values()].map((l) => ({
      level: l.code,
      name: l.name,
      responseWorkingDays: l.responseWorkingDays,
      respondent: l.respondent.toUpperCase(),
    })),
    domains: EVENT_DOMAINS.map((name) => ({
      domain: name,
      rules: supervision.rulesFor(name).map((r) => ({ level: levelName(r.level), at: r.at, afterWorkingDays: r.afterWorkingDays })),
    })),
  };
}
