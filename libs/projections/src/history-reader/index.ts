export * from './history-reader.thread';
export * from './worker-history.query';
