/**
 * What a deployment will do before it is sent: licenses needed against
 * available, who gets one now, who waits for the VPP terms (and who will be
 * invited), who will fail for lack of licenses, what Uninstall reclaims.
 */
import { formatNumber, plural } from '../lib/format';
import { planGroups } from '../lib/plan-groups';
import { PlanLookalikes, type LookalikeChoice } from './plan-lookalikes';
import { PlanPeople } from './plan-people';
import type { DeployPlan, PlanLookalike } from '../../shared/contract';

function Stat({
  label,
  value,
  tone,
  hint,
  testId,
}: {
  label: string;
  value: number;
  tone?: 'success' | 'warning' | 'danger' | 'info';
  hint?: string;
  testId: string;
}) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`} data-testid={testId}>
      <dt className="stat-label">{label}</dt>
      <dd className="stat-value">{formatNumber(value)}</dd>
      {hint ? <dd className="stat-hint">{hint}</dd> : null}
    </div>
  );
}

interface Props {
  plan: DeployPlan;
  /** Look-alike ids still waiting for the admin's choice. */
  undecided?: PlanLookalike[];
  onChoose?: (lookalike: PlanLookalike, choice: LookalikeChoice) => void;
}

export function DeployPlanView({ plan, undecided = [], onChoose = () => undefined }: Props) {
  const groups = planGroups(plan, new Set(undecided.map((l) => l.clientUserId)));
  if (plan.action === 'uninstall') {
    return (
      <div className="plan" data-testid="plan">
        <p className="plan-lead">
          Uninstall <strong>{plan.appName}</strong> for {plural(plan.users, 'user', 'users')}. Licenses return to the
          pool when Apple confirms each reclaim.
        </p>
        {plan.willReclaim > 0 ? (
          <p className="plan-note is-danger" role="alert" data-testid="uninstall-warning">
            <strong>
              {plan.appName} leaves {plural(plan.willReclaim, 'user’s device', 'users’ devices')}.
            </strong>{' '}
            Once Apple reclaims the license, the device removes the app and the data kept in it. To give it back later,
            deploy it again as Required.
          </p>
        ) : null}
        <dl className="stats">
          <Stat label="Users" value={plan.users} testId="plan-users" />
          <Stat
            label="Will reclaim"
            value={plan.willReclaim}
            tone="success"
            hint="licenses returned"
            testId="plan-reclaim"
          />
          <Stat label="Available now" value={plan.licensesAvailable} testId="plan-available" />
        </dl>
        {plan.willReclaim < plan.users ? (
          <p className="plan-note">
            {plural(plan.users - plan.willReclaim, 'user has', 'users have')} no license of this app to reclaim; nothing
            is sent for them.
          </p>
        ) : null}
        <PlanLookalikes lookalikes={undecided} onChoose={onChoose} />
        <PlanPeople groups={groups} appName={plan.appName} />
      </div>
    );
  }

  const short = plan.willFail > 0;
  return (
    <div className="plan" data-testid="plan">
      <p className="plan-lead">
        Install <strong>{plan.appName}</strong> ({plan.pricingParam}) as Required for{' '}
        {plural(plan.users, 'user', 'users')}.
      </p>
      <dl className="stats">
        <Stat label="Licenses needed" value={plan.licensesNeeded} testId="plan-needed" />
        <Stat
          label="Available"
          value={plan.licensesAvailable}
          tone={short ? 'danger' : undefined}
          testId="plan-available"
        />
        <Stat
          label="Will assign now"
          value={plan.willAssign}
          tone="success"
          hint="users who accepted the terms"
          testId="plan-assign"
        />
        <Stat label="Already assigned" value={plan.alreadyAssigned} testId="plan-already" />
        <Stat
          label="Pending terms"
          value={plan.pendingTerms}
          tone={plan.pendingTerms ? 'warning' : undefined}
          hint="wait, no license used yet"
          testId="plan-pending"
        />
        <Stat
          label="To register"
          value={plan.toRegister}
          tone={plan.toRegister ? 'info' : undefined}
          hint="new to Apple: invited"
          testId="plan-register"
        />
        <Stat
          label="Will fail"
          value={plan.willFail}
          tone={short ? 'danger' : undefined}
          hint="no licenses available"
          testId="plan-fail"
        />
      </dl>
      {short ? (
        <p className="plan-note is-danger" role="alert">
          Only {plural(plan.licensesAvailable, 'license is', 'licenses are')} available, so{' '}
          {plural(plan.willFail, 'user', 'users')} will fail with “No licenses available”. VPP Desk never assigns more
          than you own: deploy only to those who can get one, or buy more in Apple Business Manager and the others get
          theirs at the next sync.
        </p>
      ) : null}
      {plan.pendingTerms > 0 ? (
        <p className="plan-note">
          {plural(plan.pendingTerms, 'user waits', 'users wait')} until they accept the VPP invitation; their license is
          assigned at the first sync after that. Copy their invitation links below.
        </p>
      ) : null}
      <PlanLookalikes lookalikes={undecided} onChoose={onChoose} />
      <PlanPeople groups={groups} appName={plan.appName} />
    </div>
  );
}
