/**
 * Deploy an app: choose the app, the users and the action; review the plan
 * core computes (licenses needed, available, pending terms, failures); only
 * then send it, and see each user's outcome. Offline, the plan can still be
 * drafted and reviewed; sending waits for Apple, and the button says so.
 */
import { useId, useMemo, useState } from 'react';
import { api, messageOf } from '../api';
import { AppPicker } from '../components/app-picker';
import { Button } from '../components/button';
import { Dialog } from '../components/dialog';
import { InlineError } from '../components/inline-error';
import { Tabs } from '../components/tabs';
import { appleBlockedReason } from '../lib/capabilities';
import { formatNumber, plural } from '../lib/format';
import { outcomeSummary } from '../lib/outcome-summary';
import { mergeIds, type ParsedIds } from '../lib/parse-user-ids';
import { assignableIds } from '../lib/plan-groups';
import { useAppStore } from '../stores/app-store';
import { useDeploymentFilters } from '../stores/deployment-filters-store';
import { useNavStore } from '../stores/nav-store';
import { toast } from '../stores/toast-store';
import { DeployOutcomeView } from './deploy-outcome-view';
import { DeployPlanView } from './deploy-plan-view';
import { reviewActions } from './deploy-review-actions';
import { UsersFromCache } from './users-from-cache';
import { UsersFromFile, UsersFromPaste } from './users-from-text';
import type { DeployOutcome, DeployPlan, PlanLookalike } from '../../shared/contract';
import type { DeployAction } from '../../shared/domain';
import type { PickedApp } from '../lib/selection-types';
import type { DeployPreset } from '../stores/dialog-store';
import type { LookalikeChoice } from './plan-lookalikes';

type Step = 'compose' | 'review' | 'done';
type Source = 'cache' | 'paste' | 'file';

const MAX_USERS = 100_000;
const CHIPS_SHOWN = 12;

