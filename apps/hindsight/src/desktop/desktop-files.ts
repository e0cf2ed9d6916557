import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';

/** The page of the agent desktop, relative to its build directory. */
export const DESKTOP_INDEX_FILE = 'index.html';
/** Vite's hashed output (scripts, styles, source maps, fonts), relative to the build directory. */
export const DESKTOP_ASSETS_DIRECTORY = 'assets';

export interface DesktopFile {
  readonly body: Buffer;
  readonly contentType: string;
}

/** What a Vite build emits; anything else is sent as bytes (and `nosniff` keeps browsers from guessing). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
const BYTES = 'application/octet-stream';

export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? BYTES;
}

/**
 * Finds the agent desktop's build: the directory holding `index.html` and `assets/`; undefined when it
 * is not built.
 *
 * An explicit directory (HINDSIGHT_DESKTOP_DIR) is the only one looked at: pointing at an empty one must
 * not fall back to another build. Otherwise walk up from this file's directory, as resolveProtoDirectory
 * does, checking `<dir>/desktop` (from the webpack bundle, `dist/apps/hindsight` → `dist/apps/desktop`)
 * and `<dir>/dist/apps/desktop` (from the sources under jest → the repository's build).
 */
export function resolveDesktopDirectory(explicit?: string, start: string = __dirname): string | undefined {
  if (explicit !== undefined && explicit !== '') {
    const directory = resolve(explicit);
    return existsSync(join(directory, DESKTOP_INDEX_FILE)) ? directory : undefined;
  }
  for (let directory = resolve(start); ; directory = dirname(directory)) {
    for (const candidate of [join(directory, 'desktop'), join(directory, 'dist', 'apps', 'desktop')]) {
      if (existsSync(join(candidate, DESKTOP_INDEX_FILE))) return candidate;
    }
    if (dirname(directory) === directory) return undefined;
  }
}

/**
 * The agent desktop's files, read once at boot: the page, and every file of `assets/` by its name. Only
 * these names are ever served, so a request for `../anything` finds nothing rather than being checked
 * against the file system; a rebuilt desktop is served after a restart.
 */
export class DesktopFiles {
  private constructor(
    /** The build directory, when there is one. */
    readonly directory: string | undefined,
    /** `index.html`; undefined when the desktop is not built. */
    readonly index: DesktopFile | undefined,
    private readonly assets: ReadonlyMap<string, DesktopFile>,
  ) {}

  /** Reads `directory` (a resolved build, or undefined for none); a directory without `index.html` is "not built". */
  static load(directory: string | undefined): DesktopFiles {
    const page = directory === undefined ? undefined : join(directory, DESKTOP_INDEX_FILE);
    if (directory === undefined || page === undefined || !existsSync(page)) return new DesktopFiles(directory, undefined, new Map());
    const index = { body: readFileSync(page), contentType: contentTypeOf(DESKTOP_INDEX_FILE) };
    return new DesktopFiles(directory, index, readAssets(join(directory, DESKTOP_ASSETS_DIRECTORY)));
  }

  /** The asset of that exact file name (`index-AbC123.js`), or undefined. */
  asset(name: string): DesktopFile | undefined {
    return this.assets.get(name);
  }

  get assetNames(): string[] {
    return [...this.assets.keys()].sort();
  }
}

/** The regular files directly in `directory` (Vite writes no subdirectories there); none when it is absent. */
function readAssets(directory: string): Map<string, DesktopFile> {
  const assets = new Map<string, DesktopFile>();
  if (!existsSync(directory)) return assets;
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    // Source maps stay on the server's disk (the bundle does not name them). statSync follows a deployment's
    // symbolic links (the name served stays the entry's own); a broken one is skipped, not fatal to the boot.
    if (name.endsWith('.map') || !statSync(path, { throwIfNoEntry: false })?.isFile()) continue;
    assets.set(name, { body: readFileSync(path), contentType: contentTypeOf(name) });
  }
  return assets;
}
