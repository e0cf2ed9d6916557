import { execFileSync } from 'node:child_process';
import { CLI } from './support/cli';

describe('runtime', () => {
  it('runs the tests on the pinned Node 24', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('runs bin/hindsight on Node 24 even when the system Node is older', () => {
    const script = execFileSync('bash', ['-c', `grep -o 'node_modules/node/bin/node' ${CLI}`]).toString().trim();
    expect(script).toBe('node_modules/node/bin/node');
    const version = execFileSync(`${__dirname}/../node_modules/node/bin/node`, ['--version']).toString().trim();
    expect(version).toMatch(/^v24\./);
  });
});
