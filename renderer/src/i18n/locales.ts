// Each language is one tree: the common texts in <lang>.json, and each feature's texts in
// <lang>/<feature>.json under that feature's key (t('timeline.…'), t('steps.…')), so features can
// grow their words without touching each other's files.
import enBase from './en.json';
import enBackup from './en/backup.json';
import enExport from './en/export.json';
import enSteps from './en/steps.json';
import enTimeline from './en/timeline.json';
import enVault from './en/vault.json';
import enVaultAway from './en/vault-away.json';
import enViewer from './en/viewer.json';
import hiBase from './hi.json';
import hiBackup from './hi/backup.json';
import hiExport from './hi/export.json';
import hiSteps from './hi/steps.json';
import hiTimeline from './hi/timeline.json';
import hiVault from './hi/vault.json';
import hiVaultAway from './hi/vault-away.json';
import hiViewer from './hi/viewer.json';

export const en = {
  ...enBase,
  timeline: enTimeline,
  viewer: enViewer,
  steps: enSteps,
  export: enExport,
  vaultWarnings: enVault,
  vaultAway: enVaultAway,
  backup: enBackup,
};
export const hi = {
  ...hiBase,
  timeline: hiTimeline,
  viewer: hiViewer,
  steps: hiSteps,
  export: hiExport,
  vaultWarnings: hiVault,
  vaultAway: hiVaultAway,
  backup: hiBackup,
};
