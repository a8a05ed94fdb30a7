// Part of the build (`npm run build`, run by `npm install`): bundles the Mini App (web/) with esbuild
// into dist/miniapp: one script and one stylesheet with their content hash in their names, and the
// page that loads them. No CDN, nothing inline (the page's CSP allows neither). Prints the gzipped
// weight and fails when it passes the budget (150 KB).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const BUDGET_BYTES = 150 * 1024;
const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds into `outDir` (default dist/miniapp); returns each file's size and gzipped size. */
export async function buildMiniApp(outDir = join(root, 'dist/miniapp')) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(root, 'web/main.ts'), join(root, 'web/style.css')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020'],
    entryNames: '[name]-[hash]',
    outdir: outDir,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const script = outputs.find((n) => n.endsWith('.js'));
  const style = outputs.find((n) => n.endsWith('.css'));
  const template = await readFile(join(root, 'web/index.html'), 'utf8');
  await writeFile(
    join(outDir, 'index.html'),
    template.replace('%SCRIPT%', `/app/${script}`).replace('%STYLE%', `/app/${style}`),
  );
  const files = [];
  for (const name of ['index.html', script, style]) {
    const body = await readFile(join(outDir, name));
    files.push({ name, bytes: body.length, gzipped: gzipSync(body, { level: 9 }).length });
  }
  const gzipped = files.reduce((sum, f) => sum + f.gzipped, 0);
  return { files, gzipped, budget: BUDGET_BYTES };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { files, gzipped } = await buildMiniApp();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const detail = files.map((f) => `${f.name} ${kb(f.gzipped)}`).join(', ');
  process.stdout.write(`Mini App: ${kb(gzipped)} gzipped of ${kb(BUDGET_BYTES)} (${detail})\n`);
  if (gzipped > BUDGET_BYTES) {
    process.stderr.write('The Mini App is heavier than its budget of 150 KB gzipped.\n');
    process.exit(1);
  }
}
