/**
 * Where the browser checks find Chromium (Debian's package, or CHROMIUM_PATH), and whether they run:
 * on a machine without it they are skipped (the suite says so once, in test/setup/chromium.ts), except
 * under CI=true, where a missing browser is a failure.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Run the browser checks: there is a browser, or CI insists (and then fails without one). */
export const RUN_BROWSER_CHECKS = HAS_CHROMIUM || process.env.CI === 'true';
