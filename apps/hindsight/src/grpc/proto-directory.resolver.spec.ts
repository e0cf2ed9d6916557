import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HISTORY_PROTO_FILE, resolveProtoDirectory } from './proto-directory.resolver';

const REPOSITORY_PROTO = join(__dirname, '..', '..', '..', '..', 'proto');

describe('resolveProtoDirectory', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hindsight-proto-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("finds the repository's proto directory from the sources", () => {
    expect(resolveProtoDirectory()).toBe(REPOSITORY_PROTO);
  });

  it('prefers protos copied next to the webpack bundle, else walks up to the repository ones', () => {
    const bundle = join(root, 'dist', 'apps', 'hindsight');
    mkdirSync(bundle, { recursive: true });
    cpSync(REPOSITORY_PROTO, join(root, 'proto'), { recursive: true });
    expect(resolveProtoDirectory(undefined, bundle)).toBe(join(root, 'proto'));

    cpSync(REPOSITORY_PROTO, join(bundle, 'proto'), { recursive: true });
    expect(resolveProtoDirectory(undefined, bundle)).toBe(join(bundle, 'proto'));
  });

  it('takes an explicit directory, and says so when it lacks the history proto', () => {
    expect(resolveProtoDirectory(REPOSITORY_PROTO, root)).toBe(REPOSITORY_PROTO);
    expect(() => resolveProtoDirectory(root)).toThrow(`proto directory ${root} has no ${HISTORY_PROTO_FILE}`);
  });

  it('names the file it looked for when there is none above', () => {
    expect(() => resolveProtoDirectory(undefined, root)).toThrow(`cannot find proto/${HISTORY_PROTO_FILE}`);
  });
});
