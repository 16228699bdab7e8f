/**
 * Pick a file by button or by dropping it on the zone. The file is read here
 * as text; only its content goes to main (the window never has paths).
 */
import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Icon } from './icons';

interface Props {
  accept: string;
  label: string;
  hint: ReactNode;
  fileName: string | null;
  onFile: (file: File) => void;
  testId?: string;
}

export function FileDrop({ accept, label, hint, fileName, onFile, testId }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [over, setOver] = useState(false);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) onFile(file);
  };

  return (
    <div
      className={`dropzone${over ? ' is-over' : ''}${fileName ? ' has-file' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid={testId}
    >
      <Icon name="file" size={22} className="dropzone-icon" />
      <div className="dropzone-text">
        {fileName ? (
          <strong className="dropzone-file" data-testid="chosen-file">
            {fileName}
          </strong>
        ) : (
          <strong>Drop the file here</strong>
        )}
        <span id={hintId} className="muted">
          {hint}
        </span>
      </div>
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        aria-describedby={hintId}
        onClick={() => input.current?.click()}
      >
        {fileName ? 'Choose another…' : label}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          // Allow picking the same file again after fixing it.
          e.target.value = '';
        }}
      />
    </div>
  );
}
