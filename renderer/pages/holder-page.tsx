/**
 * One user or one device: the apps it holds, the user's VPP Terms Status and
 * invitation link, and what can be done: uninstall chosen apps, revoke
 * everything, retire the user. Each shows its plan before anything is sent.
 */
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api';
import { Button } from '../components/button';
import { EmptyState } from '../components/empty-state';
import { AppLink, AssignedBy } from '../components/holder-links';
import { InlineError } from '../components/inline-error';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';
import { PlanDialog, type PlanView } from '../dialogs/plan-dialog';
import { freeOutcomeView, freePlanView, uninstallPlan } from '../lib/holder-plans';
import { PRICING, TERMS } from '../lib/labels';
import { useAppStore } from '../stores/app-store';
import { useHolderNav } from '../stores/holder-nav-store';
import type { Holdings, HoldingRow } from '../../shared/holders';

type Action = { title: string; confirm: string; plan: () => Promise<PlanView>; run: () => Promise<PlanView> };

export function HolderPage() {
  const holder = useHolderNav((s) => s.holder);
  const dataVersion = useAppStore((s) => s.dataVersion);
  const [holdings, setHoldings] = useState<Holdings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<Action | null>(null);

  useEffect(() => {
    if (!holder) return;
    api.getHoldings(holder).then(setHoldings, (err: unknown) => setError(messageOf(err)));
  }, [holder, dataVersion]);

  if (!holder) {
    return (
      <div className="page">
        <EmptyState icon="users" title="Nobody chosen">
          Open a user from the Users page or a device from the Devices page.
        </EmptyState>
      </div>
    );
  }
  const name = holder.clientUserId ?? holder.serialNumber;
  const key = (a: HoldingRow) => `${a.adamId}|${a.pricingParam}`;
  const apps = holdings?.apps ?? [];
  const selected = apps.filter((a) => chosen.has(key(a)));
  const ref = holder.clientUserId ? { clientUserId: holder.clientUserId } : { serialNumber: holder.serialNumber };

  const uninstall = (): Action => {
    // One app at a time through the normal uninstall; several apps run one after another.
    const plans = selected.map((a) =>
      uninstallPlan([
        {
          adamId: a.adamId,
          pricingParam: a.pricingParam,
          clientUserId: holder.clientUserId ?? null,
          serialNumber: holder.serialNumber ?? null,
        },
      ]),
    );
    return {
      title: `Uninstall ${selected.length} app(s) from ${name}`,
      confirm: 'Uninstall',
      plan: async () => {
        const views = await Promise.all(plans.map((p) => p.plan()));
        return {
          summary: `${selected.length} license(s) of ${name} will be reclaimed.`,
          items: views.flatMap((v) => v.items),
        };
      },
      run: async () => {
        const views = [];
        for (const p of plans) views.push(await p.run());
        setChosen(new Set());
        const items = views.flatMap((v) => v.items);
        return {
          summary: `${items.filter((i) => i.outcome === 'done').length} of ${selected.length} reclaimed.`,
          items,
        };
      },
    };
  };

  const names = new Map(apps.map((a) => [a.adamId, a.name]));
  return (
    <div className="page">
      <PageHeader
        title={holder.clientUserId ? `User ${name ?? ''}` : `Device ${name ?? ''}`}
        description={
          holder.clientUserId
            ? (holdings?.email ?? 'No email on record')
            : 'A device holding licenses by serial number.'
        }
        actions={
          <>
            <Button
              icon="trash"
              blockedReason={selected.length === 0 ? 'Select the apps to uninstall first.' : null}
              onClick={() => setAction(uninstall())}
            >
              Uninstall selected ({selected.length})
            </Button>
            <Button
              variant="danger"
              blockedReason={apps.length === 0 ? 'Nothing is held.' : null}
              onClick={() =>
                setAction({
                  title: `Revoke everything ${name ?? ''} holds`,
                  confirm: 'Revoke all',
                  plan: async () => freePlanView(await api.planRevoke(ref)),
                  run: async () => freeOutcomeView(await api.revoke(ref)),
                })
              }
            >
              Revoke all
            </Button>
            {holder.clientUserId ? (
              <Button
                variant="danger"
                blockedReason={holdings?.termsStatus === 'retired' ? 'This user is already retired.' : null}
                onClick={() => {
                  const req = { clientUserIds: [holder.clientUserId] };
                  setAction({
                    title: `Retire ${name ?? ''}`,
                    confirm: 'Retire',
                    plan: async () => freePlanView(await api.planRetire(req)),
                    run: async () => freeOutcomeView(await api.retire(req)),
                  });
                }}
              >
                Retire
              </Button>
            ) : null}
          </>
        }
      />
      {error ? <InlineError message={error} /> : null}
      {holder.clientUserId && holdings ? (
        <dl className="facts">
          <dt>VPP Terms Status</dt>
          <dd>
            {holdings.termsStatus ? (
              <Pill tone={TERMS[holdings.termsStatus].tone}>{TERMS[holdings.termsStatus].label}</Pill>
            ) : (
              '—'
            )}
          </dd>
          <dt>Apple status</dt>
          <dd>{holdings.status ?? 'Unknown to Apple'}</dd>
          <dt>Invitation link</dt>
          <dd>{holdings.inviteUrl ? <span className="mono">{holdings.inviteUrl}</span> : '—'}</dd>
        </dl>
      ) : null}
      <h2 className="section-title">Apps held ({apps.length})</h2>
      {apps.length === 0 ? (
        <p className="muted">No licenses.</p>
      ) : (
        <table className="simple-table" data-testid="holdings-table">
          <thead>
            <tr>
              <th />
              <th>App</th>
              <th>Adam ID</th>
              <th>Pricing</th>
              <th>Assigned by</th>
            </tr>
          </thead>
          <tbody>
            {apps.map((a) => (
              <tr key={key(a)}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${a.name}`}
                    checked={chosen.has(key(a))}
                    onChange={() =>
                      setChosen((prev) => {
                        const next = new Set(prev);
                        if (next.has(key(a))) next.delete(key(a));
                        else next.add(key(a));
                        return next;
                      })
                    }
                  />
                </td>
                <td>
                  <AppLink app={a} />
                </td>
                <td className="mono">{a.adamId}</td>
                <td>{PRICING[a.pricingParam].label}</td>
                <td>
                  <AssignedBy by={a.assignedBy} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {action ? (
        <PlanDialog
          title={action.title}
          confirmLabel={action.confirm}
          plan={action.plan}
          run={action.run}
          appName={(id) => names.get(id ?? '') ?? id ?? ''}
          onClose={() => setAction(null)}
        />
      ) : null}
    </div>
  );
}
