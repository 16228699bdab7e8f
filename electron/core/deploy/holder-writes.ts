/**
 * Sending the holders views' journaled writes (device deploy, revoke,
 * retire, reclaim) and applying Apple's answers. Same rules as
 * apple-writes.ts: the entry is in the cache before it is sent, its eventId
 * is recorded, and a write whose outcome is unknown is reconciled against
 * Apple's assignments (or, for revoke and retire, sent again: both are
 * idempotent at Apple) rather than guessed.
 */
import { VppError } from '../../../shared/errors';
import { isAppleError, type FinishedEvent } from '../apple';
import { count, KIND_WORDS } from '../base';
import {
  applyHolderEvent,
  applyHolderOutcome,
  serialTarget,
  targetsOf,
  userTarget,
  type HolderResult,
} from './holder-apply';
import { findEntry } from './journal';
import { DEFAULT_SETTLE_MS, readBack } from './read-back';
import { markAttempted, markSent, sendFailure } from './send-failure';
import type { CacheData, JournalEntry } from '../cache';
import type { AppleWritesDeps } from './apple-writes';
import type { DeployApple } from './deploy-apple';

const UNKNOWN_EVENT = 9708;

/** The same services as deployments' writes. */
export type HolderWritesDeps = AppleWritesDeps;

export class HolderWrites {
  constructor(private readonly deps: HolderWritesDeps) {}

  private async post(apple: DeployApple, entry: JournalEntry) {
    const targets = {
      ...(entry.clientUserIds.length > 0 ? { clientUserIds: entry.clientUserIds } : {}),
      ...(entry.serialNumbers.length > 0 ? { serialNumbers: entry.serialNumbers } : {}),
    };
    const assets = [{ adamId: entry.adamId ?? '', pricingParam: entry.pricingParam ?? 'STDQ' }];
    switch (entry.kind) {
      case 'associate':
        return apple.associate({ assets, ...targets });
      case 'disassociate':
        return apple.disassociate({ assets, ...targets });
      case 'revoke':
        return apple.revoke(targets);
      case 'retire-users':
        return apple.retireUsers(entry.clientUserIds.map((clientUserId) => ({ clientUserId })));
      case 'create-users':
        throw new VppError('INTERNAL');
    }
  }

  /** Sends one entry; the result when it failed outright, or its eventId (null: unknown, left for reconcile). */
  async send(apple: DeployApple, entry: JournalEntry): Promise<string | HolderResult | null> {
    const { store, clock } = this.deps;
    await store.update((data) => markAttempted(data, entry.id, clock.now().toISOString()));
    try {
      const response = await this.post(apple, entry);
      await store.update((data) => markSent(data, entry.id, response.eventId, clock.now().toISOString()));
      return response.eventId;
    } catch (err) {
      const { message, mayHaveReachedApple: mayHaveReached, unreachable } = sendFailure(err);
      await store.update((data) => {
        const e = findEntry(data, entry.id);
        if (!e) return;
        e.error = message;
        e.updatedAt = clock.now().toISOString();
        if (mayHaveReached) return; // resume() reconciles before anything is sent again
        e.status = 'failed';
        store.log('failure', `The ${KIND_WORDS[entry.kind]} for ${this.who(entry)} failed: ${message}`, data);
      });
      this.deps.events.emit('state:changed', { reason: 'deployments' });
      if (unreachable) this.deps.connectivity.set(false);
      if (mayHaveReached) return null;
      const failed = new Map(targetsOf(entry).map((t) => [t, message]));
      if (unreachable && err instanceof Error) return { done: [], failed, unreachable: err };
      return { done: [], failed };
    }
  }

