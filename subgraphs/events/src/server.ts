import type { SubgraphDefinition } from '../../kit/src/create-subgraph';
import { createEventsLoaders, EventsDb, EventsLoaders } from './loaders';
import { createEventsPrisma } from './prisma';
import { Event } from './resolvers/Event';
import { EventCategory } from './resolvers/EventCategory';
import { EventDispatch } from './resolvers/EventDispatch';
import { EventTransition } from './resolvers/EventTransition';
import { Grid } from './resolvers/Grid';
import { House } from './resolvers/House';
import { LegalEntity } from './resolvers/LegalEntity';
import { Mutation } from './resolvers/Mutation';
import { Query } from './resolvers/Query';

/** 实有事件 (grid events and their closed loop), owned by the grid command centre. */
export const eventsSubgraph: SubgraphDefinition<EventsDb, EventsLoaders> = {
  name: 'events',
  resolvers: { Query, Mutation, Event, EventCategory, EventDispatch, EventTransition, Grid, House, LegalEntity } as never,
  createLoaders: createEventsLoaders,
};

export const createPrisma = createEventsPrisma;
