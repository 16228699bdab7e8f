/**
 * The buttons a reviewed deploy plan offers, pure: a shortage offers "Deploy
 * only to the N who can get a license" first (not "Deploy to 3 users" when
 * only 1 can succeed); a plan with nothing to send is blocked with the
 * reason; Uninstall is destructive (red) and counts only those it reclaims.
 */
import { formatNumber, plural } from '../lib/format';
import type { DeployPlan } from '../../shared/contract';

export interface ReviewAction {
  label: string;
  variant: 'primary' | 'secondary' | 'danger';
  blockedReason: string | null;
  /** 'assignable': send only the users who get a license now. */
  only: 'all' | 'assignable';
  testId: string;
}

export function reviewActions(plan: DeployPlan, undecided: number, sendBlocked: string | null): ReviewAction[] {
  const choose = undecided > 0 ? 'First choose what to do with each id Apple does not know (above).' : null;
  const blocked = (nothing: string | null) => sendBlocked ?? choose ?? nothing;
  if (plan.action === 'uninstall') {
    const nothing =
      plan.willReclaim === 0
        ? `Nothing to uninstall: ${plan.users === 1 ? 'this user holds' : 'none of these users holds'} a license of ${plan.appName}.`
        : null;
    return [
      {
        label: `Uninstall for ${plural(plan.willReclaim, 'user', 'users')}`,
        variant: 'danger',
        blockedReason: blocked(nothing),
        only: 'all',
        testId: 'confirm-deploy',
      },
    ];
  }
  const short = (plan.people ?? []).filter((p) => p.decision === 'no-licenses').length;
  const toSend = plan.willAssign + plan.pendingTerms + short;
  const nothing =
    toSend === 0
      ? plan.alreadyAssigned > 0
        ? `Nothing to send: ${plan.users === 1 ? 'this user already has' : 'these users already have'} ${plan.appName} or cannot receive licenses.`
        : 'Nothing to send: these users cannot receive licenses.'
      : null;
  if (short === 0)
    return [
      {
        label: `Deploy to ${plural(plan.users, 'user', 'users')}`,
        variant: 'primary',
        blockedReason: blocked(nothing),
        only: 'all',
        testId: 'confirm-deploy',
      },
    ];
  const anyway: ReviewAction = {
    label: `Deploy to all ${formatNumber(plan.users)} anyway (${formatNumber(short)} fail until licenses are bought)`,
    variant: plan.willAssign > 0 ? 'secondary' : 'primary',
    blockedReason: blocked(null),
    only: 'all',
    testId: 'confirm-deploy',
  };
  if (plan.willAssign === 0) return [anyway];
  return [
    anyway,
    {
      label: `Deploy only to the ${formatNumber(plan.willAssign)} who can get a license`,
      variant: 'primary',
      blockedReason: blocked(null),
      only: 'assignable',
      testId: 'confirm-deploy-available',
    },
  ];
}
