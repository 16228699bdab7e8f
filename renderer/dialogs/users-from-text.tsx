/** Add users by pasting ids or loading a CSV/text file; ids Apple does not know yet get registered. */
import { useState } from 'react';
import { Button } from '../components/button';
import { FileDrop } from '../components/file-drop';
import { InlineError } from '../components/inline-error';
import { MAX_USER_FILE_BYTES, parseIdFile, parsePastedIds, UserFileError, type ParsedIds } from '../lib/parse-user-ids';

export function UsersFromPaste({ onAdd }: { onAdd: (parsed: ParsedIds) => void }) {
  const [text, setText] = useState('');
  return (
    <div className="picker">
      <label className="field">
        <span className="field-label">User ids</span>
        <textarea
          className="input textarea mono"
          rows={8}
          value={text}
          placeholder={'One per line, or separated by commas or spaces\nuser-0001\nuser-0002'}
          onChange={(e) => setText(e.target.value)}
        />
        <span className="field-hint">Your MDM's client user ids (clientUserId), not Apple IDs.</span>
      </label>
      <div className="picker-actions">
        <Button
          variant="primary"
          size="sm"
          disabled={text.trim() === ''}
          onClick={() => {
            onAdd(parsePastedIds(text));
            setText('');
          }}
        >
          Add to selection
        </Button>
      </div>
    </div>
  );
}

export function UsersFromFile({ onAdd }: { onAdd: (parsed: ParsedIds) => void }) {
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async (file: File) => {
    setError(null);
    if (file.size > MAX_USER_FILE_BYTES) {
      setError(`"${file.name}" is larger than 50 MB. Split it, or paste the ids.`);
      return;
    }
    try {
      const parsed = parseIdFile(await file.text());
      setName(file.name);
      if (parsed.ids.length === 0) setError(`No user ids found in "${file.name}".`);
      else onAdd(parsed);
    } catch (err) {
      // A refused line (invisible character, broken quoting) is named; anything else is "could not be read".
      setError(err instanceof UserFileError ? `"${file.name}": ${err.message}` : `"${file.name}" could not be read.`);
    }
  };

  return (
    <div className="picker">
      <FileDrop
        accept=".csv,.txt,text/csv,text/plain"
        label="Choose file…"
        hint="A .csv with a clientUserId (or id) column, or a text file with one id per line."
        fileName={name}
        onFile={(f) => void load(f)}
      />
      {error ? <InlineError message={error} /> : null}
    </div>
  );
}
