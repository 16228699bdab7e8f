import { describe, expect, it } from 'vitest';
import { ACTIVITY_KIND, DEPLOYMENT_STATE, TOKEN_STATE, reasonText } from '../../../renderer/lib/labels';
import { DeploymentState } from '../../../shared/domain';

describe('reasonText', () => {
  it("turns core's short failure codes into sentences", () => {
    expect(reasonText('no-licenses')).toBe('No licenses available');
    expect(reasonText('user-not-found')).toBe('User not found at Apple');
    expect(reasonText('terms-pending')).toBe('Waiting for the user to accept the VPP terms');
  });

  it('passes a reason that is already a sentence through unchanged', () => {
    expect(reasonText('Apple is not answering. Try again later.')).toBe('Apple is not answering. Try again later.');
  });

  it('is empty when there is no reason', () => {
    expect(reasonText(null)).toBe('');
    expect(reasonText('')).toBe('');
  });
});

describe('status labels', () => {
  it('gives each deployment state its own words, so summaries and pills never read alike', () => {
    const labels = DeploymentState.options.map((s) => DEPLOYMENT_STATE[s].label.toLowerCase());
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('marks failures and unusable tokens as danger', () => {
    expect(DEPLOYMENT_STATE.failed.tone).toBe('danger');
    expect(ACTIVITY_KIND['sync-failed'].tone).toBe('danger');
    expect(ACTIVITY_KIND.failure.tone).toBe('danger');
    for (const state of ['expired', 'revoked', 'invalid'] as const) expect(TOKEN_STATE[state].tone).toBe('danger');
  });
});
