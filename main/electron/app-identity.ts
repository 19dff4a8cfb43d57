// Windows ties notifications (the deadline reminders) and the taskbar entry to an Application
// User Model ID; it must be the `appId` the installer registers in its Start-menu shortcut
// (electron-builder.yml), or Windows silently drops the notifications. A test keeps the two equal.

export const APP_USER_MODEL_ID = 'in.sakshya.app';

/** Electron's app has setAppUserModelId; a shell that lacks it (the fake) is left as it is. */
export function setAppIdentity(app: object, platform: NodeJS.Platform): void {
  if (platform !== 'win32' || !('setAppUserModelId' in app)) return;
  const set = app.setAppUserModelId;
  if (typeof set === 'function') set.call(app, APP_USER_MODEL_ID);
}
