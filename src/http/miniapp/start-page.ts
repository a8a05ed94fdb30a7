// Which page a group link opens: the startapp value is the group's signed token (start-token.ts)
// and, after it, an optional page: `-spending`, or `-spending-2026-10` for the spending page with
// that month's categories (the /summary button). The page part is not signed and needs no
// signature: it only picks what to show first, and the API checks the token and membership alone.
// Shared by the server (which makes the links) and the page (web/, which reads them): no imports.

export interface StartPage {
  page: 'spending';
  /** YYYY-MM: the month whose categories are shown first; null for all time. */
  month: string | null;
}

const PAGE = /-spending(?:-(\d{4}-(?:0[1-9]|1[0-2])))?$/;

/** The suffix for a page, appended to a group's token (Telegram allows A-Z a-z 0-9 _ -, 64 in all). */
export function startPageSuffix(page: StartPage): string {
  return page.month ? `-spending-${page.month}` : '-spending';
}

/** The page a startapp value names after its token, or null for the front page. */
export function startPageOf(startParam: string): StartPage | null {
  const match = PAGE.exec(startParam);
  return match ? { page: 'spending', month: match[1] ?? null } : null;
}
