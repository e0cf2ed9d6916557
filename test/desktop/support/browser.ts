import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { REPOSITORY } from '../../support/cli';

/** Debian's Chromium (apt install chromium): playwright-core drives it; nothing is downloaded. */
export const CHROMIUM = process.env.HINDSIGHT_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumAvailable = (): boolean => process.env.HINDSIGHT_CHROMIUM_AVAILABLE === '1';

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the page's CSP (rightly) refuses an injected <script>.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // The page's globals, typed here: this file is compiled without the DOM library.
    const scope = globalThis as unknown as {
      axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
      document: unknown;
    };
    return (await scope.axe.run(scope.document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${JSON.stringify(violation.nodes.map((node) => node.target))})`,
    );
}

/**
 * Screenshots for the README: written to docs/desktop only when HINDSIGHT_UPDATE_SCREENSHOTS=1 (their content
 * depends on "now", so `npm test` never dirties the tree) by the run that publishes (one engine); else to an
 * ignored directory.
 */
export async function screenshot(page: Page, name: string, publish: boolean): Promise<void> {
  const update = publish && process.env.HINDSIGHT_UPDATE_SCREENSHOTS === '1';
  const directory = update
    ? join(REPOSITORY, 'docs', 'desktop')
    : join(REPOSITORY, '.cache', 'desktop-screenshots', publish ? '' : 'other');
  if (!existsSync(directory)) mkdirSync(directory, { recursive: true });
  await page.screenshot({ path: join(directory, `${name}.png`), fullPage: false });
}
