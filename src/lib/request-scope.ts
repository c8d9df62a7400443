import { AsyncLocalStorage } from 'node:async_hooks';

/** What follows one HTTP request through every await: its correlation id and its SQL count. */
export interface RequestScope {
  requestId: string;
  sqlStatements: number;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
