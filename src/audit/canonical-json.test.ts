import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, canonicalJsonBytes } from './canonical-json.ts';
import { AbgError } from '../domain/errors.ts';

test('numbers are serialised as ECMAScript does (RFC 8785 appendix B samples)', () => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [-1.5, '-1.5'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [9007199254740992, '9007199254740992'],
    [9007199254740994, '9007199254740994'],
    [295147905179352830000, '295147905179352830000'],
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [0.000001, '0.000001'],
    [1e-7, '1e-7'],
    [333333333.3333333, '333333333.3333333'],
    [4.5, '4.5'],
    [2e-3, '0.002'],
  ];
  for (const [n, want] of cases) assert.equal(canonicalJson(n), want, `number ${n}`);
});

test('non-finite numbers, undefined, bigint and class instances are rejected', () => {
  for (const bad of [NaN, Infinity, -Infinity, undefined, 10n, new Date(0), new Map(), () => 1]) {
    assert.throws(() => canonicalJson({ a: bad === undefined ? [bad] : bad }), AbgError);
  }
});

test('object members are sorted by UTF-16 code units, recursively, arrays keep their order', () => {
  // RFC 8785 §3.2.3 example: the sort is by UTF-16 code units, so U+1F600 (surrogates D83D DE00)
  // sorts before U+FB33 and after U+20AC, and "\r" before "1".
  const input = {
    '\u20ac': 'Euro Sign',
    '\r': 'Carriage Return',
    '\ufb33': 'Hebrew Letter Dalet With Dagesh',
    '1': 'One',
    '\u{1F600}': 'Emoji: Grinning Face',
    '\u0080': 'Control',
    '\u00f6': 'Latin Small Letter O With Diaeresis',
  };
  const order = canonicalJson(input).match(/"([^"]*)":/g)!.map((m) => m.slice(1, -2));
  assert.deepEqual(order, ['\\r', '1', '\u0080', '\u00f6', '\u20ac', '\u{1F600}', '\ufb33']);
  assert.equal(canonicalJson({ b: [3, 1, { z: 1, a: 2 }], a: null }), '{"a":null,"b":[3,1,{"a":2,"z":1}]}');
});

test('strings are escaped minimally: short escapes, lower-case \\u00xx controls, everything else literal', () => {
  assert.equal(canonicalJson('\u0000\b\t\n\f\r"\\/\u001f\u007f'), '"\\u0000\\b\\t\\n\\f\\r\\"\\\\/\\u001f\u007f"');
  assert.equal(canonicalJson('€ö😀'), '"€ö😀"');
  assert.deepEqual(canonicalJsonBytes('é'), Buffer.from([0x22, 0xc3, 0xa9, 0x22]));
  assert.throws(() => canonicalJson('\ud800'), AbgError);
  assert.throws(() => canonicalJson({ ['\udc00']: 1 }), AbgError);
});

test('RFC 8785 §3.2.2 example serialises byte for byte', () => {
  const input = JSON.parse(
    '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
      ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
  );
  assert.equal(
    canonicalJson(input),
    '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
  );
});

test('canonical JSON is a fixed point of parse + canonicalise', () => {
  const v = { z: [1.5, -0, 'x\ny'], a: { c: true, b: null }, m: 1e-9 };
  const once = canonicalJson(v);
  assert.equal(canonicalJson(JSON.parse(once)), once);
  assert.equal(once.includes(' '), false);
});
