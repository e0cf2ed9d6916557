import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliResult, finished, readyLine, startCli } from '../support/cli';
import { createTestStore, type TestStore } from '../support/stores';

const PAGE = '<!doctype html><html><head><script type="module" src="/assets/app-abc.js"></script></head><body></body></html>';
// Not only ASCII: the bytes must come back exactly as they are on disk.
const SCRIPT = Buffer.from('document.title = "Hindsight – bureau";\n', 'utf8');
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; object-src 'none'";

/** A running `serve` (the built app) on free ports, serving the desktop build in `desktopDirectory`. */
interface Served {
  readonly child: ChildProcess;
  readonly exit: Promise<CliResult>;
  readonly http: string;
}

async function serve(store: string, desktopDirectory: string): Promise<Served> {
  const child = startCli(['serve', '--store', store, '--grpc-port', '0', '--http-port', '0'], {
    HINDSIGHT_DESKTOP_DIR: desktopDirectory,
    HINDSIGHT_GRPC_WARMUP_CALLS: '0',
  });
  const exit = finished(child);
  return { child, exit, http: (await readyLine(child)).http };
}

async function stop(served: Served | undefined): Promise<void> {
  if (served?.child.exitCode !== null) return;
  served.child.kill('SIGTERM');
  expect((await served.exit).code).toBe(0);
}

/** A request sent as written: fetch would normalise `/assets/../x` before it leaves. */
function rawGet(base: string, path: string): Promise<{ status: number; contentType?: string; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(`${base}${path}`, { path }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, contentType: response.headers['content-type'], body: Buffer.concat(chunks).toString() }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('the agent desktop served by hindsight serve', () => {
  let directory: string;
  let store: TestStore;
  let served: Served;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'hindsight-desktop-e2e-'));
    mkdirSync(join(directory, 'build', 'assets'), { recursive: true });
    writeFileSync(join(directory, 'build', 'index.html'), PAGE);
    writeFileSync(join(directory, 'build', 'assets', 'app-abc.js'), SCRIPT);
    writeFileSync(join(directory, 'package.json'), '{"secret":true}');
    store = await createTestStore('sqlite');
    served = await serve(store.url, join(directory, 'build'));
  });
  afterAll(async () => {
    await stop(served);
    await store?.cleanup();
    rmSync(directory, { recursive: true, force: true });
  });

  it('serves the page at / with its security headers, revalidated every time', async () => {
    const response = await fetch(`${served.http}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(PAGE);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(PAGE)),
      'cache-control': 'no-cache',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
    });
  });

  it('answers HEAD / with the headers and no body', async () => {
    const response = await fetch(`${served.http}/`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(PAGE)));
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('serves a hashed asset byte for byte, cached for good', async () => {
    const response = await fetch(`${served.http}/assets/app-abc.js`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(SCRIPT)).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
  });

  it.each(['/assets/nope.js', '/assets/..%2Fpackage.json', '/assets/..%2F..%2Fbuild%2Findex.html', '/nope', '/index.html'])(
    'answers %s with a 404 problem',
    async (path) => {
      const response = await fetch(`${served.http}${path}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect(JSON.stringify(problem)).not.toContain('secret');
    },
  );

  it('does not follow a literal ../ out of assets/', async () => {
    const response = await rawGet(served.http, '/assets/../package.json');
    expect(response).toMatchObject({ status: 404, contentType: 'application/problem+json' });
    expect(response.body).not.toContain('secret');
  });

  it('answers POST / with 405 and the methods it accepts', async () => {
    const response = await fetch(`${served.http}/`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')?.split(', ')).toContain('GET');
    expect(await response.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
  });

  it('leaves the OpenAPI UI working, and the desktop out of the document', async () => {
    expect((await fetch(`${served.http}/docs`)).status).toBe(200);
    const document = (await (await fetch(`${served.http}/docs-json`)).json()) as { paths: Record<string, unknown> };
    const paths = Object.keys(document.paths);
    expect(paths).toContain('/v1/events');
    expect(paths).not.toContain('/');
    expect(paths.filter((path) => path.startsWith('/assets'))).toEqual([]);
  });

  it('starts without a build, and / then says how to build it', async () => {
    mkdirSync(join(directory, 'empty'));
    const otherStore = await createTestStore('sqlite');
    const empty = await serve(otherStore.url, join(directory, 'empty'));
    try {
      const response = await fetch(`${empty.http}/`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
        detail: 'the agent desktop is not built: run npm run build',
      });
      expect((await fetch(`${empty.http}/health`)).status).toBe(200);
    } finally {
      await stop(empty);
      await otherStore.cleanup();
    }
  });
});
