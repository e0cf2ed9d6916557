import type { ChildProcess } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { finished, readyLine, runCli, startCli } from '../support/cli';
import { createTestStore, TEST_ENGINES, type TestStore } from '../support/stores';
import { chromiumAvailable, launchChromium, screenshot, seriousAccessibilityViolations } from './support/browser';

/**
 * The agent desktop as an agent uses it: a real `serve` on the demo data, the built page in headless Chromium.
 * Never waits for "network idle": the live-updates stream is never idle; every wait is on what the page shows.
 */
const SECRET = 'agent-desktop-e2e-secret-long-enough-for-hs256';
const CALLER = '+33612340000';
const WORKSPACE = 'acme-fr';
const run = chromiumAvailable() ? describe.each(TEST_ENGINES()) : describe.skip.each(TEST_ENGINES());

/** The page's globals, typed here: the Node program has no DOM library (casts only: callbacks run in the page). */
interface PageGlobals {
  document: {
    documentElement: { lang: string; scrollWidth: number };
    activeElement: { id: string; getAttribute(name: string): string | null } | null;
  };
  innerHeight: number;
  getComputedStyle(element: unknown): { backgroundColor: string };
  notReloaded?: boolean;
}

let sequence = 0;
const event = (type: string, data: Record<string, unknown>) => ({
  specversion: '1.0',
  id: `desktop-e2e-${process.pid}-${++sequence}`,
  source: 'urn:desktop-e2e',
  type,
  time: new Date().toISOString(),
  datacontenttype: 'application/json',
  data: { workspaceId: WORKSPACE, ...data },
});

