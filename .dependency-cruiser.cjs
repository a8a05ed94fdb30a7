// The layer rules, checked by `npm run lint` (dependency-cruiser): the shape README's "Development"
// section describes, enforced by a tool instead of by habit. Paths are relative to the repository;
// packages appear as node_modules/<name>/... once resolved. Type-only imports count too
// (tsPreCompilationDeps), because a type import is still a dependency on the other layer's model.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'ledger-is-pure',
      comment:
        'src/ledger is the pure money core: it may import decimal.js and its own files, nothing else ' +
        '(no Telegram, no database, no Node I/O), so every rounding rule can be tested and reused alone.',
      severity: 'error',
      from: { path: '^src/ledger/' },
      to: { pathNot: ['^src/ledger/', '^node_modules/decimal\\.js/'] },
    },
    {
      name: 'commands-know-no-telegram-library-or-database',
      comment:
        'src/commands turns command text and entities into a typed intent, purely: it must not reach ' +
        'grammY, the database (our db/ and generated client, Prisma, pg, PGlite), the use cases or the ' +
        'bot, so the /paid grammar stays testable without any of them.',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: {
        path: [
          '^node_modules/(grammy|@grammyjs)/',
          '^node_modules/(@prisma|prisma|pg|pg-[^/]+|@electric-sql|pglite-prisma-adapter)/',
          '^src/(db|generated|usecases|bot)/',
        ],
      },
    },
    {
      name: 'bill-reading-is-pure',
      comment:
        'src/receipts turns OCR text into a bill (total, items, taxes) with no I/O, so it is tested on ' +
        'text alone: it may import the ledger (money) and itself only.',
      severity: 'error',
      from: { path: '^src/receipts/' },
      to: { pathNot: ['^src/receipts/', '^src/ledger/', '^node_modules/decimal\\.js/'] },
    },
    {
      name: 'the-ocr-engine-knows-no-bot-or-database',
      comment:
        'src/ocr runs the OCR engine and its limits; the bot calls it, and it must not reach back into ' +
        'the bot, grammY or the database.',
      severity: 'error',
      from: { path: '^src/ocr/' },
      to: {
        path: [
          '^node_modules/(grammy|@grammyjs)/',
          '^node_modules/(@prisma|prisma|pg|pg-[^/]+|@electric-sql|pglite-prisma-adapter)/',
          '^src/(db|generated|usecases|bot)/',
        ],
      },
    },
    {
      name: 'usecases-know-no-bot',
      comment:
        'Use cases are called by the bot, the export job and scripts alike; they must not depend on ' +
        'the bot or on grammY (no Telegram type in a use case), or the other callers would drag it in.',
      severity: 'error',
      from: { path: '^src/usecases/' },
      to: { path: ['^src/bot/', '^node_modules/(grammy|@grammyjs)/'] },
    },
    {
      name: 'database-only-through-use-cases',
      comment:
        'The bot, the HTTP handlers and the app parts reach the database only through use cases (and ' +
        'src/db for opening it): no Prisma client, generated model or driver there. Services carries ' +
        'the client to the use cases, so src/bot/context.ts alone may name its type.',
      severity: 'error',
      from: { path: '^src/(bot|http|app)/', pathNot: '^src/bot/context\\.ts$' },
      to: { path: ['^src/generated/', '^node_modules/(@prisma|prisma|pg|@electric-sql)/'] },
    },
    {
      name: 'nothing-outside-test-imports-test',
      comment:
        'test/ depends on the code, never the other way: what the sandbox and benches share with the ' +
        'tests (the Bot API emulator, a fresh database, s3rver) lives in src/testing.',
      severity: 'error',
      from: { path: '^(src|sandbox|bench|jobs|scripts)/' },
      to: { path: '^test/' },
    },
    {
      name: 'the-bot-does-not-load-test-doubles',
      comment:
        'src/testing holds test doubles built on devDependencies (s3rver); the running bot must never ' +
        'import them, only tests, the sandbox and benches may.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/testing/' },
      to: { path: '^src/testing/' },
    },
    {
      name: 'no-unresolvable-imports',
      comment:
        'An import the cruiser cannot resolve has no path, so every rule above would silently let it ' +
        'through; a misspelt or missing module must fail here rather than pass unchecked.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Not followed, but still seen as targets, so the rules above catch an import of them.
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
