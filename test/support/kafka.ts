import { Kafka, logLevel } from 'kafkajs';

/** The local test broker (scripts/kafka/kafka.sh); override with HINDSIGHT_TEST_KAFKA_BROKERS. */
export const KAFKA_BROKERS = process.env.HINDSIGHT_TEST_KAFKA_BROKERS ?? '127.0.0.1:19092';

const kafkaAvailable = (): boolean => process.env.HINDSIGHT_KAFKA_AVAILABLE === '1';

export const describeWithKafka = (name: string, suite: () => void): void => (kafkaAvailable() ? describe : describe.skip)(name, suite);

export const testKafka = (): Kafka =>
  new Kafka({ clientId: 'hindsight-tests', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
