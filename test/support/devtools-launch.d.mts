import type { Browser, Frame, Page } from 'puppeteer-core';

export const CHROMIUM_PATH: string;
export const QUIET_FLAGS: string[];

export function panelId(extensionId: string): string;

export function launchExtensionBrowser(options: {
  extensionDir: string;
  executablePath?: string;
  headless?: boolean;
  noSandbox?: boolean;
  defaultViewport?: { width: number; height: number } | null;
  args?: string[];
}): Promise<{ browser: Browser; extensionId: string }>;

export function showPanel(
  page: Page,
  extensionId: string,
  options?: { timeout?: number },
): Promise<{ devtools: Page; frame: Frame }>;

export function undockDevTools(devtools: Page): Promise<void>;
