// Each worker thread of `serve` has its own entry file, bundled next to the app's main.js
// (dist/apps/<app>/<thread>-thread.js) and started by file name (libs/projections/src/thread-entry-files.ts).
const { dirname, join } = require('node:path');

const THREAD_ENTRIES = {
  'writer-thread': 'libs/projections/src/write-side/writer-thread.main.ts',
  'projector-thread': 'libs/projections/src/write-side/projector-thread.main.ts',
  'history-reader-thread': 'libs/projections/src/history-reader/history-reader-thread.main.ts',
  'store-reader-thread': 'libs/projections/src/store-reader/store-reader-thread.main.ts',
  'grpc-thread': 'apps/hindsight/src/grpc/grpc-thread.main.ts',
};

module.exports = (options) => ({
  ...options,
  entry: {
    main: options.entry,
    ...Object.fromEntries(Object.entries(THREAD_ENTRIES).map(([name, file]) => [name, join(__dirname, file)])),
  },
  output: { ...options.output, filename: join(dirname(options.output.filename), '[name].js') },
});
