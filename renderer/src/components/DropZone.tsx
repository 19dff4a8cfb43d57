// The drop target for evidence. The whole area (prompt plus whatever it wraps) takes drops and is
// highlighted while files are dragged over it; the buttons do the same for keyboard users.
import { useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fromFileList, readDrop, type DroppedFiles } from '../lib/dropped-files';

interface Props {
  onFiles: (dropped: DroppedFiles) => void;
  /** While an import runs, drops are not taken (the prompt says so by being hidden). */
  disabled: boolean;
  /** 'large' the first time, when there is nothing yet; 'compact' above a grid. */
  size: 'large' | 'compact';
  /** Shown under the buttons when pasting works here. */
  pasteHint: boolean;
  titleId?: string;
  children?: ReactNode;
}

export function DropZone({ onFiles, disabled, size, pasteHint, titleId, children }: Props) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState(false);
  // dragenter and dragleave fire for every child crossed; count them so the highlight does not flicker.
  const depth = useRef(0);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (folderInput.current !== null) folderInput.current.webkitdirectory = true;
  }, []);

  // A file dropped beside the target would otherwise be opened by the window in place of the app.
  useEffect(() => {
    const refuse = (event: globalThis.DragEvent): void => {
      if (hasFiles(event.dataTransfer)) event.preventDefault();
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
    };
  }, []);

  const onDragEnter = (event: DragEvent<HTMLDivElement>): void => {
    if (!hasFiles(event.dataTransfer)) return;
    event.preventDefault();
    depth.current += 1;
    if (!disabled) setDragging(true);
  };
  const onDragOver = (event: DragEvent<HTMLDivElement>): void => {
    if (!hasFiles(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
  };
  const onDragLeave = (): void => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    if (!hasFiles(event.dataTransfer)) return;
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    if (!disabled) onFiles(readDrop(event.dataTransfer));
  };
  const onChosen = (input: HTMLInputElement): void => {
    const dropped = fromFileList(input.files);
    // Cleared so choosing the same files again still fires a change.
    input.value = '';
    if (dropped.files.length > 0) onFiles(dropped);
  };

  return (
    <div
      className="drop-area"
      data-size={size}
      data-dragging={dragging}
      data-testid="drop-area"
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {!disabled && (
        <div className="drop-zone">
          {size === 'large' && <DropIcon />}
          {size === 'large' ? (
            <>
              <h2 id={titleId}>{t('evidence.dropTitle')}</h2>
              <p className="hint">{t('evidence.dropHint')}</p>
            </>
          ) : (
            <p className="drop-more">{t('evidence.dropMore')}</p>
          )}
          <div className="drop-actions">
            <button
              type="button"
              className={size === 'large' ? 'button primary' : 'button'}
              onClick={() => filesInput.current?.click()}
            >
              {t('evidence.chooseFiles')}
            </button>
            <button type="button" className="button" onClick={() => folderInput.current?.click()}>
              {t('evidence.chooseFolder')}
            </button>
          </div>
          {pasteHint && size === 'large' && <p className="hint small">{t('evidence.pasteHint')}</p>}
          <input
            ref={filesInput}
            type="file"
            multiple
            className="visually-hidden"
            tabIndex={-1}
            aria-label={t('evidence.fileInputLabel')}
            data-testid="evidence-file-input"
            onChange={(event) => {
              onChosen(event.currentTarget);
            }}
          />
          <input
            ref={folderInput}
            type="file"
            multiple
            className="visually-hidden"
            tabIndex={-1}
            aria-label={t('evidence.folderInputLabel')}
            onChange={(event) => {
              onChosen(event.currentTarget);
            }}
          />
        </div>
      )}
      {dragging && (
        <p className="drop-now" aria-hidden="true">
          {t('evidence.dropNow')}
        </p>
      )}
      {children}
    </div>
  );
}

function hasFiles(transfer: DataTransfer | null): boolean {
  return transfer !== null && Array.from(transfer.types).includes('Files');
}

function DropIcon() {
  return (
    <svg className="drop-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
      <path
        d="M24 6v24m0-24-8 8m8-8 8 8M8 28v10a4 4 0 0 0 4 4h24a4 4 0 0 0 4-4V28"
        fill="none"
        stroke="currentColor"
        strokeWidth="3"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
