import type { DispatchRow } from '../prisma';
import { isoInstant } from './times';

export const EventDispatch = {
  dispatchedAt: (d: DispatchRow) => isoInstant(d.dispatchedAt),
  contactDeadline: (d: DispatchRow) => isoInstant(d.contactDeadline),
  handleDeadline: (d: DispatchRow) => isoInstant(d.handleDeadline),
  acceptedAt: (d: DispatchRow) => isoInstant(d.acceptedAt),
  returnedAt: (d: DispatchRow) => isoInstant(d.returnedAt),
  handledAt: (d: DispatchRow) => isoInstant(d.handledAt),
};
