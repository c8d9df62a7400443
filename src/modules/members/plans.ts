import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../lib/errors';
import { Product } from '../catalog/entities';
import { MembershipPlan } from './entities';
import { MembershipErrorCode as E } from './errors';
import { checkDuration } from './service';
import type { RequestContext } from '../../lib/request-context';

export const MAX_PLAN_NAME_LENGTH = 60;

export interface PlanInput {
  name?: string | null;
  /** A product's id; null clears it (on update); undefined keeps it. */
  packageProductId?: string | null;
  /** null: memberships of the plan never lapse; undefined keeps it (on update). */
  durationDays?: number | null;
  active?: boolean | null;
}

function cleanName(name: string): string {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > MAX_PLAN_NAME_LENGTH)
    throw new DomainError(E.INVALID_NAME, `The plan's name must be 1 to ${MAX_PLAN_NAME_LENGTH} characters`, ['input', 'name']);
  return clean;
}

/**
 * Membership plans, set by operators. The database decides what JavaScript would only guess at:
 * a package product exists (foreign key), belongs to one plan at most (unique), and a plan that
 * memberships point at cannot be deleted (restrict) — it is deactivated instead.
 */
export class PlanService {
  constructor(private readonly em: EntityManager) {}

  async create(input: PlanInput & { name: string }): Promise<{ planId: string }> {
    const name = cleanName(input.name);
    checkDuration(input.durationDays, ['input', 'durationDays']);
    return this.write(input, async (tx) => {
      const plan = tx.create(MembershipPlan, {
        name,
        packageProduct: input.packageProductId ? tx.getReference(Product, input.packageProductId) : null,
        durationDays: input.durationDays ?? null,
        active: input.active ?? true,
      } as never);
      await tx.flush();
      return { planId: plan.id };
    });
  }

  /** Omitted fields stay; `durationDays: null` makes the plan's new memberships never lapse. Memberships already open keep their end. */
  async update(planId: string | null, input: PlanInput): Promise<{ planId: string }> {
    const name = input.name != null ? cleanName(input.name) : null;
    checkDuration(input.durationDays, ['input', 'durationDays']);
    return this.write(input, async (tx) => {
      const plan = planId ? await tx.findOne(MembershipPlan, planId) : null;
      if (!plan) throw new DomainError(E.PLAN_NOT_FOUND, 'No membership plan has this id', ['id']);
      if (name != null) plan.name = name;
      if (input.packageProductId !== undefined) plan.packageProduct = input.packageProductId ? tx.getReference(Product, input.packageProductId) : null;
      if (input.durationDays !== undefined) plan.durationDays = input.durationDays;
      if (input.active != null) plan.active = input.active;
      await tx.flush();
      return { planId: plan.id };
    });
  }

  async delete(planId: string | null): Promise<void> {
    await this.write({}, async (tx) => {
      const deleted = planId ? await tx.nativeDelete(MembershipPlan, { id: planId }) : 0;
      if (deleted === 0) throw new DomainError(E.PLAN_NOT_FOUND, 'No membership plan has this id', ['id']);
    });
  }

  /** One transaction, with the constraints' refusals turned into business errors. */
  private async write<T>(input: PlanInput, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.em.transactional(work);
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new DomainError(E.PACKAGE_PRODUCT_TAKEN, 'This product is already the package of another membership plan', ['input', 'packageProductId']);
      }
      if (err instanceof ForeignKeyConstraintViolationException) {
        if (input.packageProductId && /package_product_id/.test(String((err as { constraint?: string }).constraint))) {
          throw new DomainError(E.PRODUCT_NOT_FOUND, 'No product has this id', ['input', 'packageProductId']);
        }
        throw new DomainError(E.PLAN_IN_USE, 'Memberships were opened with this plan: it cannot be deleted; deactivate it instead', ['id']);
      }
      throw err;
    }
  }
}

/** Built per request, over its EntityManager, when the request first asks (`ctx.use`). */
export const planService = (ctx: RequestContext): PlanService => new PlanService(ctx.em);
