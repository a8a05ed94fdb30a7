import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure code (no database, network or child process) and runs in seconds;
// `integration` is everything else, on a real database (PGlite, or PostgreSQL when
// TEST_DATABASE_URL is set). `npm test` runs both; `npm run test:unit` / `test:integration` one.
const unit = [
  'test/ledger/**/*.test.ts',
  'test/commands/**/*.test.ts',
  'test/config/**/*.test.ts',
  'test/export/csv.test.ts',
  'test/export/original-amount.test.ts',
  'test/sandbox/render.test.ts',
  'test/bot/**/*.test.ts',
  'test/structure/**/*.test.ts',
  'test/receipts/read-bill.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two workers match the 2-core machines we run on.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: unit, pool: 'threads' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: unit,
          // Each file gets its own database, copied from one migrated in the global setup.
          pool: 'forks',
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
