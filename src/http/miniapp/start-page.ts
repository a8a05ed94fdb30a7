// Which page a group link opens: the startapp value is the group's signed token (start-token.ts)
// and, after it, an optional page: `-spending`, or `-spending-2026-10` for the spending page with
// that month's categories (the /summary button); `-bill`, or `-bill-<scan>` for the Split a bill
// page filled in from a bill photo that was read (the photo offer's Split by items). The page part
// is not signed and needs no signature: it only picks what to show first, and the API checks the
// token and membership alone (and a scan's owner: only the photo's sender gets its lines).
// Shared by the server (which makes the links) and the page (web/, which reads them): no imports.

export type StartPage =
  | {
      page: 'spending';
      /** YYYY-MM: the month whose categories are shown first; null for all time. */
      month: string | null;
    }
  | {
      page: 'bill';
      /** The bill photo's scan whose lines fill the page in; null for an empty page. */
      scan: number | null;
    };

const SPENDING = /-spending(?:-(\d{4}-(?:0[1-9]|1[0-2])))?$/;
const BILL = /-bill(?:-([0-9a-z]{1,8}))?$/;

/** The suffix for a page, appended to a group's token (Telegram allows A-Z a-z 0-9 _ -, 64 in all). */
export function startPageSuffix(page: StartPage): string {
  if (page.page === 'bill') return page.scan ? `-bill-${page.scan.toString(36)}` : '-bill';
  return page.month ? `-spending-${page.month}` : '-spending';
}

/** The page a startapp value names after its token, or null for the front page. */
export function startPageOf(startParam: string): StartPage | null {
  const spending = SPENDING.exec(startParam);
  if (spending) return { page: 'spending', month: spending[1] ?? null };
  const bill = BILL.exec(startParam);
  if (!bill) return null;
  const scan = bill[1] === undefined ? null : Number.parseInt(bill[1], 36);
  return { page: 'bill', scan: scan !== null && Number.isSafeInteger(scan) && scan > 0 ? scan : null };
}
