/**
 * Sending journaled writes to Apple and applying what Apple answers: send
 * (eventId recorded, or the failure), finish (poll the event to its end and
 * apply it) and reconcile (a write whose outcome is unknown: read back
 * Apple's assignments, confirm what holds, requeue the rest).
 */
import { isAppleError, type FinishedEvent } from '../apple';
import { count, KIND_WORDS, type Clock, type Emitter } from '../base';
import { applyEvent, applyOutcome, failuresByUser } from './apply';
import { actedBy, logLicenseChanges } from './audit';
import { findEntry } from './journal';
import { REASONS } from './licenses';
import { DEFAULT_SETTLE_MS, readBack } from './read-back';
import { markAttempted, markSent, sendFailure } from './send-failure';
import type { JournalEntry, Store } from '../cache';
import type { Connectivity } from '../net';
import type { AppHolders } from '../views';
import type { DeployApple } from './deploy-apple';

/** Apple's "EventId could not be found". */
const UNKNOWN_EVENT = 9708;

export interface AppleWritesDeps {
  store: Store;
  clock: Clock;
  events: Emitter;
  connectivity: Connectivity;
  appName(adamId: string): string;
  /** An app's holders among Apple's assignments, built ahead of the change that applies an associate. */
  holders?: AppHolders;
  pollIntervalMs?: number;
  /** How long an associate whose answer was lost may still be applied by Apple (read-back.ts). */
  settleMs?: number;
}

export class AppleWrites {
  constructor(private readonly deps: AppleWritesDeps) {}

  /** Sends one entry; its eventId, or null when it failed (recorded) or may have reached Apple (left for reconcile). */
  async send(apple: DeployApple, entry: JournalEntry): Promise<string | null> {
    const { store, clock } = this.deps;
    await store.update((data) => markAttempted(data, entry.id, clock.now().toISOString()));
    try {
      const body = {
        assets: [{ adamId: entry.adamId ?? '', pricingParam: entry.pricingParam ?? 'STDQ' }],
        clientUserIds: entry.clientUserIds,
      };
      const response =
        entry.kind === 'associate'
          ? await apple.associate(body)
          : entry.kind === 'disassociate'
            ? await apple.disassociate(body)
            : await apple.createUsers(entry.clientUserIds.map((clientUserId) => ({ clientUserId })));
      await store.update((data) => markSent(data, entry.id, response.eventId, clock.now().toISOString()));
      return response.eventId;
    } catch (err) {
      await this.sendFailed(entry, err);
      return null;
    }
  }

  private async sendFailed(entry: JournalEntry, err: unknown): Promise<void> {
    const { store, clock } = this.deps;
    const { message, mayHaveReachedApple: mayHaveReached, unreachable } = sendFailure(err);
    await store.update((data) => {
      const e = findEntry(data, entry.id);
      if (!e) return;
      e.error = message;
      e.updatedAt = clock.now().toISOString();
      if (mayHaveReached) {
        // Unknown whether Apple applied it: resume() reconciles before resending.
        for (const row of data.deployments) if (row.journalId === e.id) row.reason = REASONS.unconfirmed;
        return;
      }
      e.status = 'failed';
      for (const row of data.deployments) {
        if (row.journalId !== e.id) continue;
        Object.assign(row, { state: 'failed', reason: message, journalId: null, updatedAt: e.updatedAt });
      }
      const failed = new Map(e.clientUserIds.map((id) => [id, { message }]));
      logLicenseChanges(store, data, e, this.deps.appName(e.adamId ?? ''), { ok: [], failed });
    });
    this.deps.events.emit('state:changed', { reason: 'deployments' });
    if (unreachable) this.deps.connectivity.set(false);
  }

