/**
 * Ids Apple does not know that look like a known user's (another case, or
 * their email). Registering one would create a second Apple user for the
 * same person, so each waits for the admin's choice: use the known user,
 * register it as new anyway, or leave it out. Sending is held until then.
 */
import { Button } from '../components/button';
import type { PlanLookalike } from '../../shared/contract';

export type LookalikeChoice = 'use-known' | 'register' | 'remove';

export function PlanLookalikes({
  lookalikes,
  onChoose,
}: {
  lookalikes: PlanLookalike[];
  onChoose: (lookalike: PlanLookalike, choice: LookalikeChoice) => void;
}) {
  if (lookalikes.length === 0) return null;
  return (
    <section className="plan-group is-warning" aria-labelledby="plan-lookalikes" data-testid="plan-lookalikes">
      <div className="plan-group-head">
        <h3 id="plan-lookalikes">
          Apple does not know {lookalikes.length === 1 ? 'this id' : 'these ids'}: did you mean…
        </h3>
      </div>
      <ul className="plan-person-list">
        {lookalikes.map((l) => (
          <li key={l.clientUserId} className="plan-person plan-lookalike">
            <span className="mono">{l.clientUserId}</span>
            <span className="plan-person-reason">
              did you mean <strong className="mono">{l.suggestion}</strong>?{' '}
              {l.why === 'case' ? '(same id, other case)' : '(that user’s email)'}
            </span>
            <span className="plan-lookalike-actions">
              <Button size="sm" variant="primary" onClick={() => onChoose(l, 'use-known')}>
                Use {l.suggestion}
              </Button>
              <Button size="sm" onClick={() => onChoose(l, 'register')}>
                Register as new
              </Button>
              <Button size="sm" variant="ghost" onClick={() => onChoose(l, 'remove')}>
                Leave out
              </Button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
