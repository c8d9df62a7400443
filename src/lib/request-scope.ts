import { AsyncLocalStorage } from 'node:async_hooks';

/** What follows one HTTP request through every await: its correlation id and its SQL count. */
export interface RequestScope {
  requestId: string;
  sqlStatements: number;
  /** Set when the request announced a catalog change: its own process forgets cached answers before answering it, not when the notification comes back. */
  catalogChanged?: boolean;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
