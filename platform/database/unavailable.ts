/**
 * A database that cannot be opened or reached: told to the operator in one line, not a stack trace.
 * In a module of its own so that the command line can recognise it without loading the drivers.
 */
export class DatabaseUnavailableError extends Error {}
