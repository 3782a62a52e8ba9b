// q searches names ignoring case and accents, by word prefix.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { make, signIn, withQuery } from './lib.mjs';

let c;
before(async () => { c = await signIn('admin'); });

/** Creates records named `names` and returns a function q → which of those names q finds. */
async function searchable(path, names, body) {
  const made = [];
  for (const name of names) made.push(await c.create(path, body(name)));
  return async (q) => {
    const page = await c.read(withQuery(path, { q, limit: 200 }));
    return made.filter((m) => page.items.some((x) => x.id === m.id)).map((m) => m.name);
  };
}

const kinds = {
  accounts: async () => (name) => make.account({ name }),
  contacts: async () => {
    const { id } = await c.create('/api/v1/accounts', make.account());
    return (name) => make.contact(id, { name });
  },
};
for (const [what, bodyMaker] of Object.entries(kinds)) {
  describe(`${what}: q`, () => {
    let find;
    before(async () => {
      find = await searchable(`/api/v1/${what}`, ['Müller Hydraulik Test', 'Muller Fluid Power', 'Straße Engineering'], await bodyMaker());
    });
    test('q=muller finds both Müller and Muller', async () => assert.deepEqual(await find('muller'), ['Müller Hydraulik Test', 'Muller Fluid Power']));
    test('q=MÜL finds both (case and accents ignored, prefix)', async () => assert.deepEqual(await find('MÜL'), ['Müller Hydraulik Test', 'Muller Fluid Power']));
    test('q=fluid finds a later word of the name', async () => assert.deepEqual(await find('fluid'), ['Muller Fluid Power']));
    test('q=flu pow matches prefixes of two words', async () => assert.deepEqual(await find('flu pow'), ['Muller Fluid Power']));
    test('q=STRAßE finds Straße', async () => assert.deepEqual(await find('STRAßE'), ['Straße Engineering']));
    test('q=ller does not match inside a word', async () => assert.deepEqual(await find('ller'), []));
  });
}

describe('folding', () => {
  const word = `z${Date.now().toString(36)}`;
  const find = async (q) => (await c.read(withQuery('/api/v1/accounts', { q: `${q} ${word}` }))).items.map((a) => a.id);

  test('Latin Extended letters fold: Škoda Součástky is found by skoda and soucastky', async () => {
    const czech = await c.create('/api/v1/accounts', make.account({ name: `Škoda Součástky ${word}` }));
    assert.deepEqual(await find('soucastky'), [czech.id]);
    assert.deepEqual(await find('SKODA'), [czech.id]);
  });

  test('decomposed accents fold: "Mu\\u0308ller" (u + combining diaeresis) is found by muller and MÜLLER', async () => {
    const nfd = await c.create('/api/v1/accounts', make.account({ name: `Mu\u0308ller ${word}` }));
    assert.deepEqual(await find('muller'), [nfd.id]);
    assert.deepEqual(await find('MÜLLER'), [nfd.id]);
  });
});

test('q of punctuation only, or very long, is answered without error', async () => {
  for (const q of ['---', '%%%', '"', 'a'.repeat(5000)]) {
    const r = await c.get(withQuery('/api/v1/accounts', { q }));
    assert.ok(r.status === 200 || r.status === 400, `q=${q.slice(0, 20)}…: ${r}`);
  }
});

test('parts: q finds a part by a prefix of its name, ignoring case', async () => {
  const part = await c.create('/api/v1/parts', make.part({ name: 'Kugellager Größe 6204' }));
  for (const q of ['kugel', 'KUGELLAGER GR']) {
    const page = await c.read(withQuery('/api/v1/parts', { q }));
    assert.ok(page.items.some((p) => p.id === part.id), `q=${q}`);
  }
});
