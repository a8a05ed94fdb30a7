// The Mini App as built: within its weight budget (150 KB gzipped, printed), and a page that loads
// only files of its own: no inline script or style, nothing from another host.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUDGET_BYTES, buildMiniApp } from '../../scripts/build-miniapp.mjs';

describe('the Mini App bundle', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('weighs at most 150 KB gzipped and loads nothing inline or from elsewhere', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hisaab-miniapp-'));
    dirs.push(dir);
    const { files, gzipped } = await buildMiniApp(dir);
    console.info(
      `Mini App weight: ${(gzipped / 1024).toFixed(1)} KB gzipped (${files.map((f) => `${f.name} ${(f.gzipped / 1024).toFixed(1)} KB`).join(', ')})`,
    );
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son\w+=/);
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toHaveLength(2);
    for (const source of sources) expect(source).toMatch(/^\/app\/[\w-]+\.(js|css)$/);
  });
});
