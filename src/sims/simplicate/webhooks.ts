/** Outbound webhooks (docs/external-systems/simplicate.md#webhooks): signed JSON POSTs to targets registered via `/__sim/webhooks`, with 429-aware retries. */
import { createHmac, randomBytes } from 'node:crypto';

import type { SimplicateOptions } from './options.js';
import type { ChangeEvent } from './state.js';

export type Subscription = { id: string; url: string; secret: string; events: string[] | null };

export type Delivery = {
  subscriptionId: string;
  event: string;
  recordId: string;
  body: string;
  attempts: { status: number | null; error: string | null }[];
  delivered: boolean;
};

const MAX_LOG = 1000;

export class WebhookEmitter {
  private subs = new Map<string, Subscription>();
  private pending = new Set<Promise<void>>();
  readonly deliveries: Delivery[] = [];

  constructor(
    private readonly opts: SimplicateOptions,
    private readonly clockIso: () => string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Registers a target; the signing secret is generated unless given, and shown once ([C] docs/external-systems/simplicate.md#webhooks). */
  add(url: string, events: string[] | null, secret?: string): Subscription {
    const sub: Subscription = {
      id: `webhook:${randomBytes(8).toString('hex')}`,
      url,
      secret: secret ?? randomBytes(24).toString('hex'),
      events,
    };
    this.subs.set(sub.id, sub);
    return sub;
  }

  remove(id: string): boolean {
    return this.subs.delete(id);
  }

  list(): Omit<Subscription, 'secret'>[] {
    return [...this.subs.values()].map(({ secret: _secret, ...rest }) => rest);
  }

  /** Sends the change to every subscribed target (in the background). */
  emit(change: ChangeEvent): void {
    const event = `${change.kind}.${change.action}`;
    for (const sub of this.subs.values()) {
      if (sub.events !== null && !sub.events.includes(event) && !sub.events.includes('*')) continue;
      // [I] docs/external-systems/simplicate.md#webhooks: payload shape of organization/person events is not public.
      const payload =
        this.opts.webhookPayload === 'flat'
          ? { event, id: change.id }
          : { event, data: { id: change.id }, timestamp: this.clockIso() };
      const delivery: Delivery = {
        subscriptionId: sub.id,
        event,
        recordId: change.id,
        body: JSON.stringify(payload),
        attempts: [],
        delivered: false,
      };
      this.deliveries.push(delivery);
      if (this.deliveries.length > MAX_LOG) this.deliveries.shift();
      const p = this.deliver(sub, delivery).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  /** Resolves when every delivery (including retries) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async deliver(sub: Subscription, delivery: Delivery): Promise<void> {
    const signature = `sha256=${createHmac('sha256', sub.secret).update(delivery.body).digest('hex')}`;
    for (let attempt = 1; attempt <= this.opts.webhookMaxAttempts; attempt++) {
      let waitMs = this.opts.webhookRetryDelayMs;
      try {
        const res = await fetch(sub.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-webhook-signature': signature,
            'x-simplicate-domain': `${this.opts.domain}.simplicate.nl`,
          },
          body: delivery.body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer().catch(() => undefined);
        delivery.attempts.push({ status: res.status, error: null });
        if (res.ok) {
          delivery.delivered = true;
          return;
        }
        if (res.status === 429) {
          waitMs = retryAfterMs(res.headers.get('retry-after'), waitMs, this.opts.webhookMaxRetryAfterSeconds);
        } else if (!this.opts.webhookRetryOnError) {
          return;
        }
      } catch (err) {
        delivery.attempts.push({ status: null, error: err instanceof Error ? err.message : String(err) });
        if (!this.opts.webhookRetryOnError) return;
      }
      if (attempt < this.opts.webhookMaxAttempts) await this.sleep(waitMs);
    }
  }
}

/** Retry-After as seconds or an HTTP date, capped; the fallback when absent or unreadable. */
function retryAfterMs(header: string | null, fallback: number, capSeconds: number): number {
  if (header === null) return fallback;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - Date.now()) / 1000;
  if (!Number.isFinite(seconds)) return fallback;
  return Math.min(Math.max(0, seconds), capSeconds) * 1000;
}
