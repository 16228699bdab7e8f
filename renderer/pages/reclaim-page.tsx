/**
 * Licenses that leak: load a roster (the people and devices that should
 * hold licenses), see every license held outside it per app, and reclaim the
 * selection after a plan. The last roster is kept, so this reads offline.
 */
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api';
import { Button } from '../components/button';
import { FileDrop } from '../components/file-drop';
import { AssignedBy } from '../components/holder-links';
import { InlineError } from '../components/inline-error';
import { PageHeader } from '../components/page-header';
import { PlanDialog } from '../dialogs/plan-dialog';
import { formatNumber } from '../lib/format';
import { freeOutcomeView, freePlanView } from '../lib/holder-plans';
import { useAppStore } from '../stores/app-store';
import type { ReclaimItem, ReclaimReport } from '../../shared/holders';

const keyOf = (i: ReclaimItem) => `${i.adamId}|${i.pricingParam}|${i.clientUserId ?? ''}|${i.serialNumber ?? ''}`;

export function ReclaimPage() {
  const dataVersion = useAppStore((s) => s.dataVersion);
  const [report, setReport] = useState<ReclaimReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [skipped, setSkipped] = useState<Set<string>>(new Set());
  const [planning, setPlanning] = useState(false);

  const refresh = () =>
    api.getRoster().then(
      (r) => (r ? api.reclaimReport({}).then(setReport) : setReport(null)),
      (err: unknown) => setError(messageOf(err)),
    );
  useEffect(() => {
    void refresh();
    // Re-read when the cache changes (a sync, a reclaim).
  }, [dataVersion]);

  const load = async (file: File) => {
    setError(null);
    try {
      await api.loadRoster({ fileName: file.name, text: await file.text() });
      setSkipped(new Set());
      await refresh();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const items = report?.items ?? [];
  const selection = items.filter((i) => !skipped.has(keyOf(i)));
  const req = {
    selection: selection.map(({ adamId, pricingParam, clientUserId, serialNumber }) => ({
      adamId,
      pricingParam,
      clientUserId,
      serialNumber,
    })),
  };
  const names = new Map(items.map((i) => [i.adamId, i.name]));

  return (
    <div className="page">
      <PageHeader
        title="Reclaim"
        description="Licenses held by people and devices not on your roster: people who left, devices wiped, sold or lost, licenses another tool assigned."
        actions={
          <Button
            variant="danger"
            blockedReason={selection.length === 0 ? 'Nothing selected to reclaim.' : null}
            onClick={() => setPlanning(true)}
          >
            Reclaim selected ({formatNumber(selection.length)})
          </Button>
        }
      />
      <FileDrop
        accept=".csv,.txt,text/csv,text/plain"
        label="Load roster"
        hint="A CSV or text file from your directory or MDM: client user ids, emails and/or serial numbers (header recognised)."
        fileName={report?.roster?.fileName ?? null}
        onFile={(f) => void load(f)}
        testId="roster-drop"
      />
      {error ? <InlineError message={error} /> : null}
      {report ? (
        <>
          <p className="reclaim-sentence" data-testid="reclaim-sentence">
            <strong>{report.sentence}</strong>
            {report.roster ? (
              <span className="muted">
                {' '}
                · roster {report.roster.fileName}, loaded {report.roster.loadedAt.slice(0, 16).replace('T', ' ')}
              </span>
            ) : null}
          </p>
          <div className="reclaim-grid">
            <section aria-label="Per app">
              <h2 className="section-title">Per app</h2>
              <table className="simple-table">
                <tbody>
                  {report.apps.map((a) => (
                    <tr key={`${a.adamId}|${a.pricingParam}`}>
                      <td>{a.name}</td>
                      <td className="num">{formatNumber(a.licenses)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-label="Licenses outside the roster">
              <h2 className="section-title">Licenses outside the roster</h2>
              <table className="simple-table" data-testid="reclaim-table">
                <thead>
                  <tr>
                    <th>
                      <input
                        type="checkbox"
                        aria-label="Select all"
                        checked={skipped.size === 0}
                        onChange={() => setSkipped(skipped.size === 0 ? new Set(items.map(keyOf)) : new Set())}
                      />
                    </th>
                    <th>Holder</th>
                    <th>Email</th>
                    <th>App</th>
                    <th>Assigned by</th>
                  </tr>
                </thead>
                <tbody>
                  {items.slice(0, 1000).map((i) => (
                    <tr key={keyOf(i)}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Select ${i.clientUserId ?? i.serialNumber ?? ''} ${i.name}`}
                          checked={!skipped.has(keyOf(i))}
                          onChange={() =>
                            setSkipped((prev) => {
                              const next = new Set(prev);
                              if (next.has(keyOf(i))) next.delete(keyOf(i));
                              else next.add(keyOf(i));
                              return next;
                            })
                          }
                        />
                      </td>
                      <td>{i.clientUserId ?? <span className="mono">Device {i.serialNumber}</span>}</td>
                      <td>{i.email ?? '—'}</td>
                      <td>{i.name}</td>
                      <td>
                        <AssignedBy by={i.assignedBy} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>
        </>
      ) : null}
      {planning ? (
        <PlanDialog
          title="Reclaim licenses outside the roster"
          confirmLabel="Reclaim"
          plan={async () => freePlanView(await api.planReclaim(req))}
          run={async () => freeOutcomeView(await api.reclaim(req))}
          appName={(id) => names.get(id ?? '') ?? id ?? ''}
          onClose={() => {
            setPlanning(false);
            void refresh();
          }}
        />
      ) : null}
    </div>
  );
}
