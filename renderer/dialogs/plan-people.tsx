/**
 * The people a deploy plan names, group by group: at most LIST_CAP names
 * each (a plan may hold 100,000), then "and N more" with the whole group
 * copyable as CSV. Users waiting for the terms get a copy-link button: the
 * admin chasing them needs the invitation, not a trip to the Users page.
 */
import { Button } from '../components/button';
import { copyText } from '../lib/clipboard';
import { downloadText } from '../lib/download';
import { formatNumber, plural } from '../lib/format';
import { groupCsv, type PlanGroup } from '../lib/plan-groups';
import { toast } from '../stores/toast-store';
import type { PlanPerson } from '../../shared/contract';

export const LIST_CAP = 50;

async function copy(text: string, what: string): Promise<void> {
  if (await copyText(text)) toast.success(`${what} copied.`);
  else toast.error(`Could not copy ${what.toLowerCase()}.`);
}

function Person({ person }: { person: PlanPerson }) {
  const name = person.email ?? person.clientUserId;
  return (
    <li className="plan-person">
      <span className="plan-person-id mono">{person.clientUserId}</span>
      {person.email ? <span className="plan-person-email">{person.email}</span> : null}
      {person.decision === 'pending-terms' ? (
        person.inviteUrl ? (
          <Button
            size="sm"
            variant="ghost"
            icon="copy"
            title={person.inviteUrl}
            aria-label={`Copy invitation link for ${name}`}
            onClick={() => void copy(person.inviteUrl ?? '', `Invitation link for ${name}`)}
          >
            Copy link
          </Button>
        ) : (
          <span className="plan-person-reason">No invitation link yet (sync to fetch it)</span>
        )
      ) : person.reason ? (
        <span className="plan-person-reason">{person.reason}</span>
      ) : null}
    </li>
  );
}

export function PlanPeople({ groups, appName }: { groups: PlanGroup[]; appName: string }) {
  if (groups.length === 0) return null;
  return (
    <div className="plan-people">
      {groups.map((g) => {
        const more = g.people.length - LIST_CAP;
        const fileName = `${appName} - ${g.title}.csv`.replace(/[\\/:*?"<>|]/g, '_');
        return (
          <section
            key={g.id}
            className={`plan-group is-${g.tone}`}
            aria-labelledby={`plan-group-${g.id}`}
            data-testid={`plan-group-${g.id}`}
          >
            <div className="plan-group-head">
              <h3 id={`plan-group-${g.id}`}>
                {g.title} <span className="plan-group-count">({formatNumber(g.people.length)})</span>
              </h3>
              <span className="toolbar-spacer" />
              <Button
                size="sm"
                variant="ghost"
                onClick={() => void copy(groupCsv(g), `${plural(g.people.length, 'name', 'names')}`)}
              >
                Copy all
              </Button>
              <Button size="sm" variant="ghost" onClick={() => downloadText(fileName, `${groupCsv(g)}\n`)}>
                Save CSV
              </Button>
            </div>
            <ul className="plan-person-list" aria-label={g.title}>
              {g.people.slice(0, LIST_CAP).map((p) => (
                <Person key={p.clientUserId} person={p} />
              ))}
              {more > 0 ? (
                <li className="plan-person-more">and {formatNumber(more)} more: Copy all or Save CSV has every one</li>
              ) : null}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
