/** Vitest global setup: one line when the browser checks of the HTML export cannot run here. */
import { CHROMIUM, RUN_BROWSER_CHECKS } from '../support/chromium.js';

export function setup(): void {
  if (!RUN_BROWSER_CHECKS) {
    process.stderr.write(
      `\nwarroom tests: no Chromium at ${CHROMIUM}, so the HTML export's browser checks are skipped. To run them: apt-get install chromium (or set CHROMIUM_PATH). Under CI=true they fail instead.\n\n`,
    );
  }
}
