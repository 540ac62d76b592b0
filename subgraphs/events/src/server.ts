import type { SubgraphDefinition } from '../../kit/src/create-subgraph';
import type { Resolvers } from './generated/resolver-types';
import { startEventsBackground } from './background';
import { createEventsLoaders, EventsDb, EventsLoaders } from './loaders';
import { createEventsPrisma } from './prisma';
import { Event } from './resolvers/Event';
import { EventCategory } from './resolvers/EventCategory';
import { EventDispatch } from './resolvers/EventDispatch';
import { EventTransition } from './resolvers/EventTransition';
import { EventCoHandler, EventSupervision } from './resolvers/EventSupervision';
import { BusinessGrid, GridWorkerAssignment } from './resolvers/grid-work';
import { WebhookAttempt, WebhookDelivery, WebhookSubscription } from './resolvers/webhooks';
import { Grid } from './resolvers/Grid';
import { House } from './resolvers/House';
import { LegalEntity } from './resolvers/LegalEntity';
import { Mutation } from './resolvers/Mutation';
import { Query } from './resolvers/Query';

/** 实有事件 (grid events and their closed loop), owned by the grid command centre. */
export const eventsSubgraph: SubgraphDefinition<EventsDb, EventsLoaders> = {
  name: 'events',
  resolvers: {
    Query,
    Mutation,
    Event,
    EventCategory,
    EventDispatch,
    EventTransition,
    EventSupervision,
    EventCoHandler,
    Grid,
    House,
    LegalEntity,
    WebhookSubscription,
    WebhookDelivery,
    WebhookAttempt,
    GridWorkerAssignment,
    BusinessGrid,
  } satisfies Resolvers,
  createLoaders: createEventsLoaders,
  startBackground: startEventsBackground,
};

export const createPrisma = createEventsPrisma;