/** Waits until the agent is configured and the caller's sessions are projected: the page reads them once. */
async function caughtUp(base: string, token: string): Promise<void> {
  const read = async (path: string) => {
    const response = await fetch(`${base}/v1/workspaces/${WORKSPACE}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return response.ok ? ((await response.json()) as { sessions?: unknown[] }) : undefined;
  };
  for (let waited = 0; waited < 60_000; waited += 200) {
    if ((await read('/me')) && ((await read(`/contacts/${encodeURIComponent(CALLER)}/sessions`))?.sessions?.length ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the demo was never projected');
}

run('the agent desktop in Chromium (%s)', (engine) => {
  jest.setTimeout(120_000);
  let store: TestStore;
  let server: ChildProcess;
  let exited: Promise<unknown>;
  let base: string;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  const problems: string[] = [];
  const environment = { HINDSIGHT_JWT_SECRET: SECRET };

  const mint = async (...args: string[]) => {
    const minted = await runCli(['token', ...args], { env: environment });
    expect(minted.code).toBe(0);
    return minted.stdout.trim();
  };

  async function ingest(events: unknown[]): Promise<void> {
    const response = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents-batch+json', authorization: `Bearer ${tokens.platform}` },
      body: JSON.stringify(events),
    });
    expect(response.status).toBe(200);
  }

  /** A page in a fresh context (own sessionStorage), its console errors and CSP refusals collected. */
  async function open(options: { locale?: string; width?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      locale: options.locale ?? 'fr-FR',
      viewport: { width: options.width ?? 1280, height: 800 },
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      // Chromium logs 4xx answers as failed loads: NO_INSIGHTS (404) and a refused token (401) are expected here.
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    return { context, page };
  }

  const signedInAs = (token: string, query = '') => `${base}/${query}#token=${token}`;

  beforeAll(async () => {
    store = await createTestStore(engine);
    const loaded = await runCli(['demo', '--store', store.url], { env: environment });
    expect(loaded.code).toBe(0);
    server = startCli(['serve', '--store', store.url, '--http-port', '0', '--grpc-port', '0'], {
      ...environment,
      HINDSIGHT_GRPC_WARMUP_CALLS: '0',
    });
    exited = finished(server);
    base = (await readyLine(server)).http!;
    tokens.camille = await mint('--user', 'acme-fr-camille', '--workspace', WORKSPACE);
    tokens.dominique = await mint('--user', 'acme-fr-dominique', '--workspace', WORKSPACE);
    tokens.platform = await mint('--user', 'desktop-e2e', '--scope', 'events:write');
    // serve is ready before its projector has caught up with the demo's events (slower on PostgreSQL).
    await caughtUp(base, tokens.camille);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (server?.exitCode === null) {
      server.kill('SIGTERM');
      await exited;
    }
    await store?.cleanup();
  });

  afterEach(() => {
    // No script error and no CSP refusal on any page (the CSP allows same-origin scripts and styles only).
    const seen = problems.splice(0);
    expect(seen).toEqual([]);
  });

  it('signs in from the URL fragment, shows who is signed in, and takes the token out of the URL', async () => {
    const { context, page } = await open();
    await page.goto(signedInAs(tokens.camille));
    const banner = page.getByRole('banner');
    await banner.getByText('Camille', { exact: false }).waitFor();
    expect(await banner.textContent()).toMatch(/acme-fr.*AI Assist Pro/);
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang)).toBe('fr');
    await context.close();
  });

  it('finds a French caller typed in a common format and shows their session cards, coloured and labelled', async () => {
    const { context, page } = await open();
    await page.goto(signedInAs(tokens.camille));
    await page.getByLabel('Numéro de téléphone, e-mail ou identifiant du contact').fill('06 12 34 00 00');
    await page.getByRole('button', { name: 'Ouvrir' }).click();
    await page.getByRole('heading', { name: `Contact ${CALLER}` }).waitFor();
    const cards = page.locator('.session-card');
    await cards.first().waitFor();
    // Grey cards are wrapped up, white ones ended before a code (by the agent, in the demo): each says so in words, not only in colour.
    for (const [tone, label] of [
      ['wrapped-up', 'Inactif'],
      ['ended', 'Terminé'],
    ] as const) {
      const card = page.locator(`.session-card.tone-${tone}`).first();
      await card.waitFor();
      expect(await card.locator('.tone-label').textContent()).toBe(label);
      expect(await card.evaluate((element) => (globalThis as unknown as PageGlobals).getComputedStyle(element).backgroundColor)).toBe(
        tone === 'wrapped-up' ? 'rgb(227, 229, 232)' : 'rgb(255, 255, 255)',
      );
    }
    expect(page.url()).toContain(`?contact=${encodeURIComponent(CALLER)}`);
    await page.locator('.timeline-item').first().waitFor();
    await screenshot(page, 'contact-view-fr', engine === 'sqlite');
    await context.close();
  });

  it('finds a contact by e-mail once an event links the address to them', async () => {
    await ingest([event('contact.identified', { contactId: 'acme-fr-contact-0', phone: CALLER, email: 'Contact.Zero@Example.org' })]);
    // Projection is asynchronous: the page is opened once the API knows the address.
    for (let waited = 0; ; waited += 100) {
      const answer = await fetch(`${base}/v1/workspaces/${WORKSPACE}/contacts/contact.zero%40example.org/timeline?limit=1`, {
        headers: { authorization: `Bearer ${tokens.camille}` },
      });
      if (((await answer.json()) as { items?: unknown[] }).items?.length) break;
      if (waited > 10_000) throw new Error('the e-mail address was never linked');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { context, page } = await open();
    await page.goto(signedInAs(tokens.camille));
    await page.getByLabel('Numéro de téléphone, e-mail ou identifiant du contact').fill('contact.zero@example.org');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Contact contact.zero@example.org' }).waitFor();
    // The same person as by phone: the demo caller's sessions and interactions.
    await page.locator('.session-card.tone-wrapped-up').first().waitFor();
    await page.locator('.timeline-item').first().waitFor();
    await context.close();
  });

  it('opens a softphone deep link straight on the contact, generates insights, and a source chip highlights its interaction', async () => {
    const { context, page } = await open();
    await page.goto(signedInAs(tokens.camille, `?contact=${encodeURIComponent(CALLER)}`));
    await page.getByRole('heading', { name: `Contact ${CALLER}` }).waitFor();
    expect(page.url()).toMatch(/\?contact=%2B33612340000$/);
    await page.getByText("Pas encore d'insights pour ce contact.").waitFor();
    await page.getByRole('button', { name: 'Générer des insights' }).click();
    await page.getByRole('heading', { name: 'Résumé' }).waitFor();
    const panel = page.locator('.insights');
    expect(await panel.locator('.generated-by').textContent()).toMatch(/^Généré par Camille, /);
    expect(await panel.textContent()).toContain('résumeur intégré');
    await page.getByRole('button', { name: 'Générer de nouveaux insights' }).waitFor();

    // Every statement names its sources; the last chip of the summary is the oldest source, maybe on a later page.
    const chip = panel.locator('.statements .source-chip').last();
    await chip.click();
    const highlighted = page.locator('.timeline-item[aria-current="true"]');
    await highlighted.waitFor();
    const inView = await highlighted.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= (globalThis as unknown as PageGlobals).innerHeight;
    });
    expect(inView).toBe(true);
    expect(await highlighted.evaluate((element) => element === (globalThis as unknown as PageGlobals).document.activeElement)).toBe(true);
    await screenshot(page, 'insights-fr', engine === 'sqlite');

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 400, height: 800 });
    await page.getByRole('heading', { name: 'Résumé' }).waitFor();
    // One column: nothing wider than the panel.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'side-panel-400px', engine === 'sqlite');
    await context.close();
  });

  it('raises the stale badge when a new message arrives, and turns a live card white when the customer leaves, without a reload', async () => {
    const { context, page } = await open();
    await page.goto(signedInAs(tokens.camille, `?contact=${encodeURIComponent(CALLER)}`));
    await page.getByRole('heading', { name: `Contact ${CALLER}` }).waitFor();
    await page.getByText('En direct').waitFor();
    const generate = page.getByRole('button', { name: /Générer (de nouveaux|des) insights/ });
    // The message below must come after these insights' sources, so the generation is over first.
    const generated = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/insights'));
    await generate.click();
    expect((await generated).status()).toBe(201);
    await page.getByRole('button', { name: 'Générer de nouveaux insights' }).waitFor();
    await page.getByRole('heading', { name: 'Résumé' }).waitFor();
    await page.evaluate(() => ((globalThis as unknown as PageGlobals).notReloaded = true));

    await ingest([
      event('message.received', {
        messageId: `desktop-e2e-sms-${process.pid}`,
        conversationId: 'desktop-e2e-conversation',
        inboxId: 'support-fr',
        contact: { phone: CALLER },
        channel: 'sms',
        body: 'Une nouvelle question',
      }),
    ]);
    await page.locator('.stale-badge', { hasText: '1 interaction plus récente' }).waitFor();

    const sessionId = `desktop-e2e-session-${process.pid}`;
    await ingest([
      event('session.routed', {
        sessionId,
        conversationId: 'desktop-e2e-live',
        inboxId: 'support-fr',
        channel: 'call',
        direction: 'inbound',
        queueId: 'q-live',
        queueName: 'File en direct',
        contact: { phone: CALLER },
      }),
      event('session.connected', { sessionId, agent: { id: 'acme-fr-camille', name: 'Camille' } }),
    ]);
    const card = page.locator(`[data-session-id="${sessionId}"] .session-card`);
    await card.and(page.locator('.tone-active')).waitFor();
    expect(await card.locator('.tone-label').textContent()).toBe('Actif');
    await screenshot(page, 'live-session-fr', engine === 'sqlite');
    await ingest([event('session.ended', { sessionId, endedBy: 'customer' })]);
    await card.and(page.locator('.tone-abandoned')).waitFor();
    expect(await card.locator('.tone-label').textContent()).toBe('Abandonné');
    expect(await card.locator('.session-status').textContent()).toBe('Terminé par le client');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).notReloaded)).toBe(true);
    await context.close();
  });

  it('shows an unlicensed agent the button disabled, with the reason', async () => {
    const { context, page } = await open();
    await page.goto(signedInAs(tokens.dominique, `?contact=${encodeURIComponent(CALLER)}`));
    const button = page.getByRole('button', { name: /Générer/ });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    const reasonId = await button.getAttribute('aria-describedby');
    expect(await page.locator(`#${reasonId}`).textContent()).toBe('Générer des insights nécessite la licence AI Assist Pro.');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'unlicensed-fr', engine === 'sqlite');
    await context.close();
  });

  it('speaks English to an English browser, and is usable from the keyboard', async () => {
    const { context, page } = await open({ locale: 'en-US' });
    await page.goto(signedInAs(tokens.camille));
    await page.getByRole('banner').getByText('Camille').waitFor();
    // Tab from the page's start: the skip link, sign-out, then the search field; Enter opens the contact.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.id)).toBe('contact-search');
    await page.keyboard.type('+33 6 12 34 00 00');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Contact ${CALLER}` }).waitFor();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    // Enabled once the timeline names a conversation to generate from (a slow machine may take a while).
    const generate = page.locator('button.primary:enabled', { hasText: /^Generate (new )?insights$/ });
    await generate.waitFor();
    await generate.focus();
    // Earlier tests left insights on screen: the chips are read once the new ones are in.
    const generated = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/insights'));
    await page.keyboard.press('Enter');
    expect((await generated).status()).toBe(201);
    await page.getByRole('button', { name: 'Generate new insights' }).waitFor();
    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    const chip = page.locator('.statements .source-chip').first();
    await chip.focus();
    await page.keyboard.press('Enter');
    // The reveal is asynchronous (it may page the timeline): the focus lands on the interaction once rendered.
    await page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('aria-current') === 'true',
      undefined,
      { timeout: 10_000 },
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'contact-view-en', engine === 'sqlite');
    await context.close();
  });

  it('answers a bad token with the sign-in form and a message, never a blank page', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/#token=not-a-token`);
    await page.getByRole('alert').getByText("Ce n'est pas un jeton d'agent.").waitFor();
    expect(page.url()).not.toContain('token=');
    // A well-formed token the server refuses (another key) signs out with the reason.
    const forged = [tokens.camille.split('.')[0], tokens.camille.split('.')[1], 'c2lnbmF0dXJl'].join('.');
    await page.getByLabel("Jeton d'agent").fill(forged);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText('Le serveur a refusé ce jeton : reconnectez-vous.').waitFor();
    await context.close();
  });
});
