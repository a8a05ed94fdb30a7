// Biome holds every function in src/ and web/ to at most 70 lines and a cognitive complexity of 25
// (biome.json). The functions that were over when the rules came in carry a biome-ignore comment
// each; this list is theirs, and it may only shrink: a new long or tangled function fails here (and
// in the lint) instead of joining it. Split one, and remove its line below.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** file → how many suppressions of the two rules it may hold. */
const ALLOWED: Readonly<Record<string, number>> = {
  'src/bot/features/guided-paid.ts': 1,
  'src/bot/features/splitwise-import.ts': 1,
  'src/bot/reminder-runner.ts': 1,
  'src/bot/sender.ts': 1,
  'src/bot/update-processor.ts': 2,
  'src/commands/paid/people.ts': 1,
  'src/export/service.ts': 1,
  'src/http/miniapp/api.ts': 1,
  'src/ledger/settle-up-plan.ts': 1,
  'src/testing/telegram-html.ts': 1,
  'src/usecases/import-splitwise.ts': 2,
  'src/usecases/members.ts': 1,
  'src/usecases/record-expense.ts': 2,
  'src/usecases/revise-expense.ts': 2,
  'web/charts.ts': 1,
  'web/main.ts': 1,
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name).slice(ROOT.length + 1))
    .filter((path) => !path.startsWith('src/generated/'));
}

describe('the exceptions to the function size and complexity rules', () => {
  it('only shrink: no file holds more suppressions than the list allows', async () => {
    const found: Record<string, number> = {};
    for (const file of [...(await sourceFiles('src')), ...(await sourceFiles('web'))]) {
      const text = await readFile(join(ROOT, file), 'utf8');
      const count =
        text.match(/biome-ignore lint\/complexity\/noExcessive(LinesPerFunction|CognitiveComplexity)/g)
          ?.length ?? 0;
      if (count > 0) found[file] = count;
    }
    const over = Object.entries(found).filter(([file, count]) => count > (ALLOWED[file] ?? 0));
    expect(over).toEqual([]);
  });

  it('keeps both rules on for src/ and web/', async () => {
    const config = JSON.parse(await readFile(join(ROOT, 'biome.json'), 'utf8')) as {
      overrides?: {
        includes?: string[];
        linter?: { rules?: { complexity?: Record<string, { level: string }> } };
      }[];
    };
    const rules = config.overrides?.find((o) => o.includes?.includes('src/**'))?.linter?.rules?.complexity;
    expect(rules?.noExcessiveLinesPerFunction?.level).toBe('error');
    expect(rules?.noExcessiveCognitiveComplexity?.level).toBe('error');
  });
});
