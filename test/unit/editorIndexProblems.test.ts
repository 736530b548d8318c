import { strict as assert } from 'node:assert';
import { parseExtensionsIndex, parseObsolete } from '../../src/core/detect/editorExtensions';

describe('editor index files that are not JSON', () => {
  // A home's owner can link extensions.json or .obsolete to a file they cannot read
  // (/proc/self/environ of the scan, /etc/shadow): the problem names the file, never its bytes.
  const environ = 'API_TOKEN=s3cr3t-value\u0000HOME=/root\u0000';
  const shadow = 'root:$6$saltsalt$hashhashhash:19000:0:99999:7:::\n';

  it('says where extensions.json went wrong without quoting it', () => {
    for (const text of [environ, shadow, '[{"identifier": {"id": "a.b"}}, API_TOKEN]', '[{"identifier": ']) {
      const problem = parseExtensionsIndex(text).problem ?? '';
      assert.match(problem, /^extensions\.json is not valid JSON \(\d+:\d+: [a-z ]+\)$/, problem);
      for (const secret of ['API_TOKEN', 's3cr3t', 'root:', '$6$']) assert.ok(!problem.includes(secret), problem);
    }
  });

  it('says the same of .obsolete', () => {
    const problem = parseObsolete(environ).problem ?? '';
    assert.match(problem, /^\.obsolete is not valid JSON \(\d+:\d+: [a-z ]+\)$/, problem);
    assert.ok(!problem.includes('API_TOKEN'), problem);
  });
});
