import { gridReference } from '../../../kit/src/entity-references';
import { parsePageRequest } from '../../../kit/src/pagination';
import { assess, Assessment, rank } from '../assessment/assess';
import { AssessmentGrouping, cohortRows, Period, periodOfDates, periodOfMonth } from '../assessment/cohorts';
import { eventsDomain } from '../domain';
import { eventConnection } from '../lists/connection';
import type { EventListFilter } from '../lists/event-filter';
import { countEvents, listEvents as listEventPage, ListOrder } from '../lists/event-pages';
import { listFilter } from '../lists/filter-args';
import type { QueryResolvers } from '../generated/resolver-types';
import type { EventsContext } from '../loaders';
import { checkedEventId } from '../workflow/report';
import { assessGridWork, rankGridWork } from '../gridwork/assessment';
import { commandCentreOverview } from '../overview/command-centre';
import { supervisionRulesView } from '../supervision/rules-view';
import { webhookDeliveries, webhookSubscriptions } from './webhook-queries';
import { checkedDepartment } from '../workflow/input';

type PageArgs = { first?: number | null; after?: string | null };

async function listEvents(ctx: EventsContext, filter: EventListFilter, args: PageArgs, order: ListOrder) {
  const page = parsePageRequest(args);
  const now = ctx.now();
  const listed = await listEventPage(ctx.db.prisma, filter, now, page, order);
  return eventConnection(ctx, listed, page, () => countEvents(ctx.db.prisma, filter, now));
}

function workListFilter(ctx: EventsContext, args: { department?: string | null; gridCode?: string | null }, clock: 'OVERDUE' | 'DUE_SOON'): EventListFilter {
  return { ...listFilter({ department: args.department, gridCode: args.gridCode }, eventsDomain(), ctx.access), clock };
}

async function assessments(ctx: EventsContext, grouping: AssessmentGrouping, period: Period): Promise<Assessment[]> {
  const rows = await cohortRows(ctx.db.prisma, grouping, period);
  return assess(rows, ctx.now(), eventsDomain().calendar);
}

/** Towns are grids owned by the address subgraph; departments are plain ids. */
function present(grouping: AssessmentGrouping) {
  return (assessment: Assessment) => ({ ...assessment, town: grouping === 'TOWN' ? gridReference(assessment.unit) : null });
}

export const Query: QueryResolvers = {
  event: (_, args, ctx) => ctx.loaders.eventById.load(checkedEventId(args.id, 'id', 'argument')),

  events: (_, args, ctx) => listEvents(ctx, listFilter(args.filter ?? {}, eventsDomain(), ctx.access), args, 'NEWEST'),

  overdueEvents: (_, args, ctx) => listEvents(ctx, workListFilter(ctx, args, 'OVERDUE'), args, 'DEADLINE'),

  dueSoonEvents: (_, args, ctx) => listEvents(ctx, workListFilter(ctx, args, 'DUE_SOON'), args, 'DEADLINE'),

  eventAssessment: async (_, args, ctx) => (await assessments(ctx, args.groupBy, periodOfDates(args.from, args.to))).map(present(args.groupBy)),

  eventRanking: async (_, args, ctx) => {
    const period = periodOfMonth(args.month);
    const ranked = rank(await assessments(ctx, args.groupBy, period), ctx.now() >= period.end);
    return ranked.map((entry) => ({ ...entry, assessment: present(args.groupBy)(entry.assessment) }));
  },

  eventCategories: () => [...eventsDomain().catalogue.categories],

  supervisionRules: () => supervisionRulesView(eventsDomain()),

  commandCentreOverview: async (_, args, ctx) => {
    const now = ctx.now();
    const rows = await commandCentreOverview(ctx.db.prisma, listFilter({ gridCode: args.gridCode }, eventsDomain(), ctx.access), now);
    return { at: now.toISOString(), rows: rows.map((r) => ({ ...r, town: gridReference(r.town) })) };
  },

  webhookSubscriptions: (_, __, ctx) => webhookSubscriptions(ctx),
  webhookDeliveries,

  businessGrids: (_, args, ctx) =>
    ctx.db.prisma.businessGrid.findMany({
      where: args.department ? { department: checkedDepartment(args.department, 'department', 'argument') } : {},
      orderBy: { code: 'asc' },
    }),

  gridWorkRanking: async (_, args, ctx) => {
    const period = periodOfMonth(args.month);
    const ranked = rankGridWork(await assessGridWork(ctx.db.prisma, args.groupBy, period), ctx.now() >= period.end);
    return ranked.map((entry) => ({
      ...entry,
      assessment: { ...entry.assessment, community: args.groupBy === 'COMMUNITY' ? gridReference(entry.assessment.unit) : null },
    }));
  },
};
