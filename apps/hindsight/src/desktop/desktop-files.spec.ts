import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentTypeOf, DesktopFiles, resolveDesktopDirectory } from './desktop-files';

const INDEX = '<!doctype html><title>Hindsight</title>';

/** A fake Vite build in `directory`: the page and the assets given (name → content). */
function writeBuild(directory: string, assets: Record<string, string | Buffer> = {}): string {
  mkdirSync(join(directory, 'assets'), { recursive: true });
  writeFileSync(join(directory, 'index.html'), INDEX);
  for (const [name, body] of Object.entries(assets)) writeFileSync(join(directory, 'assets', name), body);
  return directory;
}

describe('resolveDesktopDirectory', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hindsight-desktop-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the build next to the webpack bundle (dist/apps/hindsight → dist/apps/desktop)', () => {
    const bundle = join(root, 'dist', 'apps', 'hindsight');
    mkdirSync(bundle, { recursive: true });
    writeBuild(join(root, 'dist', 'apps', 'desktop'));
    expect(resolveDesktopDirectory(undefined, bundle)).toBe(join(root, 'dist', 'apps', 'desktop'));
  });

  it("finds the repository's build from the sources (apps/hindsight/src/desktop → dist/apps/desktop)", () => {
    const sources = join(root, 'apps', 'hindsight', 'src', 'desktop');
    mkdirSync(sources, { recursive: true });
    writeBuild(join(root, 'dist', 'apps', 'desktop'));
    expect(resolveDesktopDirectory(undefined, sources)).toBe(join(root, 'dist', 'apps', 'desktop'));
  });

  it('is undefined when no directory above has a build', () => {
    mkdirSync(join(root, 'dist', 'apps', 'desktop', 'assets'), { recursive: true });
    expect(resolveDesktopDirectory(undefined, root)).toBeUndefined();
  });

  it('takes an explicit directory, and only that one: without index.html it is not built', () => {
    const explicit = writeBuild(join(root, 'elsewhere'));
    writeBuild(join(root, 'dist', 'apps', 'desktop'));
    expect(resolveDesktopDirectory(explicit, root)).toBe(explicit);
    mkdirSync(join(root, 'empty'));
    expect(resolveDesktopDirectory(join(root, 'empty'), root)).toBeUndefined();
    expect(resolveDesktopDirectory(join(root, 'absent'), root)).toBeUndefined();
  });

  it('walks up when the explicit directory is empty text (HINDSIGHT_DESKTOP_DIR unset)', () => {
    writeBuild(join(root, 'dist', 'apps', 'desktop'));
    expect(resolveDesktopDirectory('', root)).toBe(join(root, 'dist', 'apps', 'desktop'));
  });
});

describe('DesktopFiles', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hindsight-desktop-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the page and every file of assets/, byte for byte', () => {
    const font = Buffer.from([0x77, 0x4f, 0x46, 0x32, 0x00, 0xff]);
    const files = DesktopFiles.load(writeBuild(root, { 'index-AbC123.js': 'console.log(1);', 'font-Q1.woff2': font }));
    expect(files.index?.body.toString()).toBe(INDEX);
    expect(files.index?.contentType).toBe('text/html; charset=utf-8');
    expect(files.assetNames).toEqual(['font-Q1.woff2', 'index-AbC123.js']);
    expect(files.asset('index-AbC123.js')?.body.toString()).toBe('console.log(1);');
    expect(files.asset('font-Q1.woff2')?.body.equals(font)).toBe(true);
  });

  it('keeps source maps on the disk and skips a broken symbolic link rather than failing the boot', () => {
    writeBuild(root, { 'index-AbC123.js': '1', 'index-AbC123.js.map': '{}' });
    symlinkSync(join(root, 'nowhere.js'), join(root, 'assets', 'dangling.js'));
    const files = DesktopFiles.load(root);
    expect(files.assetNames).toEqual(['index-AbC123.js']);
  });

  it('serves only what it listed: not files written after boot, nor subdirectories', () => {
    const files = DesktopFiles.load(writeBuild(root, { 'app-abc.js': '1' }));
    mkdirSync(join(root, 'assets', 'nested'));
    writeFileSync(join(root, 'assets', 'late.js'), '2');
    expect(files.asset('late.js')).toBeUndefined();
    expect(DesktopFiles.load(root).assetNames).toEqual(['app-abc.js', 'late.js']);
  });

  it('follows a symbolic link to a file, under the link’s name', () => {
    writeBuild(root);
    writeFileSync(join(root, 'real.css'), 'body{}');
    symlinkSync(join(root, 'real.css'), join(root, 'assets', 'index-L1.css'));
    expect(DesktopFiles.load(root).asset('index-L1.css')?.body.toString()).toBe('body{}');
  });

  it.each([
    ['../index.html'],
    ['../../package.json'],
    ['..%2Fpackage.json'],
    ['/etc/passwd'],
    ['assets/app-abc.js'],
    ['./app-abc.js'],
    ['app-abc.js/'],
    [''],
    ['__proto__'],
    ['constructor'],
  ])('never resolves a name it did not list: %j', (name) => {
    writeFileSync(join(root, 'package.json'), '{}');
    const files = DesktopFiles.load(writeBuild(root, { 'app-abc.js': '1' }));
    expect(files.asset(name)).toBeUndefined();
  });

  it.each([
    ['a missing directory', (directory: string) => join(directory, 'absent')],
    ['an empty directory', (directory: string) => directory],
    ['assets without index.html', (directory: string) => (mkdirSync(join(directory, 'assets')), directory)],
  ])('is empty for %s (the desktop is not built)', (_case, prepare) => {
    const directory = prepare(root);
    writeFileSync(join(root, 'stray.js'), '1');
    const files = DesktopFiles.load(directory);
    expect(files.index).toBeUndefined();
    expect(files.assetNames).toEqual([]);
  });

  it('is empty when there is no build directory at all', () => {
    expect(DesktopFiles.load(undefined)).toMatchObject({ directory: undefined, index: undefined, assetNames: [] });
  });

  it('has a page and no assets when assets/ is absent', () => {
    writeFileSync(join(root, 'index.html'), INDEX);
    expect(DesktopFiles.load(root).assetNames).toEqual([]);
  });
});

describe('contentTypeOf', () => {
  it.each([
    ['index-AbC123.js', 'text/javascript; charset=utf-8'],
    ['index-XyZ.css', 'text/css; charset=utf-8'],
    ['index-AbC123.js.map', 'application/json'],
    ['logo-1.svg', 'image/svg+xml'],
    ['inter-2.woff2', 'font/woff2'],
    ['photo-3.PNG', 'image/png'],
    ['favicon.ico', 'image/x-icon'],
    ['index.html', 'text/html; charset=utf-8'],
    ['data-4.wasm', 'application/octet-stream'],
    ['no-extension', 'application/octet-stream'],
  ])('%s → %s', (name, contentType) => {
    expect(contentTypeOf(name)).toBe(contentType);
  });
});
