/**
 * Something the whole process shares — the job queue, the rate limits, the access tokens, the
 * composed pricing — named by the module that needs it and supplied once by the composition root
 * (src/server/context.ts). A module asks for it through the request context, `ctx.need(X)`,
 * without importing the layer that builds it.
 */
export class Dependency<T> {
  /** Never set: it only ties the name to the type of its value. */
  declare readonly valueType?: T;

  constructor(readonly name: string) {}
}

/**
 * The values supplied for one app (createApp): one per dependency. Per app rather than per
 * module-level variable, because a process may run several apps with different settings (tests).
 */
export class Supplied {
  private readonly values = new Map<Dependency<unknown>, unknown>();

  supply<T>(dependency: Dependency<T>, value: NoInfer<T>): this {
    this.values.set(dependency, value);
    return this;
  }

  get<T>(dependency: Dependency<T>): T {
    if (!this.values.has(dependency)) throw new Error(`${dependency.name} is not supplied: src/server/context.ts supplies what the modules need`);
    return this.values.get(dependency) as T;
  }
}
