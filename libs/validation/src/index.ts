export * from './field-error';
export * from './field-errors.mapper';
