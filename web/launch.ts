// How Telegram starts a Mini App: launch parameters in the URL's fragment (tgWebAppData, the signed
// initData with start_param; tgWebAppThemeParams, the client's colours), as Telegram's own script
// reads them. Kept for the tab's session, so a reload still works. The theme becomes CSS variables,
// with colours nudged where needed so text stays readable (WCAG AA contrast).

export interface Launch {
  initData: string | null;
  startParam: string | null;
}

const STORE_KEY = 'hisaab.launch';

export function readLaunch(): Launch {
  const hash = new URLSearchParams(location.hash.slice(1));
  let initData = hash.get('tgWebAppData');
  let theme = hash.get('tgWebAppThemeParams');
  try {
    if (initData) sessionStorage.setItem(STORE_KEY, JSON.stringify({ initData, theme }));
    else {
      const kept = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? 'null') as {
        initData?: string;
        theme?: string;
      } | null;
      initData = kept?.initData ?? null;
      theme = kept?.theme ?? theme;
    }
  } catch {
    // storage may be off (private mode): the fragment alone is enough for this load
  }
  applyTheme(theme);
  const startParam = initData ? new URLSearchParams(initData).get('start_param') : null;
  return { initData, startParam: startParam || hash.get('tgWebAppStartParam') };
}

type Rgb = [number, number, number];

function rgb(hex: string): Rgb | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) return null;
  const n = Number.parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const hex = (c: Rgb) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

/** `fg` moved toward `toward` until it reads on `bg` at `ratio` (or reaches `toward`). */
function readable(fg: Rgb, bg: Rgb, toward: Rgb, ratio = 4.6): Rgb {
  let c = fg;
  for (let t = 0.1; contrast(c, bg) < ratio && t <= 1.0001; t += 0.1)
    c = fg.map((v, i) => v + ((toward[i] ?? v) - v) * t) as Rgb;
  return c;
}

function applyTheme(raw: string | null): void {
  let params: Record<string, unknown> = {};
  try {
    params = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    params = {};
  }
  const color = (key: string) => (typeof params[key] === 'string' ? rgb(params[key] as string) : null);
  const bg = color('bg_color');
  if (!bg) return; // no theme: the stylesheet follows the system's light or dark
  const dark = luminance(bg) < 0.2;
  const fallbackText: Rgb = dark ? [255, 255, 255] : [0, 0, 0];
  const text = readable(color('text_color') ?? fallbackText, bg, fallbackText, 7);
  const section = color('secondary_bg_color') ?? bg;
  const vars: Record<string, Rgb> = {
    bg,
    text,
    section,
    hint: readable(color('hint_color') ?? text, bg, text),
    link: readable(color('link_color') ?? text, bg, text),
    accent: readable(color('accent_text_color') ?? color('link_color') ?? text, bg, text, 3.2),
    button: color('button_color') ?? text,
    destructive: readable(color('destructive_text_color') ?? [204, 40, 40], bg, text),
  };
  const button = vars.button as Rgb;
  const white: Rgb = [255, 255, 255];
  const black: Rgb = [0, 0, 0];
  const onButton = contrast(white, button) >= contrast(black, button) ? white : black;
  vars.buttonText = readable(color('button_text_color') ?? onButton, button, onButton);
  const style = document.documentElement.style;
  for (const [name, value] of Object.entries(vars)) style.setProperty(`--${name}`, hex(value));
  document.documentElement.dataset.scheme = dark ? 'dark' : 'light';
}

/** Tells the Telegram client the page is ready (it then removes its placeholder), where there is one. */
export function tellTelegramReady(): void {
  const w = window as unknown as {
    TelegramWebviewProxy?: { postEvent(type: string, data: string): void };
    external?: { notify?(data: string): void };
  };
  const message = JSON.stringify({ eventType: 'web_app_ready', eventData: {} });
  try {
    if (w.TelegramWebviewProxy) w.TelegramWebviewProxy.postEvent('web_app_ready', '{}');
    else if (typeof w.external?.notify === 'function') w.external.notify(message);
    else if (window.parent !== window) window.parent.postMessage(message, 'https://web.telegram.org');
  } catch {
    // outside Telegram (a browser, a test) there is nobody to tell
  }
}
