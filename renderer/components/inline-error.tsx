/** An error next to the thing that failed, announced when it appears. */
import { Icon } from './icons';

export function InlineError({ message, title, testId }: { message: string; title?: string; testId?: string }) {
  return (
    <div className="inline-error" role="alert" data-testid={testId ?? 'inline-error'}>
      <Icon name="error" size={18} />
      <div>
        {title ? <strong>{title} </strong> : null}
        <span>{message}</span>
      </div>
    </div>
  );
}
