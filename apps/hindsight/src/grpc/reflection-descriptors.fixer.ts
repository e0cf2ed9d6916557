import type { PackageDefinition } from '@grpc/proto-loader';
import { FileDescriptorProto } from 'protobufjs/ext/descriptor';

/** The parts of google.protobuf.FileDescriptorProto this file reads and repairs (protobufjs field names). */
interface FieldDescriptor {
  name: string;
  label?: number;
  type?: number;
  typeName?: string;
  oneofIndex?: number;
  proto3Optional?: boolean;
}
interface MessageDescriptor {
  name: string;
  field: FieldDescriptor[];
  nestedType: MessageDescriptor[];
  enumType: Array<{ name: string }>;
  oneofDecl: Array<{ name: string }>;
  options?: { mapEntry?: boolean } | null;
}
interface FileDescriptor {
  name: string;
  package?: string;
  dependency: string[];
  messageType: MessageDescriptor[];
  enumType: Array<{ name: string }>;
  service: Array<{ name: string; method: Array<{ inputType?: string; outputType?: string }> }>;
}

const REPEATED = 3;
const TYPE_MESSAGE = 11;
const TYPE_ENUM = 14;

/**
 * proto-loader regroups files by package and names them after it (`hindsight_v1.proto`): give them
 * back their usual paths, so that a client which already knows google/protobuf/timestamp.proto does
 * not see Timestamp defined twice. Only when the regrouped file holds exactly that file's content.
 */
const USUAL_FILE_NAMES: ReadonlyArray<{ readonly package: string; readonly file: string; readonly messages?: readonly string[] }> = [
  { package: 'hindsight.v1', file: 'hindsight/v1/history.proto' },
  { package: 'grpc.health.v1', file: 'grpc/health/v1/health.proto' },
  { package: 'google.protobuf', file: 'google/protobuf/timestamp.proto', messages: ['Timestamp'] },
];

/**
 * Repairs the file descriptors that @grpc/reflection serves, which protobufjs builds in a way strict
 * clients (grpcurl, grpc_cli, Python and C++ descriptor pools) reject: no `dependency` list ("couldn't
 * resolve name google.protobuf.Timestamp", grpcurl issue #459), map entries not named `<Field>Entry`,
 * proto3 `optional` fields without their `proto3_optional` flag. Type references become fully
 * qualified, as protoc writes them. Runs once at start-up.
 */
export function fixReflectionDescriptors(packageDefinition: PackageDefinition): PackageDefinition {
  const files = decodeFiles(packageDefinition);
  for (const file of files) {
    renameFile(file);
    forEachMessage(file, (message) => {
      nameMapEntries(message);
      flagProto3Optionals(message);
    });
  }
  const symbols = symbolFiles(files);
  for (const file of files) qualifyReferences(file, symbols);
  const encoded = files.map((file) => Buffer.from(FileDescriptorProto.encode(file as never).finish()));
  return Object.fromEntries(
    Object.entries(packageDefinition).map(([name, definition]) => [
      name,
      'fileDescriptorProtos' in definition ? { ...definition, fileDescriptorProtos: encoded } : definition,
    ]),
  ) as PackageDefinition;
}

function decodeFiles(packageDefinition: PackageDefinition): FileDescriptor[] {
  const files = new Map<string, FileDescriptor>();
  for (const definition of Object.values(packageDefinition)) {
    if (!('fileDescriptorProtos' in definition) || !Array.isArray(definition.fileDescriptorProtos)) continue;
    for (const bytes of definition.fileDescriptorProtos) {
      const file = FileDescriptorProto.decode(bytes) as unknown as FileDescriptor;
      if (!files.has(file.name)) files.set(file.name, file);
    }
  }
  return [...files.values()];
}

function renameFile(file: FileDescriptor): void {
  const usual = USUAL_FILE_NAMES.find((candidate) => candidate.package === file.package);
  if (usual === undefined) return;
  const holdsExactly =
    usual.messages === undefined ||
    (file.enumType.length === 0 &&
      file.service.length === 0 &&
      file.messageType.map((message) => message.name).join() === usual.messages.join());
  if (holdsExactly) file.name = usual.file;
}

