/**
 * Chart colours from VS Code's theme variables (light, dark, high contrast). Read at draw time and
 * again when the body's theme class changes, so charts follow a theme switch without reloading.
 */
export interface ThemeColours {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  highContrast: boolean;
  series: string[];
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

export function themeColours(): ThemeColours {
  const cls = document.body.classList;
  const dark = cls.contains('vscode-dark') || cls.contains('vscode-high-contrast') && !cls.contains('vscode-high-contrast-light');
  const highContrast = cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light');
  const fg = cssVar('--vscode-editor-foreground', dark ? '#cccccc' : '#333333');
  return {
    foreground: fg,
    muted: cssVar('--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    grid: highContrast ? cssVar('--vscode-contrastBorder', fg) : cssVar('--vscode-editorWidget-border', dark ? 'rgba(255,255,255,0.12)' : 'rgba(0,0,0,0.1)'),
    background: cssVar('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    font: cssVar('--vscode-font-family', 'system-ui, sans-serif'),
    highContrast,
    series: [
      cssVar('--vscode-charts-blue', '#3794ff'), cssVar('--vscode-charts-orange', '#d18616'),
      cssVar('--vscode-charts-green', '#89d185'), cssVar('--vscode-charts-red', '#f14c4c'),
      cssVar('--vscode-charts-purple', '#b180d7'), cssVar('--vscode-charts-yellow', '#cca700'),
      // Beyond VS Code's six chart colours (10-member ensembles), fixed extra hues.
      '#17becf', '#e377c2', '#8c564b', '#7f7f7f', '#bcbd22', '#1f77b4',
    ],
  };
}

/** Calls `fn` when VS Code switches theme (it rewrites the body's class list). */
export function onThemeChange(fn: () => void): void {
  new MutationObserver(fn).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
