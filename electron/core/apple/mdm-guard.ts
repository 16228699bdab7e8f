/**
 * Apple returns the claiming product's mdmInfo on every response. Only one
 * product may manage a location ("multiple MDM clients managing the same
 * location result in unpredictable asset allocation"), so the first response
 * naming another product stops this client for good: every later call fails
 * with MDM_CHANGED until a new client is built (i.e. a new token).
 */
import { VppError } from '../../../shared/errors';
import { isRecord } from '../../../shared/guards';

/** What Apple now reports as the managing product, and the id we expected. */
export interface MdmChangedInfo {
  expectedId: string;
  id: string;
  /** The other product's name ('' if Apple sent none). */
  name: string;
  metadata: string;
}

export class MdmGuard {
  private stopped = false;

  constructor(
    private readonly expected: string | (() => string | undefined) | undefined,
    private readonly onChanged: ((info: MdmChangedInfo) => void) | undefined,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  assertRunning(): void {
    if (this.stopped) throw new VppError('MDM_CHANGED');
  }

  /**
   * Checks the raw body of a response. A missing mdmInfo is accepted: it means
   * nobody has claimed the token (yet, or any more), not that someone else did.
   */
  check(body: unknown): void {
    const expectedId = typeof this.expected === 'function' ? this.expected() : this.expected;
    if (!expectedId || !isRecord(body)) return;
    const mdm = body.mdmInfo;
    if (!isRecord(mdm) || typeof mdm.id !== 'string') return;
    if (mdm.id === expectedId) return;
    const first = !this.stopped;
    this.stopped = true;
    if (first) {
      this.onChanged?.({
        expectedId,
        id: mdm.id,
        name: typeof mdm.name === 'string' ? mdm.name : '',
        metadata: typeof mdm.metadata === 'string' ? mdm.metadata : '',
      });
    }
    throw new VppError('MDM_CHANGED');
  }
}
