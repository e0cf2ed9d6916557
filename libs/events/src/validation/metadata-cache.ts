import { getMetadataStorage } from 'class-validator';

/**
 * class-validator recomputes a class's decorator metadata (inheritance walk, filtering, grouping) on
 * every `validate` call, which dominated the cost of parsing an event. Decorators are static once the
 * classes are loaded, so the lookups are memoised per class here. Calls with validation groups, which
 * we never use, go to the original implementation.
 */
type Storage = ReturnType<typeof getMetadataStorage>;

let installed = false;

export function installValidationMetadataCache(storage: Storage = getMetadataStorage()): void {
  if (installed) return;
  installed = true;
  const targetMetadatas = storage.getTargetValidationMetadatas.bind(storage);
  const groupByPropertyName = storage.groupByPropertyName.bind(storage);
  const validatorConstraints = storage.getTargetValidatorConstraints.bind(storage);
  const byTarget = new Map<unknown, Map<string, ReturnType<Storage['getTargetValidationMetadatas']>>>();
  const grouped = new WeakMap<object, ReturnType<Storage['groupByPropertyName']>>();
  const constraints = new Map<unknown, ReturnType<Storage['getTargetValidatorConstraints']>>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (groups && groups.length > 0) return targetMetadatas(target, schema, always, strictGroups, groups);
    let forTarget = byTarget.get(target);
    if (!forTarget) byTarget.set(target, (forTarget = new Map()));
    const key = `${schema}|${always}|${strictGroups}`;
    let metadatas = forTarget.get(key);
    if (!metadatas) forTarget.set(key, (metadatas = targetMetadatas(target, schema, always, strictGroups, groups)));
    return metadatas;
  };
  storage.groupByPropertyName = (metadatas) => {
    let result = grouped.get(metadatas);
    if (!result) grouped.set(metadatas, (result = groupByPropertyName(metadatas)));
    return result;
  };
  storage.getTargetValidatorConstraints = (target) => {
    let result = constraints.get(target);
    if (!result) constraints.set(target, (result = validatorConstraints(target)));
    return result;
  };
}
