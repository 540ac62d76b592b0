/** The kit declares the codes and one way to raise each; the events workflow uses them as they are. */
export { badUserInput, conflict, forbidden, notFound } from '../../../platform/errors';
