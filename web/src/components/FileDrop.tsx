// A file input that also takes files dropped onto it.
import { useState } from 'react';

export function FileDrop({ id, label, hint, multiple, accept, onFiles }: { id: string; label: string; hint: string; multiple?: boolean; accept?: string; onFiles(files: File[]): void }) {
  const [over, setOver] = useState(false);
  return (
    <div
      className={over ? 'drop over' : 'drop'}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (files.length) onFiles(multiple ? files : files.slice(0, 1));
      }}
    >
      <label htmlFor={id}>{label}</label>
      <input id={id} type="file" multiple={multiple} accept={accept} onChange={(e) => onFiles([...(e.target.files ?? [])])} />
      <small className="muted">{hint}</small>
    </div>
  );
}
