/**
 * `true` only in test builds (`node esbuild.mjs --test-hooks`, the unit tests' own bundles): code under
 * `if (TEST_HOOKS)` lets tests reach internals (crash the analysis worker, read the sidebar's state) and is
 * dropped from the production bundles and the VSIX (scripts/check-package.mjs checks that it is gone).
 */
declare const TEST_HOOKS: boolean;
