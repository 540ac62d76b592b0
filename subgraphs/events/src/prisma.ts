import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../prisma/generated/client';
import { eventsDomain } from './domain';

export type EventsPrisma = PrismaClient;
export type {
  Event as EventRow,
  EventTransition as TransitionRow,
  EventDispatch as DispatchRow,
  EventCoHandler as CoHandlerRow,
  WebhookSubscription as SubscriptionRow,
  WebhookDelivery as DeliveryRow,
  WebhookAttempt as AttemptRow,
  GridWorkerAssignment as AssignmentRow,
  BusinessGrid as BusinessGridRow,
} from '../prisma/generated/client';

/**
 * Also loads the catalogue and the calendar: this runs when the subgraph's database opens, before
 * anything listens, which makes it the start-up check that refuses a bad catalogue.
 */
export function createEventsPrisma(adapter: SqlDriverAdapterFactory): EventsPrisma {
  eventsDomain();
  return new PrismaClient({ adapter });
}