  /** Polls the event to its end and applies it; an event Apple forgot is reconciled instead. */
  async finish(apple: DeployApple, entryId: string, eventId: string): Promise<void> {
    const { store, clock } = this.deps;
    let event: FinishedEvent;
    try {
      event = await apple.waitForEvent(eventId, { pollIntervalMs: this.deps.pollIntervalMs ?? 1000 });
    } catch (err) {
      const entry = isAppleError(err, UNKNOWN_EVENT) ? findEntry(store.data, entryId) : undefined;
      if (!entry) throw err;
      return this.reconcile(apple, entry);
    }
    // Who already holds the app, read a slice at a time before the change: in it, a pass over a million
    // assignments was ~20 ms of the block that applies Apple's answer. Read inside the update (prepare), where no
    // other change can come between: a deployment's requests are answered together, and each answer's change
    // moved the cache under the holders the next one had read ahead (it then read them again in one pass).
    const pending = findEntry(store.data, entryId);
    const holders = this.deps.holders;
    const adamId = pending?.kind === 'associate' ? pending.adamId : undefined;
    const pricingParam = pending?.pricingParam;
    // Should the read fail, holders() reads them in one pass: Apple's answer is applied all the same.
    const prepare =
      adamId && pricingParam && holders ? () => holders.index(adamId, pricingParam).catch(() => undefined) : undefined;
    await store.update(
      (data) => {
        const entry = findEntry(data, entryId);
        if (!entry || entry.status === 'done') return;
        // Per user, as applyEvent counts them: named failures failed, everyone else succeeded.
        const failures = failuresByUser(event, entry.clientUserIds);
        const holding =
          entry.kind === 'associate' && entry.adamId && entry.pricingParam
            ? this.deps.holders?.holders(entry.adamId, entry.pricingParam)
            : undefined;
        applyEvent(data, entry, event, clock.now().toISOString(), holding);
        const ok = entry.clientUserIds.filter((id) => !failures.has(id));
        logLicenseChanges(store, data, entry, this.deps.appName(entry.adamId ?? ''), { ok, failed: failures });
      },
      { snapshot: true, ...(prepare ? { prepare } : {}) },
    );
    this.deps.events.emit('state:changed', { reason: 'deployments' });
  }

  readBackOptions() {
    const { clock, settleMs, pollIntervalMs } = this.deps;
    // Reads of a whole app's assignments: not as often as event polls.
    return { clock, settleMs: settleMs ?? DEFAULT_SETTLE_MS, intervalMs: Math.max(250, pollIntervalMs ?? 1000) };
  }

  /** A write whose eventId never arrived: ask Apple what holds now (once it settled), then requeue the rest. */
  async reconcile(apple: DeployApple, entry: JournalEntry): Promise<void> {
    const { store, clock } = this.deps;
    let holding = new Set<string>();
    if (entry.kind !== 'create-users' && entry.adamId) {
      const read = await readBack(
        apple,
        entry,
        (a) => a.clientUserId ?? null,
        entry.clientUserIds,
        this.readBackOptions(),
      );
      if (read === null) return;
      holding = read;
    }
    await store.update(
      (data) => {
        const e = findEntry(data, entry.id);
        if (!e) return;
        const now = clock.now().toISOString();
        const done =
          e.kind === 'associate'
            ? e.clientUserIds.filter((id) => holding.has(id))
            : e.kind === 'disassociate'
              ? e.clientUserIds.filter((id) => !holding.has(id))
              : [];
        applyOutcome(data, e, done, new Map(), now);
        // The rest go back to the planner (journalId cleared, state kept) and
        // are sent again by reevaluate with fresh license counts.
        for (const row of data.deployments) {
          if (row.journalId !== e.id) continue;
          row.journalId = null;
          if (e.kind === 'create-users') row.reason = REASONS['pending-terms'];
        }
        store.log(
          'deployment',
          `Resumed an interrupted ${KIND_WORDS[e.kind]} for ${count(e.clientUserIds.length, 'user')}: ${done.length} confirmed by Apple.`,
          data,
          actedBy(e),
        );
        if (e.kind !== 'create-users')
          logLicenseChanges(store, data, e, this.deps.appName(e.adamId ?? ''), { ok: done, failed: new Map() });
      },
      { snapshot: true },
    );
  }
}
