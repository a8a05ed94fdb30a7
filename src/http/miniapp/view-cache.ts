// The Mini App's group pages that are the same for every member (the overview, spending), kept per
// group and keyed by the group's view version (Group.viewVersion, moved by the database whenever
// what they show changes): computed once however many people open the app, answered 304 to a
// client that already has that version (its ETag). Bounded: the least recently asked pages go.
import { createHash } from 'node:crypto';

const MAX_PAGES = 500;

export interface CachedPage {
  etag: string;
  body: string;
}

export class ViewCache {
  private readonly pages = new Map<string, { version: number; page: Promise<CachedPage> }>();

  /**
   * The page `key` of a group at `version`: the one computed for that version, or `compute`d now
   * (once, when many ask at the same moment). A failure is not kept.
   */
  get(key: string, version: number, compute: () => Promise<unknown>): Promise<CachedPage> {
    const hit = this.pages.get(key);
    if (hit && hit.version === version) {
      this.pages.delete(key);
      this.pages.set(key, hit);
      return hit.page;
    }
    const page = compute().then((value) => {
      const body = JSON.stringify(value);
      const digest = createHash('sha1')
        .update(key)
        .update('\0')
        .update(body)
        .digest('base64url')
        .slice(0, 16);
      return { etag: `"v${version}-${digest}"`, body };
    });
    const entry = { version, page };
    this.pages.set(key, entry);
    page.catch(() => {
      if (this.pages.get(key) === entry) this.pages.delete(key);
    });
    while (this.pages.size > MAX_PAGES) {
      const oldest = this.pages.keys().next().value as string;
      this.pages.delete(oldest);
    }
    return page;
  }
}

/** Whether the client's If-None-Match names this ETag. */
export function notModified(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string') return false;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
