/**
 * Plan, then send: every holders action (uninstall, revoke, retire, reclaim,
 * device deploy) shows what it will do and names each person and device
 * before anything reaches Apple, then reports what Apple did.
 */
import { useEffect, useState } from 'react';
import { messageOf } from '../api';
import { Button } from '../components/button';
import { Dialog } from '../components/dialog';
import { InlineError } from '../components/inline-error';
import type { WriteItem } from '../../shared/holders';
import type { PlanView } from '../lib/holder-plans';

export type { PlanView };

interface Props {
  title: string;
  confirmLabel: string;
  plan: () => Promise<PlanView>;
  run: () => Promise<PlanView>;
  appName?: (adamId: string | null) => string;
  onClose: () => void;
}

const who = (i: WriteItem) => i.clientUserId ?? `Device ${i.serialNumber ?? ''}`;

export function PlanDialog({ title, confirmLabel, plan, run, appName, onClose }: Props) {
  const [view, setView] = useState<PlanView | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    plan().then(setView, (err: unknown) => setError(messageOf(err)));
    // The plan is read once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      setView(await run());
      setDone(true);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={done ? `${title}: done` : title}
      size="md"
      busy={busy}
      onClose={onClose}
      testId="plan-dialog"
      footer={
        done ? (
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        ) : (
          <>
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button
              variant="danger"
              busy={busy}
              blockedReason={
                view === null ? 'Planning…' : (view.refused ?? (view.items.length === 0 ? 'Nothing to send.' : null))
              }
              onClick={() => void send()}
            >
              {confirmLabel}
            </Button>
          </>
        )
      }
    >
      {view ? (
        <>
          <p className="plan-summary" data-testid="plan-summary">
            {view.refused ?? view.summary}
          </p>
          <ul className="plan-items" aria-label="People and devices this touches">
            {view.items.slice(0, 500).map((i, n) => (
              <li key={`${n}-${i.adamId ?? ''}-${who(i)}`}>
                <span className="cell-main">{who(i)}</span>
                {i.adamId ? <span className="muted">{appName ? appName(i.adamId) : i.adamId}</span> : null}
                <span className={`plan-outcome is-${i.outcome}`}>{i.outcome === 'planned' ? '' : i.outcome}</span>
                {i.reason ? <span className="muted">{i.reason}</span> : null}
              </li>
            ))}
            {view.items.length > 500 ? <li className="muted">…and {view.items.length - 500} more</li> : null}
          </ul>
        </>
      ) : error ? null : (
        <p role="status">Planning…</p>
      )}
      {error ? <InlineError message={error} /> : null}
    </Dialog>
  );
}
