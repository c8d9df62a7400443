import type { Config } from '../../config';
import type { PaymentProvider } from './provider';
import { SandboxProvider } from './sandbox';
import { Dependency } from '../../lib/dependency';

/**
 * The payment providers of this process, built once from the config. New payments go to the
 * default one; refunds and callbacks go to the provider that took the payment.
 */
export class PaymentProviders {
  private readonly byName: Map<string, PaymentProvider>;

  constructor(readonly sandbox: SandboxProvider) {
    this.byName = new Map([[sandbox.name, sandbox]]);
  }

  static fromConfig(config: Config): PaymentProviders {
    return new PaymentProviders(new SandboxProvider(config.paymentSandboxSecret));
  }

  get default(): PaymentProvider {
    return this.sandbox;
  }

  get(name: string): PaymentProvider | undefined {
    return this.byName.get(name);
  }
}

/** The process's payment providers, supplied by the composition root. */
export const PAYMENT_PROVIDERS = new Dependency<PaymentProviders>('the payment providers');