  /** Polls the event to its end and applies it. */
  async finish(apple: DeployApple, entryId: string, eventId: string): Promise<HolderResult> {
    const { store, clock } = this.deps;
    let event: FinishedEvent;
    try {
      event = await apple.waitForEvent(eventId, { pollIntervalMs: this.deps.pollIntervalMs ?? 1000 });
    } catch (err) {
      const entry = isAppleError(err, UNKNOWN_EVENT) ? findEntry(store.data as CacheData, entryId) : undefined;
      if (!entry) throw err;
      return this.reconcile(apple, entry);
    }
    let result: HolderResult = { done: [], failed: new Map() };
    await store.update(
      (data) => {
        const entry = findEntry(data, entryId);
        if (!entry || entry.status === 'done') return;
        result = applyHolderEvent(data, entry, event, clock.now().toISOString());
        this.log(data, entry, result);
      },
      { snapshot: true },
    );
    this.deps.events.emit('state:changed', { reason: 'deployments' });
    return result;
  }

  /**
   * A write whose eventId never arrived. Associations and disassociations of
   * one app are read back from Apple: what holds is confirmed, the rest is
   * reported as not done (never resent blind, which could over-assign).
   * Revoke and retire are sent again: repeating them frees nothing twice.
   */
  async reconcile(apple: DeployApple, entry: JournalEntry): Promise<HolderResult> {
    const { store, clock } = this.deps;
    if (entry.kind === 'revoke' || entry.kind === 'retire-users') {
      const sent = await this.send(apple, entry);
      if (typeof sent === 'string') return this.finish(apple, entry.id, sent);
      return sent ?? { done: [], failed: new Map(targetsOf(entry).map((t) => [t, 'Not confirmed by Apple.'])) };
    }
    const targets = targetsOf(entry);
    const { clock: c, settleMs, pollIntervalMs } = this.deps;
    const holding = await readBack(
      apple,
      entry,
      (a) => (a.clientUserId ? userTarget(a.clientUserId) : serialTarget(a.serialNumber ?? '')),
      targets,
      { clock: c, settleMs: settleMs ?? DEFAULT_SETTLE_MS, intervalMs: Math.max(250, pollIntervalMs ?? 1000) },
    );
    if (holding === null) return { done: [], failed: new Map() };
    const done = targets.filter((t) => (entry.kind === 'associate' ? holding.has(t) : !holding.has(t)));
    const failed = new Map(
      targets
        .filter((t) => !done.includes(t))
        .map((t) => [t, 'Interrupted before Apple confirmed it; nothing was assigned. Deploy again.']),
    );
    await store.update(
      (data) => {
        const e = findEntry(data, entry.id);
        if (!e || e.status === 'done') return;
        applyHolderOutcome(data, e, done, clock.now().toISOString());
        store.log(
          'deployment',
          `Resumed an interrupted ${KIND_WORDS[e.kind]} for ${this.who(e)}: ${done.length} confirmed by Apple.`,
          data,
        );
      },
      { snapshot: true },
    );
    return { done, failed };
  }

  private who(entry: JournalEntry): string {
    const parts = [];
    if (entry.clientUserIds.length > 0) parts.push(count(entry.clientUserIds.length, 'user'));
    if (entry.serialNumbers.length > 0) parts.push(count(entry.serialNumbers.length, 'device'));
    return parts.join(' and ') || 'nobody';
  }

  private log(data: CacheData, entry: JournalEntry, result: HolderResult): void {
    const { store } = this.deps;
    const ok = result.done.length;
    const name = entry.adamId ? this.deps.appName(entry.adamId) : '';
    if (entry.kind === 'associate' && ok > 0)
      store.log('license-assigned', `${count(ok, 'license')} of ${name} assigned to devices.`, data);
    if (entry.kind === 'disassociate' && ok > 0)
      store.log('license-reclaimed', `${count(ok, 'license')} of ${name} reclaimed.`, data);
    if (entry.kind === 'revoke' && ok > 0)
      store.log('license-reclaimed', `Every license of ${this.who(entry)} revoked.`, data);
    if (entry.kind === 'retire-users' && ok > 0)
      store.log('license-reclaimed', `${count(ok, 'user')} retired; their app licenses returned.`, data);
    if (result.failed.size > 0)
      store.log('failure', `${count(result.failed.size, 'holder')} failed (${KIND_WORDS[entry.kind]}).`, data);
  }
}
