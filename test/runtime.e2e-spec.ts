import { execFileSync } from 'node:child_process';
import { CLI, REPOSITORY } from './support/cli';

describe('runtime', () => {
  it('runs the tests on the pinned Node 24', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('runs bin/hindsight on Node 24 even when the system Node is older', () => {
    const node = execFileSync('bash', ['-c', `source ${REPOSITORY}/bin/node-options.sh && hindsight_node ${REPOSITORY}`])
      .toString()
      .trim();
    expect(node).toBe(`${REPOSITORY}/node_modules/node/bin/node`);
    expect(execFileSync('grep', ['-c', 'node-options.sh', CLI, `${REPOSITORY}/bin/bench`]).toString()).toMatch(/hindsight:1\n.*bench:1/);
    const version = execFileSync(`${__dirname}/../node_modules/node/bin/node`, ['--version']).toString().trim();
    expect(version).toMatch(/^v24\./);
  });
});
