/**
 * The organisation's default low-stock rule, typed the way the CLI takes it
 * ("5", "10%" or "10% or 5"), with the rule in words as the admin types, so
 * nobody has to guess what a bare percentage means for a small pool.
 */
import { useId, useState, type FormEvent } from 'react';
import { describeLowStockRule, parseLowStockRule } from '../../shared/low-stock';
import { messageOf } from '../api';
import { useInsightStore } from '../stores/insight-store';
import { toast } from '../stores/toast-store';
import { Button } from './button';

export function LowStockRuleEditor() {
  const settings = useInsightStore((s) => s.settings);
  const setRule = useInsightStore((s) => s.setRule);
  // The admin's edit; until they type, the field follows the saved rule (changed by the CLI too).
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? settings?.text ?? '';
  const [saving, setSaving] = useState(false);
  const inputId = useId();
  const hintId = useId();

  const parsed = parseLowStockRule(text);
  const unchanged = settings !== null && text.trim() === settings.text;
  const hint =
    text.trim() === ''
      ? 'Give N, N% or "P% or N".'
      : parsed
        ? `${describeLowStockRule(parsed)}.`
        : `"${text.trim()}" is not a rule: give N (licenses left), N% (of those purchased) or "P% or N".`;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!parsed) return;
    setSaving(true);
    try {
      await setRule(text.trim());
      setDraft(null);
      toast.success(`Low-stock rule saved: ${describeLowStockRule(parsed)}.`);
    } catch (err) {
      toast.error(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card rule-card" onSubmit={(e) => void save(e)} aria-labelledby={`${inputId}-title`}>
      <h2 className="card-title" id={`${inputId}-title`}>
        Low-stock rule
      </h2>
      <p className="rule-current" data-testid="rule-words">
        {settings ? `${settings.words}.` : 'Loading…'}
        {settings && settings.overrides.length > 0
          ? ` ${settings.overrides.length === 1 ? 'One app has' : `${settings.overrides.length} apps have`} its own rule.`
          : ''}
      </p>
      <div className="rule-row">
        <label htmlFor={inputId} className="filter-label">
          Organisation default
        </label>
        <input
          id={inputId}
          className="input rule-input"
          value={text}
          maxLength={40}
          aria-describedby={hintId}
          aria-invalid={text.trim() !== '' && !parsed ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button type="submit" size="sm" variant="primary" busy={saving} disabled={!parsed || unchanged}>
          Save rule
        </Button>
      </div>
      <p id={hintId} className={`rule-hint${text.trim() !== '' && !parsed ? ' is-error' : ''}`} aria-live="polite">
        {hint}
      </p>
    </form>
  );
}
