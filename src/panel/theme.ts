/**
 * The panel's colour theme, decided in one place: DevTools' own theme when the panel runs
 * inside DevTools (Chrome `chrome.devtools.panels.themeName` 'default' | 'dark'; Firefox
 * `browser.devtools.panels.themeName` 'light' | 'dark'), else the
 * system's `prefers-color-scheme` (the pop-out and the standalone viewer). The result is
 * `<html data-theme="light|dark">`; panel.css keys its colours on it. A change of DevTools'
 * theme is followed live (Firefox `onThemeChanged`, Chrome `setThemeChangeHandler`).
 */
import { signal } from '@preact/signals';

export type Theme = 'light' | 'dark';

/** The theme in effect (for code that paints, such as the timeline's canvas). */
export const theme = signal<Theme>('light');

interface DevtoolsPanelsApi {
  themeName?: string;
  /** Firefox. */
  onThemeChanged?: { addListener(cb: (name: string) => void): void };
  /** Chrome (one handler per panel page). */
  setThemeChangeHandler?: (cb: (name: string) => void) => void;
}

/** Maps a DevTools theme name to ours ('default' is Chrome's light theme). */
export function themeFromName(name: string | undefined | null): Theme | null {
  if (name === 'dark') return 'dark';
  if (name === 'light' || name === 'default') return 'light';
  return null;
}

/** Applies a theme to the document. */
export function setTheme(next: Theme): void {
  theme.value = next;
  document.documentElement.dataset.theme = next;
}

function devtoolsPanels(): DevtoolsPanelsApi | null {
  const g = globalThis as unknown as {
    browser?: { devtools?: { panels?: DevtoolsPanelsApi } };
    chrome?: { devtools?: { panels?: DevtoolsPanelsApi } };
  };
  // Firefox's own `browser` first (it has onThemeChanged), then Chrome's `chrome`.
  return g.browser?.devtools?.panels ?? g.chrome?.devtools?.panels ?? null;
}

/** Starts following DevTools' theme, or the system's when there is no DevTools. */
export function initTheme(): void {
  const panels = devtoolsPanels();
  const fromDevtools = themeFromName(panels?.themeName);
  if (panels && fromDevtools) {
    setTheme(fromDevtools);
    const follow = (name: string): void => {
      const next = themeFromName(name);
      if (next) setTheme(next);
    };
    if (panels.onThemeChanged) panels.onThemeChanged.addListener(follow);
    else panels.setThemeChangeHandler?.(follow);
    return;
  }
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  setTheme(media?.matches ? 'dark' : 'light');
  media?.addEventListener('change', (e) => setTheme(e.matches ? 'dark' : 'light'));
}
