// Notes and tags on one item: shown as text, edited in place. Tags are typed as a comma-separated
// list because that is what people already do in a phone's notes; the core trims and de-duplicates.
import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceDetails } from '../../../../shared/contract/viewer';
import type { ErrorCode } from '../../../../shared/errors';
import { useApi } from '../../api/api-context';
import { useFocusOnMount } from '../../lib/use-focus-on-mount';
import { ProblemNote } from '../ProblemNote';

interface Props {
  details: EvidenceDetails;
  onSaved: (updated: EvidenceDetails) => void;
}

export function NotesEditor({ details, onSaved }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <div className="viewer-notes">
      {editing ? (
        <NotesForm
          details={details}
          onDone={(updated) => {
            setEditing(false);
            if (updated !== null) onSaved(updated);
          }}
        />
      ) : (
        <>
          <p className="prewrap">
            {details.notes === '' ? (
              <span className="muted">{t('viewer.notes.empty')}</span>
            ) : (
              details.notes
            )}
          </p>
          {details.tags.length === 0 ? (
            <p className="muted">{t('viewer.notes.noTags')}</p>
          ) : (
            <ul className="viewer-tags" aria-label={t('viewer.notes.tagsLabel')}>
              {details.tags.map((tag) => (
                <li key={tag}>{tag}</li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="button"
            onClick={() => {
              setEditing(true);
            }}
          >
            {t('viewer.notes.edit')}
          </button>
        </>
      )}
    </div>
  );
}

function NotesForm({
  details,
  onDone,
}: {
  details: EvidenceDetails;
  onDone: (updated: EvidenceDetails | null) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const notesRef = useFocusOnMount<HTMLTextAreaElement>();
  const [notes, setNotes] = useState(details.notes);
  const [tags, setTags] = useState(details.tags.join(', '));
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ErrorCode | null>(null);

  const save = async (): Promise<void> => {
    setSaving(true);
    setFailure(null);
    const result = await api.evidence.setNotes({
      evidenceId: details.id,
      notes,
      tags: tags
        .split(/[,،]/)
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ''),
    });
    setSaving(false);
    if (result.ok) onDone(result.value);
    else setFailure(result.error.code);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onDone(null);
    }
  };

  return (
    <form
      className="viewer-notes-form"
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-notes`}>{t('viewer.notes.notes')}</label>
        <textarea
          ref={notesRef}
          id={`${id}-notes`}
          rows={4}
          maxLength={10_000}
          value={notes}
          onChange={(event) => {
            setNotes(event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-tags`}>{t('viewer.notes.tags')}</label>
        <input
          id={`${id}-tags`}
          type="text"
          value={tags}
          aria-describedby={`${id}-tags-hint`}
          onChange={(event) => {
            setTags(event.target.value);
          }}
        />
        <p id={`${id}-tags-hint`} className="hint">
          {t('viewer.notes.tagsHint')}
        </p>
      </div>
      <ProblemNote problem={failure === null ? null : { code: failure }} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? t('viewer.notes.saving') : t('viewer.notes.save')}
        </button>
        <button
          type="button"
          className="button"
          disabled={saving}
          onClick={() => {
            onDone(null);
          }}
        >
          {t('viewer.notes.cancel')}
        </button>
      </div>
    </form>
  );
}
