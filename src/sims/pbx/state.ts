/** In-memory call log of the PBX simulator: every call it placed, its state changes and each webhook delivery. */

export const simCallStates = ['ringing', 'answered', 'ended'] as const;
export type SimCallState = (typeof simCallStates)[number];
export type SimDirection = 'in' | 'out';
export type SimChannel = 'json' | 'url_template' | 'voys';

/** One HTTP delivery of one state change (URLs have the token masked). */
export type SimDelivery = {
  channel: SimChannel;
  state: SimCallState;
  method: 'POST' | 'GET';
  url: string;
  /** HTTP status, null when no response arrived. */
  status: number | null;
  error: string | null;
  attempts: number;
  at: string;
};

export type SimCall = {
  callId: string;
  from: string;
  to: string;
  extension: string;
  direction: SimDirection;
  /** `scheduled` until the first event is sent; `aborted` when the simulator stopped mid-call. */
  status: 'scheduled' | SimCallState | 'aborted';
  events: { state: SimCallState; at: string }[];
  deliveries: SimDelivery[];
};

export type PbxSimSnapshot = { version: 1; calls: SimCall[]; nextSeq: number };

/** The call log, bounded to `keep` calls (oldest dropped), with change listeners for snapshots. */
export class PbxSimState {
  private readonly calls = new Map<string, SimCall>();
  private readonly listeners: (() => void)[] = [];
  private seq = 1;
  readonly counters = { placed: 0, events: 0, deliveries: 0, failedDeliveries: 0 };

  constructor(private readonly keep: number) {}

  /** A new unique call id, like the `calluniqueid` of a PBX (`<unix>.<sequence>`). */
  nextCallId(nowMs: number): string {
    return `${String(Math.floor(nowMs / 1000))}.${String(this.seq++)}`;
  }

  add(call: Omit<SimCall, 'status' | 'events' | 'deliveries'>): SimCall {
    const stored: SimCall = { ...call, status: 'scheduled', events: [], deliveries: [] };
    this.calls.set(stored.callId, stored);
    this.counters.placed += 1;
    while (this.calls.size > this.keep) {
      const oldest = this.calls.keys().next();
      if (oldest.done === true) break;
      this.calls.delete(oldest.value);
    }
    this.changed();
    return stored;
  }

  get(callId: string): SimCall | undefined {
    return this.calls.get(callId);
  }

  /** Newest first. */
  list(limit: number): SimCall[] {
    const all = [...this.calls.values()];
    return all.slice(Math.max(0, all.length - limit)).reverse();
  }

  recordEvent(call: SimCall, state: SimCallState, at: string): void {
    call.events.push({ state, at });
    call.status = state;
    this.counters.events += 1;
    this.changed();
  }

  recordDelivery(call: SimCall, delivery: SimDelivery): void {
    call.deliveries.push(delivery);
    this.counters.deliveries += 1;
    if (delivery.status === null || delivery.status >= 300) this.counters.failedDeliveries += 1;
    this.changed();
  }

  markAborted(call: SimCall): void {
    if (call.status !== 'ended') call.status = 'aborted';
    this.changed();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  toSnapshot(): PbxSimSnapshot {
    return { version: 1, calls: [...this.calls.values()], nextSeq: this.seq };
  }

  loadSnapshot(snapshot: PbxSimSnapshot): void {
    this.calls.clear();
    for (const call of snapshot.calls.slice(-this.keep)) this.calls.set(call.callId, call);
    this.seq = snapshot.nextSeq;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
