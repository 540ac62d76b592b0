import type { EventDispatchResolvers } from '../generated/resolver-types';
import { isoInstant } from './times';

export const EventDispatch: EventDispatchResolvers = {
  dispatchedAt: (d) => isoInstant(d.dispatchedAt),
  contactDeadline: (d) => isoInstant(d.contactDeadline),
  handleDeadline: (d) => isoInstant(d.handleDeadline),
  acceptedAt: (d) => isoInstant(d.acceptedAt),
  returnedAt: (d) => isoInstant(d.returnedAt),
  handledAt: (d) => isoInstant(d.handledAt),
};
