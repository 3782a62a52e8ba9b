// Runs test files with node:test one at a time, printing the spec report,
// for the API and fault test runners: resolves the counts {pass, fail, skipped}.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

export async function runTestFiles(files, timeout) {
  const counts = { pass: 0, fail: 0, skipped: 0 };
  // Files run one at a time: several tests compare record counts before and after.
  const stream = run({ files, concurrency: 1, timeout });
  stream.on('test:diagnostic', ({ nesting, message }) => {
    const m = nesting === 0 && /^(pass|fail|skipped) (\d+)$/.exec(message);
    if (m) counts[m[1]] = Number(m[2]);
  });
  await new Promise((resolve, reject) => {
    const out = stream.compose(spec);
    out.on('data', (chunk) => process.stdout.write(chunk));
    out.on('end', resolve);
    out.on('error', reject);
  });
  return counts;
}