export function DeployDialog({ preset, onClose }: { preset: DeployPreset | null; onClose: () => void }) {
  const info = useAppStore((s) => s.info);
  const token = useAppStore((s) => s.token);
  const dataChanged = useAppStore((s) => s.dataChanged);
  const showApp = useDeploymentFilters((s) => s.showApp);
  const go = useNavStore((s) => s.go);
  const idBase = useId();

  const [step, setStep] = useState<Step>('compose');
  const [app, setApp] = useState<PickedApp | null>(
    preset ? { adamId: preset.adamId, pricingParam: preset.pricingParam, name: preset.appName } : null,
  );
  const [action, setAction] = useState<DeployAction>('required');
  const [userIds, setUserIds] = useState<string[]>([]);
  const [source, setSource] = useState<Source>('cache');
  const [note, setNote] = useState<string | null>(null);
  const [plan, setPlan] = useState<DeployPlan | null>(null);
  const [outcome, setOutcome] = useState<DeployOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Look-alike ids the admin chose to register as new Apple users anyway.
  const [registerAnyway, setRegisterAnyway] = useState<ReadonlySet<string>>(new Set());

  const selected = useMemo(() => new Set(userIds), [userIds]);
  const sendBlocked = appleBlockedReason(info, token);
  const tooMany = userIds.length > MAX_USERS;

  const add = (ids: string[], invalid = 0) => {
    const merged = mergeIds(userIds, ids);
    setUserIds(merged.ids);
    const added = merged.ids.length - userIds.length;
    const parts = [`Added ${plural(added, 'user', 'users')}`];
    if (merged.duplicates) parts.push(`${formatNumber(merged.duplicates)} already selected`);
    if (invalid) parts.push(`${formatNumber(invalid)} skipped (longer than 256 characters)`);
    setNote(`${parts.join('; ')}.`);
  };
  const addParsed = (parsed: ParsedIds) => add(parsed.ids, parsed.invalid);

  const request = (ids: string[] = userIds) =>
    app
      ? {
          adamId: app.adamId,
          pricingParam: app.pricingParam,
          clientUserIds: ids,
          action,
          ...(registerAnyway.size > 0 ? { registerLookalikes: true } : {}),
        }
      : null;

  const undecided: PlanLookalike[] =
    action === 'required' && plan ? (plan.lookalikes ?? []).filter((l) => !registerAnyway.has(l.clientUserId)) : [];

  const review = async (ids: string[] = userIds) => {
    const req = request(ids);
    if (!req) return;
    setBusy(true);
    setError(null);
    try {
      setPlan(await api.planDeployment(req));
      setStep('review');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  /** The admin's answer to "did you mean …": the plan is made again with the ids as they now are. */
  const choose = (lookalike: PlanLookalike, choice: LookalikeChoice) => {
    if (choice === 'register') {
      setRegisterAnyway((set) => new Set([...set, lookalike.clientUserId]));
      return;
    }
    const ids = [
      ...new Set(
        userIds.flatMap((id) =>
          id !== lookalike.clientUserId ? [id] : choice === 'use-known' ? [lookalike.suggestion] : [],
        ),
      ),
    ];
    setUserIds(ids);
    if (ids.length === 0) setStep('compose');
    else void review(ids);
  };

  const confirm = async (ids: string[] = userIds) => {
    const req = request(ids);
    if (!req) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.deploy(req);
      setOutcome(result);
      setStep('done');
      dataChanged();
      toast.success(`${result.plan.appName}: ${outcomeSummary(result.rows)}.`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const openDeployments = () => {
    if (app) showApp(app);
    go('deployments');
    onClose();
  };

  const composeReady = app !== null && userIds.length > 0 && !tooMany;
  const footer =
    step === 'compose' ? (
      <>
        <span className="footer-hint">
          {!app
            ? 'Choose an app.'
            : userIds.length === 0
              ? 'Add at least one user.'
              : tooMany
                ? `At most ${formatNumber(MAX_USERS)} users per deployment.`
                : null}
        </span>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button variant="primary" disabled={!composeReady} busy={busy} onClick={() => void review()}>
          Review plan
        </Button>
      </>
    ) : step === 'review' && plan ? (
      <>
        <span className="footer-hint" />
        <Button onClick={() => setStep('compose')} disabled={busy}>
          Back
        </Button>
        {reviewActions(plan, undecided.length, sendBlocked).map((a) => (
          <Button
            key={a.testId}
            variant={a.variant}
            icon={a.variant === 'danger' ? undefined : 'deploy'}
            busy={busy}
            blockedReason={a.blockedReason}
            onClick={() => void confirm(a.only === 'assignable' ? assignableIds(plan) : userIds)}
            data-testid={a.testId}
          >
            {a.label}
          </Button>
        ))}
      </>
    ) : step === 'review' ? null : (
      <>
        <Button onClick={onClose}>Close</Button>
        <Button variant="primary" onClick={openDeployments}>
          View in Deployments
        </Button>
      </>
    );

  return (
    <Dialog
      title={step === 'done' ? 'Deployment sent' : step === 'review' ? 'Review the plan' : 'Deploy an app'}
      description={
        step === 'compose'
          ? 'Required gives each user a license once they have accepted the VPP terms; Uninstall takes it back.'
          : undefined
      }
      size="lg"
      busy={busy}
      onClose={onClose}
      footer={footer}
      testId="deploy-dialog"
      discardWarning={
        step !== 'done' && userIds.length > 0
          ? `Discard the selection of ${plural(userIds.length, 'user', 'users')}?`
          : null
      }
    >
      {step === 'compose' ? (
        <div className="form">
          {sendBlocked ? (
            <p className="plan-note is-warning">
              {sendBlocked} You can still choose the app and users and review the plan.
            </p>
          ) : null}
          <div className="field-row">
            <div className="field grow">
              <AppPicker
                label="App"
                value={app}
                onChange={setApp}
                showCounts
                placeholder="Search your volume-purchased apps…"
              />
            </div>
            <fieldset className="field action-field">
              <legend className="field-label">Action</legend>
              <div className="radio-row">
                <label className={`radio-card${action === 'required' ? ' is-on' : ''}`}>
                  <input
                    type="radio"
                    name={`${idBase}-action`}
                    checked={action === 'required'}
                    onChange={() => setAction('required')}
                  />
                  <span>
                    <strong>Required</strong>
                    <span className="muted">Assign a license</span>
                  </span>
                </label>
                <label className={`radio-card${action === 'uninstall' ? ' is-on' : ''}`}>
                  <input
                    type="radio"
                    name={`${idBase}-action`}
                    checked={action === 'uninstall'}
                    onChange={() => setAction('uninstall')}
                  />
                  <span>
                    <strong>Uninstall</strong>
                    <span className="muted">Reclaim the license</span>
                  </span>
                </label>
              </div>
            </fieldset>
          </div>

          <div className="field">
            <span className="field-label">Users</span>
            <Tabs<Source>
              label="Add users"
              idBase={idBase}
              value={source}
              onChange={setSource}
              tabs={[
                { value: 'cache', label: 'Pick from users' },
                { value: 'paste', label: 'Paste ids' },
                { value: 'file', label: 'Load a file' },
              ]}
            >
              {source === 'cache' ? (
                <UsersFromCache
                  selected={selected}
                  onAdd={(ids) => add(ids)}
                  onRemove={(id) => setUserIds((ids) => ids.filter((x) => x !== id))}
                />
              ) : source === 'paste' ? (
                <UsersFromPaste onAdd={addParsed} />
              ) : (
                <UsersFromFile onAdd={addParsed} />
              )}
            </Tabs>
          </div>

          <SelectionSummary
            ids={userIds}
            note={note}
            onRemove={(id) => setUserIds((ids) => ids.filter((x) => x !== id))}
            onClear={() => {
              setUserIds([]);
              setNote(null);
            }}
          />
        </div>
      ) : step === 'review' && plan ? (
        <>
          {sendBlocked ? (
            <p className="plan-note is-warning">{sendBlocked} You can review this plan now and send it later.</p>
          ) : null}
          <DeployPlanView plan={plan} undecided={undecided} onChoose={choose} />
        </>
      ) : outcome ? (
        <DeployOutcomeView rows={outcome.rows} />
      ) : null}
      {error ? <InlineError title="Not sent." message={error} testId="deploy-error" /> : null}
    </Dialog>
  );
}

function SelectionSummary({
  ids,
  note,
  onRemove,
  onClear,
}: {
  ids: string[];
  note: string | null;
  onRemove: (id: string) => void;
  onClear: () => void;
}) {
  return (
    <div className="selection" aria-live="polite">
      <div className="selection-head">
        <strong data-testid="selected-count">
          {ids.length === 0 ? 'No users selected' : `${plural(ids.length, 'user', 'users')} selected`}
        </strong>
        {note ? <span className="muted">{note}</span> : null}
        <span className="toolbar-spacer" />
        {ids.length > 0 ? (
          <Button size="sm" variant="ghost" onClick={onClear}>
            Clear
          </Button>
        ) : null}
      </div>
      {ids.length > 0 ? (
        <ul className="chips">
          {ids.slice(0, CHIPS_SHOWN).map((id) => (
            <li key={id} className="chip-item">
              <span className="mono">{id}</span>
              <button type="button" className="icon-btn" aria-label={`Remove ${id}`} onClick={() => onRemove(id)}>
                ×
              </button>
            </li>
          ))}
          {ids.length > CHIPS_SHOWN ? (
            <li className="chip-more">and {formatNumber(ids.length - CHIPS_SHOWN)} more</li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
