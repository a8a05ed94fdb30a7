// Types for scripts/build-miniapp.mjs, which tests call to build the page fresh.
export const BUDGET_BYTES: number;
export function buildMiniApp(outDir?: string): Promise<{
  files: { name: string; bytes: number; gzipped: number }[];
  gzipped: number;
  budget: number;
}>;
