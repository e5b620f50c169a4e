// @ts-check
// The three policies of examples/custom-rules/.planguard.yml as one rule plugin: an ES module
// whose default export is a list of rules of planguard's built-in shape. Load it with
//   plugins: [./policies/our-rules.js]        (in .planguard.yml; paths relative to that file)
// and test it with `planguard test-rules` (the `examples` plans, relative to this file).
// `@ts-check` and the JSDoc types below give editor and `tsc --checkJs` checking; they need the
// planguard package installed where the plugin lives, and nothing at run time.

/** @typedef {import('planguard').Rule} Rule */
/** @typedef {import('planguard').ResourceChange} ResourceChange */

const FIXTURES = '../../../fixtures/terraform';

/** @param {ResourceChange} c */
const destroyed = (c) => (c.action === 'delete' ? 'is deleted' : 'is destroyed and re-created');

/** @type {Rule} */
const noKmsKeyDeletion = {
  id: 'no-kms-key-deletion',
  title: 'A KMS key is destroyed',
  severity: 'critical',
  incidents: [],
  rationale: 'Data encrypted with a KMS key becomes unreadable once the key is gone.',
  fix: 'Keep the key. To retire it, disable it first and schedule its deletion with a deletion window, in a change of its own.',
  examples: { fires: [`${FIXTURES}/handwritten-kms-key-deleted/plan.json`], silent: [`${FIXTURES}/handwritten-kms-key-retagged/plan.json`] },
  check(plan, ctx) {
    for (const c of plan.changes) {
      // canonicalType: the Terraform type a Pulumi token maps to (aws:kms/key:Key -> aws_kms_key)
      if ((c.canonicalType ?? c.type) !== 'aws_kms_key' || (c.action !== 'delete' && c.action !== 'replace')) continue;
      ctx.report({ address: c.address, action: c.action, message: `${c.address} ${destroyed(c)}: data encrypted with it becomes unreadable.` });
    }
  },
};

/** @type {Rule} */
const paymentsNeverReplaced = {
  id: 'payments-never-replaced',
  title: 'Something in module.payments is destroyed and re-created',
  severity: 'critical',
  incidents: [],
  rationale: 'The payments service has no maintenance window: nothing in it may be replaced.',
  fix: 'Change the attribute in place, or migrate with a new resource beside the old one; acknowledge a planned replacement with a reason and an expiry date.',
  examples: { fires: [`${FIXTURES}/payments-module-replace/plan.json`], silent: [`${FIXTURES}/payments-module-update/plan.json`] },
  check(plan, ctx) {
    for (const c of plan.changes) {
      if (c.action !== 'replace' || !c.address.startsWith('module.payments.')) continue;
      ctx.report({
        address: c.address,
        action: c.action,
        message: `${c.address} ${destroyed(c)}: nothing in module.payments may be replaced.`,
        replacePaths: c.replacePaths.map((p) => p.join('.')),
        ...(c.replaceOrder ? { replaceOrder: c.replaceOrder } : {}),
      });
    }
  },
};

/** @param {unknown} v @returns {Record<string, unknown>} */
const obj = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? /** @type {Record<string, unknown>} */ (v) : {});

/** @type {Rule} */
const storageEncryptionStaysOn = {
  id: 'storage-encryption-stays-on',
  title: 'Storage encryption is switched off',
  severity: 'high',
  incidents: [],
  rationale: 'New data would be written unencrypted.',
  fix: 'Keep storage_encrypted = true.',
  examples: { fires: [`${FIXTURES}/handwritten-rds-encryption-off/plan.json`], silent: [`${FIXTURES}/handwritten-rds-protection-off-replace/plan.json`] },
  check(plan, ctx) {
    for (const c of plan.changes) {
      if (obj(c.before).storage_encrypted !== true) continue;
      // A value known only after apply may be false: reported, as the declarative rule does.
      const unknown = c.afterUnknown === true || obj(c.afterUnknown).storage_encrypted === true;
      if (!unknown && obj(c.after).storage_encrypted !== false) continue;
      ctx.report({
        address: c.address,
        action: c.action,
        message: `${c.address}: storage_encrypted true -> ${unknown ? '(known after apply)' : 'false'}: new data would be written unencrypted.`,
      });
    }
  },
};

export default [noKmsKeyDeletion, paymentsNeverReplaced, storageEncryptionStaysOn];