function forEachMessage(file: FileDescriptor, visit: (message: MessageDescriptor, scope: string) => void): void {
  const walk = (message: MessageDescriptor, scope: string): void => {
    visit(message, scope);
    for (const nested of message.nestedType) walk(nested, `${scope}.${message.name}`);
  };
  for (const message of file.messageType) walk(message, file.package ?? '');
}

/** protoc names the entry message of `map<…> foo_bar` "FooBarEntry"; protobufjs names it "Foo_bar". */
function nameMapEntries(message: MessageDescriptor): void {
  for (const field of message.field) {
    const entry = message.nestedType.find((nested) => nested.options?.mapEntry === true && nested.name === field.typeName);
    if (field.label !== REPEATED || entry === undefined) continue;
    entry.name = `${field.name
      .split('_')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('')}Entry`;
    field.typeName = entry.name;
  }
}

/** A proto3 `optional` field is the only member of a synthetic oneof named `_<field>`. */
function flagProto3Optionals(message: MessageDescriptor): void {
  // Decoded messages inherit 0 for unset numbers: only an own property means "in a oneof".
  const inOneof = (field: FieldDescriptor) => Object.hasOwn(field, 'oneofIndex');
  for (const field of message.field) {
    if (!inOneof(field)) continue;
    const members = message.field.filter((other) => inOneof(other) && other.oneofIndex === field.oneofIndex);
    if (members.length === 1 && message.oneofDecl[field.oneofIndex!]?.name === `_${field.name}`) field.proto3Optional = true;
  }
}

/** Fully-qualified name of every message and enum → the file declaring it. */
function symbolFiles(files: readonly FileDescriptor[]): Map<string, FileDescriptor> {
  const symbols = new Map<string, FileDescriptor>();
  const qualified = (scope: string, name: string) => (scope === '' ? name : `${scope}.${name}`);
  for (const file of files) {
    for (const enumeration of file.enumType) symbols.set(qualified(file.package ?? '', enumeration.name), file);
    forEachMessage(file, (message, scope) => {
      const name = qualified(scope, message.name);
      symbols.set(name, file);
      for (const enumeration of message.enumType) symbols.set(`${name}.${enumeration.name}`, file);
    });
  }
  return symbols;
}

/** Makes every type reference absolute (".pkg.Type") and lists the files it needs as dependencies. */
function qualifyReferences(file: FileDescriptor, symbols: Map<string, FileDescriptor>): void {
  const dependencies = new Set<string>();
  const resolve = (reference: string, scope: string): string => {
    const found = lookUp(reference, scope, symbols);
    if (found === undefined) return reference;
    if (found.file !== file) dependencies.add(found.file.name);
    return `.${found.name}`;
  };
  forEachMessage(file, (message, scope) => {
    const messageScope = scope === '' ? message.name : `${scope}.${message.name}`;
    for (const field of message.field) {
      if ((field.type === TYPE_MESSAGE || field.type === TYPE_ENUM) && field.typeName)
        field.typeName = resolve(field.typeName, messageScope);
    }
  });
  for (const service of file.service) {
    for (const method of service.method) {
      if (method.inputType) method.inputType = resolve(method.inputType, file.package ?? '');
      if (method.outputType) method.outputType = resolve(method.outputType, file.package ?? '');
    }
  }
  file.dependency = [...dependencies].sort();
}

/** Protobuf scoping: an absolute ".a.B", or a relative name looked up from the innermost scope outwards. */
function lookUp(
  reference: string,
  scope: string,
  symbols: Map<string, FileDescriptor>,
): { name: string; file: FileDescriptor } | undefined {
  if (reference.startsWith('.')) {
    const file = symbols.get(reference.slice(1));
    return file === undefined ? undefined : { name: reference.slice(1), file };
  }
  for (let current = scope; ; current = current.slice(0, Math.max(0, current.lastIndexOf('.')))) {
    const name = current === '' ? reference : `${current}.${reference}`;
    const file = symbols.get(name);
    if (file !== undefined) return { name, file };
    if (current === '') return undefined;
  }
}
