// Windows ties notifications (the deadline reminders) and the taskbar entry to an Application
// User Model ID; it must be the `appId` the installer registers in its Start-menu shortcut
// (electron-builder.yml), or Windows silently drops the notifications. A test keeps the two equal.

export const APP_USER_MODEL_ID = 'in.sakshya.app';

export interface AppIdentityHost {
  setAppUserModelId?(id: string): void;
}

export function setAppIdentity(app: AppIdentityHost, platform: NodeJS.Platform): void {
  if (platform === 'win32') app.setAppUserModelId?.(APP_USER_MODEL_ID);
}
