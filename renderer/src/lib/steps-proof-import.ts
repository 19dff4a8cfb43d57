// Proof taken on the spot for a step (a screenshot of the portal's acknowledgement, say): the chosen
// files go through the same import as the Evidence tab, and the ids of what arrived (new, or
// already in the vault) come back to be linked to the step.
import type { SakshyaApi } from '../api/page-api';
import type { ErrorCode } from '../../../shared/errors';

export type ProofImportResult =
  { ok: true; evidenceIds: string[] } | { ok: false; code: ErrorCode };

export async function importProofFiles(
  api: SakshyaApi,
  caseId: string,
  files: File[],
): Promise<ProofImportResult> {
  const paths = api.files?.pathsFor?.(files).filter((found) => found !== '') ?? [];
  const uploadIds: string[] = [];
  if (paths.length === 0) {
    const upload = api.files?.upload;
    if (upload === undefined) return { ok: false, code: 'FILE_UNREADABLE' };
    for (const file of files) {
      const sent = await upload(file, file.name);
      if (!sent.ok) return { ok: false, code: sent.error.code };
      uploadIds.push(sent.value.uploadId);
    }
  }
  const result = await api.evidence.import({
    caseId,
    ...(paths.length > 0 ? { paths } : { uploadIds }),
    provenance: { kind: 'captured-by-me', note: 'added as proof of a step' },
  });
  if (!result.ok) return { ok: false, code: result.error.code };
  const evidenceIds = result.value.results.flatMap((item) =>
    (item.status === 'imported' || item.status === 'duplicate') && item.evidenceId !== null
      ? [item.evidenceId]
      : [],
  );
  if (evidenceIds.length === 0) return { ok: false, code: 'FILE_UNREADABLE' };
  return { ok: true, evidenceIds };
}
