import { resolveContentMode } from './content-mode';

describe('resolveContentMode', () => {
  it.each([
    [{ 'content-type': 'application/cloudevents+json' }, 'structured'],
    [{ 'content-type': 'Application/CloudEvents+JSON; charset=UTF-8' }, 'structured'],
    [{ 'content-type': 'application/cloudevents-batch+json' }, 'batch'],
    [{ 'content-type': 'application/json' }, 'json'],
    [{ 'content-type': 'application/json; charset="utf-8"' }, 'json'],
    [{ 'content-type': 'application/json', 'ce-specversion': '1.0' }, 'binary'],
    [{ 'content-type': 'application/cloudevents+json', 'ce-specversion': '1.0' }, 'structured'],
    [{ 'content-type': 'application/json', 'content-encoding': 'identity' }, 'json'],
  ])('%j is %s', (headers, mode) => {
    expect(resolveContentMode(headers)).toBe(mode);
  });

  it.each([
    [{}, /Content-Type "none" is not supported/],
    [{ 'content-type': 'text/plain' }, /"text\/plain" is not supported/],
    [{ 'content-type': 'application/json; charset=iso-8859-1' }, /charset "iso-8859-1"/],
    [{ 'content-type': 'application/json', 'content-encoding': 'gzip' }, /Content-Encoding "gzip"/],
    [{ 'content-type': 'text/plain', 'ce-specversion': '1.0' }, /binary-mode data must be application\/json/],
  ])('%j is refused', (headers, message) => {
    expect(() => resolveContentMode(headers)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(message) }),
    );
  });
});
